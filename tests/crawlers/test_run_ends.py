"""Crawl runs end: a crawl killed mid-way is closed as failed, with the reason, at the next start.

Before, a SIGKILLed crawl stayed ``running`` forever with an empty report.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from crawl_helpers import crawl, crawl_options, worker_config

import sandbox
from crawlers.liveness import this_host
from crawlers.runner import await_child, start_crawls_in_subprocess
from crawlers.worker import Worker
from indexer.backends import open_backend
from registry.portals import Registry
from registry.reports import CrawlReport, CrawlStatus

pytestmark = pytest.mark.slow

KARAJ = "karaj-municipality"
# One request at a time with a small delay: a crawl of ~95 pages that lasts long enough
# to be killed in the middle.
SLOWER = {"CONCURRENT_REQUESTS_PER_DOMAIN": 1, "DOWNLOAD_DELAY": 0.05}


@pytest.fixture(scope="module")
def province() -> Iterator[sandbox.Province]:
    with sandbox.start_province(host_prefix="127.0.7.", slow_seconds=0.2) as running:
        yield running


def runs_of(state: Path, portal_id: str | None = KARAJ) -> dict[int, CrawlReport]:
    registry = Registry(f"sqlite:///{state / 'registry.sqlite3'}")
    try:
        return dict(registry.runs(portal_id))
    finally:
        registry.close()


def crawl_midway(province: sandbox.Province, state: Path, pages: int) -> tuple[Any, Any]:
    """Start a slow crawl of the municipality portal in its own process, heartbeating every
    0.2 s; return ``(process, result queue)`` once it has asked for ``pages`` pages."""
    portal = province.portals[KARAJ]
    registration = next(r for r in province.registrations() if r.id == KARAJ)
    options = {**crawl_options(state, overrides=SLOWER), "heartbeat_seconds": 0.2}
    portal.clear_requests()
    proc, results = start_crawls_in_subprocess([registration], **options)
    deadline = time.monotonic() + 60
    while len(portal.requests) < pages:
        assert proc.is_alive(), "the crawl ended too soon"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return proc, results


def kill_a_crawl_midway(province: sandbox.Province, state: Path) -> int:
    """SIGKILL a crawl of the municipality portal after it heartbeat; the killed run's id."""
    proc, _ = crawl_midway(province, state, 30)
    time.sleep(0.5)  # a couple of heartbeats
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(timeout=10)
    assert proc.exitcode == -signal.SIGKILL
    [(run_id, report)] = runs_of(state).items()
    assert report.status is CrawlStatus.RUNNING  # nobody closed it: the process is gone
    return run_id


def test_a_killed_crawl_is_closed_as_failed_at_the_next_crawl(
    province: sandbox.Province, tmp_path: Path
) -> None:
    killed_id = kill_a_crawl_midway(province, tmp_path)
    registration = next(r for r in province.registrations() if r.id == KARAJ)

    [next_report] = crawl([registration], tmp_path)

    assert next_report.status is CrawlStatus.COMPLETE, next_report.summary()
    killed = runs_of(tmp_path)[killed_id]
    assert killed.status is CrawlStatus.FAILED
    assert killed.finished_at is not None
    assert "is gone" in killed.finish_reason
    assert killed.errors["crawler_gone"] == 1
    assert "nothing retired" in killed.retirement
    # Its heartbeats kept what it had done before it was killed.
    assert killed.pages_fetched > 0 and killed.services_found > 0
    # And its report file says so too.
    files = [json.loads(p.read_text("utf-8")) for p in (tmp_path / "reports" / KARAJ).iterdir()]
    assert any(f["status"] == "failed" and "is gone" in f["finish_reason"] for f in files)


def test_a_worker_start_closes_runs_whose_process_is_gone(
    province: sandbox.Province, tmp_path: Path
) -> None:
    killed_id = kill_a_crawl_midway(province, tmp_path)
    registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    # A run of another host that stopped heartbeating long ago, and one still alive there.
    silent = registry.start_run("abfa-alborz", host="crawler-2.example", pid=4242)
    alive = registry.start_run("tax-alborz", host="crawler-2.example", pid=4243)
    # A live process here whose heartbeat is late (say, the registry was locked): left alone.
    late = registry.start_run("roads-alborz", host=this_host(), pid=os.getpid())
    # A run of this host whose process is gone and whose pid now belongs to another process,
    # started after the run: it must not hold its portal for as long as that process lives.
    other = subprocess.Popen(["sleep", "120"])
    reused = registry.start_run("abfa-karaj", host=this_host(), pid=other.pid)
    with registry._engine.begin() as conn:  # their last heartbeat: an hour ago
        from registry.schema import runs

        old = datetime.now(UTC) - timedelta(hours=1)
        for run_id in (silent, late):
            conn.execute(runs.update().where(runs.c.id == run_id).values(heartbeat_at=old))
        conn.execute(
            runs.update().where(runs.c.id == reused).values(started_at=old, heartbeat_at=old)
        )
    registry.remove_portal(KARAJ)  # nothing for the worker to crawl
    registry.close()
    config = worker_config(tmp_path, link_check_every_hours=1000)

    try:
        Worker(config).run(once=True)
    finally:
        other.kill()
        other.wait()

    after = runs_of(tmp_path, None)
    assert after[reused].status is CrawlStatus.FAILED
    assert f"pid {other.pid} on {this_host()}) is gone" in after[reused].finish_reason
    assert after[killed_id].status is CrawlStatus.FAILED
    assert this_host() in after[killed_id].finish_reason
    assert after[silent].status is CrawlStatus.FAILED
    assert "no heartbeat since" in after[silent].finish_reason
    assert after[alive].status is CrawlStatus.RUNNING  # another host's live crawl is left alone
    assert after[late].status is CrawlStatus.RUNNING


def test_a_portal_being_crawled_is_not_crawled_again_beside_it(
    province: sandbox.Province, tmp_path: Path
) -> None:
    """`dargah crawl` while the worker (or another `dargah crawl`, or another host) crawls
    the same portal: that portal is refused, saying which run holds it, and gets no second
    stream of requests; the other portals of the call are crawled; the first crawl ends
    complete, its report the portal's latest."""
    portal = province.portals[KARAJ]
    karaj = next(r for r in province.registrations() if r.id == KARAJ)
    tax = next(r for r in province.registrations() if r.id == "tax-alborz")
    proc, results = crawl_midway(province, tmp_path, 10)
    [(first_run, _)] = runs_of(tmp_path).items()

    refused, crawled = crawl([karaj, tax], tmp_path)

    assert refused.status is CrawlStatus.FAILED
    assert refused.errors == {"already_running": 1}
    assert f"a crawl of {KARAJ} is already running: run {first_run}" in refused.finish_reason
    assert f"process {proc.pid} on {this_host()}" in refused.finish_reason
    assert crawled.status is CrawlStatus.COMPLETE and crawled.services_found > 0
    [first] = await_child(proc, results, 120, "the first crawl")
    assert CrawlReport.from_dict(first).status is CrawlStatus.COMPLETE
    # One crawl's worth of requests (each page once), and one run: the first one, complete.
    assert len(portal.requests) == len(set(portal.requests))
    assert list(runs_of(tmp_path)) == [first_run]
    assert runs_of(tmp_path)[first_run].status is CrawlStatus.COMPLETE


def test_a_portal_removed_during_its_crawl_keeps_nothing_and_its_crawl_stops(
    province: sandbox.Province, tmp_path: Path
) -> None:
    """The registrar removes a portal while it is crawled: the crawl stops asking its server
    for pages at its next heartbeat, and what it had stored is dropped when it closes, so
    the removed portal's services do not come back to search."""
    portal = province.portals[KARAJ]
    proc, results = crawl_midway(province, tmp_path, 30)
    registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    try:
        assert registry.remove_portal(KARAJ)
    finally:
        registry.close()

    [data] = await_child(proc, results, 120, "the crawl")

    report = CrawlReport.from_dict(data)
    assert report.status is CrawlStatus.FAILED
    assert report.finish_reason == "portal_removed"
    assert report.errors["portal_removed"] == 1
    assert "removed during the crawl" in report.retirement
    assert len(portal.requests) < 80  # a whole crawl of the portal asks for about 100 pages
    backend = open_backend(tmp_path / "index", readonly=True)
    try:
        assert set(backend.portal_hashes(KARAJ)) == set()
    finally:
        backend.close()


def test_a_portal_removed_and_registered_again_during_its_crawl_is_crawled_anew(
    province: sandbox.Province, tmp_path: Path
) -> None:
    """Removed, then registered again (say, moved to another domain) while its first crawl
    runs: that crawl followed a registration that is no more. It stops and keeps nothing
    (it would have counted the services the removal dropped as unchanged, and left the
    portal with none), and a new crawl is queued; that one finds every service."""
    karaj = next(r for r in province.registrations() if r.id == KARAJ)
    [first] = crawl([karaj], tmp_path)  # 90 services indexed
    assert first.status is CrawlStatus.COMPLETE
    proc, results = crawl_midway(province, tmp_path, 30)
    registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    try:
        assert registry.remove_portal(KARAJ)
        registry.add_portal(karaj)
        [data] = await_child(proc, results, 120, "the crawl")
        report = CrawlReport.from_dict(data)
        assert report.status is CrawlStatus.FAILED and report.errors["portal_removed"] == 1
        assert "registered again meanwhile: a new crawl is queued" in report.retirement
        [job] = registry.jobs(KARAJ)
        assert job.requested_by == "system:registered-again"
    finally:
        registry.close()

    [again] = crawl([karaj], tmp_path)

    assert again.status is CrawlStatus.COMPLETE and again.new == first.services_found
    backend = open_backend(tmp_path / "index", readonly=True)
    try:
        assert len(backend.portal_hashes(KARAJ)) == first.services_found
    finally:
        backend.close()
