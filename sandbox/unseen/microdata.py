"""A portal that marks services with schema.org microdata and lists them in a gzipped
sitemap index named only in ``robots.txt``; menus link just a few popular services."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue
from sandbox.unseen.base import UnseenSite, e, gzipped, sitemapindex, ul, urlset

POPULAR = 4


class MicrodataSite(UnseenSite):
    id = "standard-qazvin"
    agency = catalogue.STANDARD

    def __init__(self) -> None:
        super().__init__(catalogue.standard())
        self.news = catalogue.news_titles()

    def service_path(self, spec: ServiceSpec) -> str:
        return f"/fa/service/{spec.number}"

    def handle(self, request: Request) -> Response:
        path, origin = request.path.rstrip("/") or "/", request.origin
        if path == "/robots.txt":
            return Response.text(
                f"User-agent: *\nDisallow: /panel/\nSitemap: {origin}/sitemap_index.xml.gz\n"
            )
        if path == "/sitemap_index.xml.gz":
            maps = ["/sitemaps/services.xml.gz", "/sitemaps/content.xml.gz"]
            return gzipped(sitemapindex(origin, maps))
        if path == "/sitemaps/services.xml.gz":
            return gzipped(urlset(origin, [self.service_path(s) for s in self.visible()]))
        if path == "/sitemaps/content.xml.gz":
            paths = ["/", "/fa/about"] + [f"/fa/content/{i}" for i in range(len(self.news))]
            return gzipped(urlset(origin, paths))
        if path == "/":
            popular = "".join(
                f'<li><a href="{self.service_path(s)}">{e(s.title)}</a></li>'
                for s in self.visible()[:POPULAR]
            )
            news = "".join(
                f'<li><a href="/fa/content/{i}">{e(t)}</a></li>' for i, t in enumerate(self.news)
            )
            main = (
                f'<section class="popular"><h2>خدمات پرمراجعه</h2><ul>{popular}</ul>'
                '<a href="/fa/services">جستجوی خدمات</a></section>'
                f'<section class="news"><h2>اخبار</h2><ul>{news}</ul></section>'
            )
            return self._page("صفحه اصلی", main)
        if path == "/fa/services":
            main = (
                '<h1>جستجوی خدمات</h1><form action="/fa/services" method="get">'
                '<input name="q" placeholder="نام خدمت"><button>جستجو</button></form>'
                '<div id="results" data-src="/panel/api/search"></div>'
            )
            return self._page("جستجوی خدمات", main)
        if path == "/fa/about":
            return self._page(
                "درباره ما",
                f"<h1>درباره ما</h1><p>{e(self.agency)} مرجع رسمی "
                "استانداردسازی کالا و خدمات در استان است.</p>",
            )
        if path.startswith("/fa/content/"):
            raw = path.removeprefix("/fa/content/")
            if not raw.isdigit() or int(raw) >= len(self.news):
                return Response.not_found()
            title = self.news[int(raw)]
            main = f"""<article itemscope itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">{e(title)}</h1><time itemprop="datePublished" datetime="2024-07-0{raw}">
{persian_digits("1403/04/1" + raw)}</time><div itemprop="articleBody"><p>به گزارش روابط عمومی،
{e(title)}.</p></div></article>"""
            return self._page(title, main)
        if path.startswith("/fa/service/"):
            spec = self.by_number(path.removeprefix("/fa/service/"))
            if spec is None:
                return Response.not_found()
            return self._page(spec.title, self._service(spec))
        return Response.not_found()

    def _page(self, title: str, main: str) -> Response:
        html = f"""<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>{e(title)} | {e(self.agency)}</title></head><body>
<nav><a href="/">خانه</a> <a href="/fa/services">خدمات</a> <a href="/fa/about">درباره ما</a></nav>
<main>{main}</main><footer>{e(self.agency)}</footer></body></html>"""
        return Response.html(html)

    def _service(self, spec: ServiceSpec) -> str:
        return f"""<div itemscope itemtype="https://schema.org/GovernmentService">
<h1 itemprop="name">{e(spec.title)}</h1>
<p>گروه: <span itemprop="serviceType">{e(spec.category)}</span></p>
<div itemprop="description"><p>{e(spec.description)}</p></div>
<section><h2>مدارک مورد نیاز</h2>{ul(spec.documents)}</section>
<section><h2>هزینه</h2><p>{e(spec.fee)}</p></section>
<section><h2>مدت انجام</h2><p>{e(spec.duration)}</p></section>
<div itemprop="provider" itemscope itemtype="https://schema.org/GovernmentOrganization">
ارائه‌دهنده: <span itemprop="name">{e(self.agency)}</span></div></div>"""
