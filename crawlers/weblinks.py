"""The HTTP ``Link`` header (RFC 8288, "Web Linking"): the links a response names outside
its body.

A listing with infinite scroll may announce its later pages only there (``Link:
</fa/khadamat?page=2>; rel="next"``), and a JSON API its next page (WordPress, GitHub).
The header is parsed as the RFC writes it, not split on commas: a target may hold a comma
(``<…?ids=1,2>``), a quoted parameter may too (``title="a, b"``), ``rel`` may be a quoted
list of relation types (``rel="next last"``), and the header may be sent more than once.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from scrapy.http import Response

MAX_LINKS = 50  # links read from one response's headers (a pager names a handful)
MAX_HEADER = 16_384  # characters of the Link headers read

_TARGET = re.compile(r"\s*<([^>]*)>")
# ``; name=value``, ``; name="quoted \" value"``, or a bare ``; name`` (RFC 8288 §3).
_PARAMETER = re.compile(
    r"""\s*;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+\*?)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;,"]*)))?"""
)


def parse(value: str) -> list[tuple[str, dict[str, str]]]:
    """Each link of a ``Link`` header value: its target as written and its parameters, names
    lower-cased; of a parameter given twice the first counts (§3.3 says so of ``rel``)."""
    links: list[tuple[str, dict[str, str]]] = []
    position, end = 0, min(len(value), MAX_HEADER)
    while position < end and len(links) < MAX_LINKS:
        target = _TARGET.match(value, position)
        if target is None:  # not a link: skip to the next one, if there is one
            comma = value.find(",", position + 1)
            if comma < 0:
                break
            position = comma + 1
            continue
        params: dict[str, str] = {}
        position = target.end()
        while found := _PARAMETER.match(value, position):
            name = found.group(1).lower()
            quoted, token = found.group(2), found.group(3)
            text = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else token or ""
            params.setdefault(name, text)
            position = found.end()
        links.append((target.group(1).strip(), params))
        # up to the comma that ends this link (anything malformed before it is dropped)
        comma = value.find(",", position)
        if comma < 0:
            break
        position = comma + 1
    return links


def _text(header: bytes) -> str:
    """A header's bytes as text: UTF-8 when they are (a Persian path sent raw), else Latin-1."""
    try:
        return header.decode("utf-8")
    except UnicodeDecodeError:
        return header.decode("latin-1")


def header_links(response: Response, relations: set[str]) -> list[str]:
    """The absolute targets of a response's ``Link`` headers with one of ``relations``
    (matched case-insensitively among the space-separated types of ``rel``), in order.

    A link with an ``anchor`` is about another resource than this page (§3.2): not taken.
    Targets are resolved against the response's own URL, the link's context."""
    found = []
    for header in (response.headers.getlist(b"Link") or [])[:10]:
        for target, params in parse(_text(header)):
            if "anchor" in params or not target:
                continue
            if relations & set(params.get("rel", "").lower().split()):
                found.append(urljoin(response.url, target))
    return list(dict.fromkeys(found))
