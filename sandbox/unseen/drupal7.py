# ruff: noqa: E501
"""(b) سازمان صنعت، معدن و تجارت استان خراسان رضوی on Drupal 7 (Bartik), its services split by citizen type.
Ported from the held-out round's ``p2_drupal7.py`` (its base variant):
- two Views pages, ``/khadamat/haghighi`` (اشخاص حقیقی) and ``/khadamat/hoghooghi`` (اشخاص حقوقی),
  5 rows a page with Drupal 7's full pager (``?page=1`` is page 2) and an exposed GET filter;
  three services are in both lists;
- pathauto aliases with a Persian slug (``/khedmat/صدور-کارت-بازرگانی``, percent-encoded),
  ``/node/N`` the same page (``rel="shortlink"``, an alias in the ground truth) and ``/print/N``
  the print module's copy; fields in Drupal 7 field markup (``field-label-above``);
- noise: FAQ, guide («مراحل»/«مدت زمان» fields), law, news and tender nodes in the same field
  markup, an RSS feed, a search block, an English stub."""

from __future__ import annotations

import dataclasses
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from sandbox.catalogue import ServiceSpec
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round8 as cat
from sandbox.unseen.base import e, raw
from sandbox.unseen.catalogue_round8 import (
    FAQ,
    GUIDES,
    LAW_BODY,
    NEWS_BODY,
    NEWS_TITLES,
    TENDERS,
    Service,
    tender_body,
)
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.SAMT
WHO = {"ha": "اشخاص حقیقی", "ho": "اشخاص حقوقی", "both": "اشخاص حقیقی و حقوقی"}
LISTS = ("/khadamat/haghighi", "/khadamat/hoghooghi")
PER = 5


def field(name: str, label: str, items: str) -> str:
    return (
        f'<div class="field field-name-field-{name} field-type-text-long field-label-above">'
        f'<div class="field-label">{e(label)}:&nbsp;</div><div class="field-items"><div class="field-item even">{items}</div></div></div>'
    )


def layout(title: str, content: str, extra_head: str = "", node: str = "") -> Response:
    menu = (
        '<ul class="menu"><li class="first leaf"><a href="/">صفحه اصلی</a></li>'
        '<li class="leaf"><a href="/khadamat/haghighi">خدمات اشخاص حقیقی</a></li>'
        '<li class="leaf"><a href="/khadamat/hoghooghi">خدمات اشخاص حقوقی</a></li>'
        '<li class="leaf"><a href="/akhbar">اخبار</a></li><li class="leaf"><a href="/monaghese">مناقصات</a></li>'
        '<li class="leaf"><a href="/faq">پرسش‌های متداول</a></li><li class="leaf"><a href="/rahnama">راهنماها</a></li>'
        '<li class="leaf"><a href="/ghavanin">قوانین و مقررات</a></li><li class="last leaf"><a href="/contact">تماس با ما</a></li></ul>'
    )
    return Response.html(
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+RDFa 1.0//EN" "http://www.w3.org/MarkUp/DTD/xhtml-rdfa-1.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fa" version="XHTML+RDFa 1.0" dir="rtl">\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        '<meta name="Generator" content="Drupal 7 (http://drupal.org)" />\n'
        + extra_head
        + f"<title>{e(title)} | {e(AGENCY)}</title>\n"
        '<link type="text/css" rel="stylesheet" href="/sites/default/files/css/css_xE-rWrJf-fncB6ztZfd2huxqgxu4WO-qwma6Xer30m4.css" media="all" />\n'
        '<script type="text/javascript" src="/misc/jquery.js?v=1.4.4"></script>\n'
        '<script type="text/javascript">jQuery.extend(Drupal.settings, {"basePath":"\\/","pathPrefix":"","ajaxPageState":{"theme":"bartik"}});</script>\n'
        f'</head>\n<body class="html {"not-front" if title else "front"} page-node{node}">\n<div id="page-wrapper"><div id="page">'
        '<div id="header"><a href="/" title="خانه" rel="home" id="logo"><img src="/sites/default/files/logo.png" alt="خانه" /></a>'
        '<div class="region region-header"><form action="/search/node" method="post" id="search-block-form" accept-charset="UTF-8">'
        '<input type="text" name="search_block_form" /><input type="submit" name="op" value="جستجو" /></form></div>'
        f'<div id="main-menu" class="navigation">{menu}</div></div>'
        f'<div id="main-wrapper"><div id="content" class="column"><div class="section">{content}</div></div></div>'
        '<div id="footer-wrapper"><div class="region region-footer"><p>سازمان صمت خراسان رضوی — مشهد، بلوار سجاد</p>'
        '<a href="/user/login">ورود کاربران</a> <a href="/en">English</a> <a href="/rss.xml">RSS</a></div></div></div></div></body></html>'
    )


class Drupal7Site(TableSite):
    id = "samt-khorasan"
    agency = AGENCY

    def __init__(self) -> None:
        made = cat.services(
            cat.SAMT_ROWS, AGENCY
        )  # descriptions name the ha/ho/both code, as the helper's
        self.who = {s.key: s.category for s in made}
        super().__init__([dataclasses.replace(s, category=WHO[s.category]) for s in made])

    def service_path(self, s: ServiceSpec) -> str:
        assert isinstance(s, Service)
        return "/khedmat/" + quote(
            s.title.replace(" ", "-").replace("(", "").replace(")", "").replace("\u200c", "-")
        )

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        assert isinstance(s, Service)
        return (f"/node/{s.key}",)

    def pages(self, origin: str) -> dict[str, Response]:
        pages: dict[str, Response] = {}
        shown = self.shown()

        def listing(path: str, title: str, rows: list[Service]) -> None:
            chunks = [rows[i : i + PER] for i in range(0, len(rows), PER)] or [[]]
            for n, chunk in enumerate(chunks):
                items = "".join(
                    f'<div class="views-row views-row-{k + 1}"><div class="views-field views-field-title"><span class="field-content">'
                    f'<a href="{self.service_path(s)}">{e(s.title)}</a></span></div>'
                    f'<div class="views-field views-field-body"><div class="field-content">{e(s.description[:80])}…</div></div></div>'
                    for k, s in enumerate(chunk)
                )
                pager = ""
                if len(chunks) > 1:
                    lis = []
                    if n:
                        lis.append(
                            f'<li class="pager-first first"><a title="برو به صفحه اول" href="{path}">« اولین</a></li>'
                        )
                        lis.append(
                            f'<li class="pager-previous"><a title="برو به صفحه قبل" href="{path}{"?page=" + str(n - 1) if n > 1 else ""}">‹ قبلی</a></li>'
                        )
                    for k in range(len(chunks)):
                        if k == n:
                            lis.append(f'<li class="pager-current">{k + 1}</li>')
                        else:
                            lis.append(
                                f'<li class="pager-item"><a title="برو به صفحه {k + 1}" href="{path}{"?page=" + str(k) if k else ""}">{k + 1}</a></li>'
                            )
                    if n + 1 < len(chunks):
                        lis.append(
                            f'<li class="pager-next"><a title="برو به صفحه بعد" href="{path}?page={n + 1}">بعدی ›</a></li>'
                        )
                        lis.append(
                            f'<li class="pager-last last"><a title="برو به صفحه آخر" href="{path}?page={len(chunks) - 1}">آخرین »</a></li>'
                        )
                    pager = (
                        '<h2 class="element-invisible">صفحه‌ها</h2><div class="item-list"><ul class="pager">'
                        + "".join(lis)
                        + "</ul></div>"
                    )
                form = (
                    f'<form action="{path}" method="get" id="views-exposed-form-services-page" accept-charset="UTF-8"><div class="views-exposed-form">'
                    '<label for="edit-title">عنوان خدمت</label><input type="text" id="edit-title" name="title" value="" size="30" maxlength="128" class="form-text" />'
                    '<select id="edit-field-group-tid" name="field_group_tid" class="form-select"><option value="All" selected="selected">- همه -</option>'
                    '<option value="12">صنعت</option><option value="13">بازرگانی</option></select>'
                    '<input type="submit" id="edit-submit-services" value="اعمال" class="form-submit" /></div></form>'
                )
                page = layout(
                    title,
                    f'<h1 class="title" id="page-title">{e(title)}</h1><div class="view view-services view-id-services view-display-id-page">'
                    f'<div class="view-filters">{form}</div><div class="view-content">{items}</div>{pager}</div>',
                )
                pages[path + (f"?page={n}" if n else "")] = page

        listing(
            LISTS[0], "خدمات اشخاص حقیقی", [s for s in shown if self.who[s.key] in ("ha", "both")]
        )
        listing(
            LISTS[1], "خدمات اشخاص حقوقی", [s for s in shown if self.who[s.key] in ("ho", "both")]
        )

        home = (
            '<div class="region region-content"><div id="block-block-3" class="block block-block"><h2>به پایگاه اطلاع‌رسانی سازمان صمت خوش آمدید</h2>'
            "<p>خدمات سازمان بر اساس نوع متقاضی دسته‌بندی شده است.</p></div>"
            '<div id="block-views-news-block" class="block block-views"><h2>اخبار</h2><ul>'
            + "".join(
                f'<li><a href="/news/{i + 1}">{e(t)}</a></li>'
                for i, t in enumerate(NEWS_TITLES[:3])
            )
            + "</ul></div></div>"
        )
        pages["/"] = layout("", home)
        pages["/node"] = pages["/"]
        pages["/en"] = layout(
            "Home",
            "<h1>Khorasan Razavi Organization of Industry, Mine and Trade</h1><p>Coming soon.</p>",
        )

        def node_page(nid: str, title: str, body: str, path_alias: str, ntype: str) -> None:
            head = f'<link rel="canonical" href="{path_alias}" />\n<link rel="shortlink" href="/node/{nid}" />\n'
            tabs = (
                f'<div class="print_html"><a href="/print/{nid}" title="نمایش نسخه قابل چاپ این صفحه." class="print-page" rel="nofollow">'
                '<img src="/sites/all/modules/print/icons/print_icon.png" alt="نسخه چاپی" /></a></div>'
            )
            content = (
                f'<h1 class="title" id="page-title">{e(title)}</h1>'
                f'<div id="node-{nid}" class="node node-{ntype} node-full clearfix" about="{path_alias}" typeof="sioc:Item foaf:Document">'
                f'<div class="content clearfix">{body}</div><div class="link-wrapper"><ul class="links inline"><li class="print_html first last">{tabs}</li></ul></div></div>'
            )
            page = layout(title, content, head, f" page-node-{nid} node-type-{ntype}")
            pages[path_alias] = page
            pages[f"/node/{nid}"] = page
            pages[f"/print/{nid}"] = Response.html(
                f'<html dir="rtl"><head><meta charset="utf-8"><title>{e(title)}</title><link rel="canonical" href="{path_alias}"></head>'
                f'<body><div class="print-logo"></div><h1 class="print-title">{e(title)}</h1><div class="print-content">{body}</div>'
                f'<div class="print-source_url"><strong>نشانی منبع:</strong> {origin}{path_alias}</div></body></html>'
            )

        for s in shown:
            docs = "".join(f"<li>{e(d)}</li>" for d in s.documents)
            steps = "".join(f"<li>{e(d)}</li>" for d in s.steps)
            body = (
                f'<div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items"><div class="field-item even" property="content:encoded"><p>{e(s.description)}</p></div></div></div>'
                + field("citizen", "گیرنده خدمت", e(s.category))
                + field("madarek", "مدارک مورد نیاز", f"<ul>{docs}</ul>")
                + field("marahel", "مراحل انجام کار", f"<ol>{steps}</ol>")
                + field("hazine", "هزینه", e(s.fee))
                + field("modat", "مدت زمان انجام", e(s.duration))
            )
            node_page(s.key, s.title, body, self.service_path(s), "service")

        def faq_path(q: str) -> str:
            return f"/faq/{quote(q[:30].replace(' ', '-'))}"

        pages["/faq"] = layout(
            "پرسش‌های متداول",
            '<h1 class="title" id="page-title">پرسش‌های متداول</h1><ul>'
            + "".join(f'<li><a href="{faq_path(q)}">{e(q)}</a></li>' for q, _ in FAQ)
            + "</ul>",
        )
        for i, (q, a) in enumerate(FAQ):
            node_page(
                str(400 + i),
                q,
                field("porsesh", "پرسش", e(q)) + field("pasokh", "پاسخ", f"<p>{e(a)}</p>"),
                faq_path(q),
                "faq",
            )
        pages["/rahnama"] = layout(
            "راهنماها",
            '<h1 class="title" id="page-title">راهنماها</h1><ul>'
            + "".join(
                f'<li><a href="/rahnama/{i + 1}">{e(t)}</a></li>' for i, (t, _) in enumerate(GUIDES)
            )
            + "</ul>",
        )
        for i, (t, st) in enumerate(GUIDES):
            lis = "".join(f"<li>{e(x)}</li>" for x in st)
            node_page(
                str(420 + i),
                t,
                f"<p>{e(t)} برای متقاضیان.</p>"
                + field("marahel", "مراحل", f"<ol>{lis}</ol>")
                + field("modat", "مدت زمان", "حدود ۵ دقیقه"),
                f"/rahnama/{i + 1}",
                "guide",
            )
        laws = ["آیین‌نامه اجرایی قانون نظام صنفی", "دستورالعمل صدور کارت بازرگانی"]
        pages["/ghavanin"] = layout(
            "قوانین و مقررات",
            '<h1 class="title" id="page-title">قوانین و مقررات</h1><ul>'
            + "".join(
                f'<li><a href="/ghavanin/{i + 1}">{e(t)}</a></li>' for i, t in enumerate(laws)
            )
            + "</ul>",
        )
        for i, t in enumerate(laws):
            node_page(
                str(440 + i),
                t,
                LAW_BODY
                + field(
                    "file", "فایل پیوست", '<a href="/sites/default/files/law.pdf">دریافت فایل</a>'
                ),
                f"/ghavanin/{i + 1}",
                "law",
            )
        pages["/akhbar"] = layout(
            "اخبار",
            '<h1 class="title" id="page-title">اخبار</h1><ul>'
            + "".join(
                f'<li><a href="/news/{i + 1}">{e(t)}</a></li>' for i, t in enumerate(NEWS_TITLES)
            )
            + "</ul>",
        )
        for i, t in enumerate(NEWS_TITLES):
            node_page(
                str(500 + i),
                t,
                f'<span class="submitted">۱۴۰۳/۰۸/{10 + i}</span><p>{e(NEWS_BODY)}</p>',
                f"/news/{i + 1}",
                "article",
            )
        pages["/monaghese"] = layout(
            "مناقصات",
            '<h1 class="title" id="page-title">مناقصات</h1><ul>'
            + "".join(
                f'<li><a href="/monaghese/{i + 1}">{e(t)}</a></li>'
                for i, (t, _) in enumerate(TENDERS)
            )
            + "</ul>",
        )
        for i, (t, d) in enumerate(TENDERS):
            node_page(str(520 + i), t, tender_body(t, d), f"/monaghese/{i + 1}", "tender")
        pages["/contact"] = layout(
            "تماس با ما",
            '<h1 class="title" id="page-title">تماس با ما</h1><form action="/contact" method="post"><input name="name"><textarea name="message"></textarea><input type="submit" name="op" value="ارسال پیام"></form>',
        )
        pages["/rss.xml"] = raw(
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>اخبار</title><link>{origin}/</link>'
            + "".join(
                f"<item><title>{e(t)}</title><link>{origin}/news/{i + 1}</link></item>"
                for i, t in enumerate(NEWS_TITLES)
            )
            + "</channel></rss>",
            "application/rss+xml; charset=utf-8",
        )
        pages["/robots.txt"] = raw(
            "User-agent: *\nCrawl-delay: 10\nDisallow: /includes/\nDisallow: /misc/\nDisallow: /modules/\nDisallow: /admin/\nDisallow: /user/login/\nDisallow: /?q=admin/\n",
            "text/plain",
        )
        return pages

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        """A list's page by ``?page=N`` under any other parameters (the exposed filter's); any
        other page by its decoded path (a raw Persian alias)."""
        parts = urlsplit(r.target)
        if parts.path in LISTS:
            n = dict(parse_qsl(parts.query, keep_blank_values=True)).get("page", "0")
            key = parts.path + (f"?page={n}" if n not in ("", "0") else "")
            return pages.get(key) or pages.get(parts.path)
        decoded = unquote(r.target)
        return next((page for path, page in pages.items() if unquote(path) == decoded), None)
