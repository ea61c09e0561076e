"""A governorate portal where news and services live side by side; structure tells them apart."""

from __future__ import annotations

from html import escape

import jdatetime

from sandbox.catalogue import CITIES, ServiceSpec, latin_digits, ostandari, persian_digits
from sandbox.site import Request, Response, Site, pages

NEWS_PAGE_SIZE = 5
SERVICES_PAGE_SIZE = 15


def _iso(jalali: str) -> str:
    """Gregorian ISO date of a printed Jalali date such as ``۱۴۰۳/۰۶/۱۸``."""
    year, month, day = (int(part) for part in latin_digits(jalali).split("/"))
    return jdatetime.date(year, month, day).togregorian().isoformat()


class OstandariSite(Site):
    id = "ostandari-alborz"
    agency = ostandari.AGENCY

    def __init__(self) -> None:
        super().__init__(ostandari.services())
        self.categories = list(dict.fromkeys(s.category for s in self.specs))

    def service_path(self, spec: ServiceSpec) -> str:
        return f"/mizekhedmat/service/{spec.number}"

    def handle(self, request: Request) -> Response:
        path = request.path.rstrip("/") or "/"
        if path == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /Portal/Login\n")
        if path == "/":
            return self._page("صفحه اصلی", self._home(), [], og="website")
        if path == "/mizekhedmat":
            return self._page("میز خدمت", self._desk(), [("میز خدمت", None)], og="website")
        if path == "/mizekhedmat/services":
            return self._services(request)
        if path.startswith("/mizekhedmat/service/"):
            spec = self.by_number(path.removeprefix("/mizekhedmat/service/"))
            if spec is None:
                return Response.not_found()
            cat = self.categories.index(spec.category) + 1
            crumbs = [
                ("میز خدمت", "/mizekhedmat"),
                ("فهرست خدمات", "/mizekhedmat/services"),
                (spec.category, f"/mizekhedmat/services?cat={cat}"),
                (spec.title, None),
            ]
            return self._page(spec.title, self._service(spec), crumbs, og="website")
        if path == "/news":
            return self._news_list(request)
        if path.startswith("/news/"):
            raw = path.removeprefix("/news/")
            item = next((n for n in ostandari.NEWS if str(n.number) == raw), None)
            if item is None:
                return Response.not_found()
            return self._news(item)
        if path.startswith("/farmandari/"):
            raw = path.removeprefix("/farmandari/")
            if not raw.isdigit() or not 1 <= int(raw) <= len(CITIES):
                return Response.not_found()
            city = CITIES[int(raw) - 1]
            main = f"<h1>فرمانداری {city}</h1><p>نشانی و تلفن‌های تماس فرمانداری شهرستان {city}.</p>"
            return self._page(f"فرمانداری {city}", main, [("شهرستان‌ها", None)], og="website")
        if path in ("/about", "/contact"):
            main = (
                "<h1>آشنایی با استان البرز</h1>"
                "<p>استان البرز در سال ۱۳۸۹ تشکیل شد و شهرستان‌های کرج، "
                "فردیس، نظرآباد، ساوجبلاغ، طالقان و اشتهارد را در بر می‌گیرد. نشانی استانداری: کرج، "
                "میدان استاندارد.</p>"
            )
            return self._page("درباره استان", main, [("درباره استان", None)], og="website")
        return Response.not_found()

    def _page(
        self,
        title: str,
        main: str,
        crumbs: list[tuple[str, str | None]],
        *,
        og: str,
        head: str = "",
    ) -> Response:
        trail = '<li><a href="/">صفحه نخست</a></li>' + "".join(
            f'<li><a href="{escape(href)}">{escape(label)}</a></li>'
            if href
            else f"<li><span>{escape(label)}</span></li>"
            for label, href in crumbs
        )
        cities = "".join(
            f'<li><a href="/farmandari/{i}">فرمانداری {c}</a></li>' for i, c in enumerate(CITIES, 1)
        )
        html = f"""<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>{escape(title)} - استانداری البرز</title>
<meta property="og:type" content="{og}"><meta property="og:title" content="{escape(title)}">
{head}</head>
<body>
<header id="header">
<div class="logo"><a href="/"><img src="/images/logo.png" alt="استانداری البرز"></a></div>
<nav class="menu"><ul>
<li><a href="/">صفحه نخست</a></li>
<li><a href="/news">اخبار</a></li>
<li><a href="/mizekhedmat">میز خدمت</a>
<ul><li><a href="/mizekhedmat/services">فهرست خدمات</a></li></ul></li>
<li><a href="#">شهرستان‌ها</a><ul>{cities}</ul></li>
<li><a href="/about">درباره استان</a></li><li><a href="/contact">تماس با ما</a></li>
</ul></nav></header>
<ul class="breadcrumb">{trail}</ul>
<div id="content">{main}</div>
<footer id="footer"><p>استانداری البرز — کرج، میدان استاندارد | سامانه سامد: ۱۱۱</p>
<p><a href="/mizekhedmat">میز خدمت</a> | <a href="/news">آرشیو اخبار</a> |
<a href="/contact">تماس با ما</a></p>
</footer></body></html>"""
        return Response.html(html)

    def _links(self, specs: list[ServiceSpec]) -> str:
        return "".join(
            f'<li><a href="{self.service_path(s)}">{escape(s.title)}</a></li>' for s in specs
        )

    def _home(self) -> str:
        headlines = "".join(
            f'<div class="news-item"><a href="/news/{n.number}">{escape(n.title)}</a>'
            f'<span class="date">{n.date}</span><p>{escape(n.lead)}</p></div>'
            for n in ostandari.NEWS[:6]
        )
        featured = self._links(self.visible()[:5])
        return (
            f'<section class="news-box"><h2>آخرین اخبار</h2>{headlines}'
            '<a class="more" href="/news">آرشیو اخبار</a></section>'
            f'<aside class="desk-box"><h2>میز خدمت</h2><ul>{featured}</ul>'
            '<a class="more" href="/mizekhedmat/services">فهرست کامل خدمات</a></aside>'
        )

    def _desk(self) -> str:
        cats = "".join(
            f'<li><a href="/mizekhedmat/services?cat={i}">{escape(c)}</a></li>'
            for i, c in enumerate(self.categories, 1)
        )
        return (
            "<h1>میز خدمت استانداری البرز</h1><p>میز خدمت با هدف پاسخگویی به ارباب رجوع و ارائه "
            "خدمات به صورت یکجا راه‌اندازی شده است. خدمات زیر در میز خدمت استانداری و "
            "فرمانداری‌های تابعه ارائه می‌شود.</p>"
            f'<h2>گروه‌های خدمت</h2><ul class="service-groups">{cats}</ul>'
            '<p><a href="/mizekhedmat/services">فهرست خدمات</a></p>'
        )

    def _services(self, request: Request) -> Response:
        visible = self.visible()
        title, query = "فهرست خدمات", ""
        raw_cat = request.query.get("cat")
        if raw_cat is not None:
            if not raw_cat.isdigit() or not 1 <= int(raw_cat) <= len(self.categories):
                return Response.not_found()
            title = self.categories[int(raw_cat) - 1]
            visible = [s for s in visible if s.category == title]
            query = f"cat={raw_cat}&amp;"
        listing = pages(visible, SERVICES_PAGE_SIZE)
        raw = request.query.get("page", "1")
        number = int(raw) if raw.isdigit() else 0
        if not 1 <= number <= len(listing):
            return Response.not_found()
        pager = "".join(
            f'<a href="/mizekhedmat/services?{query}page={n}">{persian_digits(str(n))}</a> '
            for n in range(1, len(listing) + 1)
            if n != number
        )
        main = (
            f"<h1>{escape(title)}</h1>"
            f'<ul class="service-list">{self._links(listing[number - 1])}</ul>'
            f'<div class="pager">{pager}</div>'
        )
        crumbs: list[tuple[str, str | None]] = [("میز خدمت", "/mizekhedmat"), ("فهرست خدمات", None)]
        return self._page(title, main, crumbs, og="website")

    def _service(self, spec: ServiceSpec) -> str:
        docs = "".join(f"<li>{escape(d)}</li>" for d in spec.documents)
        return f"""<article class="service-id-card">
<h1>{escape(spec.title)}</h1>
<table class="service-info">
<tr><th>دستگاه ارائه‌دهنده</th><td>{escape(self.agency)}</td></tr>
<tr><th>گروه خدمت</th><td>{escape(spec.category)}</td></tr>
<tr><th>شرح خدمت</th><td class="description">{escape(spec.description)}</td></tr>
<tr><th>مخاطبان</th><td>{escape(spec.audience)}</td></tr>
<tr><th>مدارک مورد نیاز</th><td><ul>{docs}</ul></td></tr>
<tr><th>هزینه</th><td>{escape(spec.fee)}</td></tr>
<tr><th>مدت زمان انجام</th><td>{escape(spec.duration)}</td></tr>
</table>
<a class="btn" href="/mizekhedmat/services">بازگشت به فهرست خدمات</a>
</article>"""

    def _news_list(self, request: Request) -> Response:
        listing = [
            list(ostandari.NEWS[i : i + NEWS_PAGE_SIZE])
            for i in range(0, len(ostandari.NEWS), NEWS_PAGE_SIZE)
        ]
        raw = request.query.get("page", "1")
        number = int(raw) if raw.isdigit() else 0
        if not 1 <= number <= len(listing):
            return Response.not_found()
        items = "".join(
            f'<li class="news-item"><span class="date">{n.date}</span> <a href="/news/{n.number}">'
            f"{escape(n.title)}</a><p>{escape(n.lead)}</p></li>"
            for n in listing[number - 1]
        )
        pager = "".join(
            f'<a href="/news?page={n}">{persian_digits(str(n))}</a> '
            for n in range(1, len(listing) + 1)
            if n != number
        )
        main = f'<h1>اخبار</h1><ul class="news-list">{items}</ul><div class="pager">{pager}</div>'
        return self._page("اخبار", main, [("اخبار", None)], og="website")

    def _news(self, item: ostandari.NewsItem) -> Response:
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in item.body)
        related = ""
        if "ملاقات" in item.title:
            first = self.specs[0]
            link = f'<a href="{self.service_path(first)}">{escape(first.title)}</a>'
            related = f"<p>ثبت درخواست: {link}</p>"
        main = f"""<article class="news-article">
<h1 class="news-title">{escape(item.title)}</h1>
<div class="news-meta"><span>کد خبر: {persian_digits(str(1200 + item.number))}</span>
<time class="date" datetime="{_iso(item.date)}">{item.date}</time></div>
<p class="lead">{escape(item.lead)}</p>
{paragraphs}{related}
<div class="tags"><a href="/news">اخبار</a> <a href="/mizekhedmat">میز خدمت</a></div>
</article>"""
        head = f'<meta property="article:published_time" content="{_iso(item.date)}">'
        return self._page(
            item.title, main, [("اخبار", "/news"), (item.title, None)], og="article", head=head
        )
