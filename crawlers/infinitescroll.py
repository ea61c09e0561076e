"""An infinite-scroll list's next pages, named only in the scroll library's options.

Metafizzy Infinite Scroll (https://infinite-scroll.com/options.html#path) appends a list's
next page when the reader scrolls to its end, and the page may say where that is nowhere
else (no pager link, no ``rel=next``). Its ``path`` option is either a template whose
``{{#}}`` is the page number (``'/blog/page/{{#}}'``, ``'?page={{#}}'``; a relative one
resolved against the page, as the library does) or, any other string, a selector of the
next page's link (``'.pagination__next'``), whose ``href`` the library reads again on every
page it appends. The options are written in the list element's ``data-infinite-scroll``
attribute (JSON), or handed to ``new InfiniteScroll(elem, {…})`` or jQuery's
``$(elem).infiniteScroll({…})`` in the page's script. jQuery Infinite Ajax Scroll names its
next link the same way, by a selector: ``$.ias({next: '.next a'})``, ``new
InfiniteAjaxScroll('.list', {next: '.next'})``. A ``path`` function is the script's own
computation and is left alone. The first page the library asks is the one after the page
shown: the number the template reads in the page's own address plus one, else 2.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import cssselect
from scrapy.http import TextResponse

from crawlers.loadmore import braced

MAX_LISTS = 5  # infinite-scroll lists followed in one crawl
MAX_PAGES = 50  # pages asked of one list (as of a load-more button's)
MAX_OPTIONS = 10  # option objects read from one page
MAX_CODE = 200_000  # characters of a page's script read
PLACEHOLDER = "{{#}}"
_ATTRIBUTE = "//@data-infinite-scroll"
# Where a script hands the options over: the call, and (after its first argument, the list's
# element) the object literal of options that follows.
_CALL = re.compile(
    r"(?:\bnew\s+(?:InfiniteScroll|InfiniteAjaxScroll)\s*\(|\.infiniteScroll\s*\("
    r"|(?:\$|jQuery)\.ias\s*\(|\.ias\s*\()"
)
_OPTION = re.compile(r"""(?<![\w$])(['"]?)(path|next)\1\s*:\s*(['"`])([^'"`\n]{1,300})\3""")
_MARK = "dargah-page-number"  # the placeholder while the template is resolved (``#`` is a fragment)


@dataclass(frozen=True)
class Scroll:
    """One list's next pages: a ``template`` with ``{{#}}`` (absolute), or the ``selector``
    of its next page's link."""

    template: str | None = None
    selector: str | None = None

    def address(self, number: int) -> str:
        """The address of page ``number`` (a template's)."""
        return (self.template or "").replace(PLACEHOLDER, str(number))

    def first(self, shown: str) -> int:
        """The page asked first: after the one the template reads in ``shown`` (the page's
        own address), else 2."""
        pattern = re.escape(self.template or "").replace(re.escape(PLACEHOLDER), r"(\d{1,6})")
        found = re.fullmatch(pattern, shown)
        return int(found.group(1)) + 1 if found else 2


@dataclass(frozen=True)
class Chain:
    """Where one list's pages have got to, as the crawl asks them one after another."""

    scroll: Scroll
    page: int  # the page this request asks (a template's)
    asked: int  # pages asked so far, this one included
    seen: frozenset[str]  # links of the pages answered so far (a template's)
    key: str = ""  # the list a selector's page belongs to
    url: str = ""  # the address a selector's link gave

    def following(self, links: frozenset[str]) -> Chain:
        """A template's next page, once this one answered with ``links``."""
        return Chain(self.scroll, self.page + 1, self.asked + 1, self.seen | links)


def scrolls(response: TextResponse) -> list[Scroll]:
    """The infinite-scroll lists a page sets up, in its attributes and in its script."""
    values: list[str] = []
    for attribute in response.xpath(_ATTRIBUTE).getall()[:MAX_OPTIONS]:
        try:
            options = json.loads(attribute)
        except ValueError:
            options = None
        if isinstance(options, dict) and isinstance(options.get("path"), str):
            values.append(options["path"])
        elif found := _OPTION.search(attribute):  # not strict JSON: read as the script's
            values.append(found.group(4))
    code = " ".join(response.xpath("//script[not(@src)]/text()").getall())[:MAX_CODE]
    for call in list(_CALL.finditer(code))[:MAX_OPTIONS]:
        opening = code.find("{", call.end(), call.end() + 300)
        literal = braced(code, opening) if opening >= 0 else ""
        # the library's own key: Infinite Scroll's ``path``, Infinite Ajax Scroll's ``next``
        wanted = "next" if "ias" in call.group(0).lower() or "Ajax" in call.group(0) else "path"
        for found in _OPTION.finditer(literal):
            if found.group(2) == wanted:
                values.append(found.group(4))
                break
    found_scrolls: list[Scroll] = []
    for value in values:
        scroll = _scroll(value.strip(), response.url)
        if scroll is not None and scroll not in found_scrolls:
            found_scrolls.append(scroll)
    return found_scrolls[:MAX_LISTS]


def _scroll(value: str, base: str) -> Scroll | None:
    """A ``path`` value: a template (resolved against the page), else a selector (one that
    CSS can read)."""
    if PLACEHOLDER in value:
        absolute = urljoin(base, value.replace(PLACEHOLDER, _MARK))
        return Scroll(template=absolute.replace(_MARK, PLACEHOLDER))
    try:
        cssselect.parse(value)
    except cssselect.SelectorError:
        return None
    return Scroll(selector=value)


def next_addresses(response: TextResponse, selector: str) -> list[str]:
    """Where the element ``selector`` names on this page links (its ``href``, else that of
    the first link inside it, as ``.next`` on a pager's ``<li>``)."""
    try:
        nodes = response.css(selector)[:5]
    except (cssselect.SelectorError, ValueError):
        return []
    found = []
    for node in nodes:
        href = node.attrib.get("href") or node.xpath(".//a/@href").get()
        if href and not href.strip().startswith(("#", "javascript:")):
            found.append(response.urljoin(href.strip()))
    return found
