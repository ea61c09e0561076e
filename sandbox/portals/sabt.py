"""A portal with pitfalls: robots.txt exclusions, a redirect chain, a dead link and a slow page."""

from __future__ import annotations

from html import escape

from sandbox.catalogue import ServiceSpec, sabt
from sandbox.site import Request, Response, Site, pages

PAGE_SIZE = 10
REDIRECTED = (507, 523, 541)  # linked from the listing by their pre-2020 URLs
SLOW = 512  # its detail page answers after ``slow_seconds``
DEAD_LINK = "/fa/services/view/999"  # a retired service still linked from the listing
MISSING_FILE = "/fa/files/rahnama-khadamat-1402.pdf"


def old_path(number: int) -> str:
    """First hop of the redirect chain: old URL → 301 → /fa/service/N → 302 → final page."""
    return f"/old/service.php?id={number}"


class SabtSite(Site):
    id = "sabt-alborz"
    agency = sabt.AGENCY

    def __init__(self, slow_seconds: float = 1.5) -> None:
        super().__init__(sabt.services())
        self.slow_seconds = slow_seconds

    def service_path(self, spec: ServiceSpec) -> str:
        return f"/fa/services/view/{spec.number}"

    def handle(self, request: Request) -> Response:
        path = request.path.rstrip("/") or "/"
        if path == "/robots.txt":
            return Response.text(
                "# ثبت اسناد و املاک استان البرز\n"
                "User-agent: *\nDisallow: /search\nDisallow: /admin\n"
            )
        if path == "/old/service.php":
            return Response.redirect(f"/fa/service/{request.query.get('id', '')}", 301)
        if path.startswith("/fa/service/"):
            return Response.redirect(f"/fa/services/view/{path.removeprefix('/fa/service/')}", 302)
        if path.startswith("/fa/services/view/"):
            spec = self.by_number(path.removeprefix("/fa/services/view/"))
            if spec is None:
                return Response.not_found()
            response = self._page(spec.title, self._detail(spec))
            if spec.number == SLOW:
                response.delay = self.slow_seconds
            return response
        if path == "/fa/services":
            listing = pages(self.visible(), PAGE_SIZE)
            raw = request.query.get("page", "1")
            number = int(raw) if raw.isdigit() else 0
            if not 1 <= number <= len(listing):
                return Response.not_found()
            return self._page(
                "فهرست خدمات", self._listing(listing[number - 1], number, len(listing))
            )
        if path == "/":
            return self._page("صفحه اصلی", self._home())
        if path == "/search" or path.startswith("/admin"):
            # Never to be crawled (robots.txt); answers anyway, as real sites do.
            return self._page("جستجو", '<h1>جستجو</h1><form><input name="q"></form>')
        if path in ("/fa/about", "/fa/contact"):
            return self._page(
                "درباره ما",
                "<h1>اداره کل ثبت اسناد و املاک استان البرز</h1><p>نشانی: کرج، عظیمیه، بلوار "
                "مطهری. ادارات ثبت شهرستانها: کرج، فردیس، نظرآباد، ساوجبلاغ، طالقان و اشتهارد.</p>",
            )
        return Response.not_found()

    def _page(self, title: str, main: str) -> Response:
        html = f"""<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="UTF-8">
<title>{escape(title)} - ثبت اسناد البرز</title></head>
<body>
<div class="topbar"><a href="/admin/login">ورود کارکنان</a> | <a href="/search">جستجو</a></div>
<header><h2 class="site-name"><a href="/">{escape(self.agency)}</a></h2>
<nav id="menu"><ul><li><a href="/">خانه</a></li><li><a href="/fa/services">خدمات</a></li>
<li><a href="/search?q=%D8%B3%D9%86%D8%AF">جستجوی خدمات</a></li>
<li><a href="/fa/about">درباره ما</a></li>
<li><a href="/fa/contact">تماس با ما</a></li></ul></nav></header>
<div id="main">{main}</div>
<footer><p>سازمان ثبت اسناد و املاک کشور — اداره کل استان البرز</p>
<p><a href="/admin">مدیریت سایت</a></p></footer>
</body></html>"""
        return Response.html(html)

    def _listing(self, items: list[ServiceSpec], number: int, count: int) -> str:
        def href(spec: ServiceSpec) -> str:
            return old_path(spec.number) if spec.number in REDIRECTED else self.service_path(spec)

        rows = "".join(
            f'<a class="service-item" href="{escape(href(s))}">{escape(s.title)}</a>'
            f'<a class="search-similar" href="/search?group={s.number}">خدمات مشابه</a>'
            for s in items
        )
        if number == 1:
            rows += f'<a class="service-item" href="{DEAD_LINK}">ثبت الکترونیک قراردادهای اجاره</a>'
        links = "".join(
            f'<li class="active"><span>{n}</span></li>'
            if n == number
            else f'<li><a href="/fa/services?page={n}">{n}</a></li>'
            for n in range(1, count + 1)
        )
        return f"""<h1>خدمات الکترونیک ثبت اسناد و املاک</h1>
<p><a href="{MISSING_FILE}">دریافت راهنمای خدمات (PDF)</a></p>
<div class="service-list">{rows}</div>
<ul class="pagination">{links}</ul>"""

    def _detail(self, spec: ServiceSpec) -> str:
        docs = "".join(f"<li>{escape(d)}</li>" for d in spec.documents)
        return f"""<div class="crumb"><a href="/">خانه</a> » <a href="/fa/services">خدمات</a></div>
<h1 class="page-title">{escape(spec.title)}</h1>
<div class="service-body"><span class="service-group">{escape(spec.category)}</span>
<p class="summary">{escape(spec.description)}</p>
<h3>مدارک مورد نیاز</h3><ul class="docs">{docs}</ul>
<table class="info"><tr><th>هزینه</th><td class="fee">{escape(spec.fee)}</td></tr>
<tr><th>مدت زمان انجام</th><td class="duration">{escape(spec.duration)}</td></tr></table>
<p><a href="/admin/edit?id={spec.number}">ویرایش</a></p></div>"""

    def _home(self) -> str:
        return (
            "<h1>به پایگاه اطلاع رسانی اداره کل ثبت اسناد و املاک استان البرز خوش آمدید</h1>"
            '<p><a href="/fa/services">مشاهده خدمات الکترونیک</a></p>'
            "<p>درخواستهای ارباب رجوع فقط از طریق سامانه های الکترونیک پذیرفته میشود.</p>"
        )
