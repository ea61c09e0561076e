# ruff: noqa: E501
"""(e) اداره کل منابع طبیعی و آبخیزداری استان مازندران on a generic Persian government CMS («سامانه جامع
مدیریت محتوا») whose services catalogue is only an RSS feed.
Conventions modelled (Persian CMS footers with «خوراک خبرخوان / خوراک اتم», asrejonoob.ir, vaghayesanat.ir;
service sheets «شناسه خدمت، عنوان خدمت، مدارک…», pirbakran.ir, kahrizsang.ir «مجوز صدور پروانه کسب»):
- `/fa/services` is an empty `<ul id="svc-list">` that jQuery fills from the RSS 2.0 feed `/fa/rss/services.xml`;
  the feed is announced by `<link rel="alternate" type="application/rss+xml" title="خدمات …">` on every page and by
  the footer's «خوراک خبرخوان» (the Atom news feed) and «خوراک خدمات» links;
- service pages are `/fa/page/<id>/<Persian slug>` (alias `/fa/page/<id>`, fields under `<h4>`), the same URL shape
  as «درباره ما», «منشور حقوق شهروندی», «چارت سازمانی», «تماس با ما» and a help page (the menu links those with
  raw Persian);
- noise: news in an Atom feed `/fa/rss/news.xml` and an HTML list, tenders (headed sections), print copies
  `/fa/page/print/<id>`, «ارسال به دوستان» forms, search, login, an English stub `/en`."""

from __future__ import annotations

from urllib.parse import quote

from sandbox.catalogue import ServiceSpec
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round7 as cat
from sandbox.unseen.base import e, raw
from sandbox.unseen.catalogue_round7 import NEWS_BODY, NEWS_TITLES, TENDERS, Service
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.MANABE
CONTENT_PAGES = (
    (
        "2",
        "درباره ما",
        "اداره کل منابع طبیعی و آبخیزداری استان مازندران متولی حفاظت از جنگل‌ها و مراتع استان است.",
    ),
    (
        "3",
        "منشور حقوق شهروندی",
        "شهروندان حق دارند از خدمات اداره کل به صورت شفاف و بدون تبعیض بهره‌مند شوند.",
    ),
    ("4", "تماس با ما", "ساری، بلوار کشاورز — تلفن ۳۳۳۴۰۰۰۰ — کد پستی ۴۸۱۶۶"),
    ("5", "چارت سازمانی", "معاونت فنی، معاونت برنامه‌ریزی و امور اداری، یگان حفاظت."),
    (
        "6",
        "راهنمای استفاده از میز خدمت الکترونیک",
        "برای ثبت درخواست، ابتدا در پنجره واحد خدمات الکترونیک ثبت‌نام کنید. مدارک مورد نیاز را اسکن و بارگذاری کنید.",
    ),
)
# the services page's only way to its list
LOADER = (
    '<script>$(function(){$.get("/fa/rss/services.xml",function(x){var ul=$("#svc-list").empty();'
    '$(x).find("item").each(function(){var it=$(this);ul.append($("<li/>").append($("<a/>").attr("href",it.find("link").text()).text(it.find("title").text())));});});});</script>'
)


def slug(title: str) -> str:
    """The CMS's slug: spaces and half-spaces as hyphens, percent-encoded."""
    return quote(title.replace("\u200c", "-").replace(" ", "-"), safe="-")


def layout(title: str, content: str, scripts: str = "") -> Response:
    return Response.html(
        f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8" /><title>{e(title)} - {e(AGENCY)}</title>'
        f'<link rel="alternate" type="application/rss+xml" title="خدمات {e(AGENCY)}" href="/fa/rss/services.xml" />'
        '<link rel="alternate" type="application/atom+xml" title="اخبار" href="/fa/rss/news.xml" />'
        '<link href="/Content/themes/portal/style.min.css" rel="stylesheet" /><script src="/Scripts/jquery-1.12.4.min.js"></script></head><body>'
        '<div class="top-bar"><a href="/fa">فارسی</a> | <a href="/en">English</a> | <a href="/fa/search">جستجو</a> | <a href="/fa/login">ورود کاربران</a></div>'
        f'<div class="header"><a href="/fa"><img src="/Content/img/logo.png" alt="{e(AGENCY)}" /></a></div>'
        '<ul class="main-menu"><li><a href="/fa">صفحه نخست</a></li><li><a href="/fa/services">خدمات</a></li>'
        '<li><a href="/fa/news">اخبار</a></li><li><a href="/fa/tenders">مناقصات و مزایدات</a></li>'
        '<li><a href="/fa/page/2/درباره-ما">درباره ما</a><ul><li><a href="/fa/page/5/چارت-سازمانی">چارت سازمانی</a></li>'
        '<li><a href="/fa/page/3/منشور-حقوق-شهروندی">منشور حقوق شهروندی</a></li></ul></li>'
        '<li><a href="/fa/page/4/تماس-با-ما">تماس با ما</a></li></ul>'
        f'<div class="main-content">{content}</div>'
        '<div class="footer"><div class="rss-box"><a href="/fa/rss/news.xml"><img src="/Content/img/rss.png" alt="" />خوراک خبرخوان</a> '
        '<a href="/fa/rss/services.xml">خوراک خدمات</a></div>'
        "<p>طراحی و پیاده‌سازی: سامانه جامع مدیریت محتوا — نسخه ۴.۲</p><p>کلیه حقوق این پایگاه محفوظ است.</p></div>"
        f"{scripts}</body></html>"
    )


class RssFeedSite(TableSite):
    id = "manabe-mazandaran"
    agency = AGENCY

    def __init__(self) -> None:
        super().__init__(cat.services(cat.MANABE_ROWS, AGENCY))

    def service_path(self, s: ServiceSpec) -> str:
        return f"/fa/page/{s.number}/{slug(s.title)}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (f"/fa/page/{s.number}",)

    def pages(self, origin: str) -> dict[str, Response]:
        o = origin
        pages: dict[str, Response] = {}
        shown = self.shown()
        pages["/fa/rss/services.xml"] = raw(
            self.feed(o, shown), "application/rss+xml; charset=utf-8"
        )
        pages["/fa/rss/services"] = pages["/fa/rss/services.xml"]
        pages["/fa/services/list"] = pages["/fa/rss/services.xml"]
        entries = "".join(
            f'<entry><title>{e(t)}</title><link href="{o}/fa/news/{700 + i}/{slug(t)}" /><id>{o}/fa/news/{700 + i}</id>'
            f"<updated>2024-10-0{i + 1}T09:00:00+03:30</updated><summary>{e(NEWS_BODY[:80])}</summary></entry>"
            for i, t in enumerate(NEWS_TITLES)
        )
        pages["/fa/rss/news.xml"] = raw(
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f'<title>اخبار {e(AGENCY)}</title><link href="{o}/fa/news" /><updated>2024-10-05T09:00:00+03:30</updated><id>{o}/fa/rss/news.xml</id>'
            f"{entries}</feed>",
            "application/atom+xml; charset=utf-8",
        )
        pages["/fa/services"] = layout(
            "خدمات",
            '<h1>خدمات</h1><p>فهرست خدمات اداره کل به شرح زیر است:</p><ul id="svc-list" class="svc-list"><li class="loading">در حال بارگذاری…</li></ul>',
            LOADER,
        )
        for s in shown:
            page = self.detail(s)
            pages[self.service_path(s)] = page
            pages[f"/fa/page/{s.key}"] = page
            pages[f"/fa/page/print/{s.key}"] = Response.html(
                f'<html dir="rtl"><head><meta charset="utf-8"><title>{e(s.title)}</title></head><body onload="window.print()">'
                f"<h1>{e(s.title)}</h1><p>{e(s.description)}</p>{cat.fields_html(s, 'h4')}</body></html>"
            )
            pages[f"/fa/page/sendtofriend/{s.key}"] = layout(
                "ارسال به دوستان",
                '<h1>ارسال به دوستان</h1><form method="post"><input name="email" /><button>ارسال</button></form>',
            )
        for pid, t, body in CONTENT_PAGES:
            page = layout(
                t,
                f'<div class="page-view"><h1 class="page-title">{e(t)}</h1><div class="page-info">تاریخ انتشار: ۱۴۰۲/۱۱/۰۲ | تعداد بازدید: ۱۲۰۵</div>'
                f'<div class="page-body"><p>{e(body)}</p></div><div class="page-tools"><a href="/fa/page/print/{pid}" target="_blank">چاپ</a></div></div>',
            )
            pages[f"/fa/page/{pid}/{slug(t)}"] = page
            pages[f"/fa/page/{pid}"] = page
            pages[f"/fa/page/print/{pid}"] = Response.html(
                f'<html dir="rtl"><head><meta charset="utf-8"><title>{e(t)}</title></head><body><h1>{e(t)}</h1><p>{e(body)}</p></body></html>'
            )
        pages["/fa/news"] = layout(
            "اخبار",
            '<h1>اخبار</h1><ul class="news-list">'
            + "".join(
                f'<li><a href="/fa/news/{700 + i}/{slug(t)}">{e(t)}</a> <span>۱۴۰۳/۰۷/{10 + i}</span></li>'
                for i, t in enumerate(NEWS_TITLES)
            )
            + "</ul>",
        )
        for i, t in enumerate(NEWS_TITLES):
            pages[f"/fa/news/{700 + i}/{slug(t)}"] = layout(
                t,
                f'<div class="news-view"><h1 class="news-title">{e(t)}</h1><div class="news-info">کد خبر: {700 + i} | تاریخ: ۱۴۰۳/۰۷/{10 + i}</div>'
                f'<div class="news-body"><p>{e(NEWS_BODY)}</p></div></div>',
            )
        pages["/fa/tenders"] = layout(
            "مناقصات و مزایدات",
            "<h1>مناقصات و مزایدات</h1><ul>"
            + "".join(
                f'<li><a href="/fa/tender/{i + 1}">{e(t)}</a></li>'
                for i, (t, _) in enumerate(TENDERS)
            )
            + "</ul>",
        )
        for i, (t, d) in enumerate(TENDERS):
            pages[f"/fa/tender/{i + 1}"] = layout(
                t, f'<h1 class="page-title">{e(t)}</h1>{cat.tender_body(t, d)}'
            )
        pages["/fa/search"] = layout(
            "جستجو",
            '<h1>جستجو</h1><form action="/fa/search"><input name="q" /><button>جستجو</button></form>',
        )
        pages["/fa/login"] = layout(
            "ورود",
            '<h1>ورود کاربران</h1><form method="post"><input name="u" /><input type="password" name="p" /></form>',
        )
        home = layout(
            AGENCY,
            f'<div class="slider"><h2>{e(AGENCY)}</h2></div><div class="box"><h3>آخرین اخبار</h3><ul>'
            + "".join(
                f'<li><a href="/fa/news/{700 + i}/{slug(t)}">{e(t)}</a></li>'
                for i, t in enumerate(NEWS_TITLES[:3])
            )
            + "</ul></div>"
            '<div class="box"><h3>میز خدمت</h3><a href="/fa/services">فهرست خدمات</a> | <a href="https://eservices.frw.ir">پنجره واحد خدمات الکترونیک</a></div>',
        )
        pages["/"] = home
        pages["/fa"] = home
        pages["/en"] = Response.html(
            '<html lang="en"><head><meta charset="utf-8"><title>Mazandaran Natural Resources</title></head><body><h1>Mazandaran Natural Resources and Watershed Management</h1><a href="/fa">فارسی</a></body></html>'
        )
        pages["/robots.txt"] = raw("User-agent: *\nDisallow: /admin/\n", "text/plain")
        return pages

    def feed(self, o: str, shown: list[Service]) -> str:
        """The services' RSS 2.0 feed: absolute item links."""
        items = "".join(
            f'<item><title>{e(s.title)}</title><link>{o}{self.service_path(s)}</link><guid isPermaLink="true">{o}{self.service_path(s)}</guid>'
            f"<description>{e(s.description)}</description><category>{e(s.category)}</category>"
            f"<pubDate>Sat, 0{1 + i % 9} Jun 2024 08:30:00 +0330</pubDate></item>"
            for i, s in enumerate(shown)
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>خدمات {e(AGENCY)}</title><link>{o}/fa/services</link><description>فهرست خدمات قابل ارائه</description>"
            f'<language>fa-IR</language><atom:link href="{o}/fa/rss/services.xml" rel="self" type="application/rss+xml" />'
            f"{items}</channel></rss>"
        )

    def detail(self, s: Service) -> Response:
        return layout(
            s.title,
            f'<div class="breadcrumb"><a href="/fa">صفحه نخست</a> » <a href="/fa/services">خدمات</a> » {e(s.title)}</div>'
            f'<div class="page-view"><h1 class="page-title">{e(s.title)}</h1><div class="page-info">تاریخ انتشار: ۱۴۰۳/۰۳/۱۲ | تعداد بازدید: ۴۲۱</div>'
            f'<div class="page-body"><p>{e(s.description)}</p>{cat.fields_html(s, "h4")}</div>'
            f'<div class="page-tools"><a href="/fa/page/print/{s.key}" target="_blank">چاپ</a> <a href="/fa/page/sendtofriend/{s.key}">ارسال به دوستان</a></div></div>',
        )

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        if r.target.startswith("/fa/search?"):
            return layout("جستجو", "<h1>نتایج جستجو</h1><p>موردی یافت نشد.</p>")
        return None
