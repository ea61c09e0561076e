"""A legacy DotNetNuke-style portal in windows-1256 with Arabic yeh/kaf (tabid query params)."""

from __future__ import annotations

from html import escape

from sandbox.catalogue import ServiceSpec, arabic_letters, latin_digits, mrud
from sandbox.site import Request, Response, Site, pages

PAGE_SIZE = 20
TAB_HOME, TAB_ABOUT, TAB_NEWS, TAB_CONTACT, TAB_SERVICES, TAB_DETAIL = 36, 40, 41, 42, 50, 55
CHARSET = "windows-1256"

_NEWS = (
    ("1403/06/12", "برگزاری جلسه شورای مسکن استان البرز"),
    ("1403/05/28", "آغاز ثبت‌نام مرحله جدید طرح نهضت ملی مسکن در کرج"),
    ("1403/05/03", "تمدید اعتبار پروانه‌های اشتغال به کار مهندسی"),
    ("1403/04/15", "بازدید مدیرکل از پروژه‌های مسکن ملی هشتگرد"),
)


def _tab(tabid: int, **params: object) -> str:
    extra = "".join(f"&amp;{k}={v}" for k, v in params.items())
    return f"/Default.aspx?tabid={tabid}{extra}"


class MrudSite(Site):
    id = "mrud-alborz"
    agency = mrud.AGENCY

    def __init__(self) -> None:
        super().__init__(mrud.services())

    def service_path(self, spec: ServiceSpec) -> str:
        return f"/Default.aspx?tabid={TAB_DETAIL}&ServiceID={spec.number}"

    def handle(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return Response.text("User-agent: *\nDisallow: /DesktopModules/\nDisallow: /Admin/\n")
        if request.path.lower() not in ("/", "/default.aspx"):
            return Response.not_found()
        tab = request.query.get("tabid", str(TAB_HOME))
        if tab == str(TAB_DETAIL):
            spec = self.by_number(request.query.get("ServiceID"))
            if spec is None:
                return Response.not_found()
            # Some detail pages come from an old template that names the charset only in <meta>.
            return self._page(spec.title, self._detail(spec), declare=spec.number % 6 != 0)
        if tab == str(TAB_SERVICES):
            listing = pages(self.visible(), PAGE_SIZE)
            raw = request.query.get("page", "1")
            number = int(raw) if raw.isdigit() else 0
            if not 1 <= number <= len(listing):
                return Response.not_found()
            return self._page(
                "فهرست خدمات", self._listing(listing[number - 1], number, len(listing))
            )
        if tab == str(TAB_NEWS):
            article = request.query.get("ArticleID")
            if article is not None:
                if not article.isdigit() or not 1 <= int(article) <= len(_NEWS):
                    return Response.not_found()
                date, title = _NEWS[int(article) - 1]
                body = f'<h2 class="Head">{escape(title)}</h2><span class="NewsDate">{date}</span>'
                body += "<p>به گزارش روابط عمومی اداره کل راه و شهرسازی استان البرز، " + escape(
                    title
                )
                body += " با حضور مدیران استانی انجام شد.</p>"
                return self._page(title, body, declare=False)
            return self._page("اخبار", self._news_list())
        if tab == str(TAB_ABOUT):
            return self._page("درباره ما", self._about())
        if tab == str(TAB_CONTACT):
            return self._page("تماس با ما", self._contact(), declare=False)
        if tab == str(TAB_HOME):
            return self._page("صفحه اصلی", self._home())
        return Response.not_found()

    # -- pages -----------------------------------------------------------------------------

    def _page(self, title: str, content: str, *, declare: bool = True) -> Response:
        nav = "".join(
            f'<li><a class="main_menu" href="{href}">{label}</a></li>'
            for href, label in (
                (_tab(TAB_HOME), "صفحه اصلی"),
                (_tab(TAB_SERVICES), "میز خدمت الکترونیک"),
                (_tab(TAB_NEWS), "اخبار و رویدادها"),
                (_tab(TAB_ABOUT), "درباره ما"),
                (_tab(TAB_CONTACT), "تماس با ما"),
            )
        )
        popular = "".join(
            f'<li><a href="{escape(self.service_path(s))}">{escape(s.title)}</a></li>'
            for s in self.visible()[:: len(self.specs) // 6][:6]
        )
        html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" dir="rtl" lang="fa">
<head id="Head"><meta http-equiv="Content-Type" content="text/html; charset={CHARSET}" />
<title>{escape(title)} - {escape(self.agency)}</title>
<meta name="GENERATOR" content="DotNetNuke" />
<link href="/Portals/_default/default.css" rel="stylesheet" type="text/css" />
</head>
<body id="Body">
<form name="Form" method="post" action="/Default.aspx" id="Form">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRk" />
<div id="dnn_Header"><img src="/Portals/0/logo.gif" alt="وزارت راه و شهرسازی" />
<span class="SiteTitle">{escape(self.agency)}</span></div>
<ul id="dnn_dnnNAV" class="TopMenu">{nav}</ul>
<table id="Layout" width="100%"><tr>
<td id="dnn_RightPane" class="RightPane" valign="top">
<div class="Box"><h3>خدمات پرکاربرد</h3><ul>{popular}</ul></div>
<div class="Box"><h3>پیوندها</h3><ul><li><a href="https://www.mrud.ir">وزارت راه و شهرسازی</a></li>
<li><a href="https://saman.mrud.ir">سامانه ساجات</a></li></ul></div></td>
<td id="dnn_ContentPane" class="ContentPane" valign="top">{content}</td>
</tr></table>
<div id="dnn_Footer" class="Footer">کلیه حقوق این سایت متعلق به {escape(self.agency)} می‌باشد.
نشانی: کرج، بلوار موذن، اداره کل راه و شهرسازی | تلفن: 026-32761234
<a href="{_tab(TAB_CONTACT)}">تماس با ما</a></div>
</form></body></html>"""
        return Response.html(arabic_letters(latin_digits(html)), charset=CHARSET, declare=declare)

    def _listing(self, items: list[ServiceSpec], number: int, count: int) -> str:
        rows = "".join(
            f'<tr class="{"GridItem" if i % 2 else "GridAltItem"}">'
            f"<td>{(number - 1) * PAGE_SIZE + i + 1}</td>"
            f'<td class="ServiceTitle"><a href="{escape(self.service_path(s))}">'
            f"{escape(s.title)}</a></td>"
            f"<td>{escape(s.category)}</td><td>{escape(s.audience)}</td>"
            f'<td><a class="ViewLink" href="{escape(self.service_path(s))}">مشاهده</a></td></tr>'
            for i, s in enumerate(items)
        )
        pager = "".join(
            f'<span class="current">{n}</span> '
            if n == number
            else f'<a class="PagerLink" href="{_tab(TAB_SERVICES, page=n)}">{n}</a> '
            for n in range(1, count + 1)
        )
        if number < count:
            following = _tab(TAB_SERVICES, page=number + 1)
            pager += f'<a class="PagerLink next" href="{following}">بعدی &gt;</a>'
        return f"""<h2 class="Head">فهرست خدمات قابل ارائه در میز خدمت</h2>
<p>خدمات اداره کل به تفکیک گروه خدمت؛ برای مشاهده جزئیات روی عنوان خدمت کلیک کنید.</p>
<table class="ServiceGrid" id="dnn_ctr455_ServiceList_grdServices" cellspacing="0" border="1">
<tr class="GridHeader"><th>ردیف</th><th>عنوان خدمت</th><th>گروه خدمت</th>
<th>مخاطبان</th><th></th></tr>
{rows}
</table>
<div class="Pager">{pager}</div>"""

    def _detail(self, spec: ServiceSpec) -> str:
        docs = "".join(f"<li>{escape(d)}</li>" for d in spec.documents)
        prefix = "dnn_ctr455_ServiceDetail_"
        return f"""<div class="Breadcrumb"><a href="{_tab(TAB_HOME)}">صفحه اصلی</a> &gt;
<a href="{_tab(TAB_SERVICES)}">میز خدمت الکترونیک</a> &gt; {escape(spec.title)}</div>
<table class="ServiceDetail" cellpadding="4">
<tr><th>عنوان خدمت:</th>
<td><span id="{prefix}lblTitle" class="NormalBold">{escape(spec.title)}</span></td></tr>
<tr><th>کد خدمت:</th><td><span id="{prefix}lblCode">{spec.code}</span></td></tr>
<tr><th>گروه خدمت:</th><td><span id="{prefix}lblCategory">{escape(spec.category)}</span></td></tr>
<tr><th>شرح خدمت:</th>
<td><span id="{prefix}lblDescription">{escape(spec.description)}</span></td></tr>
<tr><th>مخاطبان:</th><td><span id="{prefix}lblAudience">{escape(spec.audience)}</span></td></tr>
<tr><th>مدارک مورد نیاز:</th><td><ul id="{prefix}lstDocuments">{docs}</ul></td></tr>
<tr><th>هزینه:</th><td><span id="{prefix}lblFee">{escape(spec.fee)}</span></td></tr>
<tr><th>مدت زمان:</th><td><span id="{prefix}lblDuration">{escape(spec.duration)}</span></td></tr>
</table>
<p><a href="{_tab(TAB_SERVICES)}">بازگشت به فهرست خدمات</a></p>"""

    def _home(self) -> str:
        return (
            '<h2 class="Head">به پایگاه اطلاع‌رسانی اداره کل راه و شهرسازی استان البرز '
            "خوش آمدید</h2>"
            f'<p><a href="{_tab(TAB_SERVICES)}">مشاهده فهرست خدمات میز خدمت الکترونیک</a></p>'
            + self._news_list()
        )

    def _news_list(self) -> str:
        items = "".join(
            f'<li><span class="NewsDate">{date}</span> '
            f'<a href="{_tab(TAB_NEWS, ArticleID=i)}">{escape(title)}</a></li>'
            for i, (date, title) in enumerate(_NEWS, start=1)
        )
        return f'<div class="NewsBox"><h3>اخبار و رویدادها</h3><ul>{items}</ul></div>'

    def _about(self) -> str:
        return (
            '<h2 class="Head">درباره اداره کل</h2>'
            "<p>اداره کل راه و شهرسازی استان البرز در سال 1390 "
            "با تشکیل استان البرز و ادغام ادارات مسکن و شهرسازی و راه و ترابری تأسیس شد. وظایف "
            "این اداره کل شامل تأمین مسکن، صدور گواهینامه صلاحیت پیمانکاران و نظارت بر اجرای "
            "مقررات ملی ساختمان در شهرستان‌های کرج، فردیس، نظرآباد، ساوجبلاغ، طالقان و اشتهارد "
            "است.</p>"
        )

    def _contact(self) -> str:
        return (
            '<h2 class="Head">تماس با ما</h2>'
            "<p>نشانی: کرج، بلوار موذن، اداره کل راه و شهرسازی استان "
            "البرز</p><p>تلفن: 026-32761234 | دورنگار: 026-32761235 | کد پستی: 3149734511</p>"
        )
