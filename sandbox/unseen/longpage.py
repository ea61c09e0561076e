# ruff: noqa: E501
"""(f) شرکت آب و فاضلاب استان البرز on Sitecore 9, its services all on one long page of sections.
Ported from the held-out round's ``p6_longpage.py`` (its base variant):
- ``/`` redirects to ``/fa``; ``/fa/khadamat`` is one long page: a table of contents of in-page
  anchors (``#srv-12``), then a ``<section id="srv-12">`` per service with an h2, a summary, h4
  fields (مدارک/مراحل/هزینه/مدت زمان) and «مشاهده جزئیات کامل» → ``/fa/khadamat/<item-name>``
  (the page itself is no service);
- detail pages have an h1, h3 fields and a ``?sc_device=print`` copy;
- noise: an FAQ page of anchored sections (a «هزینه» h4 in each), a guide page «راهنمای جامع
  مشترکین» whose sections have «مراحل» and «مدت زمان انجام» h4s, tenders in sections, news,
  search, a sitemap page, an English stub."""

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
    fields_html,
    tender_body,
)
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.ABFA
ANCHOR = {name: f"srv-{n}" for n, name, _, _ in cat.ABFA_ROWS}


def layout(title: str, content: str) -> Response:
    nav = "".join(
        f'<li><a href="{h}">{t}</a></li>'
        for h, t in [
            ("/fa", "خانه"),
            ("/fa/khadamat", "خدمات مشترکین"),
            ("/fa/akhbar", "اخبار"),
            ("/fa/monaghesat", "مناقصات"),
            ("/fa/soalat-motadavel", "پرسش‌های متداول"),
            ("/fa/rahnama", "راهنمای جامع مشترکین"),
            ("/fa/tamas", "تماس با ما"),
            ("/en", "English"),
        ]
    )
    return Response.html(
        '<!DOCTYPE html><html lang="fa-IR" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{e(title)} | {e(AGENCY)}</title>"
        '<link href="/-/media/Themes/Abfa/styles/main.css" rel="stylesheet"><script src="/-/media/Themes/Abfa/scripts/main.js"></script>'
        '</head><body><div id="main-container"><header class="component header">'
        f'<a href="/fa" class="logo"><img src="/-/media/Abfa/logo.ashx?h=60&amp;w=200" alt="{e(AGENCY)}"></a>'
        f'<nav class="navigation-main"><ul>{nav}</ul></nav>'
        '<div class="component search-box"><form action="/fa/search-results" method="get"><input name="q" class="search-box-input"></form></div></header>'
        f'<main><div class="component rich-text">{content}</div></main>'
        '<footer class="component footer"><p>مرکز ارتباطات مردمی ۱۲۲ — حوادث ۱۲۲</p><a href="/fa/sitemap">نقشه سایت</a></footer>'
        "</div></body></html>"
    )


class LongPageSite(TableSite):
    id = "abfa-karaj"
    agency = AGENCY

    def __init__(self) -> None:
        super().__init__(
            cat.services(tuple((name, t, c) for _, name, t, c in cat.ABFA_ROWS), AGENCY)
        )

    def service_path(self, s: ServiceSpec) -> str:
        assert isinstance(s, Service)
        return f"/fa/khadamat/{s.key}"

    def pages(self, origin: str) -> dict[str, Response]:
        pages: dict[str, Response] = {}
        shown = self.shown()
        pages["/"] = Response.redirect("/fa")
        pages["/fa"] = layout(
            "خانه",
            '<h1>شرکت آب و فاضلاب استان البرز</h1><p>برای آشنایی با خدمات به صفحه <a href="/fa/khadamat">خدمات مشترکین</a> مراجعه کنید.</p>'
            "<h2>اخبار</h2><ul>"
            + "".join(
                f'<li><a href="/fa/akhbar/{i + 1}">{e(t)}</a></li>'
                for i, t in enumerate(NEWS_TITLES[:3])
            )
            + "</ul>",
        )
        pages["/en"] = layout(
            "Home", "<h1>Alborz Water and Wastewater Company</h1><p>Coming soon.</p>"
        )
        toc = (
            '<nav class="toc"><h2>فهرست خدمات</h2><ol>'
            + "".join(f'<li><a href="#{ANCHOR[s.key]}">{e(s.title)}</a></li>' for s in shown)
            + "</ol></nav>"
        )
        secs = "".join(
            f'<section id="{ANCHOR[s.key]}" class="service-section"><h2>{e(s.title)}</h2><p>{e(s.description)}</p>{fields_html(s, "h4")}'
            f'<p class="more"><a href="/fa/khadamat/{s.key}">مشاهده جزئیات کامل</a> | <a href="#{ANCHOR[s.key]}">پیوند مستقیم</a> | '
            '<a href="#top">بازگشت به بالا</a></p></section>'
            for s in shown
        )
        pages["/fa/khadamat"] = layout(
            "خدمات مشترکین",
            f'<h1 id="top">خدمات مشترکین</h1><p>شرح همه خدمات شرکت آب و فاضلاب در این صفحه آمده است.</p>{toc}{secs}',
        )
        for s in shown:
            printl = f'<a href="/fa/khadamat/{s.key}?sc_device=print" class="print">نسخه چاپی</a>'
            body = (
                '<ol class="breadcrumb"><li><a href="/fa">خانه</a></li><li><a href="/fa/khadamat">خدمات مشترکین</a></li></ol>'
                f'<h1 class="field-title">{e(s.title)}</h1><div class="field-content"><p>{e(s.description)}</p>'
                f"<p>این خدمت از طریق سامانه غیرحضوری ۱۲۲ و دفاتر پیشخوان نیز قابل درخواست است.</p>{fields_html(s, 'h3')}</div>"
                f'<div class="tools">{printl} <a href="https://ab-baha.abfa-alborz.ir/req?s={s.key}">درخواست غیرحضوری</a></div>'
                f'<p><a href="/fa/khadamat#{ANCHOR[s.key]}">بازگشت به فهرست خدمات</a></p>'
            )
            pages[f"/fa/khadamat/{s.key}"] = layout(s.title, body)
            pages[f"/fa/khadamat/{s.key}?sc_device=print"] = Response.html(
                f'<html dir="rtl"><head><meta charset="utf-8"><title>{e(s.title)}</title></head>'
                f"<body><h1>{e(s.title)}</h1><p>{e(s.description)}</p>{fields_html(s, 'h3')}</body></html>"
            )
        pages["/fa/soalat-motadavel"] = layout(
            "پرسش‌های متداول",
            "<h1>پرسش‌های متداول</h1><ol>"
            + "".join(f'<li><a href="#faq-{i + 1}">{e(q)}</a></li>' for i, (q, _) in enumerate(FAQ))
            + "</ol>"
            + "".join(
                f'<section id="faq-{i + 1}"><h2>{e(q)}</h2><p>{e(a)}</p><h4>هزینه</h4><p>طبق تعرفه مصوب</p></section>'
                for i, (q, a) in enumerate(FAQ)
            ),
        )
        pages["/fa/rahnama"] = layout(
            "راهنمای جامع مشترکین",
            "<h1>راهنمای جامع مشترکین</h1>"
            + "".join(
                f'<section id="g{i + 1}"><h2>{e(t)}</h2><h4>مراحل</h4><ol>'
                + "".join(f"<li>{e(x)}</li>" for x in st)
                + "</ol><h4>مدت زمان انجام</h4><p>حدود ۱۰ دقیقه</p></section>"
                for i, (t, st) in enumerate(GUIDES)
            ),
        )
        pages["/fa/akhbar"] = layout(
            "اخبار",
            "<h1>اخبار</h1><ul>"
            + "".join(
                f'<li><a href="/fa/akhbar/{i + 1}">{e(t)}</a></li>'
                for i, t in enumerate(NEWS_TITLES)
            )
            + "</ul>",
        )
        for i, t in enumerate(NEWS_TITLES):
            pages[f"/fa/akhbar/{i + 1}"] = layout(
                t,
                f'<h1 class="field-title">{e(t)}</h1><p class="date">۱۴۰۳/۰۸/{10 + i}</p><p>{e(NEWS_BODY)}</p>',
            )
        pages["/fa/monaghesat"] = layout(
            "مناقصات",
            "<h1>مناقصات</h1>"
            + "".join(
                f'<section id="t{i}"><h2>{e(t)}</h2>{tender_body(t, d)}</section>'
                for i, (t, d) in enumerate(TENDERS)
            ),
        )
        pages["/fa/tamas"] = layout(
            "تماس با ما", "<h1>تماس با ما</h1><p>کرج، بلوار جمهوری — تلفن ۱۲۲</p>"
        )
        pages["/fa/sitemap"] = layout(
            "نقشه سایت",
            '<h1>نقشه سایت</h1><ul><li><a href="/fa/khadamat">خدمات مشترکین</a></li><li><a href="/fa/akhbar">اخبار</a></li></ul>',
        )
        pages["/robots.txt"] = raw("User-agent: *\nDisallow: /sitecore/\n", "text/plain")
        return pages

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        if r.target.startswith("/fa/search-results"):
            return layout("نتایج جستجو", "<h1>نتایج جستجو</h1><p>نتیجه‌ای یافت نشد.</p>")
        return None
