# ruff: noqa: E501
"""(a) Liferay Portal 6.2 CE (شرکت شهرک‌های صنعتی استان یزد). Conventions modelled:
- `/` 302 → `/web/guest/home`; pages are `/web/guest/{friendly-url}`; first-visit links carry
  `;jsessionid=…` in the path (URL rewriting before the cookie is known);
- the services page `/web/guest/khadamat` is an Asset Publisher portlet
  (`portlet_101_INSTANCE_aB3dEf9GhK1L`): `h3.asset-title > a` + «بیشتر »» links to
  `/web/guest/khadamat/-/asset_publisher/aB3dEf9GhK1L/content/{slug}?redirect=…`; its pager is
  `?p_p_id=101_INSTANCE_…&p_p_lifecycle=0&…&_101_INSTANCE_…_cur=N` («بعدی»/«قبلی»/«اولین»/«آخرین»);
- full view: the portlet title `<h2 class="portlet-title">` «خدمات شرکت» stays on top on every
  page, the content title is `div.taglib-header > h1.header-title > span`, its body the
  `journal-content-article` with `<h3>` sections; `<title>` is «{title} - خدمات - {site}»;
- print copy `?p_p_state=pop_up&viewMode=print` (the bare `portal-popup` template); news are the
  same Asset Publisher full view under `/web/guest/news/-/asset_publisher/Nw4sPqR7tYu2/content/…`;
  a login portlet `/c/portal/login?p_l_id=10184&redirect=…`; `/web/guest/contact`."""

from __future__ import annotations

from urllib.parse import quote, unquote

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round5 as cat
from sandbox.unseen.base import UnseenSite, e, ul

INST = "aB3dEf9GhK1L"  # the services' Asset Publisher instance
NINST = "Nw4sPqR7tYu2"  # the news'
PID = f"101_INSTANCE_{INST}"
JSID = "jsessionid=8F3C2A91D0B4E7F65A1C3D2E9B8A7F60"
PER = 8
SITE = cat.SHAHRAK
PAGES = (
    ("home", "صفحه اصلی"),
    ("khadamat", "خدمات"),
    ("news", "اخبار"),
    ("contact", "تماس با ما"),
    ("about", "درباره ما"),
)


def slugify(title: str) -> str:
    """Liferay's URL title of a Persian title: dashes for spaces, punctuation dropped."""
    s = title.replace("\u200c", " ").replace("،", " ").replace(",", " ").replace("/", " ")
    return "-".join(s.replace("«", "").replace("»", "").split())


def pager_link(n: int) -> str:
    """The search container's page link: the portlet's whole state in the query string."""
    return (
        f"/web/guest/khadamat?p_p_id={PID}&amp;p_p_lifecycle=0&amp;p_p_state=normal&amp;p_p_mode=view&amp;p_p_col_id=column-1&amp;p_p_col_count=1"
        f"&amp;_{PID}_delta={PER}&amp;_{PID}_keywords=&amp;_{PID}_advancedSearch=false&amp;_{PID}_andOperator=true&amp;_{PID}_cur={n}"
    )


class LiferaySite(UnseenSite):
    id = "shahrak-yazd"
    agency = cat.SHAHRAK

    def __init__(self) -> None:
        super().__init__(cat.shahrak())
        self.news = list(cat.NEWS)

    def service_path(self, s: ServiceSpec) -> str:
        return f"/web/guest/khadamat/-/asset_publisher/{INST}/content/{quote(slugify(s.title), safe='-')}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        p = self.service_path(s)
        return (
            p + "?redirect=%2Fweb%2Fguest%2Fkhadamat",
            p + "?p_p_state=pop_up&viewMode=print",
            p + f";{JSID}",
            p + "?inheritRedirect=true&redirect=%2Fweb%2Fguest%2Fkhadamat",
        )

    def by_slug(self, raw: str) -> ServiceSpec | None:
        raw = unquote(raw)
        return next((s for s in self.specs if slugify(s.title) == raw), None)

    def news_path(self, i: int) -> str:
        return f"/web/guest/news/-/asset_publisher/{NINST}/content/{quote(slugify(self.news[i]), safe='-')}"

    def handle(self, r: Request) -> Response:
        # the servlet container strips the session id from the path before Liferay routes it
        path = r.path.split(";jsessionid=")[0]
        q = r.query
        if path == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /c/\nDisallow: /group/\n")
        if path == "/":
            return Response.redirect(r.origin + "/web/guest/home", 302)
        if path == "/web/guest/home":
            # the first visit: no session cookie yet, so every link carries the session id
            j = f";{JSID}"
            feat = "".join(
                f'<li><a href="{self.service_path(s)}{j}">{e(s.title)}</a></li>'
                for s in self.specs[:4]
            )
            news = "".join(
                f'<li><a href="{self.news_path(i)}">{e(t)}</a></li>'
                for i, t in enumerate(self.news[:4])
            )
            body = (
                self.portlet(
                    "56_INSTANCE_hm1",
                    "خوش آمدید",
                    f'<div class="journal-content-article"><p>به درگاه {SITE} خوش آمدید.</p><p><a href="/web/guest/khadamat{j}">فهرست خدمات شرکت</a></p></div>',
                )
                + self.portlet(
                    "101_INSTANCE_hm2", "خدمات پرکاربرد", f'<ul class="asset-list">{feat}</ul>'
                )
                + self.portlet(
                    f"101_INSTANCE_{NINST}", "آخرین اخبار", f'<ul class="asset-list">{news}</ul>'
                )
            )
            return self.page("صفحه اصلی", body, jsid=True)
        if path == "/web/guest/khadamat":
            return self.listing(q.get(f"_{PID}_cur", "1"))
        pre = f"/web/guest/khadamat/-/asset_publisher/{INST}/content/"
        if path.startswith(pre):
            s = self.by_slug(path.removeprefix(pre))
            if s is None:
                return Response.not_found()
            return self.detail(s, q.get("viewMode") == "print")
        npre = f"/web/guest/news/-/asset_publisher/{NINST}/content/"
        if path.startswith(npre):
            raw = unquote(path.removeprefix(npre))
            i = next((k for k, t in enumerate(self.news) if slugify(t) == raw), None)
            if i is None:
                return Response.not_found()
            t = self.news[i]
            full = self.full(
                t,
                f'<p class="date">{persian_digits(f"1403/08/{10 + i}")}</p><p>به گزارش روابط عمومی {SITE}، {e(t)} برگزار شد.</p>',
                "/web/guest/news",
            )
            return self.page(
                t, self.portlet(f"101_INSTANCE_{NINST}", "اخبار", full), crumb=("news", "اخبار")
            )
        if path == "/web/guest/news":
            items = "".join(
                f'<div class="asset-abstract"><h3 class="asset-title"><a href="{self.news_path(i)}">{e(t)}</a></h3><div class="asset-summary">{e(t)}…</div></div>'
                for i, t in enumerate(self.news)
            )
            return self.page("اخبار", self.portlet(f"101_INSTANCE_{NINST}", "اخبار", items))
        if path == "/web/guest/contact":
            return self.page(
                "تماس با ما",
                self.portlet(
                    "56_INSTANCE_ct1",
                    "تماس با ما",
                    '<div class="journal-content-article"><p>یزد، بلوار جمهوری، ساختمان شرکت شهرک‌های صنعتی</p><p>تلفن: ۰۳۵-۳۸۲۶۰۰۰۰</p></div>',
                ),
            )
        if path == "/web/guest/about":
            return self.page(
                "درباره ما",
                self.portlet(
                    "56_INSTANCE_ab1",
                    "درباره ما",
                    '<div class="journal-content-article"><h3>تاریخچه</h3><p>شرکت در سال ۱۳۶۴ تأسیس شد.</p><h3>مأموریت</h3><p>ایجاد و توسعه زیرساخت‌های صنعتی.</p></div>',
                ),
            )
        if path == "/c/portal/login":
            return self.page(
                "ورود",
                self.portlet(
                    "58",
                    "ورود",
                    '<form action="/c/portal/login" method="post"><input name="_58_login"><input type="password" name="_58_password"></form><a href="/c/portal/login?p_l_id=10184&amp;_58_struts_action=%2Flogin%2Fforgot_password">رمز عبور را فراموش کرده‌اید؟</a>',
                ),
            )
        return Response.not_found()

    def listing(self, raw: str) -> Response:
        """The Asset Publisher's abstracts, one search-container page of them."""
        cur = int(raw) if raw.isdigit() else 1
        chunk = self.specs[(cur - 1) * PER : cur * PER]
        if not chunk:  # Liferay falls back to the first page for a page out of range
            chunk, cur = self.specs[:PER], 1
        last = (len(self.specs) + PER - 1) // PER
        items = "".join(
            f'<div class="asset-abstract"><div class="lfr-meta-actions asset-actions"></div>'
            f'<h3 class="asset-title"><a href="{self.service_path(s)}?redirect=%2Fweb%2Fguest%2Fkhadamat"><img alt="" src="/html/icons/journal.png"> {e(s.title)}</a></h3>'
            f'<div class="asset-content"><div class="asset-summary">{e(s.description[:90])}…</div>'
            f'<div class="asset-more"><a href="{self.service_path(s)}?redirect=%2Fweb%2Fguest%2Fkhadamat">بیشتر <span class="hide-accessible">درباره {e(s.title)}</span> »</a></div></div></div>'
            for s in chunk
        )
        nav = (
            f'<div class="taglib-page-iterator"><div class="search-results">نمایش {persian_digits(str((cur - 1) * PER + 1))} - {persian_digits(str((cur - 1) * PER + len(chunk)))} از {persian_digits(str(len(self.specs)))} نتیجه.</div>'
            '<div class="pagination"><ul>'
            + (
                f'<li><a href="{pager_link(1)}">اولین</a></li><li><a href="{pager_link(cur - 1)}">← قبلی</a></li>'
                if cur > 1
                else '<li class="disabled"><a href="javascript:;">اولین</a></li><li class="disabled"><a href="javascript:;">← قبلی</a></li>'
            )
            + (
                f'<li><a href="{pager_link(cur + 1)}">بعدی →</a></li><li><a href="{pager_link(last)}">آخرین</a></li>'
                if cur < last
                else '<li class="disabled"><a href="javascript:;">بعدی →</a></li><li class="disabled"><a href="javascript:;">آخرین</a></li>'
            )
            + "</ul></div></div>"
        )
        return self.page("خدمات", self.portlet(PID, "خدمات شرکت", items + nav))

    def full(self, title: str, content: str, back: str) -> str:
        """An asset's full view: the title only in the taglib header's <h1>."""
        return (
            f'<div class="asset-full-content show-asset-title"><div class="taglib-header"><span class="header-back-to"><a class="icon-circle-arrow-right previous-level" href="{back}" title="بازگشت"><span class="helper-hidden-accessible">بازگشت</span></a></span>'
            f'<h1 class="header-title"><span>{e(title)}</span></h1></div><div class="asset-content"><div class="journal-content-article">{content}</div></div>'
            f'<div class="asset-metadata"><span class="metadata-entry metadata-author">نویسنده: مدیر سایت</span></div></div>'
        )

    def detail(self, s: ServiceSpec, printing: bool) -> Response:
        content = (
            f"<h3>شرح خدمت</h3><p>{e(s.description)}</p><h3>مدارک مورد نیاز</h3>{ul(s.documents)}"
            f"<h3>هزینه</h3><p>{e(s.fee)}</p><h3>مدت زمان انجام</h3><p>{e(s.duration)}</p><h3>مخاطبان</h3><p>{e(s.audience)}</p>"
        )
        full = self.full(s.title, content, "/web/guest/khadamat")
        icons = (
            ""
            if printing
            else f'<div class="print-action"><a href="{self.service_path(s)}?p_p_state=pop_up&amp;viewMode=print" target="_blank">چاپ</a></div>'
        )
        return self.page(
            s.title,
            self.portlet(PID, "خدمات شرکت", full + icons),
            crumb=("khadamat", "خدمات"),
            bare=printing,
        )

    def portlet(self, pid: str, title: str, content: str) -> str:
        """A portlet's decoration; its title is an <h2> on every page it is on."""
        return (
            f'<div class="portlet-boundary portlet-boundary_101_ portlet-static portlet-asset-publisher" id="p_p_id_{pid}_"><span id="p_{pid}"></span>'
            f'<section class="portlet" id="portlet_{pid}"><header class="portlet-topper"><h2 class="portlet-title"><span class="portlet-title-text">{e(title)}</span></h2>'
            f'<menu class="portlet-topper-toolbar" type="toolbar"></menu></header><div class="portlet-content"><div class="portlet-content-container"><div class="portlet-body">{content}</div></div></div></section></div>'
        )

    def page(
        self,
        title: str,
        body: str,
        crumb: tuple[str, str] | None = None,
        jsid: bool = False,
        bare: bool = False,
    ) -> Response:
        """The theme; ``jsid`` puts the session id in the navigation's links, ``bare`` is the
        pop-up template a print copy uses (no banner, navigation or columns)."""
        sfx = f";{JSID}" if jsid else ""
        nav = "".join(
            f'<li class="lfr-nav-item"><a href="/web/guest/{u}{sfx}"><span>{t}</span></a></li>'
            for u, t in PAGES
        )
        bc = (
            f'<ul class="breadcrumb breadcrumb-horizontal"><li class="first"><a href="/web/guest/home">{SITE}</a><span class="divider">/</span></li>'
            + (
                f'<li><a href="/web/guest/{crumb[0]}">{crumb[1]}</a><span class="divider">/</span></li><li class="active last">{e(title)}</li>'
                if crumb
                else f'<li class="active last">{e(title)}</li>'
            )
            + "</ul>"
        )
        head = '<meta content="text/html; charset=UTF-8" http-equiv="content-type"><link href="/yazd-theme/images/favicon.ico" rel="Shortcut Icon"><link class="lfr-css-file" href="/yazd-theme/css/main.css?browserId=other&amp;themeId=yazd_WAR_yazdtheme&amp;languageId=fa_IR&amp;b=6210&amp;t=1700000000000" rel="stylesheet" type="text/css"><script src="/html/js/barebone.jsp?browserId=other&amp;themeId=yazd_WAR_yazdtheme&amp;colorSchemeId=01&amp;minifierType=js&amp;languageId=fa_IR&amp;b=6210" type="text/javascript"></script>'
        if bare:
            return Response.html(
                f'<!DOCTYPE html><html class="rtl" dir="rtl" lang="fa-IR"><head><title>{e(title)} - {SITE}</title>{head}</head><body class="portal-popup">{body}</body></html>'
            )
        section = "خدمات - " if crumb and crumb[0] == "khadamat" else ""
        html = (
            f'<!DOCTYPE html><html class="rtl" dir="rtl" lang="fa-IR"><head><title>{e(title)} - {section}{SITE}</title>{head}</head>'
            f'<body class="yui3-skin-sam controls-visible signed-out public-page site"><a href="#main-content" id="skip-to-content">رفتن به محتوا</a>'
            f'<div class="container-fluid" id="wrapper"><header id="banner" role="banner"><div id="heading"><h1 class="site-title"><a class="logo custom-logo" href="/web/guest/home{sfx}" title="رفتن به {SITE}"><img alt="{SITE}" height="80" src="/image/company_logo?img_id=10197&amp;t=1700000000000" width="300"></a>'
            f'<span class="site-name" title="رفتن به {SITE}">{SITE}</span></h1></div><a href="/c/portal/login?p_l_id=10184&amp;redirect=%2Fweb%2Fguest%2Fhome" id="sign-in" rel="nofollow">ورود</a>'
            f'<nav class="sort-pages modify-pages" id="navigation" role="navigation"><h1 class="hide-accessible"><span>ناوبری</span></h1><ul aria-label="صفحات سایت" role="menubar">{nav}</ul></nav></header>'
            f'<div id="content"><nav class="site-breadcrumbs" id="breadcrumbs"><h1 class="hide-accessible"><span>مسیر</span></h1>{bc}</nav>'
            f'<div class="columns-2" id="main-content" role="main"><div class="portlet-layout row-fluid"><div class="portlet-column portlet-column-first span8" id="column-1"><div class="portlet-dropzone portlet-column-content portlet-column-content-first" id="layout-column_column-1">{body}</div></div>'
            f'<div class="portlet-column portlet-column-last span4" id="column-2"><div class="portlet-dropzone portlet-column-content" id="layout-column_column-2">'
            + self.portlet(
                "73_INSTANCE_lnk",
                "پیوندهای مفید",
                '<ul><li><a href="https://www.iraniec.ir/">شرکت شهرک‌های صنعتی ایران</a></li><li><a href="https://my.gov.ir/">پنجره ملی خدمات دولت هوشمند</a></li></ul>',
            )
            + f'</div></div></div></div></div><footer id="footer" role="contentinfo"><p class="powered-by">قدرت گرفته از <a href="http://www.liferay.com" rel="external">Liferay</a></p><p>تمامی حقوق برای {SITE} محفوظ است.</p></footer></div></body></html>'
        )
        return Response.html(html)
