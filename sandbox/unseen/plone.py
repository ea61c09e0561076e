# ruff: noqa: E501
"""(c) دانشگاه علوم پزشکی کاشان on Plone 5 classic with plone.app.multilingual.
Conventions modelled (Plone's `document_view` template: h1.documentFirstHeading, document actions print/sendto;
collective.listingviews and Plone's folder listing templates):
- `/` redirects (302) to `/fa`; every URL is absolute, and every page has `<base href>` and a canonical link;
- services are Documents in three sub-folders of `/fa/khadamat`, shown in `folder_summary_view`
  (`article.tileItem` / `h2.tileHeadline` / `span.description`), 6 per page with `?b_start:int=6`;
- detail: `h1.documentFirstHeading`, `div.documentDescription`, `#parent-fieldname-text` (fields under `<h2>`),
  document actions `sendto_form` and a JavaScript print, a tag link `@@search?Subject%3Alist=`;
- the home page's «خدمات پربازدید» portlet links services with the `/view` suffix (an alias);
- noise: News Items in the same Document markup plus `documentByLine`, tenders (headed sections), the language
  selector `@@multilingual-selector/…`, a login link with `came_from`, search, sitemap, accessibility and
  contact pages, an English root `/en`."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round7 as cat
from sandbox.unseen.base import e
from sandbox.unseen.catalogue_round7 import KAUMS_FOLDERS as FOLDERS
from sandbox.unseen.catalogue_round7 import NEWS_BODY, NEWS_TITLES, TENDERS, Service
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.KAUMS
BATCH = 6
NAV = (
    ("index_html", "", "صفحه اصلی"),
    ("khadamat", "khadamat", "خدمات"),
    ("news", "news", "اخبار"),
    ("monaghesat", "monaghesat", "مناقصات و مزایدات"),
    ("contact-info", "contact-info", "تماس با ما"),
)


def doc(
    o: str,
    title: str,
    section: str,
    crumbs: list[tuple[str, str]],
    content: str,
    klass: str,
    ctx: str,
    portlets: str = "",
) -> Response:
    """The Plone 5 layout around one view of the context ``ctx`` (an absolute URL)."""
    crumb = "".join(
        f'<li id="breadcrumbs-{i + 2}"><span class="breadcrumbs-separator">/</span><a href="{u}">{e(t)}</a></li>'
        for i, (u, t) in enumerate(crumbs)
    )
    nav = "".join(
        f'<li class="{c}{" selected" if c == section else ""}"><a href="{o}/fa/{p}">{t}</a></li>'
        for c, p, t in NAV
    )
    return Response.html(
        f'<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" lang="fa" xml:lang="fa"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
        f'<title>{e(title)} — {e(AGENCY)}</title><base href="{ctx}" />'
        f'<link rel="canonical" href="{ctx}" /><link rel="search" href="{o}/fa/@@search" title="Search this site" />'
        f'<link rel="stylesheet" href="{o}/++plone++production/default.css" /><meta name="generator" content="Plone - http://plone.com" /></head>'
        f'<body class="{klass} site-fa section-{section} icons-on thumbs-on frontend viewpermission-view pat-markspeciallinks" dir="rtl">'
        f'<div class="outer-wrapper"><header id="content-header"><div class="container"><div id="portal-header">'
        f'<a id="portal-logo" title="{e(AGENCY)}" href="{o}/fa"><img src="{o}/logo.png" alt="{e(AGENCY)}" /></a>'
        f'<div id="portal-searchbox"><form id="searchGadget_form" action="{o}/fa/@@search"><input name="SearchableText" type="text" id="searchGadget" /><input class="searchButton" type="submit" value="جستجو" /></form></div>'
        f'<ul id="portal-languageselector"><li class="currentLanguage language-fa"><a href="{o}/@@multilingual-selector/f1a2b3c4/fa?post_path=" title="فارسی">فارسی</a></li>'
        f'<li class="language-en"><a href="{o}/@@multilingual-selector/f1a2b3c4/en?post_path=" title="English">English</a></li></ul>'
        f'<div id="portal-anontools"><ul><li><a href="{o}/fa/login?came_from={ctx}" id="personaltools-login">ورود</a></li></ul></div>'
        f'</div></div><div id="mainnavigation-wrapper"><div id="mainnavigation"><nav class="plone-navbar" id="portal-globalnav-wrapper"><ul class="plone-nav plone-navbar-nav" id="portal-globalnav">{nav}</ul></nav></div></div></header>'
        f'<div id="above-content-wrapper"><nav id="portal-breadcrumbs" class="plone-breadcrumb"><ol aria-labelledby="breadcrumbs-you-are-here">'
        f'<li id="breadcrumbs-home"><a href="{o}/fa">صفحه اصلی</a></li>{crumb}</ol></nav></div>'
        f'<div class="container"><div class="row"><aside id="global_statusmessage"></aside></div><main id="main-container" class="row row-offcanvas row-offcanvas-right">'
        f'<div id="column1-container"></div><div class="col-xs-12 col-sm-9"><div class="row"><div class="col-xs-12">'
        f'<article id="content">{content}</article></div></div></div>'
        f'<aside id="portal-column-two" class="col-xs-12 col-sm-3">{portlets}</aside></main></div>'
        f'<footer id="portal-footer-wrapper"><div class="portletWrapper"><p>{e(AGENCY)} — کاشان، بلوار قطب راوندی</p></div>'
        f'<ul id="portal-siteactions"><li id="siteaction-sitemap"><a href="{o}/fa/sitemap">نقشه سایت</a></li>'
        f'<li id="siteaction-accessibility"><a href="{o}/fa/accessibility-info">دسترسی‌پذیری</a></li>'
        f'<li id="siteaction-contact"><a href="{o}/fa/contact-info">تماس با ما</a></li></ul></footer></div></body></html>'
    )


def actions(ctx: str) -> str:
    return (
        '<div id="viewlet-below-content"><div class="documentActions"><p class="hiddenStructure">ابزارهای سند</p><ul>'
        f'<li id="document-action-sendto"><a href="{ctx}/sendto_form" title="">ارسال این صفحه</a></li>'
        '<li id="document-action-print"><a href="javascript:this.print();" title="">چاپ</a></li></ul></div></div>'
    )


class PloneSite(TableSite):
    id = "kaums-kashan"
    agency = AGENCY

    def __init__(self) -> None:
        super().__init__(cat.services(cat.KAUMS_ROWS, AGENCY))

    def service_path(self, s: ServiceSpec) -> str:
        return f"/fa/khadamat/{self.services[s.number - 1].key}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (self.service_path(s) + "/view",)

    def pages(self, origin: str) -> dict[str, Response]:
        o = origin
        pages: dict[str, Response] = {}
        for s in self.shown():
            pages.update(self.document(o, s))
        self.folders(o, pages)
        news = [(f"news-{i + 1}", t) for i, t in enumerate(NEWS_TITLES)]
        for slug, t in news:
            ctx = f"{o}/fa/news/{slug}"
            pages[f"/fa/news/{slug}"] = doc(
                o,
                t,
                "news",
                [(f"{o}/fa/news", "اخبار"), (ctx, t)],
                f'<header><h1 class="documentFirstHeading">{e(t)}</h1><div class="documentDescription description">{e(NEWS_BODY[:70])}</div></header>'
                f'<div class="documentByLine" id="plone-document-byline"><span class="documentAuthor">توسط <a href="{o}/fa/author/admin">روابط عمومی</a></span> — '
                f'<span class="documentModified">آخرین ویرایش ۱۴۰۳/۰۷/۱۲</span></div>'
                f'<div id="content-core"><div id="parent-fieldname-text"><p>{e(NEWS_BODY)}</p></div></div><footer>{actions(ctx)}</footer>',
                "template-newsitem_view portaltype-news-item",
                ctx,
            )
        pages["/fa/news"] = doc(
            o,
            "اخبار",
            "news",
            [(f"{o}/fa/news", "اخبار")],
            '<header><h1 class="documentFirstHeading">اخبار</h1></header><div id="content-core">'
            + "".join(
                f'<article class="tileItem"><h2 class="tileHeadline"><a href="{o}/fa/news/{s}">{e(t)}</a></h2></article>'
                for s, t in news
            )
            + "</div>",
            "template-summary_view portaltype-collection",
            f"{o}/fa/news",
        )
        for i, (t, d) in enumerate(TENDERS):
            ctx = f"{o}/fa/monaghesat/tender-{i + 1}"
            pages[f"/fa/monaghesat/tender-{i + 1}"] = doc(
                o,
                t,
                "monaghesat",
                [(f"{o}/fa/monaghesat", "مناقصات و مزایدات"), (ctx, t)],
                f'<header><h1 class="documentFirstHeading">{e(t)}</h1><div class="documentDescription description">{e(t)}</div></header>'
                f'<div id="content-core"><div id="parent-fieldname-text">{cat.tender_body(t, d)}</div></div><footer>{actions(ctx)}</footer>',
                "template-document_view portaltype-document",
                ctx,
            )
        pages["/fa/monaghesat"] = doc(
            o,
            "مناقصات و مزایدات",
            "monaghesat",
            [(f"{o}/fa/monaghesat", "مناقصات و مزایدات")],
            '<header><h1 class="documentFirstHeading">مناقصات و مزایدات</h1></header><div id="content-core">'
            + "".join(
                f'<article class="tileItem"><h2 class="tileHeadline"><a href="{o}/fa/monaghesat/tender-{i + 1}">{e(t)}</a></h2></article>'
                for i, (t, _) in enumerate(TENDERS)
            )
            + "</div>",
            "template-folder_summary_view portaltype-folder",
            f"{o}/fa/monaghesat",
        )
        simple = {
            "contact-info": (
                "تماس با ما",
                f'<form method="post" action="{o}/fa/contact-info"><input name="sender_fullname" /><input name="sender_from_address" /><textarea name="message"></textarea><input type="submit" value="ارسال" /></form>',
            ),
            "sitemap": (
                "نقشه سایت",
                f'<ul id="portal-sitemap"><li><a href="{o}/fa/khadamat">خدمات</a></li><li><a href="{o}/fa/news">اخبار</a></li><li><a href="{o}/fa/monaghesat">مناقصات و مزایدات</a></li></ul>',
            ),
            "accessibility-info": (
                "دسترسی‌پذیری",
                "<p>این وب‌گاه مطابق رهنمودهای دسترسی‌پذیری طراحی شده است.</p>",
            ),
            "login": (
                "ورود به سایت",
                f'<form method="post" action="{o}/fa/login"><input name="__ac_name" /><input type="password" name="__ac_password" /><input type="submit" value="ورود" /></form>',
            ),
            "@@search": (
                "جستجو",
                f'<form action="{o}/fa/@@search"><input name="SearchableText" /></form><p>هیچ نتیجه‌ای یافت نشد.</p>',
            ),
        }
        for slug, (t, body) in simple.items():
            pages[f"/fa/{slug}"] = doc(
                o,
                t,
                slug,
                [(f"{o}/fa/{slug}", t)],
                f'<header><h1 class="documentFirstHeading">{e(t)}</h1></header><div id="content-core">{body}</div>',
                "template-view",
                f"{o}/fa/{slug}",
            )
        pages["/fa"] = self.home(o, news)
        pages["/en"] = doc(
            o,
            "Kashan University of Medical Sciences",
            "index_html",
            [],
            '<header><h1 class="documentFirstHeading">Kashan University of Medical Sciences</h1></header>'
            '<div id="content-core"><p>Welcome.</p></div>',
            "template-document_view portaltype-lrf",
            f"{o}/en",
        )
        pages["/"] = Response.redirect(f"{o}/fa")
        pages["/@@multilingual-selector/f1a2b3c4/fa?post_path="] = Response.redirect(f"{o}/fa")
        pages["/@@multilingual-selector/f1a2b3c4/en?post_path="] = Response.redirect(f"{o}/en")
        return pages

    def document(self, o: str, s: Service) -> dict[str, Response]:
        """A service's Document (also under ``/view``) and its sendto form."""
        folder = s.key.split("/")[0]
        ctx = f"{o}/fa/khadamat/{s.key}"
        content = (
            f'<header><div id="viewlet-above-content-title"><span id="social-tags-body" style="display: none" itemscope itemtype="http://schema.org/WebPage">'
            f'<span itemprop="name">{e(s.title)}</span><span itemprop="url">{ctx}</span></span></div>'
            f'<h1 class="documentFirstHeading">{e(s.title)}</h1><div id="viewlet-below-content-title"></div>'
            f'<div class="documentDescription description">{e(s.description)}</div></header>'
            f'<div id="viewlet-above-content-body"></div><div id="content-core"><div id="parent-fieldname-text">{cat.fields_html(s, "h2")}</div></div>'
            f'<footer>{actions(ctx)}<div class="visualClear"></div><div id="category" class="documentByLine"><span>برچسب‌ها:</span> '
            f'<a href="{o}/fa/@@search?Subject%3Alist={e(s.category)}" class="link-category" rel="tag">{e(s.category)}</a></div></footer>'
        )
        page = doc(
            o,
            s.title,
            "khadamat",
            [
                (f"{o}/fa/khadamat", "خدمات"),
                (f"{o}/fa/khadamat/{folder}", FOLDERS[folder][0]),
                (ctx, s.title),
            ],
            content,
            f"template-document_view portaltype-document subsection-{folder}",
            ctx,
        )
        sendto = doc(
            o,
            "ارسال این صفحه به دیگران",
            "khadamat",
            [(ctx, s.title)],
            f'<h1 class="documentFirstHeading">ارسال این صفحه به دیگران</h1><form method="post" action="{ctx}/sendto_form">'
            '<input name="send_to_address" /><input name="send_from_address" /><textarea name="comment"></textarea><input type="submit" name="form.button.Send" value="ارسال" /></form>',
            "template-sendto_form",
            ctx + "/sendto_form",
        )
        return {
            f"/fa/khadamat/{s.key}": page,
            f"/fa/khadamat/{s.key}/view": page,
            f"/fa/khadamat/{s.key}/sendto_form": sendto,
        }

    def folders(self, o: str, pages: dict[str, Response]) -> None:
        """``/fa/khadamat`` and its three folders' summary views, batched ``?b_start:int=N``
        (the colon also percent-encoded)."""
        tiles = "".join(
            f'<article class="tileItem"><h2 class="tileHeadline"><a href="{o}/fa/khadamat/{f}" class="summary url">{e(t)}</a></h2>'
            f'<div class="tileBody"><span class="description">فهرست {e(t)}</span></div></article>'
            for f, (t, _) in FOLDERS.items()
        )
        pages["/fa/khadamat"] = doc(
            o,
            "خدمات",
            "khadamat",
            [(f"{o}/fa/khadamat", "خدمات")],
            f'<header><h1 class="documentFirstHeading">خدمات</h1><div class="documentDescription description">خدمات قابل ارائه دانشگاه به تفکیک معاونت‌ها</div></header>'
            f'<div id="content-core">{tiles}</div>',
            "template-folder_summary_view portaltype-folder",
            f"{o}/fa/khadamat",
        )
        for f, (ftitle, _) in FOLDERS.items():
            docs = [s for s in self.shown() if s.key.startswith(f + "/")]
            chunks = [docs[i : i + BATCH] for i in range(0, len(docs), BATCH)]
            for n, chunk in enumerate(chunks):
                tiles = "".join(
                    f'<article class="tileItem"><h2 class="tileHeadline"><a href="{o}/fa/khadamat/{s.key}" class="summary url">{e(s.title)}</a></h2>'
                    f'<div class="tileBody"><span class="description">{e(s.description[:90])}…</span></div>'
                    f'<div class="tileFooter"><a href="{o}/fa/khadamat/{s.key}">ادامه مطلب…</a></div><div class="visualClear"></div></article>'
                    for s in chunk
                )
                nav = ""
                if len(chunks) > 1:
                    links = "".join(
                        f'<li class="active"><span>{k + 1}</span></li>'
                        if k == n
                        else f'<li><a href="{o}/fa/khadamat/{f}?b_start:int={k * BATCH}">{k + 1}</a></li>'
                        for k in range(len(chunks))
                    )
                    nxt = (
                        f'<li class="next"><a href="{o}/fa/khadamat/{f}?b_start:int={(n + 1) * BATCH}">بعدی {BATCH} مورد »</a></li>'
                        if n + 1 < len(chunks)
                        else ""
                    )
                    prv = (
                        f'<li class="previous"><a href="{o}/fa/khadamat/{f}?b_start:int={(n - 1) * BATCH}">« قبلی {BATCH} مورد</a></li>'
                        if n
                        else ""
                    )
                    nav = f'<nav class="pagination"><ul>{prv}{links}{nxt}</ul></nav>'
                page = doc(
                    o,
                    ftitle,
                    "khadamat",
                    [(f"{o}/fa/khadamat", "خدمات"), (f"{o}/fa/khadamat/{f}", ftitle)],
                    f'<header><h1 class="documentFirstHeading">{e(ftitle)}</h1><div class="documentDescription description">فهرست {e(ftitle)}</div></header>'
                    f'<div id="content-core"><div class="entries">{tiles}</div>{nav}</div>',
                    f"template-folder_summary_view portaltype-folder subsection-{f}",
                    f"{o}/fa/khadamat/{f}",
                )
                if n == 0:
                    pages[f"/fa/khadamat/{f}"] = page
                for q in (f"?b_start:int={n * BATCH}", f"?b_start%3Aint={n * BATCH}"):
                    pages[f"/fa/khadamat/{f}{q}"] = page

    def home(self, o: str, news: list[tuple[str, str]]) -> Response:
        """``/fa``: a welcome Document with the «خدمات پربازدید» portlet (``/view`` links) and
        the news portlet."""
        by_place = {s.number: s for s in self.shown()}
        popular = [by_place[n] for n in (1, 9, 15) if n in by_place]
        portlet = (
            '<div class="portletWrapper"><aside class="portlet portletCollection portlet-collection-khadamat-pop"><header class="portletHeader"><a href="'
            f'{o}/fa/khadamat">خدمات پربازدید</a></header><ul class="portletContent">'
            + "".join(
                f'<li class="portletItem"><a href="{o}/fa/khadamat/{s.key}/view" class="tile contenttype-document" title="{e(s.description[:60])}">{e(s.title)}</a></li>'
                for s in popular
            )
            + "</ul></aside></div>"
        )
        newsport = (
            '<div class="portletWrapper"><aside class="portlet portletNews"><header class="portletHeader"><a href="'
            + f'{o}/fa/news">اخبار</a></header><ul>'
            + "".join(
                f'<li class="portletItem"><a href="{o}/fa/news/{s}">{e(t)}</a></li>'
                for s, t in news[:3]
            )
            + "</ul></aside></div>"
        )
        return doc(
            o,
            AGENCY,
            "index_html",
            [],
            f'<header><h1 class="documentFirstHeading">{e(AGENCY)}</h1><div class="documentDescription description">به پایگاه اطلاع‌رسانی دانشگاه خوش آمدید</div></header>'
            f'<div id="content-core"><p>برای دریافت خدمات، بخش <a href="{o}/fa/khadamat">خدمات</a> را ببینید.</p></div>',
            "template-document_view portaltype-lrf",
            f"{o}/fa",
            portlet + newsport,
        )

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        """Search queries, and the login link's ``came_from``, answer their page."""
        base, _, q = r.target.partition("?")
        if q and base in pages and (base.endswith("@@search") or "came_from" in q):
            return pages[base]
        if q.startswith("Subject") and base == "/fa/@@search":
            return pages[base]
        return None
