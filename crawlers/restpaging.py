"""The next page of a REST collection that names no next address but says where it is.

Some APIs answer a page of records and a count, never the next page's address: Spring Data
REST's ``"page": {"number": 0, "totalPages": 3}`` (behind a proxy that rewrote its links
away), Strapi's ``"meta": {"pagination": {"page": 1, "pageSize": 25, "pageCount": 2,
"total": 30}}`` (v4 and v5; ``{"start": 0, "limit": 25, "total": 30}`` when asked by
offset), and the like. Strapi's own default page is 25 records and a site may set it lower
(``rest.defaultLimit``), so a script's first request may leave records on later pages
(held-out round 19: 6 of 11, ``pageCount: 2``, page 2 never asked). The next page is the
address asked with its page (or offset) parameter moved on: the one the address already
carries as the script wrote it (``pagination[page]``, ``page``, Strapi v3's
``_start``/``_limit``), else the API's documented one (Strapi's ``pagination[page]``,
``pagination[start]``: https://docs.strapi.io/dev-docs/api/rest/sort-pagination).

Nothing is guessed beyond the count the answer gives: no next page once the last is reached.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

# Page-number parameters as a script writes them, and the offset pairs (start, size).
PAGE_PARAMS = ("pagination[page]", "page", "page[number]", "pageNumber", "pageIndex")
OFFSET_PARAMS = (
    ("pagination[start]", "pagination[limit]"),
    ("_start", "_limit"),  # Strapi v3
    ("start", "limit"),
    ("offset", "limit"),
)
# Where an envelope keeps its count, and the names of its page and page count.
_ENVELOPES = ("meta.pagination", "pagination", "meta")
_PAGE_KEYS = ("page", "currentPage", "current_page")
_COUNT_KEYS = ("pageCount", "totalPages", "total_pages", "lastPage", "last_page")
_SMALL = re.compile(r"\d{1,6}")


def _int(value: Any) -> int | None:
    """A count as an API writes it: a number, or digits in a string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _SMALL.fullmatch(value):
        return int(value)
    return None


def _dig(data: Any, path: str) -> Any:
    for step in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(step)
    return data


def _first(scope: dict[str, Any], keys: tuple[str, ...]) -> int | None:
    for key in keys:
        if (value := _int(scope.get(key))) is not None:
            return value
    return None


def _with(url: str, values: dict[str, str]) -> str:
    """``url`` with ``values`` set in its query, its other parameters kept in order."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in values]
    query += list(values.items())
    return parts._replace(query=urlencode(query, safe="[]")).geturl()


def next_url(url: str, data: Any, records: int) -> str | None:
    """The address of the page after ``url``, whose answer is ``data`` listing ``records``
    records, or None: by Spring's ``page``, by an envelope's page count (:data:`_ENVELOPES`)
    or offset and total, or, with no count at all, by an offset pair the address carries
    whose page came back full (Strapi v3 answers a bare list)."""
    if not isinstance(data, dict):
        return _offset_next(url, records) if isinstance(data, list) else None
    asked = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    paging = data.get("page")
    if isinstance(paging, dict):  # Spring Data REST, numbered from 0
        number, total = _int(paging.get("number")), _int(paging.get("totalPages"))
        if number is not None and total is not None and 0 <= number < total - 1:
            return _with(url, {"page": str(number + 1)})  # Spring's name, asked for or not
    for where in _ENVELOPES:
        scope = _dig(data, where)
        if not isinstance(scope, dict):
            continue
        strapi = where == "meta.pagination"
        page, count = _first(scope, _PAGE_KEYS), _first(scope, _COUNT_KEYS)
        if page is not None and count is not None:
            if not 1 <= page < count or records == 0:
                return None
            name = next((p for p in PAGE_PARAMS if p in asked), None)
            name = name or ("pagination[page]" if strapi else "page")
            return _with(url, {name: str(page + 1)})
        start, limit, total = (_int(scope.get(k)) for k in ("start", "limit", "total"))
        if start is not None and limit and total is not None:
            if start + limit >= total or records == 0:
                return None
            pair = next((p for p in OFFSET_PARAMS if p[0] in asked), None)
            pair = pair or (OFFSET_PARAMS[0] if strapi else ("start", "limit"))
            return _with(url, {pair[0]: str(start + limit), pair[1]: str(limit)})
    return _offset_next(url, records)


def _offset_next(url: str, records: int) -> str | None:
    """The next page of an address carrying an offset pair (``_start=0&_limit=10``) whose
    answer gave a full page of records: the same size from the next offset."""
    asked = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    for start_key, limit_key in OFFSET_PARAMS:
        start, limit = _int(asked.get(start_key)), _int(asked.get(limit_key))
        if start is not None and limit and records >= limit:
            return _with(url, {start_key: str(start + limit)})
    return None


def first_page(address: str) -> str | None:
    """The first page of an API address a template literal writes with its paging in
    placeholders (`` `/api/khadamats?pagination[page]=${page}&pagination[pageSize]=4` ``):
    its page parameter 1, its offset 0, any other placeholder's parameter left out (the
    server's default); None when the path itself is a placeholder's."""
    path, _, query = address.partition("?")
    if "${" in path:
        return None
    starts = {start for start, _ in OFFSET_PARAMS}
    kept: list[tuple[str, str]] = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        if "${" not in value and "${" not in key:
            kept.append((key, value))
        elif key in PAGE_PARAMS:
            kept.append((key, "1"))
        elif key in starts:
            kept.append((key, "0"))
    return f"{path}?{urlencode(kept, safe='[]')}" if kept else path
