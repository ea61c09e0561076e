"""An `auto` portal whose service pages show a stand-in no sign knows keeps its services.

Red team round 8 (F02): on an `auto` portal, a known service URL answering 200 with a page the
phrase list does not know (F5's «Request Rejected», a holiday «اطلاعیه», «نشست شما منقضی شده
است») yielded no service, and two complete crawls retired the service. Such a page is withheld
and the crawl is partial; a service that really left (404, a redirect to the listing) still goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_helpers import FAST, Page, Site, crawl, html, indexed_titles, serve

from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus

PORTAL = "auto-withheld"
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴۵۶۷۸"]


def service(title: str) -> Page:
    return html(
        f'<html lang="fa"><head><title>{title} | شهرداری آزمایشی</title></head><body>'
        '<nav><a href="/">خانه</a> <a href="/services">میز خدمت</a></nav>'
        f"<main><h1>{title}</h1><h3>شرح خدمت</h3><p>این خدمت برای {title} ارائه می‌شود.</p>"
        "<h3>مدارک لازم</h3><ul><li>کارت ملی</li><li>سند مالکیت</li></ul>"
        "<h3>هزینه</h3><p>۵۰۰٬۰۰۰ ریال</p><h3>مدت زمان انجام</h3><p>۷ روز کاری</p></main>"
        "</body></html>"
    )


def pages() -> dict[str, Page]:
    links = "".join(f'<li><a href="/service/{n}">{t}</a></li>' for n, t in enumerate(TITLES, 1))
    return {
        "/": html(
            '<html lang="fa"><head><title>شهرداری آزمایشی</title></head><body><nav>'
            '<a href="/">خانه</a> <a href="/services">میز خدمت</a></nav>'
            "<p>به درگاه شهرداری خوش آمدید</p></body></html>"
        ),
        "/services": html(
            '<html lang="fa"><head><title>میز خدمت</title></head><body>'
            f"<h1>میز خدمت الکترونیک</h1><ul>{links}</ul></body></html>"
        ),
        **{f"/service/{n}": service(t) for n, t in enumerate(TITLES, 1)},
    }


STAND_INS = {
    "f5-rejected": html(
        "<html><head><title>Request Rejected</title></head><body>The requested URL was"
        " rejected. Please consult with your administrator.<br><br>Your support ID is:"
        " 1029384756102938</body></html>"
    ),
    "holiday-notice": html(
        '<html lang="fa"><head><title>اطلاعیه</title></head><body><h1>اطلاعیه</h1><p>به اطلاع'
        " شهروندان گرامی می‌رساند این بخش تا پایان تعطیلات نوروز در دسترس نیست.</p></body></html>"
    ),
    "session-expired": html(
        '<html lang="fa"><head><title>پیام سامانه</title></head><body><p>نشست شما منقضی شده'
        ' است. لطفا دوباره <a href="/">وارد</a> شوید.</p></body></html>'
    ),
}


@pytest.fixture
def portal() -> Iterator[Site]:
    with serve(pages()) as site:
        yield site


def run(site: Site, state: Path) -> CrawlReport:
    registration = Registration.parse(
        {"id": PORTAL, "agency": "شهرداری آزمایشی", "homepage": site.origin + "/"}
        | {"strategy": "auto"}
    )
    [report] = crawl([registration], state, overrides=FAST)
    return report


def titles(state: Path) -> set[str]:
    return indexed_titles(state, PORTAL)


@pytest.mark.parametrize("answer", list(STAND_INS))
def test_service_pages_showing_an_unknown_stand_in_keep_their_services(
    portal: Site, tmp_path: Path, answer: str
) -> None:
    first = run(portal, tmp_path)
    assert first.services_found == len(TITLES), first.summary()
    for n in (2, 5, 7):
        portal.pages[f"/service/{n}"] = STAND_INS[answer]
    for _ in range(2):
        report = run(portal, tmp_path)
        assert report.status is CrawlStatus.PARTIAL, report.summary()
        assert report.errors["service_not_shown"] == 3, report.summary()
        assert (report.retired, report.missing) == (0, 0), report.retirement
    assert titles(tmp_path) == set(TITLES)


def test_services_that_left_an_auto_portal_are_still_retired(portal: Site, tmp_path: Path) -> None:
    """A page gone (404) or sent back to the listing is not a stand-in: retired as before."""
    run(portal, tmp_path)
    del portal.pages["/service/2"]
    portal.pages["/service/5"] = (302, {"Location": "/services"}, b"")
    for _ in range(2):
        report = run(portal, tmp_path)
        assert report.status is CrawlStatus.COMPLETE, report.summary()
        assert not report.errors["service_not_shown"], report.summary()
    assert report.retired == 2, report.retirement
    assert titles(tmp_path) == set(TITLES) - {TITLES[1], TITLES[4]}
