"""What one crawl of one portal did: written by the crawler, kept by the registry."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class CrawlStatus(StrEnum):
    RUNNING = "running"
    COMPLETE = "complete"  # finished normally: the only status that may retire services
    PARTIAL = "partial"  # cut short (limit reached, killed, some start pages failed)
    FAILED = "failed"  # portal down or nothing usable fetched


@dataclass
class CrawlReport:
    portal_id: str
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    status: CrawlStatus = CrawlStatus.RUNNING
    finish_reason: str = ""
    pages_fetched: int = 0
    services_found: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    not_modified: int = 0  # pages the portal answered 304 (conditional GET of an unchanged page)
    retired: int = 0
    missing: int = 0  # indexed services absent from this complete crawl, kept until retired
    retirement: str = ""  # why services were (or were not) retired, for people
    retired_urls: list[str] = field(default_factory=list)  # the first few retired deep links
    errors: Counter[str] = field(default_factory=Counter)  # kind -> count, e.g. "http_404", "dns"
    error_samples: list[str] = field(default_factory=list)  # first few "kind url: detail" lines
    # Why pages were not indexed (strategies that judge pages: auto, sitemap), and where.
    sections: list[str] = field(default_factory=list)  # services sections auto followed
    rejected: Counter[str] = field(default_factory=Counter)  # reason -> pages ("news", ...)
    rejected_samples: dict[str, list[str]] = field(default_factory=dict)  # reason -> first URLs
    merged: list[str] = field(default_factory=list)  # "copy URL -> kept URL" (same service)
    merged_count: int = 0

    MAX_SAMPLES = 20
    MAX_REASON_SAMPLES = 3

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < self.MAX_SAMPLES:
            self.error_samples.append(f"{kind} {detail}")

    def reject(self, reason: str, url: str) -> None:
        """A page judged not to be a service: counted per reason, first URLs kept as samples."""
        self.rejected[reason] += 1
        samples = self.rejected_samples.setdefault(reason, [])
        if len(samples) < self.MAX_REASON_SAMPLES:
            samples.append(url)

    def merge(self, copy: str, kept: str) -> None:
        """A second URL of an already indexed service, counted once under ``kept``."""
        self.merged_count += 1
        self.reject("duplicate", copy)
        if len(self.merged) < self.MAX_SAMPLES:
            self.merged.append(f"{copy} -> {kept}")

    def explanation(self) -> list[str]:
        """Lines for people: the sections followed and why pages were not indexed."""
        lines = []
        if self.sections:
            lines.append("sections followed: " + ", ".join(self.sections))
        for reason, count in self.rejected.most_common():
            samples = " ".join(self.rejected_samples.get(reason, []))
            lines.append(f"rejected as {reason}: {count} page(s) e.g. {samples}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = dict(self.errors)
        data["rejected"] = dict(self.rejected)
        data["status"] = self.status.value
        data["started_at"] = self.started_at.isoformat()
        data["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlReport:
        data = dict(data)
        data["errors"] = Counter(data.get("errors") or {})
        data["rejected"] = Counter(data.get("rejected") or {})
        data["status"] = CrawlStatus(data["status"])
        data["started_at"] = datetime.fromisoformat(data["started_at"])
        if data.get("finished_at"):
            data["finished_at"] = datetime.fromisoformat(data["finished_at"])
        return cls(**data)

    def summary(self) -> str:
        errors = sum(self.errors.values())
        return (
            f"{self.portal_id}: {self.status.value} — {self.pages_fetched} pages, "
            f"{self.services_found} services ({self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.retired} retired), "
            f"{self.not_modified} pages not modified, {errors} errors"
        )
