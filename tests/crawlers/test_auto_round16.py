"""``auto`` on the catalogue mechanisms of the sixteenth held-out round of portal styles.

Small portals crawled together, each with one way to its services that lost them before, the
crawl reported ``complete`` with no alert: a services feed paged by RFC 5005's ``rel="next"``,
an OData API paged by ``@odata.nextLink`` whose records carry only an ``Id`` (the grid's
template writes the link), an API answering in PascalCase, a catalogue published only as a
Word file, an XML catalogue shown through an XSLT stylesheet, a list written into an
``<iframe srcdoc>``, lists shown by ``<object data>``, ``<embed src>`` and an ``<iframe src>``
outside the catalogue's path, and a catalogue one of whose titles holds a news word.
"""

from __future__ import annotations

import html
import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from urllib.parse import quote

import pytest
from crawl_helpers import AgencyPages, Page, Site, SitesCrawled, crawl_sites, serve

AGENCY = "اداره کل منابع طبیعی و آبخیزداری استان کرمان"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home


def catalogue(links: dict[str, str]) -> str:
    return "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in links.items())


def raw(body: bytes | str, kind: str) -> Page:
    return 200, {"Content-Type": kind}, body.encode() if isinstance(body, str) else body


# ---- a services feed paged by RFC 5005 (``<link rel="next">`` in the feed), HTML shows one

FEED_PAGES = [
    {"/fa/marta/11": "صدور پروانه چرای دام", "/fa/marta/12": "تمدید پروانه چرای دام"},
    {"/fa/marta/13": "صدور مجوز قطع درختان آفت‌زده", "/fa/marta/14": "صدور مجوز حمل چوب"},
    {"/fa/marta/15": "واگذاری اراضی برای طرح‌های آبخیزداری"},
]


def feed_page(origin: str, number: int) -> Page:
    entries = "".join(
        f"<entry><title>{t}</title><id>{origin}{p}</id>"
        f'<link type="text/html" rel="alternate" href="{origin}{p}"/></entry>'
        for p, t in FEED_PAGES[number - 1].items()
    )
    links = f'<link rel="self" href="{origin}/feeds/marta.xml?p={number}"/>'
    if number < len(FEED_PAGES):  # attributes in either order, as writers do
        links += f'<link href="/feeds/marta.xml?p={number + 1}" rel="next"/>'
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>خدمات مراتع</title>{links}{entries}</feed>"
    )
    return raw(feed, "application/atom+xml; charset=utf-8")


def feed_pages(origin: str) -> dict[str, Page]:
    found = {p: service(t) for services in FEED_PAGES for p, t in services.items()}
    found["/feeds/marta.xml"] = feed_page(origin, 1)
    for number in range(1, len(FEED_PAGES) + 1):
        found[f"/feeds/marta.xml?p={number}"] = feed_page(origin, number)
    announced = '<link rel="alternate" type="application/atom+xml" title="خوراک خدمات"'
    announced += ' href="/feeds/marta.xml">'
    newest = dict(list(FEED_PAGES[0].items())[:1])
    found["/"] = home("/fa/marta")
    found["/fa/marta"] = page("خدمات", f"<h1>خدمات</h1><ul>{catalogue(newest)}</ul>", announced)
    return found


# ---- an OData grid: records with an Id only, the link in the grid's template, paged by
# ``@odata.nextLink`` (``$skip``), the API read from the grid's script

ODATA = {
    "/fa/Permits/Details/301": "صدور مجوز برداشت شن و ماسه",
    "/fa/Permits/Details/302": "صدور مجوز احداث چاه در اراضی ملی",
    "/fa/Permits/Details/303": "صدور مجوز زنبورداری در مراتع",
    "/fa/Permits/Details/304": "صدور مجوز گردشگری طبیعت",
    "/fa/Permits/Details/305": "صدور مجوز کشت گیاهان دارویی",
}
GRID = """<script>
$("#grid").kendoGrid({
  dataSource: { type: "odata-v4", transport: { read: { url: "/odata/Permits" } },
                pageSize: 2, serverPaging: true },
  columns: [{ field: "Title", template: "<a href='/fa/Permits/Details/#=Id#'>#=Title#</a>" }]
});
</script>"""


def odata_page(origin: str, skip: int) -> Page:
    chunk = list(ODATA.items())[skip : skip + 2]
    value = [{"Id": int(p.rsplit("/", 1)[1]), "Title": t, "Category": "مجوز"} for p, t in chunk]
    doc: dict[str, object] = {"@odata.context": f"{origin}/odata/$metadata#Permits"}
    doc["value"] = value
    if skip + 2 < len(ODATA):
        doc["@odata.nextLink"] = f"{origin}/odata/Permits?$skip={skip + 2}"
    return raw(json.dumps(doc, ensure_ascii=False), "application/json; odata.metadata=minimal")


def odata_pages(origin: str) -> dict[str, Page]:
    found = {p: service(t) for p, t in ODATA.items()}
    found["/odata/Permits"] = odata_page(origin, 0)
    for skip in (2, 4):  # the dollar sent as written or escaped
        found[f"/odata/Permits?$skip={skip}"] = found[f"/odata/Permits?%24skip={skip}"] = (
            odata_page(origin, skip)
        )
    found["/"] = home("/fa/Permits", "خدمات الکترونیک")
    found["/fa/Permits"] = page("خدمات الکترونیک", '<h1>مجوزها</h1><div id="grid"></div>' + GRID)
    return found


# ---- an ASP.NET API answering in PascalCase (``Value``, ``Title``, ``Link``)

PASCAL = {
    "/fa/Service/Show/41": "ثبت درخواست مشارکت در جنگل‌کاری",
    "/fa/Service/Show/42": "ثبت درخواست نهال رایگان",
}


def pascal_pages() -> dict[str, Page]:
    records = [{"ID": n, "Title": t, "Link": p} for n, (p, t) in enumerate(PASCAL.items())]
    found = {p: service(t) for p, t in PASCAL.items()}
    found["/api/Services"] = raw(json.dumps({"Value": records}), "application/json")
    found["/"] = home("/fa/Service")
    script = "<script>fetch('/api/Services').then(r => r.json()).then(draw);</script>"
    found["/fa/Service"] = page("خدمات", '<h1>خدمات</h1><div id="list"></div>' + script)
    return found


# ---- a catalogue published only as a Word file: hyperlink relationships and a field code

IN_DOCX = {
    "/fa/content/71": "صدور پروانه بهره‌برداری از معادن در اراضی ملی",
    "/fa/content/72": "استعلام وضعیت اراضی ملی",
    "/fa/content/73": "رفع تصرف از اراضی ملی",
}
DOCX_NAME = "/files/شناسنامه-خدمات-منابع-طبیعی.docx"
REPORT = "/files/gozaresh-amalkard.docx"  # a Word file not named for services: never fetched
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def docx_of(linked: list[str], field: str) -> bytes:
    """A Word file whose lines are hyperlinks (``<w:hyperlink r:id>`` and an External
    relationship), and one older ``HYPERLINK`` field code."""
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{HYPERLINK}" Target="{u}" TargetMode="External"/>'
        for n, u in enumerate(linked, 7)
    )
    lines = "".join(
        f'<w:p><w:hyperlink r:id="rId{n}"><w:r><w:t>خدمت {n}</w:t></w:r></w:hyperlink></w:p>'
        for n in range(7, 7 + len(linked))
    )
    lines += (
        f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "{field}"'
        " </w:instrText></w:r><w:r><w:t>خدمت آخر</w:t></w:r></w:p>"
    )
    document = (
        f'<?xml version="1.0"?><w:document xmlns:w="{WORD}" xmlns:r="http://schemas.openxml'
        f'formats.org/officeDocument/2006/relationships"><w:body>{lines}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", document)
        package.writestr(
            "word/_rels/document.xml.rels", f'<Relationships xmlns="{RELS}">{rels}</Relationships>'
        )
    return out.getvalue()


def docx_pages(origin: str) -> dict[str, Page]:
    found = {p: service(t) for p, t in IN_DOCX.items()}
    paths = list(IN_DOCX)
    linked = [origin + p for p in paths[:2]] + ["http://another-site.example/fa/content/9"]
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    found[quote(DOCX_NAME)] = raw(docx_of(linked, origin + paths[2]), word)
    found[REPORT] = raw(docx_of([origin + "/fa/x"], origin + "/fa/y"), word)
    found["/"] = home("/fa/mizkhedmat", "میز خدمت")
    found["/fa/mizkhedmat"] = page(
        "میز خدمت",
        f'<h1>میز خدمت</h1><p><a href="{DOCX_NAME}">دریافت شناسنامه خدمات (Word)</a></p>'
        f'<p><a href="{REPORT}">گزارش عملکرد ۱۴۰۲</a></p>',
    )
    return found


# ---- an XML catalogue shown through an XSLT stylesheet (addresses in attributes and text)

IN_XML = {
    "/fa/sabt.php?code=81": "ثبت درخواست ارزیابی خسارت سیل",
    "/fa/sabt.php?code=82": "صدور گواهی عدم تخلف از قانون حفاظت",
    "/fa/sabt.php?code=83": "ثبت درخواست اجرای طرح آبخیزداری",
}


def xml_pages() -> dict[str, Page]:
    items = list(IN_XML.items())
    records = "".join(  # two records by attribute, one by a child element's text
        f'<record shenase="{p[-2:]}" neshani="{html.escape(p)}"><name>{t}</name></record>'
        for p, t in items[:2]
    )
    path, title = items[2]
    records += f"<record><name>{title}</name><neshani>{html.escape(path)}</neshani></record>"
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<!DOCTYPE list [<!ENTITY leak SYSTEM "file:///etc/hostname">]>\n'
        '<?xml-stylesheet type="text/xsl" href="/fa/list.xsl"?>\n'
        f'<list org="منابع طبیعی"><note>&leak;</note>{records}</list>'
    )
    found = {p: service(t) for p, t in IN_XML.items()}
    found["/fa/list.xml"] = raw(xml, "text/xml; charset=utf-8")
    found["/"] = home("/fa/list.xml", "فهرست خدمات")
    return found


# ---- a list written into an ``<iframe srcdoc>``

IN_SRCDOC = {
    "/fa/s/21": "صدور مجوز تفریح در پارک جنگلی",
    "/fa/s/22": "ثبت درخواست احداث کمپ طبیعت‌گردی",
}


def srcdoc_pages() -> dict[str, Page]:
    widget = f'<ul class="list">{catalogue(IN_SRCDOC)}</ul>'.replace("<a ", '<a target="_top" ')
    frame = f'<iframe sandbox="allow-top-navigation" srcdoc="{html.escape(widget)}"></iframe>'
    found = {p: service(t) for p, t in IN_SRCDOC.items()}
    found["/"] = home("/fa/eservice")
    found["/fa/eservice"] = page("خدمات", f"<h1>خدمات</h1>{frame}")
    return found


# ---- lists shown by ``<object data>``, ``<embed src>`` and an ``<iframe src>``, each
# elsewhere than under the catalogue's path

FRAMED = {
    "/widgets/a.htm": {"/fa/k.asp?id=31": "صدور مجوز تغییر کاربری اراضی کشاورزی"},
    "/widgets/b.htm": {"/fa/k.asp?id=32": "صدور مجوز حفر چاه کشاورزی"},
    "/apps/list/frame.html": {"/fa/k.asp?id=33": "صدور مجوز پرورش ماهی در استخر"},
}


def framed_pages() -> dict[str, Page]:
    found: dict[str, Page] = {}
    for path, services in FRAMED.items():
        found |= {p: service(t) for p, t in services.items()}
        found[path] = page(
            "فهرست", f"<ul>{catalogue(services)}</ul>".replace("<a ", '<a target="_top" ')
        )
    found["/"] = home("/fa/pages/khadamat/default.asp")
    shown = (
        '<object type="text/html" data="/widgets/a.htm">فهرست خدمات</object>'
        '<embed type="text/html" src="/widgets/b.htm">'
        '<iframe src="/apps/list/frame.html"></iframe>'
        '<object type="image/svg+xml" data="/img/logo.svg"></object>'
    )
    found["/fa/pages/khadamat/default.asp"] = page("خدمات", f"<h1>خدمات</h1>{shown}")
    return found


# ---- a catalogue one of whose titles holds a news word («به گزارش»)

WORDY = {
    "/fa/kh/51": "رسیدگی به گزارش‌های مردمی قطع درختان",
    "/fa/kh/52": "پاسخ به گزارش بازرسی واحدهای صنعتی",
    "/fa/kh/53": "صدور مجوز کوره زغال",
    "/fa/kh/54": "صدور مجوز احداث گلخانه",
    "/fa/kh/55": "صدور پروانه شکار",
    "/fa/kh/56": "ثبت درخواست بازدید کارشناسی",
}
NEWS_ITEM = "/fa/kh/99"  # a news item whose own text has a byline: still news


def wordy_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in WORDY.items()}
    found[NEWS_ITEM] = page(
        "بازدید مدیرکل",
        "<h1>بازدید مدیرکل از نهالستان</h1><p>به گزارش روابط عمومی، مدیرکل از نهالستان بازدید کرد."
        "</p><p>مدارک مورد نیاز</p>",
    )
    found["/"] = home("/fa/kh")
    listing = catalogue(WORDY | {NEWS_ITEM: "بازدید مدیرکل از نهالستان"})
    found["/fa/kh"] = page("خدمات", f"<h1>خدمات</h1><ul>{listing}</ul>")
    return found


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    tmp = tmp_path_factory.mktemp("round16")
    with ExitStack() as stack:
        sites: dict[str, Site] = {
            name: stack.enter_context(serve({}))
            for name in ("feed", "odata", "pascal", "docx", "xml", "srcdoc", "framed", "wordy")
        }
        sites["feed"].pages.update(feed_pages(sites["feed"].origin))
        sites["odata"].pages.update(odata_pages(sites["odata"].origin))
        sites["pascal"].pages.update(pascal_pages())
        sites["docx"].pages.update(docx_pages(sites["docx"].origin))
        sites["xml"].pages.update(xml_pages())
        sites["srcdoc"].pages.update(srcdoc_pages())
        sites["framed"].pages.update(framed_pages())
        sites["wordy"].pages.update(wordy_pages())
        yield crawl_sites(sites, tmp, AGENCY)


def _complete(crawled: SitesCrawled, name: str) -> None:
    assert crawled.reports[name].status.value == "complete", crawled.reports[name].summary()


def test_a_feed_paged_by_rel_next_is_read_to_its_last_page(crawled: SitesCrawled) -> None:
    asked = crawled.asked["feed"]
    assert crawled.found["feed"] == {k: v for p in FEED_PAGES for k, v in p.items()}, asked
    assert "/feeds/marta.xml?p=3" in asked
    _complete(crawled, "feed")


def test_odata_records_paged_by_next_link_are_linked_by_the_grid_template(
    crawled: SitesCrawled,
) -> None:
    asked = crawled.asked["odata"]
    assert crawled.found["odata"] == ODATA, asked
    assert any("skip=4" in path for path in asked)
    _complete(crawled, "odata")


def test_an_api_answering_in_pascal_case_is_read(crawled: SitesCrawled) -> None:
    assert crawled.found["pascal"] == PASCAL, crawled.asked["pascal"]


def test_a_catalogue_published_only_as_a_word_file_is_read(crawled: SitesCrawled) -> None:
    asked = crawled.asked["docx"]
    assert crawled.found["docx"] == IN_DOCX, asked
    assert quote(DOCX_NAME) in asked
    assert REPORT not in asked  # a Word file not named for services is not fetched
    _complete(crawled, "docx")


def test_an_xml_catalogue_shown_by_xslt_is_read_without_running_it(crawled: SitesCrawled) -> None:
    asked = crawled.asked["xml"]
    assert crawled.found["xml"] == IN_XML, (asked, crawled.reports["xml"])
    assert "/fa/list.xsl" not in asked
    _complete(crawled, "xml")


def test_a_list_written_into_an_iframe_srcdoc_is_part_of_the_page(crawled: SitesCrawled) -> None:
    assert crawled.found["srcdoc"] == IN_SRCDOC, crawled.asked["srcdoc"]


def test_pages_shown_by_object_embed_and_iframe_anywhere_on_the_site_are_walked(
    crawled: SitesCrawled,
) -> None:
    asked = crawled.asked["framed"]
    assert crawled.found["framed"] == {k: v for s in FRAMED.values() for k, v in s.items()}, asked
    assert "/img/logo.svg" not in asked  # an image shown by <object> is no page


def test_one_news_word_in_a_title_does_not_make_a_catalogue_news(crawled: SitesCrawled) -> None:
    assert crawled.found["wordy"] == WORDY, crawled.reports["wordy"].rejected
    assert NEWS_ITEM in crawled.asked["wordy"]  # judged, and rejected as news


def test_word_files_are_read_within_bounds() -> None:
    from crawlers import spreadsheet

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<a/>" + b" " * (40 * 1024 * 1024))
        package.writestr("word/_rels/document.xml.rels", "<Relationships/>")
    assert len(bomb.getvalue()) < 100_000
    assert spreadsheet.document_addresses(bomb.getvalue()) == []  # never unpacked
    assert spreadsheet.document_addresses(b"PK\x03\x04 broken") == []


def test_xml_is_read_with_no_entity_expanded() -> None:
    from crawlers import xmlcatalogue

    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY f SYSTEM "file:///etc/passwd">]>'
        b'<r><i u="/fa/1"><t>&b;&f;</t></i><i u="/fa/2"><t>name</t></i></r>'
    )
    assert xmlcatalogue.addresses(hostile) == ["/fa/2"]  # the first record names nothing
    page = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'
    assert xmlcatalogue.addresses(page) is None  # XHTML is a page, read as one
