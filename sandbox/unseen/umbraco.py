# ruff: noqa: E501
"""(a) اداره کل استاندارد استان اصفهان on Umbraco 8, its catalogue cards clickable only by a script.
Ported from the held-out round's ``p1_umbraco.py`` (its base variant):
- ``/`` redirects (302) to ``/fa/``; trailing-slash URLs throughout;
- ``/fa/services/`` groups the services into six groups of cards, each a
  ``<div class="service-card" data-href="/fa/services/<slug>/" role="link" tabindex="0">`` made
  clickable by ``$(".service-card").on("click keypress", …window.location=$(this).data("href"))``:
  there is no ``<a>`` on a card;
- detail pages: an h1, h3 fields, an ``?altTemplate=print`` print copy, a share link and a
  «خدمات مرتبط» box linking (with ``<a>``) the other services of the same group; the home page
  links two "popular" services;
- noise: FAQ items ``/fa/faq/qN/`` («پرسش»/«پاسخ» h3s), guides ``/fa/guides/gN/`` with «مراحل» and
  «مدت زمان» h3s (a guide laid out like a service), news, tenders in headed sections, an English
  stub, a contact form, search."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round8 as cat
from sandbox.unseen.base import e, raw
from sandbox.unseen.catalogue_round8 import (
    FAQ,
    GUIDES,
    NEWS_BODY,
    NEWS_TITLES,
    TENDERS,
    Service,
    faq_html,
    fields_html,
    guide_html,
    tender_body,
)
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.STANDARD
SCRIPT = '<script>$(function(){$(".service-card").on("click keypress",function(){window.location=$(this).data("href");});});</script>'


def layout(title: str, content: str, lang: str = "fa") -> Response:
    nav = (
        '<ul class="navbar-nav">'
        '<li><a href="/fa/">صفحه نخست</a></li><li class="dropdown"><a href="/fa/services/">خدمات</a></li>'
        '<li><a href="/fa/news/">اخبار</a></li><li><a href="/fa/tenders/">مناقصات و مزایدات</a></li>'
        '<li><a href="/fa/faq/">پرسش‌های متداول</a></li><li><a href="/fa/guides/">راهنمای خدمات الکترونیک</a></li>'
        '<li><a href="/fa/contact-us/">تماس با ما</a></li><li><a href="/en/">English</a></li></ul>'
    )
    return Response.html(
        f'<!DOCTYPE html><html lang="{lang}" dir="rtl"><head><meta charset="utf-8">'
        f'<title>{e(title)} | {e(AGENCY)}</title><meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link href="/css/bootstrap.rtl.min.css" rel="stylesheet"><link href="/css/site.css?v=8.18.5" rel="stylesheet">'
        '<script src="/scripts/jquery-3.6.0.min.js"></script></head><body>'
        f'<header class="site-header"><a class="brand" href="/fa/"><img src="/media/1021/logo.png" alt="{e(AGENCY)}"></a>'
        '<form class="search" action="/fa/search/" method="get"><input name="q" placeholder="جستجو..."><button>جستجو</button></form>'
        f'<nav>{nav}</nav></header><main class="container">{content}</main>'
        "<footer><p>کلیه حقوق برای اداره کل استاندارد استان اصفهان محفوظ است.</p>"
        '<a href="/fa/sitemap/">نقشه سایت</a> <a href="https://my.isiri.gov.ir">میز خدمت</a></footer>'
        f"{SCRIPT}</body></html>"
    )


class UmbracoSite(TableSite):
    id = "standard-isfahan"
    agency = AGENCY

    def __init__(self) -> None:
        super().__init__(cat.services(cat.STANDARD_ROWS, AGENCY))

    def service_path(self, s: ServiceSpec) -> str:
        assert isinstance(s, Service)
        return f"/fa/services/{s.key}/"

    def pages(self, origin: str) -> dict[str, Response]:
        pages: dict[str, Response] = {}
        shown = self.shown()
        path = self.service_path
        popular = [s for s in self.services[:2] if s in shown]
        home = (
            '<section class="hero"><h1>به پایگاه اطلاع‌رسانی اداره کل استاندارد استان اصفهان خوش آمدید</h1></section>'
            '<section class="popular"><h2>پربازدیدترین خدمات</h2><ul>'
            + "".join(f'<li><a href="{path(s)}">{e(s.title)}</a></li>' for s in popular)
            + '</ul><a class="more" href="/fa/services/">همه خدمات</a></section>'
            '<section class="news"><h2>آخرین اخبار</h2><ul>'
            + "".join(
                f'<li><a href="/fa/news/{1200 + i}/">{e(t)}</a></li>'
                for i, t in enumerate(NEWS_TITLES[:3])
            )
            + "</ul></section>"
        )
        pages["/"] = Response.redirect("/fa/")
        pages["/fa/"] = layout("صفحه نخست", home)
        pages["/en/"] = layout(
            "Home",
            "<h1>Isfahan Standard Office</h1><p>The English version is under construction.</p>",
            "en",
        )

        groups: dict[str, list[Service]] = {}
        for s in shown:
            groups.setdefault(s.category, []).append(s)
        blocks = []
        for g, ss in groups.items():
            cards = []
            for s in ss:
                inner = (
                    f'<div class="card-icon"><img src="/media/icons/{s.key}.svg" alt=""></div>'
                    f'<h3 class="card-title">{e(s.title)}</h3><p class="card-text">{e(s.description[:90])}…</p>'
                )
                cards.append(
                    f'<div class="service-card" data-href="{path(s)}" role="link" tabindex="0">{inner}</div>'
                )
            blocks.append(
                f'<section class="service-group"><h2>{e(g)}</h2><div class="cards">{"".join(cards)}</div></section>'
            )
        pages["/fa/services/"] = layout(
            "خدمات",
            "<h1>فهرست خدمات</h1><p>برای مشاهده جزئیات هر خدمت روی آن کلیک کنید.</p>"
            + "".join(blocks),
        )

        for s in shown:
            related = (
                '<aside class="related"><h4>خدمات مرتبط</h4><ul>'
                + "".join(
                    f'<li><a href="{path(o)}">{e(o.title)}</a></li>'
                    for o in groups[s.category]
                    if o is not s
                )
                + "</ul></aside>"
            )
            printl = f'<a class="print" href="{path(s)}?altTemplate=print">چاپ</a> '
            body = (
                f'<ol class="breadcrumb"><li><a href="/fa/">خانه</a></li><li><a href="/fa/services/">خدمات</a></li><li>{e(s.title)}</li></ol>'
                f'<article class="service"><h1>{e(s.title)}</h1><div class="tools">{printl}'
                f'<a class="share" href="https://telegram.me/share/url?url={origin}{path(s)}">اشتراک</a></div>'
                f'<p class="lead">{e(s.description)}</p>{fields_html(s)}'
                f'<a class="btn" href="https://my.isiri.gov.ir/request/{s.key}">درخواست خدمت</a></article>{related}'
            )
            pages[path(s)] = layout(s.title, body)
            pages[path(s) + "?altTemplate=print"] = Response.html(
                f'<html dir="rtl"><head><meta charset="utf-8"><title>{e(s.title)}</title></head><body onload="window.print()">'
                f"<h1>{e(s.title)}</h1><p>{e(s.description)}</p>{fields_html(s)}</body></html>"
            )

        pages["/fa/news/"] = layout(
            "اخبار",
            "<h1>اخبار</h1><ul>"
            + "".join(
                f'<li><a href="/fa/news/{1200 + i}/">{e(t)}</a> <span>۱۴۰۳/۰۸/{10 + i}</span></li>'
                for i, t in enumerate(NEWS_TITLES)
            )
            + "</ul>",
        )
        for i, t in enumerate(NEWS_TITLES):
            pages[f"/fa/news/{1200 + i}/"] = layout(
                t,
                f'<article class="news"><h1>{e(t)}</h1><time>۱۴۰۳/۰۸/{10 + i}</time><p>{e(NEWS_BODY)}</p></article>',
            )
        pages["/fa/tenders/"] = layout(
            "مناقصات",
            "<h1>مناقصات و مزایدات</h1>"
            + "".join(
                f'<h3><a href="/fa/tenders/{70 + i}/">{e(t)}</a></h3>'
                for i, (t, _) in enumerate(TENDERS)
            ),
        )
        for i, (t, d) in enumerate(TENDERS):
            pages[f"/fa/tenders/{70 + i}/"] = layout(t, f"<h1>{e(t)}</h1>{tender_body(t, d)}")
        faq_links = "".join(
            f'<li><a href="/fa/faq/q{i + 1}/">{e(q)}</a></li>' for i, (q, _) in enumerate(FAQ)
        )
        pages["/fa/faq/"] = layout("پرسش‌های متداول", f"<h1>پرسش‌های متداول</h1><ul>{faq_links}</ul>")
        for i, (q, a) in enumerate(FAQ):
            pages[f"/fa/faq/q{i + 1}/"] = layout(
                q, f"<article><h1>{e(q)}</h1>{faq_html(q, a)}</article>"
            )
        guide_links = "".join(
            f'<li><a href="/fa/guides/g{i + 1}/">{e(t)}</a></li>' for i, (t, _) in enumerate(GUIDES)
        )
        pages["/fa/guides/"] = layout(
            "راهنماها", f"<h1>راهنمای خدمات الکترونیک</h1><ul>{guide_links}</ul>"
        )
        for i, (t, st) in enumerate(GUIDES):
            pages[f"/fa/guides/g{i + 1}/"] = layout(
                t, f"<article><h1>{e(t)}</h1>{guide_html(t, st)}</article>"
            )
        pages["/fa/contact-us/"] = layout(
            "تماس با ما",
            "<h1>تماس با ما</h1><p>اصفهان، خیابان هشت بهشت — تلفن ۳۶۶۱۰۰۰۰</p>"
            '<form method="post" action="/umbraco/surface/Contact/Submit"><input name="Name"><textarea name="Message"></textarea><button>ارسال</button></form>',
        )
        pages["/fa/sitemap/"] = layout(
            "نقشه سایت",
            '<h1>نقشه سایت</h1><ul><li><a href="/fa/services/">خدمات</a></li><li><a href="/fa/news/">اخبار</a></li><li><a href="/fa/faq/">پرسش‌های متداول</a></li></ul>',
        )
        pages["/robots.txt"] = raw("User-agent: *\nDisallow: /umbraco/\n", "text/plain")
        return pages

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        if r.target.startswith("/fa/search/"):
            return layout("جستجو", "<h1>نتایج جستجو</h1><p>موردی یافت نشد.</p>")
        return None
