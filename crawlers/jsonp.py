"""A list a page's script receives by JSONP, tied to the page's callback that links it.

An older ASP.NET portal serves its list from a handler to sub-sites on other hosts by JSONP:
the page defines ``function renderServices(res) { for (var i = 0; i < res.Items.length; i++)
{ var s = res.Items[i]; h += '<a href="ServiceInfo.aspx?SID=' + s.SID + '">' … } }`` and
includes ``<script src="/Handlers/ServiceList.ashx?callback=renderServices">``, which
answers ``renderServices({"Items": [{"SID": 5101, …}]});`` (held-out round 19: the crawl
fetched the handler, read it as code and followed no service). The answer is a call of the
page's function with JSON, not JSON: :func:`unwrap` reads it as the data it carries (the
wrappers jQuery, Express's ``res.jsonp`` and ASP.NET handlers write: ``name(…)``,
``/**/name(…)``, ``name && name(…)``, ``typeof name === 'function' && name(…)``), and
:func:`callbacks` reads the page's functions for the records they loop over and the link
each record gets (a literal head, the record's field, a literal tail), so the addresses
are filled as a browser running the callback would write them, relative ones against the
page. Nothing is run; only plain shapes are read, every read bounded.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from crawlers.extract import load_json

MAX_ANSWER = 5 * 1024 * 1024  # characters of a JSONP answer read
MAX_FUNCTIONS = 50  # callbacks read from a page's inline script
MAX_BODY = 5000  # characters of a callback's body read
MAX_TEMPLATES = 5  # link templates of one callback

_NAME = r"[A-Za-z_$][\w$]{0,60}(?:\.[A-Za-z_$][\w$]{0,60}){0,4}"
_WRAPPER = re.compile(
    rf"""\s*(?:/\*\*/\s*)?(?:typeof\s+({_NAME})\s*===?\s*(['"])function\2\s*&&\s*"""
    rf"""|({_NAME})\s*&&\s*)?({_NAME})\s*\(""",
)
_END = re.compile(r"\)\s*;?\s*$")


def unwrap(code: str) -> tuple[str, Any] | None:
    """The callback a JSONP answer calls and the JSON it passes, or None for anything else
    (code that does more than one call of a named function with JSON)."""
    if len(code) > MAX_ANSWER:
        return None
    start = _WRAPPER.match(code)
    end = _END.search(code)
    if start is None or end is None or end.start() < start.end():
        return None
    name = start.group(4)
    if (start.group(1) or start.group(3) or name) != name:
        return None  # ``a && b(…)``: not the answer of one callback
    try:
        return name, load_json(code[start.end() : end.start()])
    except ValueError:
        return None


@dataclass(frozen=True)
class Callback:
    """What a callback does with its argument: the records at ``path`` (dotted keys from
    the argument, "" for the argument itself), each linked by ``templates`` (head, the
    record's key, tail; the head may be relative to the page)."""

    path: str
    templates: tuple[tuple[str, str, str], ...]


_IDENT = r"[A-Za-z_$][\w$]{0,60}"
_DEFINITION = re.compile(
    rf"\bfunction\s+({_IDENT})\s*\(\s*({_IDENT})[^()]{{0,200}}\)\s*\{{"
    rf"|(?:\bwindow\s*\.\s*)?\b({_IDENT})\s*=\s*(?:function\s*\(\s*({_IDENT})[^()]{{0,200}}\)"
    rf"|\(\s*({_IDENT})[^()]{{0,200}}\)\s*=>|({_IDENT})\s*=>)\s*\{{"
)
_PATH = rf"((?:\s*\.\s*{_IDENT})*)"


def _loops(param: str) -> list[re.Pattern[str]]:
    """How a callback takes each record of its argument ``param``, as (the record's name,
    the path): ``var s = res.Items[i]``, ``res.Items.forEach(function (s)``/``(s) =>``/
    ``s =>`` (``map`` too), ``for (const s of res.Items)``, ``$.each(res.Items, function (i,
    s)``."""
    p = re.escape(param)
    return [
        re.compile(rf"(?P<name>{_IDENT})\s*=\s*{p}(?P<path>{_PATH[1:-1]})\s*\[\s*[\w$]+\s*\]"),
        re.compile(
            rf"(?<![\w$.]){p}(?P<path>{_PATH[1:-1]})\s*\.\s*(?:forEach|map)\s*\(\s*"
            rf"(?:function\s*\(\s*(?P<name>{_IDENT})|\(\s*(?P<name2>{_IDENT})[^()]{{0,100}}\)\s*=>"
            rf"|(?P<name3>{_IDENT})\s*=>)"
        ),
        re.compile(
            rf"\bfor\s*\(\s*(?:var|let|const)\s+(?P<name>{_IDENT})\s+of\s+{p}"
            rf"(?P<path>{_PATH[1:-1]})\s*\)"
        ),
        re.compile(
            rf"(?:\$|\bjQuery)\s*\.\s*each\s*\(\s*{p}(?P<path>{_PATH[1:-1]})\s*,\s*function\s*"
            rf"\(\s*{_IDENT}\s*,\s*(?P<name>{_IDENT})"
        ),
    ]


_HEAD = r"""[^'"`\s<>\\$]{0,300}"""
_TAIL = r"""[^'"`\s<>\\$]{0,200}"""


def _templates(body: str, item: str) -> list[tuple[str, str, str]]:
    """The links a callback's body writes for the record named ``item``: ``'<a href="x?id='
    + s.SID + '">'``, `` `<a href="x/${s.SID}">` ``, ``a.href = 'x?id=' + s.SID``."""
    field = rf"(?:encodeURIComponent\s*\(\s*)?{re.escape(item)}\s*\.\s*({_IDENT})\s*\)?"
    shapes = [
        # inside markup: ``href="`` + head, the literal closed, + field +, a literal opening
        # with the tail up to the attribute's closing quote
        rf"""\bhref\s*=\s*\\?['"]?({_HEAD})(['"])\s*\+\s*{field}\s*\+\s*(['"])({_TAIL})""",
        rf"""\bhref\s*=\s*\\?['"]?({_HEAD})()\$\{{\s*{field}\s*\}}()({_TAIL})""",
        rf"""\.\s*href\s*=\s*(['"])({_HEAD})\1\s*\+\s*{field}()(?:\s*\+\s*(['"])({_TAIL})\5)?""",
    ]
    found: list[tuple[str, str, str]] = []
    for number, shape in enumerate(shapes):
        for match in itertools.islice(re.finditer(shape, body), MAX_TEMPLATES):
            if number == 2:
                head, key, tail = match.group(2), match.group(3), match.group(6) or ""
            else:
                head, key, tail = match.group(1), match.group(3), match.group(5)
            if head and not head.lower().startswith(("javascript:", "data:", "#")):
                found.append((head, key, tail))
    return list(dict.fromkeys(found))[:MAX_TEMPLATES]


def callbacks(code: str) -> dict[str, Callback]:
    """The functions of a page's inline script that link the records of their argument
    (:class:`Callback`), by name: at most :data:`MAX_FUNCTIONS`."""
    found: dict[str, Callback] = {}
    for match in itertools.islice(_DEFINITION.finditer(code), MAX_FUNCTIONS * 5):
        name = match.group(1) or match.group(3)
        param = match.group(2) or match.group(4) or match.group(5) or match.group(6)
        body = code[match.end() : match.end() + MAX_BODY]
        body = body[: _body_end(body)]
        for loop in _loops(param):
            record = loop.search(body)
            if record is None:
                continue
            item = next(v for k, v in record.groupdict().items() if k.startswith("name") and v)
            path = re.sub(r"\s", "", record.group("path")).lstrip(".")
            templates = _templates(body, item)
            if templates:
                found.setdefault(name, Callback(path, tuple(templates)))
                break
        if len(found) >= MAX_FUNCTIONS:
            break
    return found


def _body_end(body: str) -> int:
    """Where a function's body closes (braces counted outside string literals), or its
    read length."""
    depth, quote, i = 1, "", 0
    while i < len(body):
        char = body[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(body)
