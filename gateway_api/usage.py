"""Usage logs for the dashboards: what citizens search for and which services they open.

Logging is a by-product of serving a citizen, so a failure here (a locked or
unreachable registry database) is logged as a warning and never breaks the
search or the redirect. The web app's registry (:class:`registry.serving.ServingRegistry`)
only queues the entry here; a background thread writes it, so no request waits
on the database's write lock. What is stored is decided by the registry: normalised
query text with personal numbers masked, a service id; no IPs, no sessions.

One client cannot write the log without limit, nor make a phrase the registrar's «top
search» on its own: at most ``per_hour`` of its searches an hour are logged
(:class:`SearchLogBudget`; its searches are still answered). The count lives only in
this process's memory, keyed by a keyed hash of the client's address, like the
feedback limit (:class:`gateway_api.feedback.FeedbackGuard`). Old rows are deleted by
the worker (``GATEWAY_USAGE_LOG_DAYS``).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from typing import Any

from fastapi import Request

from gateway_api.schemas import SearchResponse
from gateway_api.search import SearchParams
from gateway_api.throttle import FailureThrottle, client_key
from registry.portals import Registry

logger = logging.getLogger(__name__)

DEFAULT_LOGGED_PER_HOUR = 60
_HOUR = 3600.0


class SearchLogBudget:
    """How many of one client's searches an hour go into the query log (per process)."""

    def __init__(self, per_hour: int = DEFAULT_LOGGED_PER_HOUR, max_clients: int = 100_000):
        self.per_hour = per_hour
        self._secret = secrets.token_bytes(32)
        self._counts = FailureThrottle(max_failures=per_hour, window=_HOUR, max_clients=max_clients)

    def allow(self, client: str) -> bool:
        """Count one logged search of ``client``; False once its hour's budget is spent."""
        key = hmac.new(self._secret, client.encode(), hashlib.sha256).hexdigest()[:16]
        wait, _ = self._counts.attempt(key)
        return wait is None


def log_search(
    registry: Registry,
    params: SearchParams,
    response: SearchResponse,
    request: Request | None = None,
    **extra: Any,
) -> None:
    """Log one citizen search: once (its first page only), and only when text was typed,
    within the client's budget when the request is given (the app's
    :class:`SearchLogBudget`).

    Browsing an agency or a category without text is not a query; later pages
    of the same search are the same query read further.
    """
    if params.page != 1 or not params.text:
        return
    budget: SearchLogBudget | None = (
        getattr(request.app.state, "search_log_budget", None) if request is not None else None
    )
    if budget is not None and request is not None and not budget.allow(client_key(request)):
        return  # answered, not logged
    try:
        registry.log_query(
            params.text, response.total, **{"weak": response.match == "partial", **extra}
        )
    except Exception as exc:  # never let the log break a search
        logger.warning("could not log a search query: %s", exc)


def log_click(registry: Registry, service_id: str) -> None:
    """Log that a citizen followed a result to its agency portal."""
    try:
        registry.log_click(service_id)
    except Exception as exc:  # never let the log break a redirect
        logger.warning("could not log a click on %s: %s", service_id, exc)
