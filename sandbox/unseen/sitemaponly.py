# ruff: noqa: E501
"""(e) «sitemap.xml only»: شرکت شهرک‌های صنعتی استان کرمان on an ASP.NET Core site whose «میز خدمت» page is a
client-rendered widget fed by a POST-only endpoint, so the only plain route to the service pages is the sitemap.
Conventions modelled (sitemaps.org protocol; robots.txt `Sitemap:` line with an absolute URL; a sitemap index
with per-type child sitemaps and `<lastmod>`, as Yoast / ASP.NET Core SEO packages emit):
- `/robots.txt`: `Sitemap: http://host/sitemap.xml`; `/sitemap.xml` is a `<sitemapindex>` of
  `/sitemaps/pages.xml`, `/sitemaps/news.xml`, `/sitemaps/services.xml`, `/sitemaps/tags.xml`;
- `/services` holds `<div id="services-app" data-endpoint="/api/services/list" data-method="POST">`, a
  `<noscript>` notice and a `<script>` that fetches with a RequestVerificationToken; `GET /api/services/list` is 405;
- service pages `/services/{id}/{percent-encoded Persian slug}` (`/services/{id}` 301s there), `<h1>` +
  `<h2>` sections; news `/news/{id}/{slug}` and the regulation pages `/pages/{slug}` use the same template with
  `<h2>` sections; tag pages `/tags/{slug}`;
- noise: about/contact, `/account/login?returnUrl=…`, search, `?culture=en-US`, off-site links."""

from __future__ import annotations

from urllib.parse import unquote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round6 as cat
from sandbox.unseen.base import UnseenSite, e, sitemapindex, slug, ul, urlset

SITE = cat.SANATI
NEWS = cat.NEWS
PAGES = {
    "regulations": (
        "آیین‌نامه واگذاری زمین در شهرک‌ها",
        (
            ("مقدمه", "این آیین‌نامه به استناد مصوبه هیئت مدیره تدوین شده است."),
            ("شرایط واگذاری", "متقاضی باید طرح توجیهی مصوب ارائه کند."),
        ),
    ),
    "about": (
        "درباره شرکت",
        (
            ("تاریخچه", "شرکت شهرک‌های صنعتی استان کرمان در سال ۱۳۶۴ تأسیس شد."),
            ("ماموریت", "ایجاد و توسعه زیرساخت‌های صنعتی استان."),
        ),
    ),
    "contact": ("تماس با ما", (("نشانی", "کرمان، بلوار جمهوری اسلامی"), ("تلفن", "۰۳۴-۳۲۱۱۰۰۰۰"))),
}
TAGS = ("شهرک-صنعتی", "صنایع-کوچک", "خوشه-کسب-و-کار")
XML = [("Content-Type", "application/xml; charset=utf-8")]


class SitemapOnlySite(UnseenSite):
    id = "sanati-kerman"
    agency = cat.SANATI

    def __init__(self) -> None:
        super().__init__(
            cat.services(
                cat.SANATI_ROWS,
                301,
                docs=(
                    "درخواست کتبی متقاضی",
                    "تصویر قرارداد حق بهره برداری",
                    "مدارک هویتی صاحبان امضای مجاز",
                ),
                duration="۱۵ روز کاری",
            )
        )

    def service_path(self, s: ServiceSpec) -> str:
        return f"/services/{s.number}/{slug(s.title[:60].rstrip())}"

    def news_path(self, i: int) -> str:
        return f"/news/{800 + i}/{slug(NEWS[i])}"

    def handle(self, r: Request) -> Response:
        p, q = r.path, r.query
        origin = r.origin
        if q.get("culture") == "en-US":
            return Response.html(
                '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Kerman Industrial Estates</title></head><body><h1>Kerman Industrial Estates Co.</h1><p>English content is not available.</p></body></html>'
            )
        if p == "/robots.txt":
            return Response.text(
                f"User-agent: *\nDisallow: /account/\nDisallow: /search\nSitemap: {origin}/sitemap.xml\n"
            )
        if p == "/sitemap.xml":
            index = sitemapindex(
                origin,
                [
                    "/sitemaps/pages.xml",
                    "/sitemaps/news.xml",
                    "/sitemaps/services.xml",
                    "/sitemaps/tags.xml",
                ],
            )
            return Response(
                body=index.replace("</loc>", "</loc><lastmod>2024-09-01</lastmod>").encode(),
                headers=XML,
            )
        if p.startswith("/sitemaps/"):
            kind = p.removeprefix("/sitemaps/").removesuffix(".xml")
            paths = {
                "pages": ["/", "/services", "/news"] + [f"/pages/{k}" for k in PAGES],
                "news": [self.news_path(i) for i in range(len(NEWS))],
                "services": [self.service_path(s) for s in self.visible()],
                "tags": [f"/tags/{t}" for t in TAGS],
            }.get(kind)
            if paths is None:
                return Response.not_found()
            return Response(
                body=urlset(origin, paths)
                .replace(
                    "</loc>", "</loc><lastmod>2024-08-15</lastmod><changefreq>monthly</changefreq>"
                )
                .encode(),
                headers=XML,
            )
        if p == "/api/services/list":
            if r.method != "POST":
                return Response(
                    status=405,
                    body=b'{"error":"Method Not Allowed"}',
                    headers=[("Content-Type", "application/json"), ("Allow", "POST")],
                )
            return Response.json(
                {
                    "items": [
                        {"id": s.number, "title": s.title, "url": self.service_path(s)}
                        for s in self.visible()
                    ]
                }
            )
        if p == "/":
            news = "".join(
                f'<article class="card"><h3><a href="{self.news_path(i)}">{e(t)}</a></h3></article>'
                for i, t in enumerate(NEWS[:4])
            )
            return self.page(
                "صفحه اصلی",
                f'<section class="hero"><h1>{SITE}</h1><p>زیرساخت توسعه صنعتی استان</p><a class="btn" href="/services">میز خدمت</a></section><section><h2>اخبار</h2>{news}</section>',
            )
        if p == "/services":
            return self.page(
                "میز خدمت",
                '<h1>میز خدمت</h1><div id="services-app" data-endpoint="/api/services/list" data-method="POST"><div class="spinner">در حال بارگذاری…</div></div>'
                "<noscript><p>برای مشاهده فهرست خدمات، جاوااسکریپت مرورگر خود را فعال کنید.</p></noscript>"
                '<input name="__RequestVerificationToken" type="hidden" value="CfDJ8Kx1aZ">'
                "<script>fetch('/api/services/list',{method:'POST',headers:{'RequestVerificationToken':document.querySelector('[name=__RequestVerificationToken]').value}}).then(r=>r.json()).then(d=>{document.getElementById('services-app').innerHTML=d.items.map(i=>'<a class=\"svc\" href=\"'+i.url+'\">'+i.title+'</a>').join('')})</script>",
            )
        if p.startswith("/services/"):
            parts = p.removeprefix("/services/").split("/")
            s = self.by_number(parts[0])
            if s is None:
                return Response.not_found()
            if len(parts) == 1 or parts[1] == "":
                return Response.redirect(self.service_path(s), 301)
            return self.detail(s)
        if p.startswith("/news/"):
            parts = p.removeprefix("/news/").split("/")
            i = int(parts[0]) - 800 if parts[0].isdigit() else -1
            if 0 <= i < len(NEWS):
                t = NEWS[i]
                tags = " ".join(f'<a href="/tags/{tg}">{tg.replace("-", " ")}</a>' for tg in TAGS)
                return self.page(
                    t,
                    f'<nav class="crumb"><a href="/">خانه</a> › <a href="/news">اخبار</a></nav><h1>{e(t)}</h1><time>{persian_digits(f"1403/03/{10 + i}")}</time><h2>خلاصه</h2><p>به گزارش روابط عمومی {SITE}، {e(t)}.</p><h2>متن کامل</h2><p>در این نشست بر حمایت از واحدهای تولیدی مستقر در شهرک‌ها تاکید شد.</p><p>برچسب‌ها: {tags}</p>',
                )
            return Response.not_found()
        if p == "/news":
            items = "".join(
                f'<li><a href="{self.news_path(i)}">{e(t)}</a></li>' for i, t in enumerate(NEWS)
            )
            return self.page("اخبار", f"<h1>اخبار</h1><ul>{items}</ul>")
        if p.startswith("/pages/"):
            k = p.removeprefix("/pages/")
            if k in PAGES:
                t, secs = PAGES[k]
                return self.page(
                    t,
                    f"<h1>{e(t)}</h1>" + "".join(f"<h2>{e(h)}</h2><p>{e(x)}</p>" for h, x in secs),
                )
            return Response.not_found()
        if p.startswith("/tags/"):
            tg = unquote(p.removeprefix("/tags/"))
            if tg in TAGS:
                items = "".join(
                    f'<li><a href="{self.news_path(i)}">{e(t)}</a></li>'
                    for i, t in enumerate(NEWS[:3])
                )
                return self.page(tg, f"<h1>برچسب: {e(tg.replace('-', ' '))}</h1><ul>{items}</ul>")
            return Response.not_found()
        if p == "/account/login":
            return self.page(
                "ورود",
                '<h1>ورود</h1><form method="post"><input name="Username"><input name="Password" type="password"><button>ورود</button></form>',
            )
        if p == "/search":
            return self.page("جستجو", "<h1>جستجو</h1><p>نتیجه‌ای یافت نشد.</p>")
        return Response.not_found()

    def page(self, title: str, body: str) -> Response:
        nav = (
            '<nav class="navbar"><a href="/">خانه</a> <a href="/pages/about">درباره ما</a> <a href="/services">میز خدمت</a> <a href="/news">اخبار</a> <a href="/pages/regulations">قوانین و مقررات</a> '
            '<a href="/pages/contact">تماس با ما</a> <a href="/account/login?returnUrl=%2F">ورود</a> <a href="?culture=en-US">EN</a><form action="/search"><input name="q"></form></nav>'
        )
        return Response.html(
            f'<!DOCTYPE html><html dir="rtl" lang="fa"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{e(title)} - {SITE}</title></head>'
            f'<body><header>{nav}</header><main class="container">{body}</main><footer><a href="https://www.iraniec.ir/">سازمان صنایع کوچک و شهرک‌های صنعتی ایران</a> | <a href="https://my.gov.ir/">پنجره ملی خدمات</a><p>© ۱۴۰۳ {SITE}</p></footer></body></html>'
        )

    def detail(self, s: ServiceSpec) -> Response:
        body = (
            f'<nav class="crumb"><a href="/">خانه</a> › <a href="/services">میز خدمت</a></nav><h1>{e(s.title)}</h1><h2>شرح خدمت</h2><p>{e(s.description)}</p>'
            f"<h2>مدارک مورد نیاز</h2>{ul(s.documents)}<h2>هزینه</h2><p>{e(s.fee)}</p><h2>مدت زمان انجام</h2><p>{e(s.duration)}</p>"
            '<p><a href="https://my.gov.ir/">درخواست برخط</a></p>'
        )
        return self.page(s.title, body)
