# ruff: noqa: E501
"""(f) کانون دفاتر خدمات الکترونیک قضایی استان همدان on an ASP.NET WebForms CMS with base64 page ids and
definition lists. Conventions modelled (real URL in services.yaml: sabteahval-hm.ir `/fa/showpages.aspx?mid=Mjcx&spi=NDg=`,
i.e. mid=base64("271"), spi=base64("48"); Bootstrap 3 `dl-horizontal`):
- menu pages `/fa/showpages.aspx?mid={b64 menu id}`, content pages `…&spi={b64 page id}`; the catalogue
  (mid=Mjcx) prints `<dl class="srv-list">` per group: `<dt><a href=…>title</a></dt><dd>summary</dd>`;
- the catalogue links `spi=NDg=` raw; the «پربازدیدترین خدمات» box on the home page links the same page with the
  `=` escaped as ASP.NET's UrlEncode writes it (`spi=NDg%3d`): an alias;
- detail: `<h2 class="page-title">` + `<dl class="dl-horizontal srv-info">` with `<dt>شرح خدمت</dt><dd>…</dd>`,
  `<dt>مدارک مورد نیاز</dt><dd><ul>…</ul></dd>`, هزینه, مدت زمان, نحوه دسترسی;
- noise: news `/fa/shownews.aspx?nid={b64}` in the same template; about and contact pages whose body is also a
  `dl-horizontal` (نشانی/تلفن/…); `/fa/login.aspx`, `/en/` switch, `/fa/print.aspx?spi=…` print copies,
  search, off-site links (adliran.ir, sana)."""

from __future__ import annotations

import base64
import binascii

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round6 as cat
from sandbox.unseen.base import UnseenSite, e, ul

SITE = cat.QAZAII
NEWS = cat.NEWS
# the catalogue's groups, by the services' places in the catalogue's rows
GROUPS = (("ثبت و پیگیری", range(0, 6)), ("تنظیم دادخواست و شکواییه", range(6, 16)))
CAT_MID = 271  # the catalogue's menu id
ABOUT_MID = 100
ABOUT = {
    11: (
        "درباره کانون",
        (
            ("تاریخ تأسیس", "۱۳۹۵"),
            ("تعداد دفاتر", "۴۲ دفتر در سطح استان"),
            ("رئیس کانون", "آقای رحیمی"),
        ),
    ),
    12: (
        "تماس با ما",
        (
            ("نشانی", "همدان، بلوار مدنی، ساختمان کانون"),
            ("تلفن", "۰۸۱-۳۸۲۰۰۰۰۰"),
            ("ساعات کاری", "شنبه تا چهارشنبه ۸ تا ۱۶"),
        ),
    ),
}


def b64(n: int) -> str:
    return base64.b64encode(str(n).encode()).decode()


def unb64(v: str | None) -> int | None:
    try:
        return int(base64.b64decode(v or "", validate=True).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


class DefListSite(UnseenSite):
    id = "qazaii-hamedan"
    agency = cat.QAZAII

    def __init__(self) -> None:
        super().__init__(
            cat.services(
                cat.QAZAII_ROWS,
                48,
                docs=("اصل کارت ملی", "مدارک و مستندات مربوط به دعوا", "کد ثنا"),
                fee="طبق تعرفه مصوب قوه قضاییه",
                duration="همان روز",
            )
        )

    def service_path(self, s: ServiceSpec) -> str:
        return f"/fa/showpages.aspx?mid={b64(CAT_MID)}&spi={b64(s.number)}"

    def alt_path(self, s: ServiceSpec) -> str:
        """The same page with the page id's ``=`` written ``%3d`` (the menu id's left as is)."""
        return self.service_path(s).replace("=", "%3d").replace("%3d", "=", 2)

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        alt = self.alt_path(s)
        return (alt,) if alt != self.service_path(s) else ()

    def handle(self, r: Request) -> Response:
        p, q = r.path.lower(), r.query
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /fa/search.aspx\n")
        if p in ("/", "/fa", "/fa/", "/fa/default.aspx"):
            return self.home()
        if p.startswith("/en"):
            return Response.html(
                '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Hamedan Judicial e-Service Offices</title></head><body><h1>Hamedan Judicial e-Service Offices Association</h1></body></html>'
            )
        if p == "/fa/showpages.aspx":
            mid, spi = unb64(q.get("mid")), q.get("spi")
            if spi is None:
                return self.catalogue() if mid == CAT_MID else Response.not_found()
            n = unb64(spi)
            if mid == CAT_MID:
                s = self.by_number(str(n)) if n is not None else None
                return self.detail(s) if s else Response.not_found()
            if mid == ABOUT_MID and n in ABOUT:
                t, rows = ABOUT[n]
                return self.page(
                    t,
                    f'<ol class="breadcrumb"><li><a href="/fa/default.aspx">خانه</a></li><li class="active">{e(t)}</li></ol><h2 class="page-title">{e(t)}</h2>'
                    + '<dl class="dl-horizontal">'
                    + "".join(f"<dt>{e(a)}</dt><dd>{e(b)}</dd>" for a, b in rows)
                    + "</dl>",
                )
            return Response.not_found()
        if p == "/fa/shownews.aspx":
            nid = unb64(q.get("nid"))
            i = nid - 1200 if nid is not None else -1
            if 0 <= i < len(NEWS):
                t = NEWS[i]
                return self.page(
                    t,
                    f'<ol class="breadcrumb"><li><a href="/fa/default.aspx">خانه</a></li><li><a href="/fa/newslist.aspx">اخبار</a></li></ol><h2 class="page-title">{e(t)}</h2>'
                    f'<dl class="dl-horizontal news-meta"><dt>تاریخ انتشار</dt><dd>{persian_digits(f"1403/08/{10 + i}")}</dd><dt>کد خبر</dt><dd>{1200 + i}</dd></dl><p>به گزارش روابط عمومی کانون، {e(t)}.</p>',
                )
            return Response.not_found()
        if p == "/fa/newslist.aspx":
            items = "".join(
                f'<li><a href="/fa/shownews.aspx?nid={b64(1200 + i)}">{e(t)}</a></li>'
                for i, t in enumerate(NEWS)
            )
            return self.page("اخبار", f'<h2 class="page-title">اخبار</h2><ul>{items}</ul>')
        if p == "/fa/print.aspx":
            n = unb64(q.get("spi"))
            printed = self.by_number(str(n)) if n is not None else None
            if printed is None:
                return Response.not_found()
            return Response.html(
                f'<html dir="rtl"><head><meta charset="utf-8"><title>چاپ</title></head><body>{self.body(printed)}</body></html>'
            )
        if p == "/fa/login.aspx":
            return self.page(
                "ورود",
                '<h2 class="page-title">ورود کاربران</h2><form method="post"><input name="txtUser"><input name="txtPass" type="password"><input type="submit" value="ورود"></form>',
            )
        if p == "/fa/search.aspx":
            return self.page("جستجو", '<h2 class="page-title">جستجو</h2><p>موردی یافت نشد.</p>')
        return Response.not_found()

    def page(self, title: str, body: str) -> Response:
        nav = (
            f'<ul class="nav navbar-nav"><li><a href="/fa/default.aspx">خانه</a></li><li><a href="/fa/showpages.aspx?mid={b64(ABOUT_MID)}&spi={b64(11)}">درباره کانون</a></li>'
            f'<li><a href="/fa/showpages.aspx?mid={b64(CAT_MID)}">خدمات دفاتر</a></li><li><a href="/fa/newslist.aspx">اخبار</a></li>'
            f'<li><a href="/fa/showpages.aspx?mid={b64(ABOUT_MID)}&spi={b64(12)}">تماس با ما</a></li><li><a href="/fa/login.aspx?ReturnUrl=%2ffa%2fdefault.aspx">ورود</a></li><li><a href="/en/">English</a></li></ul>'
            '<form action="/fa/search.aspx" class="navbar-form"><input name="q" class="form-control"></form>'
        )
        return Response.html(
            f'<!DOCTYPE html><html dir="rtl" lang="fa"><head><meta charset="utf-8"><title>{SITE} | {e(title)}</title><link href="/css/bootstrap-rtl.min.css" rel="stylesheet"></head>'
            f'<body><form method="post" action="./" id="form1"><input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgI="><nav class="navbar navbar-default"><div class="container"><a class="navbar-brand" href="/fa/default.aspx">{SITE}</a>{nav}</div></nav>'
            f'<div class="container"><div class="row"><div class="col-md-9">{body}</div><div class="col-md-3"><div class="panel panel-default"><div class="panel-heading">پیوندها</div>'
            f'<ul class="list-group"><li class="list-group-item"><a href="https://adliran.ir/">پورتال خدمات الکترونیک قضایی</a></li><li class="list-group-item"><a href="https://sana.adliran.ir/">سامانه ثنا</a></li></ul></div></div></div></div>'
            f'<footer class="footer">© {SITE}</footer></form></body></html>'
        )

    def home(self) -> Response:
        top = "".join(
            f'<li class="list-group-item"><a href="{e(self.alt_path(s))}">{e(s.title)}</a></li>'
            for s in self.specs[:5]
        )
        news = "".join(
            f'<li><a href="/fa/shownews.aspx?nid={b64(1200 + i)}">{e(t)}</a></li>'
            for i, t in enumerate(NEWS[:4])
        )
        return self.page(
            "صفحه اصلی",
            f'<div class="jumbotron"><h1>{SITE}</h1></div><div class="row"><div class="col-md-6"><h3>آخرین اخبار</h3><ul>{news}</ul></div>'
            f'<div class="col-md-6"><h3>پربازدیدترین خدمات</h3><ul class="list-group">{top}</ul></div></div>',
        )

    def catalogue(self) -> Response:
        out = ""
        for group, idx in GROUPS:
            items = [
                self.specs[i] for i in idx if self.service_path(self.specs[i]) not in self.hidden
            ]
            entries = "".join(
                f'<dt><a href="{e(self.service_path(s))}">{e(s.title)}</a></dt><dd>{e(s.description[:90])}…</dd>'
                for s in items
            )
            out += f'<h3 class="srv-group">{e(group)}</h3><dl class="srv-list">{entries}</dl>'
        return self.page(
            "خدمات دفاتر",
            f'<ol class="breadcrumb"><li><a href="/fa/default.aspx">خانه</a></li><li class="active">خدمات دفاتر</li></ol><h2 class="page-title">خدمات دفاتر خدمات الکترونیک قضایی</h2>{out}',
        )

    def body(self, s: ServiceSpec) -> str:
        """The service itself: what the detail page and its print copy share."""
        rows = (
            ("شرح خدمت", e(s.description)),
            ("مدارک مورد نیاز", ul(s.documents)),
            ("هزینه", e(s.fee)),
            ("مدت زمان انجام", e(s.duration)),
            ("نحوه دسترسی", "مراجعه به دفاتر خدمات الکترونیک قضایی"),
        )
        info = (
            '<dl class="dl-horizontal srv-info">'
            + "".join(f"<dt>{a}</dt><dd>{b}</dd>" for a, b in rows)
            + "</dl>"
        )
        return f'<h2 class="page-title">{e(s.title)}</h2>{info}'

    def detail(self, s: ServiceSpec) -> Response:
        return self.page(
            s.title,
            f'<ol class="breadcrumb"><li><a href="/fa/default.aspx">خانه</a></li><li><a href="/fa/showpages.aspx?mid={b64(CAT_MID)}">خدمات دفاتر</a></li><li class="active">{e(s.title)}</li></ol>'
            + self.body(s)
            + f'<p class="tools"><a href="/fa/print.aspx?spi={b64(s.number)}" target="_blank">چاپ</a></p>',
        )
