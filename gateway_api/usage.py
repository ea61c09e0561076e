"""Usage logs for the dashboards: what citizens search for and which services they open.

Logging is a by-product of serving a citizen, so a failure here (a locked or
unreachable registry database) is logged as a warning and never breaks the
search or the redirect. The web app's registry (:class:`registry.serving.ServingRegistry`)
only queues the entry here; a background thread writes it, so no request waits
on the database's write lock. What is stored is decided by the registry: normalised
query text with personal numbers masked, a service id; no IPs, no sessions.
"""

from __future__ import annotations

import logging
from typing import Any

from gateway_api.schemas import SearchResponse
from gateway_api.search import SearchParams
from registry.portals import Registry

logger = logging.getLogger(__name__)


def log_search(
    registry: Registry, params: SearchParams, response: SearchResponse, **extra: Any
) -> None:
    """Log one citizen search: once (its first page only), and only when text was typed.

    Browsing an agency or a category without text is not a query; later pages
    of the same search are the same query read further.
    """
    if params.page != 1 or not params.text:
        return
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
