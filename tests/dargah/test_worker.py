"""`dargah worker`: queued and scheduled crawls, link checks, isolation, retirement, stopping."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

import sandbox
from crawlers.liveness import this_host
from crawlers.worker import SCHEDULE, Worker, WorkerConfig
from indexer.backends import open_backend
from indexer.documents import canonical_url, service_id
from registry.portals import Registry
from registry.records import JobKind, JobStatus
from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus
from tests.crawlers.crawl_helpers import FAST

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def province() -> Iterator[sandbox.Province]:
    with sandbox.start_province(host_prefix="127.0.4.", slow_seconds=0.2) as running:
        yield running


def config(tmp: Path, **changes: object) -> WorkerConfig:
    base = WorkerConfig(
        registry_url=f"sqlite:///{tmp / 'registry.sqlite3'}",
        index_dir=tmp / "index",
        reports_dir=tmp / "reports",
        http_cache_dir=tmp / "httpcache",
        user_agent="DargahTestBot/0.1 (+tests)",
        allow_private_addresses=True,
        retire_after_misses=2,
        poll_seconds=0.2,
        settings_overrides=FAST,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def registration(province: sandbox.Province, portal_id: str) -> Registration:
    return next(r for r in province.registrations() if r.id == portal_id)


def registry_with(tmp: Path, province: sandbox.Province, *portal_ids: str) -> Registry:
    registry = Registry(f"sqlite:///{tmp / 'registry.sqlite3'}")
    for portal_id in portal_ids:
        registry.add_portal(registration(province, portal_id))
    return registry


def crawled_recently(registry: Registry, portal_id: str) -> None:
    """As if the schedule had just run: a finished crawl started now."""
    report = CrawlReport(portal_id=portal_id, status=CrawlStatus.COMPLETE)
    registry.finish_run(registry.start_run(portal_id), report)


def run_once(tmp: Path, **changes: object) -> None:
    Worker(config(tmp, **changes)).run(once=True)


def indexed_ids(tmp: Path, portal_id: str) -> set[str]:
    backend = open_backend(tmp / "index", readonly=True)
    try:
        return set(backend.portal_hashes(portal_id))
    finally:
        backend.close()


def test_once_runs_due_schedules_and_queued_jobs_then_checks_links(
    province: sandbox.Province, tmp_path: Path
) -> None:
    registry = registry_with(tmp_path, province, "tax-alborz", "karaj-municipality", "abfa-alborz")
    crawled_recently(registry, "karaj-municipality")  # not due, but an agency asks for it
    crawled_recently(registry, "abfa-alborz")  # not due, nobody asks: left alone
    requested = registry.enqueue_job("karaj-municipality", "agency:karaj-municipality:1")

    run_once(tmp_path)

    [scheduled] = registry.jobs("tax-alborz")
    assert (scheduled.requested_by, scheduled.status) == (SCHEDULE, JobStatus.DONE)
    [asked] = registry.jobs("karaj-municipality")
    assert (asked.id, asked.status) == (requested.id, JobStatus.DONE)
    assert registry.jobs("abfa-alborz") == []
    for job in (scheduled, asked):
        assert job.run_id is not None
        (run_id, report), *_ = registry.runs(job.portal_id, limit=1)
        assert run_id == job.run_id and report.status is CrawlStatus.COMPLETE
        ids = indexed_ids(tmp_path, job.portal_id)
        checks = registry.link_checks(job.portal_id)
        assert ids and {c.service_id for c in checks} == ids  # every deep link checked
        assert not [c for c in checks if c.broken]
    assert indexed_ids(tmp_path, "abfa-alborz") == set()

    run_once(tmp_path)  # nothing is due any more: no new jobs, no new crawls
    assert len(registry.jobs()) == 2
    registry.close()


def test_a_failing_portal_does_not_block_the_next(
    province: sandbox.Province, tmp_path: Path
) -> None:
    registry = registry_with(tmp_path, province, "abfa-alborz", "tax-alborz")
    down = registry.enqueue_job("abfa-alborz", "cli")
    gone = registry.enqueue_job("no-such-portal", "cli")
    fine = registry.enqueue_job("tax-alborz", "cli")
    province.stop_portal("abfa-alborz")
    try:
        run_once(tmp_path, parallel_crawls=1)  # one at a time: the failures come first
    finally:
        province.start_portal("abfa-alborz")

    jobs = {job.id: job for job in registry.jobs()}
    assert jobs[down.id].status is JobStatus.FAILED
    assert "connection_refused" in jobs[down.id].error
    assert jobs[gone.id].status is JobStatus.FAILED
    assert "no-such-portal is not registered" in jobs[gone.id].error
    assert jobs[fine.id].status is JobStatus.DONE
    assert indexed_ids(tmp_path, "tax-alborz")
    registry.close()


LINKS_DUE_SECONDS = 0.4


def test_outage_retires_nothing_and_a_removed_service_goes_after_two_crawls(
    province: sandbox.Province, tmp_path: Path
) -> None:
    portal = province.portals["karaj-municipality"]
    registry = registry_with(tmp_path, province, portal.id)

    def crawl_now() -> CrawlReport:
        """A crawl, then (links being due at once) a check of every indexed deep link."""
        job = registry.enqueue_job(portal.id, "cli")
        # Links are checked again once the last check is 0.36 s (1e-4 h) old: wait that long,
        # or a crawl answered quickly by 304s leaves the previous check's status (a CI flake).
        time.sleep(LINKS_DUE_SECONDS)
        run_once(tmp_path, link_check_every_hours=LINKS_DUE_SECONDS / 3600)
        [(run_id, report)] = registry.runs(portal.id, limit=1)
        assert [j.run_id for j in registry.jobs(portal.id) if j.id == job.id] == [run_id]
        return report

    assert crawl_now().status is CrawlStatus.COMPLETE
    everything = indexed_ids(tmp_path, portal.id)

    province.stop_portal(portal.id)
    try:
        down = crawl_now()
    finally:
        province.start_portal(portal.id)
    assert down.status is CrawlStatus.FAILED and down.retired == 0
    assert "nothing retired" in down.retirement
    assert indexed_ids(tmp_path, portal.id) == everything
    assert {c.error for c in registry.link_checks(portal.id)} == {"connection_refused"}

    gone = sandbox.ground_truth(portal.id)[5]
    gone_id = service_id(canonical_url(portal.origin + gone.path))
    assert registry.link_check(gone_id) is not None
    portal.hide(gone.path)
    try:
        once = crawl_now()
        assert (once.status, once.retired, once.missing) == (CrawlStatus.COMPLETE, 0, 1)
        assert once.not_modified > 0  # the unchanged pages cost a 304 and still count as seen
        assert gone_id in indexed_ids(tmp_path, portal.id)
        broken = registry.link_checks(portal.id, broken_only=True)
        assert [(c.service_id, c.error) for c in broken] == [(gone_id, "http_404")]
        twice = crawl_now()
    finally:
        portal.unhide(gone.path)
    assert (twice.status, twice.retired) == (CrawlStatus.COMPLETE, 1)
    assert "retired 1 service(s) missing from 2 consecutive complete crawls" in twice.retirement
    assert indexed_ids(tmp_path, portal.id) == everything - {gone_id}
    assert registry.link_check(gone_id) is None  # a retired service has no link status
    registry.close()


def test_a_job_left_running_by_a_dead_worker_is_run_again(tmp_path: Path) -> None:
    """Within ``dead_after`` (minutes), not twice the crawl timeout (hours): a registrar's
    request taken by a worker that was then killed is not lost."""
    registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    job = registry.enqueue_job("deleted-portal", "admin:1", JobKind.PURGE)
    assert registry.claim_job() is not None  # a worker took it, then died
    time.sleep(1.1)
    run_once(tmp_path, dead_after_seconds=1)
    [again] = registry.jobs()
    assert (again.id, again.status) == (job.id, JobStatus.DONE)
    registry.close()


def dargah(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "GATEWAY_DATA_DIR": str(data_dir),
        "GATEWAY_ALLOW_PRIVATE_ADDRESSES": "true",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "dargah.cli", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_dargah_worker_once_from_the_command_line(
    province: sandbox.Province, tmp_path: Path
) -> None:
    registry = registry_with(tmp_path, province, "abfa-alborz")
    registry.close()
    worker = dargah(tmp_path, "worker", "--once")
    output, _ = worker.communicate(timeout=120)
    assert worker.returncode == 0, output
    assert "abfa-alborz: complete" in output
    registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    [job] = registry.jobs("abfa-alborz")
    assert job.status is JobStatus.DONE
    assert registry.link_checks("abfa-alborz")
    assert (tmp_path / "httpcache" / "abfa-alborz.db").exists()  # the next crawl is conditional
    registry.close()


def test_sigterm_stops_the_worker_gracefully_and_requeues_its_crawl(tmp_path: Path) -> None:
    with sandbox.start_province(host_prefix="127.0.5.", slow_seconds=60) as slow_province:
        registry = registry_with(tmp_path, slow_province, "sabt-alborz")  # has a very slow page
        job = registry.enqueue_job("sabt-alborz", "admin:1")
        worker = dargah(tmp_path, "worker", "--poll", "0.2")
        try:
            deadline = time.monotonic() + 60
            while not registry.runs("sabt-alborz"):  # the crawl has started
                assert worker.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
            worker.send_signal(signal.SIGTERM)
            output, _ = worker.communicate(timeout=60)
        finally:
            if worker.poll() is None:
                worker.kill()
    assert worker.returncode == 0, output
    [(_, report)] = registry.runs("sabt-alborz")
    assert report.status is not CrawlStatus.COMPLETE and report.retired == 0
    first, *_ = registry.jobs("sabt-alborz", status=JobStatus.FAILED)
    assert (first.id, first.error) == (job.id, "interrupted: the worker stopped")
    [queued] = registry.jobs("sabt-alborz", status=JobStatus.QUEUED)
    assert queued.requested_by == "admin:1"  # the next worker runs it
    registry.close()


def test_a_reported_broken_link_has_the_portal_checked_at_once(
    province: sandbox.Province, tmp_path: Path
) -> None:
    registry = registry_with(tmp_path, province, "abfa-alborz")
    run_once(tmp_path)  # crawled and checked on schedule
    before = {c.service_id: c.checked_at for c in registry.link_checks("abfa-alborz")}
    assert before
    asked = registry.enqueue_job("abfa-alborz", "citizen-report", JobKind.LINK_CHECK)

    run_once(tmp_path, link_check_every_hours=1000.0)  # no schedule would check it again

    job = next(j for j in registry.jobs("abfa-alborz") if j.id == asked.id)
    assert job.status is JobStatus.DONE
    after = {c.service_id: c.checked_at for c in registry.link_checks("abfa-alborz")}
    assert set(after) == set(before) and all(after[i] > before[i] for i in before)
    registry.close()


def test_a_job_for_a_portal_crawled_elsewhere_waits_for_that_crawl(
    province: sandbox.Province, tmp_path: Path
) -> None:
    """A registrar's recrawl while `dargah crawl` (or another worker) crawls the portal:
    the job waits for that crawl to end, then runs; it is never run beside it."""
    registry = registry_with(tmp_path, province, "tax-alborz")
    crawled_recently(registry, "tax-alborz")  # not due: only the job asks for a crawl
    elsewhere = registry.start_run("tax-alborz", host=this_host(), pid=os.getpid())
    job = registry.enqueue_job("tax-alborz", "registrar")
    worker = Worker(config(tmp_path, heartbeat_seconds=0.5))
    try:
        for _ in range(2):
            assert worker.tick() is True
            assert worker.crawls == {}
            assert [waiting.id for waiting in worker.waiting] == [job.id]

        # However long that crawl takes, the job this live worker holds stays its own: another
        # worker does not take it for a dead worker's.
        time.sleep(1.2)
        worker.tick()
        assert registry.requeue_stale_jobs(timedelta(seconds=1)) == 0
        registry.finish_run(elsewhere, CrawlReport("tax-alborz", status=CrawlStatus.COMPLETE))
        worker.run(once=True)
    finally:
        worker.registry.close()

    [done] = registry.jobs("tax-alborz")
    assert (done.id, done.status) == (job.id, JobStatus.DONE)
    (run_id, report), *_ = registry.runs("tax-alborz", limit=1)
    assert run_id == done.run_id != elsewhere
    assert report.status is CrawlStatus.COMPLETE
    registry.close()


def test_link_checks_know_which_pages_the_last_complete_crawl_read(tmp_path: Path) -> None:
    """A timeout of a page the last complete crawl read is "could not check" (red team round
    10: a slow portal's working links were marked broken). After a partial or failed crawl
    nothing is known, and a timeout is broken as before."""
    worker = Worker(config(tmp_path))
    registry = worker.registry
    registry.add_portal(
        Registration.parse(
            {"id": "slow-portal", "agency": "اداره کند", "homepage": "https://slow.example.ir/"}
        )
    )
    indexed = {"s1", "s2", "s3"}
    assert worker._read_by_last_crawl("slow-portal", indexed) == set()  # never crawled

    def crawl(status: CrawlStatus) -> None:
        run = registry.start_run("slow-portal")
        registry.finish_run(run, CrawlReport(portal_id="slow-portal", status=status))
        if status is CrawlStatus.COMPLETE:
            registry.record_misses("slow-portal", {"s1", "s2"}, indexed, retire_after=3)

    crawl(CrawlStatus.COMPLETE)
    assert worker._read_by_last_crawl("slow-portal", indexed) == {"s1", "s2"}
    registry.start_run("slow-portal")  # a crawl running now: the last finished one counts
    assert worker._read_by_last_crawl("slow-portal", indexed) == {"s1", "s2"}
    registry.close()


@pytest.mark.parametrize("status", [CrawlStatus.PARTIAL, CrawlStatus.FAILED])
def test_after_an_unfinished_crawl_no_page_counts_as_read(
    tmp_path: Path, status: CrawlStatus
) -> None:
    worker = Worker(config(tmp_path))
    registry = worker.registry
    registry.add_portal(
        Registration.parse(
            {"id": "slow-portal", "agency": "اداره کند", "homepage": "https://slow.example.ir/"}
        )
    )
    for then in (CrawlStatus.COMPLETE, status):
        registry.finish_run(
            registry.start_run("slow-portal"), CrawlReport(portal_id="slow-portal", status=then)
        )
    assert worker._read_by_last_crawl("slow-portal", {"s1"}) == set()
    registry.close()
