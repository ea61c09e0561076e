"""Incremental recrawls: unchanged pages cost a 304 and keep their services; outages still show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_helpers import crawl_options

import sandbox
from crawlers.runner import run_crawls_in_subprocess
from indexer.backends import open_backend
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
