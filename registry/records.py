"""Plain records the registry hands out: jobs, link checks, principals, catalogues, audit entries.

Frozen dataclasses with timezone-aware UTC datetimes, so callers in other
packages never see SQLAlchemy rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobKind(StrEnum):
    CRAWL = "crawl"
    PURGE = "purge"  # drop a deleted portal's services from the index
    LINK_CHECK = "link_check"  # check the portal's deep links now (a citizen reported one)


@dataclass(frozen=True)
class CrawlJob:
    id: int
    portal_id: str
    kind: JobKind
    requested_by: str  # a Principal.actor, "cli" or "schedule"
    requested_at: datetime
    status: JobStatus
    started_at: datetime | None = None
    finished_at: datetime | None = None
    run_id: int | None = None  # crawl_runs.id of the crawl this job ran
    error: str = ""


@dataclass(frozen=True)
class LinkCheck:
    """The latest check of one service's deep link."""

    service_id: str
    portal_id: str
    url: str
    status: int | None  # final HTTP status; None when nothing answered
    final_url: str  # after redirects, "" when there were none
    checked_at: datetime
    error: str = ""  # "" when the link works, else e.g. "timeout", "http_404"

    # Kinds that say nothing about the link: the checker's own rules stopped it (a private
    # address the settings forbid). A configuration problem for the registrar, not a broken link.
    CONFIG_KINDS = ("refused_private_address",)
    # A timeout of a page the portal's last crawl read: the portal was slow, the link is
    # not known to be broken (a plain "timeout", of a page no crawl read lately, is broken).
    UNCHECKED_TIMEOUT = "unchecked_timeout"
    # The portal asked the checker to come back later (429), or was too slow to answer a
    # page it served the crawl: nothing is known of the link.
    UNANSWERED_KINDS = ("http_429", UNCHECKED_TIMEOUT)
    # A browser asking the page is sent off the portal, though the checker's own agent is
    # shown the page (cloaking by User-Agent, red team round 12; crawlers.linkcheck). A crawl
    # is shown the page too, so only a later link check clears this mark.
    BROWSER_SENT_AWAY = "browser_sent_away"

    @property
    def config_problem(self) -> bool:
        return self.error.startswith(self.CONFIG_KINDS)

    @property
    def broken(self) -> bool:
        return (
            bool(self.error)
            and not self.config_problem
            and not self.error.startswith(self.UNANSWERED_KINDS)
        )


class TokenKind(StrEnum):
    ADMIN = "admin"  # the ICT directorate (registrar)
    AGENCY = "agency"  # one agency, scoped to its own portals


@dataclass(frozen=True)
class Principal:
    """Who is calling: the holder of one (unrevoked) token."""

    kind: TokenKind
    token_id: int
    agency_id: str | None = None

    @property
    def actor(self) -> str:
        """How the audit log names this caller (never the token itself)."""
        if self.kind is TokenKind.AGENCY:
            return f"agency:{self.agency_id}:{self.token_id}"
        return f"admin:{self.token_id}"


@dataclass(frozen=True)
class TokenInfo:
    id: int
    kind: TokenKind
    agency_id: str | None
    label: str
    created_at: datetime
    revoked_at: datetime | None
    expires_at: datetime | None = None  # None: valid until revoked


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    portal_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str  # e.g. "portal.create", "token.revoke"
    target: str  # e.g. "portal:abfa-alborz"
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DeclaredService:
    """One row of an agency's declared catalogue (title already normalised)."""

    line: int  # where it was in the upload (1-based): the CSV line, or the JSON item number
    title: str
    service_id: str = ""
    url: str = ""


@dataclass(frozen=True)
class Catalogue:
    agency_id: str
    version: int
    uploaded_at: datetime
    uploaded_by: str
    source: str  # "csv" | "json"
    services: tuple[DeclaredService, ...] = ()


@dataclass(frozen=True)
class CoveragePoint:
    at: datetime
    catalogue_version: int
    declared: int
    matched: int

    @property
    def percent(self) -> float:
        return round(100 * self.matched / self.declared, 1) if self.declared else 0.0
