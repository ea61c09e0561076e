# ruff: noqa: E501
"""(d) SharePoint 2010 publishing site: one page layout for every item,
`/Pages/ServiceDetail.aspx?ID=N&ContentTypeId=0x0100…` (left nav) or `?ID=N` (list view) or
lowercase `/pages/servicedetail.aspx?id=N` (home page «پرکاربرد»), `&IsDlg=1` print copies.
The title is only in `<span id="ctl00_PlaceHolderMain_lblTitle">`: <title> is the layout's
name («جزئیات خدمت») and the only <h1> is the site title. Quick Launch left nav lists every
service on every page; news use the same layout (NewsDetail.aspx, same span).
UTF-8 with BOM; titles mix Arabic ي/ك and Persian ی/ک."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

from sandbox.catalogue import ServiceSpec, arabic_letters, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round4 as cat
from sandbox.unseen.base import UnseenSite, e

CT = "0x010100C568DB52D9D0A14D9B2FDCC96666E9F2007948130EC3DB064584E219954237AF3900242457EFB8B24247815D688C526CD44D"
VIEWSTATE = "/wEPDwUKMTY1NDU2MTA1MmRkVq3w0f8l1zKg7E2X9t7cQ2y8y9M="


class SharePointSite(UnseenSite):
    id = "gas-kurdistan"
    agency = cat.GAS

    def __init__(self) -> None:
        super().__init__(cat.gas())
        self.news = [arabic_letters(t) for t in cat.NEWS[:6]]

    def service_path(self, s: ServiceSpec) -> str:
        return f"/Pages/ServiceDetail.aspx?ID={s.number}"

    def nav_path(self, s: ServiceSpec) -> str:
        return f"/Pages/ServiceDetail.aspx?ID={s.number}&ContentTypeId={CT}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        out = [self.nav_path(s), f"/Pages/ServiceDetail.aspx?ID={s.number}&IsDlg=1"]
        if s in self.popular():
            out.append(f"/pages/servicedetail.aspx?id={s.number}")
        return tuple(out)

    def popular(self) -> list[ServiceSpec]:
        return [self.specs[3], self.specs[6], self.specs[13]]

    def handle(self, r: Request) -> Response:
        # SharePoint's URLs and query keys are case-insensitive
        p = r.path.lower()
        q = {k.lower(): v[0] for k, v in parse_qs(urlsplit(r.target).query).items()}
        if p == "/robots.txt":
            return Response.text(
                "User-agent: *\nDisallow: /_layouts/\nDisallow: /_vti_bin/\nDisallow: /Lists/\n"
            )
        if p in ("/", "/pages/default.aspx"):
            pop = "".join(
                f'<li><a href="/pages/servicedetail.aspx?id={s.number}">{e(s.title)}</a></li>'
                for s in self.popular()
            )
            news = "".join(
                f'<li><a href="/Pages/NewsDetail.aspx?ID={i + 1}">{e(t)}</a></li>'
                for i, t in enumerate(self.news[:4])
            )
            return self.page(
                "صفحه اصلي",
                f'<div class="ms-rtestate-field"><h3 class="ms-standardheader">خدمات پركاربرد</h3><ul>{pop}</ul><h3 class="ms-standardheader">اخبار</h3><ul>{news}</ul><a href="/Pages/Services.aspx">فهرست كامل خدمات</a></div>',
                "/Pages/default.aspx",
            )
        if p == "/pages/services.aspx":
            rows = "".join(
                f'<tr class="{"ms-alternating " if i % 2 else ""}ms-itmhover"><td class="ms-vb2">{persian_digits(str(i + 1))}</td><td class="ms-vb-title"><a href="{self.service_path(s)}" onclick="GoToLink(this);return false;" target="_self">{e(s.title)}</a></td><td class="ms-vb2">{e(s.category)}</td></tr>'
                for i, s in enumerate(self.specs)
            )
            return self.page(
                "فهرست خدمات",
                f'<table class="ms-listviewtable" cellpadding="1" cellspacing="0" border="0" width="100%" dir="rtl"><tr class="ms-viewheadertr"><th class="ms-vh2">رديف</th><th class="ms-vh2">عنوان</th><th class="ms-vh2">گروه</th></tr>{rows}</table>',
                "/Pages/Services.aspx",
            )
        if p == "/pages/servicedetail.aspx":
            s = self.by_number(q.get("id", ""))
            return self.detail(s, q.get("isdlg") == "1", r.target) if s else Response.not_found()
        if p == "/pages/newsdetail.aspx":
            raw = q.get("id", "")
            i = int(raw) - 1 if raw.isdigit() else -1
            if not 0 <= i < len(self.news):
                return Response.not_found()
            t = self.news[i]
            return self.page(
                "جزئيات خبر",
                self.title_block(t)
                + f'<div class="ms-rtestate-field"><p>تاريخ: {persian_digits(f"1403/08/{1 + i:02d}")}</p><p>به گزارش روابط عمومي {e(self.agency)}، {e(t)}.</p></div>',
                r.target,
            )
        if p == "/pages/contactus.aspx":
            return self.page(
                "تماس با ما",
                '<div class="ms-rtestate-field"><table><tr><td>نشاني:</td><td>سنندج، خيابان پاسداران</td></tr><tr><td>امداد گاز:</td><td>۱۹۴</td></tr></table></div>',
                "/Pages/ContactUs.aspx",
            )
        if p == "/_layouts/authenticate.aspx":
            return self.page(
                "ورود",
                '<div><input name="ctl00$PlaceHolderMain$signInControl$UserName"><input type="password" name="ctl00$PlaceHolderMain$signInControl$password"></div>',
                r.target,
            )
        return Response.not_found()

    def title_block(self, title: str) -> str:
        """The item's title: a bare span, in no heading."""
        return f'<div class="pageTitle"><span id="ctl00_PlaceHolderMain_lblTitle" class="ms-pageTitle">{e(title)}</span></div>'

    def detail(self, s: ServiceSpec, dialog: bool, target: str) -> Response:
        body = (
            self.title_block(s.title)
            + f'<div class="ms-rtestate-field"><table class="ms-formtable" width="100%"><tr><td class="ms-formlabel">شرح خدمت</td><td class="ms-formbody">{e(s.description)}</td></tr>'
            f'<tr><td class="ms-formlabel">مدارك مورد نياز</td><td class="ms-formbody">{e("، ".join(s.documents))}</td></tr><tr><td class="ms-formlabel">هزينه</td><td class="ms-formbody">{e(s.fee)}</td></tr>'
            f'<tr><td class="ms-formlabel">مدت انجام</td><td class="ms-formbody">{e(s.duration)}</td></tr><tr><td class="ms-formlabel">گروه</td><td class="ms-formbody">{e(s.category)}</td></tr></table></div>'
            + (
                ""
                if dialog
                else f'<a href="/Pages/ServiceDetail.aspx?ID={s.number}&amp;IsDlg=1" target="_blank">نسخه چاپي</a>'
            )
        )
        return self.page("جزئيات خدمت", body, target, dialog=dialog)

    def page(self, title: str, body: str, target: str, dialog: bool = False) -> Response:
        """The master page; ``title`` is the page layout's name, never the item's."""
        nav = "".join(
            f'<li class="static"><a class="static menu-item" href="{e(self.nav_path(s))}"><span class="additional-background"><span class="menu-item-text">{e(s.title)}</span></span></a></li>'
            for s in self.specs
        )
        login = (
            ""
            if target.lower().startswith("/_layouts/")
            else f'<a href="/_layouts/Authenticate.aspx?Source={quote(target, safe="")}" id="ctl00_IdWelcome_ExplicitLogin">ورود به سايت</a>'
        )
        chrome = (
            ""
            if dialog
            else (
                f'<div id="s4-titlerow" class="s4-pr s4-notdlg s4-titlerowhidetitle"><div class="s4-title-inner"><h1 class="ms-sitetitle"><a id="ctl00_PlaceHolderSiteName_onetidProjectPropertyTitle" href="/">{e(self.agency)}</a></h1>'
                '<div class="s4-tn"><ul class="root static"><li class="static"><a class="static menu-item" href="/Pages/default.aspx">صفحه اصلي</a></li><li class="static"><a class="static menu-item" href="/Pages/Services.aspx">خدمات</a></li>'
                '<li class="static"><a class="static menu-item" href="/Pages/ContactUs.aspx">تماس با ما</a></li></ul></div>'
                f"{login}</div></div>"
                f'<div id="s4-leftpanel" class="s4-notdlg"><div id="ctl00_PlaceHolderLeftNavBar_QuickLaunchNavigationManager"><div class="menu vertical menu-vertical"><ul class="root static"><li class="static"><span class="static menu-item"><span class="menu-item-text">خدمات الكترونيك</span></span><ul class="static">{nav}</ul></li></ul></div></div></div>'
            )
        )
        html = (
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n<html dir="rtl" lang="fa-IR" xmlns:o="urn:schemas-microsoft-com:office:office">\r\n<head><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="X-UA-Compatible" content="IE=8" />'
            f'<title>\r\n\t{e(title)}\r\n</title><link rel="stylesheet" type="text/css" href="/_layouts/1065/styles/Themable/corev4.css?rev=p63%2BuzTeSJc22nVGNZ5zwg%3D%3D"/><script type="text/javascript" src="/_layouts/1065/init.js?rev=lEi61hsCxcBAfvfQNZA%2FsQ%3D%3D"></script></head>\r\n'
            f'<body scroll="no" onload="javascript:_spBodyOnLoadWrapper();" class="v4master"><form name="aspnetForm" method="post" action="{e(target.lstrip("/").split("/")[-1])}" id="aspnetForm">'
            f'<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{VIEWSTATE}" /><div id="s4-workspace"><div id="s4-bodyContainer">{chrome}'
            f'<div id="MSO_ContentTable"><div class="s4-ba"><div class="ms-bodyareacell"><div id="ctl00_MSO_ContentDiv">{body}</div></div></div></div></div></div></form></body></html>'
        )
        return Response.html(html, bom=True)
