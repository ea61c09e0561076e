"""The registry as the web process uses it: nothing on a citizen's request waits on a lock.

Two things make a plain :class:`Registry` slow or blocking on the request path:

* usage logs are *writes*, and a SQLite write waits (up to ``busy_timeout``) for
  any other process holding the write lock (a crawl committing, a registrar
  command). Here :meth:`log_query` and :meth:`log_click` only append to a
  bounded in-memory queue; a background thread writes them in batches. When
  the queue is full (the database has been unavailable for long) entries are
  dropped and counted, never waited for. Audit entries written for a request (a
  failed sign-in) go through the same queue (:meth:`queue_audit`): they are retried
  while the database is locked, and any the full queue could not take are counted
  and the count itself is written to the audit log (``audit_entries_dropped``).
* every search and redirect *reads* the same few rows (registered portals and
  their domains, broken-link marks). These are held in memory and reloaded
  when the database changed: on SQLite, ``PRAGMA data_version`` on a private
  connection tells cheaply (without a lock) whether anyone committed since;
  elsewhere a short time-to-live bounds how stale they can be.

Unregistering a portal therefore still stops its links at the next request.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from registry.portals import Registry
from registry.records import LinkCheck
from registry.registration import Registration
from registry.search_rules import SearchRule
from registry.store import now

logger = logging.getLogger(__name__)

DEFAULT_QUEUE_SIZE = 10_000
DEFAULT_BATCH = 500
DEFAULT_FLUSH_SECONDS = 0.5
DEFAULT_TTL_SECONDS = 2.0  # only where no change marker exists (not SQLite)
MAX_CACHED_CHECKS = 50_000


@dataclass(frozen=True)
class QueryEntry:
    text: str
    results: int
    at: datetime
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClickEntry:
    service_id: str
    at: datetime


@dataclass
class UsageCounters:
    """What happened to the usage logs since the process started (for /api/health)."""

    queued: int = 0
    written: int = 0
    dropped: int = 0
    audit_dropped: int = 0  # audit entries the full queue could not take (recorded as a count)


@dataclass(frozen=True)
class _Snapshot:
    portals: tuple[Registration, ...]
    by_id: Mapping[str, Registration]
    broken: Mapping[str, LinkCheck]
    marker: object
    loaded_at: float  # when its reading began: what it holds is at least this fresh
    # the portals' update stamps it was read with: kept with the portals they describe, so
    # a reload that read before a change and is installed after a newer one is still stale
    stamps: object = None
    rules: tuple[SearchRule, ...] = ()  # the registrar's synonyms and best bets
    # latest check per service, filled as /go asks (None: never checked); dropped with the
    # snapshot, i.e. whenever the database changed
    checks: dict[str, LinkCheck | None] = field(default_factory=dict)


@dataclass(frozen=True)
class _Write:
    """A citizen's write (a rating, a problem report) done by the writer thread."""

    write: Callable[[Registry], object]
    keep: bool = False  # an audit entry: retried while the database is locked, never lost


class _Flush:
    """A marker put in the queue: the writer sets it once everything before it is written."""

    def __init__(self) -> None:
        self.done = threading.Event()


def _locked(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "locked" in text or "busy" in text


class ServingRegistry(Registry):
    """A :class:`Registry` whose usage logs never block and whose hot reads are cached.

    Call :meth:`start` before serving and :meth:`close` after (the app's
    lifespan does); :meth:`flush` waits for the queued logs to be written.
    """

    def __init__(
        self,
        url: str,
        *,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        batch: int = DEFAULT_BATCH,
        flush_seconds: float = DEFAULT_FLUSH_SECONDS,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
    ) -> None:
        super().__init__(url)
        self._queue: queue.Queue[QueryEntry | ClickEntry | _Write | _Flush | None] = queue.Queue(
            maxsize=queue_size
        )
        self._batch = batch
        self._flush_seconds = flush_seconds
        self._ttl = ttl_seconds
        self._writer: threading.Thread | None = None
        self._stopping = threading.Event()
        self.usage = UsageCounters()
        self._unrecorded_audits = 0  # dropped audit entries not yet counted in the audit log
        self._audit_lock = threading.Lock()
        self._snapshot: _Snapshot | None = None
        self._version = 0
        self._lock = threading.Lock()
        self._marker_conn: sqlite3.Connection | None = None
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            # a private read-only connection that never writes: data_version changes
            # exactly when some other connection (any process) committed
            path = Path(parsed.database or "").resolve()
            self._marker_conn = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, check_same_thread=False
            )

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        """Load the cached reads and start the log writer (before accepting connections)."""
        self._fresh()
        if self._writer is None:
            self._writer = threading.Thread(
                target=self._write_loop, name="dargah-usage-log", daemon=True
            )
            self._writer.start()

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until every log queued so far is written (or dropped); False on timeout."""
        if self._writer is None or not self._writer.is_alive():
            return self._queue.empty()
        marker = _Flush()
        try:
            self._queue.put(marker, timeout=timeout)
        except queue.Full:
            return False
        return marker.done.wait(timeout)

    def close(self) -> None:
        if self._writer is not None:
            self._stopping.set()
            try:
                self._queue.put(None, timeout=30)  # write what is queued, then stop
            except queue.Full:
                logger.warning("usage log queue still full at shutdown; unwritten logs lost")
            self._writer.join(timeout=35)
            self._writer = None
        with self._lock:
            if self._marker_conn is not None:
                self._marker_conn.close()
                self._marker_conn = None
        super().close()

    # -- usage logs: queued, never waited for -----------------------------------------------

    def log_query(self, text: str, result_count: int, **extra: Any) -> None:
        """Queue one search for the log; extra keywords are stored in columns of that name."""
        self._enqueue(QueryEntry(text, result_count, now(), dict(extra)))

    def log_click(self, service_id: str, **extra: Any) -> None:
        del extra  # nothing else is kept about a click
        self._enqueue(ClickEntry(service_id, now()))

    def queue_write(self, write: Callable[[Registry], object]) -> bool:
        """Queue a citizen's write for the writer thread: a request never waits on the write
        lock (a crawl committing), nor holds a thread and a connection while it waits.
        False when the queue is full: the citizen is told to try again later."""
        try:
            self._queue.put_nowait(_Write(write))
        except queue.Full:
            logger.warning("write queue full (registry unavailable?): a citizen's write refused")
            return False
        return True

    def queue_audit(
        self, actor: str, action: str, target: str, detail: Mapping[str, Any] | None = None
    ) -> None:
        """Queue an audit entry (stamped now) for the writer thread; never waits. When the
        queue is full it is counted, and the count is audited once the writer can."""
        at, kept = now(), dict(detail or {})
        entry = _Write(lambda r: r.audit(actor, action, target, kept, at=at), keep=True)
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            with self._audit_lock:
                self.usage.audit_dropped += 1
                self._unrecorded_audits += 1
            logger.warning("write queue full: an audit entry (%s) dropped and counted", action)

    def _enqueue(self, entry: QueryEntry | ClickEntry) -> None:
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            self.usage.dropped += 1
            if self.usage.dropped % 1000 == 1:
                logger.warning(
                    "usage log queue full (registry unavailable?): %d entries dropped so far",
                    self.usage.dropped,
                )
            return
        self.usage.queued += 1

    def _write_loop(self) -> None:
        stopping = False
        while not stopping:
            try:
                first = self._queue.get(timeout=self._flush_seconds)
            except queue.Empty:
                continue
            items = [first]
            while len(items) < self._batch:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            queries = [i for i in items if isinstance(i, QueryEntry)]
            clicks = [i for i in items if isinstance(i, ClickEntry)]
            writes = [i for i in items if isinstance(i, _Write)]
            for write in writes:
                self._do(write)
            self._record_dropped_audits()
            if queries or clicks:
                self._write(queries, clicks)
            if queries or clicks or writes:
                # our own commit changed the marker: re-read here, in this thread, so the
                # next request finds a fresh snapshot instead of reloading on its own time
                try:
                    self._fresh()
                except Exception as exc:
                    logger.warning("could not refresh the registry cache: %s", exc)
            for item in items:
                if isinstance(item, _Flush):
                    item.done.set()
                elif item is None:
                    stopping = True

    def _do(self, write: _Write) -> None:
        try:
            self._retrying(write)
        except Exception as exc:  # a broken write must not stop the writer
            if write.keep:
                with self._audit_lock:
                    self.usage.audit_dropped += 1
                    self._unrecorded_audits += 1
                logger.warning("an audit entry could not be written (counted): %s", exc)
            else:
                logger.warning("a citizen's write failed: %s", exc)

    def _retrying(self, write: _Write) -> None:
        """One queued write; an audit entry is tried again while the database is locked
        (each try waits up to the busy timeout), until it is written or the process stops."""
        while True:
            try:
                write.write(self)
                return
            except OperationalError as exc:
                if not write.keep or not _locked(exc) or self._stopping.is_set():
                    raise
                logger.warning("registry locked; an audit entry will be tried again: %s", exc)
                time.sleep(self._flush_seconds)

    def _record_dropped_audits(self) -> None:
        """Audit how many entries were dropped since that was last written."""
        with self._audit_lock:
            count, self._unrecorded_audits = self._unrecorded_audits, 0
        if not count:
            return
        detail = {"count": count}
        record = _Write(
            lambda r: r.audit("gateway", "audit_entries_dropped", "audit_log", detail), keep=True
        )
        try:
            self._retrying(record)
        except Exception as exc:
            with self._audit_lock:
                self._unrecorded_audits += count  # said at the next chance
            logger.warning("could not audit %d dropped audit entries: %s", count, exc)

    def _write(self, queries: Sequence[QueryEntry], clicks: Sequence[ClickEntry]) -> None:
        """Each kind in its own transaction, so one broken table does not lose the other."""
        if queries:
            try:
                self.log_queries([(q.text, q.results, q.at, q.extra) for q in queries])
                self.usage.written += len(queries)
            except Exception as exc:  # the log must never take the server down
                self.usage.dropped += len(queries)
                logger.warning("could not log a search query (%d dropped): %s", len(queries), exc)
        if clicks:
            try:
                self.log_clicks([(c.service_id, c.at) for c in clicks])
                self.usage.written += len(clicks)
            except Exception as exc:
                self.usage.dropped += len(clicks)
                logger.warning("could not log a click (%d dropped): %s", len(clicks), exc)

    # -- cached reads -------------------------------------------------------------------

    def _marker(self) -> object:
        with self._lock:
            if self._marker_conn is None:
                return None
            try:
                return self._marker_conn.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error:
                return None

    def _fresh(self) -> _Snapshot:
        # the marker and the clock are read before anything else: a snapshot is never
        # labelled newer than what it holds. Two threads may reload at once (a request's and
        # the log writer's) and the older may be installed last; its older marker then makes
        # the next read reload again.
        started = time.monotonic()
        marker = self._marker()
        snap = self._snapshot
        if snap is not None and marker is not None and marker == snap.marker:
            return snap
        if snap is not None and marker is None and time.monotonic() - snap.loaded_at < self._ttl:
            return snap
        # the usage log's own commits change the marker too: re-read only the portals'
        # update stamps, and parse registrations again only when they changed
        stamps = self.portal_stamps()
        if snap is not None and stamps == snap.stamps:
            portals = snap.portals
        else:
            portals = tuple(super().list_portals())
        broken = {c.service_id: c for c in super().link_checks(broken_only=True)}
        rules = tuple(super().search_rules())
        changed = snap is None or portals is not snap.portals or broken != snap.broken
        if changed or snap is None or rules != snap.rules:
            self._version += 1
        snap = _Snapshot(
            portals, {p.id: p for p in portals}, broken, marker, started, stamps, rules
        )
        self._snapshot = snap
        return snap

    def version(self) -> int:
        """Changes whenever the cached portals, broken-link marks or search rules changed (not
        on usage logs).

        The gateway keys cached search answers (which carry broken marks) by it.
        """
        self._fresh()
        return self._version

    def list_portals(self) -> list[Registration]:
        return list(self._fresh().portals)

    def cached_search_rules(self) -> list[SearchRule]:
        """The rules as of the database's last change: a new rule applies to the next search,
        and the answers cached under :meth:`version` never outlive it."""
        return list(self._fresh().rules)

    def get_portal(self, portal_id: str) -> Registration | None:
        return self._fresh().by_id.get(portal_id)

    def broken_links(self, service_ids: Sequence[str]) -> dict[str, LinkCheck]:
        broken = self._fresh().broken
        return {sid: broken[sid] for sid in service_ids if sid in broken}

    def link_check(self, service_id: str) -> LinkCheck | None:
        snap = self._fresh()
        if service_id in snap.broken:
            return snap.broken[service_id]
        if service_id in snap.checks:
            return snap.checks[service_id]
        found = super().link_check(service_id)
        if len(snap.checks) >= MAX_CACHED_CHECKS:
            snap.checks.clear()
        snap.checks[service_id] = found
        return found

    def broken_link(self, service_id: str) -> LinkCheck | None:
        """The latest check of a broken deep link; None when it works or was never checked."""
        return self._fresh().broken.get(service_id)
