"""Turning download failures into the error kinds a crawl report counts."""

from __future__ import annotations

import gzip
import zlib

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer
from twisted.internet import error as twisted_error
from twisted.python.failure import Failure

# Kinds that say a page may exist but could not be read this time: a crawl with any
# of them is not COMPLETE, so nothing is retired because of a passing outage. A portal
# that asks to be asked more slowly (429) or says it is being updated (a maintenance or
# error page answered with 200) is passing through one.
TRANSIENT_KINDS = frozenset(
    {
        "timeout",
        "http_5xx",
        "http_429",
        "dns",
        "connection_refused",
        "connection_error",
        "parse_error",
        "maintenance_page",
        "error_page",
        # a page that held a service showed none (an unknown stand-in, red team round 8)
        "service_not_shown",
        # a page that ends before </body> and lost text it had (PHP dying half-way, red team
        # round 8): the service keeps what it had, and the rest of the page was not seen
        "truncated_page",
    }
)

# Kinds that say a page is gone: only these count a service missing from a crawl that is not
# complete (red team round 8). A partial crawl is uncertain about what it did not reach, not
# about a service whose own URL answered 404 or 410 (or a page that says «صفحه پیدا نشد»).
GONE_KINDS = frozenset({"http_404", "http_410", "not_found_page"})

# Kinds that say nothing of whether the page still holds its service: the portal would not
# show it to the crawler (401/403, a login form answered on its URL). The service found there
# before is kept as if seen; the rest of the crawl is believed. A 304 to a request that named
# no stored copy (red team round 6) says "unchanged" of a page the crawler cannot see; a page
# robots.txt now forbids is one it may not look at (its service is no more gone than a 403's).
# A CDN's browser check (red team round 7) is a page the portal's guard would not show either.
# A web application firewall's refusals (red team round 8): ModSecurity answers 406 by default,
# F5 and Imperva-style rules often 400, some 412. They say the crawler was blocked, not that the
# page is gone; and a firewall blocking some pages may block the listings that lead to others.
FIREWALL_KINDS = frozenset({"http_400", "http_406", "http_412"})
WITHHELD_KINDS = (
    frozenset(
        {
            "http_401",
            "http_403",
            "http_304",
            "login_page",
            "login_redirect",  # to a sign-on page on another host (red team round 8)
            # a meta refresh or a load-time script sending every visitor off the registered
            # domains, the page's text left in place (a hijacked CMS, red team round 10)
            "offsite_redirect",
            # a page whose scripts are too heavy for the check above (red team round 14)
            "script_check_cut",
            "challenge_page",
            "robots_forbidden",
        }
    )
    | FIREWALL_KINDS
)

# Kinds that leave a known service to be missed: a page gone (GONE_KINDS), or a redirect off
# the registered domains (``offsite``). With a recognised soft 404 and a redirect to the
# homepage, a start page or a section (crawlers.middlewares.StandInPageMiddleware), only
# these count a known service as missing. Every other failure of a known service's page
# withholds it (red team round 9): a failure that does not say "gone" is no evidence it is.
MISSED_KINDS = GONE_KINDS | {"offsite"}

# Kinds of a page that could not be read at all: a body whose Content-Encoding lies
# (``bad_encoding``), a redirect back into its own chain (``redirect_loop``), a failure no
# rule names (``download_error``: an unknown failure defaults to "could not read", never to
# "gone"). What the page held or listed was not seen: the crawl is partial (a known service's
# page is withheld too, like any failure that is not MISSED_KINDS).
UNREAD_KINDS = frozenset({"bad_encoding", "redirect_loop", "download_error"})

# Kinds after which the crawl may have missed services that still exist. ``size_limit``: a
# page cut at DOWNLOAD_MAXSIZE (a gzip bomb, a 100 MB feed) was not read, so what it listed
# was not seen. ``link_budget``: new links over the crawl's budget were not followed.
# ``catalogue_cut_short``: a downloaded catalogue read only up to its time or inflation bounds
# (crawlers.pdfcatalogue, red team round 12; crawlers.spreadsheet's workbooks, round 13). A
# firewall's refusal makes the crawl partial too: what it blocked may have listed services.
INCOMPLETE_KINDS = (
    TRANSIENT_KINDS
    | FIREWALL_KINDS
    | UNREAD_KINDS
    | {"depth_limit", "index_error", "size_limit", "link_budget", "catalogue_cut_short"}
)

# Kinds that say the crawl could not store what it harvested (a full disk, a broken
# database): the crawl is FAILED and the command that ran it exits non-zero.
WRITE_KINDS = frozenset({"write_error"})


class RefusedRequest(IgnoreRequest):
    """A request the crawler must not make; ``kind`` is what the report counts."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


def http_kind(status: int) -> str:
    if status >= 500:
        return "http_5xx"
    return f"http_{status}"


def error_kind(failure: Failure) -> str:
    exc = failure.value
    if isinstance(exc, RefusedRequest):
        return exc.kind
    if isinstance(exc, HttpError):
        return http_kind(exc.response.status)
    if _cut_at_size_limit(exc):
        return "size_limit"
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in str(exc):
            return "robots_forbidden"
        return "redirect_loop" if "max redirections" in str(exc) else "ignored"
    if isinstance(exc, DownloadTimeoutError | twisted_error.TimeoutError | TimeoutError):
        return "timeout"
    if isinstance(exc, CannotResolveHostError | twisted_error.DNSLookupError):
        return "dns"
    if isinstance(exc, DownloadConnectionRefusedError | twisted_error.ConnectionRefusedError):
        return "connection_refused"
    if isinstance(
        exc,
        DownloadFailedError
        | ResponseDataLossError
        | twisted_error.ConnectError
        | twisted_error.ConnectionLost
        | twisted_error.ConnectionDone
        | ConnectionError,
    ):
        return "connection_error"
    if isinstance(exc, gzip.BadGzipFile | zlib.error) or type(exc).__module__.startswith("brotli"):
        return "bad_encoding"  # a body not compressed as its Content-Encoding says
    return "download_error"  # said in the detail (its exception); never taken for "gone"


def error_detail(failure: Failure) -> str:
    """The failure's message, named by its exception when the kind does not say it."""
    message = failure.getErrorMessage()
    if error_kind(failure) in ("download_error", "bad_encoding"):
        return f"{type(failure.value).__name__}: {message}"
    return message


def _cut_at_size_limit(exc: BaseException | None) -> bool:
    """Scrapy refuses a download announced over DOWNLOAD_MAXSIZE (DownloadCancelledError),
    cancels one that streams past it (a bare CancelledError: its download handler cancels
    nothing else) and ignores a response that decompresses past it (said in the message)."""
    if isinstance(exc, DownloadCancelledError | defer.CancelledError):
        return True
    return isinstance(exc, IgnoreRequest) and "DOWNLOAD_MAXSIZE" in str(exc)
