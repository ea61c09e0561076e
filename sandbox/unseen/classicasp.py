# ruff: noqa: E501
"""(c) اداره کل دامپزشکی استان فارس on classic ASP (IIS 6, VBScript), its catalogue a grid of icons.
Ported from the held-out round's ``p3_classicasp.py`` (its base variant):
- ``/`` redirects to ``Default.asp``; the charset is only in the HTTP header
  (``Content-Type: text/html; Charset=windows-1256``, as ``Response.CodePage=1256`` makes it), no
  ``<meta>``; the text has Arabic ي and Latin digits;
- ``Khadamat.asp`` is a table of icon-only links
  (``<a href="ShowService.asp?ID=12"><img alt="…" title="…"></a>``, no link text);
- ``ShowService.asp?ID=N``: the title an ``<h2 class="Title">`` under the agency's ``<title>`` (the
  same on every page), the fields a label/value table; ``&Print=1`` the print copy;
- noise: form-download pages ``ShowForm.asp?ID=N`` (an h2 and a label table with a «مدارک مورد
  نياز» row), laws, news, tenders, FAQ, search, contact; paths answered in any letter case."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round8 as cat
from sandbox.unseen.base import e, raw
from sandbox.unseen.catalogue_round8 import FAQ, LAW_BODY, NEWS_BODY, NEWS_TITLES, TENDERS, Service
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.DAMPEZESHKI
LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٬", "0123456789,")
FORMS = (
    ("فرم درخواست صدور پروانه بهداشتي", "1"),
    ("فرم تعهدنامه مسئول فني", "2"),
    ("فرم درخواست گواهي حمل", "3"),
)
LAWS = ("آيين‌نامه اجرايي قانون سازمان دامپزشکي", "بخشنامه تعرفه خدمات دامپزشکي سال 1403")


def ar(text: str) -> str:
    """What a cp1256 page can show: Arabic yeh, Latin digits."""
    return text.replace("ی", "ي").translate(LATIN)


def page(body: str) -> Response:
    """IIS's answer: the charset only in the header, a session cookie."""
    return Response(
        body=ar(body).encode("windows-1256", "replace"),
        headers=[
            ("Content-Type", "text/html; Charset=windows-1256"),
            ("Server", "Microsoft-IIS/6.0"),
            ("X-Powered-By", "ASP.NET"),
            ("Set-Cookie", "ASPSESSIONIDQABTDCQR=KHLMPNBAFJBOJCFJNLDPMOEM; path=/"),
        ],
    )


def layout(content: str) -> Response:
    menu = "".join(
        f'<tr><td class="Menu"><img src="images/bullet.gif"> <a href="{h}" class="MenuLink">{t}</a></td></tr>'
        for h, t in [
            ("Default.asp", "صفحه اصلی"),
            ("Khadamat.asp", "خدمات"),
            ("News.asp", "اخبار"),
            ("Forms.asp", "فرم‌ها"),
            ("Laws.asp", "قوانین و بخشنامه‌ها"),
            ("Tenders.asp", "مناقصات"),
            ("Faq.asp", "سوالات متداول"),
            ("Contact.asp", "تماس با ما"),
            ("English/Default.asp", "English"),
        ]
    )
    return page(
        f'<html dir="rtl"><head><title>{e(AGENCY)}</title><link href="style.css" rel="stylesheet" type="text/css">'
        '<script language="JavaScript" src="scripts/menu.js"></script></head>'
        '<body topmargin="0" leftmargin="0" bgcolor="#FFFFFF"><table width="780" border="0" cellpadding="0" cellspacing="0" align="center">'
        '<tr><td colspan="2"><img src="images/header.jpg" width="780" height="120" alt=""></td></tr>'
        '<tr><td width="180" valign="top" bgcolor="#E8F0F8"><table width="100%">'
        + menu
        + '<tr><td><form action="Search.asp" method="get"><input name="q" size="12"><input type="submit" value="جستجو"></form></td></tr></table></td>'
        f'<td width="600" valign="top" class="Content">{content}</td></tr>'
        '<tr><td colspan="2" align="center" class="Footer">تمامي حقوق براي اداره کل دامپزشکي استان فارس محفوظ است - طراحي: شرکت پارس‌وب</td></tr>'
        "</table></body></html>"
    )


def titled(t: str, inner: str) -> str:
    return f'<h2 class="Title">{e(t)}</h2>{inner}'


class ClassicAspSite(TableSite):
    id = "dampezeshki-fars"
    agency = AGENCY

    def __init__(self) -> None:
        super().__init__(cat.services(cat.DAMPEZESHKI_ROWS, AGENCY))

    def service_path(self, s: ServiceSpec) -> str:
        assert isinstance(s, Service)
        return f"/ShowService.asp?ID={s.key}"

    def pages(self, origin: str) -> dict[str, Response]:
        pages: dict[str, Response] = {}
        shown = self.shown()
        pages["/"] = Response.redirect("/Default.asp")
        pages["/Default.asp"] = layout(
            '<marquee direction="right" scrollamount="3">'
            + " - ".join(
                f'<a href="ShowNews.asp?ID={100 + i}">{e(t)}</a>' for i, t in enumerate(NEWS_TITLES)
            )
            + "</marquee>"
            '<p class="Text">به پايگاه اطلاع‌رساني اداره کل دامپزشکي استان فارس خوش آمديد. براي مشاهده خدمات روي <a href="Khadamat.asp">خدمات</a> کليک کنيد.</p>'
        )
        icons = [
            f'<td align="center" width="25%"><a href="ShowService.asp?ID={s.key}"><img src="images/icons/s{s.key}.gif" '
            f'alt="{e(s.title)}" title="{e(s.title)}" width="64" height="64" border="0"></a></td>'
            for s in shown
        ]
        rows = "".join(
            "<tr>" + "".join(icons[i : i + 4]) + "</tr>" for i in range(0, len(icons), 4)
        )
        pages["/Khadamat.asp"] = layout(
            titled(
                "خدمات اداره کل",
                f'<p class="Text">براي مشاهده شرح هر خدمت روي نماد آن کليک کنيد.</p><table width="100%" cellpadding="8">{rows}</table>',
            )
        )
        for s in shown:
            docs = "<br>".join(f"- {e(d)}" for d in s.documents)
            steps = "<br>".join(f"{k + 1}- {e(d)}" for k, d in enumerate(s.steps))
            info = (
                '<table class="Info" width="100%" border="1" cellspacing="0" cellpadding="4" bordercolor="#C0C0C0">'
                f'<tr><td class="Label" width="30%">گروه خدمت</td><td>{e(s.category)}</td></tr>'
                f'<tr><td class="Label">شرح خدمت</td><td>{e(s.description)}</td></tr>'
                f'<tr><td class="Label">مدارک مورد نياز</td><td>{docs}</td></tr>'
                f'<tr><td class="Label">مراحل انجام کار</td><td>{steps}</td></tr>'
                f'<tr><td class="Label">هزينه</td><td>{e(s.fee)}</td></tr>'
                f'<tr><td class="Label">مدت زمان انجام</td><td>{e(s.duration)}</td></tr></table>'
            )
            pages[f"/ShowService.asp?ID={s.key}"] = layout(
                titled(
                    s.title,
                    info
                    + f'<p align="left"><a href="ShowService.asp?ID={s.key}&Print=1" target="_blank">'
                    '<img src="images/print.gif" border="0"> نسخه چاپي</a> | <a href="Khadamat.asp">بازگشت</a></p>',
                )
            )
            pages[f"/ShowService.asp?ID={s.key}&Print=1"] = page(
                f'<html dir="rtl"><head><title>{e(AGENCY)}</title></head><body onload="window.print()">{titled(s.title, info)}</body></html>'
            )
        pages["/News.asp"] = layout(
            titled(
                "اخبار",
                "".join(
                    f'<p><a href="ShowNews.asp?ID={100 + i}">{e(t)}</a></p>'
                    for i, t in enumerate(NEWS_TITLES)
                ),
            )
        )
        for i, t in enumerate(NEWS_TITLES):
            pages[f"/ShowNews.asp?ID={100 + i}"] = layout(
                titled(t, f'<p class="Date">1403/08/{10 + i}</p><p class="Text">{e(NEWS_BODY)}</p>')
            )
        pages["/Forms.asp"] = layout(
            titled(
                "فرم‌ها",
                "".join(f'<p><a href="ShowForm.asp?ID={k}">{e(t)}</a></p>' for t, k in FORMS),
            )
        )
        for t, k in FORMS:
            pages[f"/ShowForm.asp?ID={k}"] = layout(
                titled(
                    t,
                    '<table class="Info" width="100%" border="1"><tr><td class="Label">شرح</td><td>فرم را تکميل و همراه مدارک مورد نياز تحويل دهيد.</td></tr>'
                    '<tr><td class="Label">مدارک مورد نياز</td><td>- کارت ملي<br>- فرم تکميل‌شده</td></tr>'
                    f'<tr><td class="Label">فايل</td><td><a href="files/form{k}.doc">دريافت فرم</a></td></tr></table>',
                )
            )
        pages["/Laws.asp"] = layout(
            titled(
                "قوانين و بخشنامه‌ها",
                "".join(
                    f'<p><a href="ShowLaw.asp?ID={k + 1}">{e(t)}</a></p>'
                    for k, t in enumerate(LAWS)
                ),
            )
        )
        for n, t in enumerate(LAWS):
            pages[f"/ShowLaw.asp?ID={n + 1}"] = layout(titled(t, LAW_BODY))
        pages["/Tenders.asp"] = layout(
            titled("مناقصات", "".join(f"<p>{e(t)} - مهلت: {e(d)}</p>" for t, d in TENDERS))
        )
        pages["/Faq.asp"] = layout(
            titled("سوالات متداول", "".join(f"<p><b>{e(q)}</b><br>{e(a)}</p>" for q, a in FAQ))
        )
        pages["/Contact.asp"] = layout(
            titled(
                "تماس با ما",
                '<p>شيراز، بلوار زند - تلفن 07132300000</p><form method="post" action="Contact.asp?Send=1"><textarea name="msg"></textarea><input type="submit" value="ارسال"></form>',
            )
        )
        pages["/English/Default.asp"] = page(
            "<html><head><title>Fars Veterinary Office</title></head><body><h1>Fars Veterinary Office</h1><p>Welcome.</p></body></html>"
        )
        pages["/robots.txt"] = raw("User-agent: *\nDisallow: /admin/\n", "text/plain")
        return pages

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        """IIS: a search answers nothing found; any page in any letter case."""
        if r.target.startswith("/Search.asp"):
            return layout(titled("نتيجه جستجو", "<p>موردي يافت نشد.</p>"))
        target = r.target.lower()
        return next((p for path, p in pages.items() if path.lower() == target), None)
