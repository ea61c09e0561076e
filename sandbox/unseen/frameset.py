# ruff: noqa: E501
"""(b) اداره کل ثبت اسناد و املاک استان یزد on a FrontPage-era frameset site in windows-1256.
Conventions modelled (Microsoft FrontPage 98 SDK "frameset templates", library.thedatadungeon.com/msdn-2000-04/fpage/…;
frameset sites such as rodeocollection.net; help.regiran.com on Persian pages declaring windows-1256 in a `<meta>`):
- `/` (and `/index.htm`) is a `<frameset>`: banner `top.htm`, `main.htm` and the menu `menu.htm` (links `target="main"`);
- no HTTP charset (bare `text/html`): only `<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">`
  names it, the text in Arabic ي/ك and Latin digits as cp1256 sites wrote it, CRLF line ends;
- the services table `khadamat.htm` links its rows with `<tr onclick="location.href='khadamat/khedmat01.htm'">` (1-6)
  and `<a href="javascript:void(0)" onclick="window.open('…','main')">` (7-12): no `href` to any service;
- service pages `khadamat/khedmatNN.htm` have no heading element: the title is `<p align=center><b><font size=4>`,
  the `<title>` the agency's on every page, the field labels `<b>` inside a `<font>`;
- the print copy opens with `window.open('chap.asp?id=NN','chap','width=600,height=500')`;
- noise: news `akhbar/khabarN.htm`, tenders `monaghese/mN.htm` (the agency's `<title>`, headed «شرایط شرکت»/«مبلغ تضمین»
  `<h3>` sections), about, contact, a POST search form, an English page `en/index.htm`."""

from __future__ import annotations

from sandbox.catalogue import ServiceSpec
from sandbox.site import Response
from sandbox.unseen import catalogue_round7 as cat
from sandbox.unseen.base import e, raw
from sandbox.unseen.catalogue_round7 import NEWS_BODY, NEWS_TITLES, TENDERS
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.SABT
# cp1256 has no Persian digits or Arabic thousands separator: legacy pages used Latin ones
LEGACY = str.maketrans({**{chr(0x06F0 + d): str(d) for d in range(10)}, "٬": ",", "×": "x"})
PAGE = 'bgcolor="#FFFFFF" dir="rtl"'


def page(title: str, body: str, bodyattrs: str | None = PAGE) -> Response:
    """A FrontPage page in windows-1256 (``bodyattrs`` None: ``body`` is a frameset, not wrapped)."""
    text = (
        '<html>\r\n<head>\r\n<meta http-equiv="Content-Language" content="fa">\r\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">\r\n'
        '<meta name="GENERATOR" content="Microsoft FrontPage 6.0">\r\n'
        '<meta name="ProgId" content="FrontPage.Editor.Document">\r\n'
        f"<title>{e(title)}</title>\r\n</head>\r\n"
        + (f"<body {bodyattrs}>\r\n{body}\r\n</body>\r\n" if bodyattrs is not None else body)
        + "</html>\r\n"
    )
    legacy = text.replace("ی", "ي").replace("ک", "ك").translate(LEGACY)
    return Response.html(legacy, charset="cp1256", declare=False)


def font(text: str, size: int = 2, color: str = "#000000") -> str:
    return f'<font face="Tahoma" size="{size}" color="{color}">{text}</font>'


MENU = (
    "<p>" + font("<b>منوي اصلي</b>", 2, "#800000") + "</p>"
    '<p><a href="main.htm" target="main">' + font("صفحه اصلی") + "</a><br>"
    '<a href="khadamat.htm" target="main">' + font("خدمات") + "</a><br>"
    '<a href="akhbar.htm" target="main">' + font("اخبار") + "</a><br>"
    '<a href="monaghese.htm" target="main">' + font("مناقصه و مزایده") + "</a><br>"
    '<a href="darbare.htm" target="main">' + font("درباره ما") + "</a><br>"
    '<a href="tamas.htm" target="main">' + font("تماس با ما") + "</a><br>"
    '<a href="jostojoo.asp" target="main">' + font("جستجو") + "</a></p>"
)
FRAMESET = (
    '<frameset rows="110,*" border="0" frameborder="0" framespacing="0">\r\n'
    '<frame name="banner" scrolling="no" noresize target="contents" src="top.htm">\r\n'
    '<frameset cols="*,190">\r\n<frame name="main" src="main.htm" scrolling="auto">\r\n'
    '<frame name="contents" target="main" src="menu.htm">\r\n</frameset>\r\n'
    "<noframes>\r\n<body>\r\n<p>اين صفحه از فريم استفاده مي کند و مرورگر شما از آن پشتيباني نمي کند.</p>\r\n</body>\r\n</noframes>\r\n</frameset>\r\n"
)


class FramesetSite(TableSite):
    id = "sabt-yazd"
    agency = AGENCY

    def __init__(self) -> None:
        super().__init__(cat.services(cat.SABT_ROWS, AGENCY))

    def service_path(self, s: ServiceSpec) -> str:
        return f"/khadamat/khedmat{s.number:02d}.htm"

    def pages(self, origin: str) -> dict[str, Response]:
        pages: dict[str, Response] = {}
        main_body = (
            '<p align="center">'
            + font(f"<b>به پايگاه اطلاع رساني {e(AGENCY)} خوش آمديد</b>", 3, "#000080")
            + "</p>"
            "<p>"
            + font("براي مشاهده فهرست خدمات اداره کل از منوي سمت راست گزينه خدمات را انتخاب کنيد.")
            + "</p>"
            '<marquee direction="right" scrollamount="3">' + font(e(NEWS_TITLES[0])) + "</marquee>"
        )
        pages["/"] = page(AGENCY, FRAMESET, bodyattrs=None)
        pages["/top.htm"] = page(
            AGENCY,
            '<table width="100%" bgcolor="#000080"><tr><td><img border="0" src="images/banner.jpg" width="600" height="100"></td>'
            '<td><a href="en/index.htm" target="_top">'
            + font("English", 1, "#FFFFFF")
            + "</a></td></tr></table>",
        )
        pages["/menu.htm"] = page(AGENCY, MENU, 'bgcolor="#E8E8F8" dir="rtl"')
        pages["/main.htm"] = page(AGENCY, main_body)
        pages["/khadamat.htm"] = self.table()
        for s in self.shown():
            body = (
                f'<table width="100%"><tr><td bgcolor="#000080">{font("خدمات &gt; " + e(s.category), 1, "#FFFFFF")}</td></tr></table>'
                f'<p align="center"><b>{font(e(s.title), 4, "#000080")}</b></p><p>{font(e(s.description))}</p>'
                f"<div>{font(cat.fields_html(s, 'b'))}</div>"
                f"<p align=\"center\"><a href=\"#\" onclick=\"window.open('chap.asp?id={s.key}','chap','width=600,height=500')\">{font('نسخه چاپي')}</a> | "
                f'<a href="../khadamat.htm">{font("بازگشت به فهرست خدمات")}</a></p>'
            )
            pages[f"/khadamat/khedmat{s.key}.htm"] = page(AGENCY, body)
            pages[f"/khadamat/chap.asp?id={s.key}"] = page(
                s.title,
                f'<p align="center"><b>{font(e(s.title), 4)}</b></p><p>{font(e(s.description))}</p>{cat.fields_html(s, "b")}',
                'onload="window.print()" dir="rtl"',
            )
        pages["/akhbar.htm"] = page(
            AGENCY,
            '<p align="center">'
            + font("<b>اخبار</b>", 3, "#000080")
            + "</p><ul>"
            + "".join(
                f'<li><a href="akhbar/khabar{i + 1}.htm">{font(e(t))}</a></li>'
                for i, t in enumerate(NEWS_TITLES)
            )
            + "</ul>",
        )
        for i, t in enumerate(NEWS_TITLES):
            pages[f"/akhbar/khabar{i + 1}.htm"] = page(
                AGENCY,
                f'<p align="center"><b>{font(e(t), 4, "#000080")}</b></p>'
                f'<p>{font("۱۳۹۸/۰۶/" + str(10 + i))}</p><p>{font(e(NEWS_BODY))}</p><p><a href="../akhbar.htm">بازگشت</a></p>',
            )
        pages["/monaghese.htm"] = page(
            AGENCY,
            '<p align="center">'
            + font("<b>مناقصه و مزایده</b>", 3, "#000080")
            + "</p><ul>"
            + "".join(
                f'<li><a href="monaghese/m{i + 1}.htm">{font(e(t))}</a></li>'
                for i, (t, _) in enumerate(TENDERS)
            )
            + "</ul>",
        )
        for i, (t, d) in enumerate(TENDERS):
            pages[f"/monaghese/m{i + 1}.htm"] = page(
                AGENCY,
                f'<p align="center"><b>{font(e(t), 4, "#000080")}</b></p>{cat.tender_body(t, d)}',
            )
        pages["/darbare.htm"] = page(
            AGENCY,
            '<p align="center">'
            + font("<b>درباره ما</b>", 3)
            + "</p><p>"
            + font(
                "اداره کل ثبت اسناد و املاک استان يزد زير نظر سازمان ثبت اسناد و املاک کشور فعاليت مي کند."
            )
            + "</p>",
        )
        pages["/tamas.htm"] = page(
            AGENCY,
            '<p align="center">'
            + font("<b>تماس با ما</b>", 3)
            + "</p><p>"
            + font("يزد، بلوار جمهوري اسلامي — تلفن ۳۵۲۵۰۰۰۰")
            + "</p>",
        )
        pages["/jostojoo.asp"] = page(
            AGENCY,
            '<form method="POST" action="jostojoo.asp"><input type="text" name="kalame" size="20"><input type="submit" value="جستجو"></form>',
        )
        pages["/en/index.htm"] = page(
            "Yazd Registry of Deeds",
            '<p>Welcome to the Yazd Registry of Deeds and Properties. <a href="../index.htm">فارسي</a></p>',
        )
        pages["/index.htm"] = pages["/"]
        pages["/robots.txt"] = raw("User-agent: *\nDisallow: /_vti_bin/\n", "text/plain")
        return pages

    def table(self) -> Response:
        """The services table: rows 1-6 open by the row's onclick, 7-12 by a window.open link."""
        rows = []
        for i, s in enumerate(self.shown()):
            target = f"khadamat/khedmat{s.key}.htm"
            if i < 6:
                rows.append(
                    f"<tr onmouseover=\"this.bgColor='#E0E0FF'\" onmouseout=\"this.bgColor=''\" "
                    f'onclick="location.href=\'{target}\'" style="cursor:hand"><td>{i + 1}</td><td>{font(e(s.title))}</td><td>{font(e(s.category))}</td></tr>'
                )
            else:
                rows.append(
                    f"<tr><td>{i + 1}</td><td><a href=\"javascript:void(0)\" onclick=\"window.open('{target}','main')\">"
                    f"{font(e(s.title))}</a></td><td>{font(e(s.category))}</td></tr>"
                )
        return page(
            AGENCY,
            '<p align="center">'
            + font("<b>فهرست خدمات قابل ارائه به مراجعين</b>", 3, "#000080")
            + "</p>"
            '<table border="1" width="100%" cellspacing="0" bordercolor="#C0C0C0"><tr bgcolor="#000080">'
            f"<td>{font('رديف', 2, '#FFFFFF')}</td><td>{font('عنوان خدمت', 2, '#FFFFFF')}</td><td>{font('گروه', 2, '#FFFFFF')}</td></tr>"
            + "".join(rows)
            + "</table>",
        )
