"""What one crawl shares with the rest of the process, and what it accumulates itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexer.backend import SearchBackend
from registry.reports import CrawlReport

if TYPE_CHECKING:
    from registry.portals import Registry


@dataclass
class CrawlContext:
    """Shared by all portals of one run: one index writer and one registry per process."""

    backend: SearchBackend
    registry: Registry
    reports_dir: Path
    retire_after_misses: int
    reports: dict[str, CrawlReport] = field(default_factory=dict)


@dataclass
class CrawlState:
    """One portal's crawl as it happens: the report, plus what decides its final status."""

    portal_id: str
    report: CrawlReport = field(init=False)
    entries_expected: int = 0
    entries_ok: int = 0
    entries_failed: int = 0
    seen: set[str] = field(default_factory=set)  # service ids found in this crawl
    run_id: Any = None
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (url, reason), for previews

    MAX_SKIPPED = 300

    def skip(self, reason: str, url: str) -> None:
        """A fetched page that is not indexed, and why (counted in the report)."""
        self.report.reject(reason, url)
        if len(self.skipped) < self.MAX_SKIPPED:
            self.skipped.append((url, reason))

    def __post_init__(self) -> None:
        self.report = CrawlReport(portal_id=self.portal_id)
