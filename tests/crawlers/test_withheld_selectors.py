"""A `selectors` portal whose title selector is `h1` keeps its services behind unknown stand-ins.

Red team round 8 (F05): three service pages answered 200 with a page the phrase list does not
know (F5's «Request Rejected», a holiday «اطلاعیه», a Persian «دسترسی غیرمجاز»). The stand-in's
own `h1` became the services' title, and three identical notices were merged as copies of one
service, the other two then retired. A known service's page that shows another heading and none
of the service's text, or the same new heading as other service pages, is withheld (the service
kept as it was, `service_not_shown`, the crawl partial). An agency renaming a service still does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_helpers import FAST, Page, Site, crawl, html, serve

from indexer.backends import open_backend
from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus

PORTAL = "h1-withheld"
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴۵۶۷۸"]


def service(title: str, text: str | None = None) -> Page:
    text = f"شرح کامل {title}" if text is None else text
    return html(f'<html><body><h1>{title}</h1><div class="desc">{text}</div></body></html>')


def pages() -> dict[str, Page]:
    links = "".join(f'<a class="svc" href="/s/{n}">{t}</a> ' for n, t in enumerate(TITLES, 1))
    home = f"<html><head><title>اداره آزمایشی</title></head><body>{links}</body></html>"
    return {"/": html(home), **{f"/s/{n}": service(t) for n, t in enumerate(TITLES, 1)}}


STAND_INS = {
    "f5-rejected": html(
        "<html><head><title>Request Rejected</title></head><body><h1>Request Rejected</h1>The"
        " requested URL was rejected. Please consult with your administrator.<br><br>Your"
        " support ID is: 11562946395862049281</body></html>"
    ),
    "holiday-notice": html(
        '<html lang="fa"><head><title>اطلاعیه</title></head><body><h1>اطلاعیه</h1><div'
        ' class="desc">به اطلاع شهروندان گرامی می‌رساند به مناسبت تعطیلات نوروز، ارائه خدمات'
        " این بخش تا ۱۵ فروردین متوقف است.</div></body></html>"
    ),
    "access-denied": html(
        '<html lang="fa"><head><title>دسترسی غیرمجاز</title></head><body><h1>دسترسی غیرمجاز'
        "</h1><p>شما مجوز دسترسی به این صفحه را ندارید.</p></body></html>"
    ),
}


@pytest.fixture
def portal() -> Iterator[Site]:
    with serve(pages()) as site:
        yield site


def run(site: Site, state: Path) -> CrawlReport:
    registration = Registration.parse(
        {"id": PORTAL, "agency": "اداره آزمایشی", "homepage": site.origin + "/"}
        | {"strategy": "selectors"}
        | {"selectors": {"service_links": "a.svc", "title": "h1", "description": ".desc"}}
    )
    [report] = crawl([registration], state, overrides=FAST)
    return report


def titles(state: Path) -> list[str]:
    backend = open_backend(state / "index", readonly=True)
    try:
        return sorted(doc.title for doc in backend.documents([PORTAL]))
    finally:
        backend.close()


@pytest.mark.parametrize("answer", list(STAND_INS))
def test_service_pages_showing_an_unknown_stand_in_keep_their_titles(
    portal: Site, tmp_path: Path, answer: str
) -> None:
    assert run(portal, tmp_path).services_found == len(TITLES)
    for n in (2, 5, 7):
        portal.pages[f"/s/{n}"] = STAND_INS[answer]
    for _ in range(2):
        report = run(portal, tmp_path)
        assert report.status is CrawlStatus.PARTIAL, report.summary()
        assert report.errors["service_not_shown"] == 3, report.summary()
        assert (report.retired, report.missing, report.updated) == (0, 0, 0), report.summary()
        assert not report.merged, report.merged
    assert titles(tmp_path) == sorted(TITLES)


def test_one_stand_in_without_the_services_text_is_withheld(portal: Site, tmp_path: Path) -> None:
    """One page is enough when it lost the description the service had."""
    run(portal, tmp_path)
    portal.pages["/s/3"] = STAND_INS["f5-rejected"]
    report = run(portal, tmp_path)
    assert report.errors["service_not_shown"] == 1, report.summary()
    assert titles(tmp_path) == sorted(TITLES)


def test_notices_sharing_one_heading_but_not_their_text_are_withheld(
    portal: Site, tmp_path: Path
) -> None:
    """A notice naming each page's own tracking code is not merged as copies, and has a text
    of its own: its heading, shared by three services' pages, is no one service's title."""
    run(portal, tmp_path)
    for n in (2, 5, 7):
        portal.pages[f"/s/{n}"] = service("اطلاعیه", f"ارائه این خدمت موقتا متوقف است. کد {n}۱۷")
    report = run(portal, tmp_path)
    assert report.status is CrawlStatus.PARTIAL, report.summary()
    assert report.errors["service_not_shown"] == 3, report.summary()
    assert (report.services_found, report.updated) == (5, 0), report.summary()
    assert titles(tmp_path) == sorted(TITLES)


def test_an_agency_renaming_services_each_its_own_way_renames_them(
    portal: Site, tmp_path: Path
) -> None:
    run(portal, tmp_path)
    renamed = {2: "صدور پروانه ساختمان مسکونی", 5: "تمدید پروانه کسب"}
    for n, title in renamed.items():
        portal.pages[f"/s/{n}"] = service(title)
    report = run(portal, tmp_path)
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert (report.updated, report.renamed) == (2, 2), report.summary()
    assert not report.errors["service_not_shown"], report.summary()
    assert set(renamed.values()) <= set(titles(tmp_path))
