"""A service is retired on evidence that it is gone, never because a crawl did not reach it.

Red team round 9: a lying Content-Encoding, a redirect loop or a malformed Location on some
service pages (F01, F02); a listing whose page 2 serves page 1 or «موردی یافت نشد» (F03); a
robots.txt forbidding the pager (F07); service pages redirected to one shared login or
access-denied page, all but the first dropped by Scrapy's duplicate filter (F08). Each of
these retired live services after two complete crawls.

Now a failure that does not say "gone" withholds a known service, and the indexed services a
crawl did not reach are asked at their own URLs before they count as missing
(crawlers.evidence). A service whose page is removed (404, a redirect home) still retires.
"""

from __future__ import annotations

import gzip
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

PORTAL = "unreached"
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
TITLES = [f"صدور مجوز شماره {n} برای متقاضیان".translate(PERSIAN_DIGITS) for n in range(1, 17)]


def service(title: str) -> Page:
    return html(
        f'<html><body><h2 class="title">{title}</h2><div class="desc">شرح کامل {title}</div>'
        "</body></html>"
    )


def listing(numbers: range, following: str = "") -> Page:
    links = "".join(f'<a class="svc" href="/s/{n}">{TITLES[n - 1]}</a> ' for n in numbers)
    more = f'<a class="next" href="{following}">صفحه بعد</a>' if following else ""
    return html(f"<html><head><title>اداره آزمایشی</title></head><body>{links}{more}</body></html>")


def pages() -> dict[str, Page]:
    """A catalogue of 16 services listed 8 a page: ``/`` and ``/?page=2``."""
    return {
        "/": listing(range(1, 9), "/?page=2"),
        "/?page=2": listing(range(9, 17)),
        **{f"/s/{n}": service(t) for n, t in enumerate(TITLES, 1)},
    }


@pytest.fixture
def portal() -> Iterator[Site]:
    with serve(pages()) as site:
        yield site


def run(site: Site, state: Path, **overrides: object) -> CrawlReport:
    registration = selectors_registration(PORTAL, site.origin, pagination="a.next")
    [report] = crawl([registration], state, overrides={**FAST, **overrides})
    return report


def titles(state: Path) -> set[str]:
    return indexed_titles(state, PORTAL)


def two_crawls_keep_everything(site: Site, state: Path, **overrides: object) -> CrawlReport:
    for _ in range(2):
        report = run(site, state, **overrides)
        assert (report.retired, report.missing) == (0, 0), report.summary() + report.retirement
    assert titles(state) == set(TITLES)
    return report


def compressed(title: str, encoding: str) -> Page:
    """A service page whose Content-Encoding lies (IIS compressing twice, a CDN labelling
    stored gzip as ``br``)."""
    _, _, body = service(title)
    if encoding == "gzip":  # a gzip label on a plain body
        return 200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}, body
    return (
        200,
        {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding},
        gzip.compress(body),
    )


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_service_pages_with_a_lying_content_encoding_keep_their_services(
    portal: Site, tmp_path: Path, encoding: str
) -> None:
    assert run(portal, tmp_path).services_found == len(TITLES)
    for n in (2, 5, 7):
        portal.pages[f"/s/{n}"] = compressed(TITLES[n - 1], encoding)
    report = two_crawls_keep_everything(portal, tmp_path)
    assert report.status is CrawlStatus.PARTIAL, report.summary()  # pages not read
    assert report.errors["bad_encoding"] + report.errors["download_error"] == 3, report.summary()


@pytest.mark.parametrize("answer", ["slash-loop", "bad-location"])
def test_service_pages_behind_a_redirect_loop_or_a_broken_location_keep_their_services(
    portal: Site, tmp_path: Path, answer: str
) -> None:
    run(portal, tmp_path)
    for n in (2, 5, 7):
        if answer == "slash-loop":  # a URL Rewrite rule and the CMS fighting over the slash
            portal.pages[f"/s/{n}"] = (301, {"Location": f"/s/{n}/"}, b"")
            portal.pages[f"/s/{n}/"] = (301, {"Location": f"/s/{n}"}, b"")
        else:
            portal.pages[f"/s/{n}"] = (302, {"Location": f"http://[portal/s/{n}"}, b"")
    report = two_crawls_keep_everything(portal, tmp_path)
    kind = "redirect_loop" if answer == "slash-loop" else "download_error"
    assert report.errors[kind] == 3, report.summary()


# What page 2 of the listing answers instead of its services.
PAGE_TWO = {
    "cdn-ignores-query": lambda: listing(range(1, 9), "/?page=2"),  # page 1 again
    "nothing-found": lambda: html(
        "<html><head><title>اداره آزمایشی</title></head><body><p>موردی یافت نشد</p></body></html>"
    ),
}


@pytest.mark.parametrize("answer", list(PAGE_TWO))
def test_a_listing_page_that_stops_listing_retires_none_of_its_services(
    portal: Site, tmp_path: Path, answer: str
) -> None:
    """The services page 2 no longer lists are asked at their own URLs: they answer."""
    run(portal, tmp_path)
    portal.pages["/?page=2"] = PAGE_TWO[answer]()
    report = two_crawls_keep_everything(portal, tmp_path)
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert (report.services_found, report.unlisted) == (16, 8), report.summary()


@pytest.mark.parametrize("rule", ["/*?", "/*page="])
def test_robots_txt_forbidding_the_pager_retires_none_of_its_services(
    portal: Site, tmp_path: Path, rule: str
) -> None:
    run(portal, tmp_path)
    portal.pages["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        f"User-agent: *\nDisallow: {rule}\n".encode(),
    )
    asked = len(portal.requests)
    report = two_crawls_keep_everything(portal, tmp_path)
    assert report.unlisted == 8, report.summary()
    assert "/?page=2" not in portal.requests[asked:]  # robots.txt is obeyed all the same


SHARED = {
    "login-no-return": (
        "/Account/Login",
        html(
            "<html><head><title>ورود به سامانه</title></head><body><h1>ورود کاربران</h1>"
            '<form method="post" action="/Account/Login"><input name="UserName">'
            '<input type="password" name="Password"><button>ورود</button></form></body></html>'
        ),
    ),
    "access-denied": (
        "/Error/AccessDenied",
        html(
            "<html><head><title>خطا</title></head><body>"
            "<h1>شما مجوز دسترسی به این صفحه را ندارید</h1></body></html>"
        ),
    ),
}


@pytest.mark.parametrize("answer", list(SHARED))
def test_service_pages_redirected_to_one_shared_page_keep_their_services(
    portal: Site, tmp_path: Path, answer: str
) -> None:
    """Scrapy's duplicate filter dropped all but the first redirect to the shared page: the
    others never answered, and were missed."""
    run(portal, tmp_path)
    target, page = SHARED[answer]
    portal.pages[target] = page
    for n in (2, 5, 7):
        portal.pages[f"/s/{n}"] = (302, {"Location": target}, b"")
    two_crawls_keep_everything(portal, tmp_path)


def test_a_service_left_unlisted_is_kept_while_its_page_shows_it(
    portal: Site, tmp_path: Path
) -> None:
    """An agency removes a service by removing its page: a page still showing the service
    is evidence that it exists, listed or not (counted ``unlisted``)."""
    run(portal, tmp_path)
    portal.pages["/"] = listing(range(2, 9), "/?page=2")  # /s/1 no longer linked
    report = two_crawls_keep_everything(portal, tmp_path)
    assert (report.status, report.unlisted) == (CrawlStatus.COMPLETE, 1), report.summary()


def test_services_whose_pages_are_removed_are_still_retired(portal: Site, tmp_path: Path) -> None:
    """Asked again, a page that answers 404 or 410, or sends the visitor home or back to the
    listing, is gone: unlisted or not, the service retires after two complete crawls."""
    run(portal, tmp_path)
    portal.pages["/"] = listing(range(5, 9), "/?page=2")  # /s/1../s/4 no longer linked
    del portal.pages["/s/1"]  # 404
    portal.pages["/s/2"] = (410, {}, b"gone")
    portal.pages["/s/3"] = (302, {"Location": "/"}, b"")
    portal.pages["/s/4"] = service(TITLES[3])  # unlisted, still shown: kept
    portal.pages["/s/9"] = (301, {"Location": "/"}, b"")  # still listed, sent home
    reports = [run(portal, tmp_path) for _ in range(2)]
    assert [r.status for r in reports] == [CrawlStatus.COMPLETE] * 2, reports[-1].summary()
    assert (reports[0].missing, reports[-1].retired) == (4, 4), reports[-1].retirement
    assert reports[-1].unlisted == 1, reports[-1].summary()
    assert titles(tmp_path) == set(TITLES) - {TITLES[0], TITLES[1], TITLES[2], TITLES[8]}


def test_the_services_asked_again_are_capped_and_the_rest_kept(
    portal: Site, tmp_path: Path
) -> None:
    run(portal, tmp_path)
    portal.pages["/?page=2"] = PAGE_TWO["nothing-found"]()
    asked = len(portal.requests)
    report = two_crawls_keep_everything(portal, tmp_path, DARGAH_EVIDENCE_MAX=3)
    assert report.unlisted == 3 and report.errors["evidence_limit"] == 1, report.summary()
    again = [p for p in portal.requests[asked:] if p.startswith("/s/")]
    assert len(again) == 2 * 8 + 2 * 3  # the listed services, and 3 asked again, each crawl


def test_an_auto_portal_keeps_an_unlisted_service_and_retires_a_removed_one(
    tmp_path: Path,
) -> None:
    """The `auto` strategy judges a service asked again as it judges any page."""
    from test_withheld_auto import TITLES as AUTO_TITLES
    from test_withheld_auto import pages as auto_pages
    from test_withheld_auto import run as auto_run
    from test_withheld_auto import titles as auto_titles

    with serve(auto_pages()) as site:
        assert auto_run(site, tmp_path).services_found == len(AUTO_TITLES)
        links = "".join(
            f'<li><a href="/service/{n}">{t}</a></li>'
            for n, t in enumerate(AUTO_TITLES, 1)
            if n not in (2, 3)
        )
        site.pages["/services"] = html(
            '<html lang="fa"><head><title>میز خدمت</title></head><body>'
            f"<h1>میز خدمت الکترونیک</h1><ul>{links}</ul></body></html>"
        )
        del site.pages["/service/2"]  # unlisted and gone; /service/3 unlisted, still shown
        reports = [auto_run(site, tmp_path) for _ in range(2)]
    assert [r.status for r in reports] == [CrawlStatus.COMPLETE] * 2, reports[-1].summary()
    assert (reports[-1].retired, reports[-1].unlisted) == (1, 1), reports[-1].summary()
    assert auto_titles(tmp_path) == set(AUTO_TITLES) - {AUTO_TITLES[1]}
