"""The registry: registered portals, crawl runs and the miss counts that retire services.

SQLAlchemy Core on a database URL: a SQLite file by default (WAL mode, so the
web process reads while a crawl process writes), PostgreSQL by URL. Opening a
registry migrates it to the newest schema (Alembic, :mod:`registry.migrate`).
Tables are in :mod:`registry.schema`; agencies, tokens and the audit log, the
catalogues, and the job queue, link checks and usage logs are separate parts
(mixins) of the one :class:`Registry`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import create_engine, delete, event, insert, select, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError

from registry import migrate
from registry.access import AccessStore
from registry.catalogues import CatalogueStore
from registry.jobs import OpsStore
from registry.registration import Registration, domain_allowed
from registry.reports import CrawlReport, CrawlStatus
from registry.schema import agencies, misses, portals, runs
from registry.search_rules import SearchRulesStore
from registry.store import as_dict

_CHUNK = 500  # ids per IN (...) clause: well under every database's parameter limit


class RegistryError(ValueError):
    """A registry operation was refused; the message names the portal or run."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Registry(AccessStore, CatalogueStore, OpsStore, SearchRulesStore):
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
        migrate.upgrade(self._engine, sqlite_file)

    def close(self) -> None:
        self._engine.dispose()

    # -- portals ---------------------------------------------------------------

    def add_portal(
        self, reg: Registration, *, replace: bool = False, agency_id: str | None = None
    ) -> None:
        """Register a portal; refuses an existing id unless ``replace``.

        The portal belongs to ``agency_id`` (created, named after ``reg.agency``, if
        new); by default a new portal is its own agency and an updated one keeps its
        agency. Portal, agency and ownership change in one transaction.
        """
        now = datetime.now(UTC)
        row = {"agency": reg.agency, "document": reg.model_dump(mode="json"), "updated_at": now}
        if agency_id is not None:
            row["agency_id"] = agency_id
        with self._engine.begin() as conn:
            if replace:
                done = conn.execute(update(portals).where(portals.c.id == reg.id).values(**row))
                if done.rowcount:
                    self._ensure_agency(conn, agency_id, reg.agency)
                    return
            row.setdefault("agency_id", reg.id)
            try:
                conn.execute(insert(portals).values(id=reg.id, registered_at=now, **row))
            except IntegrityError as exc:
                raise RegistryError(
                    f"portal {reg.id!r} is already registered (use replace to update it)"
                ) from exc
            self._ensure_agency(conn, str(row["agency_id"]), reg.agency)

    @staticmethod
    def _ensure_agency(conn: Connection, agency_id: str | None, name: str) -> None:
        if agency_id is None:
            return
        found = conn.execute(select(agencies.c.id).where(agencies.c.id == agency_id)).first()
        if found is None:
            conn.execute(
                insert(agencies).values(id=agency_id, name=name, created_at=datetime.now(UTC))
            )

    def agency_portals(self, agency_id: str) -> list[Registration]:
        """The portals an agency owns (what its token may see)."""
        with self._engine.connect() as conn:
            docs = conn.execute(
                select(portals.c.document)
                .where(portals.c.agency_id == agency_id)
                .order_by(portals.c.id)
            ).scalars()
            return [_registration(doc) for doc in docs]

    def get_portal(self, portal_id: str) -> Registration | None:
        with self._engine.connect() as conn:
            doc = conn.execute(
                select(portals.c.document).where(portals.c.id == portal_id)
            ).scalar_one_or_none()
        return _registration(doc) if doc is not None else None

    def list_portals(self) -> list[Registration]:
        with self._engine.connect() as conn:
            docs = conn.execute(select(portals.c.document).order_by(portals.c.id)).scalars()
            return [_registration(doc) for doc in docs]

    def remove_portal(self, portal_id: str) -> bool:
        """Forget a portal and its miss counts; its crawl history stays for the record."""
        with self._engine.begin() as conn:
            conn.execute(delete(misses).where(misses.c.portal_id == portal_id))
            return bool(conn.execute(delete(portals).where(portals.c.id == portal_id)).rowcount)

    def portal_for_url(self, url: str) -> Registration | None:
        """The registered portal whose ``allowed_domains`` cover ``url``'s host, if any.

        The gateway asks this before redirecting: only registered portals'
        domains (or their subdomains) are valid deep-link targets. When domains
        overlap, the most specific (longest) matching domain wins.
        """
        host = (urlsplit(url).hostname or "").lower()
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

    def start_run(self, portal_id: str) -> int:
        report = CrawlReport(portal_id=portal_id)
        with self._engine.begin() as conn:
            result = conn.execute(
                insert(runs).values(
                    portal_id=portal_id,
                    status=report.status.value,
                    started_at=report.started_at,
                    report=report.to_dict(),
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

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

    def runs(self, portal_id: str | None = None, limit: int = 20) -> list[tuple[int, CrawlReport]]:
        """Newest first."""
        query = select(runs.c.id, runs.c.report).order_by(runs.c.id.desc()).limit(limit)
        if portal_id is not None:
            query = query.where(runs.c.portal_id == portal_id)
        with self._engine.connect() as conn:
            rows = conn.execute(query)
            return [(int(run_id), CrawlReport.from_dict(as_dict(doc))) for run_id, doc in rows]

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
        self, portal_id: str, seen: set[str], indexed: set[str], retire_after: int
    ) -> list[str]:
        """After a COMPLETE crawl: count misses, return the services to retire.

        A service indexed but not seen gets one more consecutive miss; a seen
        one starts over. Those reaching ``retire_after`` misses are returned
        (and forgotten here): the caller deletes them from the index. So a page
        that is briefly unreachable does not make a service vanish.
        """
        if retire_after < 1:
            raise RegistryError(f"retire_after must be at least 1, got {retire_after}")
        missing = indexed - seen
        with self._engine.begin() as conn:
            old = self._miss_counts(conn, portal_id, missing)
            conn.execute(delete(misses).where(misses.c.portal_id == portal_id))
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


def _chunks[T](items: list[T]) -> Iterator[list[T]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _registration(doc: Any) -> Registration:
    return Registration.parse(as_dict(doc))
