"""``auto`` when the start page answers after the sitemap: the services section the start page
names was already asked for as an ordinary page (the sitemap named it first), and the
section's tabs, which its script loads, were never asked — four of a portal's services lost,
the crawl ``complete`` with no alert (found with held-out round 2's accordion portal answering
its homepage after three seconds, as a slow ministry portal does)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from crawl_helpers import AgencyPages, Page, SitesCrawled, crawl_sites, serve

AGENCY = "اداره کل راهداری و حمل و نقل جاده‌ای استان همدان"
PAGES = AgencyPages(AGENCY)
LISTED = {"/Service/Request?sid=1": "صدور مجوز تبلیغات در حریم راه"}
TABBED = {
    "/Service/Request?sid=2": "صدور مجوز احداث راه دسترسی به جاده",
    "/Service/Request?sid=3": "صدور مجوز نصب تابلو در حریم راه",
    "/Service/Request?sid=4": "صدور مجوز عبور تأسیسات از حریم راه",
}
SLOW_HOME_SECONDS = 2.0


def links(services: dict[str, str]) -> str:
    return "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in services.items())


def pages(origin: str) -> dict[str, Page]:
    found = {p: PAGES.service(t) for p, t in {**LISTED, **TABBED}.items()}
    found["/"] = PAGES.home("/khadamat", "میز خدمت")
    found["/sitemap.xml"] = (
        200,
        {"Content-Type": "application/xml"},
        (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{origin}/</loc></url><url><loc>{origin}/khadamat</loc></url></urlset>"
        ).encode(),
    )
    tabs = '<a href="#t1" data-url="/khadamat/tab?cat=1" data-toggle="tab">مجوزها</a>'
    script = (
        "<script>$('a[data-url]').on('show.bs.tab',function(){var t=$(this);"
        "$(t.attr('href')).load(t.data('url'));});</script>"
    )
    body = f'<h1>میز خدمت</h1><ul>{links(LISTED)}</ul>{tabs}<div id="t1"></div>{script}'
    found["/khadamat"] = PAGES.page("میز خدمت الکترونیک", body)
    found["/khadamat/tab?cat=1"] = (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        f"<ul>{links(TABBED)}</ul>".encode(),
    )
    return found


def slow_home(request: BaseHTTPRequestHandler) -> Page | None:
    if request.path == "/":
        time.sleep(SLOW_HOME_SECONDS)
    return None


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    with serve({}, slow_home) as site:
        site.pages.update(pages(site.origin))
        yield crawl_sites({"rahdari": site}, tmp_path_factory.mktemp("slow-start"), AGENCY)


def test_a_section_the_sitemap_named_first_is_still_read_as_a_section(
    crawled: SitesCrawled,
) -> None:
    asked = crawled.asked["rahdari"]
    assert "/khadamat/tab?cat=1" in asked
    assert set(crawled.found["rahdari"].values()) == {*LISTED.values(), *TABBED.values()}
