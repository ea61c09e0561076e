"""What one crawl of one portal did: written by the crawler, kept by the registry."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class CrawlStatus(StrEnum):
    RUNNING = "running"
    COMPLETE = "complete"  # finished normally: the only status that may retire services
    PARTIAL = "partial"  # cut short (limit reached, killed, some start pages failed)
    FAILED = "failed"  # portal down, nothing usable fetched, or what was fetched not stored
    # Finished normally but not believable (far fewer services than before, every page the
    # same body, a maintenance/login/parked page): kept, reported, never retires anything.
    SUSPECT = "suspect"


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
    renamed: int = 0  # services whose title this crawl changed (a defacement spreads over crawls)
    # service id -> [title, description] before this crawl renamed it (the first few): what
    # a later crawl puts back when it finds these renames were a defacement (red team 12)
    renamed_from: dict[str, list[str]] = field(default_factory=dict)
    retired: int = 0
    missing: int = 0  # indexed services absent from this complete crawl, kept until retired
    # indexed services the crawl's links no longer led to, whose own page still showed them:
    # kept (crawlers.evidence)
    unlisted: int = 0
    retirement: str = ""  # why services were (or were not) retired, for people
    retired_urls: list[str] = field(default_factory=list)  # the first few retired deep links
    errors: Counter[str] = field(default_factory=Counter)  # kind -> count, e.g. "http_404", "dns"
    error_samples: list[str] = field(default_factory=list)  # first few "kind url: detail" lines
    # Why the crawl is not to be believed (English, for operators; dashboards say it in Persian
    # from ``alert_kinds``). Empty for a normal crawl.
    alerts: list[str] = field(default_factory=list)
    alert_kinds: list[str] = field(default_factory=list)  # "too_few_services", "same_body", ...
    baseline_services: int | None = None  # services of the portal's last complete crawl
    # Why pages were not indexed (strategies that judge pages: auto, sitemap), and where.
    sections: list[str] = field(default_factory=list)  # services sections auto followed
    rejected: Counter[str] = field(default_factory=Counter)  # reason -> pages ("news", ...)
    rejected_samples: dict[str, list[str]] = field(default_factory=dict)  # reason -> first URLs
    merged: list[str] = field(default_factory=list)  # "copy URL -> kept URL" (same service)
    merged_count: int = 0
    # Ids of the new services this crawl kept: what a hacked CMS adding its pages a few at a
    # time adds up to over crawls (crawlers.monitor's burst guard). At most MAX_ADDED_IDS.
    added_ids: list[str] = field(default_factory=list)

    MAX_SAMPLES = 20
    MAX_ADDED_IDS = 5000
    MAX_REASON_SAMPLES = 3

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < self.MAX_SAMPLES:
            self.error_samples.append(f"{kind} {detail}")

    def alert(self, kind: str, reason: str) -> None:
        if kind not in self.alert_kinds:
            self.alert_kinds.append(kind)
            self.alerts.append(reason)

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
        if self.finish_reason == "closespider_pagecount":
            lines.append(
                f"stopped at limits.max_pages ({self.pages_fetched} pages): nothing retired;"
                " raise the limit to crawl the whole portal"
            )
        elif self.finish_reason == "shutdown":
            lines.append(
                "stopped before the end (Ctrl-C, SIGTERM, or the worker's"
                " GATEWAY_CRAWL_TIMEOUT_MINUTES): nothing retired"
            )
        if self.unlisted:
            lines.append(
                f"{self.unlisted} indexed service(s) no longer reached through the portal's"
                " links still show on their own pages: kept"
            )
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
        """Fields this version does not know (a report written by a newer one) are ignored."""
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in data.items() if k in known}
        data["errors"] = Counter(data.get("errors") or {})
        data["rejected"] = Counter(data.get("rejected") or {})
        data["status"] = CrawlStatus(data["status"])
        data["started_at"] = datetime.fromisoformat(data["started_at"])
        if data.get("finished_at"):
            data["finished_at"] = datetime.fromisoformat(data["finished_at"])
        return cls(**data)

    def summary(self) -> str:
        """One line: status, counts, and the errors by kind (``2 errors: dns 1, http_404 1``)."""
        errors = sum(self.errors.values())
        by_kind = ", ".join(f"{kind} {n}" for kind, n in self.errors.most_common())
        return (
            f"{self.portal_id}: {self.status.value} — {self.pages_fetched} pages, "
            f"{self.services_found} services ({self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.retired} retired), "
            f"{self.not_modified} pages not modified, "
            + (f"{errors} error{'s' if errors != 1 else ''}: {by_kind}" if errors else "no errors")
            + "".join(f"\n    ALERT: {alert}" for alert in self.alerts)
        )

    def error_lines(self) -> list[str]:
        """One line per error kind, most frequent first: its count and a sample URL."""
        lines = []
        for kind, n in self.errors.most_common():
            sample = next((s for s in self.error_samples if s.split(" ", 1)[0] == kind), "")
            url = _URL.search(sample)
            where = url.group(0).rstrip(":,;") if url else sample.partition(" ")[2][:120]
            lines.append(f"{kind} ×{n}" + (f" — e.g. {where}" if where else ""))
        return lines


_URL = re.compile(r"https?://[^\s]+")
