"""Addresses a page puts together in script: a framework's bound ``href`` and a click handler's
call of a navigating function, read without running any code (held-out round 18).

Two styles list every service with no address written whole anywhere:

* a Vue 2 (or Alpine, Angular) template binds the link as an expression over the loop's
  item, ``<a :href="'/fa/Service/Detail/' + s.id">`` inside ``v-for="s in services"``, the
  records in ``new Vue({data: {services: [...]}})``. :func:`bound_template` turns the
  expression into the ``{{ s.id }}`` template :meth:`crawlers.spiders.portal.PortalSpider.bound`
  already fills from a page's bound JSON lists (round 8's ``ng-href`` with ``ng-init``).
* a grid's rows call ``onclick="ShowService(1601)"``, and the site script defines
  ``function ShowService(sid) { window.location.href = '/Portal/ServiceView.aspx?sid=' + sid; }``.
  :func:`navigating_functions` reads such functions (a literal head plus one of the
  parameters, an optional literal tail) and :func:`filled` builds the address of a call with
  a literal argument (:func:`literal_calls`).

Only plain shapes are read (a literal and a field, a literal and a parameter): anything
computed otherwise is left alone, and every read is bounded.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from urllib.parse import quote

from scrapy.http import TextResponse

MAX_FUNCTIONS = 200  # navigating functions read from one script
MAX_BODY = 1000  # characters of a function's body read
MAX_CALLS = 20  # calls read from one handler
MAX_EXPRESSION = 500  # characters of a bound expression

_IDENT = r"[A-Za-z_$][\w$]{0,60}"
# The loop item's field, a path of at most 5 steps (``s.id``, ``s?.attributes?.slug``: a
# headless CMS's record keeps its fields one level down, held-out round 19)
_FIELD = rf"{_IDENT}(?:\s*\??\.\s*{_IDENT}){{0,4}}"

# ``'/fa/Service/Detail/' + s.id``, ``'/x?id=' + s.id + '&t=1'``, a lone ``s.url``
_CONCAT = re.compile(
    rf"""\s*(?:(['"])([^'"\\<>\s]{{0,300}})\1\s*\+\s*)?({_FIELD})"""
    rf"""(?:\s*\+\s*(['"])([^'"\\<>\s]{{0,200}})\4)?\s*"""
)
# `` `/fa/Service/Detail/${s.id}` ``
_BACKTICK = re.compile(
    rf"""\s*`([^`$\\<>\s]{{0,300}})\$\{{\s*({_FIELD})\s*\}}([^`$\\<>\s]{{0,200}})`\s*"""
)
_LITERAL = re.compile(r"""\s*(['"])([^'"\\<>\s]{1,500})\1\s*""")
# Angular's ``[routerLink]="['/services', s.id]"``: segments joined by ``/``
_SEGMENTS = re.compile(r"""\s*\[(.{1,400})\]\s*""", re.DOTALL)
_SEGMENT = re.compile(rf"""\s*(?:(['"])([^'"\\<>\s]{{0,200}})\1|({_FIELD}))\s*""")

# Attributes that bind an element's address to an expression: Vue's ``:href`` and
# ``v-bind:href``, Alpine's ``x-bind:href``, Angular's ``[href]``, ``[attr.href]`` and
# ``[routerLink]`` (lxml keeps their names as written, lowercased).
BINDINGS = (
    "//@*[name()=':href' or name()='v-bind:href' or name()='x-bind:href'"
    " or name()='[href]' or name()='[attr.href]' or name()='[routerlink]']"
)


def bound_template(expression: str) -> str | None:
    """The address a bound expression stands for, the loop item's field written as a
    ``{{ item.field }}`` placeholder: ``'/fa/Service/Detail/' + s.id`` is
    ``/fa/Service/Detail/{{s.id}}``; a plain literal is itself. None for anything else
    (a call, a condition: nothing to read without running it)."""
    expression = expression[:MAX_EXPRESSION]
    if found := _LITERAL.fullmatch(expression):
        return found.group(2)
    if found := _BACKTICK.fullmatch(expression):
        return f"{found.group(1)}{{{{{_path(found.group(2))}}}}}{found.group(3)}"
    if (found := _CONCAT.fullmatch(expression)) and "." in found.group(3):
        field = _path(found.group(3))
        return f"{found.group(2) or ''}{{{{{field}}}}}{found.group(5) or ''}"
    if found := _SEGMENTS.fullmatch(expression):
        return _joined(found.group(1))
    return None


def _path(field: str) -> str:
    """A field path as a placeholder names it: ``s?.attributes?.slug`` is
    ``s.attributes.slug`` (optional chaining reads the same value when there is one)."""
    return re.sub(r"[\s?]", "", field)


def _joined(inside: str) -> str | None:
    """Angular's link segments (``'/services', s.id``) as one address, or None."""
    parts = []
    for segment in inside.split(",")[:10]:
        found = _SEGMENT.fullmatch(segment)
        if found is None:
            return None
        parts.append(found.group(2) if found.group(1) else f"{{{{{_path(found.group(3))}}}}}")
    if not parts or not parts[0].startswith("/"):
        return None
    return "/".join(p.strip("/") if i else p.rstrip("/") for i, p in enumerate(parts))


@dataclass(frozen=True)
class Navigation:
    """What a navigating function does with its call: ``head + argument[index] + tail``."""

    head: str
    index: int
    tail: str


_DEFINITION = re.compile(
    rf"\bfunction\s+({_IDENT})\s*\(([^()]{{0,200}})\)\s*\{{"
    rf"|\b({_IDENT})\s*=\s*(?:function\s*\(([^()]{{0,200}})\)|\(([^()]{{0,200}})\)\s*=>)\s*\{{"
)
# The function's navigation: ``location.href = 'head' + param (+ 'tail')``, ``location =``,
# ``location.assign(``/``replace(``, ``window.open(`` (a pop-up's size makes it no page)
_SINK = (
    r"""(?:\blocation(?:\s*\.\s*href)?\s*=(?!=)|\blocation\s*\.\s*(?:assign|replace)\s*\("""
    r"""|\bwindow\s*\.\s*open\s*\()\s*"""
)
_BUILT = re.compile(
    _SINK + rf"""(['"])([^'"\\<>\s]{{1,300}})\1\s*\+\s*(?:encodeURIComponent\s*\(\s*)?({_IDENT})"""
    r"""\s*\)?(?:\s*\+\s*(['"])([^'"\\<>\s]{0,200})\4)?"""
)
_POPUP = re.compile(r"""^[^;\n]{0,200}?,\s*['"][^'"]*['"]\s*,\s*['"][^'"]*(width|height)""")


def navigating_functions(code: str) -> dict[str, Navigation]:
    """The functions a script defines whose body goes to a literal address plus one of their
    parameters (:class:`Navigation`), by name: at most :data:`MAX_FUNCTIONS`."""
    found: dict[str, Navigation] = {}
    for match in itertools.islice(_DEFINITION.finditer(code), MAX_FUNCTIONS * 5):
        name = match.group(1) or match.group(3)
        params = [
            p.strip() for p in (match.group(2) or match.group(4) or match.group(5) or "").split(",")
        ]
        body = code[match.end() : match.end() + MAX_BODY]
        body = body[: _body_end(body)]
        built = _BUILT.search(body)
        if built is None or built.group(3) not in params or _POPUP.match(body[built.end() :]):
            continue
        found.setdefault(
            name, Navigation(built.group(2), params.index(built.group(3)), built.group(5) or "")
        )
        if len(found) >= MAX_FUNCTIONS:
            break
    return found


def _body_end(body: str) -> int:
    """Where a function's body closes (its braces counted, strings not parsed: a short
    navigating body has no braces in its strings), or its read length."""
    depth = 1
    for i, char in enumerate(body):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return i
    return len(body)


_CALL = re.compile(rf"(?<![\w$.])({_IDENT})\s*\(([^()]{{0,300}})\)")
_ARGUMENT = re.compile(r"""\s*(?:(-?\d{1,18})|(['"])([\w\-.~]{1,100})\2)\s*""")


def literal_calls(code: str) -> list[tuple[str, list[str]]]:
    """The calls a handler makes with literal arguments only (``ShowService(1601)``,
    ``Show('a12', 3)``), as (function, arguments): at most :data:`MAX_CALLS`."""
    calls = []
    for match in itertools.islice(_CALL.finditer(code), MAX_CALLS):
        args = []
        for raw in match.group(2).split(",") if match.group(2).strip() else []:
            arg = _ARGUMENT.fullmatch(raw)
            if arg is None:
                break
            args.append(arg.group(1) or arg.group(3))
        else:
            if args:
                calls.append((match.group(1), args))
    return calls


def filled(navigation: Navigation, args: list[str]) -> str | None:
    """The address a call goes to: the function's head, the argument it takes (escaped as
    ``encodeURIComponent`` would), its tail; None when the call does not pass it."""
    if navigation.index >= len(args):
        return None
    return navigation.head + quote(args[navigation.index], safe="-_.~") + navigation.tail


def called_addresses(code: str, navigations: dict[str, Navigation]) -> list[str]:
    """Where a handler's calls of navigating functions go (``ShowService(1601)`` with
    ``ShowService`` in ``navigations``), in call order."""
    return called_addresses_of(literal_calls(code), navigations)


def inline_code(response: TextResponse) -> str:
    """A page's inline script (its first 20 blocks, 200,000 characters)."""
    return " ".join(response.xpath("//script[not(@src)]/text()").getall()[:20])[:200_000]


# A handler of a page element: where its calls are read
HANDLERS = "//@onclick | //a/@href[starts-with(normalize-space(.), 'javascript:')]"


def page_calls(response: TextResponse) -> list[tuple[str, list[str]]]:
    """The calls with literal arguments a page's click handlers make, once each: at most
    2000 (a grid of services, one call a row)."""
    calls: dict[tuple[str, tuple[str, ...]], None] = {}
    for handler in response.xpath(HANDLERS).getall()[:2000]:
        for name, args in literal_calls(handler):
            calls[(name, tuple(args))] = None
    return [(name, list(args)) for name, args in list(calls)[:2000]]


MAX_FILES = 20  # script files whose functions are kept in one crawl
MAX_WAITING = 200  # pages waiting for a file's functions


class FileFunctions:
    """The navigating functions of a portal's own script files (``/Scripts/Portal.js``'s
    ``ShowService``), met with the pages that call them: a page may be read before or after
    the file it includes, so a page's calls wait for a file not read yet. Yields (the
    address, as the page would resolve it, and the hop the page's links take)."""

    def __init__(self) -> None:
        self.files: dict[str, dict[str, Navigation]] = {}
        self.waiting: dict[str, list[tuple[str, list[tuple[str, list[str]]], int | None]]] = {}
        self.waited = 0

    def page(
        self, page: str, files: list[str], calls: list[tuple[str, list[str]]], hop: int | None
    ) -> list[tuple[str, int | None, str]]:
        """A page's calls (:func:`page_calls`) and the own script files it includes: where
        the calls of files read already go, as (page, hop, address); the rest noted for
        when their file is read."""
        found: list[tuple[str, int | None, str]] = []
        if not calls:
            return found
        for file in files[:10]:
            if file in self.files:
                found += [(page, hop, a) for a in called_addresses_of(calls, self.files[file])]
            elif self.waited < MAX_WAITING:
                self.waiting.setdefault(file, []).append((page, calls, hop))
                self.waited += 1
        return found

    def file(self, url: str, code: str) -> list[tuple[str, int | None, str]]:
        """A script file read: its functions kept, and where the pages waiting for it go,
        as (page, hop, address)."""
        if url in self.files or len(self.files) >= MAX_FILES:
            return []
        self.files[url] = navigating_functions(code[:500_000])
        return [
            (page, hop, address)
            for page, calls, hop in self.waiting.pop(url, [])
            for address in called_addresses_of(calls, self.files[url])
        ]


def called_addresses_of(
    calls: list[tuple[str, list[str]]], navigations: dict[str, Navigation]
) -> list[str]:
    """Where calls (function, literal arguments) go through ``navigations``."""
    return [
        address
        for name, args in calls
        if name in navigations and (address := filled(navigations[name], args))
    ]


_ONE_PLACEHOLDER = re.compile(
    rf"^([^{{}}]*)\{{\{{{_IDENT}\.((?:{_IDENT}\.){{0,4}}{_IDENT})\}}\}}([^{{}}]*)$"
)


def binding_templates(response: TextResponse) -> list[tuple[str, str, str]]:
    """A page's bound addresses as the link templates an API's bare records fill (head, the
    record's field path, tail): Vue's ``:href="'/fa/khedmat/' + item.id"`` over the records
    its ``fetch('/api/khedmat')`` answers is ``('/fa/khedmat/', 'id', '')``, and
    ``item.attributes.slug`` gives ``attributes.slug``
    (:func:`crawlers.linktemplates.field_value`). At most 5."""
    found: dict[tuple[str, str, str], None] = {}
    for expression in response.xpath(BINDINGS).getall()[:100]:
        template = bound_template(expression)
        if template and (parts := _ONE_PLACEHOLDER.match(template)):
            head, key, tail = parts.groups()
            if head.startswith("/"):
                found[(head, key, tail)] = None
    return list(found)[:5]
