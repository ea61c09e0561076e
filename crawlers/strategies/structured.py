"""Strategy ``structured``: walk the portal, take the schema.org service data pages declare.

A registration that also names a sitemap gets it read as a second source of
pages (service pages a menu does not link still get found).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawlers.classify import news_path
from crawlers.strategies.pages import structured_services
from crawlers.strategies.sitemap import SitemapStrategy

if TYPE_CHECKING:
    from crawlers.spiders.portal import PortalSpider


class StructuredStrategy:
    def __init__(self, spider: PortalSpider) -> None:
        self.spider = spider
        recipe = spider.registration.structured
        self.types = set(recipe.types) if recipe else {"GovernmentService", "Service"}
        self.sitemap = (
            SitemapStrategy(spider, page_callback=self.parse)
            if spider.registration.sitemap
            else None
        )

    def start_requests(self) -> Iterable[Request]:
        for url in self.spider.registration.start_urls:
            yield self.spider.request(url, self.parse, entry=True)
        if self.sitemap:
            yield from self.sitemap.start_requests()

    def parse_service(self, response: Response) -> Iterable[Any]:
        """A known service's page asked again (crawlers.evidence)."""
        yield from self.parse(response)

    def parse(self, response: Response) -> Iterable[Any]:
        if not isinstance(response, TextResponse):
            return
        yield from structured_services(response, self.types)
        for url in self.spider.links(response):
            if not news_path(url):
                yield self.spider.request(url, self.parse)
