"""Strategy ``auto``: find the services section by itself, then keep only service pages.

From the start pages, links whose anchor text names the services section
(«فهرست خدمات», «میز خدمت», «خدمات»…) open the section. Inside it, listing
pages are followed and each page is judged on its own (see
:mod:`crawlers.classify`): only pages with service data or service structure
become services, never news. Without a recognisable section link the whole
portal is walked, news excepted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawlers.classify import SECTION_WORDS, looks_like_news, news_path
from crawlers.extract import fold, text_of
from crawlers.strategies.pages import judge_page

if TYPE_CHECKING:
    from crawlers.spiders.portal import PortalSpider

_TYPES = {"GovernmentService", "Service"}


def _section_prefix(url: str) -> str:
    """``/services/`` for ``/services/index.aspx``; ``/services`` for ``/services``."""
    path = urlsplit(url).path
    head, _, last = path.rpartition("/")
    return head + "/" if "." in last else path.rstrip("/")


class AutoStrategy:
    def __init__(self, spider: PortalSpider) -> None:
        self.spider = spider
        self.prefixes: list[str] = []  # paths of the services section(s)

    def start_requests(self) -> Iterable[Request]:
        for url in self.spider.registration.start_urls:
            yield self.spider.request(url, self.parse_home, entry=True)

    def section_links(self, response: TextResponse) -> list[str]:
        """Links named like the services section, best name first."""
        scored: dict[str, int] = {}
        for anchor in response.xpath("//a[@href]"):
            label = fold(text_of(anchor) or anchor.attrib.get("title", ""))
            if not label or len(label) > 40:
                continue
            rank = next((i for i, w in enumerate(SECTION_WORDS) if w in label), None)
            url = response.urljoin(anchor.attrib["href"].strip())
            if rank is None or not self.spider.follows(url) or news_path(url):
                continue
            scored[url] = min(rank, scored.get(url, rank))
        best = min(scored.values(), default=None)
        return [u for u, r in scored.items() if r == best]

    def parse_home(self, response: Response) -> Iterable[Any]:
        if not isinstance(response, TextResponse):
            return
        sections = self.section_links(response)
        if not sections:
            self.spider.logger.info("no services section link found; walking the whole portal")
            yield from self.parse_page(response, in_section=True)
            return
        for url in sections:
            prefix = _section_prefix(url)
            if prefix not in ("", "/"):
                self.prefixes.append(prefix)
            yield self.spider.request(url, self.parse_section, priority=10)

    def in_section(self, url: str) -> bool:
        path = urlsplit(url).path
        if not self.prefixes:  # the section is the whole portal
            return True
        return any(path.startswith(p) for p in self.prefixes)

    def parse_section(self, response: Response) -> Iterable[Any]:
        yield from self.parse_page(response, in_section=True)

    def parse_inner(self, response: Response) -> Iterable[Any]:
        yield from self.parse_page(response, in_section=self.in_section(response.url))

    def parse_page(self, response: Response, *, in_section: bool) -> Iterable[Any]:
        if not isinstance(response, TextResponse):
            return
        services = list(judge_page(response, _TYPES))
        yield from services
        # Walk on from the section's listings and from service pages, never from news.
        if not (in_section or services) or looks_like_news(response):
            return
        for url in self.spider.links(response):
            if not news_path(url):
                yield self.spider.request(url, self.parse_inner)
