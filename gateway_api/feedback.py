"""Citizens' feedback on a service: a 1–5 rating with a short comment, or a problem report.

Anonymous by design: the registry keeps what was said about which service and
when, never who said it. Abuse is held off without keeping anything personal:

* a per-client limit lives only in this process's memory, keyed by a keyed hash
  of the client's address (the key is random per process, so the hashes mean
  nothing elsewhere and vanish on restart); it is the sign-in throttle's counter
  (:class:`gateway_api.throttle.FailureThrottle`), so a flood of addresses forgets the
  oldest ones first, never everybody's count at once;
* forms carry a token signed with a per-process secret for the service they are
  about, and a post another site sends (``Sec-Fetch-Site: cross-site`` or a
  foreign ``Origin``) is refused, so no page elsewhere can post on a visitor's behalf.

A report of a broken link queues an immediate check of the portal's deep links.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from gateway_api.throttle import FailureThrottle
from registry.feedback import MAX_COMMENT_CHARS, ReportKind
from registry.portals import Registry
from registry.records import JobKind

__all__ = [
    "MAX_COMMENT_CHARS",
    "FeedbackGuard",
    "ReportKind",
    "clean_comment",
    "report_problem",
]

TOKEN_HOURS = 6  # a form left open this long still posts
LINK_CHECK_REQUESTER = "citizen-report"
REPORT_RECHECK_AFTER = timedelta(hours=1)


_KEEP_FORMAT = {"\u200c", "\u200d"}  # ZWNJ/ZWJ: Persian words need the half-space


def clean_comment(text: str) -> str:
    """Plain one-paragraph text, at most MAX_COMMENT_CHARS: control and formatting
    characters (bidi overrides among them) dropped, the half-space kept."""
    kept = "".join(
        ch if ch in _KEEP_FORMAT or unicodedata.category(ch) not in ("Cc", "Cf") else " "
        for ch in text
    )
    return " ".join(kept.split())[:MAX_COMMENT_CHARS]


@dataclass
class FeedbackGuard:
    """Form tokens and the per-client limit of one web process (nothing is persisted)."""

    limit: int = 5  # submissions per client ...
    window_seconds: float = 600.0  # ... in this many seconds
    max_clients: int = 100_000  # addresses remembered at most (the oldest forgotten first)
    _secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    _counts: FailureThrottle = field(init=False)

    def __post_init__(self) -> None:
        self._counts = FailureThrottle(
            max_failures=self.limit, window=self.window_seconds, max_clients=self.max_clients
        )

    def token(self, service_id: str, now: float | None = None) -> str:
        hour = int((now or time.time()) // 3600)
        return self._sign(f"{service_id}:{hour}")[:32] + f".{hour}"

    def token_ok(self, service_id: str, token: str, now: float | None = None) -> bool:
        digest, _, raw_hour = token.partition(".")
        if not raw_hour.isdigit():
            return False
        hour = int(raw_hour)
        current = int((now or time.time()) // 3600)
        if not 0 <= current - hour < TOKEN_HOURS:
            return False
        return hmac.compare_digest(digest, self._sign(f"{service_id}:{hour}")[:32])

    def allow(self, client: str) -> bool:
        """Count one submission of ``client``; False once it is over the limit."""
        key = self._sign(f"client:{client}")[:16]  # the address itself is never kept
        if self._counts.retry_after(key) is not None:
            return False
        self._counts.failed(key)  # counted like a failed sign-in: one more in the window
        return True

    def _sign(self, text: str) -> str:
        return hmac.new(self._secret, text.encode(), hashlib.sha256).hexdigest()


def same_site(origin: str | None, fetch_site: str | None, host: str | None) -> bool:
    """False for a post that another site sent (browsers say so; forms of ours never do)."""
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    if origin and origin != "null":
        return urlsplit(origin).netloc == (host or "")
    return origin != "null"


def report_problem(
    registry: Registry, service_id: str, portal_id: str, kind: ReportKind, comment: str
) -> int:
    """Store a report for the service's agency; a broken link is re-checked at once, but a
    portal's links at most once per :data:`REPORT_RECHECK_AFTER` for all citizens' reports
    together (each check asks the agency's server for every deep link)."""
    agency_id = registry.portal_agency(portal_id) or portal_id
    report_id = registry.add_report(service_id, portal_id, agency_id, kind, comment)
    if kind is ReportKind.BROKEN_LINK:
        registry.enqueue_job_unless_recent(
            portal_id, LINK_CHECK_REQUESTER, JobKind.LINK_CHECK, REPORT_RECHECK_AFTER
        )
    return report_id
