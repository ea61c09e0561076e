"""``auto`` on the catalogue mechanisms of the fifteenth held-out round of portal styles.

Small portals crawled together, each with one way to its services that lost them before, the
crawl reported ``complete`` with no alert: a homepage that forwards only by an HTTP
``Refresh`` header, a catalogue whose later pages are named only in an HTTP ``Link`` header,
an old menu script (Tigra Menu's ``menu_items.js``) that alone lists the services with
addresses relative to the page, and a catalogue published only as a PDF whose lines are link
annotations.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import ExitStack
from urllib.parse import quote

import pytest
from crawl_helpers import AgencyPages, Page, Site, SitesCrawled, crawl_sites, serve

AGENCY = "اداره کل هواشناسی استان ایلام"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home


def catalogue(links: dict[str, str]) -> str:
    return "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in links.items())


def with_headers(found: Page, **headers: str) -> Page:
    status, sent, body = found
    return status, {**sent, **{k.replace("_", "-"): v for k, v in headers.items()}}, body


# ---- a homepage that forwards only by an HTTP Refresh header (PHP's header("Refresh: …"))

BASE = "/portal/fa/index.php"
FORWARDED = {
    f"{BASE}?id=1&module=khadamat&op=show": "صدور گواهی وضعیت جوی برای مراجع قضایی",
    f"{BASE}?id=2&module=khadamat&op=show": "صدور گواهی وقوع سیل و تگرگ",
}


def refresh_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in FORWARDED.items()}
    empty = (200, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body></body></html>")
    found["/"] = with_headers(empty, Refresh=f"0; url={BASE}")
    found[BASE] = home(f"{BASE}?module=khadamat")
    listing = f"<h1>خدمات</h1><ul>{catalogue(FORWARDED)}</ul>"
    found[f"{BASE}?module=khadamat"] = page("خدمات", listing)
    return found


# ...and the rules of a meta refresh hold for the header: a service page whose header sends
# every visitor off the portal (a hijacked PHP CMS) is named, not followed; a long delay (a
# page reloading itself every ten minutes) is no redirect.
KEPT = {"/fa/khedmat/5": "صدور مجوز نصب ایستگاه هواشناسی خصوصی"}
HIJACKED = "/fa/khedmat/6"


def sent_away_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in KEPT.items()}
    found[HIJACKED] = with_headers(
        service("پیش‌بینی هواشناسی کشاورزی"), Refresh="0; url=http://127.0.0.2:9/casino"
    )
    found["/"] = home("/fa/khadamat")
    listing = page("خدمات", f"<h1>خدمات</h1><ul>{catalogue(KEPT | {HIJACKED: 'پیش‌بینی'})}</ul>")
    found["/fa/khadamat"] = with_headers(listing, Refresh="600; url=/fa/reloaded")
    return found


# ---- a catalogue paged only in the HTTP Link header (RFC 8288), no pager in the HTML

LINKED_PAGES = [
    {"/fa/khadamat/301": "عضویت در کتابخانه‌های عمومی", "/fa/khadamat/302": "تمدید عضویت"},
    {"/fa/khadamat/303": "امانت بین کتابخانه‌ای", "/fa/khadamat/304": "رزرو منابع کتابخانه"},
    {"/fa/khadamat/305": "رزرو سالن مطالعه", "/fa/khadamat/306": "ثبت‌نام مسابقه کتابخوانی"},
]
# Each page's header: several links in one header, commas inside a target and inside a quoted
# parameter, a quoted list of relation types; page 3 is the ``next`` only of page 2's list.
LINK_HEADERS = [
    '</fa/khadamat?page=2>; rel="next"; title="page, two", </fa/khadamat?page=3>; rel=last,'
    ' </fa/khadamat/elsewhere>; rel="next"; anchor="#other"',
    '</fa/khadamat?page=1>; rel="prev first", </fa/khadamat?page=3&x=1,2>; rel="next last"',
    "</fa/khadamat?page=2>; rel=prev",
]


def link_header_pages() -> dict[str, Page]:
    found: dict[str, Page] = {}
    script = "<div id='sentinel'></div><script>/* IntersectionObserver: fetch(next) */</script>"
    for number, (services, header) in enumerate(zip(LINKED_PAGES, LINK_HEADERS, strict=True), 1):
        listing = page("خدمات", f"<h1>خدمات</h1><ul>{catalogue(services)}</ul>{script}")
        path = "/fa/khadamat?page=3&x=1,2" if number == 3 else f"/fa/khadamat?page={number}"
        found[path] = with_headers(listing, Link=header)
        found |= {p: service(t) for p, t in services.items()}
    found["/fa/khadamat"] = found["/fa/khadamat?page=1"]
    found["/"] = home("/fa/khadamat")
    return found


# ---- an old menu script: the services only in /js/menu_items.js, addresses relative

MENU = {
    "/page.php?pid=210": "صدور کارت هوشمند ناوگان حمل و نقل کالا",
    "/page.php?pid=211": "صدور کارت هوشمند رانندگان",
    "/page.php?pid=212": "صدور مجوز عبور وسایل نقلیه سنگین",
}
MENU_ITEMS = (
    "/* Tigra Menu items structure */\nvar MENU_ITEMS = [\n\t['صفحه اصلی', 'index.php', null],\n"
    "\t['خدمات', null, null,\n"
    + ",\n".join(
        f"\t\t['{t}', '{p.lstrip('/')}', {{'tw':'_self','sb':'{t}'}}]" for p, t in MENU.items()
    )
    + "\n\t]\n];\n"
)


def menu_pages() -> dict[str, Page]:
    tags = (
        '<script language="JavaScript" src="/js/menu.js"></script>'
        '<script language="JavaScript" src="/js/menu_items.js"></script>'
        '<script language="JavaScript">\n<!--\nnew menu (MENU_ITEMS, MENU_TPL);\n//-->\n</script>'
    )
    found = {p: service(t) for p, t in MENU.items()}
    found["/"] = page("صفحه اصلی", f"<h1>{AGENCY}</h1>{tags}<p>به پایگاه اداره کل خوش آمدید</p>")
    found["/index.php"] = found["/"]
    javascript = {"Content-Type": "application/javascript"}
    found["/js/menu_items.js"] = 200, javascript, MENU_ITEMS.encode()
    found["/js/menu.js"] = 200, javascript, b"function menu (a_items, a_tpl) { /* ... */ }\n"
    return found


# ---- a catalogue published only as a PDF whose lines are URI link annotations

IN_PDF = {
    "/fa/service/1": "درخواست انشعاب گاز خانگی",
    "/fa/service/2": "تغییر ظرفیت کنتور گاز",
    "/fa/service/3": "صدور گواهی تسویه حساب گاز",
}
PDF_NAME = "/uploads/docs/فهرست-خدمات-۱۴۰۳.pdf"
CIRCULAR = "/uploads/docs/bakhshname-12.pdf"  # a PDF not named for services: never fetched


def pdf_of(uris: list[str]) -> bytes:
    """A one-page PDF with one URI link annotation a line, as Word exports a list of links."""
    from pypdf import PdfWriter
    from pypdf.annotations import Link

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    for number, uri in enumerate(uris):
        top = 800 - number * 30
        writer.add_annotation(0, Link(rect=(50, top - 20, 540, top), url=uri))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_pages(origin: str) -> dict[str, Page]:
    found = {p: service(t) for p, t in IN_PDF.items()}
    uris = [origin + p for p in IN_PDF] + ["http://another-site.example/fa/service/9"]
    name = quote(PDF_NAME.rsplit("/", 1)[1])
    found[quote(PDF_NAME)] = (
        200,
        {
            "Content-Type": "application/pdf",
            "Content-Disposition": f"inline; filename*=UTF-8''{name}",
        },
        pdf_of(uris),
    )
    found[CIRCULAR] = 200, {"Content-Type": "application/pdf"}, pdf_of([origin + "/fa/x"])
    found["/"] = home("/fa/page/khadamat", "خدمات مشترکین")
    found["/fa/page/khadamat"] = page(
        "خدمات مشترکین",
        "<h1>خدمات مشترکین</h1><p>فهرست کامل خدمات در فایل زیر آمده است.</p>"
        f'<p><a href="{PDF_NAME}"><img src="/pdf.png" alt="PDF"> دریافت فهرست خدمات</a></p>'
        f'<p><a href="{CIRCULAR}">بخشنامه شماره ۱۲</a></p>',
    )
    return found


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    tmp = tmp_path_factory.mktemp("round15")
    with ExitStack() as stack:
        sites: dict[str, Site] = {
            "refresh": stack.enter_context(serve(refresh_pages())),
            "away": stack.enter_context(serve(sent_away_pages())),
            "linkheader": stack.enter_context(serve(link_header_pages())),
            "menu": stack.enter_context(serve(menu_pages())),
            "pdf": stack.enter_context(serve({})),
        }
        sites["pdf"].pages.update(pdf_pages(sites["pdf"].origin))
        yield crawl_sites(sites, tmp, AGENCY)


def test_a_homepage_that_forwards_only_by_a_refresh_header_is_followed(
    crawled: SitesCrawled,
) -> None:
    assert crawled.found["refresh"] == FORWARDED, crawled.asked["refresh"]
    assert crawled.reports["refresh"].status.value == "complete"


def test_a_refresh_header_follows_the_rules_of_a_meta_refresh(crawled: SitesCrawled) -> None:
    report = crawled.reports["away"]
    assert report.errors["offsite_redirect"] == 1, report.summary()
    assert "sent_away" in report.alert_kinds, report.alerts  # the crawl is not believed
    assert {"/fa/khedmat/5", HIJACKED} <= set(crawled.asked["away"])
    assert "/fa/reloaded" not in crawled.asked["away"]


def test_catalogue_pages_named_only_in_the_link_header_are_followed(
    crawled: SitesCrawled,
) -> None:
    asked = crawled.asked["linkheader"]
    assert crawled.found["linkheader"] == {k: v for p in LINKED_PAGES for k, v in p.items()}, asked
    assert "/fa/khadamat?page=3&x=1,2" in asked
    assert "/fa/khadamat/elsewhere" not in asked  # its anchor makes it another page's link


def test_a_menu_script_file_lists_its_pages_relative_to_the_page(crawled: SitesCrawled) -> None:
    asked = crawled.asked["menu"]
    assert crawled.found["menu"] == MENU, asked
    assert not any(path.startswith("/js/page.php") for path in asked)  # not the script's URL


def test_a_catalogue_published_only_as_a_pdf_is_read(crawled: SitesCrawled) -> None:
    asked = crawled.asked["pdf"]
    assert crawled.found["pdf"] == IN_PDF, asked
    assert quote(PDF_NAME) in asked
    assert CIRCULAR not in asked  # a PDF not named for services is not fetched
    assert crawled.reports["pdf"].status.value == "complete"


def test_which_literals_of_a_script_are_taken_for_page_addresses() -> None:
    from crawlers.strategies.auto import script_addresses

    code = (
        "var a = ['x', 'page.php?pid=3'], b = '../fa/list.aspx', c = base + 'tail.php',"
        " d = 'head.php?id=' + id, e = 'menu_tpl.js', f = 'text/javascript', g = '/fa/s/1';"
    )
    assert script_addresses(code, 10) == ["/fa/s/1", "page.php?pid=3", "../fa/list.aspx"]
