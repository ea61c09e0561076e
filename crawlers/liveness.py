"""Crawl runs that end: running crawls heartbeat, and runs whose process is gone are closed.

A crawl killed with SIGKILL, or stopped by a full disk before it could record its end,
used to stay ``running`` forever with an empty report. Now each crawl process writes a
heartbeat (and its report so far) into its run every few seconds, and every start of a
crawl or a worker closes, as FAILED with the reason, the runs whose process is gone:
on this host by their process id, elsewhere by a heartbeat older than ``dead_after``.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawlers.monitor import write_report_file
from registry.reports import CrawlReport

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawlers.context import CrawlContext
    from registry.portals import Registry

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
DEAD_AFTER = timedelta(minutes=5)  # no heartbeat for this long: the crawl is gone


def this_host() -> str:
    return socket.gethostname()


# A process's start is known to the second (the boot time's precision): a run's process
# started this much after the run did is another process that got its pid.
_START_SLACK = timedelta(seconds=2)


def process_gone(pid: int, run_started: datetime | None = None) -> bool:
    """True when no live process has ``pid`` on this host (a zombie is not alive), or when
    the one that has it started after ``run_started``: the crawl that started the run is
    gone and its pid was given to another process, which would hold the portal forever."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # somebody else's process: alive
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[-1].split()
    except OSError:
        return False
    if fields[0] == "Z":
        return True
    if run_started is None:
        return False
    age = _process_age(int(fields[19]))  # field 22 of proc(5): its start, in ticks after boot
    return age is not None and age < datetime.now(UTC) - run_started - _START_SLACK


def _process_age(ticks: int) -> timedelta | None:
    """How long ago a process started, from its start in clock ticks after boot. Measured
    on the boot clock (``/proc/uptime``), so a wall clock set since boot does not matter."""
    try:
        with open("/proc/uptime", encoding="ascii") as uptime:
            up = float(uptime.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return timedelta(seconds=up - ticks / os.sysconf("SC_CLK_TCK"))


def close_abandoned_runs(
    registry: Registry,
    reports_dir: Path | None,
    dead_after: timedelta = DEAD_AFTER,
    now: datetime | None = None,
) -> list[CrawlReport]:
    """Close every running run whose process is gone as FAILED, saying why; their reports.

    A run of this host is gone when its process is (and only then: a live crawl whose
    heartbeat is late is left alone); a run of another host (or one recorded before
    heartbeats) when its last sign of life is older than ``dead_after``.
    """
    now = now or datetime.now(UTC)
    host = this_host()
    closed = []
    for run in registry.running_runs():
        since = run.last_alive.isoformat(timespec="seconds")
        if run.host == host and run.pid is not None:
            if not process_gone(run.pid, run.started_at):
                continue  # alive here, however slow its heartbeat (a locked registry)
            reason = f"the crawl process (pid {run.pid} on {host}) is gone; last heartbeat {since}"
        elif now - run.last_alive > dead_after:
            reason = f"no heartbeat since {since} (more than {dead_after})"
        else:
            continue
        report = registry.close_run(run.id, reason)
        if report is None:
            continue
        logger.warning("closed crawl run %d of %s as failed: %s", run.id, report.portal_id, reason)
        closed.append(report)
        if reports_dir is not None:
            try:
                write_report_file(reports_dir, report)
            except OSError:
                logger.exception("writing the report of abandoned run %d failed", run.id)
    return closed


def start_heartbeat(context: CrawlContext, crawlers: Mapping[str, Crawler], every: float) -> None:
    """Every ``every`` seconds, write each running crawl's heartbeat and report so far.

    The reports are copied in the reactor's thread (the crawl changes them there) and
    written in a thread, so a slow or locked registry never stalls the crawl.
    """
    from scrapy.utils.defer import deferred_from_coro
    from twisted.internet import reactor, task, threads

    def beat() -> Any:
        beats = []
        for crawler in crawlers.values():
            spider: Any = crawler.spider
            state = getattr(spider, "state", None) if crawler.crawling else None
            if state is not None and state.run_id is not None:
                beats.append((state.run_id, CrawlReport.from_dict(state.report.to_dict())))
        if not beats:
            return None
        done = threads.deferToThread(context.registry.heartbeat, beats)
        done.addCallback(stop_removed)
        done.addErrback(lambda failure: logger.warning("heartbeat failed: %s", failure.value))
        return done

    def stop_removed(removed: set[str]) -> None:
        """A portal unregistered during its crawl: stop asking its server for pages (what
        was stored is dropped when the crawl closes, :func:`crawlers.monitor.drop_removed`)."""
        for portal_id in removed:
            crawler = crawlers.get(portal_id)
            if crawler is not None and crawler.crawling and crawler.engine is not None:
                logger.warning("%s was unregistered: its crawl stops", portal_id)
                deferred_from_coro(crawler.engine.close_spider_async(reason="portal_removed"))

    loop = task.LoopingCall(beat)
    reactor.callWhenRunning(loop.start, every, now=False)
