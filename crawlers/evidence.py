"""Evidence before retirement: the indexed services a crawl did not reach are asked directly.

A service is retired when complete crawls miss it. A crawl used to miss every service its
listing did not lead to, whatever the reason (red team round 9): a CDN answering the
listing's ``?page=2`` with page 1, a page 2 answering «موردی یافت نشد» while a search index
rebuilds, a robots.txt forbidding ``/*?``, redirects the duplicate filter dropped. Their own
pages still showed them.

So when a crawl that could retire has nothing left to do (Scrapy's ``spider_idle``), the
portal's indexed services it neither found, nor withheld, nor got an answer for are asked at
their own URLs (``dont_filter``; robots.txt and the portal's politeness as ever), at most
``DARGAH_EVIDENCE_MAX`` of them, and read as the strategy reads a service page. Their
answers decide, through the same rules as any page's: the page shows the service → found
(counted ``unlisted`` in the report: an agency removes a service by removing its page, not
only its link); 404, 410, a soft 404, a redirect home or to a listing → missed; anything
else → withheld. Services over the cap are withheld: a later crawl asks them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from crawlers.monitor import decide_status
from registry.reports import CrawlStatus

if TYPE_CHECKING:
    from crawlers.spiders.portal import PortalSpider

EVIDENCE_MAX = 500  # default of DARGAH_EVIDENCE_MAX: services asked again in one crawl


class AskUnreached:
    """Extension: asks the unreached indexed services once, when the crawl is idle."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.limit = crawler.settings.getint("DARGAH_EVIDENCE_MAX", EVIDENCE_MAX)
        self.done = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        return ext

    @property
    def spider(self) -> PortalSpider:
        return self.crawler.spider  # type: ignore[return-value]

    def spider_idle(self, spider: Any) -> None:
        if self.done:
            return
        self.done = True
        requests = self.requests()
        if not requests:
            return
        assert self.crawler.engine is not None
        for request in requests:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def requests(self) -> list[Request]:
        spider = self.spider
        state = spider.state
        parse = getattr(spider.strategy, "parse_service", None)
        # Only a complete crawl needs the evidence (a partial one misses only the services
        # whose own URL answered "gone": monitor.retire_gone), and only a strategy that reads
        # services on their own pages can ask them.
        if parse is None or not state.indexed or self.limit <= 0:
            return []
        if decide_status(state, "finished") is not CrawlStatus.COMPLETE:
            return []
        known = state.seen | state.withheld | state.answered | set(state.duplicates)
        unreached = [sid for sid in state.indexed if sid not in known]
        if not unreached:
            return []
        backend = spider.context.backend
        urls = sorted(
            (doc.url, sid)
            for sid in unreached
            if (doc := backend.get(sid)) is not None and spider.follows(doc.url)
        )
        asked, over = urls[: self.limit], urls[self.limit :]
        if over:
            state.withheld |= {sid for _, sid in over}
            state.report.error(
                "evidence_limit",
                f"{len(over)} indexed service(s) not reached and over DARGAH_EVIDENCE_MAX"
                f" ({self.limit}) were not asked again: kept, e.g. {over[0][0]}",
            )
        state.reasked |= {sid for _, sid in asked}
        spider.logger.info("asking %d indexed service(s) the crawl did not reach", len(asked))
        read = self.reader(parse)
        return [spider.request(url, read).replace(dont_filter=True) for url, _ in asked]

    @staticmethod
    def reader(parse: Any) -> Any:
        """The strategy's service-page reader, keeping its services and no links: the
        evidence is the page, not a new walk of the portal."""

        def read(response: Response) -> Iterable[Any]:
            for out in parse(response) or ():
                if not isinstance(out, Request):
                    yield out

        return read
