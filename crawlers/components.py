"""Links and frames written as web components, which a browser renders but markup hides.

* A design system's component with an ``href`` renders a link: Material Web's
  ``<md-list-item type="link" href>`` and ``<md-text-button href>`` ("an href makes the
  component render a link"), Esri Calcite's ``calcite-link``/``calcite-button`` ("passing
  an href will render an anchor link"), Ionic's ``ion-item href``, Shoelace's ``sl-button
  href``. The ``<a>`` lives in the component's shadow DOM, so the served HTML has none: the
  element with the ``href`` is the link. HTML's own ``<a>`` and ``<area>`` are read by the
  link extractor; ``<link>`` and ``<base>`` are no links to follow; SVG and MathML use
  ``href`` for resources (``<use href="#icon">``, ``<image href>``) and are left alone.
* Hotwire Turbo's ``<turbo-frame src>`` (``loading="lazy"`` or not) loads its content from
  ``src`` into the page: a frame, read as ``<iframe src>`` is.
"""

from __future__ import annotations

import re

from scrapy.http import TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.url import url_has_any_extension

from crawlers.extract import text_of

MAX_COMPONENT_LINKS = 1000  # elements read on one page
COMPONENT_LINKS = (
    "//*[@href][not(self::a or self::area or self::link or self::base)]"
    "[not(ancestor-or-self::svg or ancestor-or-self::math)]"
)
FRAME_SOURCES = "//turbo-frame/@src"
# Files a component's href may name that are no page (an icon, a style sheet); PDF, Word and
# Excel files stay: a services catalogue may be one (the spider decides which to fetch).
# A client-side template's placeholder left in the attribute (``href="{{ s.url }}"``,
# ``${id}``, Kendo's ``#=Id#``): the address is written by script, not there yet.
_TEMPLATE = re.compile(r"\{\{|\$\{|#[=:]")
_NOT_PAGES = {"." + e for e in IGNORED_EXTENSIONS if e not in ("xlsx", "pdf", "docx")}


def component_links(response: TextResponse) -> list[tuple[str, str]]:
    """The (address, text) of each element other than ``<a>`` that links by its ``href``,
    in page order (never a fragment of the page, a script, a template's placeholder, or a
    media file)."""
    found = []
    for node in response.xpath(COMPONENT_LINKS)[:MAX_COMPONENT_LINKS]:
        href = node.attrib.get("href", "").strip()
        if not href or href.startswith(("#", "javascript:")) or _TEMPLATE.search(href):
            continue
        if url_has_any_extension(response.urljoin(href), _NOT_PAGES):
            continue
        found.append((href, text_of(node)))
    return found
