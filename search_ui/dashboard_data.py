"""What the dashboards show, gathered from the registry and the index.

Plain functions returning plain records, so the templates only lay out and
the tests can check figures without parsing HTML. Coverage itself comes from
:func:`registry.coverage.coverage_report`, the same report the API and the CLI give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from indexer.backend import SearchBackend
from registry.coverage import CoverageReport, coverage_report
from registry.portals import Registry
from registry.records import Agency, CrawlJob, JobStatus, LinkCheck
from registry.registration import Registration
from registry.reports import CrawlReport
from search_ui.charts import province_history

QUERY_WINDOW = timedelta(days=30)  # what "top queries" covers
STALE_AFTER = 2  # schedule periods without a complete crawl before a portal counts as stale


@dataclass(frozen=True)
class PortalHealth:
    registration: Registration
    services: int  # indexed now
    last_run: CrawlReport | None
    last_complete_at: datetime | None  # when the newest complete crawl finished
    pending: list[CrawlJob]  # queued or running jobs

    def stale(self, now: datetime) -> bool:
        if self.last_complete_at is None:
            return True
        period = timedelta(hours=self.registration.schedule.every_hours)
        return now - self.last_complete_at > STALE_AFTER * period


@dataclass(frozen=True)
class AgencySummary:
    report: CoverageReport
    portals: list[PortalHealth]

    @property
    def services(self) -> int:
        return len(self.report.matches) + len(self.report.undeclared)

    @property
    def titles(self) -> dict[str, str]:
        """Service id -> title, to name a broken link's service."""
        crawled = [m.service for m in self.report.matches] + self.report.undeclared
        return {s.id: s.title for s in crawled}


@dataclass(frozen=True)
class Overview:
    agencies: list[AgencySummary]  # agencies with at least one portal: what the gateway covers
    top_queries: list[tuple[str, int]]
    zero_queries: list[tuple[str, int]]
    weak_queries: list[tuple[str, int]]  # only part of the query matched
    history: list[tuple[datetime, float]]  # province coverage %, oldest first
    all_agencies: list[Agency] = field(default_factory=list)  # for managing them, portals or not
    # links the checker's own rules refused (private addresses): for the registrar to fix
    config_problems: list[LinkCheck] = field(default_factory=list)

    @property
    def config_problem_portals(self) -> dict[str, int]:
        """Portal id -> links not checked because the settings forbid their address."""
        counts: dict[str, int] = {}
        for check in self.config_problems:
            counts[check.portal_id] = counts.get(check.portal_id, 0) + 1
        return counts

    @property
    def services(self) -> int:
        return sum(a.services for a in self.agencies)

    @property
    def broken(self) -> int:
        return sum(len(a.report.broken) for a in self.agencies)

    @property
    def percent(self) -> float | None:
        declared = sum(a.report.declared for a in self.agencies)
        matched = sum(len(a.report.matches) for a in self.agencies)
        return round(100 * matched / declared, 1) if declared else None

    @property
    def failing_portals(self) -> int:
        return sum(
            1
            for a in self.agencies
            for p in a.portals
            if p.last_run is not None and p.last_run.status.value == "failed"
        )


def _portal_health(registry: Registry, reg: Registration, report: CoverageReport) -> PortalHealth:
    runs = registry.runs(reg.id, limit=1)
    complete = registry.last_complete_run(reg.id)
    crawled = [m.service for m in report.matches] + report.undeclared
    pending = [
        job
        for job in registry.jobs(reg.id, limit=10)
        if job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    ]
    return PortalHealth(
        registration=reg,
        services=sum(1 for s in crawled if s.portal_id == reg.id),
        last_run=runs[0][1] if runs else None,
        last_complete_at=(complete.finished_at or complete.started_at) if complete else None,
        pending=pending,
    )


def agency_summary(
    registry: Registry, backend: SearchBackend, agency_id: str
) -> AgencySummary | None:
    """One agency's coverage and portal health (None for an unknown agency)."""
    report = coverage_report(registry, backend, agency_id)
    if report is None:
        return None
    portals = [_portal_health(registry, reg, report) for reg in registry.agency_portals(agency_id)]
    return AgencySummary(report, portals)


def overview(registry: Registry, backend: SearchBackend, now: datetime | None = None) -> Overview:
    """The registrar's view of the province."""
    since = (now or datetime.now(UTC)) - QUERY_WINDOW
    every = registry.agencies()
    # An agency counts once, however many portals it has; one without a portal yet (just
    # added, or whose portals moved to another agency) is managed but not counted as covered.
    summaries = [
        summary
        for agency in every
        if agency.portal_ids
        and (summary := agency_summary(registry, backend, agency.id)) is not None
    ]
    return Overview(
        agencies=summaries,
        top_queries=registry.top_queries(since, limit=10),
        zero_queries=registry.zero_result_queries(since, limit=10),
        weak_queries=registry.weak_queries(since, limit=10),
        history=province_history({s.report.agency.id: s.report.history for s in summaries}),
        all_agencies=every,
        config_problems=registry.link_check_problems(),
    )
