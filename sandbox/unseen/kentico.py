# ruff: noqa: E501
"""(f) اداره کل استاندارد استان خراسان رضوی on Kentico (portal engine, a WebForms `<form>`/`__VIEWSTATE`
wrapper, CMSListMenu). Conventions modelled (docs.kentico.com k8/k9 "Linking pages and files":
`/getdoc/<GUID>/<name>.aspx`, `/getattachment/<GUID>/<file>`; the Next.js #15117 note on tabs whose panels are
not in the HTML):
- `/Services.aspx` has Bootstrap tabs: tab 1 is server-rendered, tabs 2 and 3 are filled on click by
  `fetch('/CMSPages/Custom/ServiceTab.ashx?cat=' + cat + '&lang=fa-IR')` in an inline script, `cat` the tab
  link's `data-cat`: the URL exists only as that concatenation;
- service pages `/Services/<Category>/<Name>.aspx` (fields under `<h2>`) with a permanent link
  `/getdoc/<guid>/<Name>.aspx` (an alias);
- each service links a PDF request form `/getattachment/<guid>/Form-<Name>.pdf.aspx` (application/pdf, the
  service's title in the PDF's metadata); the tabs page links a catalogue PDF «شناسنامه خدمات»;
- noise: news `/News/1403/News-N.aspx`, tenders `/Tenders/Tender-N.aspx` (headed «شرایط شرکت»/«مبلغ تضمین»
  sections), about, contact, search, an English home `/Home.aspx?lang=en-US`."""

from __future__ import annotations

import uuid

from sandbox.catalogue import ServiceSpec
from sandbox.site import Request, Response
from sandbox.unseen import catalogue_round7 as cat
from sandbox.unseen.base import e, raw
from sandbox.unseen.catalogue_round7 import NEWS_BODY, NEWS_TITLES, STANDARD_TABS, TENDERS, Service
from sandbox.unseen.pagetable import TableSite

AGENCY = cat.STANDARD
VIEWSTATE = "/wEPDwUKMTY3NzE5MjIxOWRkl8mDNUm2ZQ9YJ6lHqJJ4lHHMWcE="
# what loads tabs 2 and 3: the tab's URL only as a string put together from its data-cat
TAB_SCRIPT = (
    "<script type=\"text/javascript\">\n//<![CDATA[\n$(function () {\n  $('a[data-toggle=\"tab\"]').on('shown.bs.tab', function (ev) {\n"
    "    var cat = $(ev.target).data('cat'), pane = $($(ev.target).attr('href'));\n    if (cat == 1 || pane.data('loaded')) return;\n"
    "    fetch('/CMSPages/Custom/ServiceTab.ashx?cat=' + cat + '&lang=fa-IR')\n      .then(function (r) { return r.text(); })\n"
    "      .then(function (h) { pane.html(h).data('loaded', 1); });\n  });\n});\n//]]>\n</script>"
)


def guid(key: str, kind: str = "doc") -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}:{key}"))


def pdf(title: str, text: str) -> bytes:
    """A one-page PDF whose Info /Title is ``title`` (UTF-16BE) and whose page says ``text`` (ASCII)."""
    t16 = "<FEFF" + title.encode("utf-16-be").hex().upper() + ">"
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title {t16} /Producer (Kentico CMS) >>".encode(),
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode() + b"".join(
        b"%010d 00000 n \n" % x for x in offsets
    )
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def layout(title: str, alias: str, content: str, scripts: str = "") -> Response:
    return Response.html(
        '<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" lang="fa-IR" dir="rtl"><head id="head"><title>'
        f'{e(AGENCY)} - {e(title)}</title><meta charset="UTF-8" /><meta name="generator" content="Kentico CMS" />'
        '<link href="/CMSPages/GetResource.ashx?stylesheetname=Standard_RTL" type="text/css" rel="stylesheet"/>'
        '<script src="/CMSPages/GetResource.ashx?scriptfile=%7e%2fCMSScripts%2fjquery%2fjquery-core.js" type="text/javascript"></script></head>'
        f'<body class="RTL Chrome LTRCulture fa-IR"><form method="post" action="{alias}" id="form">'
        f'<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{VIEWSTATE}" /></div>'
        '<div id="header"><a href="/" class="logo"><img src="/App_Themes/Standard/Images/logo.png" alt="" /></a>'
        '<div class="lang"><a href="/Home.aspx?lang=en-US">English</a></div>'
        '<div class="search"><input name="searchtext" /><a href="/Search.aspx">جستجو</a></div></div>'
        '<ul id="menuElem" class="CMSListMenuUL"><li class="CMSListMenuLI"><a class="CMSListMenuLink" href="/">خانه</a></li>'
        '<li class="CMSListMenuLI"><a class="CMSListMenuLink" href="/Services.aspx">خدمات</a></li>'
        '<li class="CMSListMenuLI"><a class="CMSListMenuLink" href="/News.aspx">اخبار</a></li>'
        '<li class="CMSListMenuLI"><a class="CMSListMenuLink" href="/Tenders.aspx">مناقصات</a></li>'
        '<li class="CMSListMenuLI"><a class="CMSListMenuLink" href="/About-Us.aspx">درباره ما</a></li>'
        '<li class="CMSListMenuLI"><a class="CMSListMenuLink" href="/Contact-Us.aspx">تماس با ما</a></li></ul>'
        f'<div id="content" class="container">{content}</div>'
        f'<div id="footer"><p>{e(AGENCY)} — مشهد، بلوار وکیل‌آباد — تلفن ۳۸۶۹۰۰۰۰</p><a href="http://www.isiri.gov.ir">سازمان ملی استاندارد</a></div>'
        f"</form>{scripts}</body></html>"
    )


class KenticoSite(TableSite):
    id = "standard-khorasan"
    agency = AGENCY

    def __init__(self) -> None:
        super().__init__(cat.services(cat.STANDARD_ROWS, AGENCY))

    def key(self, s: ServiceSpec) -> str:
        return self.services[s.number - 1].key

    def service_path(self, s: ServiceSpec) -> str:
        return f"/Services/{self.key(s)}.aspx"

    def permalink(self, s: ServiceSpec) -> str:
        return f"/getdoc/{guid(self.key(s))}/{self.key(s).split('/')[1]}.aspx"

    def aliases(self, s: ServiceSpec) -> tuple[str, ...]:
        return (self.permalink(s),)

    def tab(self, category: str) -> str:
        items = "".join(
            f'<li class="svc"><a href="{self.service_path(s)}">{e(s.title)}</a></li>'
            for s in self.shown()
            if s.key.startswith(category + "/")
        )
        return f'<ul class="svc-list">{items}</ul>'

    def pages(self, origin: str) -> dict[str, Response]:
        pages: dict[str, Response] = {}
        heads, panes = [], []
        for i, (num, category, ctitle, _) in enumerate(STANDARD_TABS):
            heads.append(
                f'<li role="presentation"{' class="active"' if i == 0 else ""}><a href="#tab-{num}" aria-controls="tab-{num}" role="tab" data-toggle="tab" data-cat="{num}">{e(ctitle)}</a></li>'
            )
            inner = self.tab(category) if i == 0 else '<div class="loading">در حال بارگذاری…</div>'
            panes.append(
                f'<div role="tabpanel" class="tab-pane{" active" if i == 0 else ""}" id="tab-{num}">{inner}</div>'
            )
        pdflink = f'<p><a href="/getattachment/{guid("catalogue", "att")}/Shenasname-Khadamat.pdf.aspx">دانلود شناسنامه خدمات اداره کل (PDF)</a></p>'
        pages["/Services.aspx"] = layout(
            "خدمات",
            "/Services.aspx",
            "<h1>خدمات اداره کل</h1>"
            + pdflink
            + f'<ul class="nav nav-tabs" role="tablist">{"".join(heads)}</ul><div class="tab-content">{"".join(panes)}</div>',
            TAB_SCRIPT,
        )
        for num, category, _, _ in STANDARD_TABS:
            pages[f"/CMSPages/Custom/ServiceTab.ashx?cat={num}&lang=fa-IR"] = Response.html(
                self.tab(category)
            )
        for s in self.shown():
            pages.update(self.detail(s))
        pages[f"/getattachment/{guid('catalogue', 'att')}/Shenasname-Khadamat.pdf.aspx"] = raw(
            pdf("شناسنامه خدمات اداره کل استاندارد", "Service catalogue"), "application/pdf"
        )
        news = "".join(
            f'<div class="news-item"><a href="/News/1403/News-{i + 1}.aspx">{e(t)}</a><span class="date">۱۴۰۳/۰۷/{10 + i}</span></div>'
            for i, t in enumerate(NEWS_TITLES)
        )
        pages["/News.aspx"] = layout("اخبار", "/News.aspx", f"<h1>اخبار</h1>{news}")
        for i, t in enumerate(NEWS_TITLES):
            pages[f"/News/1403/News-{i + 1}.aspx"] = layout(
                t,
                f"/News/1403/News-{i + 1}.aspx",
                f'<div class="news-detail"><h1 class="page-title">{e(t)}</h1><div class="date">۱۴۰۳/۰۷/{10 + i}</div><p>{e(NEWS_BODY)}</p></div>',
            )
        pages["/Tenders.aspx"] = layout(
            "مناقصات",
            "/Tenders.aspx",
            "<h1>مناقصات و مزایدات</h1><ul>"
            + "".join(
                f'<li><a href="/Tenders/Tender-{i + 1}.aspx">{e(t)}</a></li>'
                for i, (t, _) in enumerate(TENDERS)
            )
            + "</ul>",
        )
        for i, (t, d) in enumerate(TENDERS):
            pages[f"/Tenders/Tender-{i + 1}.aspx"] = layout(
                t,
                f"/Tenders/Tender-{i + 1}.aspx",
                f'<h1 class="page-title">{e(t)}</h1>{cat.tender_body(t, d)}',
            )
        pages["/About-Us.aspx"] = layout(
            "درباره ما",
            "/About-Us.aspx",
            '<h1 class="page-title">درباره ما</h1><p>اداره کل استاندارد استان خراسان رضوی نماینده سازمان ملی استاندارد ایران در استان است.</p>',
        )
        pages["/Contact-Us.aspx"] = layout(
            "تماس با ما",
            "/Contact-Us.aspx",
            '<h1 class="page-title">تماس با ما</h1><p>مشهد، بلوار وکیل‌آباد</p><input name="email" /><textarea name="msg"></textarea><input type="submit" name="btnSend" value="ارسال" />',
        )
        pages["/Search.aspx"] = layout(
            "جستجو", "/Search.aspx", "<h1>جستجو</h1><p>عبارت جستجو را وارد کنید.</p>"
        )
        home = layout(
            "خانه",
            "/",
            f'<div class="hero"><h2>{e(AGENCY)}</h2><p>ارائه خدمات استاندارد به تولیدکنندگان، واردکنندگان و شهروندان</p>'
            '<a href="/Services.aspx" class="btn">مشاهده خدمات</a></div><div class="latest-news"><h3>آخرین اخبار</h3>'
            + news
            + "</div>",
        )
        pages["/"] = home
        pages["/Home.aspx"] = home
        pages["/Home.aspx?lang=en-US"] = Response.html(
            '<html lang="en"><head><meta charset="utf-8"><title>Standards Office of Khorasan Razavi</title></head><body><h1>Khorasan Razavi Standards Office</h1><p>Welcome.</p><a href="/Home.aspx?lang=fa-IR">فارسی</a></body></html>'
        )
        pages["/Home.aspx?lang=fa-IR"] = home
        pages["/robots.txt"] = raw(
            "User-agent: *\nDisallow: /CMSModules/\nDisallow: /CMSPages/logon.aspx\n", "text/plain"
        )
        return pages

    def detail(self, s: Service) -> dict[str, Response]:
        """A service's page (also at its permalink) and its PDF request form."""
        name = s.key.split("/")[1]
        att = f"/getattachment/{guid(s.key, 'att')}/Form-{name}.pdf.aspx"
        page = layout(
            s.title,
            self.service_path(s),
            f'<div class="breadcrumbs"><a href="/">خانه</a> &gt; <a href="/Services.aspx">خدمات</a> &gt; <span class="CMSBreadCrumbsCurrentItem">{e(s.title)}</span></div>'
            f'<div class="service-detail"><h1 class="page-title">{e(s.title)}</h1><div class="lead">{e(s.description)}</div>'
            f'<div class="service-fields">{cat.fields_html(s, "h2")}</div>'
            f'<div class="attachments"><a href="{att}" target="_blank">دانلود فرم درخواست (PDF)</a></div>'
            f'<div class="share">پیوند ثابت: <a href="{self.permalink(s)}">{self.permalink(s)}</a></div></div>',
        )
        return {
            self.service_path(s): page,
            self.permalink(s): page,
            att: raw(pdf(f"فرم درخواست {s.title}", f"Request form {name}"), "application/pdf"),
        }

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        if r.target.startswith("/Search.aspx?"):
            return pages["/Search.aspx"]
        return None
