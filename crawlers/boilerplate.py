"""Text that repeats across a portal's pages (footers, menus, addresses) is not a service's.

Portals without a description of their own on a service page used to lend it
their footer («استانداری البرز — کرج، میدان استاندارد | سامانه سامد: ۱۱۱»), and
every service then showed it as its snippet. This spider middleware sees every
page before its items go on: it counts the text blocks of the portal's pages in
this crawl and clears a description that is page chrome, so the item pipeline
falls back to the service's own text (a «شرح خدمت» field, else its title).

A block is chrome when it sits in the page's header, footer, navigation or
aside, or when it has been seen on at least ``MIN_PAGES`` pages making at least
``MIN_SHARE`` of the pages crawled so far.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from crawlers.extract import squash, text_of
from crawlers.items import ServiceItem

MIN_PAGES = 3
MIN_SHARE = 0.3
MIN_BLOCK_CHARS = 20

_BLOCKS = "//p | //li | //td | //dd | //address | //footer | //div[not(*)]"
CHROME = (
    "ancestor-or-self::footer or ancestor-or-self::header or ancestor-or-self::nav"
    " or ancestor-or-self::aside"
    " or ancestor-or-self::*[contains(@id, 'footer') or contains(@class, 'footer')"
    " or contains(@id, 'header') or contains(@class, 'menu')]"
)


class PortalBlocks:
    """How often each text block has been seen on one portal's pages in this crawl."""

    def __init__(self) -> None:
        self.pages = 0
        self.seen: Counter[str] = Counter()
        self.chrome: set[str] = set()

    def read(self, response: TextResponse) -> None:
        blocks: set[str] = set()
        for node in response.xpath(_BLOCKS):
            text = text_of(node)
            if len(text) >= MIN_BLOCK_CHARS:
                blocks.add(text)
                if node.xpath(f"boolean({CHROME})").get() == "1":
                    self.chrome.add(text)
        self.pages += 1
        self.seen.update(blocks)

    def is_boilerplate(self, text: str) -> bool:
        text = squash(text)
        if not text:
            return False
        if text in self.chrome:
            return True
        count = self.seen.get(text, 0)
        return count >= MIN_PAGES and count >= MIN_SHARE * self.pages


def _is_html(response: Response) -> bool:
    kind = response.headers.get(b"Content-Type", b"") or b""
    return isinstance(response, TextResponse) and b"html" in kind.lower()


class BoilerplateMiddleware:
    """Spider middleware: clears item descriptions that are the portal's page chrome."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.blocks = PortalBlocks()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _clean(self, response: Response, item: Any) -> Any:
        if isinstance(item, ServiceItem) and self.blocks.is_boilerplate(item.description):
            item.description = ""
            self.crawler.stats.inc_value("dargah/boilerplate_descriptions")
        return item

    def _read(self, response: Response) -> None:
        if _is_html(response):
            assert isinstance(response, TextResponse)
            self.blocks.read(response)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        self._read(response)
        for item in result:
            yield self._clean(response, item)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        self._read(response)
        async for item in result:
            yield self._clean(response, item)
