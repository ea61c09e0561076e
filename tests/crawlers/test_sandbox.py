"""Crawling the sandbox province: every portal's services found exactly, politely and safely."""

from __future__ import annotations

import os
import shutil
import signal
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from crawl_helpers import SLOW_PAGE_SECONDS, Crawled, crawl, crawl_options
from protego import Protego

import sandbox
from crawlers.runner import start_crawls_in_subprocess
from indexer.backend import SearchQuery
from indexer.backends import open_backend
from indexer.documents import ServiceDocument, canonical_url, service_id
from indexer.normalize import normalize
from indexer.topics import OTHER, default_taxonomy
from registry.portals import Registry
from registry.reports import CrawlReport, CrawlStatus

pytestmark = pytest.mark.slow


def indexed(tmp: Path, portal_id: str) -> dict[str, ServiceDocument]:
    backend = open_backend(tmp / "index", readonly=True)
    docs = [backend.get(i) for i in backend.portal_hashes(portal_id)]
    return {d.url: d for d in docs if d is not None}


def truth(province: sandbox.Province, portal_id: str) -> dict[str, str]:
    """Ground truth as the crawler should index it: canonical deep link -> normalised title."""
    origin = province.portals[portal_id].origin
    return {
        canonical_url(origin + g.path): normalize(g.title) for g in sandbox.ground_truth(portal_id)
    }


def copy_state(source: Path, target: Path) -> Path:
    for name in ("index", "registry.sqlite3"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        else:
            shutil.copy2(source / name, target / name)
    return target


@pytest.mark.parametrize("portal_id", sandbox.PORTAL_IDS)
def test_every_service_found_and_nothing_else(
    portal_id: str, province: sandbox.Province, first_crawl: Crawled
) -> None:
    expected = set(truth(province, portal_id))
    found = set(indexed(first_crawl.tmp, portal_id))
    assert found - expected == set(), "precision below 100%"
    assert expected - found == set(), "recall below 100%"
    report = first_crawl.reports[portal_id]
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert report.services_found == report.new == len(expected)


@pytest.mark.parametrize("portal_id", sandbox.PORTAL_IDS)
def test_titles_match_ground_truth_after_normalisation(
    portal_id: str, province: sandbox.Province, first_crawl: Crawled
) -> None:
    docs = indexed(first_crawl.tmp, portal_id)
    assert {url: doc.title for url, doc in docs.items()} == truth(province, portal_id)
    assert all(doc.agency == province.portals[portal_id].agency for doc in docs.values())


def test_robots_txt_is_respected(province: sandbox.Province, first_crawl: Crawled) -> None:
    agent = crawl_options(first_crawl.tmp)["user_agent"]
    for portal in province.portals.values():
        asked = [p for p in portal.requests if p != "/robots.txt"]
        with urllib.request.urlopen(portal.origin + "/robots.txt") as answer:
            rules = Protego.parse(answer.read().decode("utf-8"))
        refused = [p for p in asked if not rules.can_fetch(portal.origin + p, agent)]
        assert refused == [], f"{portal.id} fetched pages its robots.txt disallows"
    assert not [p for p in province.portals["sabt-alborz"].requests if p.startswith("/search")]


def test_news_never_becomes_a_service(first_crawl: Crawled) -> None:
    docs = indexed(first_crawl.tmp, "ostandari-alborz")
    assert docs
    assert not [url for url in docs if "/news" in url]


def test_redirect_chain_lands_on_the_final_url(
    province: sandbox.Province, first_crawl: Crawled
) -> None:
    from sandbox.portals.sabt import REDIRECTED, old_path

    portal = province.portals["sabt-alborz"]
    docs = indexed(first_crawl.tmp, "sabt-alborz")
    for number in REDIRECTED:
        assert old_path(number) in portal.requests  # the listing linked the old URL...
        final = f"{portal.origin}/fa/services/view/{number}"
        assert final in docs  # ...the service is indexed at the final one
        assert docs[final].id == service_id(final)
    assert not [url for url in docs if "/old/" in url or "/fa/service/" in url]


def test_dead_link_is_counted_in_the_report(first_crawl: Crawled) -> None:
    report = first_crawl.reports["sabt-alborz"]
    assert report.errors["http_404"] == 1
    assert any("/fa/services/view/999" in s for s in report.error_samples)


def test_slow_page_is_waited_for(first_crawl: Crawled) -> None:
    from sandbox.portals.sabt import SLOW

    assert SLOW_PAGE_SECONDS >= 1
    assert any(url.endswith(f"/view/{SLOW}") for url in indexed(first_crawl.tmp, "sabt-alborz"))


def test_windows_1256_portal_reads_as_persian(first_crawl: Crawled) -> None:
    docs = indexed(first_crawl.tmp, "mrud-alborz")
    text = " ".join(d.title + d.description + " ".join(d.fields.values()) for d in docs.values())
    assert "ی" in text and "ک" in text
    assert "ي" not in text and "ك" not in text and "\ufffd" not in text


def test_reports_are_kept_in_the_registry_and_as_files(first_crawl: Crawled) -> None:
    registry = Registry(f"sqlite:///{first_crawl.tmp / 'registry.sqlite3'}")
    for portal_id, report in first_crawl.reports.items():
        (_, stored), *_ = registry.runs(portal_id)
        assert stored.status is report.status
        assert stored.services_found == report.services_found
        assert list((first_crawl.tmp / "reports" / portal_id).glob("*.json"))
    registry.close()


@pytest.fixture(scope="session")
def second_crawl(province: sandbox.Province, first_crawl: Crawled) -> dict[str, CrawlReport]:
    """The same state crawled again, with the water company's portal down."""
    province.stop_portal("abfa-alborz")
    try:
        reports = crawl(province.registrations(), first_crawl.tmp)
    finally:
        province.start_portal("abfa-alborz")
    return {r.portal_id: r for r in reports}


def test_second_crawl_reports_everything_unchanged(
    province: sandbox.Province, second_crawl: dict[str, CrawlReport]
) -> None:
    for portal_id, report in second_crawl.items():
        if portal_id == "abfa-alborz":
            continue
        assert report.status is CrawlStatus.COMPLETE, report.summary()
        assert (report.new, report.updated, report.retired) == (0, 0, 0), report.summary()
        assert report.unchanged == len(truth(province, portal_id))


def test_portal_down_fails_and_keeps_its_services_searchable(
    province: sandbox.Province, first_crawl: Crawled, second_crawl: dict[str, CrawlReport]
) -> None:
    report = second_crawl["abfa-alborz"]
    assert report.status is CrawlStatus.FAILED
    assert report.errors["connection_refused"] >= 1
    assert set(indexed(first_crawl.tmp, "abfa-alborz")) == set(truth(province, "abfa-alborz"))
    title = next(iter(truth(province, "abfa-alborz").values()))
    backend = open_backend(first_crawl.tmp / "index", readonly=True)
    hits = backend.search(SearchQuery(text=title, agency="abfa-alborz")).hits
    assert title in [hit.document.title for hit in hits]


def test_hidden_service_retired_only_after_two_complete_crawls(
    province: sandbox.Province, first_crawl: Crawled, tmp_path: Path
) -> None:
    state = copy_state(first_crawl.tmp, tmp_path)
    portal = province.portals["karaj-municipality"]
    [registration] = [r for r in province.registrations() if r.id == portal.id]
    gone = sandbox.ground_truth(portal.id)[3]
    gone_url = canonical_url(portal.origin + gone.path)
    portal.hide(gone.path)
    try:
        [once] = crawl([registration], state)
        assert once.status is CrawlStatus.COMPLETE
        assert once.retired == 0
        assert gone_url in indexed(state, portal.id)  # one miss is not enough
        [twice] = crawl([registration], state)
    finally:
        portal.unhide(gone.path)
    assert twice.status is CrawlStatus.COMPLETE
    assert twice.retired == 1
    left = indexed(state, portal.id)
    assert gone_url not in left
    assert len(left) == len(truth(province, portal.id)) - 1


def test_killed_crawl_leaves_indexed_services_intact(
    province: sandbox.Province, first_crawl: Crawled, tmp_path: Path
) -> None:
    state = copy_state(first_crawl.tmp, tmp_path)
    before = {pid: set(indexed(state, pid)) for pid in sandbox.PORTAL_IDS}
    asked = sum(len(p.requests) for p in province.portals.values())
    proc, _ = start_crawls_in_subprocess(province.registrations(), **crawl_options(state))
    deadline = time.monotonic() + 60
    while sum(len(p.requests) for p in province.portals.values()) < asked + 60:
        assert proc.is_alive(), "the crawl ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(timeout=10)
    assert proc.exitcode == -signal.SIGKILL
    after = {pid: set(indexed(state, pid)) for pid in sandbox.PORTAL_IDS}
    assert after == before
    # The killed run never finished: the registry shows it still running, not complete.
    registry = Registry(f"sqlite:///{state / 'registry.sqlite3'}")
    assert any(r.status is CrawlStatus.RUNNING for _, r in registry.runs())
    registry.close()


# --- issue 13: snippets of the service's own text, one province-wide taxonomy -----------------


def _all_hits(tmp: Path) -> list[tuple[ServiceDocument, str]]:
    """Every indexed service with the snippet a browsing citizen sees, agency by agency."""
    backend = open_backend(tmp / "index", readonly=True)
    found = []
    for portal_id in sandbox.PORTAL_IDS:
        page = 1
        while True:
            result = backend.search(SearchQuery(text="", agency=portal_id, page=page, size=50))
            found += [(hit.document, hit.snippet_html) for hit in result.hits]
            if page * 50 >= result.total:
                break
            page += 1
    return found


def test_no_snippet_is_shared_by_more_than_three_services(first_crawl: Crawled) -> None:
    hits = _all_hits(first_crawl.tmp)
    assert len(hits) > 300
    shared = Counter(snippet for _, snippet in hits).most_common(3)
    assert shared[0][1] <= 3, shared
    assert not any("سامانه سامد: ۱۱۱" in snippet for _, snippet in hits)  # the governorate footer


def test_every_service_is_filed_under_a_province_wide_domain(first_crawl: Crawled) -> None:
    taxonomy = default_taxonomy()
    topics = Counter(doc.topic for doc, _ in _all_hits(first_crawl.tmp))
    assert all(taxonomy.get(topic) is not None for topic in topics), topics
    assert topics.get(OTHER, 0) <= 0.05 * sum(topics.values()), topics
    assert len(topics) >= 8  # browsing is spread over many domains, not one bucket


def test_governorate_details_use_the_field_vocabulary(first_crawl: Crawled) -> None:
    docs = indexed(first_crawl.tmp, "ostandari-alborz")
    assert docs and all({"documents", "fee", "duration"} <= set(d.fields) for d in docs.values())
    assert all(d.description and "میدان استاندارد" not in d.description for d in docs.values())
    assert any("، " in d.fields["documents"] for d in docs.values())  # a list, not run-on text
