"""One small module per registration strategy; :func:`strategy_for` picks the one to use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from scrapy import Request

from registry.registration import Strategy

if TYPE_CHECKING:
    from crawlers.spiders.portal import PortalSpider


class CrawlStrategy(Protocol):
    def start_requests(self) -> Iterable[Request]:
        """The entry requests; their callbacks yield further requests and ServiceItems."""


def strategy_for(spider: PortalSpider) -> CrawlStrategy:
    from crawlers.strategies import auto, json_feed, selectors, sitemap, structured

    chosen: dict[Strategy, type[CrawlStrategy]] = {
        Strategy.STRUCTURED: structured.StructuredStrategy,
        Strategy.SITEMAP: sitemap.SitemapStrategy,
        Strategy.SELECTORS: selectors.SelectorStrategy,
        Strategy.JSON_FEED: json_feed.JsonFeedStrategy,
        Strategy.AUTO: auto.AutoStrategy,
    }
    return chosen[spider.registration.strategy](spider)  # type: ignore[call-arg]
