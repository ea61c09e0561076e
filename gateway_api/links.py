"""Deep-link safety: /go only redirects to pages of registered portals.

The index holds URLs harvested from untrusted HTML; a poisoned page must not
turn the gateway into an open redirector. The registry is consulted at request
time so that removing a portal stops its links at once.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from registry.portals import Registry

_FORBIDDEN = set("\\\t\r\n ") | {chr(c) for c in range(0x20)} | {"\x7f"}


def redirect_host(url: str) -> str:
    """The host a browser would go to, as far as we can tell (for messages)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_safe_deep_link(url: str, registry: Registry) -> bool:
    """http(s), no credentials, no characters browsers and Python parse differently.

    A backslash is a path separator to browsers but not to ``urlsplit``
    (``http://evil.example\\@portal.gov.ir`` goes to evil.example), browsers
    percent-decode host names and Python does not, and ``user@host`` is only
    ever used for phishing in a deep link.
    """
    if not url or any(ch in _FORBIDDEN for ch in url):
        return False
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a malformed port
    except ValueError:
        return False
    del port
    if parts.scheme not in ("http", "https") or "@" in parts.netloc or "%" in parts.netloc:
        return False
    return bool(parts.hostname) and registry.portal_for_url(url) is not None
