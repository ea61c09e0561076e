"""The worker's side of the registry: the crawl job queue, link checks, and usage logs.

The web process only ever *enqueues* crawls; ``dargah worker`` claims and runs
them. Usage logs keep no IP addresses, user agents or sessions: a query is
stored normalised with personal numbers (national codes, phone and card numbers)
masked (:mod:`registry.personal`), a click only as a service id and a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from registry.personal import mask_numbers
from registry.records import CrawlJob, JobKind, JobStatus, LinkCheck
from registry.schema import click_log, crawl_jobs, link_checks, query_log, runs
from registry.store import Store, now, utc, utc_or_none

MAX_QUERY_CHARS = 200


def loggable_query(text: str) -> str:
    """What the query log may keep of a search: normalised, personal numbers masked."""
    from indexer.normalize import normalize

    return mask_numbers(normalize(text))[:MAX_QUERY_CHARS].strip()


def enqueue_in(
    conn: Connection, portal_id: str, requested_by: str, kind: JobKind = JobKind.CRAWL
) -> CrawlJob:
    """:meth:`OpsStore.enqueue_job` inside a transaction of the caller's."""
    queued = conn.execute(
        select(crawl_jobs).where(
            crawl_jobs.c.portal_id == portal_id,
            crawl_jobs.c.kind == kind.value,
            crawl_jobs.c.status == JobStatus.QUEUED.value,
        )
    ).first()
    if queued is not None:
        return _job(queued)
    result = conn.execute(
        insert(crawl_jobs).values(
            portal_id=portal_id,
            kind=kind.value,
            requested_by=requested_by[:100],
            requested_at=now(),
            status=JobStatus.QUEUED.value,
            error="",
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return _job(conn.execute(select(crawl_jobs).where(crawl_jobs.c.id == key[0])).one())


class OpsStore(Store):
    # -- crawl jobs -------------------------------------------------------------------

    def enqueue_job(
        self, portal_id: str, requested_by: str, kind: JobKind = JobKind.CRAWL
    ) -> CrawlJob:
        """Queue a job; a job of the same kind already queued for the portal is returned instead."""
        with self._engine.begin() as conn:
            return enqueue_in(conn, portal_id, requested_by, kind)

    def enqueue_job_unless_recent(
        self, portal_id: str, requested_by: str, kind: JobKind, within: timedelta
    ) -> CrawlJob | None:
        """Queue a job unless ``requested_by`` asked for one of its kind for the portal within
        ``within`` (None then): what anyone may ask for must not be asked for over and over."""
        since = now() - within
        with self._engine.begin() as conn:
            recent = conn.execute(
                select(crawl_jobs.c.id).where(
                    crawl_jobs.c.portal_id == portal_id,
                    crawl_jobs.c.kind == kind.value,
                    crawl_jobs.c.requested_by == requested_by[:100],
                    crawl_jobs.c.requested_at >= since,
                )
            ).first()
            return None if recent is not None else enqueue_in(conn, portal_id, requested_by, kind)

    def claim_job(self, kinds: Sequence[JobKind] = tuple(JobKind)) -> CrawlJob | None:
        """Oldest queued job -> running. The conditional UPDATE makes a race lose cleanly."""
        for _ in range(5):
            with self._engine.begin() as conn:
                job_id = conn.execute(
                    select(crawl_jobs.c.id)
                    .where(
                        crawl_jobs.c.status == JobStatus.QUEUED.value,
                        crawl_jobs.c.kind.in_([k.value for k in kinds]),
                    )
                    .order_by(crawl_jobs.c.id)
                    .limit(1)
                ).scalar_one_or_none()
                if job_id is None:
                    return None
                done = conn.execute(
                    update(crawl_jobs)
                    .where(crawl_jobs.c.id == job_id, crawl_jobs.c.status == JobStatus.QUEUED.value)
                    .values(status=JobStatus.RUNNING.value, started_at=now(), alive_at=now())
                )
                if done.rowcount:
                    return _job(
                        conn.execute(select(crawl_jobs).where(crawl_jobs.c.id == job_id)).one()
                    )
        return None

    def finish_job(
        self, job_id: int, *, ok: bool, error: str = "", run_id: int | None = None
    ) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                update(crawl_jobs)
                .where(crawl_jobs.c.id == job_id)
                .values(
                    status=(JobStatus.DONE if ok else JobStatus.FAILED).value,
                    finished_at=now(),
                    error=error[:2000],
                    run_id=run_id,
                )
            )

    def jobs(
        self,
        portal_id: str | None = None,
        *,
        status: JobStatus | None = None,
        limit: int = 50,
    ) -> list[CrawlJob]:
        """Newest first."""
        query = select(crawl_jobs).order_by(crawl_jobs.c.id.desc()).limit(limit)
        if portal_id is not None:
            query = query.where(crawl_jobs.c.portal_id == portal_id)
        if status is not None:
            query = query.where(crawl_jobs.c.status == status.value)
        with self._engine.connect() as conn:
            return [_job(row) for row in conn.execute(query)]

    def keep_jobs_alive(self, job_ids: Sequence[int]) -> None:
        """The worker holding these running jobs is alive (see :meth:`requeue_stale_jobs`)."""
        if not job_ids:
            return
        with self._engine.begin() as conn:
            conn.execute(
                update(crawl_jobs)
                .where(
                    crawl_jobs.c.id.in_(list(job_ids)),
                    crawl_jobs.c.status == JobStatus.RUNNING.value,
                )
                .values(alive_at=now())
            )

    def requeue_stale_jobs(self, silent_for: timedelta) -> int:
        """Running jobs whose worker has not said it is alive for ``silent_for`` -> queued.

        Their worker died (kill -9, power cut): whoever claims them next runs them, and a
        crawl the dead worker left behind is waited for (it holds the portal's running run).
        """
        last_sign = func.coalesce(crawl_jobs.c.alive_at, crawl_jobs.c.started_at)
        with self._engine.begin() as conn:
            done = conn.execute(
                update(crawl_jobs)
                .where(
                    crawl_jobs.c.status == JobStatus.RUNNING.value,
                    last_sign < now() - silent_for,
                )
                .values(status=JobStatus.QUEUED.value, started_at=None, alive_at=None)
            )
            return int(done.rowcount)

    def last_run_started(self, portal_id: str) -> datetime | None:
        with self._engine.connect() as conn:
            value = conn.execute(
                select(func.max(runs.c.started_at)).where(runs.c.portal_id == portal_id)
            ).scalar_one_or_none()
        return utc_or_none(value)

    # -- link checks -----------------------------------------------------------------

    def record_link_checks(self, checks: Sequence[LinkCheck]) -> None:
        """Keep the latest check per service (replacing the previous one)."""
        if not checks:
            return
        with self._engine.begin() as conn:
            ids = [c.service_id for c in checks]
            for i in range(0, len(ids), 500):
                conn.execute(
                    delete(link_checks).where(link_checks.c.service_id.in_(ids[i : i + 500]))
                )
            latest = {c.service_id: c for c in checks}
            conn.execute(
                insert(link_checks),
                [
                    {
                        "service_id": c.service_id,
                        "portal_id": c.portal_id,
                        "url": c.url,
                        "status": c.status,
                        "final_url": c.final_url,
                        "checked_at": c.checked_at,
                        "error": c.error,
                        "broken": c.broken,
                    }
                    for c in latest.values()
                ],
            )

    def link_check(self, service_id: str) -> LinkCheck | None:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(link_checks).where(link_checks.c.service_id == service_id)
            ).first()
        return _check(row) if row is not None else None

    def link_checks(
        self, portal_id: str | None = None, *, broken_only: bool = False
    ) -> list[LinkCheck]:
        query = select(link_checks).order_by(link_checks.c.portal_id, link_checks.c.url)
        if portal_id is not None:
            query = query.where(link_checks.c.portal_id == portal_id)
        if broken_only:
            query = query.where(link_checks.c.broken.is_(True))
        with self._engine.connect() as conn:
            return [_check(row) for row in conn.execute(query)]

    def broken_links(self, service_ids: Sequence[str]) -> dict[str, LinkCheck]:
        """Which of these services' deep links are broken (id -> latest check), in one query.

        For a page of search results: each can be flagged without a lookup per result.
        """
        ids = list(dict.fromkeys(service_ids))
        found: dict[str, LinkCheck] = {}
        with self._engine.connect() as conn:
            for i in range(0, len(ids), 500):  # a page of results is one query
                query = select(link_checks).where(
                    link_checks.c.service_id.in_(ids[i : i + 500]),
                    link_checks.c.broken.is_(True),
                )
                found.update((row.service_id, _check(row)) for row in conn.execute(query))
        return found

    def link_check_problems(self, portal_id: str | None = None) -> list[LinkCheck]:
        """Links the checker did not ask because its own rules forbade it (a private address
        the settings do not allow): configuration problems for the registrar, not broken."""
        query = select(link_checks).where(
            link_checks.c.broken.is_(False), link_checks.c.error != ""
        )
        if portal_id is not None:
            query = query.where(link_checks.c.portal_id == portal_id)
        with self._engine.connect() as conn:
            rows = conn.execute(query.order_by(link_checks.c.portal_id, link_checks.c.url))
            return [check for row in rows if (check := _check(row)).config_problem]

    def clear_broken_links(self, service_ids: Sequence[str]) -> int:
        """A crawl just fetched these services' pages: they are not broken (any more). The
        mark goes at once rather than at the next link check; returns how many were cleared.

        ``checked_at`` stays the time of the last link check: it is what schedules the
        portal's next one. Stamping the crawl's time there postponed it by a whole interval,
        so after an outage the link of a service removed meanwhile kept its outage error
        («connection_refused») for a day instead of its 404.

        A page found sending browsers away keeps its mark (``LinkCheck.BROWSER_SENT_AWAY``):
        the crawl is shown the page the browsers are not (red team round 12); the next link
        check, which asks as a browser, clears it."""
        ids = list(dict.fromkeys(service_ids))
        cleared = 0
        with self._engine.begin() as conn:
            for i in range(0, len(ids), 500):
                done = conn.execute(
                    update(link_checks)
                    .where(
                        link_checks.c.service_id.in_(ids[i : i + 500]),
                        link_checks.c.broken.is_(True),
                        ~link_checks.c.error.startswith(LinkCheck.BROWSER_SENT_AWAY),
                    )
                    .values(broken=False, error="", status=200, final_url="")
                )
                cleared += int(done.rowcount)
        return cleared

    def forget_link_checks(self, service_ids: Sequence[str]) -> None:
        ids = list(service_ids)
        with self._engine.begin() as conn:
            for i in range(0, len(ids), 500):
                conn.execute(
                    delete(link_checks).where(link_checks.c.service_id.in_(ids[i : i + 500]))
                )

    # -- usage logs ---------------------------------------------------------------------

    def log_query(self, text: str, result_count: int, **extra: Any) -> None:
        """``weak=True`` (an extra column): the best results matched only part of the query."""
        self.log_queries([(text, result_count, now(), extra)])

    def log_click(self, service_id: str, **extra: Any) -> None:
        del extra  # nothing else is kept about a click
        self.log_clicks([(service_id, now())])

    def log_queries(self, entries: Sequence[tuple[str, int, datetime, Mapping[str, Any]]]) -> None:
        """Log searches (text, result count, when, extra columns) in one transaction.

        Extra keywords name columns of the query log; ones this schema does not
        have are ignored, so callers may say more than an older database keeps.
        """
        rows = []
        for text, result_count, at, extra in entries:
            query = loggable_query(text)
            if query:
                known = {k: v for k, v in extra.items() if k in query_log.c and k != "id"}
                rows.append({**known, "at": at, "query": query, "results": result_count})
        if not rows:
            return
        with self._engine.begin() as conn:
            conn.execute(insert(query_log), rows)

    def log_clicks(self, entries: Sequence[tuple[str, datetime]]) -> None:
        """Log followed links (service id, when) in one transaction."""
        if not entries:
            return
        with self._engine.begin() as conn:
            conn.execute(
                insert(click_log), [{"at": at, "service_id": sid[:64]} for sid, at in entries]
            )

    def forget_usage_before(self, cutoff: datetime) -> int:
        """Delete query and click log rows older than ``cutoff`` (the retention the worker
        applies); returns how many rows went."""
        with self._engine.begin() as conn:
            queries = conn.execute(delete(query_log).where(query_log.c.at < cutoff)).rowcount
            clicks = conn.execute(delete(click_log).where(click_log.c.at < cutoff)).rowcount
        return int(queries or 0) + int(clicks or 0)

    def top_queries(self, since: datetime, limit: int = 20) -> list[tuple[str, int]]:
        return self._query_counts(since, limit, zero_only=False)

    def zero_result_queries(self, since: datetime, limit: int = 20) -> list[tuple[str, int]]:
        return self._query_counts(since, limit, zero_only=True)

    def weak_queries(self, since: datetime, limit: int = 20) -> list[tuple[str, int]]:
        """Searches that found only services matching part of the query, most frequent first."""
        return self._query_counts(since, limit, zero_only=False, weak_only=True)

    def click_counts(self, since: datetime, limit: int = 20) -> list[tuple[str, int]]:
        n = func.count().label("n")
        query = (
            select(click_log.c.service_id, n)
            .where(click_log.c.at >= since)
            .group_by(click_log.c.service_id)
            .order_by(n.desc(), click_log.c.service_id)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [(sid, int(count)) for sid, count in conn.execute(query)]

    def _query_counts(
        self, since: datetime, limit: int, *, zero_only: bool, weak_only: bool = False
    ) -> list[tuple[str, int]]:
        n = func.count().label("n")
        query = select(query_log.c.query, n).where(query_log.c.at >= since)
        if zero_only:
            query = query.where(query_log.c.results == 0)
        if weak_only:
            query = query.where(query_log.c.weak.is_(True), query_log.c.results > 0)
        query = query.group_by(query_log.c.query).order_by(n.desc(), query_log.c.query).limit(limit)
        with self._engine.connect() as conn:
            return [(text, int(count)) for text, count in conn.execute(query)]


def _job(row: Any) -> CrawlJob:
    return CrawlJob(
        id=int(row.id),
        portal_id=row.portal_id,
        kind=JobKind(row.kind),
        requested_by=row.requested_by,
        requested_at=utc(row.requested_at),
        status=JobStatus(row.status),
        started_at=utc_or_none(row.started_at),
        finished_at=utc_or_none(row.finished_at),
        run_id=row.run_id,
        error=row.error,
    )


def _check(row: Any) -> LinkCheck:
    return LinkCheck(
        service_id=row.service_id,
        portal_id=row.portal_id,
        url=row.url,
        status=row.status,
        final_url=row.final_url,
        checked_at=utc(row.checked_at),
        error=row.error,
    )
