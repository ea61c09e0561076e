"""Declared catalogues (versioned, one in force per agency) and coverage history.

A new upload becomes a new version in one transaction, so a refused upload
leaves the version in force untouched. The last ``keep`` versions stay for the
record, and a file identical to the version in force is no new version: repeated
uploads cannot grow the registry. Pruning by number alone let a burst of uploads
(a leaked token, a script in a loop) delete every version the registrar would
roll back to within minutes (red team 14 F06): so besides the newest ``keep``,
the newest ``keep`` versions that were in force for at least :data:`STOOD` stay too.
A burst's versions each stand for seconds; pushing those out takes ``keep``
uploads at least an hour apart. At most ``2 * keep`` versions are kept either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import pairwise

from sqlalchemy import delete, func, insert, select

from registry.records import Catalogue, CoveragePoint, DeclaredService
from registry.schema import catalogue_rows, catalogues, coverage_points
from registry.store import Store, now, utc

DEFAULT_VERSIONS_KEPT = 20
STOOD = timedelta(hours=1)  # a version in force this long was used, not a burst's step


class CatalogueStore(Store):
    def save_catalogue(
        self,
        agency_id: str,
        services: Sequence[DeclaredService],
        *,
        uploaded_by: str,
        source: str,
        keep: int = DEFAULT_VERSIONS_KEPT,
    ) -> Catalogue:
        """Store a (validated) catalogue as the agency's next version, now in force."""
        return self.store_catalogue(
            agency_id, services, uploaded_by=uploaded_by, source=source, keep=keep
        )[0]

    def store_catalogue(
        self,
        agency_id: str,
        services: Sequence[DeclaredService],
        *,
        uploaded_by: str,
        source: str,
        keep: int = DEFAULT_VERSIONS_KEPT,
    ) -> tuple[Catalogue, bool]:
        """The catalogue in force after storing ``services``, and whether it is a new
        version (False: the same rows as the version in force, which stays). Only the
        newest ``keep`` versions (at least the one in force) are kept."""
        current = self.catalogue(agency_id)
        if current is not None and (current.source, current.services) == (
            source,
            tuple(services),
        ):
            return current, False
        uploaded = now()
        with self._engine.begin() as conn:
            last = conn.execute(
                select(func.max(catalogues.c.version)).where(catalogues.c.agency_id == agency_id)
            ).scalar_one_or_none()
            version = int(last or 0) + 1
            result = conn.execute(
                insert(catalogues).values(
                    agency_id=agency_id,
                    version=version,
                    uploaded_at=uploaded,
                    uploaded_by=uploaded_by[:100],
                    source=source,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            if services:
                conn.execute(
                    insert(catalogue_rows),
                    [
                        {
                            "catalogue_id": key[0],
                            "position": n,
                            "line": s.line,
                            "title": s.title,
                            "service_id": s.service_id,
                            "url": s.url,
                        }
                        for n, s in enumerate(services)
                    ],
                )
            history = conn.execute(
                select(catalogues.c.id, catalogues.c.uploaded_at)
                .where(catalogues.c.agency_id == agency_id)
                .order_by(catalogues.c.version)
            ).all()
            old = versions_to_prune([(r.id, utc(r.uploaded_at)) for r in history], keep)
            # rows first: SQLite enforces no ON DELETE CASCADE unless asked to
            conn.execute(delete(catalogue_rows).where(catalogue_rows.c.catalogue_id.in_(old)))
            conn.execute(delete(catalogues).where(catalogues.c.id.in_(old)))
        catalogue = Catalogue(agency_id, version, uploaded, uploaded_by, source, tuple(services))
        return catalogue, True

    def catalogue_versions(self, agency_id: str) -> list[int]:
        """The version numbers still stored for the agency, oldest first."""
        query = (
            select(catalogues.c.version)
            .where(catalogues.c.agency_id == agency_id)
            .order_by(catalogues.c.version)
        )
        with self._engine.connect() as conn:
            return [int(v) for v in conn.execute(query).scalars()]

    def catalogue(self, agency_id: str, version: int | None = None) -> Catalogue | None:
        """The catalogue in force (the newest version), or a given version."""
        query = select(catalogues).where(catalogues.c.agency_id == agency_id)
        if version is None:
            query = query.order_by(catalogues.c.version.desc()).limit(1)
        else:
            query = query.where(catalogues.c.version == version)
        with self._engine.connect() as conn:
            head = conn.execute(query).first()
            if head is None:
                return None
            rows = conn.execute(
                select(catalogue_rows)
                .where(catalogue_rows.c.catalogue_id == head.id)
                .order_by(catalogue_rows.c.position)
            )
            services = tuple(DeclaredService(r.line, r.title, r.service_id, r.url) for r in rows)
        return Catalogue(
            agency_id,
            int(head.version),
            utc(head.uploaded_at),
            head.uploaded_by,
            head.source,
            services,
        )

    def record_coverage_point(
        self,
        agency_id: str,
        *,
        catalogue_version: int,
        last_run_id: int,
        declared: int,
        matched: int,
    ) -> bool:
        """Add a point to the agency's coverage history, unless nothing changed since the
        last point (same catalogue version and newest crawl): reading a report twice
        must not draw two points."""
        with self._engine.begin() as conn:
            last = conn.execute(
                select(coverage_points)
                .where(coverage_points.c.agency_id == agency_id)
                .order_by(coverage_points.c.id.desc())
                .limit(1)
            ).first()
            if last is not None and (
                last.catalogue_version,
                last.last_run_id,
                last.declared,
                last.matched,
            ) == (catalogue_version, last_run_id, declared, matched):
                return False
            conn.execute(
                insert(coverage_points).values(
                    agency_id=agency_id,
                    at=now(),
                    catalogue_version=catalogue_version,
                    last_run_id=last_run_id,
                    declared=declared,
                    matched=matched,
                )
            )
            return True

    def coverage_history(self, agency_id: str, limit: int = 60) -> list[CoveragePoint]:
        """Oldest first (ready to draw), the newest ``limit`` points."""
        query = (
            select(coverage_points)
            .where(coverage_points.c.agency_id == agency_id)
            .order_by(coverage_points.c.id.desc())
            .limit(limit)
        )
        with self._engine.connect() as conn:
            points = [
                CoveragePoint(utc(r.at), int(r.catalogue_version), int(r.declared), int(r.matched))
                for r in conn.execute(query)
            ]
        return points[::-1]


def versions_to_prune(history: Sequence[tuple[int, datetime]], keep: int) -> list[int]:
    """Ids of the versions to delete from ``history`` (id and upload time, oldest first):
    all but the newest ``keep`` and the newest ``keep`` of those that were in force for at
    least :data:`STOOD` before the next replaced them. The version in force is never one."""
    keep = max(keep, 1)
    kept = {key for key, _ in history[-keep:]}
    stood = [key for (key, at), (_, replaced_at) in pairwise(history) if replaced_at - at >= STOOD]
    kept.update(stood[-keep:])
    return [key for key, _ in history if key not in kept]
