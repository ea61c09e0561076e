"""The registry: registered portals, crawl runs and the miss counts that retire services.

SQLAlchemy Core on a database URL: a SQLite file by default (WAL mode, so the
web process reads while a crawl process writes), PostgreSQL by URL. Opening a
registry migrates it to the newest schema (Alembic, :mod:`registry.migrate`).
Tables are in :mod:`registry.schema`; agencies, tokens and the audit log, the
catalogues, and the job queue, link checks and usage logs are separate parts
(mixins) of the one :class:`Registry`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import create_engine, delete, event, false, insert, select, text, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError

from registry import migrate
from registry.access import AccessStore, audit_in
from registry.catalogues import CatalogueStore
from registry.feedback import FeedbackStore
from registry.jobs import OpsStore, enqueue_in
from registry.records import CrawlJob, JobKind
from registry.registration import Registration, ascii_host, domain_allowed, domains_overlap
from registry.reports import CrawlReport, CrawlStatus
from registry.schema import agencies, misses, portals, runs
from registry.search_rules import SearchRulesStore
from registry.store import as_dict
from registry.topics import TopicStore

logger = logging.getLogger(__name__)

_CHUNK = 500  # ids per IN (...) clause: well under every database's parameter limit
_PORTALS_LOCK = 4_242_0008  # PostgreSQL advisory lock id: one registration checked at a time


class RegistryError(ValueError):
    """A registry operation was refused; the message names the portal or run, in English
    (``str``) and in Persian (``fa``); ``field`` is the registration's field at fault."""

    def __init__(self, message: str, fa: str = "", field: str = "") -> None:
        super().__init__(message)
        self.fa = fa or f"درخواست پذیرفته نشد: {message}"
        self.field = field


class PortalOverlap(RegistryError):
    """A registration's domains cover another portal's: ``overlaps`` names them as
    (portal, its domain, the registration's domain)."""

    def __init__(self, reg: Registration, overlaps: list[tuple[Registration, str, str]]) -> None:
        self.overlaps = overlaps
        other, theirs, mine = overlaps[0]
        super().__init__(
            f"portal {reg.id!r} has allowed_domains {mine!r} overlapping {theirs!r} of"
            f" portal {other.id!r}"
        )


class CrawlAlreadyRunning(RegistryError):
    """A crawl of the portal is running already (in this process or any other, on any host).

    Two crawls of one portal at once would double the load on the agency's server and
    count each missing service twice; the database keeps one (revision 0008).
    """

    def __init__(self, portal_id: str, running: RunningRun | None) -> None:
        self.portal_id, self.running = portal_id, running
        where = ""
        if running is not None:
            where = f": run {running.id}"
            if running.pid is not None:
                where += f", process {running.pid} on {running.host or 'an unknown host'}"
            where += f", last heartbeat {running.last_alive.isoformat(timespec='seconds')}"
        super().__init__(f"a crawl of {portal_id} is already running{where}")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Registry(AccessStore, CatalogueStore, OpsStore, TopicStore, FeedbackStore, SearchRulesStore):
    """Portals and crawl history behind one database URL."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        sqlite_file = None
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            sqlite_file = Path(parsed.database or "")
            sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        self._engine: Engine = create_engine(url)
        if parsed.get_backend_name() == "sqlite":
            event.listen(self._engine, "connect", _sqlite_pragmas)
        try:
            migrate.upgrade(self._engine, sqlite_file)
        except OperationalError as exc:  # SQLite's «unable to open database file», a full disk
            self._engine.dispose()
            where = sqlite_file or parsed.render_as_string(hide_password=True)
            raise RegistryError(
                f"the registry database {where} cannot be opened: {exc.orig}. Its directory"
                " must exist and be writable (not a read-only filesystem), with room on its"
                " disk (GATEWAY_DATA_DIR, GATEWAY_DATABASE_URL)"
            ) from exc

    def close(self) -> None:
        self._engine.dispose()

    def queue_write(self, write: Callable[[Registry], object]) -> bool:
        """A write the caller need not wait for (a citizen's rating): written here at once;
        the web process's registry queues it instead (:mod:`registry.serving`). False when
        it could not even be queued."""
        write(self)
        return True

    def queue_audit(
        self, actor: str, action: str, target: str, detail: dict[str, Any] | None = None
    ) -> None:
        """An audit entry the caller need not wait for (a failed sign-in): written here at
        once; the web process's registry queues it and never loses it silently
        (:meth:`registry.serving.ServingRegistry.queue_audit`)."""
        self.audit(actor, action, target, detail)

    # -- portals ---------------------------------------------------------------

    def add_portal(
        self,
        reg: Registration,
        *,
        replace: bool = False,
        agency_id: str | None = None,
        refuse_overlaps: bool = False,
    ) -> None:
        """Register a portal; refuses an existing id unless ``replace``.

        The portal belongs to ``agency_id``, else to the registration's ``agency_id``;
        without either a new portal is its own agency (id = portal id, named by
        ``reg.agency``) and an updated one keeps its agency. A named agency that does not
        exist yet is created. Portal, agency and ownership change in one transaction.

        With ``refuse_overlaps`` a registration whose domains overlap another portal's is
        refused (:class:`PortalOverlap`), checked under the portals' write lock: two
        overlapping registrations sent at once cannot both pass the check.
        """
        now = datetime.now(UTC)
        row = {"agency": reg.agency, "document": reg.model_dump(mode="json"), "updated_at": now}
        owner = agency_id or reg.agency_id
        with self._engine.begin() as conn:
            if refuse_overlaps:
                self._lock_portals(conn)
                overlaps = _overlaps(conn, reg)
                if overlaps:
                    raise PortalOverlap(reg, overlaps)
            if replace:
                kept = conn.execute(
                    select(portals.c.agency_id).where(portals.c.id == reg.id)
                ).first()
                if kept is not None:
                    owner = owner or kept[0] or reg.id
                    self._ensure_agency(conn, owner, reg.agency)
                    conn.execute(
                        update(portals).where(portals.c.id == reg.id).values(agency_id=owner, **row)
                    )
                    return
            owner = owner or reg.id
            self._ensure_agency(conn, owner, reg.agency)
            try:  # a refusal rolls the whole transaction back, the new agency with it
                conn.execute(
                    insert(portals).values(id=reg.id, registered_at=now, agency_id=owner, **row)
                )
            except IntegrityError as exc:
                raise RegistryError(
                    f"portal {reg.id!r} is already registered (use replace to update it)",
                    f"وبگاهی با شناسه «{reg.id}» از پیش ثبت شده است؛ برای ویرایش آن، ثبتش را"
                    " جایگزین کنید (PUT)، یا شناسه دیگری برگزینید.",
                    "id",
                ) from exc

    @staticmethod
    def _ensure_agency(conn: Connection, agency_id: str, name: str) -> None:
        """Before the portal row: the portal's agency must exist (a foreign key says so)."""
        found = conn.execute(select(agencies.c.id).where(agencies.c.id == agency_id)).first()
        if found is None:
            conn.execute(
                insert(agencies).values(id=agency_id, name=name, created_at=datetime.now(UTC))
            )

    def _lock_portals(self, conn: Connection) -> None:
        """Take the write lock now, before reading: SQLite's on the first write (a no-op
        one), PostgreSQL's by an advisory lock held to the end of the transaction."""
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PORTALS_LOCK})
        else:
            conn.execute(update(portals).where(false()).values(id=portals.c.id))

    def overlapping_portals(self, reg: Registration) -> list[tuple[Registration, str, str]]:
        """Other portals whose ``allowed_domains`` cover the same hosts as ``reg``'s:
        (portal, its domain, reg's domain). Both would crawl, and claim, the same pages."""
        with self._engine.connect() as conn:
            return _overlaps(conn, reg)

    def agency_portals(self, agency_id: str) -> list[Registration]:
        """The portals an agency owns (what its token may see)."""
        with self._engine.connect() as conn:
            docs = (
                conn.execute(
                    select(portals.c.document)
                    .where(portals.c.agency_id == agency_id)
                    .order_by(portals.c.id)
                )
                .scalars()
                .all()
            )
        return _registrations(docs)

    def get_portal(self, portal_id: str) -> Registration | None:
        with self._engine.connect() as conn:
            doc = conn.execute(
                select(portals.c.document).where(portals.c.id == portal_id)
            ).scalar_one_or_none()
        return _registration(doc) if doc is not None else None

    def portal_updated_at(self, portal_id: str) -> datetime | None:
        """When the portal was last registered or re-registered."""
        with self._engine.connect() as conn:
            moment = conn.execute(
                select(portals.c.updated_at).where(portals.c.id == portal_id)
            ).scalar_one_or_none()
        return _utc(moment) if moment is not None else None

    def list_portals(self) -> list[Registration]:
        with self._engine.connect() as conn:
            docs = conn.execute(select(portals.c.document).order_by(portals.c.id)).scalars().all()
        return _registrations(docs)

    def portal_stamps(self) -> list[tuple[str, Any]]:
        """(id, last update) of every portal: tells cheaply whether any registration changed."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(portals.c.id, portals.c.updated_at).order_by(portals.c.id))
            return [(pid, updated) for pid, updated in rows]

    def remove_portal(self, portal_id: str) -> bool:
        """Forget a portal and its miss counts; its crawl history stays for the record."""
        with self._engine.begin() as conn:
            return _remove_in(conn, portal_id)

    def unregister(self, portal_id: str, actor: str) -> CrawlJob | None:
        """Remove a portal, queue the purge of its services and audit both, in one
        transaction: a process killed in between (kill -9, power cut) leaves either the
        portal registered or its purge queued, never its services searchable with nobody
        to remove them. None when no such portal is registered."""
        with self._engine.begin() as conn:
            if not _remove_in(conn, portal_id):
                return None
            job = enqueue_in(conn, portal_id, actor, JobKind.PURGE)
            audit_in(conn, actor, "portal.delete", f"portal:{portal_id}", {"purge_job": job.id})
            return job

    def portal_for_url(self, url: str) -> Registration | None:
        """The registered portal whose ``allowed_domains`` cover ``url``'s host, if any.

        The gateway asks this before redirecting: only registered portals'
        domains (or their subdomains) are valid deep-link targets. When domains
        overlap, the most specific (longest) matching domain wins.
        """
        # compared as domain_allowed compares it: a trailing dot («portal.gov.ir.») or a
        # Persian label matched a domain there and then none here, and /go answered 500
        host = ascii_host(urlsplit(url).hostname or "")
        if not host:
            return None
        best: tuple[int, Registration] | None = None
        for reg in self.list_portals():
            if not domain_allowed(url, reg.allowed_domains):
                continue
            length = max(len(d) for d in reg.allowed_domains if host == d or host.endswith("." + d))
            if best is None or length > best[0]:
                best = (length, reg)
        return best[1] if best else None

    # -- crawl runs --------------------------------------------------------------

    def start_run(self, portal_id: str, *, host: str | None = None, pid: int | None = None) -> int:
        """A new running crawl; ``host`` and ``pid`` name the process that heartbeats it.

        Raises :class:`CrawlAlreadyRunning` while another run of the portal is running: the
        database's unique index decides, so two processes starting at once cannot both win.
        """
        report = CrawlReport(portal_id=portal_id)
        try:
            with self._engine.begin() as conn:
                result = conn.execute(
                    insert(runs).values(
                        portal_id=portal_id,
                        status=report.status.value,
                        started_at=report.started_at,
                        report=report.to_dict(),
                        heartbeat_at=report.started_at,
                        host=host,
                        pid=pid,
                    )
                )
                key = result.inserted_primary_key
                assert key is not None
                return int(key[0])
        except IntegrityError:
            running = [run for run in self.running_runs() if run.portal_id == portal_id]
            if not running:
                raise  # some other constraint
            raise CrawlAlreadyRunning(portal_id, running[0]) from None

    def finish_run(self, run_id: int, report: CrawlReport) -> None:
        if report.finished_at is None:
            report.finished_at = datetime.now(UTC)
        with self._engine.begin() as conn:
            done = conn.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(
                    status=report.status.value,
                    finished_at=report.finished_at,
                    report=report.to_dict(),
                )
            )
            if not done.rowcount:
                raise RegistryError(f"crawl run {run_id} does not exist")

    def heartbeat(self, beats: list[tuple[int, CrawlReport]]) -> set[str]:
        """Running crawls are alive: their heartbeat time and their report so far.

        So a crawl that dies leaves what it had done (pages, services stored) on record.
        Returns the portals of these crawls that are no longer registered as they were
        crawled (removed meanwhile, perhaps registered again): their crawls should stop.
        """
        now = datetime.now(UTC)
        crawled = {report.portal_id for _, report in beats}
        with self._engine.begin() as conn:
            for run_id, report in beats:
                conn.execute(
                    update(runs)
                    .where(runs.c.id == run_id, runs.c.status == CrawlStatus.RUNNING.value)
                    .values(heartbeat_at=now, report=report.to_dict())
                )
            registered = dict(
                conn.execute(
                    select(portals.c.id, portals.c.registered_at).where(portals.c.id.in_(crawled))
                ).all()
            )
        return {
            report.portal_id
            for _, report in beats
            if _gone_since(registered.get(report.portal_id), report.started_at)
        }

    def registered_since(self, portal_id: str, moment: datetime) -> bool:
        """Whether the portal is gone, or was removed and registered again after ``moment``:
        a crawl started then was of a registration that is no more."""
        with self._engine.connect() as conn:
            registered = conn.execute(
                select(portals.c.registered_at).where(portals.c.id == portal_id)
            ).first()
        return _gone_since(registered[0] if registered else None, moment)

    def running_runs(self) -> list[RunningRun]:
        """Every run recorded as running, with who runs it and its last sign of life."""
        query = select(
            runs.c.id,
            runs.c.portal_id,
            runs.c.host,
            runs.c.pid,
            runs.c.heartbeat_at,
            runs.c.started_at,
        ).where(runs.c.status == CrawlStatus.RUNNING.value)
        with self._engine.connect() as conn:
            return [
                RunningRun(int(i), portal, host, pid, _utc(beat or started), _utc(started))
                for i, portal, host, pid, beat, started in conn.execute(query)
            ]

    def close_run(self, run_id: int, reason: str) -> CrawlReport | None:
        """Close a running run whose process is gone as FAILED, keeping what it reported.

        None when the run is not running (any more): it finished meanwhile.
        """
        with self._engine.begin() as conn:
            doc = conn.execute(
                select(runs.c.report).where(
                    runs.c.id == run_id, runs.c.status == CrawlStatus.RUNNING.value
                )
            ).scalar_one_or_none()
            if doc is None:
                return None
            report = CrawlReport.from_dict(as_dict(doc))
            report.status = CrawlStatus.FAILED
            report.finish_reason = f"abandoned: {reason}"
            report.error("crawler_gone", reason)
            report.retirement = "nothing retired: the crawl did not finish"
            report.finished_at = datetime.now(UTC)
            done = conn.execute(
                update(runs)
                .where(runs.c.id == run_id, runs.c.status == CrawlStatus.RUNNING.value)
                .values(
                    status=report.status.value,
                    finished_at=report.finished_at,
                    report=report.to_dict(),
                )
            )
        return report if done.rowcount else None

    def runs(self, portal_id: str | None = None, limit: int = 20) -> list[tuple[int, CrawlReport]]:
        """Newest first."""
        query = select(runs.c.id, runs.c.report).order_by(runs.c.id.desc()).limit(limit)
        if portal_id is not None:
            query = query.where(runs.c.portal_id == portal_id)
        with self._engine.connect() as conn:
            rows = conn.execute(query)
            return [(int(run_id), CrawlReport.from_dict(as_dict(doc))) for run_id, doc in rows]

    def add_run_errors(self, portal_id: str, kind: str, details: list[str]) -> bool:
        """Add errors to a portal's newest crawl report (e.g. another portal's crawl found
        one of its pages: a ``conflict``). False when the portal was never crawled."""
        with self._engine.begin() as conn:
            row = conn.execute(
                select(runs.c.id, runs.c.report)
                .where(runs.c.portal_id == portal_id)
                .order_by(runs.c.id.desc())
                .limit(1)
            ).first()
            if row is None:
                return False
            report = CrawlReport.from_dict(as_dict(row.report))
            for detail in details:
                report.error(kind, detail)
            conn.execute(update(runs).where(runs.c.id == row.id).values(report=report.to_dict()))
            return True

    def last_complete_run(self, portal_id: str) -> CrawlReport | None:
        """The newest crawl of a portal that finished complete (for "last updated" displays)."""
        query = (
            select(runs.c.report)
            .where(runs.c.portal_id == portal_id, runs.c.status == CrawlStatus.COMPLETE.value)
            .order_by(runs.c.id.desc())
            .limit(1)
        )
        with self._engine.connect() as conn:
            doc = conn.execute(query).scalar_one_or_none()
        return CrawlReport.from_dict(as_dict(doc)) if doc is not None else None

    # -- retiring services ------------------------------------------------------

    def record_misses(
        self,
        portal_id: str,
        seen: set[str],
        indexed: set[str],
        retire_after: int,
        only: set[str] | None = None,
    ) -> list[str]:
        """After a COMPLETE crawl: count misses, return the services to retire.

        A service indexed but not seen gets one more consecutive miss; a seen
        one starts over. Those reaching ``retire_after`` misses are returned
        (and forgotten here): the caller deletes them from the index. So a page
        that is briefly unreachable does not make a service vanish.

        ``only``: after a crawl that did not reach everything, only these services (their
        own URL said they are gone) can be missed; the others not seen keep their counts.
        """
        if retire_after < 1:
            raise RegistryError(f"retire_after must be at least 1, got {retire_after}")
        missing = indexed - seen
        if only is not None:
            missing &= only
        with self._engine.begin() as conn:
            old = self._miss_counts(conn, portal_id, missing)
            if only is None:
                conn.execute(delete(misses).where(misses.c.portal_id == portal_id))
            else:
                for ids in _chunks(sorted(missing | (seen & indexed))):
                    conn.execute(
                        delete(misses).where(
                            misses.c.portal_id == portal_id, misses.c.service_id.in_(ids)
                        )
                    )
            counts = {sid: old.get(sid, 0) + 1 for sid in missing}
            retire = sorted(sid for sid, n in counts.items() if n >= retire_after)
            keep = [
                {"portal_id": portal_id, "service_id": sid, "count": n}
                for sid, n in counts.items()
                if n < retire_after
            ]
            for chunk in _chunks(keep):
                conn.execute(insert(misses), chunk)
        return retire

    def miss_counts(self, portal_id: str) -> dict[str, int]:
        """Services of a portal currently counted as missing (id -> consecutive misses)."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(misses.c.service_id, misses.c.count).where(misses.c.portal_id == portal_id)
            )
            return {sid: int(n) for sid, n in rows}

    def _miss_counts(self, conn: Connection, portal_id: str, ids: set[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for chunk in _chunks(sorted(ids)):
            rows = conn.execute(
                select(misses.c.service_id, misses.c.count).where(
                    misses.c.portal_id == portal_id, misses.c.service_id.in_(chunk)
                )
            )
            counts.update({sid: int(n) for sid, n in rows})
        return counts


@dataclass(frozen=True)
class RunningRun:
    id: int
    portal_id: str
    host: str | None
    pid: int | None
    last_alive: datetime  # last heartbeat (or the start, for runs from before heartbeats)
    started_at: datetime


def _overlaps(conn: Connection, reg: Registration) -> list[tuple[Registration, str, str]]:
    found = []
    docs = conn.execute(select(portals.c.document).order_by(portals.c.id)).scalars().all()
    for doc in docs:
        try:
            other = _registration(doc)
        except ValueError:  # stored before a validation rule existed: it overlaps nothing
            continue
        if other.id == reg.id:
            continue
        for mine, theirs in domains_overlap(reg.allowed_domains, other.allowed_domains):
            found.append((other, theirs, mine))
            break
    return found


def _remove_in(conn: Connection, portal_id: str) -> bool:
    conn.execute(delete(misses).where(misses.c.portal_id == portal_id))
    return bool(conn.execute(delete(portals).where(portals.c.id == portal_id)).rowcount)


def _gone_since(registered_at: datetime | None, moment: datetime) -> bool:
    """Unregistered, or registered (again) after ``moment``."""
    return registered_at is None or _utc(registered_at) > moment


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _chunks[T](items: list[T]) -> Iterator[list[T]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _registration(doc: Any) -> Registration:
    return Registration.parse(as_dict(doc))


def _registrations(docs: Sequence[Any]) -> list[Registration]:
    """The stored registrations that still validate. One that no longer does (stored before
    a rule existed, or edited by hand) is left out and logged, never an error for every
    reader: the site, the worker and the dashboards all list the portals."""
    out = []
    for doc in docs:
        try:
            out.append(_registration(doc))
        except ValueError as exc:
            portal = as_dict(doc).get("id")
            logger.error("stored registration of portal %r no longer validates: %s", portal, exc)
    return out
