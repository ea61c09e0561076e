# ruff: noqa: E501 -- HTML templates keep the markup the CMS prints, line by line
"""A WordPress site with Yoast SEO: Article markup and ``og:type=article`` on every page.

Services are child pages of «خدمات» with percent-encoded Persian slugs; news are
posts under Jalali date permalinks. ``robots.txt`` names ``sitemap_index.xml``.
Pages print ``<link rel=canonical>``; the homepage links one service with
``utm_*`` parameters and one without its trailing slash.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue
from sandbox.unseen.base import UnseenSite, e, sitemapindex, slug, ul, urlset

SERVICES = "/" + slug("خدمات") + "/"
DESK = "/" + slug("میز خدمت") + "/"
NEWS_CAT = "/category/" + slug("اخبار") + "/"


class WordPressSite(UnseenSite):
    id = "miras-qazvin"
    agency = catalogue.MIRAS

    def __init__(self) -> None:
        super().__init__(catalogue.miras())
        self.news = catalogue.news_titles()

    def service_path(self, spec: ServiceSpec) -> str:
        return f"{SERVICES}{slug(spec.title)}/"

    def aliases(self, spec: ServiceSpec) -> tuple[str, ...]:
        return (self.service_path(spec).rstrip("/"),)

    def post_path(self, number: int) -> str:
        return f"/1403/0{1 + number % 9}/{slug(self.news[number])}/"

    def handle(self, request: Request) -> Response:
        path = unquote(request.path)
        origin = request.origin
        if path == "/robots.txt":
            return Response.text(
                "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
                f"Sitemap: {origin}/sitemap_index.xml\n"
            )
        if path == "/sitemap_index.xml":
            maps = ["/page-sitemap.xml", "/post-sitemap.xml", "/category-sitemap.xml"]
            return Response.text(sitemapindex(origin, maps), "application/xml")
        if path == "/page-sitemap.xml":
            paths = ["/", SERVICES, DESK] + [self.service_path(s) for s in self.visible()]
            return Response.text(urlset(origin, paths), "application/xml")
        if path == "/post-sitemap.xml":
            paths = [self.post_path(i) for i in range(len(self.news))]
            return Response.text(urlset(origin, paths), "application/xml")
        if path == "/category-sitemap.xml":
            return Response.text(urlset(origin, [NEWS_CAT]), "application/xml")
        key = path.rstrip("/") + "/"
        if key == "/":
            return self._page(request, "/", self.agency, self._home(), kind="home")
        if key == unquote(SERVICES):
            items = "".join(
                f'<li class="page_item"><a href="{self.service_path(s)}">{e(s.title)}</a></li>'
                for s in self.visible()
            )
            body = f'<p>فهرست خدمات قابل ارائه اداره کل:</p><ul class="child-pages">{items}</ul>'
            return self._page(request, SERVICES, "خدمات", body, kind="page")
        if key == unquote(DESK):
            body = (
                "<p>میز خدمت اداره کل در ساختمان مرکزی، همه روزه از ساعت ۸ تا ۱۴ پاسخگوی "
                "مراجعان است. کارشناسان میز خدمت شما را در انتخاب خدمت مناسب راهنمایی می‌کنند.</p>"
                "<h3>ساعات کاری</h3><p>شنبه تا چهارشنبه ۸ تا ۱۴</p>"
            )
            return self._page(request, DESK, "میز خدمت", body, kind="page")
        if key == unquote(NEWS_CAT):
            items = "".join(
                f'<article class="post"><h2 class="entry-title"><a href="{self.post_path(i)}">'
                f"{e(t)}</a></h2></article>"
                for i, t in enumerate(self.news)
            )
            return self._page(request, NEWS_CAT, "اخبار", items, kind="archive")
        for spec in self.visible():
            if key == unquote(self.service_path(spec)):
                return self._page(
                    request,
                    self.service_path(spec),
                    spec.title,
                    self._service(spec),
                    kind="page",
                    parent=("خدمات", SERVICES),
                )
        for number in range(len(self.news)):
            if key == unquote(self.post_path(number)):
                return self._page(
                    request,
                    self.post_path(number),
                    self.news[number],
                    self._post(number),
                    kind="post",
                    parent=("اخبار", NEWS_CAT),
                )
        return Response.not_found()

    def _page(
        self,
        request: Request,
        path: str,
        title: str,
        body: str,
        *,
        kind: str,
        parent: tuple[str, str] | None = None,
    ) -> Response:
        origin = request.origin
        url = origin + path
        crumbs = [{"@type": "ListItem", "position": 1, "name": "خانه", "item": origin + "/"}]
        if parent:
            crumbs.append(
                {"@type": "ListItem", "position": 2, "name": parent[0], "item": origin + parent[1]}
            )
        crumbs.append({"@type": "ListItem", "position": len(crumbs) + 1, "name": title})
        graph = [
            {
                "@type": "Article",
                "@id": url + "#article",
                "headline": title,
                "isPartOf": {"@id": url},
                "author": {"name": "مدیر سایت"},
                "datePublished": "2024-06-01T08:00:00+03:30",
                "publisher": {"@id": origin + "/#organization"},
                "inLanguage": "fa-IR",
            },
            {
                "@type": "WebPage",
                "@id": url,
                "url": url,
                "name": title,
                "inLanguage": "fa-IR",
                "breadcrumb": {"@id": url + "#breadcrumb"},
            },
            {"@type": "BreadcrumbList", "@id": url + "#breadcrumb", "itemListElement": crumbs},
            {"@type": "Organization", "@id": origin + "/#organization", "name": self.agency},
        ]
        published = (
            '<meta property="article:published_time" content="2024-06-01T08:00:00+00:00" />'
            if kind == "post"
            else '<meta property="article:modified_time" content="2024-06-01T08:00:00+00:00" />'
        )
        h1 = "" if kind == "home" else f'<h1 class="entry-title">{e(title)}</h1>'
        html = f"""<!doctype html>
<html dir="rtl" lang="fa-IR"><head><meta charset="UTF-8">
<title>{e(title)} - {e(self.agency)}</title>
<link rel="canonical" href="{e(url)}" />
<meta property="og:locale" content="fa_IR" /><meta property="og:type" content="article" />
<meta property="og:title" content="{e(title)} - {e(self.agency)}" />
<meta property="og:url" content="{e(url)}" /><meta property="og:site_name" content="{e(self.agency)}" />
{published}
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)}</script>
<link rel="alternate" type="application/rss+xml" title="خوراک" href="{origin}/feed/" />
</head><body class="{kind} rtl">
<header id="masthead"><p class="site-title"><a href="/">{e(self.agency)}</a></p>
<nav id="site-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="/">خانه</a></li>
<li class="menu-item"><a href="{DESK}">میز خدمت</a></li>
<li class="menu-item"><a href="{SERVICES}">خدمات</a></li>
<li class="menu-item"><a href="{NEWS_CAT}">اخبار</a></li></ul></nav></header>
<main id="main" class="site-main"><article class="{kind} type-{kind} hentry">
<header class="entry-header">{h1}</header><div class="entry-content">{body}</div></article></main>
<footer><p>تمامی حقوق برای {e(self.agency)} محفوظ است. قدرت گرفته از وردپرس</p></footer>
</body></html>"""
        return Response.html(html)

    def _home(self) -> str:
        first, second = self.visible()[0], self.visible()[1]
        posts = "".join(
            f'<li><a href="{self.post_path(i)}">{e(t)}</a></li>'
            for i, t in enumerate(self.news[:4])
        )
        return (
            f"<p>به وبگاه {e(self.agency)} خوش آمدید.</p>"
            f'<p>خدمت ویژه: <a href="{self.service_path(first)}?utm_source=telegram&amp;utm_medium=channel">'
            f"{e(first.title)}</a></p>"
            f'<p><a href="{self.service_path(second).rstrip("/")}">{e(second.title)}</a></p>'
            f"<h2>آخرین اخبار</h2><ul>{posts}</ul>"
        )

    def _service(self, spec: ServiceSpec) -> str:
        return (
            f"<p>{e(spec.description)}</p><h3>مدارک مورد نیاز</h3>{ul(spec.documents)}"
            f"<h3>هزینه</h3><p>{e(spec.fee)}</p><h3>مدت زمان انجام</h3><p>{e(spec.duration)}</p>"
            f"<h3>مخاطبان</h3><p>{e(spec.audience)}</p>"
        )

    def _post(self, number: int) -> str:
        meta = (
            f'<div class="entry-meta"><span class="posted-on"><time class="entry-date published" '
            f'datetime="2024-06-01T08:00:00+03:30">{persian_digits("۱۱ خرداد ۱۴۰۳")}</time></span>'
            '<span class="byline"> نویسنده: <a href="/author/admin/">مدیر سایت</a></span></div>'
        )
        text = (
            f"<p>به گزارش روابط عمومی اداره کل، {e(self.news[number])}. در این برنامه از "
            "فعالان گردشگری و صنایع دستی استان تقدیر شد.</p>"
        )
        if number == 2:  # a news post announcing a fee, laid out like a service block
            text += "<h3>هزینه</h3><p>هزینه بازدید از بناهای تاریخی در هفته میراث رایگان است.</p>"
        return meta + text
