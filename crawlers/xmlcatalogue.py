"""Addresses in a catalogue published as a plain XML document (``/Portal/khadamat.xml``).

An older portal may list its services as XML shown through an XSLT stylesheet
(``<?xml-stylesheet type="text/xsl" href="khadamat.xsl"?>``, which a browser applies):
``<khedmat url="/Portal/ServiceView.aspx?SID=501"><onvan>…</onvan></khedmat>``. The stylesheet
is not run. XSLT is a programming language: even with lxml's ``XSLTAccessControl.DENY_ALL``
(no file or network access) a hostile stylesheet can recurse or loop without end, and lxml
offers no time bound; it would also be a second fetch for every such page. The data itself
holds what the stylesheet renders: each record's address (an attribute or a child element's
text) beside its title. So the addresses are read from the XML, as from RSS ``<link>``.

XML from a portal is untrusted: it is parsed with no DTD loaded, no entity resolved (no
XXE, no billion laughs), no network access, and within a size bound.
"""

from __future__ import annotations

import itertools
import re

from lxml import etree

MAX_BYTES = 4 * 1024 * 1024
MAX_ELEMENTS = 20_000  # elements looked at in one document
MAX_ADDRESSES = 2000

_WORD = re.compile(r"[^\W\d_]{2}")  # two letters: a name, not a number or a date
_ADDRESS = re.compile(r"(https?://|/)[^\s<>\"']{1,500}")
# Roots that are pages or are read elsewhere: XHTML is a page, a sitemap the sitemap reader's.
_NOT_A_CATALOGUE = {"html", "urlset", "sitemapindex"}


def parser() -> etree.XMLParser:
    """A parser for untrusted XML: no DTD, no entities expanded, no network, no huge tree."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse(body: bytes) -> etree._Element | None:
    """The document's root element, or None for one too big or not well formed."""
    if len(body) > MAX_BYTES:
        return None
    try:
        return etree.fromstring(body, parser())
    except (etree.XMLSyntaxError, ValueError):
        return None


def is_xml(content_type: str, body: bytes) -> bool:
    """An XML document (``text/xml``, ``application/xml``, ``…+xml`` or an ``<?xml``
    declaration), not an HTML page."""
    kind = content_type.lower()
    if "html" in kind:
        return False
    return "xml" in kind or body[:100].lstrip().startswith(b"<?xml")


def addresses(body: bytes) -> list[str] | None:
    """The addresses a data document gives its records, in document order: an attribute's
    value or a leaf element's text that is an address (``/…`` or ``http(s)://…``), taken
    when its record also names something (another attribute or child with text: its title).
    None for what is no such document (an XHTML page, a sitemap, broken XML)."""
    root = parse(body)
    if root is None or not isinstance(root.tag, str):
        return None
    if etree.QName(root).localname.lower() in _NOT_A_CATALOGUE:
        return None
    found: list[str] = []
    for count, element in enumerate(root.iter()):
        if count >= MAX_ELEMENTS or len(found) >= MAX_ADDRESSES:
            break
        if not isinstance(element.tag, str):
            continue
        for value in element.attrib.values():
            if _ADDRESS.fullmatch(value.strip()) and _named(element, value):
                found.append(value.strip())
        text = (element.text or "").strip()
        record = element.getparent()
        leaf = len(element) == 0 and record is not None
        if leaf and _ADDRESS.fullmatch(text) and _named(record, text):
            found.append(text)
    return list(dict.fromkeys(found))


def _named(record: etree._Element, address: str) -> bool:
    """A record that says something besides the address: a title to go with it."""
    texts = [v for v in record.attrib.values() if v.strip() != address]
    texts += [t for t in itertools.islice(record.itertext(), 50) if t.strip() != address]
    return any(_WORD.search(t) for t in texts)
