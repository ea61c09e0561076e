"""Deep-link safety: /go only redirects to pages of registered portals.

The index holds URLs harvested from untrusted HTML; a poisoned page must not
turn the gateway into an open redirector. The registry is consulted at request
time so that removing a portal stops its links at once.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from registry.portals import Registry
from registry.registration import unsafe_link_reason


def redirect_host(url: str) -> str:
    """The host a browser would go to, as far as we can tell (for messages)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_safe_deep_link(url: str, registry: Registry) -> bool:
    """A well-formed link (:func:`registry.registration.unsafe_link_reason`) on a portal
    registered now."""
    return not unsafe_link_reason(url) and registry.portal_for_url(url) is not None
