"""Incremental recrawls: unchanged pages cost a 304 and keep their services; outages still show."""

from __future__ import annotations

import dbm
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_helpers import Page, Site, crawl_options, html, selectors_registration, serve

import sandbox
from crawlers.runner import run_crawls_in_subprocess
from indexer.backends import open_backend
from registry.portals import Registry
from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus

pytestmark = pytest.mark.slow

# A listing-and-detail portal and a sitemap portal: both kinds of page get revalidated.
PORTALS = ("karaj-municipality", "tax-alborz")


@pytest.fixture(scope="module")
def province() -> Iterator[sandbox.Province]:
    with sandbox.start_province(host_prefix="127.0.3.", slow_seconds=0.2) as running:
        yield running


def recrawl(province: sandbox.Province, state: Path) -> dict[str, CrawlReport]:
    registrations: list[Registration] = [r for r in province.registrations() if r.id in PORTALS]
    options = crawl_options(state)
    reports = run_crawls_in_subprocess(
        registrations, timeout=120, http_cache_dir=state / "httpcache", **options
    )
    return {r.portal_id: r for r in reports}


def indexed_urls(state: Path, portal_id: str) -> set[str]:
    backend = open_backend(state / "index", readonly=True)
    try:
        return {d.url for i in backend.portal_hashes(portal_id) if (d := backend.get(i))}
    finally:
        backend.close()


def test_recrawl_revalidates_pages_and_keeps_unchanged_services(
    province: sandbox.Province, tmp_path: Path
) -> None:
    first = recrawl(province, tmp_path)
    for report in first.values():
        assert report.status is CrawlStatus.COMPLETE, report.summary()
        assert report.not_modified == 0
    before = {pid: indexed_urls(tmp_path, pid) for pid in PORTALS}
    for portal in province.portals.values():
        portal.clear_requests()

    second = recrawl(province, tmp_path)

    for portal_id, report in second.items():
        portal = province.portals[portal_id]
        assert report.status is CrawlStatus.COMPLETE, report.summary()
        # The portal really answered 304s (every page), and the report counts them.
        pages = [p for p in portal.not_modified if p != "/robots.txt"]
        assert len(pages) >= report.services_found > 0
        assert report.not_modified == len(pages) == report.pages_fetched, report.summary()
        # Unchanged pages still yield their services: seen, unchanged, none retired or missing.
        assert (report.new, report.updated, report.retired, report.missing) == (0, 0, 0, 0)
        assert report.unchanged == report.services_found == len(before[portal_id])
        assert "nothing retired" in report.retirement
        assert indexed_urls(tmp_path, portal_id) == before[portal_id]

    # A portal that is down is not answered from the stored pages: the crawl fails.
    province.stop_portal("tax-alborz")
    try:
        third = recrawl(province, tmp_path)
    finally:
        province.start_portal("tax-alborz")
    down = third["tax-alborz"]
    assert down.status is CrawlStatus.FAILED, down.summary()
    assert down.not_modified == 0 and down.errors["connection_refused"] >= 1
    assert "only a complete crawl" in down.retirement
    assert indexed_urls(tmp_path, "tax-alborz") == before["tax-alborz"]
    assert third["karaj-municipality"].status is CrawlStatus.COMPLETE


def etagged(path: str) -> Page:
    status, headers, body = html(
        f'<html><body><h2 class="title">خدمت شماره {path}</h2>'
        f'<div class="desc">{("شرح خدمت " + path) * 1000}</div></body></html>'
    )
    return status, {**headers, "ETag": f'"{path}"'}, body


def generation(n: int) -> dict[str, Page]:
    """A portal that links its eight services under new addresses each time (session ids, dates)."""
    paths = [f"/p/{n}/{i}" for i in range(8)]
    links = "".join(f'<a class="svc" href="{p}">خدمت {p}</a> ' for p in paths)
    return {"/": html(f"<html><body>{links}</body></html>"), **{p: etagged(p) for p in paths}}


def crawl_cached(site: Site, state: Path) -> CrawlReport:
    [report] = run_crawls_in_subprocess(
        [selectors_registration("moving", site.origin)],
        timeout=120,
        http_cache_dir=state / "httpcache",
        **crawl_options(state),
    )
    return report


def accept(site: Site, state: Path) -> None:
    """Re-register the portal: the registrar accepts whatever the next crawl finds."""
    registry = Registry(crawl_options(state)["registry_url"])
    try:
        registry.add_portal(selectors_registration("moving", site.origin), replace=True)
    finally:
        registry.close()


def cached_pages(state: Path) -> int:
    with dbm.open(str(state / "httpcache" / "moving.db")) as db:
        return sum(1 for key in db.keys() if key.endswith(b"_time"))  # noqa: SIM118


def test_the_kept_pages_are_those_of_the_last_crawl(tmp_path: Path) -> None:
    with serve(generation(0)) as site:
        assert crawl_cached(site, tmp_path).status is CrawlStatus.COMPLETE
        size = (tmp_path / "httpcache" / "moving.db").stat().st_size
        assert cached_pages(tmp_path) == 8
        again = crawl_cached(site, tmp_path)
        assert again.not_modified == 8, again.summary()  # revalidated pages are kept
        for n in (1, 2, 3):
            site.pages = generation(n)
            # Every service new and none of the old found is another site (alert
            # «replaced», red team 9) until the registrar accepts it by re-registering.
            accept(site, tmp_path)
            assert crawl_cached(site, tmp_path).status is CrawlStatus.COMPLETE
        # Four generations of pages were fetched; the unlinked ones are gone from the disk.
        assert cached_pages(tmp_path) == 8
        assert (tmp_path / "httpcache" / "moving.db").stat().st_size < 1.5 * size
        assert not [p.name for p in (tmp_path / "httpcache").iterdir() if ".next" in p.name]


def test_a_failed_crawl_keeps_the_pages_it_did_not_reach(tmp_path: Path) -> None:
    with serve(generation(0)) as site:
        crawl_cached(site, tmp_path)
        site.pages["/"] = (503, {"Retry-After": "60"}, b"Service Unavailable")
        assert crawl_cached(site, tmp_path).status is CrawlStatus.FAILED
        site.pages = generation(0)
        back = crawl_cached(site, tmp_path)
    # The next crawl still asks conditionally: every page costs a 304, not its body.
    assert back.not_modified == 8, back.summary()


def test_a_suspect_crawl_leaves_the_kept_pages_as_they_were(tmp_path: Path) -> None:
    """A defacement read by a suspect crawl is not what the next crawl revalidates against
    (red team round 6, F04): once the portal is restored, its pages cost a 304 again."""
    good = generation(0)
    with serve(good) as site:
        crawl_cached(site, tmp_path)
        for path in list(site.pages)[1:]:
            site.pages[path] = etagged(path.replace("/p/", "/casino/"))
        assert crawl_cached(site, tmp_path).status is CrawlStatus.SUSPECT
        site.pages = good
        restored = crawl_cached(site, tmp_path)
    assert restored.status is CrawlStatus.COMPLETE, restored.summary()
    assert restored.not_modified == 8, restored.summary()


def test_one_etag_on_every_page_hides_no_change(tmp_path: Path) -> None:
    """A server that sends one ETag for the whole site (red team round 6, F09) would have a
    renamed service answered 304 for ever: an ETag shared by two pages is not asked by."""
    pages = generation(0)
    for path, (status, headers, body) in list(pages.items())[1:]:
        pages[path] = (status, {**headers, "ETag": '"site-v1"'}, body)
    with serve(pages) as site:
        crawl_cached(site, tmp_path)
        renamed = "/p/0/3"
        status, headers, body = etagged("/p/0/3-renamed")
        site.pages[renamed] = (status, {**headers, "ETag": '"site-v1"'}, body)
        again = crawl_cached(site, tmp_path)
    assert again.updated == 1, again.summary()
    backend = open_backend(tmp_path / "index", readonly=True)
    try:
        assert any(d.title.endswith("۳-renamed") for d in backend.documents(["moving"]))
    finally:
        backend.close()
