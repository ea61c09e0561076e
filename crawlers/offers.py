"""The services an organisation's JSON-LD says it offers (schema.org ``hasOfferCatalog``).

SEO plugins and schema generators describe an agency on its homepage as a
``GovernmentOrganization`` whose ``hasOfferCatalog`` is an ``OfferCatalog`` of ``Offer``s
(catalogues nest, one per audience: schema.org's own example), each ``itemOffered`` a
``GovernmentService`` with its ``name`` and ``url``; or as ``makesOffer`` ``Offer``s. A
portal may list its services nowhere else (its «خدمات» menu drawn from that data by script).
Only the offer relations are walked: an organisation's ``department``, ``subOrganization``
or ``location`` (a branch office with its own page) is no service and is never read.

The data is untrusted: the walk is bounded in depth, in nodes and in addresses.
"""

from __future__ import annotations

from typing import Any

from scrapy.http import TextResponse

from crawlers.extract import load_json, types_of

MAX_SCRIPTS = 10  # JSON-LD blocks read on one page
MAX_SCRIPT_CHARS = 1_000_000  # of one block
MAX_DEPTH = 12  # nested catalogues, offers and lists
MAX_NODES = 5000  # objects and lists looked at on one page
MAX_URLS = 500  # service addresses taken from one page
# The relations from an organisation to what it offers, and through a catalogue to its offers.
_OFFER_KEYS = ("@graph", "hasOfferCatalog", "makesOffer", "itemListElement", "itemOffered", "item")
# What an offer may offer that is a service (schema.org Service and its common subtypes).
_SERVICE_TYPES = {"Service", "GovernmentService", "WebAPI", "FinancialProduct"}


def offered_urls(response: TextResponse) -> list[str]:
    """The addresses of the services a page's JSON-LD offers (each once, in order), as
    written (relative ones resolve against the page)."""
    urls: list[str] = []
    budget = [MAX_NODES]
    scripts = response.xpath('//script[@type="application/ld+json"]/text()').getall()
    for raw in scripts[:MAX_SCRIPTS]:
        try:
            data = load_json(raw[:MAX_SCRIPT_CHARS])
        except (ValueError, RecursionError):  # not JSON, or nested past the parser's stack
            continue
        _walk(data, urls, budget, depth=0, offered=False)
    return list(dict.fromkeys(urls))[:MAX_URLS]


def _walk(node: Any, urls: list[str], budget: list[int], *, depth: int, offered: bool) -> None:
    """Collect service addresses below ``node`` through the offer relations only.
    ``offered``: the node is what an offer offers (``itemOffered``), so an untyped one counts."""
    if depth > MAX_DEPTH or budget[0] <= 0 or len(urls) >= MAX_URLS:
        return
    budget[0] -= 1
    if isinstance(node, list):
        for item in node[:MAX_URLS]:
            _walk(item, urls, budget, depth=depth + 1, offered=offered)
        return
    if not isinstance(node, dict):
        return
    kinds = types_of(node) if "@type" in node else set()
    if (kinds & _SERVICE_TYPES or (offered and not kinds)) and (url := _address(node)):
        urls.append(url)
    for key in _OFFER_KEYS:
        if key in node:
            _walk(node[key], urls, budget, depth=depth + 1, offered=key == "itemOffered")


def _address(node: dict[str, Any]) -> str:
    """A service's page: its ``url``, else its ``@id`` when that is a page's address and not
    a node's name within a page (``…/#service``)."""
    for key in ("url", "@id"):
        value = node.get(key)
        if (
            isinstance(value, str)
            and value.strip().startswith(("/", "http"))
            and (key == "url" or "#" not in value)
        ):
            return value.strip()
    return ""
