"""A page that only sends its visitor on by script, followed like a meta refresh.

A bare domain's homepage is often nothing but ``<script>window.location.replace("/fa/")
</script>`` (or ``location.href = "/fa/"``, ``document.location = '/fa/'``): to a browser
it is a redirect, to a crawler a page without a single link, and the crawl ended there with
no services and no alert (held-out round 14). Scrapy follows a 3xx and a ``<meta refresh>``;
this middleware follows that script the same way, through Scrapy's own redirect handling
(the redirect limit, ``redirect_urls``, and every downloader middleware again, so the
offsite and private-address guards apply to the target).

Only a stub page counts: next to no text and no links of its own. A real page whose
script navigates on a click or a condition (a login check, a language switch) keeps its
content; only a page with nothing else to read is taken for a redirect. The target must be
an ``http(s)`` page of the registered portal (never ``javascript:`` or ``data:``), not an
action (logout) and not the page itself.
"""

from __future__ import annotations

import base64
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from typing import Any
from urllib.parse import unquote, urljoin

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response
from scrapy.utils.httpobj import urlparse_cached

from crawlers.inlinestyle import declarations

# Where a script sends its visitor: ``location = …``, ``location.href = …`` (never ``==``),
# ``location["href"] = …``, with or without ``window.``, ``document.``, ``top.`` or ``self.``;
# ``location.replace(…)``, ``location.assign(…)``, ``window.open(…)``; each property also
# written in brackets (``window["location"] = …``, ``top['location']['href'] = …``: red team
# round 12). The target is the expression after it, read up to its end (``_expression``).
_LOCATION = r"""(?:\blocation\b|\[\s*['"]location['"]\s*\])\s*"""
_SINK = re.compile(
    _LOCATION + r"""(?:\.\s*href\s*|\[\s*['"]href['"]\s*\]\s*)?=(?!=)"""
    rf"""|{_LOCATION}(?:\.\s*(?:replace|assign)|\[\s*['"](?:replace|assign)['"]\s*\])\s*\("""
    r"""|\bwindow\s*(?:\.\s*open|\[\s*['"]open['"]\s*\])\s*\("""
)
_LITERAL = re.compile(r"""(['"`])((?:\\.|(?!\1).){0,2000}?)\1""", re.DOTALL)
_ESCAPE = re.compile(r"""\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]{1,6}\}|.)""", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_$][\w$]*$")
_CALL = re.compile(r"""^(atob|unescape|decodeURIComponent|decodeURI)\s*\((.*)\)$""", re.DOTALL)
_CHAR_CODES = re.compile(r"^String\s*\.\s*fromCharCode\s*\(([\d\s,]{1,4000})\)$")
# Code that hides where it goes: no portal writes its own links like this, hijacks do
_HIDING = re.compile(
    r"""\batob\s*\(|fromCharCode|\bunescape\s*\(|\beval\s*\(|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}"""
    r"""|['"]\s*\+\s*['"]"""
)
# A target made from the page's own address (frame busting, an https switch): never away
_OWN_ADDRESS = re.compile(r"\b(location|document\s*\.\s*URL|self|this)\b")
_ABSOLUTE = re.compile(r"""(?:https?:)?//[^/?#\s'"\\]+[/?#]?""", re.IGNORECASE)

# What a block of code is, by the text before its ``{``: code run as the page loads (a timer,
# jQuery's ready, DOMContentLoaded, window.onload, an immediately called function, a plain or
# conditional block), or anything else (a named function, a click handler, a method), whose
# code runs only when something calls it.
_LOAD_BLOCK = re.compile(
    r"""\b(setTimeout|setInterval|requestAnimationFrame)\s*\("""
    r"""|\.\s*ready\s*\(|(^|[^\w$.])(\$|jQuery)\s*\(\s*(function\b|\(|async\b)"""
    r"""|DOMContentLoaded|['"](load|pageshow|readystatechange)['"]"""
    r"""|\bon(load|pageshow|readystatechange)\s*=\s*(function\b|\()"""
    r"""|^[\s(!+~;]*(async\s+)?function\s*\(|^[\s(!+~;]*\(\s*\)\s*=>|^\s*void\s+function\s*\("""
    r"""|^\s*(else|try|finally|do)?\s*$|^\s*(else\s+)?if\s*\(|^\s*(\}\s*)?else\b""",
    re.IGNORECASE,
)
_NAMED_FUNCTION = re.compile(r"\bfunction\s+([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*$")
MAX_CODE = 50_000  # characters of one script read
MAX_NAVIGATIONS = 100  # navigations of one script read
# One page's check in all (red team round 14: twenty scripts of ``location.href='/x'+a+…``
# held the crawl's reactor for 40 s a page): navigations read, and characters the check
# walks in Python (a script's blocks, each navigation's expression, the definitions it
# names, the blocks and calls around it). Past either the check stops with no verdict
# (:class:`CheckCut`); an honest page needs a small part of both.
PAGE_NAVIGATIONS = 200
PAGE_STEPS = 400_000
# An assignment ``name =`` (never ``==``, nor a property's ``x.name =``): where a variable
# gets the value a navigation reads (:func:`_definition`).
_ASSIGNMENT = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*=(?!=)")


class CheckCut(Exception):
    """A page's scripts need more work than one page's check does (:data:`PAGE_STEPS`,
    :data:`PAGE_NAVIGATIONS`): where they send the visitor is not known."""


@dataclass
class _Work:
    """What is left of one page's check."""

    steps: int = PAGE_STEPS
    navigations: int = PAGE_NAVIGATIONS


_WORK: ContextVar[_Work | None] = ContextVar("scriptnav_work", default=None)


def _spend(steps: int, navigations: int = 0) -> None:
    """Take work from the page's check under way, if any; :class:`CheckCut` once past it."""
    work = _WORK.get()
    if work is None:
        return
    work.steps -= steps
    work.navigations -= navigations
    if work.steps < 0:
        raise CheckCut(f"over {PAGE_STEPS:,} characters of script to walk")
    if work.navigations < 0:
        raise CheckCut(f"over {PAGE_NAVIGATIONS} navigations in its scripts")


@contextmanager
def page_budget() -> Iterator[_Work]:
    """One page's check: what runs inside shares :data:`PAGE_STEPS` and
    :data:`PAGE_NAVIGATIONS` (a check already under way keeps its own)."""
    work = _WORK.get()
    if work is not None:
        yield work
        return
    work = _Work()
    token = _WORK.set(work)
    try:
        yield work
    finally:
        _WORK.reset(token)


def _unescape(text: str) -> str:
    def one(found: re.Match[str]) -> str:
        code = found.group(1)
        if code[0] in "xu" and len(code) > 1:
            try:
                return chr(int(code[1:].strip("{}"), 16))
            except ValueError:
                return code
        return {"n": "\n", "t": "\t", "r": "\r"}.get(code, code)

    return _ESCAPE.sub(one, text)


def split_top(text: str, sep: str) -> list[str] | None:
    """``text`` split at ``sep`` outside quotes and brackets; None when it is not well formed."""
    _spend(len(text))
    parts, depth, quote, start, i, n = [], 0, "", 0, 0, len(text)
    while i < n:
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return None
        elif char == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    if quote or depth:
        return None
    parts.append(text[start:])
    return parts


def _expression(code: str, start: int, call: bool) -> str:
    """The expression at ``start``: up to the ``)`` closing the call (its first argument),
    or, for an assignment, to ``;``, a line end or the block's ``}``."""
    depth, quote, i, end = 0, "", start, min(len(code), start + 2000)
    while i < end:
        char = code[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (char == ";" or (char == "," and call) or (char == "\n" and not call)):
            break
        i += 1
    _spend(i - start)
    return code[start:i].strip()


class _Script:
    """What a check reads of one script once, however many navigations it holds: where each
    variable is assigned, and the values already folded (red team round 14: each of a
    script's navigations searched the whole script again for every variable it named)."""

    def __init__(self, code: str) -> None:
        _spend(len(code) // 10)  # one regex pass
        self.assigned: dict[str, list[int]] = {}  # name -> ends of its ``name =``, in order
        for found in _ASSIGNMENT.finditer(code):
            self.assigned.setdefault(found.group(1), []).append(found.end())
        self.folds: dict[tuple[str, int, int], list[str | None]] = {}
        self.expressions: dict[int, str] = {}
        self.called: dict[tuple[str, str, int], bool] = {}


@lru_cache(maxsize=32)
def _script(code: str) -> _Script:
    return _Script(code)


def _definition_at(name: str, code: str, before: int) -> tuple[str, int] | None:
    """The expression last given to variable ``name`` before ``before``, and where it starts,
    if any."""
    before = slice(None, before).indices(len(code))[1]
    script = _script(code)
    ends = script.assigned.get(name)
    _spend(1)
    if not ends:
        return None
    at = bisect_right(ends, before)
    if at == 0:
        return None
    end = ends[at - 1]
    if end not in script.expressions:
        script.expressions[end] = _expression(code, end, call=False)
    text = script.expressions[end]
    start = end + len(code[end : end + 2000]) - len(code[end : end + 2000].lstrip())
    return text, start


def _definition(name: str, code: str, before: int) -> str | None:
    """The expression last given to variable ``name`` before ``before``, if any."""
    found = _definition_at(name, code, before)
    return found[0] if found else None


def fold(expression: str, code: str = "", before: int = 0, depth: int = 0) -> list[str | None]:
    """The parts of a string expression, each its value or None when it cannot be known
    without running the script: string literals (their escapes read) joined by ``+``,
    variables given such a value earlier, ``atob``/``unescape``/``decodeURIComponent`` of
    one, ``String.fromCharCode`` of numbers (how hijacks hide their target, red team
    round 11). Nothing is ever run; each expression of a script is folded once."""
    folds = _script(code).folds
    key = (expression, before, depth)
    if key not in folds:
        folds[key] = _fold(expression, code, before, depth)
    return list(folds[key])


def _fold(expression: str, code: str, before: int, depth: int) -> list[str | None]:
    parts = split_top(expression.strip(), "+")
    if parts is None or depth > 4:
        return [None]
    values: list[str | None] = []
    for part in (p.strip() for p in parts):
        for _ in range(8):  # ``((("/fa/")))``, not a thousand brackets read a thousand times
            if not (part.startswith("(") and part.endswith(")") and split_top(part[1:-1], "+")):
                break
            part = part[1:-1].strip()
        literal = _LITERAL.fullmatch(part)
        call = _CALL.match(part)
        codes = _CHAR_CODES.match(part)
        if literal and not (literal.group(1) == "`" and "${" in literal.group(2)):
            values.append(_unescape(literal.group(2)))
        elif codes:
            try:
                values.append("".join(chr(int(n)) for n in codes.group(1).split(",") if n.strip()))
            except (ValueError, OverflowError):
                values.append(None)
        elif call:
            inner = fold(call.group(2), code, before, depth + 1)
            if None in inner:
                values.append(None)
                continue
            text = "".join(v for v in inner if v is not None)
            try:
                text = (
                    base64.b64decode(text + "=" * (-len(text) % 4)).decode("utf-8", "replace")
                    if call.group(1) == "atob"
                    else unquote(text)
                )
            except ValueError:
                values.append(None)
                continue
            values.append(text)
        elif _NAME.match(part) and (defined := _definition_at(part, code, before)) is not None:
            values.extend(fold(defined[0], code, defined[1], depth + 1))
        else:
            values.append(None)
    return values


def resolve(expression: str, code: str = "", before: int = 0) -> str | None:
    """The address an expression names, as far as it can be known without running it: the
    whole folded string, or its known start when that already names a host (``"https://x
    .example/?r=" + document.referrer``) or a path of the page's own site (``"/fa/" + l``)."""
    known = ""
    for value in fold(expression, code, before):
        if value is None:
            if _ABSOLUTE.match(known) and re.match(r"(?:https?:)?//[^/?#]+[/?#]", known):
                return known
            if known[:1] in ("/", "?", "#") and not known.startswith("//"):
                return known
            return None
        known += value
    return known.strip()


@lru_cache(maxsize=64)
def _brace_pairs(code: str) -> tuple[tuple[int, int], ...]:
    """(``{`` position, matching ``}`` position or the end) of each block of ``code``, quotes
    and comments skipped: one pass per script, however many navigations it holds."""
    _spend(len(code))
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    quote, i = "", 0
    while i < len(code):
        char = code[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif code.startswith("//", i):
            newline = code.find("\n", i)
            i = len(code) if newline < 0 else newline
            continue
        elif code.startswith("/*", i):
            close = code.find("*/", i + 2)
            i = len(code) if close < 0 else close + 2
            continue
        elif char == "{":
            stack.append(i)
        elif char == "}" and stack:
            pairs.append((stack.pop(), i))
        i += 1
    pairs += [(start, len(code)) for start in stack]
    return tuple(sorted(pairs))


@dataclass
class _Blocks:
    """A script's blocks (:func:`_brace_pairs`), each with the block around it, and the text
    before each ``{`` read once: the blocks around a navigation are found by walking out
    from the last block opened before it, not by reading every block of the script."""

    pairs: tuple[tuple[int, int], ...]
    starts: list[int] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)  # index of the block around, or -1
    headers: dict[int, str] = field(default_factory=dict)


@lru_cache(maxsize=32)
def _block_tree(code: str) -> _Blocks:
    tree = _Blocks(_brace_pairs(code))
    tree.starts = [brace for brace, _ in tree.pairs]
    stack: list[int] = []
    for index, (brace, _) in enumerate(tree.pairs):
        while stack and tree.pairs[stack[-1]][1] < brace:
            stack.pop()
        tree.parents.append(stack[-1] if stack else -1)
        stack.append(index)
    return tree


def _blocks(code: str, end: int) -> list[str]:
    """The text before the ``{`` of each block open at ``end`` (outermost first)."""
    tree = _block_tree(code)
    index = bisect_left(tree.starts, end) - 1  # the last block opened before ``end``
    around = []
    while index >= 0:  # it and the blocks around it: those still open at ``end``
        _spend(1)
        if tree.pairs[index][1] >= end:
            around.append(index)
        index = tree.parents[index]
    headers = []
    for index in reversed(around):
        if index not in tree.headers:
            brace = tree.pairs[index][0]
            cut = max(code.rfind(c, 0, brace) for c in ";{}")
            tree.headers[index] = code[cut + 1 : brace]
            _spend(len(tree.headers[index]))
        headers.append(tree.headers[index])
    return headers


def _on_load(code: str, at: int, handlers: str, depth: int = 0) -> bool:
    """Whether code at ``at`` runs as the page loads: each block around it is one run on
    load (:data:`_LOAD_BLOCK`), or a named function the page calls on load (from its code
    outside any function, a timer, ``onload``, or a ``<body onload>`` handler)."""
    for header in _blocks(code, at):
        if _LOAD_BLOCK.search(header):
            continue
        named = _NAMED_FUNCTION.search(header)
        if named is None or depth > 2 or not _called_on_load(named.group(1), code, handlers, depth):
            return False
    return True


def _called_on_load(name: str, code: str, handlers: str, depth: int) -> bool:
    called = _script(code).called
    key = (name, handlers, depth)
    if key not in called:
        called[key] = _is_called_on_load(name, code, handlers, depth)
    return called[key]


def _is_called_on_load(name: str, code: str, handlers: str, depth: int) -> bool:
    if re.search(rf"(?<![\w$.]){re.escape(name)}\s*\(", handlers):
        return True
    mention = re.compile(rf"(?<![\w$.]){re.escape(name)}\b(?!\s*\([^)]{{0,500}}\)\s*\{{)")
    for found in mention.finditer(code):
        # what comes just before the mention: a timer, ``ready``, ``onload =`` (never more
        # than a line's worth is needed, nor read again for each mention)
        before = code[max(0, found.start() - _LOOK_BACK) : found.start()].rstrip()
        _spend(len(before))
        if before.endswith("function"):
            continue  # its own declaration
        called = code[found.end() : found.end() + _LOOK_BACK].lstrip().startswith("(")
        handed = re.search(
            r"(setTimeout|setInterval|ready|addEventListener\s*\(\s*['\"](DOMContentLoaded|load)"
            r"['\"]\s*,|onload\s*=|\$|jQuery)\s*\(?\s*$",
            before,
        )
        if (called or handed) and _on_load(code, found.start(), handlers, depth + 1):
            return True
    return False


_LOOK_BACK = 300  # characters around a function's mention read for how it is called


@dataclass(frozen=True)
class Navigation:
    """A place a page's script sends its visitor."""

    expression: str  # as written
    address: str | None  # what it resolves to (crawlers.scriptnav.resolve), None if unknown
    on_load: bool  # run as the page loads, not on a click or by a function nobody calls
    # written so as to hide where it goes (atob, char codes, split literals), and not made
    # from the page's own address
    hiding: bool
    exact: bool  # the whole address is known, not only its start


def navigations(code: str, handlers: str = "") -> Iterator[Navigation]:
    """Each place a script, or a load-time handler attribute's code, sends its visitor.
    ``handlers``: the page's load-time handler code, which may call the script's functions."""
    code = code[:MAX_CODE]
    for found in islice(_SINK.finditer(code), MAX_NAVIGATIONS):
        _spend(1, navigations=1)
        call = found.group(0).endswith("(")
        expression = _expression(code, found.end(), call)
        if not expression:
            continue
        definition = expression
        if _NAME.match(expression):
            definition = _definition(expression, code, found.start()) or expression
        _spend(len(definition))  # read for signs of hiding
        yield Navigation(
            expression,
            resolve(expression, code, found.start()),
            _on_load(code, found.start(), handlers),
            bool(_HIDING.search(definition)) and not _OWN_ADDRESS.search(definition),
            None not in fold(expression, code, found.start()),
        )


def _load_time_code(response: HtmlResponse) -> tuple[list[str], list[str]]:
    """(inline scripts, load-time handler attributes: ``onload``, ``onpageshow``, and
    ``onerror``, which a broken image fires as the page loads)."""
    scripts = response.xpath("//script[not(@src)]/text()").getall()[:20]
    handlers = response.xpath("//@onload | //@onpageshow | //@onerror").getall()[:20]
    return scripts, handlers


@dataclass(frozen=True)
class ScriptCheck:
    """What a page's own code was found to do as it loads (:func:`check_scripts`)."""

    target: str | None  # where it sends every visitor (:func:`script_sends_away`), or None
    cut: str = ""  # why the check stopped before a verdict (:class:`CheckCut`), or ""


def script_sends_away(response: HtmlResponse) -> str | None:
    """The address a page's own code sends every visitor to as it loads, or None: absolute,
    for the caller to judge against the registered domains (an address of the portal itself
    is ordinary script navigation).

    A hijacked CMS keeps the agency's text on its pages and adds one such line to a casino (red
    team round 10): a browser never shows the text (crawlers.middlewares withholds the page).
    Hijacks wrap it in a timer, jQuery's ready or ``<body onload>``, and build the address
    from pieces (red team round 11): all are read, nothing is run. A load-time navigation
    whose target hides itself (``atob``, char codes, literals split and joined) and cannot
    be read is taken for one too: the address is then the expression, which names no
    registered domain.

    A page too heavy to check gives None too: a caller that must not take it for clean reads
    :func:`check_scripts`."""
    return check_scripts(response).target


def check_scripts(response: HtmlResponse) -> ScriptCheck:
    """:func:`script_sends_away`'s verdict, within one page's bounds: at most
    :data:`PAGE_NAVIGATIONS` navigations and :data:`PAGE_STEPS` characters of work (red team
    round 14). A page that needs more, before any of its navigations is found sending the
    visitor away, has no verdict: its ``cut`` says why."""
    scripts, handlers = _load_time_code(response)
    handler_code = "\n".join(handlers)
    try:
        with page_budget():
            found = chain(
                (nav for code in scripts for nav in navigations(code, handler_code)),
                (nav for code in handlers for nav in navigations(code)),
            )
            return ScriptCheck(_sent_to(found, response.urljoin))
    except CheckCut as cut:
        return ScriptCheck(None, str(cut))


def _sent_to(found: Iterable[Navigation], absolute: Callable[[str], str]) -> str | None:
    """The first place ``found`` sends every visitor as the page loads, absolute (``absolute``
    resolves a scheme-relative address against the page), or None."""
    for nav in found:
        if not nav.on_load:
            continue
        if nav.address is None:
            if nav.hiding and not _OWN_ADDRESS.search(nav.expression):  # not built on its own
                return f"script: {nav.expression[:200]}"
            continue
        if nav.address.startswith("//"):
            return absolute(nav.address)
        if nav.address.lower().startswith(("http://", "https://")):
            return nav.address
    return None


FILE_TAIL = 20_000  # characters read from a script file's end: where an infection is appended
FILE_HEAD = 2_000  # characters read from a minified file's start and its long lines' starts
LONG_LINE = 2_000  # a line longer than this is a minified library's code, not a line added to it
APPENDED_LINES = 40  # lines after a library's own code read as added to it
LONG_LINES = 10  # long lines of a library's end whose start is read


def file_sends_away(code: str, document: str, *, library: bool) -> str | None:
    """Where a script file sends every visitor of a page that includes it (``document``) as
    that page loads, or None, as :func:`script_sends_away` reads a page's own scripts.

    A hacked CMS infects a script file every page includes (the theme's ``/js/site.js``) by
    appending a line to it (red team round 12), or by prepending one (round 14). A file of the
    portal's own is read from its start, and its last lines apart when it is longer than that.
    Of a shared library (jQuery: ``library``), whose own code is not the portal's, only what
    was added is read: the short lines after its last long (minified) line, or its last five
    lines, and the start of the file and of its last long lines, where a line written in
    front of the minified code runs first."""
    lines = code[-FILE_TAIL:].splitlines()[1 if len(code) > FILE_TAIL else 0 :]
    if library:
        long = [n for n, line in enumerate(lines) if len(line) > LONG_LINE]
        added = lines[long[-1] + 1 :] if long else lines[-5:]
        parts = ["\n".join(added[-APPENDED_LINES:]), code[:FILE_HEAD]]
        parts += [lines[n][:FILE_HEAD] for n in long[-LONG_LINES:]]
    else:
        parts = [code] + (["\n".join(lines)] if len(code) > MAX_CODE else [])
    found = [nav for part in parts if part.strip() for nav in navigations(part)]
    return _sent_to(found, lambda address: urljoin(document, address))


_WHOLE = re.compile(r"(100(%|vw|vh)|9\d(\.\d+)?(%|vw|vh))")


def covering_frame(response: HtmlResponse) -> str | None:
    """The address of a frame the page lays over its whole window, or None: a hijacked CMS
    that leaves the page's text and adds ``<iframe src="https://casino…"
    style="position:fixed;top:0;left:0;width:100%;height:100%">`` shows every visitor the
    other site, as a redirect would (red team round 12), without navigating at all. For the
    caller to judge against the registered domains, as :func:`script_sends_away`'s."""
    for frame in response.xpath("//iframe[@src][@style]")[:20]:
        css = declarations(frame.attrib.get("style", ""))
        placed = css.get("position") in ("fixed", "absolute")
        whole = all(_WHOLE.fullmatch(css.get(side) or "") for side in ("width", "height"))
        if placed and whole:
            return response.urljoin(frame.attrib["src"].strip())
    return None


_NOT_A_PAGE = re.compile(r"^\s*(javascript|data|mailto|tel|about|blob):", re.IGNORECASE)
_ACTION = re.compile(r"(logout|logoff|signout|login|signin|delete|remove)", re.IGNORECASE)
_SHOWN = "//body//text()[not(ancestor::script or ancestor::noscript or ancestor::style)]"
STUB_TEXT = 200  # characters a page sending its visitor on by script shows at most
STUB_LINKS = 1  # links (outside <noscript>) such a page has at most


def script_target(response: HtmlResponse) -> str | None:
    """Where a stub page's inline script sends the visitor, as an absolute URL, or None."""
    shown = "".join(response.xpath(_SHOWN).getall())
    if len(" ".join(shown.split())) > STUB_TEXT:
        return None
    if len(response.xpath("//a[@href][not(ancestor::noscript)]")) > STUB_LINKS:
        return None
    try:
        with page_budget():
            return _stub_target(response)
    except CheckCut:
        return None  # too heavy to follow: the page check then says so (check_scripts)


def _stub_target(response: HtmlResponse) -> str | None:
    for code in response.xpath("//script[not(@src)]/text()").getall()[:10]:
        for nav in navigations(code[:20_000]):
            value = (nav.address or "").strip() if nav.exact else ""  # a page of its own
            if (
                not value
                or value.startswith("#")
                or _NOT_A_PAGE.match(value)
                or _ACTION.search(value)
            ):
                continue
            url = response.urljoin(value)
            if url.split("#", 1)[0] != response.url.split("#", 1)[0]:
                return url
    return None


class ScriptRedirectMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta refresh middleware, for a redirect written as a page's script."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if (
            request.meta.get("dont_redirect", False)
            or request.method != "GET"
            or response.status != 200
            or not isinstance(response, HtmlResponse)
        ):
            return response
        url = script_target(response)
        if url is None or not url.startswith(("http://", "https://")):
            return response
        follows = getattr(self.crawler.spider, "follows", None)
        if follows is not None and not follows(url):
            return response  # another site's page: not the portal sending its visitor on
        redirected = self._redirect_request_using_get(request, response, url)
        if urlparse_cached(redirected).scheme not in {"http", "https"}:
            return response
        return self._redirect(redirected, request, "script")
