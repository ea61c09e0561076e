# ruff: noqa: E501 -- HTML templates keep the markup the CMS prints, line by line
"""A Joomla site: com_content articles with schema.org Article microdata on every article.

Services and news are both articles printing «منتشر شده در» and hits; the
services category is a paged table (``?start=N``); every page links its
English mirror under ``/en/`` (not for the Persian gateway) and a print
version (``?tmpl=component&print=1``); the events calendar pages on forever.
"""

from __future__ import annotations

from urllib.parse import quote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response, pages
from sandbox.unseen import catalogue
from sandbox.unseen.base import UnseenSite, e, slug

SERVICES = "/fa/khadamat"
NEWS = "/fa/" + quote("اخبار-سازمان")
CALENDAR = "/fa/taqvim/monthcalendar"
PAGE_SIZE = 10


class JoomlaSite(UnseenSite):
    id = "jahad-qazvin"
    agency = catalogue.JAHAD

    def __init__(self) -> None:
        super().__init__(catalogue.jahad())
        self.news = catalogue.news_titles()

    def service_path(self, spec: ServiceSpec) -> str:
        return f"{SERVICES}/{spec.number}-{slug(spec.title)}"

    def aliases(self, spec: ServiceSpec) -> tuple[str, ...]:
        return (self.service_path(spec) + "?tmpl=component&print=1",)

    def news_path(self, number: int) -> str:
        return f"{NEWS}/{900 + number}-{slug(self.news[number])}"

    def handle(self, request: Request) -> Response:
        path, query = request.path, request.query
        if path == "/robots.txt":
            return Response.text(
                "User-agent: *\nDisallow: /administrator/\nDisallow: /cache/\n"
                "Disallow: /components/\nDisallow: /tmp/\n"
            )
        if path in ("/", "/fa", "/fa/"):
            return self._page(self._home(), "صفحه اصلی", "/en/")
        if path in ("/en", "/en/"):
            return self._page(
                "<p>Welcome to the Agricultural Jihad Organization.</p>", "Home", "/fa/", lang="en"
            )
        if path == SERVICES:
            return self._category(query.get("start", "0"))
        if path.startswith(SERVICES + "/"):
            spec = self._spec(path.removeprefix(SERVICES + "/"))
            if spec is None:
                return Response.not_found()
            return self._article(
                spec.title,
                "خدمات",
                self._service_body(spec),
                f"/en/services/{spec.number}",
                printing=query.get("print") == "1",
                here=self.service_path(spec),
            )
        if path.startswith("/en/services/"):
            spec = self._spec(path.removeprefix("/en/services/"))
            if spec is None:
                return Response.not_found()
            body = f"<p>Service number {spec.number}. Apply at your local agricultural centre.</p>"
            return self._article(
                f"Agricultural service {spec.number}",
                "Services",
                body,
                self.service_path(spec),
                lang="en",
                here=path,
            )
        if path == NEWS:
            rows = "".join(
                f'<div class="blog-item"><h2 itemprop="name"><a href="{self.news_path(i)}">{e(t)}</a></h2></div>'
                for i, t in enumerate(self.news)
            )
            return self._page(
                f'<div class="com-content-category-blog blog">{rows}</div>', "اخبار", "/en/"
            )
        if path.startswith(NEWS + "/"):
            raw = path.removeprefix(NEWS + "/").split("-", 1)[0]
            number = int(raw) - 900 if raw.isdigit() else -1
            if not 0 <= number < len(self.news):
                return Response.not_found()
            body = (
                f"<p>به گزارش روابط عمومی سازمان، {e(self.news[number])}. در این بازدید روند "
                "برداشت محصول و خرید تضمینی بررسی شد.</p>"
            )
            return self._article(
                self.news[number], "اخبار", body, "/en/", here=self.news_path(number)
            )
        if path.startswith(CALENDAR):
            return self._calendar(path.removeprefix(CALENDAR))
        if path.startswith("/fa/taqvim/eventsbyday/"):
            return self._page("<p>رویدادی برای این روز ثبت نشده است.</p>", "تقویم رویدادها", "/en/")
        return Response.not_found()

    def _spec(self, tail: str) -> ServiceSpec | None:
        return self.by_number(tail.split("-", 1)[0])

    def _page(self, main: str, title: str, mirror: str, *, lang: str = "fa") -> Response:
        rtl = lang == "fa"
        menu = (
            f"""<ul class="mod-menu nav menu">
<li class="item-101"><a href="/fa/">صفحه اصلی</a></li>
<li class="item-102"><a href="{SERVICES}">خدمات</a></li>
<li class="item-103"><a href="{NEWS}">اخبار سازمان</a></li>
<li class="item-104"><a href="{CALENDAR}/1403/5/-">تقویم رویدادها</a></li></ul>"""
            if rtl
            else '<ul class="mod-menu"><li><a href="/en/">Home</a></li></ul>'
        )
        html = f"""<!DOCTYPE html>
<html lang="{"fa-ir" if rtl else "en-gb"}" dir="{"rtl" if rtl else "ltr"}"><head>
<meta charset="utf-8"><meta name="generator" content="Joomla! - Open Source Content Management">
<title>{e(title)}</title></head>
<body class="site com_content view-article"><header class="header"><div class="navbar-brand">
<a href="/fa/">{e(self.agency)}</a></div>
<div class="mod-languages"><a href="{mirror}" hreflang="{"en-GB" if rtl else "fa-IR"}">{"English" if rtl else "فارسی"}</a></div>
<nav>{menu}</nav></header><main>{main}</main>
<footer>© ۱۴۰۳ {e(self.agency)}</footer></body></html>"""
        return Response.html(html)

    def _home(self) -> str:
        items = "".join(
            f'<li><a href="{self.news_path(i)}">{e(t)}</a></li>'
            for i, t in enumerate(self.news[:5])
        )
        return f'<div class="moduletable"><h3>آخرین اخبار</h3><ul class="latestnews">{items}</ul></div>'

    def _category(self, raw: str) -> Response:
        listing = pages(self.visible(), PAGE_SIZE)
        start = int(raw) if raw.isdigit() else -1
        if start % PAGE_SIZE or not 0 <= start // PAGE_SIZE < len(listing):
            return Response.not_found()
        index = start // PAGE_SIZE
        rows = "".join(
            f'<tr class="cat-list-row{i % 2}"><th class="list-title" scope="row">'
            f'<a href="{self.service_path(s)}">{e(s.title)}</a></th>'
            f'<td class="list-hits">بازدید: {persian_digits(str(100 + s.number % 97))}</td></tr>'
            for i, s in enumerate(listing[index])
        )
        links = "".join(
            f'<li class="page-item"><a class="page-link" href="{SERVICES}?start={n * PAGE_SIZE}">{n + 1}</a></li>'
            for n in range(len(listing))
            if n != index
        )
        main = f"""<div class="com-content-category category-list"><h1>خدمات</h1>
<table class="com-content-category__table category table"><tbody>{rows}</tbody></table>
<nav class="pagination__wrapper"><ul class="pagination">{links}</ul></nav></div>"""
        return self._page(main, "خدمات", "/en/")

    def _service_body(self, spec: ServiceSpec) -> str:
        docs = "، ".join(spec.documents)
        return (
            f"<p>{e(spec.description)}</p>"
            f"<p><strong>مدارک لازم:</strong> {e(docs)}</p>"
            f"<p><strong>هزینه:</strong> {e(spec.fee)}</p>"
            f"<p><strong>زمان انجام:</strong> {e(spec.duration)}</p>"
        )

    def _article(
        self,
        title: str,
        category: str,
        body: str,
        mirror: str,
        *,
        lang: str = "fa",
        printing: bool = False,
        here: str = "",
    ) -> Response:
        tools = (
            ""
            if printing
            else f'<a href="{here}?tmpl=component&amp;print=1" rel="nofollow">چاپ</a>'
        )
        main = f"""<div class="com-content-article item-page" itemscope itemtype="https://schema.org/Article">
<meta itemprop="inLanguage" content="{"fa-IR" if lang == "fa" else "en-GB"}">
<div class="page-header"><h1 itemprop="headline">{e(title)}</h1></div>
<dl class="article-info text-muted"><dt class="article-info-term">جزئیات</dt>
<dd class="category-name">دسته: <a href="{SERVICES}" itemprop="genre">{e(category)}</a></dd>
<dd class="published"><time datetime="2024-05-11T09:12:00+03:30" itemprop="datePublished">
منتشر شده در: {persian_digits("۲۲ اردیبهشت ۱۴۰۳")}</time></dd>
<dd class="hits"><meta itemprop="interactionCount" content="UserPageVisits:233">بازدید: ۲۳۳</dd></dl>
<div class="icons">{tools}</div>
<div itemprop="articleBody" class="com-content-article__body">{body}</div></div>"""
        return self._page(main, title, mirror, lang=lang)

    def _calendar(self, tail: str) -> Response:
        parts = [p for p in tail.split("/") if p and p != "-"]
        if len(parts) != 2 or not all(p.lstrip("-").isdigit() for p in parts):
            return Response.not_found()
        year, month = int(parts[0]), int(parts[1])
        before = (year, month - 1) if month > 1 else (year - 1, 12)
        after = (year, month + 1) if month < 12 else (year + 1, 1)
        days = "".join(
            f'<td><a href="/fa/taqvim/eventsbyday/{year}/{month}/{d}/-">{persian_digits(str(d))}</a></td>'
            for d in range(1, 31)
        )
        main = f"""<div id="jevents_body"><h2>تقویم رویدادها — {persian_digits(f"{year}/{month}")}</h2>
<a class="prev" href="{CALENDAR}/{before[0]}/{before[1]}/-">ماه قبل</a>
<a class="next" href="{CALENDAR}/{after[0]}/{after[1]}/-">ماه بعد</a>
<table class="cal_table"><tr>{days}</tr></table></div>"""
        return self._page(main, "تقویم رویدادها", "/en/")
