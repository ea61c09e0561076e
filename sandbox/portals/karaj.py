"""A municipality e-services portal: categories in an accordion, nested lists, rich detail pages."""

from __future__ import annotations

from html import escape

from sandbox.catalogue import ServiceSpec, karaj, persian_digits
from sandbox.site import Request, Response, Site

PREVIEW = 4  # services shown per accordion panel before «مشاهده همه»

_NEWS = (
    ("۱۴۰۳/۰۶/۲۰", "افتتاح دفتر خدمات الکترونیک شهر جدید در منطقه ۱۰"),
    ("۱۴۰۳/۰۶/۰۲", "صدور پروانه ساختمان در کرج الکترونیکی شد"),
    ("۱۴۰۳/۰۵/۱۵", "تخفیف عوارض نوسازی تا پایان شهریور"),
)


class KarajSite(Site):
    id = "karaj-municipality"
    agency = karaj.AGENCY

    def __init__(self) -> None:
        super().__init__(karaj.services())
        self.categories = list(dict.fromkeys(s.category for s in self.specs))

    def service_path(self, spec: ServiceSpec) -> str:
        return f"/eservices/service/{spec.number}"

    def handle(self, request: Request) -> Response:
        path = request.path.rstrip("/") or "/"
        if path == "/robots.txt":
            return Response.text("User-agent: *\nAllow: /\n")
        if path == "/":
            return self._page("صفحه اصلی", self._home(), [])
        if path == "/eservices":
            return self._page(
                "خدمات الکترونیک شهری", self._accordion(), [("خدمات الکترونیک", None)]
            )
        if path.startswith("/eservices/category/"):
            raw = path.removeprefix("/eservices/category/")
            if not raw.isdigit() or not 1 <= int(raw) <= len(self.categories):
                return Response.not_found()
            category = self.categories[int(raw) - 1]
            crumbs = [("خدمات الکترونیک", "/eservices"), (category, None)]
            return self._page(category, self._category(category), crumbs)
        if path.startswith("/eservices/service/"):
            spec = self.by_number(path.removeprefix("/eservices/service/"))
            if spec is None:
                return Response.not_found()
            index = self.categories.index(spec.category) + 1
            crumbs = [
                ("خدمات الکترونیک", "/eservices"),
                (spec.category, f"/eservices/category/{index}"),
                (spec.title, None),
            ]
            return self._page(spec.title, self._detail(spec), crumbs)
        if path == "/offices":
            return self._page("دفاتر خدمات الکترونیک شهر", self._offices(), [("دفاتر", None)])
        if path.startswith("/news/"):
            raw = path.removeprefix("/news/")
            if not raw.isdigit() or not 1 <= int(raw) <= len(_NEWS):
                return Response.not_found()
            date, title = _NEWS[int(raw) - 1]
            body = f'<article class="news"><h1>{escape(title)}</h1><time>{date}</time>'
            body += f"<p>به گزارش روابط عمومی شهرداری کرج، {escape(title)}.</p></article>"
            return self._page(title, body, [("اخبار", None)])
        if path in ("/about", "/contact"):
            title = "درباره شهرداری" if path == "/about" else "تماس با ما"
            body = f"<h1>{title}</h1><p>شهرداری کرج، میدان شهدا، ساختمان مرکزی. سامانه ارتباط "
            body += "مردمی ۱۳۷. شهرداری کرج با ۱۲ منطقه و ۱۰ دفتر خدمات الکترونیک شهر به "
            body += "شهروندان خدمت می‌کند.</p>"
            return self._page(title, body, [(title, None)])
        return Response.not_found()

    def _page(self, title: str, main: str, crumbs: list[tuple[str, str | None]]) -> Response:
        trail = '<li class="breadcrumb-item"><a href="/">خانه</a></li>' + "".join(
            f'<li class="breadcrumb-item"><a href="{href}">{escape(label)}</a></li>'
            if href
            else f'<li class="breadcrumb-item active">{escape(label)}</li>'
            for label, href in crumbs
        )
        html = f"""<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>{escape(title)} - شهرداری کرج</title>
<link rel="stylesheet" href="/Content/bootstrap.rtl.min.css"></head>
<body>
<header class="header"><div class="logo"><a href="/">شهرداری کرج</a></div>
<nav class="main-nav"><ul>
<li><a href="/">صفحه نخست</a></li>
<li class="dropdown"><a href="/eservices">خدمات الکترونیک شهری</a>
<ul class="dropdown-menu"><li><a href="/offices">دفاتر خدمات الکترونیک شهر</a></li></ul></li>
<li><a href="/news/1">اخبار</a></li><li><a href="/about">درباره شهرداری</a></li>
<li><a href="/contact">تماس با ما</a></li></ul></nav></header>
<ol class="breadcrumb">{trail}</ol>
<main id="content">{main}</main>
<footer class="footer"><p>سامانه ارتباط مردمی ۱۳۷ | نشانی: کرج، میدان شهدا</p>
<ul><li><a href="/eservices">خدمات</a></li><li><a href="/offices">دفاتر خدمات الکترونیک</a></li>
<li><a href="/contact">تماس با ما</a></li></ul>
<p>تمامی حقوق برای شهرداری کرج محفوظ است.</p></footer>
<script src="/Scripts/bootstrap.bundle.min.js"></script>
</body></html>"""
        return Response.html(html)

    def _links(self, specs: list[ServiceSpec]) -> str:
        return "".join(
            f'<li><a class="service-link" href="{self.service_path(s)}">{escape(s.title)}</a></li>'
            for s in specs
        )

    def _accordion(self) -> str:
        panels = []
        visible = self.visible()
        for index, category in enumerate(self.categories, start=1):
            specs = [s for s in visible if s.category == category]
            panels.append(
                f"""<div class="accordion-item">
<h2 class="accordion-header" id="heading{index}">
<button class="accordion-button collapsed" type="button"
 data-bs-toggle="collapse" data-bs-target="#collapse{index}">{escape(category)}
 <span class="badge">{persian_digits(str(len(specs)))} خدمت</span></button></h2>
<div id="collapse{index}" class="accordion-collapse collapse" data-bs-parent="#eservices">
<div class="accordion-body"><ul class="service-list">{self._links(specs[:PREVIEW])}</ul>
<a class="category-more" href="/eservices/category/{index}">مشاهده همه خدمات {escape(category)}</a>
</div></div></div>"""
            )
        return (
            "<h1>خدمات الکترونیک شهری</h1><p>خدمات زیر از طریق دفاتر خدمات الکترونیک شهر و "
            "به صورت غیرحضوری ارائه می‌شود.</p>"
            f'<div class="accordion" id="eservices">{"".join(panels)}</div>'
        )

    def _category(self, category: str) -> str:
        groups: dict[str, list[ServiceSpec]] = {}
        for spec in self.visible():
            if spec.category == category:
                groups.setdefault(spec.title.split()[0], []).append(spec)
        tree = "".join(
            f'<li class="group"><span>{escape(verb)}</span>'
            f'<ul class="service-list">{self._links(specs)}</ul></li>'
            for verb, specs in groups.items()
        )
        return f'<h1>{escape(category)}</h1><ul class="category-tree">{tree}</ul>'

    def _detail(self, spec: ServiceSpec) -> str:
        docs = "".join(f"<li>{escape(d)}</li>" for d in spec.documents)
        return f"""<article class="service-detail">
<h1 class="service-title">{escape(spec.title)}</h1>
<span class="service-category">{escape(spec.category)}</span>
<div class="service-description"><p>{escape(spec.description)}</p></div>
<dl class="service-meta">
<dt>کد خدمت</dt><dd class="code">{persian_digits(spec.code)}</dd>
<dt>مدارک لازم</dt><dd><ul class="required-docs">{docs}</ul></dd>
<dt>هزینه / تعرفه</dt><dd class="fee">{escape(spec.fee)}</dd>
<dt>مدت زمان انجام</dt><dd class="duration">{escape(spec.duration)}</dd>
<dt>مخاطبان</dt><dd class="audience">{escape(spec.audience)}</dd>
</dl>
<p class="note">برای ثبت درخواست به یکی از
<a href="/offices">دفاتر خدمات الکترونیک شهر</a> مراجعه کنید.</p>
</article>"""

    def _home(self) -> str:
        news = "".join(
            f'<li><time>{date}</time> <a href="/news/{i}">{escape(title)}</a></li>'
            for i, (date, title) in enumerate(_NEWS, start=1)
        )
        return (
            '<section class="banner"><h1>شهرداری کرج</h1><a class="btn" href="/eservices">'
            "ورود به خدمات الکترونیک شهری</a></section>"
            f'<section class="news"><h2>اخبار شهری</h2><ul>{news}</ul></section>'
        )

    def _offices(self) -> str:
        rows = "".join(
            f"<tr><td>دفتر خدمات الکترونیک شهر منطقه {persian_digits(str(n))}</td>"
            f"<td>کرج، منطقه {persian_digits(str(n))}</td>"
            f"<td>۰۲۶-۳۴۴۰{persian_digits(f'{n:04d}')}</td></tr>"
            for n in range(1, 11)
        )
        return f"<h1>دفاتر خدمات الکترونیک شهر</h1><table class='offices'>{rows}</table>"
