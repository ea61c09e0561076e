"""`dargah worker`: runs queued and scheduled crawls, purges, and link checks.

Everything that fetches from portals runs here, never in the web process: the
API and the CLI only enqueue jobs (:meth:`Registry.enqueue_job`). A portal's
schedule (``schedule.every_hours``) enqueues a job when its last crawl is that
old, so scheduled and requested crawls are one queue and one history.

Isolation: each crawl runs in its own subprocess (Twisted's reactor cannot be
restarted, and a portal that hangs or crashes its crawler must not stop the
others), at most ``parallel_crawls`` at a time and never two of one portal;
a crawl over ``crawl_timeout`` is stopped. Link checks run on background threads, one
per portal, ``parallel_link_checks`` portals at a time on schedule and as many again for
citizens' reports (urgent checks), for a portal only when no crawl of it is pending: a
portal too slow to answer holds one thread, for its budget at most
(:func:`crawlers.linkcheck.portal_budget`), never the others' checks (red team round 11).

A worker dies too (kill -9, power cut): it says every ``heartbeat_seconds`` that the jobs it
holds are alive, and a running job silent for ``dead_after_seconds`` is queued again, for any
worker; a crawl run whose process is gone is closed as failed with the reason
(:mod:`crawlers.liveness`), and one still alive is waited for.

It is also where the usage logs' retention runs: once an hour, query and click log rows
older than ``usage_log_days`` (``GATEWAY_USAGE_LOG_DAYS``) are deleted.

SIGTERM/SIGINT stop it gracefully: no new work is started, running crawls are
asked to stop (Scrapy closes them with reason "shutdown", so their reports are
kept as partial and nothing is retired) and their jobs are queued again.
"""

from __future__ import annotations

import logging
import queue as queues
import signal
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from crawlers.linkcheck import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, Link, check_portal_links
from crawlers.liveness import DEAD_AFTER, HEARTBEAT_SECONDS, close_abandoned_runs
from crawlers.runner import start_crawls_in_subprocess
from indexer.backends import BackendSpec, open_backend
from registry.portals import Registry
from registry.records import CrawlJob, JobKind, JobStatus, LinkCheck
from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus

logger = logging.getLogger(__name__)

SCHEDULE = "schedule"  # requested_by of the jobs the schedule enqueues
STOP_GRACE = 30.0  # seconds a stopping crawl gets to close its report before it is killed
USAGE_RETENTION_EVERY_SECONDS = 3600.0  # how often old query/click log rows are deleted


@dataclass(frozen=True)
class WorkerConfig:
    """Plain arguments, built by the composition root from the settings."""

    registry_url: str
    index_dir: Path
    reports_dir: Path
    user_agent: str
    allow_private_addresses: bool
    retire_after_misses: int
    suspect_below: float = 0.5  # GATEWAY_SUSPECT_BELOW
    heartbeat_seconds: float = HEARTBEAT_SECONDS  # how often a running crawl says it is alive
    # a crawl run or a claimed job silent this long is gone: the run is closed as failed, the
    # job queued again
    dead_after_seconds: float = DEAD_AFTER.total_seconds()
    backend: BackendSpec | None = None
    http_cache_dir: Path | None = None  # conditional recrawls (crawlers.revalidate)
    link_check_every_hours: float = 24.0
    link_check_timeout: float = DEFAULT_TIMEOUT
    link_check_concurrency: int = DEFAULT_CONCURRENCY  # requests at a time to one portal
    # the gateway's public address (GATEWAY_PUBLIC_URL): the link checker's browser view
    # arrives from it, as citizens do ("" sends no Referer)
    gateway_url: str = ""
    parallel_link_checks: int = 2  # portals checked at once on schedule (urgent ones beside)
    crawl_timeout: timedelta = timedelta(hours=3)
    parallel_crawls: int = 2
    poll_seconds: float = 5.0
    usage_log_days: float = 180.0  # GATEWAY_USAGE_LOG_DAYS: older query/click log rows deleted
    settings_overrides: Mapping[str, Any] | None = None  # Scrapy settings (tests: fast crawls)

    def crawl_options(self) -> dict[str, Any]:
        return {
            "index_dir": self.index_dir,
            "backend": self.backend,
            "registry_url": self.registry_url,
            "reports_dir": self.reports_dir,
            "user_agent": self.user_agent,
            "allow_private_addresses": self.allow_private_addresses,
            "retire_after_misses": self.retire_after_misses,
            "suspect_below": self.suspect_below,
            "heartbeat_seconds": self.heartbeat_seconds,
            "dead_after_seconds": self.dead_after_seconds,
            "http_cache_dir": self.http_cache_dir,
            "log_progress": False,
            "settings_overrides": self.settings_overrides,
        }


@dataclass
class _Crawl:
    job: CrawlJob
    process: Any
    results: Any
    deadline: float
    stop_sent_at: float | None = None
    timed_out: bool = False


@dataclass
class _LinkCheck:
    portal_id: str
    future: Future[int]
    job: CrawlJob | None = None  # a queued LINK_CHECK job (a citizen reported a broken link)


@dataclass
class Worker:
    config: WorkerConfig
    registry: Registry = field(init=False)
    crawls: dict[str, _Crawl] = field(default_factory=dict)  # portal id -> running crawl
    waiting: list[CrawlJob] = field(default_factory=list)  # claimed; a crawl of it is running
    link_checks: dict[str, _LinkCheck] = field(default_factory=dict)  # portal id -> running
    last_link_check: dict[str, datetime] = field(default_factory=dict)
    urgent_checks: list[CrawlJob] = field(default_factory=list)  # claimed LINK_CHECK jobs
    stopping: bool = False
    jobs_alive_at: float = float("-inf")  # time.monotonic() of the last keep_jobs_alive
    usage_pruned_at: float = float("-inf")  # time.monotonic() of the last usage log retention

    def __post_init__(self) -> None:
        self.config.reports_dir.mkdir(parents=True, exist_ok=True)
        self.registry = Registry(self.config.registry_url)
        self._wake = threading.Event()

    @property
    def link_check(self) -> _LinkCheck | None:
        """The longest-running link check, if any (one of :attr:`link_checks`)."""
        return next(iter(self.link_checks.values()), None)

    # -- the loop ------------------------------------------------------------------------

    def run(self, *, once: bool = False) -> None:
        """Work until stopped; ``once``: do what is due now, wait for it, and return."""
        restore = self._handle_signals()
        try:
            while True:
                try:
                    busy = self.tick()
                except Exception:  # e.g. the database restarting: try again next round
                    if once:
                        raise
                    logger.exception("worker round failed; trying again")
                    busy = False
                if self.stopping:
                    self._shut_down()
                    return
                if once and not busy:
                    return
                self._wake.wait(0.2 if busy else self.config.poll_seconds)
                self._wake.clear()
        finally:
            restore()
            self.registry.close()

    def stop(self) -> None:
        self.stopping = True
        self._wake.set()

    def tick(self) -> bool:
        """One round; True while anything is running, waiting or still to do."""
        self._keep_jobs_alive()
        requeued = self.registry.requeue_stale_jobs(
            timedelta(seconds=self.config.dead_after_seconds)
        )
        if requeued:
            logger.warning("requeued %d job(s) left running by a worker that died", requeued)
        self._reap_crawls()
        # After reaping: a crawl subprocess that died without its report leaves its run
        # running; closed here (as are the runs of crawls killed before this worker began).
        close_abandoned_runs(
            self.registry,
            self.config.reports_dir,
            timedelta(seconds=self.config.dead_after_seconds),
        )
        self._reap_link_check()
        self._forget_old_usage()
        if self.stopping:
            return True
        self.enqueue_due_crawls()
        self._start_jobs()
        self._start_link_check()
        queued = self.registry.jobs(status=JobStatus.QUEUED, limit=1)
        busy = self.crawls or self.waiting or self.link_checks or self.urgent_checks
        return bool(busy or queued)

    def _forget_old_usage(self) -> None:
        """Retention of the usage logs: rows older than ``usage_log_days`` go, once an hour."""
        if time.monotonic() - self.usage_pruned_at < USAGE_RETENTION_EVERY_SECONDS:
            return
        self.usage_pruned_at = time.monotonic()
        cutoff = datetime.now(UTC) - timedelta(days=self.config.usage_log_days)
        if gone := self.registry.forget_usage_before(cutoff):
            logger.info("deleted %d usage log rows older than %s", gone, cutoff.date())

    def _keep_jobs_alive(self) -> None:
        """Say the jobs this worker holds are alive, every ``heartbeat_seconds`` at most."""
        if time.monotonic() - self.jobs_alive_at < self.config.heartbeat_seconds:
            return
        held = [crawl.job for crawl in self.crawls.values()] + self.waiting + self.urgent_checks
        held += [check.job for check in self.link_checks.values() if check.job is not None]
        self.registry.keep_jobs_alive([job.id for job in held])
        self.jobs_alive_at = time.monotonic()

    # -- schedules ------------------------------------------------------------------------

    def enqueue_due_crawls(self, now: datetime | None = None) -> list[str]:
        """Queue a crawl of every enabled portal whose last crawl is older than its schedule."""
        now = now or datetime.now(UTC)
        due = []
        for reg in self.registry.list_portals():
            if not reg.enabled or reg.id in self.crawls:
                continue
            last = self._last_crawl_activity(reg.id)
            if last is None or now - last >= timedelta(hours=reg.schedule.every_hours):
                self.registry.enqueue_job(reg.id, SCHEDULE)
                due.append(reg.id)
        return due

    def _last_crawl_activity(self, portal_id: str) -> datetime | None:
        """The last time a crawl of the portal started or was asked for (even if it failed)."""
        times = [self.registry.last_run_started(portal_id)]
        for job in self.registry.jobs(portal_id, limit=5):
            if job.kind is JobKind.CRAWL:
                times += [job.requested_at, job.started_at]
        known = [t for t in times if t is not None]
        return max(known) if known else None

    # -- jobs -------------------------------------------------------------------------------

    def _start_jobs(self) -> None:
        busy = self._being_crawled()
        for job in list(self.waiting):
            if job.portal_id not in busy and self._free_slot():
                self.waiting.remove(job)
                self._start_crawl(job)
                busy.add(job.portal_id)
        while self._free_slot():
            claimed = self.registry.claim_job()
            if claimed is None:
                return
            if claimed.kind is JobKind.PURGE:
                self._purge(claimed)
            elif claimed.kind is JobKind.LINK_CHECK:
                self.urgent_checks.append(claimed)
            elif claimed.portal_id in busy:
                if all(job.id != claimed.id for job in self.waiting):
                    self.waiting.append(claimed)
            else:
                self._start_crawl(claimed)
                busy.add(claimed.portal_id)

    def _being_crawled(self) -> set[str]:
        """Portals crawled now: by this worker, or by anyone else (``dargah crawl``, another
        worker or host); a job for one waits for that crawl to end, not beside it."""
        return set(self.crawls) | {run.portal_id for run in self.registry.running_runs()}

    def _free_slot(self) -> bool:
        return len(self.crawls) < self.config.parallel_crawls

    def _start_crawl(self, job: CrawlJob) -> None:
        reg = self.registry.get_portal(job.portal_id)
        if reg is None or not reg.enabled:
            state = "not registered" if reg is None else "disabled"
            self.registry.finish_job(job.id, ok=False, error=f"portal {job.portal_id} is {state}")
            return
        try:
            process, results = start_crawls_in_subprocess([reg], **self.config.crawl_options())
        except Exception as exc:  # e.g. out of processes: this job fails, the worker goes on
            logger.exception("could not start the crawl of %s", reg.id)
            self.registry.finish_job(job.id, ok=False, error=f"crawl did not start: {exc}")
            return
        deadline = time.monotonic() + self.config.crawl_timeout.total_seconds()
        self.crawls[reg.id] = _Crawl(job, process, results, deadline)
        logger.info("crawling %s (job %d, requested by %s)", reg.id, job.id, job.requested_by)

    def _reap_crawls(self) -> None:
        for portal_id, crawl in list(self.crawls.items()):
            report = _result(crawl)
            if report is None and crawl.process.is_alive():
                self._stop_if_needed(crawl)
                continue
            if report is None:  # exited: its report may still be on the way through the pipe
                report = _result(crawl, wait=1.0)
            crawl.process.join(5)
            del self.crawls[portal_id]
            self._finish_crawl(crawl, report)

    def _stop_if_needed(self, crawl: _Crawl) -> None:
        now = time.monotonic()
        if crawl.stop_sent_at is None and (self.stopping or now > crawl.deadline):
            crawl.timed_out = not self.stopping
            crawl.stop_sent_at = now
            crawl.process.terminate()  # SIGTERM: Scrapy closes the crawl and keeps its report
        elif crawl.stop_sent_at is not None and now - crawl.stop_sent_at > STOP_GRACE:
            crawl.process.kill()

    def _finish_crawl(self, crawl: _Crawl, report: CrawlReport | None) -> None:
        job = crawl.job
        runs = self.registry.runs(job.portal_id, limit=1)
        run_id = runs[0][0] if runs and report is not None else None
        if crawl.stop_sent_at is not None and not crawl.timed_out:
            self.registry.finish_job(job.id, ok=False, error="interrupted: the worker stopped")
            self.registry.enqueue_job(job.portal_id, job.requested_by)  # the next worker runs it
            logger.info("crawl of %s interrupted; queued again", job.portal_id)
            return
        if report is None:
            error = f"crawl process ended without a report (exit code {crawl.process.exitcode})"
            if crawl.timed_out:
                error = f"crawl stopped after {self.config.crawl_timeout}"
            self.registry.finish_job(job.id, ok=False, error=error)
            logger.error("crawl of %s: %s", job.portal_id, error)
            return
        error = ""
        if crawl.timed_out:
            error = f"crawl stopped after {self.config.crawl_timeout}: {report.summary()}"
        elif report.status is CrawlStatus.FAILED:
            error = "; ".join(report.error_samples[:3]) or report.finish_reason or "crawl failed"
        self.registry.finish_job(job.id, ok=not error, error=error, run_id=run_id)
        logger.info("%s", report.summary())

    def _purge(self, job: CrawlJob) -> None:
        """Drop a deleted portal's services (and its link checks and page cache)."""
        if self.registry.get_portal(job.portal_id) is not None:
            self.registry.finish_job(job.id, ok=True)  # registered again since: keep them
            return
        try:
            backend = open_backend(self.config.backend or self.config.index_dir)
            try:
                ids = list(backend.portal_hashes(job.portal_id))
                backend.delete(ids)
            finally:
                backend.close()
            self.registry.forget_link_checks(ids)
            if self.config.http_cache_dir is not None:
                for path in self.config.http_cache_dir.glob(f"{job.portal_id}.db*"):
                    path.unlink()
        except Exception as exc:
            logger.exception("purging %s failed", job.portal_id)
            self.registry.finish_job(job.id, ok=False, error=f"purge failed: {exc}")
            return
        self.registry.finish_job(job.id, ok=True)
        logger.info("purged %s: %d services dropped", job.portal_id, len(ids))

    # -- link checks ------------------------------------------------------------------------

    def _start_link_check(self, now: datetime | None = None) -> None:
        """Start the link checks due: citizens' reports first, on slots of their own (a
        scheduled check of a slow portal must not keep them waiting), then the schedule's."""
        slots = max(1, self.config.parallel_link_checks)
        urgent = sum(1 for check in self.link_checks.values() if check.job is not None)
        for job in list(self.urgent_checks):
            if urgent >= slots:
                break
            if job.portal_id in self.link_checks:
                continue  # being checked: asked again once that check ends
            self.urgent_checks.remove(job)
            reg = self.registry.get_portal(job.portal_id)
            if reg is None or not reg.enabled:
                self.registry.finish_job(job.id, ok=False, error=f"portal {job.portal_id} gone")
                continue
            self.link_checks[reg.id] = _LinkCheck(reg.id, self._in_background(reg), job)
            urgent += 1
        scheduled = len(self.link_checks) - urgent
        if scheduled >= slots:
            return
        now = now or datetime.now(UTC)
        every = timedelta(hours=self.config.link_check_every_hours)
        pending = {j.portal_id for j in self.registry.jobs(status=JobStatus.QUEUED, limit=500)}
        pending |= set(self.crawls) | {j.portal_id for j in self.waiting}
        pending |= set(self.link_checks) | {j.portal_id for j in self.urgent_checks}
        for reg in self.registry.list_portals():
            if scheduled >= slots:
                return
            if not reg.enabled or reg.id in pending:
                continue
            last = self._last_link_check_of(reg.id)
            if last is None or now - last >= every:
                self.link_checks[reg.id] = _LinkCheck(reg.id, self._in_background(reg))
                scheduled += 1

    def _in_background(self, reg: Registration) -> Future[int]:
        """A daemon thread: stopping the worker never waits for a link check to end
        (an unfinished check records nothing; its transaction is all or nothing)."""
        future: Future[int] = Future()

        def run() -> None:
            try:
                future.set_result(self._check_links(reg))
            except BaseException as exc:
                future.set_exception(exc)

        threading.Thread(target=run, name=f"linkcheck-{reg.id}", daemon=True).start()
        return future

    def _last_link_check_of(self, portal_id: str) -> datetime | None:
        checks = self.registry.link_checks(portal_id)
        times = [c.checked_at for c in checks]
        if portal_id in self.last_link_check:
            times.append(self.last_link_check[portal_id])
        return max(times) if times else None

    def _check_links(self, reg: Registration) -> int:
        """On the link-check thread: check every indexed deep link of one portal."""
        backend = open_backend(self.config.backend or self.config.index_dir, readonly=True)
        try:
            docs = [(doc.id, doc.url) for doc in backend.documents([reg.id])]
        finally:
            backend.close()
        crawled = self._read_by_last_crawl(reg.id, {sid for sid, _ in docs})
        links = [Link(sid, url, crawled=sid in crawled) for sid, url in docs]
        checks = check_portal_links(
            reg,
            links,
            user_agent=self.config.user_agent,
            allow_private_addresses=self.config.allow_private_addresses,
            timeout=self.config.link_check_timeout,
            concurrency=self.config.link_check_concurrency,
            gateway_url=self.config.gateway_url,
        )
        self.registry.record_link_checks(
            _keeping_sent_away(checks, self.registry.link_checks(reg.id))
        )
        away = [c for c in checks if c.error.startswith(LinkCheck.BROWSER_SENT_AWAY)]
        if away:  # the crawl's «sent_away» alert, which the next crawl raises too
            logger.warning(
                "link check of %s: %d page(s) send browsers off the portal while showing robots"
                " the page (%s to %s; a hijacked portal?): their links are marked broken",
                reg.id,
                len(away),
                away[0].url,
                away[0].final_url,
            )
        refused = [c for c in checks if c.config_problem]
        if refused:
            logger.warning(
                "link check of %s: %d link(s) not checked, the settings forbid their address"
                " (%s); not marked broken. For a sandbox on loopback/private addresses set"
                " GATEWAY_ALLOW_PRIVATE_ADDRESSES=true",
                reg.id,
                len(refused),
                refused[0].error,
            )
        indexed = {link.service_id for link in links}
        gone = {c.service_id for c in self.registry.link_checks(reg.id)} - indexed
        self.registry.forget_link_checks(sorted(gone))
        return sum(c.broken for c in checks)

    def _read_by_last_crawl(self, portal_id: str, indexed: set[str]) -> set[str]:
        """The services whose page the portal's last finished crawl read: a timeout of one
        of them is "could not check", not broken (the portal was slow; it served the crawl).

        Only a complete crawl says so: it saw every indexed service but those it counted
        missing. After a partial, failed or suspect one nothing is known, and a timeout is
        broken as before (a portal that stopped answering is still found out)."""
        for _, report in self.registry.runs(portal_id, limit=5):
            if report.status is CrawlStatus.RUNNING:
                continue
            if report.status is CrawlStatus.COMPLETE:
                return indexed - set(self.registry.miss_counts(portal_id))
            break
        return set()

    def _reap_link_check(self) -> None:
        for portal_id, check in list(self.link_checks.items()):
            if check.future.done():
                del self.link_checks[portal_id]
                self._finish_link_check(check)

    def _finish_link_check(self, check: _LinkCheck) -> None:
        self.last_link_check[check.portal_id] = datetime.now(UTC)
        try:
            broken = check.future.result()
            logger.info("link check of %s: %d broken", check.portal_id, broken)
            if check.job is not None:
                self.registry.finish_job(check.job.id, ok=True)
        except Exception as exc:  # one portal's failure never stops the others
            logger.exception("link check of %s failed", check.portal_id)
            if check.job is not None:
                self.registry.finish_job(check.job.id, ok=False, error=str(exc)[:300])

    # -- stopping ---------------------------------------------------------------------------

    def _shut_down(self) -> None:
        for job in self.waiting:
            self.registry.finish_job(job.id, ok=False, error="interrupted: the worker stopped")
            self.registry.enqueue_job(job.portal_id, job.requested_by)
        self.waiting.clear()
        while self.crawls:
            self._reap_crawls()
            time.sleep(0.1)

    def _handle_signals(self) -> Any:
        if threading.current_thread() is not threading.main_thread():
            return lambda: None

        def handler(signum: int, frame: FrameType | None) -> None:
            logger.info("received %s: finishing up", signal.Signals(signum).name)
            self.stop()

        previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}

        def restore() -> None:
            for signum, old in previous.items():
                signal.signal(signum, old)

        return restore


def _keeping_sent_away(checks: list[LinkCheck], before: list[LinkCheck]) -> list[LinkCheck]:
    """The new checks, but for a link the last crawl found sending its visitors off to
    another site by its script or a meta refresh (``offsite_redirect``, crawlers.monitor):
    the checker reads no page, so its plain 200 says nothing of that and keeps the mark
    (red team round 11). The next crawl that reads the page clean clears it."""
    sent_away = {c.service_id: c for c in before if c.error == "offsite_redirect"}
    return [
        sent_away[c.service_id] if c.service_id in sent_away and not (c.error or c.final_url) else c
        for c in checks
    ]


def _result(crawl: _Crawl, wait: float = 0.0) -> CrawlReport | None:
    try:
        data = crawl.results.get(timeout=wait) if wait else crawl.results.get_nowait()
    except queues.Empty:
        return None
    return CrawlReport.from_dict(data[0])
