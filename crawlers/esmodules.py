"""The ES module files a page loads, found as a browser finds them: through its import map.

A "no-build" front end (Rails 7's importmap-rails, hand-written ES modules) names its list
code nowhere in a ``<script src>``: the page holds ``<script type="importmap">{"imports":
{"@doe/khadamat": "/static/js/khadamat-list.8c1f3e.js"}}</script>`` and an inline ``<script
type="module">import {…} from "@doe/khadamat"``, and only the browser's module loader turns
the bare name into the file (held-out round 19: the crawl read neither the module nor the
data it fetches, and found no service). This module reads the import map and the module
specifiers (static ``import``/``export … from``, dynamic ``import("…")``, ``<script
type="module" src>``, ``<link rel="modulepreload">``) and resolves them by the HTML
standard's algorithm ("resolve a module specifier", import maps' ``imports`` and ``scopes``,
exact names and ``/``-ending prefixes), so that the files are read like the portal's other
script files (:mod:`crawlers.scriptfiles`). Nothing is run; every read is bounded, and a
specifier no map names and that is no address resolves to nothing, as it fails in a browser.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy.http import TextResponse

MAX_MAP_CHARS = 100_000  # characters of an import map read
MAX_ENTRIES = 500  # specifiers of one map (its top level and each scope)
MAX_SCOPES = 50
MAX_SPECIFIERS = 20  # specifiers read from one script
MAX_CODE = 500_000  # characters of a script searched for its imports

Entries = tuple[tuple[str, str], ...]  # (specifier key, absolute address), longest key first


@dataclass(frozen=True)
class ImportMap:
    """A page's import maps, merged (the first one to name a specifier wins, as the standard
    merges later maps into earlier ones), every address already absolute."""

    imports: Entries = ()
    scopes: tuple[tuple[str, Entries], ...] = ()  # scope prefix URL, its entries; longest first

    def resolve(self, specifier: str, referrer: str) -> str | None:
        """The absolute URL ``specifier`` loads when imported by the script at ``referrer`` (a
        module's URL, or the document's base URL for an inline script), or None: a bare name
        the map does not name, an address the map maps to nothing."""
        specifier = specifier.strip()
        as_url = _url_like(specifier, referrer)
        normalized = as_url or specifier
        for prefix, entries in self.scopes:
            applies = prefix == referrer or (prefix.endswith("/") and referrer.startswith(prefix))
            if applies and (found := _match(normalized, as_url, entries)) is not None:
                return found or None
        if (found := _match(normalized, as_url, self.imports)) is not None:
            return found or None
        return as_url


def _url_like(specifier: str, base: str) -> str | None:
    """A specifier that is an address (``/x.js``, ``./x.js``, ``../x.js``, an absolute
    ``http(s)`` URL), made absolute; None for a bare name (``@doe/khadamat``)."""
    if specifier.startswith(("/", "./", "../")):
        return urljoin(base, specifier)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", specifier):
        return specifier if urlsplit(specifier).scheme in ("http", "https") else None
    return None


def _match(normalized: str, as_url: str | None, entries: Entries) -> str | None:
    """The standard's "resolve an imports match": an exact key, else the longest key ending in
    ``/`` that starts the specifier (its rest joined to the key's address, never climbing out
    of it). None: no key matches; "": a key matches and maps to nothing (a blocked name)."""
    for key, address in entries:
        if key == normalized:
            return address
        if key.endswith("/") and normalized.startswith(key) and address.endswith("/"):
            if as_url is not None and urlsplit(as_url).scheme not in ("http", "https"):
                continue
            found = urljoin(address, normalized[len(key) :])
            return found if found.startswith(address) else ""
    return None


def _entries(raw: Any, base: str) -> Entries:
    """A specifier map's entries, keys normalised (an address key made absolute) and
    addresses resolved against ``base``; an entry whose address is no http(s) URL, or a
    prefix key mapped to an address not ending in ``/``, maps to nothing ("")."""
    if not isinstance(raw, dict):
        return ()
    found: dict[str, str] = {}
    for key, value in itertools.islice(raw.items(), MAX_ENTRIES):
        if not isinstance(key, str) or not key:
            continue
        key = _url_like(key, base) or key
        address = urljoin(base, value.strip()) if isinstance(value, str) else ""
        if urlsplit(address).scheme not in ("http", "https") or (
            key.endswith("/") and not address.endswith("/")
        ):
            address = ""
        found[key] = address
    return tuple(sorted(found.items(), key=lambda e: len(e[0]), reverse=True))


def import_map(response: TextResponse) -> ImportMap:
    """The page's inline import maps (``<script type="importmap">``; an external one is
    not allowed by the standard), merged, or an empty map."""
    base = response.urljoin("")
    imports: dict[str, str] = {}
    scopes: dict[str, dict[str, str]] = {}
    for text in response.xpath(f"//script[{_TYPE}='importmap' and not(@src)]/text()")[:5]:
        try:
            data = json.loads(text.get()[:MAX_MAP_CHARS])
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        for key, address in _entries(data.get("imports"), base):
            imports.setdefault(key, address)
        raw_scopes = data.get("scopes")
        if isinstance(raw_scopes, dict):
            for prefix, raw in itertools.islice(raw_scopes.items(), MAX_SCOPES):
                if isinstance(prefix, str) and len(scopes) < MAX_SCOPES:
                    scope = scopes.setdefault(urljoin(base, prefix), {})
                    for key, address in _entries(raw, base):
                        scope.setdefault(key, address)
    return ImportMap(
        imports=tuple(sorted(imports.items(), key=lambda e: len(e[0]), reverse=True)),
        scopes=tuple(
            sorted(
                (
                    (p, tuple(sorted(e.items(), key=lambda x: len(x[0]), reverse=True)))
                    for p, e in scopes.items()
                ),
                key=lambda s: len(s[0]),
                reverse=True,
            )
        ),
    )


_TYPE = "translate(normalize-space(@type), 'MODULEIPRTA', 'moduleiprta')"
# A page's inline scripts that are code: an import map is data naming script files and
# folders (``"/static/js/lib/"``), never pages, so the addresses a page's script names are not
# read from it.
INLINE_CODE = f"//script[not(@src)][not({_TYPE}='importmap')]"
_QUOTED = r"""(['"])([^'"\s<>]{1,300})\1"""
# ``import x from "…"``, ``import {a, b} from '…'``, ``import * as x from "…"``, ``import "…"``,
# ``export {a} from "…"``, ``export * from "…"``: a static import (only in a module)
_STATIC = re.compile(
    r"(?<![\w$.])(?:import\s*(?:[\w$*{}\s,]{1,500}?\s*from\s*)?|export\s*(?:\*|\{[^{}]{0,500}\})"
    r"\s*(?:as\s+[\w$]+\s*)?from\s*)" + _QUOTED
)
# ``import("…")`` (in any script): a dynamic import of a literal specifier
_DYNAMIC = re.compile(r"(?<![\w$.])import\s*\(\s*(['\"`])([^'\"`\s<>$]{1,300})\1\s*[,)]")


def specifiers(code: str, *, module: bool = True) -> list[str]:
    """The module specifiers a script imports, in order, once each: its static imports when
    it is a module, its dynamic ``import("…")`` of a literal in any case. At most
    :data:`MAX_SPECIFIERS`."""
    code = code[:MAX_CODE]
    found = [m.group(2) for m in _STATIC.finditer(code)] if module else []
    found += [m.group(2) for m in _DYNAMIC.finditer(code)]
    return list(dict.fromkeys(found))[:MAX_SPECIFIERS]


def page_modules(response: TextResponse, imap: ImportMap) -> list[str]:
    """The module files a page loads itself, absolute: its ``<script type="module" src>``
    and ``<link rel="modulepreload" href>``, and what its inline scripts import (resolved
    against the document's base URL, as the loader does). At most :data:`MAX_SPECIFIERS`."""
    base = response.urljoin("")
    found = [
        response.urljoin(src.strip())
        for src in response.xpath(
            f"//script[{_TYPE}='module']/@src | //link[contains(concat(' ', normalize-space("
            "translate(@rel, 'MODULEPRA', 'modulepra')), ' '), ' modulepreload ')]/@href"
        ).getall()[:MAX_SPECIFIERS]
    ]
    for script in response.xpath("//script[not(@src)]")[:20]:
        module = script.xpath(f"{_TYPE}='module'").get() == "1"
        for specifier in specifiers(" ".join(script.xpath("text()").getall()), module=module):
            if url := imap.resolve(specifier, base):
                found.append(url)
    return list(dict.fromkeys(found))[:MAX_SPECIFIERS]


def imported(code: str, url: str, imap: ImportMap) -> list[str]:
    """The module files a module file at ``url`` imports, resolved against its own URL
    through the page's import map. At most :data:`MAX_SPECIFIERS`."""
    found = (imap.resolve(s, url) for s in specifiers(code))
    return list(dict.fromkeys(u for u in found if u))
