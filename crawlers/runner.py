"""Running crawls: all portals concurrently in one CrawlerProcess.

Twisted's reactor cannot be restarted, so :func:`run_crawls` can run once per
process; callers that crawl repeatedly (tests, schedulers) use
:func:`run_crawls_in_subprocess`.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.reactor import install_reactor, is_reactor_installed

from crawlers import settings as crawl_settings
from crawlers.context import CrawlContext
from crawlers.liveness import (
    DEAD_AFTER,
    HEARTBEAT_SECONDS,
    close_abandoned_runs,
    start_heartbeat,
    this_host,
)
from crawlers.monitor import write_report_file
from crawlers.spiders.portal import PortalSpider
from indexer.backend import BackendUnavailableError
from indexer.backends import BackendSpec
from registry.portals import CrawlAlreadyRunning
from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus

if TYPE_CHECKING:
    from registry.portals import Registry

PROGRESS_EVERY = 5.0  # seconds


def _base_settings(
    overrides: Mapping[str, Any] | None, *, allow_private_addresses: bool
) -> Settings:
    """The process's settings. The private-address switch is set here as well as per portal:
    Scrapy builds the DNS resolver (:mod:`crawlers.resolver`) from these, once per process."""
    settings = Settings()
    settings.setmodule(crawl_settings, priority="project")
    settings.set("DARGAH_ALLOW_PRIVATE_ADDRESSES", allow_private_addresses, priority="project")
    for key in ("LOG_LEVEL", "LOG_ENABLED", "LOG_FILE"):
        if overrides and key in overrides:
            settings.set(key, overrides[key], priority="cmdline")
    return settings


def _failed(portal_id: str, detail: str, kind: str = "crawler_error") -> CrawlReport:
    report = CrawlReport(portal_id=portal_id, status=CrawlStatus.FAILED, finish_reason=detail)
    report.error(kind, detail[:300])
    report.finished_at = datetime.now(UTC)
    return report


def run_crawls(
    registrations: Sequence[Registration],
    *,
    index_dir: Path,
    backend: BackendSpec | None = None,
    registry_url: str,
    reports_dir: Path,
    user_agent: str,
    allow_private_addresses: bool,
    retire_after_misses: int,
    suspect_below: float = 0.5,
    heartbeat_seconds: float = HEARTBEAT_SECONDS,
    dead_after_seconds: float = DEAD_AFTER.total_seconds(),
    http_cache_dir: Path | None = None,
    log_progress: bool = True,
    settings_overrides: Mapping[str, Any] | None = None,
) -> list[CrawlReport]:
    """Crawl every registration once, concurrently; one report per registration, in order.

    With ``http_cache_dir`` the crawl is incremental: pages kept from the last
    crawl are asked for conditionally and unchanged ones cost a 304
    (:mod:`crawlers.revalidate`). A complete crawl finding fewer than
    ``suspect_below`` of the services of the portal's last complete crawl is
    suspect and retires nothing (:mod:`crawlers.monitor`). Each running crawl
    heartbeats every ``heartbeat_seconds``; runs left running by a crawl process
    that is gone are closed as failed first (:mod:`crawlers.liveness`).

    A portal whose crawler cannot even start gets a FAILED report; the
    others carry on. ``settings_overrides`` are Scrapy settings applied over
    the production defaults (tests use them to crawl loopback servers fast).
    """
    from indexer.backends import open_backend
    from registry.portals import Registry

    registry = Registry(registry_url)
    close_abandoned_runs(registry, reports_dir, timedelta(seconds=dead_after_seconds))
    for registration in registrations:
        if registry.get_portal(registration.id) is None:
            registry.add_portal(registration)
    run_ids, not_started = _claim_runs(registry, registrations)
    try:
        search_backend = open_backend(backend or index_dir)
    except BackendUnavailableError as exc:
        return _index_unavailable(registrations, registry, reports_dir, run_ids, not_started, exc)
    context = CrawlContext(
        backend=search_backend,
        registry=registry,
        reports_dir=reports_dir,
        retire_after_misses=retire_after_misses,
        suspect_below=suspect_below,
        run_ids=run_ids,
        reports=dict(not_started),
    )
    base = _base_settings(settings_overrides, allow_private_addresses=allow_private_addresses)
    process = CrawlerProcess(base)
    # Installed here rather than by the first crawler: a portal whose spider cannot be
    # built would otherwise leave the process without a reactor for all the others.
    if not is_reactor_installed():
        install_reactor(base["TWISTED_REACTOR"], base["ASYNCIO_EVENT_LOOP"])
    crawlers: dict[str, Crawler] = {}
    for registration in registrations:
        if registration.id in not_started:
            continue
        settings = base.copy()
        settings.setdict(
            crawl_settings.portal_settings(
                registration.limits,
                user_agent=user_agent,
                allow_private_addresses=allow_private_addresses,
                http_cache_dir=http_cache_dir,
                overrides=settings_overrides,
            ),
            priority="spider",
        )
        crawler = Crawler(PortalSpider, settings)
        crawlers[registration.id] = crawler
        done = process.crawl(crawler, registration=registration, context=context)
        done.addErrback(_crawler_failed, context, registration.id)

    if crawlers:
        start_heartbeat(context, crawlers, heartbeat_seconds)
        if log_progress:
            _start_progress(crawlers)
        process.start()

    reports = []
    for registration in registrations:
        report = context.reports.get(registration.id)
        if report is None:
            report = _failed(registration.id, "the crawler did not run")
            _record_failed(context.registry, reports_dir, run_ids[registration.id], report)
        reports.append(report)
    context.backend.close()
    registry.close()
    return reports


def _claim_runs(
    registry: Registry, registrations: Sequence[Registration]
) -> tuple[dict[str, int], dict[str, CrawlReport]]:
    """Start a run of each portal before crawling it: ``(run ids, reports of the refused)``.

    A portal whose crawl is running already (another ``dargah crawl``, a worker, another
    host) is not crawled a second time: its report says which run holds it, and nothing
    is recorded, so the running crawl's own report stays the portal's latest.
    """
    run_ids: dict[str, int] = {}
    not_started: dict[str, CrawlReport] = {}
    for registration in registrations:
        try:
            run_ids[registration.id] = registry.start_run(
                registration.id, host=this_host(), pid=os.getpid()
            )
        except CrawlAlreadyRunning as exc:
            report = _failed(registration.id, f"not started: {exc}", kind="already_running")
            not_started[registration.id] = report
    return run_ids, not_started


def _record_failed(registry: Registry, reports_dir: Path, run_id: int, report: CrawlReport) -> None:
    try:
        registry.finish_run(run_id, report)
    finally:
        write_report_file(reports_dir, report)


def _index_unavailable(
    registrations: Sequence[Registration],
    registry: Registry,
    reports_dir: Path,
    run_ids: Mapping[str, int],
    not_started: Mapping[str, CrawlReport],
    exc: BackendUnavailableError,
) -> list[CrawlReport]:
    """No portal is crawled while the index cannot store what is found: each gets a FAILED
    run saying why; what the index already holds is untouched (nothing retired)."""
    reports = []
    try:
        for registration in registrations:
            report = not_started.get(registration.id)
            if report is None:
                report = _failed(
                    registration.id, f"search index unavailable, nothing crawled or retired: {exc}"
                )
                _record_failed(registry, reports_dir, run_ids[registration.id], report)
            reports.append(report)
    finally:
        registry.close()
    return reports


def _crawler_failed(failure: Any, context: CrawlContext, portal_id: str) -> None:
    if portal_id in context.reports:
        return
    report = _failed(portal_id, f"crawler failed: {failure.getErrorMessage()}")
    context.reports[portal_id] = report
    _record_failed(context.registry, context.reports_dir, context.run_ids[portal_id], report)


def _start_progress(crawlers: Mapping[str, Crawler]) -> None:
    from twisted.internet import reactor, task

    def show() -> None:
        for portal_id, crawler in crawlers.items():
            if not crawler.crawling:
                continue
            # The report's own counts, so progress and the final summary agree (robots.txt
            # is a request but not a page of the portal).
            report = getattr(getattr(crawler.spider, "state", None), "report", None)
            if report is None:
                continue
            pages, services = report.pages_fetched, report.services_found
            print(f"  {portal_id}: {pages} pages, {services} services", file=sys.stderr, flush=True)

    loop = task.LoopingCall(show)
    reactor.callWhenRunning(loop.start, PROGRESS_EVERY, now=False)


def _child(queue: Any, registrations: list[Registration], options: dict[str, Any]) -> None:
    reports = run_crawls(registrations, **options)
    queue.put([r.to_dict() for r in reports])


def await_child(
    proc: Any, results: Any, timeout: float, what: str, error: type[Exception] = RuntimeError
) -> Any:
    """The one result a spawned child puts on ``results``; the child is reaped either way.

    Raises ``error`` naming ``what`` when the child dies without a result (killed, out of
    memory) or gives none within ``timeout`` seconds.
    """
    import queue as queues
    import time

    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                return results.get(timeout=0.2)
            except queues.Empty:
                if not proc.is_alive() and results.empty():
                    raise error(
                        f"{what} died without a result (exit code {proc.exitcode})"
                    ) from None
                if time.monotonic() > deadline:
                    raise error(f"{what} gave no result in {timeout:.0f} s") from None
    finally:
        proc.join(timeout=10)
        if proc.is_alive():
            proc.kill()


def start_crawls_in_subprocess(
    registrations: Sequence[Registration], **options: Any
) -> tuple[Any, Any]:
    """Start :func:`run_crawls` in a fresh (spawned) process: ``(process, result_queue)``."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(queue, list(registrations), options), daemon=True)
    proc.start()
    return proc, queue


def run_crawls_in_subprocess(
    registrations: Sequence[Registration], *, timeout: float = 300, **options: Any
) -> list[CrawlReport]:
    """:func:`run_crawls` in a fresh process, so it can be called any number of times."""
    proc, results = start_crawls_in_subprocess(registrations, **options)
    data = await_child(proc, results, timeout, "crawl subprocess")
    return [CrawlReport.from_dict(d) for d in data]
