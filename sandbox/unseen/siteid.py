# ruff: noqa: E501
"""(b) Multi-site `index.aspx?siteid=N&pageid=M` portal of شرکت گاز استان خوزستان whose services are split
between the province site and its city (منطقه گازرسانی) sub-sites, which are reachable only through a
`<select onchange>` «سایت مناطق» dropdown. Conventions modelled (real URLs in services.yaml:
nigc-khgc.ir `index.aspx?siteid=67&&siteid=67&pageid=3550`, tc-qazvin.ir / abfa-lorestan.ir
`index.aspx?fkeyid=&siteid=1&pageid=232`, tbtb.ir `index.jsp?siteid=1&fkeyid=&siteid=1&pageid=196`):
- `/` 302s to `/index.aspx?siteid=1`; every sub-site has its own home `index.aspx?siteid=N` and its own menu;
- the header of every page has `<select id="ddlSites" onchange="window.location=this.options[this.selectedIndex].value">`
  with `<option value="index.aspx?siteid=67">منطقه اهواز</option>`… (relative values), and no `<a>` to a sub-site;
- service lists (`pageid=232` on the province site, `pageid=3550/3650/3750` on the sub-sites) link the details as
  `index.aspx?siteid=S&&siteid=S&pageid=P` (the doubled siteid and `&&` as printed by the CMS); breadcrumbs link
  the same page as `index.aspx?fkeyid=&siteid=S&pageid=P` (alias), and `index.aspx?siteid=S&pageid=P` answers too;
- detail: `<h2 class="pageTitle">` + `<p><strong>…:</strong></p>` sections;
- noise: news `pageid=5001…&newsview=N`, about/contact pages, `printpage.aspx?pageid=P` print copies,
  `login.aspx?ReturnUrl=…`, search, off-site links (nigc.ir, my.gov.ir)."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round6 as cat
from sandbox.unseen.base import UnseenSite, e, ul

SITE = cat.GAZ
NEWS = cat.NEWS
# site id: (name, the pageid of its «خدمات مشترکین» list)
SITES = {
    1: ("شرکت گاز استان خوزستان", 232),
    67: ("منطقه گازرسانی اهواز", 3550),
    68: ("منطقه گازرسانی دزفول", 3650),
    69: ("منطقه گازرسانی آبادان", 3750),
}
# which services (their places in the catalogue's rows) each site lists
SPLIT = {1: range(0, 5), 67: range(5, 9), 68: range(9, 13), 69: range(13, 16)}


class SiteIdSite(UnseenSite):
    id = "gaz-khuzestan"
    agency = cat.GAZ

    def __init__(self) -> None:
        specs: list[ServiceSpec] = []
        for site, idx in SPLIT.items():  # a site's services are pageids list pageid + 1, + 2, ...
            specs += cat.services(
                cat.GAZ_ROWS[idx.start : idx.stop],
                SITES[site][1] + 1,
                docs=("اصل و کپی کارت ملی مالک", "آخرین قبض گاز", "سند مالکیت یا اجاره\u200cنامه"),
                duration="۳ روز کاری",
            )
        super().__init__(specs)

    def site_of(self, s: ServiceSpec) -> int:
        return next(site for site, idx in SPLIT.items() if self.specs.index(s) in idx)

    def service_path(self, s: ServiceSpec) -> str:
        site = self.site_of(s)
        return f"/index.aspx?siteid={site}&&siteid={site}&pageid={s.number}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        site = self.site_of(s)
        return (
            f"/index.aspx?fkeyid=&siteid={site}&pageid={s.number}",
            f"/index.aspx?siteid={site}&pageid={s.number}",
        )

    def handle(self, r: Request) -> Response:
        p = r.path.lower()
        q = {k.lower(): v for k, v in r.query.items()}
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /admin/\n")
        if p == "/":
            return Response.redirect("/index.aspx?siteid=1")
        if p == "/login.aspx":
            return self.page(
                1,
                "ورود",
                '<h2 class="pageTitle">ورود به پورتال</h2><form method="post"><input name="user"><input type="password" name="pass"><button>ورود</button></form>',
            )
        if p == "/printpage.aspx":
            printed = self.by_number(q.get("pageid"))
            if printed is None:
                return Response.not_found()
            return Response.html(
                f'<html dir="rtl"><head><meta charset="utf-8"><title>چاپ</title></head><body onload="print()">{self.content(printed)}</body></html>'
            )
        if p == "/search.aspx":
            return self.page(1, "جستجو", '<h2 class="pageTitle">جستجو</h2><p>موردی یافت نشد.</p>')
        if p != "/index.aspx":
            return Response.not_found()
        raw = q.get("siteid", "1")
        if not (raw.isdigit() and int(raw) in SITES):
            return Response.not_found()
        site = int(raw)
        pid = q.get("pageid")
        if pid is None:
            return self.home(site)
        if not pid.isdigit():
            return Response.not_found()
        pid_i = int(pid)
        if pid_i == SITES[site][1]:
            return self.listing(site)
        s = self.by_number(pid)
        if s is not None and self.site_of(s) == site:
            return self.detail(site, s)
        if pid_i == 100:
            return self.page(
                site,
                "درباره ما",
                f'<h2 class="pageTitle">درباره ما</h2><p>{e(SITES[site][0])} وظیفه گازرسانی و ارائه خدمات به مشترکین گاز طبیعی را بر عهده دارد.</p>',
            )
        if pid_i == 101:
            return self.page(
                site,
                "تماس با ما",
                '<h2 class="pageTitle">تماس با ما</h2><p><strong>نشانی:</strong> اهواز، کیانپارس، خیابان ۱۲ غربی</p><p><strong>تلفن:</strong> ۰۶۱-۳۳۳۳۰۰۰۰</p><p><strong>امداد گاز:</strong> ۱۹۴</p>',
            )
        if pid_i == 5000:
            items = "".join(
                f'<li><a href="index.aspx?siteid={site}&pageid=5001&newsview={j + 1}">{e(t)}</a></li>'
                for j, t in enumerate(NEWS)
            )
            return self.page(
                site, "اخبار", f'<h2 class="pageTitle">اخبار</h2><ul class="newsList">{items}</ul>'
            )
        view = q.get("newsview", "")
        if pid_i == 5001 and view.isdigit() and 1 <= int(view) <= len(NEWS):
            t = NEWS[int(view) - 1]
            return self.page(
                site,
                t,
                f'<h2 class="pageTitle">{e(t)}</h2><p class="date">{persian_digits("1403/06/12")}</p><p>به گزارش روابط عمومی {e(SITES[site][0])}، {e(t)}.</p><p><strong>منبع:</strong> روابط عمومی</p>',
            )
        return Response.not_found()

    def header(self, site: int) -> str:
        """Logo, the sub-site dropdown (its options are the only way to a sub-site), search, menu."""
        opts = "".join(
            f'<option value="index.aspx?siteid={k}"{" selected" if k == site else ""}>{e(v[0])}</option>'
            for k, v in SITES.items()
        )
        menu = (
            f'<ul id="menu"><li><a href="index.aspx?siteid={site}">صفحه اصلی</a></li><li><a href="index.aspx?fkeyid=&siteid={site}&pageid=100">درباره ما</a></li>'
            f'<li><a href="index.aspx?fkeyid=&siteid={site}&pageid={SITES[site][1]}">خدمات مشترکین</a></li><li><a href="index.aspx?fkeyid=&siteid={site}&pageid=5000">اخبار</a></li>'
            f'<li><a href="index.aspx?fkeyid=&siteid={site}&pageid=101">تماس با ما</a></li><li><a href="login.aspx?ReturnUrl=%2findex.aspx%3fsiteid%3d{site}">ورود</a></li></ul>'
        )
        return (
            f'<div id="header"><div class="logo"><a href="index.aspx?siteid={site}">{e(SITES[site][0])}</a></div>'
            f'<div class="sites"><label for="ddlSites">سایت مناطق:</label> <select id="ddlSites" name="ddlSites" onchange="window.location=this.options[this.selectedIndex].value">{opts}</select></div>'
            f'<form action="search.aspx" class="search"><input name="q"></form></div>{menu}'
        )

    def page(self, site: int, title: str, body: str) -> Response:
        return Response.html(
            f'<!DOCTYPE html><html dir="rtl"><head><meta charset="utf-8"><title>{e(SITES[site][0])} - {e(title)}</title></head><body>{self.header(site)}'
            f'<div id="content">{body}</div><div id="links"><a href="http://www.nigc.ir/">شرکت ملی گاز ایران</a> | <a href="https://my.gov.ir/">پنجره ملی خدمات</a></div>'
            f'<div id="footer">تمامی حقوق برای {SITE} محفوظ است.</div></body></html>'
        )

    def home(self, site: int) -> Response:
        news = "".join(
            f'<li><a href="index.aspx?siteid={site}&pageid=5001&newsview={j + 1}">{e(t)}</a></li>'
            for j, t in enumerate(NEWS[:4])
        )
        return self.page(
            site,
            "صفحه اصلی",
            f'<div class="box"><h3>اخبار {e(SITES[site][0])}</h3><ul>{news}</ul></div><div class="box"><h3>اطلاعیه</h3><p>ساعات کاری امور مشترکین از ۷:۳۰ تا ۱۴:۰۰ می‌باشد.</p></div>',
        )

    def listing(self, site: int) -> Response:
        items = "".join(
            f'<li><a href="{e(self.service_path(self.specs[i]).lstrip("/"))}">{e(self.specs[i].title)}</a></li>'
            for i in SPLIT[site]
            if self.service_path(self.specs[i]) not in self.hidden
        )
        return self.page(
            site,
            "خدمات مشترکین",
            f'<div class="breadcrumb"><a href="index.aspx?siteid={site}">صفحه اصلی</a> &gt; خدمات مشترکین</div><h2 class="pageTitle">خدمات مشترکین</h2><ul class="subPages">{items}</ul>',
        )

    def content(self, s: ServiceSpec) -> str:
        """The service itself: what the detail page and its print copy share."""
        return (
            f'<h2 class="pageTitle">{e(s.title)}</h2><p><strong>شرح خدمت:</strong></p><p>{e(s.description)}</p><p><strong>مدارک لازم:</strong></p>{ul(s.documents)}'
            f"<p><strong>هزینه:</strong> {e(s.fee)}</p><p><strong>زمان انجام:</strong> {e(s.duration)}</p>"
        )

    def detail(self, site: int, s: ServiceSpec) -> Response:
        crumb = (
            f'<div class="breadcrumb"><a href="index.aspx?siteid={site}">صفحه اصلی</a> &gt; <a href="index.aspx?fkeyid=&siteid={site}&pageid={SITES[site][1]}">خدمات مشترکین</a> &gt; '
            f'<a href="index.aspx?fkeyid=&siteid={site}&pageid={s.number}">{e(s.title)}</a></div>'
        )
        tools = f'<div class="tools"><a href="printpage.aspx?pageid={s.number}">نسخه چاپی</a></div>'
        return self.page(site, s.title, crumb + self.content(s) + tools)
