"""A robots.txt the crawler cannot read is said in the report, not passed over in silence.

Red team round 4 (F8): an endless robots.txt, or one over the size limit, was ignored
without a word and the portal crawled as if it allowed every page. RFC 9309 leaves a
crawler the choice; the registrar and the agency must at least see it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crawl_helpers import FAST, Page, crawl, html, selectors_registration, serve

from crawlers.middlewares import MAX_ROBOTS_BYTES
from registry.registration import Registration
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


def test_the_rules_after_500_kib_of_robots_txt_are_ignored_and_said(tmp_path: Path) -> None:
    """Red team round 13: a robots.txt of 7 MB of wildcard rules was read whole (up to 8 MB),
    parsed twice and matched against every link, slowing every portal of the run. Like
    Google (RFC 9309 allows it), the crawler reads its first 500 KiB: a rule after that is not
    applied, one before it is, and the report says the file was cut."""
    filler = b"".join(b"# %06d rule kept for the record\n" % n for n in range(20_000))
    robots = b"User-agent: *\nDisallow: /early/\n" + filler + b"Disallow: /late/\n"
    assert len(robots) > MAX_ROBOTS_BYTES == 500 * 1024
    home = html(
        "<html><head><title>اداره آزمایشی</title></head><body><h1>اداره آزمایشی</h1><ul>"
        + "".join(
            f'<li><a href="/{where}/1">{title}</a></li>'
            for where, title in (("early", "صدور پروانه کسب"), ("late", "تمدید پروانه کسب"))
        )
        + "</ul></body></html>"
    )
    pages = {"/": home, "/robots.txt": (200, {"Content-Type": "text/plain"}, robots)}
    for where, title in (("early", "صدور پروانه کسب"), ("late", "تمدید پروانه کسب")):
        pages[f"/{where}/1"] = html(
            f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            f"<p>شرح کامل {title} و مدارک لازم برای دریافت آن.</p></body></html>"
        )
    with serve(pages) as site:
        registration = Registration.parse(
            {"id": "robotscut", "agency": "اداره آزمایشی", "homepage": site.origin + "/"}
            | {"strategy": "auto"}
        )
        [report] = crawl([registration], tmp_path, overrides=FAST)
    assert "/late/1" in site.requests, site.requests
    assert "/early/1" not in site.requests
    assert report.errors["robots_cut"] == 1, report.summary()
    host = site.origin.removeprefix("http://")
    assert f"robots_cut {host}/robots.txt is over 500 KiB" in "\n".join(report.error_samples)
    assert "robots_unreadable" not in report.errors
    assert report.status is CrawlStatus.COMPLETE, report.summary()
