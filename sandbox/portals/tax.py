"""A modern portal: schema.org GovernmentService JSON-LD; its sitemap index also lists news."""

from __future__ import annotations

import json
from html import escape
from xml.sax.saxutils import escape as xml_escape

from sandbox.catalogue import ServiceSpec, persian_digits, tax
from sandbox.site import Request, Response, Site

_STATIC = {
    "/fa/about": ("درباره اداره کل", "AboutPage"),
    "/fa/contact": ("تماس با ما", "ContactPage"),
    "/fa/faq": ("پرسش‌های متداول", "FAQPage"),
}


def _jsonld(data: dict[str, object]) -> str:
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False, indent=1)
    return f'<script type="application/ld+json">{text.replace("</", "<\\/")}</script>'


class TaxSite(Site):
    id = "tax-alborz"
    agency = tax.AGENCY

    def __init__(self) -> None:
        super().__init__(tax.services())

    def service_path(self, spec: ServiceSpec) -> str:
        return f"/fa/services/{spec.number}"

    def handle(self, request: Request) -> Response:
        path = request.path.rstrip("/") or "/"
        if path == "/robots.txt":
            return Response.text(
                f"User-agent: *\nDisallow: /fa/search\nSitemap: {request.origin}/sitemap.xml\n"
            )
        if path == "/sitemap.xml":
            return self._sitemap_index(request.origin)
        if path.startswith("/sitemaps/"):
            return self._sitemap(path.removeprefix("/sitemaps/"), request.origin)
        if path == "/":
            return self._page(
                request, "صفحه اصلی", self._home(), {"@type": "WebSite", "name": self.agency}
            )
        if path == "/fa/services":
            return self._page(request, "خدمات الکترونیک", self._catalogue(), None)
        if path.startswith("/fa/services/"):
            spec = self.by_number(path.removeprefix("/fa/services/"))
            if spec is None:
                return Response.not_found()
            return self._service(request, spec)
        if path == "/fa/news":
            return self._page(request, "اخبار", self._news_list(), None)
        if path.startswith("/fa/news/"):
            raw = path.removeprefix("/fa/news/")
            if not raw.isdigit() or not 1 <= int(raw) <= len(tax.NEWS):
                return Response.not_found()
            return self._news(request, int(raw))
        if path in _STATIC:
            title, kind = _STATIC[path]
            body = f"<h1>{escape(title)}</h1><p>{escape(self.agency)}، کرج، میدان آزادی، "
            body += "مرکز تماس ۱۵۲۶. ساعات پاسخگویی: شنبه تا چهارشنبه ۷:۳۰ تا ۱۴:۳۰.</p>"
            return self._page(request, title, body, {"@type": kind, "name": title}, bom=True)
        return Response.not_found()

    # -- sitemaps --------------------------------------------------------------------------

    def _sitemap_index(self, origin: str) -> Response:
        entries = "".join(
            f"<sitemap><loc>{xml_escape(origin)}/sitemaps/{name}.xml</loc>"
            "<lastmod>2024-09-01</lastmod></sitemap>"
            for name in ("pages", "services", "news")
        )
        return Response.text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>',
            "application/xml",
        )

    def _sitemap(self, name: str, origin: str) -> Response:
        if name == "pages.xml":
            paths = ["/", "/fa/services", "/fa/news", *_STATIC]
        elif name == "services.xml":
            paths = [self.service_path(s) for s in self.visible()]
        elif name == "news.xml":
            paths = [f"/fa/news/{i}" for i in range(1, len(tax.NEWS) + 1)]
        else:
            return Response.not_found()
        urls = "".join(
            f"<url><loc>{xml_escape(origin + p)}</loc><changefreq>weekly</changefreq></url>"
            for p in paths
        )
        return Response.text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
            "application/xml",
        )

    # -- pages -----------------------------------------------------------------------------

    def _page(
        self,
        request: Request,
        title: str,
        main: str,
        ld: dict[str, object] | None,
        *,
        bom: bool = False,
    ) -> Response:
        nav = "".join(
            f'<li class="nav-item"><a class="nav-link" href="{href}">{label}</a></li>'
            for href, label in (
                ("/", "خانه"),
                ("/fa/services", "خدمات الکترونیک"),
                ("/fa/news", "اخبار"),
                ("/fa/faq", "پرسش‌های متداول"),
                ("/fa/about", "درباره ما"),
                ("/fa/contact", "تماس با ما"),
            )
        )
        html = f"""<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} | {escape(self.agency)}</title>
<link rel="canonical" href="{escape(request.origin + (request.path.rstrip("/") or "/"))}">
<link rel="stylesheet" href="/assets/css/app.min.css">
{_jsonld(ld) if ld else ""}
</head>
<body>
<header class="site-header"><div class="container">
<a class="brand" href="/"><img src="/assets/img/intamedia-logo.svg" alt="">
{escape(self.agency)}</a>
<nav class="navbar"><ul class="nav">{nav}</ul></nav>
<form class="search" action="/fa/search" method="get"><input name="q" placeholder="جستجو"></form>
</div></header>
<main class="container py-4">{main}</main>
<footer class="site-footer"><div class="container">
<p>نشانی: کرج، میدان آزادی، اداره کل امور مالیاتی استان البرز — مرکز تماس ۱۵۲۶</p>
<ul class="footer-links"><li><a href="https://my.tax.gov.ir">درگاه ملی خدمات مالیاتی</a></li>
<li><a href="/fa/about">درباره ما</a></li><li><a href="/fa/contact">تماس با ما</a></li></ul>
<p>© ۱۴۰۳ سازمان امور مالیاتی کشور</p></div></footer>
</body></html>"""
        return Response.html(html, bom=bom)

    def _service(self, request: Request, spec: ServiceSpec) -> Response:
        url = request.origin + self.service_path(spec)
        ld: dict[str, object] = {
            "@type": "GovernmentService",
            "name": spec.title,
            "description": spec.description,
            "serviceType": spec.category,
            "category": spec.category,
            "identifier": spec.code,
            "url": url,
            "provider": {
                "@type": "GovernmentOrganization",
                "name": self.agency,
                "url": request.origin + "/",
            },
            "areaServed": {"@type": "AdministrativeArea", "name": "استان البرز"},
            "audience": {"@type": "Audience", "audienceType": spec.audience},
            "termsOfService": "مدارک لازم: " + "، ".join(spec.documents),
            "offers": {"@type": "Offer", "price": spec.fee, "priceCurrency": "IRR"},
            "hoursAvailable": spec.duration,
        }
        docs = "".join(f"<li>{escape(d)}</li>" for d in spec.documents)
        main = f"""<nav aria-label="breadcrumb"><ol class="breadcrumb">
<li class="breadcrumb-item"><a href="/">خانه</a></li>
<li class="breadcrumb-item"><a href="/fa/services">خدمات الکترونیک</a></li>
<li class="breadcrumb-item active">{escape(spec.title)}</li></ol></nav>
<article class="service-card">
<h1 class="service-title">{escape(spec.title)}</h1>
<span class="badge">{escape(spec.category)}</span>
<p class="lead">{escape(spec.description)}</p>
<h2>مدارک لازم</h2><ul class="documents">{docs}</ul>
<p><strong>هزینه:</strong> {escape(spec.fee)} —
<strong>مدت انجام:</strong> {escape(spec.duration)}</p>
<a class="btn btn-primary" href="https://my.tax.gov.ir">ورود به سامانه و دریافت خدمت</a>
</article>"""
        return self._page(request, spec.title, main, ld, bom=spec.number % 5 == 0)

    def _home(self) -> str:
        categories = sorted({s.category for s in self.visible()})
        cats = "".join(f"<li>{escape(c)}</li>" for c in categories)
        latest = "".join(
            f'<li><a href="{self.service_path(s)}">{escape(s.title)}</a></li>'
            for s in self.visible()[:8]
        )
        return (
            "<section class='hero'><h1>خدمات الکترونیک مالیاتی استان البرز</h1>"
            "<p>مؤدیان گرامی، خدمات مالیاتی به صورت غیرحضوری ارائه می‌شود.</p></section>"
            f"<section><h2>گروه‌های خدمات</h2><ul>{cats}</ul></section>"
            f"<section><h2>خدمات پربازدید</h2><ul>{latest}</ul>"
            '<a href="/fa/services">همه خدمات</a></section>'
            f"<section><h2>آخرین اخبار</h2>{self._news_list()}</section>"
        )

    def _catalogue(self) -> str:
        groups: dict[str, list[ServiceSpec]] = {}
        for spec in self.visible():
            groups.setdefault(spec.category, []).append(spec)
        sections = "".join(
            f'<section class="service-group"><h2>{escape(cat)}</h2><ul>'
            + "".join(
                f'<li><a href="{self.service_path(s)}">{escape(s.title)}</a></li>' for s in specs
            )
            + "</ul></section>"
            for cat, specs in groups.items()
        )
        return f"<h1>خدمات الکترونیک</h1>{sections}"

    def _news_list(self) -> str:
        items = "".join(
            f"<li><time>{persian_digits(date.replace('-', '/'))}</time> "
            f'<a href="/fa/news/{i}">{escape(title)}</a></li>'
            for i, (date, title, _) in enumerate(tax.NEWS, start=1)
        )
        return f'<ul class="news-list">{items}</ul>'

    def _news(self, request: Request, number: int) -> Response:
        date, title, text = tax.NEWS[number - 1]
        ld: dict[str, object] = {
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": date,
            "publisher": {"@type": "GovernmentOrganization", "name": self.agency},
        }
        main = (
            f'<article class="news"><h1>{escape(title)}</h1>'
            f"<time>{persian_digits(date.replace('-', '/'))}</time><p>{escape(text)}</p></article>"
        )
        return self._page(request, title, main, ld, bom=number % 2 == 0)
