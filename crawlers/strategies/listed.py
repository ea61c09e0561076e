"""Services a listing describes in place, without a page of their own on the portal.

Some «میز خدمت» pages show every service as an accordion card, a ``<details>`` block or a
box: its name, what it needs, and a «درخواست خدمت» button to the agency's request system
(often another host). There is no service page to judge: the service's deep link is the
button's target, where the citizen starts the service. A block counts only when

* its action link («درخواست خدمت», «ورود به سامانه», …) is the only link in it to another
  page (files to download aside): a block that links a page of its own is left to that page;
* it has a name that is not a link: the block's toggle, summary, heading or title element,
  and not a field's label («مدارک لازم»: a block of one service's page);
* no other block of the page has the same target (one login page for every service is the
  portal's door, not a service's), and the page has at least :data:`MIN_BLOCKS` of them.
"""

from __future__ import annotations

import re

from parsel import Selector
from scrapy.http import HtmlResponse, TextResponse

from crawlers.dedupe import clean_url
from crawlers.extract import (
    DESCRIPTION_LABELS,
    FIELD_LABELS,
    field_pairs,
    fold,
    labelled,
    labelled_pairs,
    leads_elsewhere,
    page_description,
    text_of,
)
from crawlers.items import ServiceItem

# What a button that starts a service says (on folded text, the whole of it).
ACTION = re.compile(
    r"^(((ثبت|ارسال|شروع) )?درخواست( خدمت| آنلاین| الکترونیکی?)?"
    r"|ورود به (سامانه|خدمت)|(دریافت|شروع|انجام|ثبت) خدمت|شروع|اقدام)$"
)
_FILE = re.compile(r"\.(pdf|docx?|xlsx?|zip|rar|jpe?g|png|gif)($|[?#])", re.IGNORECASE)
# What names a block: a collapse toggle, a summary, a heading, an element titled so.
_NAMES = (
    ".//*[@data-toggle='collapse' or @data-bs-toggle='collapse' or @aria-expanded]"
    " | .//summary | .//h2 | .//h3 | .//h4 | .//h5 | .//h6"
    " | .//*[contains(@class, 'title')]"
)
MAX_LEVELS = 6  # how far above its action link a block may start
MIN_BLOCKS = 2
MAX_ANCHORS = 2000  # links looked at on one page


def listed_services(response: TextResponse) -> list[ServiceItem]:
    """The services a listing page describes in blocks of their own (see the module)."""
    blocks: dict[str, list[tuple[str, Selector]]] = {}
    for anchor in response.xpath("//a[@href]")[:MAX_ANCHORS]:
        href = anchor.attrib["href"].strip()
        if not ACTION.match(fold(text_of(anchor))) or not leads_elsewhere(href):
            continue
        if _FILE.search(href):
            continue
        found = _block_of(anchor)
        if found is not None:
            blocks.setdefault(clean_url(response.urljoin(href)), []).append(found)
    named = {url: found[0] for url, found in blocks.items() if len(found) == 1}
    if len({fold(name) for name, _ in named.values()}) < MIN_BLOCKS:
        return []
    return [_item(response, url, name, block) for url, (name, block) in named.items()]


def _block_of(anchor: Selector) -> tuple[str, Selector] | None:
    """The block an action link starts, with its name: the nearest ancestor that holds a
    name, unless it holds another action or a link to a page first."""
    action = fold(text_of(anchor))
    for block in anchor.xpath("ancestor::*")[::-1][:MAX_LEVELS]:
        if block.root.tag in ("body", "html"):
            return None
        others = [a for a in block.xpath(".//a[@href]") if a.root is not anchor.root]
        for other in others:
            href = other.attrib["href"].strip()
            if leads_elsewhere(href) and not _FILE.search(href):
                return None  # a page of its own, or several services' block
        for node in block.xpath(_NAMES)[:5]:
            name = text_of(node)
            folded = fold(name)
            if 3 <= len(folded) <= 150 and folded != action and not _links_away(node):
                # «مدارک لازم», «هزینه»: a field of one service's page, not a service
                return None if FIELD_LABELS.match(folded) else (name, block)
    return None


def _links_away(node: Selector) -> bool:
    return any(leads_elsewhere(h) for h in node.xpath("ancestor-or-self::a/@href").getall())


def _item(response: TextResponse, url: str, name: str, block: Selector) -> ServiceItem:
    """The block as a service: its labelled fields and first paragraph read as a page's."""
    alone = HtmlResponse(url=response.url, body=block.get().encode(), encoding="utf-8")
    pairs = labelled_pairs(alone)
    description = labelled(pairs, DESCRIPTION_LABELS)
    fields = {k: v for k, v in field_pairs(pairs).items() if v != name}
    return ServiceItem(
        url=url,
        title=name,
        description=description[1] if description else page_description(alone),
        fields=fields,
        fetched=False,  # named by the listing; its own page was not judged
    )
