"""The calls a script makes to a GraphQL API, made as it makes them, page after page.

A GraphQL list is a query with variables: ``query List($page: Int!) { … }`` sent with
``{"page": 1}``. Apollo clients with Automatic Persisted Queries send it by GET, the query
named by its SHA-256 (``/graphql?operationName=…&variables=…&extensions={"persistedQuery":
…}``) so that a CDN can cache the answer; a server that does not know the hash answers
``PersistedQueryNotFound`` and the client posts the whole text. Such an API names no next
page: the answer's ``pageInfo { hasNextPage endCursor }`` says there is one, and the script
asks for it with ``variables.after`` set to the cursor, or its page variable one more.

Here a script's code is read for those calls (the hash, the operation's name, the variables
object it writes and which of its keys is a page number or a cursor), and an answer for the
call that follows. A query the script sends is only read (the protocol's own rule: queries
change nothing); mutations are never sent. Everything read from the portal is bounded.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

MAX_CALLS = 5  # calls read from one script
MAX_VARIABLES = 12  # keys of one variables object
MAX_CURSOR = 500  # characters of a cursor sent back
MAX_SIZE = 100  # a page size the crawler fills in itself (a literal one is the script's)
_PAGE_KEYS = frozenset({"page", "pagenumber", "pageindex", "pageno", "currentpage", "p", "pagenum"})
_CURSOR_KEYS = frozenset({"after", "cursor", "endcursor", "aftercursor"})
_SIZE_KEYS = frozenset({"size", "first", "limit", "pagesize", "take", "perpage", "per_page"})
_HASH = re.compile(
    r"""sha256Hash["']?\s*:\s*(?:["']([0-9a-fA-F]{64})["']|([A-Za-z_$][\w$]{0,60}))"""
)
_OPERATION = re.compile(r"""operationName(?:=|["']?\s*:\s*["'])([A-Za-z_]\w{0,80})""")
_VARIABLES = re.compile(
    r"""variables["']?\s*[:=]\s*["'`]?\s*\+?\s*(?:encodeURIComponent\(\s*)?"""
    r"""(?:JSON\.stringify\(\s*)?(\{[^{}]{0,400}\})"""
)
_GET_ENDPOINT = re.compile(
    r"""["'`]((?:https?://[^/"'`\s]+)?/(?:[\w.-]+/){0,3}graphql/?)\?"""
    r"""(?:operationName|variables|extensions|query)="""
)
_DECLARED = re.compile(r"\$(\w{1,40})\s*:\s*\[?(\w{1,40})\]?(!?)(?:\s*=\s*([\w\"]{1,40}))?")
_QUERY_NAME = re.compile(r"^\s*query\s+(\w{1,80})")
_FIELD = re.compile(r"""^\s*["']?([A-Za-z_$][\w$]{0,40})["']?\s*:\s*(.{1,200}?)\s*$""", re.DOTALL)


@dataclass(frozen=True)
class Call:
    """One call of a script's: where, how (GET with a hash, else POST), what it names."""

    endpoint: str
    query: str | None = None
    operation: str | None = None
    sha256: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    page_key: str | None = None
    cursor_key: str | None = None
    get: bool = False

    def url(self, absolute: str) -> str:
        """The GET address: Apollo's parameters, the hash in ``extensions`` (else the text)."""
        params: list[tuple[str, str]] = []
        if self.operation:
            params.append(("operationName", self.operation))
        params.append(("variables", _compact(self.variables)))
        if self.sha256:
            persisted = {"persistedQuery": {"version": 1, "sha256Hash": self.sha256}}
            params.append(("extensions", _compact(persisted)))
        elif self.query:
            params.append(("query", self.query))
        return f"{absolute}?{urlencode(params)}"

    def body(self) -> dict[str, Any]:
        """The POST body: the query's text with the variables the script names."""
        body: dict[str, Any] = {"query": self.query}
        if self.operation:
            body["operationName"] = self.operation
        if self.variables:
            body["variables"] = self.variables
        if self.sha256:
            body["extensions"] = {"persistedQuery": {"version": 1, "sha256Hash": self.sha256}}
        return body

    def posted(self) -> Call | None:
        """The same call by POST with its whole text (Apollo's answer to
        ``PersistedQueryNotFound``), when the script holds the text."""
        return replace(self, get=False) if self.get and self.query else None


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _literal(value: str) -> tuple[bool, Any]:
    """A JS literal's value (number, string, true/false/null), or (False, None) for an
    expression the script computes (a page number it passes in)."""
    value = value.strip()
    if re.fullmatch(r"-?\d{1,9}", value):
        return True, int(value)
    if re.fullmatch(r"""(["'])[^"'\\]{0,200}\1""", value):
        return True, value[1:-1]
    if value in ("true", "false", "null"):
        return True, {"true": True, "false": False, "null": None}[value]
    return False, None


def object_fields(literal: str) -> dict[str, tuple[bool, Any]]:
    """A flat ``{page:p,size:4}`` literal's keys: each (is a literal, its value)."""
    fields: dict[str, tuple[bool, Any]] = {}
    for part in literal.strip()[1:-1].split(",")[:MAX_VARIABLES]:
        if match := _FIELD.match(part):
            fields[match.group(1)] = _literal(match.group(2))
        elif re.fullmatch(r"\s*[A-Za-z_$][\w$]{0,40}\s*", part):  # ES2015 shorthand ``{page}``
            fields[part.strip()] = (False, None)
    return fields


def declared(query: str | None) -> dict[str, tuple[str, bool, str | None]]:
    """The variables a query declares: name -> (type, required, default)."""
    if not query:
        return {}
    head = query.split("{", 1)[0]
    return {n: (t, bang == "!", d or None) for n, t, bang, d in _DECLARED.findall(head)[:20]}


def _start(name: str, kind: str, literal: tuple[bool, Any] | None) -> tuple[bool, Any]:
    """A variable's first value: the script's literal; a page number's 1; a cursor's none; a
    size the crawler must fill in, :data:`MAX_SIZE`."""
    if literal is not None and literal[0]:
        return literal
    key = name.lower()
    if key in _PAGE_KEYS:
        return True, 1
    if key in _SIZE_KEYS and kind in ("Int", "Float"):
        return True, MAX_SIZE
    return False, None


def variables_of(
    written: dict[str, tuple[bool, Any]], query: str | None
) -> tuple[dict[str, Any], str | None, str | None]:
    """The first variables of a call, and its page and cursor keys: the keys the script
    writes (those the query declares, when it declares any), and a required page number it
    leaves out."""
    declarations = declared(query)
    names = list(written) if not declarations else [n for n in declarations if n in written]
    names += [n for n, (_, required, _) in declarations.items() if required and n not in names]
    variables: dict[str, Any] = {}
    page_key = cursor_key = None
    for name in names[:MAX_VARIABLES]:
        kind = declarations.get(name, ("", False, None))[0]
        key = name.lower()
        if key in _CURSOR_KEYS:
            cursor_key = name
            continue
        known, value = _start(name, kind, written.get(name))
        if key in _PAGE_KEYS:
            page_key = name
        if known:
            variables[name] = value
    if cursor_key is None:
        cursor_key = next((n for n in declarations if n.lower() in _CURSOR_KEYS), None)
    return variables, page_key, cursor_key


def _hash(code: str) -> str | None:
    """The persisted query's hash the script writes, or the constant it names."""
    found = _HASH.search(code)
    if not found:
        return None
    if found.group(1):
        return found.group(1).lower()
    constant = re.search(
        rf"""\b{re.escape(found.group(2))}\s*=\s*["']([0-9a-fA-F]{{64}})["']""", code
    )
    return constant.group(1).lower() if constant else None


def _operation(code: str, query: str | None) -> str | None:
    """The operation's name: the query's own (an anonymous one has none), else, for a call
    that sends only a hash, the name the script writes."""
    if query is not None:
        named = _QUERY_NAME.match(query)
        return named.group(1) if named else None
    found = _OPERATION.search(code)
    return found.group(1) if found else None


def builds_get(code: str) -> bool:
    """Whether ``code`` builds a GraphQL address with a query (``/graphql?operationName=``)."""
    return bool(_GET_ENDPOINT.search(code))


def script_calls(code: str, endpoints: list[str], queries: list[str]) -> list[Call]:
    """The calls ``code`` makes: by GET when it builds a ``/graphql?…`` address (with the
    persisted query's hash it writes, else the SHA-256 of the query's text, as Apollo makes
    it), else by POST; each with the variables it writes, bounded by :data:`MAX_CALLS`."""
    gets = list(dict.fromkeys(_GET_ENDPOINT.findall(code)))
    written = {}
    if found := _VARIABLES.search(code):
        written = object_fields(found.group(1))
    sha = _hash(code)
    calls: list[Call] = []
    for endpoint in (gets or endpoints)[:3]:
        texts: list[str | None] = [*queries] or [None]  # a call by hash alone has no text
        for query in texts[:MAX_CALLS]:
            variables, page_key, cursor_key = variables_of(written, query)
            digest = sha if sha and len(queries) <= 1 else None
            if gets and digest is None and query and "persistedQuery" in code:
                digest = hashlib.sha256(query.encode()).hexdigest()
            if query is None and not (gets and digest):
                continue
            calls.append(
                Call(
                    endpoint,
                    query,
                    _operation(code, query),
                    digest,
                    variables,
                    page_key,
                    cursor_key,
                    get=bool(gets),
                )
            )
    return calls[:MAX_CALLS]


def page_info(data: Any, depth: int = 0) -> dict[str, Any] | None:
    """The answer's ``pageInfo`` (Relay's and Apollo's name for where the list stops)."""
    if depth > 5:
        return None
    if isinstance(data, dict):
        info = data.get("pageInfo")
        if isinstance(info, dict):
            return info
        for value in list(data.values())[:50]:
            if (found := page_info(value, depth + 1)) is not None:
                return found
    elif isinstance(data, list):
        for value in data[:5]:
            if (found := page_info(value, depth + 1)) is not None:
                return found
    return None


def next_call(call: Call, data: Any, records: bool) -> Call | None:
    """The call for the next page: the cursor ``pageInfo.endCursor`` names, else the page
    number one more, while ``hasNextPage`` says so (without ``pageInfo``: while records
    keep coming); None at the end."""
    info = page_info(data) or {}
    more = info.get("hasNextPage")
    if more is False or (more is None and not records):
        return None
    cursor = info.get("endCursor")
    if call.cursor_key and isinstance(cursor, str) and 0 < len(cursor) <= MAX_CURSOR:
        if call.variables.get(call.cursor_key) == cursor:
            return None
        return replace(call, variables={**call.variables, call.cursor_key: cursor})
    number = call.variables.get(call.page_key) if call.page_key else None
    if isinstance(number, int):
        return replace(call, variables={**call.variables, str(call.page_key): number + 1})
    return None


def unknown_hash(data: Any) -> bool:
    """Whether the server does not know the persisted query (Apollo's error)."""
    errors = data.get("errors") if isinstance(data, dict) else None
    return isinstance(errors, list) and any(
        "PersistedQueryNotFound" in json.dumps(e)[:1000] for e in errors[:5]
    )
