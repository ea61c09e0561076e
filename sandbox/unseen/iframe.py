# ruff: noqa: E501
"""(b) An older static-HTML portal whose service catalogue is a separate ASP.NET application shown
in an `<iframe>` (کانون انجمن صنفی دفاتر پیشخوان خدمات دولت استان اصفهان). Conventions modelled:
- `/` and `/khadamat.html` are hand-made HTML (table layout, `<marquee>` news ticker); the
  catalogue page holds only `<iframe src="/app/ServiceList.aspx?cat=0" …>` (plus a
  «مرورگر شما از iframe پشتیبانی نمی‌کند» fallback text with no link);
- the framed app `/app/ServiceList.aspx?cat=N` is a bare page (no site nav) with category tabs
  and relative links `ServiceInfo.aspx?sid=N` carrying `target="_top"`;
- detail `/app/ServiceInfo.aspx?sid=N`: title in `<span id="lblTitle" class="srv-title">`
  inside a `<div class="box-head">` (no heading element), sections in `<fieldset><legend>`;
  `<title>` is the app name «سامانه معرفی خدمات پیشخوان» only. Print copy `&print=1`,
  request link `/app/Request.aspx?sid=N` → 302 to login;
- noise: news `/news/{n}.html`, `/contact.html` with a Google-Maps iframe (off-site), `/faq.html`."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec, persian_digits
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round5 as cat
from sandbox.unseen.base import UnseenSite, e, ul

SITE = cat.PISHKHAN
APP = "سامانه معرفی خدمات پیشخوان"
CATS = (("0", "همه خدمات"), ("1", "پست"), ("2", "قضایی"), ("3", "مخابرات"), ("4", "برق"))
CAT_OF = {"پست": "1", "قضایی": "2", "مخابرات": "3", "برق": "4"}
XHTML = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml" dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'


class IframeSite(UnseenSite):
    id = "pishkhan-isfahan"
    agency = cat.PISHKHAN

    def __init__(self) -> None:
        super().__init__(cat.pishkhan())
        self.news = list(cat.NEWS[:5])

    def service_path(self, s: ServiceSpec) -> str:
        return f"/app/ServiceInfo.aspx?sid={s.number}"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (
            f"/app/ServiceInfo.aspx?sid={s.number}&print=1",
            f"/app/serviceinfo.aspx?sid={s.number}",
        )

    def handle(self, r: Request) -> Response:
        p, q = r.path, r.query
        lp = p.lower()  # the framed app runs on IIS: its paths are case-insensitive
        if p == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /app/Login.aspx\n")
        if p in ("/", "/index.html"):
            ticker = " ♦ ".join(
                f'<a href="/news/{i + 1}.html">{e(t)}</a>' for i, t in enumerate(self.news)
            )
            body = (
                f'<marquee direction="right" scrollamount="3" onmouseover="this.stop()" onmouseout="this.start()">{ticker}</marquee>'
                f'<table width="100%" cellpadding="6"><tr><td width="30%" valign="top"><b>دسترسی سریع</b><br><a href="/khadamat.html">فهرست خدمات دفاتر پیشخوان</a><br><a href="/faq.html">پرسش‌های متداول</a><br><a href="/app/Login.aspx">ورود متصدیان</a></td>'
                f'<td valign="top"><p>دفاتر پیشخوان خدمات دولت استان اصفهان، خدمات بیش از ۳۰ دستگاه اجرایی را به صورت یکجا ارائه می‌کنند.</p></td></tr></table>'
            )
            return self.page("صفحه اصلی", body)
        if p == "/khadamat.html":
            # the frame is the catalogue's only way in: no <a> to the framed app anywhere
            frame = (
                '<iframe id="frmServices" name="frmServices" src="/app/ServiceList.aspx?cat=0" width="100%" height="1200" frameborder="0" scrolling="auto" style="border:0">'
                "مرورگر شما از iframe پشتیبانی نمی‌کند.</iframe>"
            )
            return self.page(
                "فهرست خدمات",
                f"<p>فهرست خدمات قابل ارائه در دفاتر پیشخوان را در زیر ببینید:</p>{frame}",
            )
        if lp == "/app/servicelist.aspx":
            return self.service_list(q.get("cat", "0"))
        if lp == "/app/serviceinfo.aspx":
            s = self.by_number(q.get("sid"))
            if s is None:  # ASP.NET's customErrors page, by redirect
                return Response.redirect(
                    r.origin + "/app/Error.aspx?aspxerrorpath=/app/ServiceInfo.aspx", 302
                )
            return self.detail(s, q.get("print") == "1")
        if lp == "/app/error.aspx":
            return Response.html(
                f'<html dir="rtl"><head><title>{APP}</title></head><body><div class="box-head"><span class="srv-title">خطا</span></div><p>خدمت مورد نظر یافت نشد.</p></body></html>'
            )
        if lp == "/app/request.aspx":
            return Response.redirect(
                r.origin
                + f"/app/Login.aspx?ReturnUrl=%2fapp%2fRequest.aspx%3fsid%3d{q.get('sid', '')}",
                302,
            )
        if lp == "/app/login.aspx":
            return Response.html(
                f'<html dir="rtl"><head><title>{APP} - ورود</title></head><body><form method="post"><input name="txtUser"/><input type="password" name="txtPass"/></form></body></html>'
            )
        if p.startswith("/news/") and p.endswith(".html"):
            raw = p.removeprefix("/news/").removesuffix(".html")
            i = int(raw) - 1 if raw.isdigit() else -1
            if 0 <= i < len(self.news):
                t = self.news[i]
                return self.page(
                    t,
                    f'<h2 class="news-title">{e(t)}</h2><p>{persian_digits(f"1403/07/{10 + i}")}</p><p>به گزارش روابط عمومی کانون، {e(t)}.</p>',
                )
            return Response.not_found()
        if p == "/contact.html":
            return self.page(
                "تماس با ما",
                '<h2>تماس با ما</h2><p>اصفهان، خیابان چهارباغ بالا</p><iframe src="https://www.google.com/maps/embed?pb=!1m18!1m12" width="400" height="300"></iframe>',
            )
        if p == "/faq.html":
            return self.page(
                "پرسش‌های متداول",
                "<h2>پرسش‌های متداول</h2><p><b>نزدیک‌ترین دفتر پیشخوان کجاست؟</b><br>از طریق سامانه جستجوی دفاتر.</p><p><b>آیا امکان پرداخت با کارت وجود دارد؟</b><br>بله.</p>",
            )
        return Response.not_found()

    def service_list(self, cat_id: str) -> Response:
        """The framed app's grid: a bare page, its links relative and aimed at the top window."""
        chosen = [s for s in self.specs if cat_id == "0" or CAT_OF.get(s.category) == cat_id]
        tabs = " | ".join(
            f'<a href="ServiceList.aspx?cat={c}"{' class="sel"' if c == cat_id else ""}>{t}</a>'
            for c, t in CATS
        )
        rows = "".join(
            f'<tr class="{"row" if i % 2 else "altrow"}"><td>{persian_digits(str(i + 1))}</td><td><a href="ServiceInfo.aspx?sid={s.number}" target="_top">{e(s.title)}</a></td><td>{e(s.category)}</td></tr>'
            for i, s in enumerate(chosen)
        )
        return Response.html(
            f'{XHTML}<title>{APP}</title><link href="/app/Styles/app.css" rel="stylesheet" type="text/css" /></head>'
            f'<body class="frame"><form name="form1" method="post" action="./ServiceList.aspx?cat={cat_id}" id="form1"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRkZ3B0b0x1" />'
            f'<div class="tabs">{tabs}</div><table id="gvServices" class="grid" cellspacing="0" border="1" style="border-collapse:collapse;"><tr><th>ردیف</th><th>عنوان خدمت</th><th>دستگاه</th></tr>{rows}</table></form></body></html>'
        )

    def detail(self, s: ServiceSpec, printing: bool) -> Response:
        """The title only in a <span> (``<title>`` is the app's name); each section a
        <fieldset> whose <legend> names it."""
        actions = (
            ""
            if printing
            else (
                f'<div class="actions"><a href="Request.aspx?sid={s.number}" target="_top">ثبت درخواست</a> | <a href="ServiceInfo.aspx?sid={s.number}&amp;print=1" target="_blank">نسخه چاپی</a> | '
                f'<a href="ServiceList.aspx?cat={CAT_OF.get(s.category, "0")}">بازگشت به فهرست</a></div>'
            )
        )
        return Response.html(
            f'{XHTML}<title>{APP}</title><link href="/app/Styles/app.css" rel="stylesheet" type="text/css" /></head>'
            f'<body class="frame"><form name="form1" method="post" action="./ServiceInfo.aspx?sid={s.number}" id="form1"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwULLTE2NjU0NTYxMDVkZA==" />'
            f'<div class="box"><div class="box-head"><span id="lblTitle" class="srv-title">{e(s.title)}</span></div><div class="box-body">'
            f'<fieldset><legend>شرح خدمت</legend><span id="lblDesc">{e(s.description)}</span></fieldset>'
            f'<fieldset><legend>دستگاه ارائه‌دهنده</legend><span id="lblOrg">{e(s.category)}</span></fieldset>'
            f"<fieldset><legend>مدارک لازم</legend>{ul(s.documents)}</fieldset>"
            f'<fieldset><legend>هزینه</legend><span id="lblFee">{e(s.fee)}</span></fieldset>'
            f'<fieldset><legend>زمان انجام</legend><span id="lblTime">{e(s.duration)}</span></fieldset></div></div>{actions}</form></body></html>'
        )

    def page(self, title: str, body: str) -> Response:
        """The hand-made site's table layout; the framed app never uses it."""
        html = (
            f'<html dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{SITE} - {e(title)}</title></head>'
            f'<body bgcolor="#f4f4f4"><table width="980" align="center" bgcolor="#ffffff"><tr><td><img src="/images/header.jpg" alt="{SITE}" width="980" height="120"></td></tr>'
            f'<tr><td class="menu"><a href="/">صفحه اصلی</a> | <a href="/khadamat.html">خدمات</a> | <a href="/faq.html">پرسش‌های متداول</a> | <a href="/contact.html">تماس با ما</a></td></tr>'
            f'<tr><td>{body}</td></tr><tr><td class="footer" align="center">کلیه حقوق متعلق به {SITE} می‌باشد - طراحی: شرکت پارس وب</td></tr></table></body></html>'
        )
        return Response.html(html)
