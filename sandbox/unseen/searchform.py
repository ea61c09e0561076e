# ruff: noqa: E501
"""(e) اداره کل تعاون، کار و رفاه اجتماعی استان کرمان on a Persian CMS («سامانه مدیریت محتوای سپهر»),
its catalogue reachable only through an empty GET search form.
Ported from the held-out round's ``p5_searchform.py`` (its base variant):
- the home page (``/`` and ``/fa``, the same page) has a «جستجوی خدمات» form: GET
  ``/fa/services/search`` with ``q`` (labelled «عنوان خدمت:») and ``group`` (a ``<select>`` labelled
  «گروه خدمت:», its first option empty); sent empty it lists every service, 6 a page, pager links
  ``?q=&group=&page=2``; no ``<a>`` points at the list; a group filters it;
- service pages are ``/fa/خدمت/۱۲`` (a Persian word and Persian digits, percent-encoded); the home
  page links two "popular" services;
- noise: FAQ items ``/fa/پرسش/۱`` with «پاسخ» and «مدارک مورد نیاز» h4s, laws, news, tenders in
  headed sections, a site-wide search (``/fa/search?q=``) that asks for a term when sent empty."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlsplit

from sandbox.catalogue import ServiceSpec
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round8 as cat
from sandbox.unseen.base import e, raw
from sandbox.unseen.catalogue_round8 import (
    FAQ,
    LAW_BODY,
    NEWS_BODY,
    NEWS_TITLES,
    TENDERS,
    Service,
    fields_html,
    tender_body,
)
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.TAAVON
FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
PER = 6
LAWS = ("قانون بخش تعاونی اقتصاد جمهوری اسلامی ایران", "آیین‌نامه صدور پروانه کار اتباع خارجی")


def fa(n: int | str) -> str:
    return str(n).translate(FA)


def layout(title: str, content: str) -> Response:
    menu = "".join(
        f'<li class="menu-item"><a href="{quote(h)}">{t}</a></li>'
        for h, t in [
            ("/fa", "صفحه نخست"),
            ("/fa/اخبار", "اخبار"),
            ("/fa/مناقصات", "مناقصات و مزایدات"),
            ("/fa/پرسش‌های-متداول", "پرسش‌های متداول"),
            ("/fa/قوانین", "قوانین و مقررات"),
            ("/fa/تماس-با-ما", "تماس با ما"),
            ("/en", "English"),
        ]
    )
    return Response.html(
        '<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">'
        f'<title>{e(title)} - {e(AGENCY)}</title><meta name="generator" content="Sepehr CMS 4.2">'
        '<link rel="stylesheet" href="/themes/sepehr/css/style.css"></head><body>'
        f'<div id="header"><div class="logo"><a href="{quote("/fa")}"><img src="/files/logo.png" alt="لوگو"></a></div>'
        '<form id="site-search" action="/fa/search" method="get"><input type="text" name="q" placeholder="جستجو در سایت">'
        '<input type="submit" value="جستجو"></form></div>'
        f'<ul id="main-menu">{menu}</ul><div id="content">{content}</div>'
        '<div id="footer">کلیه حقوق این سایت متعلق به اداره کل تعاون، کار و رفاه اجتماعی استان کرمان است. | '
        "طراحی و پیاده‌سازی: سامانه مدیریت محتوای سپهر</div></body></html>"
    )


class SearchFormSite(TableSite):
    id = "taavon-kerman"
    agency = AGENCY

    def __init__(self) -> None:
        super().__init__(cat.services(cat.TAAVON_ROWS, AGENCY))

    def service_path(self, s: ServiceSpec) -> str:
        assert isinstance(s, Service)
        return quote(f"/fa/خدمت/{fa(s.key)}")

    def form(self) -> str:
        groups = list(dict.fromkeys(s.category for s in self.services))
        opts = '<option value="">همه گروه‌ها</option>' + "".join(
            f'<option value="{e(g)}">{e(g)}</option>' for g in groups
        )
        return (
            '<div class="box service-search"><h2>جستجوی خدمات</h2>'
            '<form action="/fa/services/search" method="get" class="service-search-form">'
            '<label>عنوان خدمت: <input type="text" name="q" value=""></label>'
            f'<label>گروه خدمت: <select name="group">{opts}</select></label>'
            '<button type="submit">جستجوی خدمت</button></form></div>'
        )

    def pages(self, origin: str) -> dict[str, Response]:
        pages: dict[str, Response] = {}
        shown = self.shown()
        popular = [s for s in self.services[:2] if s in shown]
        box = (
            '<div class="box"><h2>خدمات پرمراجعه</h2><ul>'
            + "".join(
                f'<li><a href="{self.service_path(s)}">{e(s.title)}</a></li>' for s in popular
            )
            + "</ul></div>"
        )
        news = (
            '<div class="box"><h2>اخبار</h2><ul>'
            + "".join(
                f'<li><a href="{quote("/fa/خبر/" + fa(i + 1))}">{e(t)}</a></li>'
                for i, t in enumerate(NEWS_TITLES[:3])
            )
            + "</ul></div>"
        )
        pages["/"] = layout("صفحه نخست", self.form() + box + news)
        pages[quote("/fa")] = pages["/"]
        pages["/en"] = layout(
            "Home",
            "<h1>Kerman Cooperatives, Labour and Social Welfare</h1><p>Under construction.</p>",
        )
        for s in shown:
            pages[self.service_path(s)] = layout(
                s.title,
                f'<div class="breadcrumb"><a href="{quote("/fa")}">خانه</a> » خدمات » {e(s.title)}</div>'
                f'<h1 class="content-title">{e(s.title)}</h1><div class="content-body"><p>{e(s.description)}</p>{fields_html(s, "h4")}</div>'
                '<div class="tools"><a href="javascript:window.print()">چاپ</a> '
                f'<a href="https://eservices.mcls.gov.ir/req/{s.key}">ثبت درخواست</a></div>',
            )
        pages[quote("/fa/اخبار")] = layout(
            "اخبار",
            "<h1>اخبار</h1><ul>"
            + "".join(
                f'<li><a href="{quote("/fa/خبر/" + fa(i + 1))}">{e(t)}</a></li>'
                for i, t in enumerate(NEWS_TITLES)
            )
            + "</ul>",
        )
        for i, t in enumerate(NEWS_TITLES):
            pages[quote("/fa/خبر/" + fa(i + 1))] = layout(
                t,
                f'<h1 class="content-title">{e(t)}</h1><div class="content-body"><p>{e(NEWS_BODY)}</p></div>',
            )
        pages[quote("/fa/مناقصات")] = layout(
            "مناقصات",
            "<h1>مناقصات و مزایدات</h1>"
            + "".join(f"<h2>{e(t)}</h2>{tender_body(t, d)}" for t, d in TENDERS),
        )
        pages[quote("/fa/پرسش‌های-متداول")] = layout(
            "پرسش‌های متداول",
            "<h1>پرسش‌های متداول</h1><ul>"
            + "".join(
                f'<li><a href="{quote("/fa/پرسش/" + fa(i + 1))}">{e(q)}</a></li>'
                for i, (q, _) in enumerate(FAQ)
            )
            + "</ul>",
        )
        for i, (q, a) in enumerate(FAQ):
            pages[quote("/fa/پرسش/" + fa(i + 1))] = layout(
                q,
                f'<h1 class="content-title">{e(q)}</h1><div class="content-body"><h4>پاسخ</h4><p>{e(a)}</p><h4>مدارک مورد نیاز</h4><p>مطابق صفحه هر خدمت</p></div>',
            )
        pages[quote("/fa/قوانین")] = layout(
            "قوانین و مقررات",
            "<h1>قوانین و مقررات</h1><ul>"
            + "".join(
                f'<li><a href="{quote("/fa/قانون/" + fa(i + 1))}">{e(t)}</a></li>'
                for i, t in enumerate(LAWS)
            )
            + "</ul>",
        )
        for i, t in enumerate(LAWS):
            pages[quote("/fa/قانون/" + fa(i + 1))] = layout(
                t,
                f'<h1 class="content-title">{e(t)}</h1><div class="content-body">{LAW_BODY}</div>',
            )
        pages[quote("/fa/تماس-با-ما")] = layout(
            "تماس با ما", "<h1>تماس با ما</h1><p>کرمان، بلوار جمهوری — تلفن ۰۳۴۳۲۱۱۰۰۰۰</p>"
        )
        pages["/robots.txt"] = raw("User-agent: *\nDisallow: /admin/\n", "text/plain")
        return pages

    def results(self, q: str, group: str, page: int) -> Response:
        """The services search's answer: the shown services matching, 6 a page."""
        hits = [
            s
            for s in self.shown()
            if (not q or q in s.title) and (not group or group == s.category)
        ]
        chunk = hits[(page - 1) * PER : page * PER]
        rows = "".join(
            f'<tr><td>{(page - 1) * PER + k + 1}</td><td><a href="{self.service_path(s)}">{e(s.title)}</a></td><td>{e(s.category)}</td></tr>'
            for k, s in enumerate(chunk)
        )
        npages = max(1, -(-len(hits) // PER))
        pager = " ".join(
            f'<a href="/fa/services/search?q={quote(q)}&amp;group={quote(group)}&amp;page={k}">{fa(k)}</a>'
            if k != page
            else f'<span class="current">{fa(k)}</span>'
            for k in range(1, npages + 1)
        )
        return layout(
            "نتایج جستجوی خدمات",
            f"{self.form()}<h1>نتایج جستجوی خدمات</h1><p>{fa(len(hits))} خدمت یافت شد.</p>"
            f'<table class="grid"><tr><th>ردیف</th><th>عنوان خدمت</th><th>گروه</th></tr>{rows}</table>'
            f'<div class="pager">{pager}</div>',
        )

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        """The two search forms' answers; any other page by its decoded path (raw Persian)."""
        parts = urlsplit(r.target)
        qs = dict(parse_qsl(parts.query, keep_blank_values=True))
        if parts.path == "/fa/services/search":
            try:
                page = max(1, int(qs.get("page", "1") or 1))
            except ValueError:
                page = 1
            return self.results(qs.get("q", "").strip(), qs.get("group", "").strip(), page)
        if parts.path == "/fa/search":
            q = qs.get("q", "").strip()
            return layout(
                "جستجو",
                "<h1>جستجو</h1><p>"
                + ("لطفاً عبارت جستجو را وارد کنید." if not q else "نتیجه‌ای یافت نشد.")
                + "</p>",
            )
        decoded = unquote(r.target)
        return next((p for path, p in pages.items() if unquote(path) == decoded), None)
