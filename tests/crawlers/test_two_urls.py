"""A service linked under two URLs with the same page keeps one of them for good (red team 9).

Tetis and ASP.NET portals link a service from the catalogue (``/s/N``) and from a «خدمات
پرکاربرد» box (``/Service.aspx?id=N``). Dedupe kept whichever copy answered first, so when
response times varied between crawls the kept URL flipped: each copy was missed every other
crawl, neither was ever retired, and search listed every service twice. The copy already in
the index is kept now, and an identical copy is the same service, not a missing one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from crawl_helpers import FAST, Page, Site, crawl, html, selectors_registration, serve

from indexer.backends import open_backend
from registry.reports import CrawlReport, CrawlStatus

PORTAL = "twourls"
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴"]
COPIES = ("/s/{n}", "/Service.aspx?id={n}")


def service(title: str, extra: str = "") -> Page:
    return html(f'<h2 class="title">{title}</h2><div class="desc">شرح کامل {title}{extra}</div>')


def pages() -> dict[str, Page]:
    links = "".join(
        f'<a class="svc" href="{copy.format(n=n)}">{t}</a> '
        for n, t in enumerate(TITLES, 1)
        for copy in COPIES
    )
    services = {copy.format(n=n): service(t) for n, t in enumerate(TITLES, 1) for copy in COPIES}
    return {"/": html(f"<html><body>{links}</body></html>"), **services}


def urls(tmp: Path) -> list[str]:
    backend = open_backend(tmp / "index", readonly=True)
    try:
        return sorted(doc.url.split("/", 3)[3] for doc in backend.documents([PORTAL]))
    finally:
        backend.close()


def crawl_slow(site: Site, slow: list[str], prefix: str, tmp: Path) -> CrawlReport:
    """A crawl in which the copies under ``prefix`` answer late."""
    slow[0] = prefix
    registration = selectors_registration(PORTAL, site.origin)
    [report] = crawl([registration], tmp, overrides=FAST)
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    return report


def late(slow: list[str]) -> Callable[[BaseHTTPRequestHandler], Page | None]:
    def answer(handler: BaseHTTPRequestHandler) -> Page | None:
        if handler.path.startswith(slow[0]):
            time.sleep(0.4)  # that copy answers late in this crawl
        return None  # then as the pages say

    return answer


def test_the_indexed_copy_is_kept_whichever_answers_first(tmp_path: Path) -> None:
    slow = ["/Service"]
    with serve(pages(), answer=late(slow)) as site:
        first = crawl_slow(site, slow, "/Service", tmp_path)
        kept = urls(tmp_path)
        assert first.new == len(TITLES) and len(kept) == len(TITLES), first.summary()
        flipped = [crawl_slow(site, slow, prefix, tmp_path) for prefix in ("/s/", "/Service")]
    assert urls(tmp_path) == kept
    for report in flipped:
        assert (report.services_found, report.new) == (len(TITLES), 0), report.summary()
        assert (report.unchanged, report.missing) == (len(TITLES), 0), report.summary()
        assert report.merged_count == len(TITLES), report.summary()


def test_two_indexed_services_now_showing_one_page_both_stay(tmp_path: Path) -> None:
    # Two pages that each held a service of their own and now show one same page: the
    # agency may have merged them, or shows one notice on both (red team round 8, a holiday
    # «اطلاعیه»). Merged, one would be dropped; both stay, and neither is missed.
    slow = ["/nothing"]
    with serve(pages(), answer=late(slow)) as site:
        for n, title in enumerate(TITLES, 1):  # the copies differed: both were indexed
            site.pages[COPIES[1].format(n=n)] = service(title, " (نسخه دیگر)")
        crawl_slow(site, slow, "/nothing", tmp_path)
        assert len(urls(tmp_path)) == 2 * len(TITLES)
        site.pages.update(pages())  # now the same page again
        merged = crawl_slow(site, slow, "/s/", tmp_path)
        kept = urls(tmp_path)
        again = crawl_slow(site, slow, "/Service", tmp_path)
    assert len(kept) == 2 * len(TITLES), kept
    assert (merged.missing, merged.retired) == (0, 0), merged.summary()
    assert urls(tmp_path) == kept
    assert (again.missing, again.retired) == (0, 0), again.summary()
