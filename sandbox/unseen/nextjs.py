# ruff: noqa: E501
"""(a) شرکت توزیع نیروی برق استان قزوین on Next.js (pages router): the services list is client-rendered.
Conventions modelled (vercel/next.js discussion #15117: the `__NEXT_DATA__` blob, "only the first tab panel
will be rendered as HTML… the rest is only in the NEXT_DATA JSON"; the nextjs.org `getServerSideProps` docs):
- `/services` ships six skeleton boxes; the list is only in `<script id="__NEXT_DATA__" type="application/json">`
  (`props.pageProps.services[{id,title,category,…}]`, no URL) and in `/_next/data/<buildId>/services.json`;
- the link template `"/services/".concat(e.id)` is only in the page's JS chunk
  `/_next/static/chunks/pages/services-<build>.js`;
- detail pages `/services/{id}` are server-rendered (`h1.ServiceDetail_title__d2`, fields under `<h3>`), with a
  `/print` copy, an online-request link off-site and a share link;
- the home page server-renders three «خدمات پرکاربرد» cards (the only services a crawler that reads no JSON finds);
- noise: news `/news/{id}`, tenders `/tenders/{n}` (headed «شرایط شرکت»/«مبلغ تضمین» sections), about, contact
  (a POST form), privacy, search, an English stub `/en`."""

from __future__ import annotations

import json

from sandbox.catalogue import ServiceSpec
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round7 as cat
from sandbox.unseen.base import e, raw
from sandbox.unseen.catalogue_round7 import NEWS_BODY, NEWS_TITLES, TENDERS, Service
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.BARQ
BUILD = "k3Xo9QpZr2mVhT1aLw8cE"
NAV = (
    '<header class="Header_root__x1"><a href="/" class="Header_logo__a2"><img src="/_next/static/media/logo.7f3a.svg" alt="لوگو"></a>'
    '<nav class="Header_nav__k9"><a href="/">خانه</a><a href="/services">خدمات مشترکین</a><a href="/news">اخبار</a>'
    '<a href="/tenders">مناقصات و مزایدات</a><a href="/about">درباره ما</a><a href="/contact">تماس با ما</a>'
    '<a href="/search">جستجو</a><a href="/en" hreflang="en">English</a></nav></header>'
)
FOOT = (
    '<footer class="Footer_root__q2"><p>تلفن گویا: ۱۲۱ — سامانه پیامکی: ۳۰۰۰۱۲۱</p>'
    '<a href="https://t.me/qazvin_tavanir" rel="noopener">تلگرام</a> <a href="/privacy">حریم خصوصی</a>'
    "<p>© ۱۴۰۳ کلیه حقوق برای شرکت توزیع نیروی برق استان قزوین محفوظ است</p></footer>"
)
# the services page's chunk: the only place the list's link template is written
CHUNK = (
    '(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[421],{7712:function(e,t,n){"use strict";'
    'n.r(t);var r=n(5893),a=n(1664),s=n.n(a);t.default=function(e){var t=e.services;return(0,r.jsx)("div",'
    '{className:"ServiceList_grid__w4",children:t.map(function(e){return(0,r.jsx)(s(),{href:"/services/".concat(e.id),'
    'className:"ServiceCard_card__p1",children:(0,r.jsx)("h3",{children:e.title})},e.id)})})}}}]);'
)


def next_data(page: str, props: dict[str, object], query: dict[str, str] | None = None) -> str:
    data = {
        "props": {"pageProps": props, "__N_SSP": True},
        "page": page,
        "query": query or {},
        "buildId": BUILD,
        "isFallback": False,
        "gssp": True,
        "locale": "fa",
        "locales": ["fa", "en"],
        "defaultLocale": "fa",
        "scriptLoader": [],
    }
    return (
        '<script id="__NEXT_DATA__" type="application/json">'
        + json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        + "</script>"
    )


def doc(
    title: str,
    body: str,
    page: str,
    props: dict[str, object],
    query: dict[str, str] | None = None,
    chunk: str = "index",
) -> Response:
    """A server-rendered page: the layout, the page's data blob and its chunks."""
    return Response.html(
        '<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charSet="utf-8"/>'
        '<meta name="viewport" content="width=device-width"/>'
        f'<title>{e(title)}</title><meta name="next-head-count" content="3"/>'
        '<link rel="preload" href="/_next/static/css/8b1c2a.css" as="style"/>'
        '<link rel="stylesheet" href="/_next/static/css/8b1c2a.css" data-n-g=""/></head>'
        f'<body><div id="__next">{NAV}<main class="Layout_main__z3">{body}</main>{FOOT}</div>'
        + next_data(page, props, query)
        + '<script src="/_next/static/chunks/webpack-5c1d.js" defer=""></script>'
        '<script src="/_next/static/chunks/framework-2c79.js" defer=""></script>'
        f'<script src="/_next/static/chunks/pages/{chunk}-{BUILD[:6]}.js" defer=""></script>'
        f'<script src="/_next/static/{BUILD}/_buildManifest.js" defer=""></script></body></html>'
    )


def listing_item(s: Service) -> dict[str, object]:
    return {
        "id": int(s.key),
        "title": s.title,
        "category": s.category,
        "summary": s.description[:80],
        "online": True,
        "icon": f"/icons/{s.key}.svg",
    }


class NextJsSite(TableSite):
    id = "barq-qazvin"
    agency = AGENCY

    def __init__(self) -> None:
        super().__init__(cat.services(cat.BARQ_ROWS, AGENCY))

    def service_path(self, s: ServiceSpec) -> str:
        return f"/services/{s.number}"

    def pages(self, origin: str) -> dict[str, Response]:
        shown = self.shown()
        pages: dict[str, Response] = {}
        pop = shown[:3]
        pop_html = "".join(
            f'<a class="ServiceCard_card__p1" href="/services/{s.key}"><h3>{e(s.title)}</h3></a>'
            for s in pop
        )
        news_html = "".join(
            f'<li><a href="/news/{900 + i}">{e(t)}</a></li>' for i, t in enumerate(NEWS_TITLES[:3])
        )
        pages["/"] = doc(
            AGENCY,
            f'<section class="Hero_root"><h1>{e(AGENCY)}</h1><p>سامانه خدمات غیرحضوری مشترکین</p></section>'
            f'<section><h2>خدمات پرکاربرد</h2><div class="grid">{pop_html}</div>'
            '<a href="/services">مشاهده همه خدمات</a></section>'
            f"<section><h2>آخرین اخبار</h2><ul>{news_html}</ul></section>",
            "/",
            {"popular": [listing_item(s) for s in pop]},
        )
        items = [listing_item(s) for s in shown]
        skeleton = '<div class="Skeleton_box__n1"></div>' * 6
        pages["/services"] = doc(
            "خدمات مشترکین | " + AGENCY,
            '<h1>خدمات مشترکین</h1><input type="search" placeholder="جستجو در خدمات..."/>'
            f'<div class="ServiceList_grid__w4" data-loading="true">{skeleton}</div>',
            "/services",
            {"services": items, "total": len(items)},
            chunk="services",
        )
        pages[f"/_next/data/{BUILD}/services.json"] = raw(
            json.dumps(
                {"pageProps": {"services": items, "total": len(items)}, "__N_SSP": True},
                ensure_ascii=False,
            ),
            "application/json",
        )
        pages[f"/_next/static/chunks/pages/services-{BUILD[:6]}.js"] = raw(
            CHUNK, "application/javascript"
        )
        for s in shown:
            pages[f"/services/{s.key}"] = self.detail(s)
            pages[f"/services/{s.key}/print"] = Response.html(
                f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{e(s.title)}</title></head>'
                f'<body onload="window.print()"><h1>{e(s.title)}</h1><p>{e(s.description)}</p>{cat.fields_html(s)}</body></html>'
            )
        news_all = "".join(
            f'<li><a href="/news/{900 + i}">{e(t)}</a> <time>۱۴۰۳/۰۷/{10 + i}</time></li>'
            for i, t in enumerate(NEWS_TITLES)
        )
        pages["/news"] = doc(
            "اخبار | " + AGENCY, f"<h1>اخبار و اطلاعیه‌ها</h1><ul>{news_all}</ul>", "/news", {}
        )
        for i, t in enumerate(NEWS_TITLES):
            pages[f"/news/{900 + i}"] = doc(
                t,
                f"<article><h1>{e(t)}</h1><time>۱۴۰۳/۰۷/{10 + i}</time><p>{e(NEWS_BODY)}</p></article>",
                "/news/[id]",
                {"id": 900 + i},
            )
        pages["/tenders"] = doc(
            "مناقصات",
            "<h1>مناقصات و مزایدات</h1><ul>"
            + "".join(
                f'<li><a href="/tenders/{i + 1}">{e(t)}</a></li>'
                for i, (t, _) in enumerate(TENDERS)
            )
            + "</ul>",
            "/tenders",
            {},
        )
        for i, (t, d) in enumerate(TENDERS):
            pages[f"/tenders/{i + 1}"] = doc(
                t, f"<article><h1>{e(t)}</h1>{cat.tender_body(t, d)}</article>", "/tenders/[id]", {}
            )
        pages["/about"] = doc(
            "درباره ما",
            "<h1>درباره ما</h1><p>شرکت توزیع نیروی برق استان قزوین در سال ۱۳۷۰ تاسیس شد.</p>",
            "/about",
            {},
        )
        pages["/contact"] = doc(
            "تماس با ما",
            "<h1>تماس با ما</h1><p>نشانی: قزوین، بلوار شهید بابایی</p>"
            '<form method="post" action="/api/contact"><input name="name"/><textarea name="msg"></textarea><button>ارسال</button></form>',
            "/contact",
            {},
        )
        pages["/privacy"] = doc(
            "حریم خصوصی", "<h1>حریم خصوصی</h1><p>اطلاعات شما محفوظ است.</p>", "/privacy", {}
        )
        pages["/search"] = doc(
            "جستجو", '<h1>جستجو</h1><form action="/search"><input name="q"/></form>', "/search", {}
        )
        pages["/en"] = doc(
            "Qazvin Electricity Distribution Co.",
            "<h1>Qazvin Electricity Distribution Company</h1><p>English pages are under construction.</p>",
            "/en",
            {},
        )
        pages["/robots.txt"] = raw("User-agent: *\nDisallow: /api/\n", "text/plain")
        return pages

    def detail(self, s: Service) -> Response:
        body = (
            f'<nav class="Breadcrumb_root"><a href="/">خانه</a> / <a href="/services">خدمات مشترکین</a> / <span>{e(s.title)}</span></nav>'
            f'<article class="ServiceDetail_root__c7"><h1 class="ServiceDetail_title__d2">{e(s.title)}</h1>'
            f'<p class="ServiceDetail_lead__f0">{e(s.description)}</p>{cat.fields_html(s)}'
            f'<div class="ServiceDetail_actions"><a href="https://my.qazvin-ed.ir/request/{s.key}" class="btn">درخواست آنلاین</a>'
            f'<a href="/services/{s.key}/print" target="_blank">نسخه چاپی</a>'
            f'<a href="https://t.me/share/url?url=https%3A%2F%2Fqazvin-ed.ir%2Fservices%2F{s.key}">اشتراک‌گذاری</a></div></article>'
        )
        service: dict[str, object] = {
            **listing_item(s),
            "documents": list(s.documents),
            "fee": s.fee,
            "duration": s.duration,
        }
        return doc(
            f"{s.title} | {AGENCY}",
            body,
            "/services/[id]",
            {"service": service},
            {"id": s.key},
            chunk="services/[id]",
        )

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        if r.target.startswith("/search?"):
            return doc("جستجو", "<h1>نتایج جستجو</h1><p>نتیجه‌ای یافت نشد.</p>", "/search", {})
        return None
