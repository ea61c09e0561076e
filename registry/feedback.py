"""Citizens' ratings of services and their reports of problems, for the agencies to read.

Nothing personal is stored: no address, phone, account or cookie, only what was
said about which service and when; a national code or phone number a citizen types into a
comment anyway is masked (:mod:`registry.personal`). Each row names the service's portal and its
agency (as registered when it was written), so an agency reads its own feedback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, insert, select, update

from registry.personal import mask_numbers
from registry.schema import problem_reports, service_ratings
from registry.store import Store, now, utc, utc_or_none

MAX_COMMENT_CHARS = 300


class ReportKind(StrEnum):
    BROKEN_LINK = "broken_link"
    WRONG_INFO = "wrong_info"
    IN_PERSON = "in_person"  # the service needs a visit the page does not mention


@dataclass(frozen=True)
class Rating:
    id: int
    at: datetime
    service_id: str
    rating: int
    comment: str


@dataclass(frozen=True)
class ProblemReport:
    id: int
    at: datetime
    service_id: str
    portal_id: str
    kind: ReportKind
    comment: str
    handled_at: datetime | None
    handled_by: str


@dataclass(frozen=True)
class FeedbackFigures:
    """Counts for a dashboard: ratings and reports, and ratings per week (oldest first)."""

    ratings: int
    average: float | None
    reports_open: int
    reports_handled: int
    weekly: list[tuple[datetime, int, int]]  # (week start, ratings, reports)


class FeedbackStore(Store):
    def add_rating(
        self, service_id: str, portal_id: str, agency_id: str, rating: int, comment: str = ""
    ) -> None:
        if not 1 <= rating <= 5:
            raise ValueError(f"rating must be 1 to 5, got {rating}")
        with self._engine.begin() as conn:
            conn.execute(
                insert(service_ratings).values(
                    at=now(),
                    service_id=service_id,
                    portal_id=portal_id,
                    agency_id=agency_id,
                    rating=rating,
                    comment=mask_numbers(comment[:MAX_COMMENT_CHARS]),
                )
            )

    def add_report(
        self,
        service_id: str,
        portal_id: str,
        agency_id: str,
        kind: ReportKind,
        comment: str = "",
    ) -> int:
        with self._engine.begin() as conn:
            result = conn.execute(
                insert(problem_reports).values(
                    at=now(),
                    service_id=service_id,
                    portal_id=portal_id,
                    agency_id=agency_id,
                    kind=kind.value,
                    comment=mask_numbers(comment[:MAX_COMMENT_CHARS]),
                    handled_at=None,
                    handled_by="",
                )
            )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def service_rating(self, service_id: str) -> tuple[int, float | None]:
        """(how many ratings, their average) of one service."""
        query = select(func.count(), func.avg(service_ratings.c.rating)).where(
            service_ratings.c.service_id == service_id
        )
        with self._engine.connect() as conn:
            count, average = conn.execute(query).one()
        return int(count), None if average is None else float(average)

    def ratings(self, agency_id: str, limit: int = 50) -> list[Rating]:
        """An agency's latest ratings, newest first."""
        query = (
            select(service_ratings)
            .where(service_ratings.c.agency_id == agency_id)
            .order_by(service_ratings.c.id.desc())
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [
                Rating(r.id, utc(r.at), r.service_id, r.rating, r.comment)
                for r in conn.execute(query)
            ]

    def reports(
        self, agency_id: str, *, handled: bool | None = None, limit: int = 100
    ) -> list[ProblemReport]:
        """An agency's problem reports, newest first; ``handled`` picks open or handled ones."""
        query = select(problem_reports).where(problem_reports.c.agency_id == agency_id)
        if handled is True:
            query = query.where(problem_reports.c.handled_at.is_not(None))
        elif handled is False:
            query = query.where(problem_reports.c.handled_at.is_(None))
        query = query.order_by(problem_reports.c.id.desc()).limit(limit)
        with self._engine.connect() as conn:
            return [
                ProblemReport(
                    r.id,
                    utc(r.at),
                    r.service_id,
                    r.portal_id,
                    ReportKind(r.kind),
                    r.comment,
                    utc_or_none(r.handled_at),
                    r.handled_by,
                )
                for r in conn.execute(query)
            ]

    def mark_report_handled(self, report_id: int, agency_id: str, actor: str) -> bool:
        """Mark one of the agency's reports handled; False if it is not the agency's."""
        with self._engine.begin() as conn:
            result = conn.execute(
                update(problem_reports)
                .where(
                    problem_reports.c.id == report_id,
                    problem_reports.c.agency_id == agency_id,
                    problem_reports.c.handled_at.is_(None),
                )
                .values(handled_at=now(), handled_by=actor[:100])
            )
        return bool(result.rowcount)

    def feedback_figures(
        self, agency_ids: Sequence[str] | None = None, weeks: int = 8
    ) -> FeedbackFigures:
        """Figures of some agencies (None: the whole province), with the last ``weeks``."""
        ratings_q = select(service_ratings.c.at, service_ratings.c.rating)
        reports_q = select(problem_reports.c.at, problem_reports.c.handled_at)
        if agency_ids is not None:
            ratings_q = ratings_q.where(service_ratings.c.agency_id.in_(list(agency_ids)))
            reports_q = reports_q.where(problem_reports.c.agency_id.in_(list(agency_ids)))
        with self._engine.connect() as conn:
            rated = [(utc(r.at), int(r.rating)) for r in conn.execute(ratings_q)]
            reported = [(utc(r.at), r.handled_at is not None) for r in conn.execute(reports_q)]
        today = now().replace(hour=0, minute=0, second=0, microsecond=0)
        starts = [
            today - timedelta(days=7 * (weeks - 1 - n) + today.weekday()) for n in range(weeks)
        ]
        weekly = []
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else today + timedelta(days=7)
            weekly.append(
                (
                    start,
                    sum(1 for at, _ in rated if start <= at < end),
                    sum(1 for at, _ in reported if start <= at < end),
                )
            )
        return FeedbackFigures(
            ratings=len(rated),
            average=sum(r for _, r in rated) / len(rated) if rated else None,
            reports_open=sum(1 for _, done in reported if not done),
            reports_handled=sum(1 for _, done in reported if done),
            weekly=weekly,
        )
