"""A robots.txt the crawler cannot read is said in the report, not passed over in silence.

Red team round 4 (F8): an endless robots.txt, or one over the size limit, was ignored
without a word and the portal crawled as if it allowed every page. RFC 9309 leaves a
crawler the choice; the registrar and the agency must at least see it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crawl_helpers import FAST, Page, crawl, html, selectors_registration, serve

from registry.reports import CrawlStatus

HOME = html('<html><body><a class="svc" href="/s/1">صدور پروانه ساختمان</a></body></html>')
SERVICE = html('<html><body><h2 class="title">صدور پروانه ساختمان</h2></body></html>')
ROBOTS: dict[str, Page] = {
    "server error": (503, {"Content-Type": "text/html"}, b"<h1>Service Unavailable</h1>"),
    "over the size limit": (200, {"Content-Type": "text/plain"}, b"# x\n" * 100_000),
}


@pytest.mark.parametrize("answer", list(ROBOTS))
def test_an_unreadable_robots_txt_is_named_in_the_report(answer: str, tmp_path: Path) -> None:
    with serve({"/": HOME, "/s/1": SERVICE, "/robots.txt": ROBOTS[answer]}) as site:
        [report] = crawl(
            [selectors_registration("robots", site.origin)],
            tmp_path,
            overrides={**FAST, "DOWNLOAD_MAXSIZE": 200_000},
        )
    assert report.errors["robots_unreadable"] == 1, report.summary()
    host = site.origin.removeprefix("http://")
    assert any(
        line.startswith(f"robots_unreadable {host}/robots.txt could not be read")
        for line in report.error_samples
    ), report.error_samples
    # The portal's pages are still crawled, and the crawl is as complete as before.
    assert report.services_found == 1
    assert report.status is CrawlStatus.COMPLETE


def test_a_readable_robots_txt_says_nothing(tmp_path: Path) -> None:
    robots = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
    with serve({"/": HOME, "/s/1": SERVICE, "/robots.txt": robots}) as site:
        [report] = crawl([selectors_registration("robots", site.origin)], tmp_path, overrides=FAST)
    assert "robots_unreadable" not in report.errors
    assert report.services_found == 1
