"""A «نمایش بیشتر» (load more) button that asks its next cards by POST.

ASP.NET MVC's usual "load more" is an ``[HttpPost]`` action returning a partial view of
cards: ``$.post('/fa/Services/LoadMore', {page: p, __RequestVerificationToken: token})``.
A GET of that address answers 404, so the page's other cards are reachable only as its
script asks them. This module reads, from a page's inline script, the POST calls that ask a
numbered page (jQuery's ``$.post`` and ``$.ajax({type: 'POST'})``, ``fetch(url, {method:
'POST', body})``, ``axios.post``): their address, the page number's field and the other
fields, each a literal or the value of a field of the page (the antiforgery token's hidden
input). A call that files something (a login, a vote, a comment, a delete) is never read:
only a call with a page number field and no word of a state change, in its address or its
fields, is a load-more.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice

from crawlers.scriptnav import split_top

MAX_CALLS = 5  # load-more calls read from one page's script
MAX_CODE = 200_000  # characters of script read
MAX_LITERAL = 4_000  # characters of one call's object literal
MAX_FIELDS = 20  # fields of one call's data
MAX_STARTS = 20  # POST calls read from one page's script, load-more or not
# characters of object literal walked for one page's calls in all: a script of 15,000 unclosed
# ``$.post('/x',{`` held the crawl's reactor for seconds a page (red team round 14)
MAX_READ = 50_000

# The start of a POST call: jQuery's ``$.post(url, {`` and axios's ``axios.post(url, {``
# name the address first; ``$.ajax({`` and ``fetch(url, {`` say the method in their options.
_POST = re.compile(
    r"""(?<![\w$])(?:\$|jQuery|axios)\.post\(\s*(['"`])([^'"`\s]{1,300})\1\s*,\s*\{"""
)
_AJAX = re.compile(r"""(?<![\w$])(?:\$|jQuery)\.ajax\(\s*\{""")
_FETCH = re.compile(r"""\bfetch\(\s*(['"`])([^'"`\s]{1,300})\1\s*,\s*\{""")
_METHOD_POST = re.compile(r"""\b(?:type|method)\s*:\s*(['"])post\1""", re.IGNORECASE)
_URL_OPTION = re.compile(r"""\burl\s*:\s*(['"`])([^'"`\s]{1,300})\1""")
_DATA_OPTION = re.compile(
    r"""\b(?:data|body)\s*:\s*(JSON\.stringify\(\s*|new\s+URLSearchParams\(\s*)?\{"""
)
# The field that numbers the page asked (``page``, ``pageIndex``, ``PageNumber``, ``p``…).
_PAGE_KEY = re.compile(r"(p|pg|page|pageno|pagenum|pagenumber|pageindex|currentpage)", re.I)
# Words of an address or a field that changes something: never sent.
_STATE_WORDS = {
    "add",
    "buy",
    "cancel",
    "cart",
    "checkout",
    "comment",
    "confirm",
    "create",
    "delete",
    "edit",
    "email",
    "insert",
    "like",
    "login",
    "logout",
    "message",
    "password",
    "pay",
    "register",
    "remove",
    "reset",
    "save",
    "send",
    "signin",
    "signup",
    "submit",
    "subscribe",
    "update",
    "upload",
    "vote",
}
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_KEY = re.compile(r"""^\s*(['"]?)([A-Za-z_$][\w$]{0,60})\1\s*:\s*(.+?)\s*$""", re.S)
_SHORTHAND = re.compile(r"[A-Za-z_$][\w$]{0,60}")
_STRING = re.compile(r"""^(['"])([^'"\\]{0,500})\1$""")
_NUMBER = re.compile(r"^-?\d{1,9}$")
# Where an expression reads a field of the page: ``$('input[name=X]').val()``, ``$('#X')``,
# ``getElementById('X')``, ``getElementsByName('X')[0]``, ``querySelector('[name="X"]')``.
_BY_NAME = re.compile(
    r"""name\s*=\s*['"]?([\w$.\-]{1,80})|getElementsByName\(\s*['"]([^'"]{1,80})"""
)
_BY_ID = re.compile(r"""['"]#([\w\-]{1,80})['"]|getElementById\(\s*['"]([^'"]{1,80})""")


@dataclass(frozen=True)
class LoadMore:
    """One load-more call: where it posts, the page number's field, the other fields as
    sent, and whether it sends JSON (``JSON.stringify``, axios) rather than a form."""

    url: str
    page_key: str
    fields: tuple[tuple[str, str], ...]
    json: bool = False

    def body(self, page: int) -> dict[str, str]:
        """The fields sent for ``page``."""
        return {**dict(self.fields), self.page_key: str(page)}


def calls(code: str, inputs: Mapping[str, str]) -> list[LoadMore]:
    """The load-more calls of ``code`` (a page's inline script), at most :data:`MAX_CALLS`;
    ``inputs``: the page's form fields, by ``name`` and by ``#id``, for the values the script
    reads from them (the antiforgery token)."""
    code = code[:MAX_CODE]
    found: list[LoadMore] = []
    for start in _starts(code):
        url, options, data, json = start
        if options is not None and not _METHOD_POST.search(options):
            continue  # a GET $.ajax or fetch: its address is read as a page's elsewhere
        call = _load_more(url, data, inputs, json=json)
        if call is not None and call not in found:
            found.append(call)
        if len(found) >= MAX_CALLS:
            break
    return found


def posted_paths(code: str) -> set[str]:
    """Every address ``code`` posts to (by the calls :func:`calls` reads, load-more or not):
    never asked by GET as a page (an ``[HttpPost]`` action answers a GET with 404)."""
    return {
        url
        for url, options, _, _ in _starts(code[:MAX_CODE])
        if options is None or _METHOD_POST.search(options)
    }


@lru_cache(maxsize=8)
def _starts(code: str) -> tuple[tuple[str, str | None, str, bool], ...]:
    """(address, the call's options when they must say POST, its data literal, JSON or
    not) of each ``$.post``, ``$.ajax`` and ``fetch`` call of ``code``, at most
    :data:`MAX_STARTS`, within :data:`MAX_READ` characters of literal walked. Kept for the
    page's second caller (``auto`` asks :func:`posted_paths` and :func:`calls` of each
    section page): the same script is read once."""
    out: list[tuple[str, str | None, str, bool]] = []
    budget = _Budget(MAX_READ)
    for match in islice(_POST.finditer(code), MAX_STARTS):
        data = braced(code, match.end() - 1, budget)
        out.append((match.group(2), None, data, match.group(0).startswith("axios")))
    for match in chain(_AJAX.finditer(code), _FETCH.finditer(code)):
        if len(out) >= MAX_STARTS or budget.left <= 0:
            break
        options = braced(code, match.end() - 1, budget)
        url = match.group(2) if match.re is _FETCH else None
        if url is None:
            named = _URL_OPTION.search(options)
            url = named.group(2) if named else None
        data_at = _DATA_OPTION.search(options)
        if url is None or data_at is None:
            continue
        data = braced(options, data_at.end() - 1, budget)
        json = (data_at.group(1) or "").startswith("JSON")
        out.append((url, options, data, json))
    return tuple(out)


@dataclass
class _Budget:
    """Characters of literal a page's calls may still walk."""

    left: int


def braced(code: str, at: int, budget: _Budget | None = None) -> str:
    """The object literal opening at ``code[at]`` (``{``), without its braces, quotes and
    nesting respected; at most :data:`MAX_LITERAL` characters, and no more than ``budget``
    has left ("" if it does not close within them). What was walked is taken from
    ``budget``."""
    limit = MAX_LITERAL if budget is None else max(0, min(MAX_LITERAL, budget.left))
    end = min(len(code), at + limit)
    depth, quote = 0, ""
    for index in range(at, end):
        char = code[index]
        if quote:
            if char == quote and code[index - 1] != "\\":
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
            if depth == 0:
                if budget is not None:
                    budget.left -= index + 1 - at
                return code[at + 1 : index]
    if budget is not None:
        budget.left -= end - at
    return ""


def _split(literal: str) -> list[str]:
    """The ``key: value`` parts of an object literal's body (commas inside calls, strings
    and nested literals kept, :func:`crawlers.scriptnav.split_top`); none when it is not well
    formed."""
    parts = split_top(literal, ",") or []
    return [p for p in parts if p.strip()][:MAX_FIELDS]


def names_a_change(text: str) -> bool:
    """Whether an address, a field or a control's name names a state change (``btnDelete``,
    ``/Vote``, ``SaveForm``): what is never sent."""
    return bool(_words(text) & _STATE_WORDS)


def _words(text: str) -> set[str]:
    """The lowercase words of an address or a name (``LoadMore`` → load, more)."""
    return {w.lower() for w in _WORD.findall(text)}


def _load_more(url: str, data: str, inputs: Mapping[str, str], *, json: bool) -> LoadMore | None:
    """The call, when it asks a numbered page and changes nothing; its fields' values read
    (:func:`_value`)."""
    if _words(url.split("?", 1)[0]) & _STATE_WORDS:
        return None
    page_key, fields = "", []
    for part in _split(data):
        if _SHORTHAND.fullmatch(part.strip()):  # ES2015's ``{ page }``: ``{ page: page }``
            part = f"{part.strip()}: {part.strip()}"
        pair = _KEY.match(part)
        if pair is None:  # a spread or a computed key: fields the script alone knows
            return None
        key, expression = pair.group(2), pair.group(3)
        if _words(key) & _STATE_WORDS:
            return None
        if not page_key and _PAGE_KEY.fullmatch(key):
            page_key = key
            continue
        fields.append((key, _value(key, expression, inputs)))
    if not page_key:
        return None
    return LoadMore(url, page_key, tuple(fields), json)


def _value(key: str, expression: str, inputs: Mapping[str, str]) -> str:
    """What the script sends for ``key``: a literal as written; the page's field the
    expression reads; else the page's field named ``key`` (a form's field names its key,
    as ``__RequestVerificationToken`` does); else nothing."""
    literal = _STRING.match(expression)
    if literal:
        return literal.group(2)
    if _NUMBER.match(expression):
        return expression
    by_name, by_id = _BY_NAME.search(expression), _BY_ID.search(expression)
    if by_name and (by_name.group(1) or by_name.group(2)) in inputs:
        return inputs[by_name.group(1) or by_name.group(2)]
    if by_id and "#" + (by_id.group(1) or by_id.group(2)) in inputs:
        return inputs["#" + (by_id.group(1) or by_id.group(2))]
    return inputs.get(key, "")
