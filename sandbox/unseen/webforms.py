# ruff: noqa: E501 -- HTML templates keep the markup the CMS prints, line by line
"""(a) ASP.NET WebForms: GridView listing paged only through __doPostBack, «شناسه خدمت» codes.

GET reaches page 1 of the grid (10 rows), the home page's «پرکاربردترین خدمات» (with a
utm_ tag), and each detail page's «خدمات مرتبط» (two siblings, linked in lower-case IIS
spelling). Pages 2-3 of the grid need a POST of the page's form with ``__EVENTTARGET`` the
grid and ``__EVENTARGUMENT`` ``Page$N``; every answer carries its own ``__VIEWSTATE``. Any
other POST (the category filter's AutoPostBack, a row's ``Select$i``) shows the page as GET
does. The ``norelated`` variant drops «خدمات مرتبط», so pages 2-3 are reachable only by POST.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlsplit

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round2 as cat
from sandbox.unseen.base import UnseenSite, e

PAGE = 10
GRID = "ctl00$cph$gvServices"  # the GridView's UniqueID: the __EVENTTARGET of its pager


def viewstate(path: str, grid_page: int) -> str:
    """A page's serialized state (~1.3 kB of base64, as a small WebForms page carries): it
    differs per page and per grid page shown, so no two postbacks send the same form."""
    digest = hashlib.sha256(f"{path.lower()}|{grid_page}".encode()).digest()
    return "/wEPDwUKMTY3NzE5MjIyMA9kFgJmD2QWAgIDD2QW" + base64.b64encode(digest * 30).decode()


class WebFormsSite(UnseenSite):
    id = "barq-zanjan"
    agency = cat.BARQ

    def __init__(self, related: bool = True, portal_id: str = "barq-zanjan") -> None:
        super().__init__(cat.barq())
        self.related, self.id = related, portal_id
        # grid order: by national service code (interleaves categories)
        self.order = sorted(self.specs, key=lambda s: (s.number * 7) % 31)

    def shenaseh(self, s: ServiceSpec) -> str:
        return f"1302{s.number:04d}100"

    def service_path(self, s: ServiceSpec) -> str:
        return f"/Services/ServiceDetail.aspx?ServiceId={s.number}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (
            f"/services/servicedetail.aspx?serviceid={s.number}",
            f"/Services/ServiceDetail.aspx?ServiceId={s.number}&Print=1",
        )

    def handle(self, r: Request) -> Response:
        p, q = r.path.lower(), {k.lower(): v for k, v in r.query.items()}
        if p == "/robots.txt":
            return Response.text(
                "User-agent: *\nDisallow: /Admin/\nDisallow: /WebResource.axd\nDisallow: /ScriptResource.axd\n"
            )
        if p in ("/", "/default.aspx"):
            return self.page(r, "صفحه اصلی", self.home())
        if p == "/services/servicelist.aspx":
            n = self.posted_page(r)
            return self.page(r, "فهرست خدمات الکترونیکی", self.grid(n), grid_page=n)
        if p == "/services/servicedetail.aspx":
            s = self.by_number(q.get("serviceid"))
            return (
                self.page(
                    r,
                    s.title,
                    self.detail(s, q.get("print") == "1"),
                    printing=q.get("print") == "1",
                )
                if s
                else Response.not_found()
            )
        if p == "/news/newslist.aspx":
            rows = "".join(
                f'<li><a href="/News/NewsDetail.aspx?NewsID={400 + i}">{e(t)}</a> <span class="date">۱۴۰۳/۰۷/{persian_digits(str(10 + i))}</span></li>'
                for i, t in enumerate(cat.NEWS)
            )
            return self.page(r, "اخبار", f'<h2>آخرین اخبار</h2><ul class="news">{rows}</ul>')
        if p == "/news/newsdetail.aspx":
            raw = q.get("newsid", "")
            if not raw.isdigit() or not 400 <= int(raw) < 400 + len(cat.NEWS):
                return Response.not_found()
            i = int(raw) - 400
            t = cat.NEWS[i]
            related = "".join(
                f'<li><a href="/News/NewsDetail.aspx?NewsID={400 + j}">{e(cat.NEWS[j])}</a></li>'
                for j in ((i + 1) % len(cat.NEWS), (i + 2) % len(cat.NEWS))
            )
            return self.page(
                r,
                t,
                f'<h1>{e(t)}</h1><div class="newsinfo">کد خبر: {persian_digits(raw)} | تاریخ انتشار: ۱۴۰۳/۰۷/{persian_digits(str(10 + i))}</div><p>به گزارش روابط عمومی {e(self.agency)}، {e(t)}. در این مراسم بر ارتقای کیفیت خدمات به مشترکین و کاهش خاموشی‌ها تأکید شد.</p><h3>اخبار مرتبط</h3><ul>{related}</ul>',
            )
        if p == "/contactus.aspx":
            return self.page(
                r,
                "تماس با ما",
                "<h1>تماس با ما</h1><p>نشانی: زنجان، بلوار آزادی، ستاد شرکت توزیع برق</p><p>تلفن: ۱۲۱ — سامانه پیامکی ۳۰۰۰۱۲۱</p>",
            )
        if p == "/aboutus.aspx":
            return self.page(
                r,
                "درباره ما",
                "<h1>درباره ما</h1><p>شرکت توزیع نیروی برق استان زنجان در سال ۱۳۷۱ تأسیس شد و وظیفه توزیع برق به بیش از ۴۰۰ هزار مشترک را بر عهده دارد.</p>",
            )
        if p == "/login.aspx":
            return self.page(
                r,
                "ورود",
                '<h1>ورود به سامانه</h1><input name="ctl00$cph$txtUser"/><input type="password" name="ctl00$cph$txtPass"/>',
            )
        if p == "/search.aspx":
            k = q.get("q", "")
            hits = [s for s in self.specs if k and k in s.title][:5]
            rows = "".join(
                f'<li><a href="{self.service_path(s)}&amp;hl={e(k)}">{e(s.title)}</a></li>'
                for s in hits
            )
            return self.page(r, "نتایج جستجو", f"<h1>نتایج جستجو برای «{e(k)}»</h1><ul>{rows}</ul>")
        if p == "/sitemap.aspx":
            return self.page(
                r,
                "نقشه سایت",
                '<h1>نقشه سایت</h1><ul><li><a href="/Default.aspx">صفحه اصلی</a></li><li><a href="/Services/ServiceList.aspx">خدمات الکترونیکی</a><ul>'
                + "".join(
                    f"<li><a href=\"javascript:__doPostBack('ctl00$tvSiteMap','s{c}')\">{e(c)}</a></li>"
                    for c in dict.fromkeys(s.category for s in self.specs)
                )
                + '</ul></li><li><a href="/News/NewsList.aspx">اخبار</a></li><li><a href="/ContactUs.aspx">تماس با ما</a></li></ul>',
            )
        return Response.not_found()

    def pages(self) -> int:
        return (len(self.order) + PAGE - 1) // PAGE

    def posted_page(self, r: Request) -> int:
        """The grid page a pager postback asks for; 1 for a GET or any other POST."""
        argument = r.form.get("__EVENTARGUMENT", "")
        if r.method != "POST" or r.form.get("__EVENTTARGET") != GRID:
            return 1
        raw = argument.removeprefix("Page$")
        if argument.startswith("Page$") and raw.isdigit() and 1 <= int(raw) <= self.pages():
            return int(raw)
        return 1

    def page(
        self, r: Request, title: str, body: str, printing: bool = False, grid_page: int = 1
    ) -> Response:
        parts = urlsplit(r.target)
        action = "./" + (parts.path.rsplit("/", 1)[-1] or "Default.aspx")
        action += f"?{parts.query}" if parts.query else ""
        state = viewstate(parts.path, grid_page)
        menu = (
            ""
            if printing
            else """<div id="ctl00_pnlMenu" class="menu"><ul>
<li><a href="/Default.aspx">صفحه اصلی</a></li><li><a href="/AboutUs.aspx">درباره ما</a></li>
<li><a id="ctl00_lnkServices" href="/Services/ServiceList.aspx">خدمات الکترونیکی</a></li>
<li><a href="/News/NewsList.aspx">اخبار</a></li><li><a href="/ContactUs.aspx">تماس با ما</a></li>
<li><a href="/SiteMap.aspx">نقشه سایت</a></li><li><a href="/Login.aspx?ReturnUrl=%2fDefault.aspx">ورود</a></li></ul>
<div class="search"><a href="/Search.aspx?q=%d8%a7%d9%86%d8%b4%d8%b9%d8%a7%d8%a8">جستجوی انشعاب</a></div></div>"""
        )
        html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{e(self.agency)} - {e(title)}</title><link href="/App_Themes/Default/style.css" type="text/css" rel="stylesheet" /></head>
<body><form name="aspnetForm" method="post" action="{e(action)}" id="aspnetForm">
<div><input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" /><input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{state}" /></div>
<script type="text/javascript">//<![CDATA[
var theForm = document.forms['aspnetForm'];
function __doPostBack(eventTarget, eventArgument) {{ if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{ theForm.__EVENTTARGET.value = eventTarget; theForm.__EVENTARGUMENT.value = eventArgument; theForm.submit(); }} }}
//]]></script>
<div id="header"><img src="/images/logo.png" alt="{e(self.agency)}" /></div>{menu}
<div id="ctl00_cph_content" class="content">{body}</div>
<div id="footer">کلیه حقوق برای {e(self.agency)} محفوظ است. آخرین بروزرسانی: ۱۴۰۳/۰۸/۰۱</div>
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEWBQLN5Y2NBwKMr..." /></form></body></html>"""
        return Response.html(html)

    def home(self) -> str:
        top = [self.specs[0], self.specs[12], self.specs[16], self.specs[22]]
        links = "".join(
            f'<li><a href="{self.service_path(s)}&amp;utm_source=home&amp;utm_medium=box">{e(s.title)}</a></li>'
            for s in top
        )
        news = "".join(
            f'<li><a href="/News/NewsDetail.aspx?NewsID={400 + i}">{e(t)}</a></li>'
            for i, t in enumerate(cat.NEWS[:5])
        )
        return f'<div class="box"><h3>پرکاربردترین خدمات</h3><ul>{links}</ul></div><div class="box"><h3>اخبار</h3><ul>{news}</ul><a href="/News/NewsList.aspx">آرشیو اخبار</a></div>'

    def grid(self, n: int = 1) -> str:
        first = (n - 1) * PAGE
        rows = "".join(
            f'<tr class="{"GridRow" if i % 2 == 0 else "GridAltRow"}"><td>{persian_digits(str(first + i + 1))}</td>'
            f"<td>{persian_digits(self.shenaseh(s))}</td>"
            f'<td><a id="ctl00_cph_gvServices_ctl{i + 2:02d}_lnkTitle" href="{self.service_path(s)}">{e(s.title)}</a></td><td>{e(s.category)}</td>'
            f"<td><a href=\"javascript:__doPostBack('{GRID}','Select${i}')\">انتخاب</a></td></tr>"
            for i, s in enumerate(self.order[first : first + PAGE])
        )
        pager = "".join(
            f"<td><span>{k}</span></td>"
            if k == n
            else f"<td><a href=\"javascript:__doPostBack('{GRID}','Page${k}')\">{k}</a></td>"
            for k in range(1, self.pages() + 1)
        )
        cats = "".join(
            f'<option value="{i}">{e(c)}</option>'
            for i, c in enumerate(dict.fromkeys(s.category for s in self.specs), 1)
        )
        return f"""<h1>فهرست خدمات الکترونیکی</h1>
<div>گروه خدمت: <select name="ctl00$cph$ddlCategory" onchange="javascript:setTimeout('__doPostBack(\\'ctl00$cph$ddlCategory\\',\\'\\')', 0)" id="ctl00_cph_ddlCategory"><option selected="selected" value="0">همه گروه‌ها</option>{cats}</select></div>
<table class="Grid" cellspacing="0" rules="all" border="1" id="ctl00_cph_gvServices"><tr class="GridHeader"><th scope="col">ردیف</th><th scope="col">شناسه خدمت</th><th scope="col">عنوان خدمت</th><th scope="col">گروه</th><th scope="col">&nbsp;</th></tr>
{rows}<tr class="GridPager"><td colspan="5"><table><tr>{pager}</tr></table></td></tr></table>"""

    def detail(self, s: ServiceSpec, printing: bool) -> str:
        same = [x for x in self.specs if x.category == s.category]
        i = same.index(s)
        rel = [same[(i + 1) % len(same)], same[(i + 2) % len(same)]]
        rel = [x for x in dict.fromkeys(rel) if x is not s]
        related = "".join(
            f'<li><a href="/services/servicedetail.aspx?serviceid={x.number}">{e(x.title)}</a></li>'
            for x in rel
        )
        tools = (
            ""
            if printing
            else f'<a href="{self.service_path(s)}&amp;Print=1" target="_blank">نسخه قابل چاپ</a> | <a href="/Services/ServiceList.aspx">بازگشت</a>'
            + (f"<h3>خدمات مرتبط</h3><ul>{related}</ul>" if self.related else "")
        )

        def row(label: str, value: str) -> str:
            return f'<tr><td class="lbl">{e(label)}</td><td class="val">{value}</td></tr>'

        return f"""<h1>شناسنامه خدمت</h1><table class="tblDetail" id="ctl00_cph_dvService">
{row("شناسه خدمت:", persian_digits(self.shenaseh(s)))}{row("عنوان خدمت:", f'<span id="ctl00_cph_dvService_lblTitle">{e(s.title)}</span>')}
{row("گروه خدمت:", e(s.category))}{row("شرح خدمت:", e(s.description))}{row("مدارک مورد نیاز:", e("، ".join(s.documents)))}
{row("هزینه:", e(s.fee))}{row("مدت زمان انجام:", e(s.duration))}{row("مخاطبین:", e(s.audience))}</table>{tools}"""
