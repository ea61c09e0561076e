"""A partial crawl still retires a service whose own page says it is gone.

Red team round 8 (F09): one page that always fails (over the size limit, a permanent 500, an
endless ``rel=next`` chain) made every crawl partial, and a partial crawl retired nothing: a
service the agency removed (its page answering 404) stayed in search for good. A partial crawl
is uncertain about what it did not reach, not about a page that answered 404, 410 or «صفحه مورد
نظر یافت نشد». A portal answering 404 everywhere is misconfigured, not emptied: nothing goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_helpers import (
    FAST,
    Page,
    Site,
    crawl,
    html,
    indexed_titles,
    selectors_registration,
    serve,
)

from registry.reports import CrawlReport, CrawlStatus

PORTAL = "partial-gone"
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴۵۶۷۸"]
BROKEN = '<a class="svc" href="/circular">بخشنامه جدید</a>'  # answers 500, every crawl


def home(shown: range = range(1, 9)) -> Page:
    links = "".join(f'<a class="svc" href="/s/{n}">{TITLES[n - 1]}</a> ' for n in shown)
    return html(f"<html><head><title>اداره آزمایشی</title></head><body>{links}{BROKEN}</body>")


def service(title: str) -> Page:
    return html(
        f'<html><body><h2 class="title">{title}</h2><div class="desc">شرح کامل {title}</div>'
        "</body></html>"
    )


@pytest.fixture
def portal() -> Iterator[Site]:
    pages = {"/": home(), **{f"/s/{n}": service(t) for n, t in enumerate(TITLES, 1)}}
    pages["/circular"] = (500, {"Content-Type": "text/html"}, b"<h1>Internal Server Error</h1>")
    with serve(pages) as site:
        yield site


def run(site: Site, state: Path) -> CrawlReport:
    [report] = crawl([selectors_registration(PORTAL, site.origin)], state, overrides=FAST)
    return report


def titles(state: Path) -> set[str]:
    return indexed_titles(state, PORTAL)


GONE = {
    "404": None,
    "410": (410, {"Content-Type": "text/html"}, b"<h1>Gone</h1>"),
    "soft 404": html(
        '<html lang="fa"><head><title>صفحه مورد نظر یافت نشد</title></head><body>'
        "<h1>صفحه مورد نظر یافت نشد</h1></body></html>"
    ),
}


@pytest.mark.parametrize("answer", list(GONE))
def test_a_partial_crawl_retires_a_service_whose_page_is_gone_and_nothing_it_did_not_reach(
    portal: Site, tmp_path: Path, answer: str
) -> None:
    first = run(portal, tmp_path)
    assert first.status is CrawlStatus.PARTIAL and first.services_found == 8, first.summary()
    gone = GONE[answer]
    if gone is None:
        del portal.pages["/s/8"]
    else:
        portal.pages["/s/8"] = gone
    portal.pages["/"] = home(range(2, 9))  # /s/1 is no longer linked: not reached, not gone
    second, third = run(portal, tmp_path), run(portal, tmp_path)
    assert second.status is CrawlStatus.PARTIAL, second.summary()
    assert (second.retired, second.missing) == (0, 1), second.retirement
    assert (third.retired, third.missing) == (1, 0), third.retirement
    assert "partial" in third.retirement, third.retirement
    assert titles(tmp_path) == set(TITLES) - {TITLES[7]}


def test_a_partial_crawl_of_a_portal_answering_404_everywhere_retires_nothing(
    portal: Site, tmp_path: Path
) -> None:
    run(portal, tmp_path)
    for n in range(1, 9):
        del portal.pages[f"/s/{n}"]
    for _ in range(2):
        report = run(portal, tmp_path)
        assert report.status is CrawlStatus.PARTIAL, report.summary()
        assert report.errors["http_404"] == 8, report.summary()
        assert (report.retired, report.missing) == (0, 0), report.retirement
    assert titles(tmp_path) == set(TITLES)
