"""Strategy ``sitemap``: the sitemap lists candidate pages; each page is judged on its own.

An XML sitemap (plain or gzipped, indexes followed) or a plain-text one, one URL a line
(:mod:`crawlers.textsitemap`).

Sitemaps usually list every page (news, about…), so being listed never makes
a page a service: it must carry service data or service structure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response, TextResponse, XmlResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap

from crawlers import textsitemap
from crawlers.spiders.portal import compile_patterns
from crawlers.strategies.pages import examine

if TYPE_CHECKING:
    from crawlers.spiders.portal import PortalSpider

_XML_START = re.compile(rb"^\s*(<\?xml|<urlset|<sitemapindex)")


class SitemapStrategy:
    """``page_callback`` lets another strategy (structured) read the listed pages its own way."""

    def __init__(
        self,
        spider: PortalSpider,
        page_callback: Callable[[Response], Iterable[Any]] | None = None,
    ) -> None:
        self.spider = spider
        self.page_callback = page_callback or self.parse_page
        recipe = spider.registration.sitemap
        self.sitemap_urls = recipe.sitemap_urls if recipe else ["/sitemap.xml"]
        self.follow = compile_patterns(recipe.follow if recipe else [], "sitemap.follow")
        types = spider.registration.structured
        self.types = set(types.types) if types else {"GovernmentService", "Service"}

    def start_requests(self) -> Iterable[Request]:
        for url in self.sitemap_urls:
            yield self.spider.request(
                self.spider.registration.absolute(url), self.parse_sitemap, entry=True
            )

    def parse_sitemap(self, response: Response) -> Iterable[Any]:
        body = self._body(response)
        listed = textsitemap.addresses(body)
        if listed is not None:  # a text sitemap: a list of pages, never of sitemaps
            yield from self._pages(listed)
            return
        if not self._xml(response, body):
            self.spider.state.report.error("parse_error", f"{response.url}: not a sitemap")
            return
        sitemap = Sitemap(body)
        for entry in sitemap:
            loc = entry.get("loc", "")
            if not self.spider.follows(loc):
                continue
            if sitemap.type == "sitemapindex":
                yield self.spider.request(loc, self.parse_sitemap, entry=True)
            else:
                yield from self._pages([loc])

    def _pages(self, locs: Iterable[str]) -> Iterable[Request]:
        """The listed pages worth judging: on the portal, and matching ``follow`` if given."""
        for loc in locs:
            if self.spider.follows(loc) and (
                not self.follow or any(p.search(loc) for p in self.follow)
            ):
                yield self.spider.request(loc, self.page_callback)

    def parse_service(self, response: Response) -> Iterable[Any]:
        """A known service's page asked again (crawlers.evidence)."""
        yield from self.page_callback(response)

    def parse_page(self, response: Response) -> Iterable[Any]:
        if isinstance(response, TextResponse):
            services, verdict = examine(response, self.types)
            if not services:
                self.spider.state.skip(verdict.kind.replace("_", " "), response.url)
            yield from services

    def _body(self, response: Response) -> bytes:
        """The body as sent, or unzipped (``sitemap.xml.gz``, ``sitemap.txt.gz``)."""
        if gzip_magic_number(response):
            return gunzip(response.body, max_size=self.spider.settings.getint("DOWNLOAD_MAXSIZE"))
        return response.body

    @staticmethod
    def _xml(response: Response, body: bytes) -> bool:
        """An XML sitemap, as Scrapy's SitemapSpider finds one (by its type, gzipped, or by
        how it starts)."""
        return (
            isinstance(response, XmlResponse)
            or gzip_magic_number(response)
            or bool(_XML_START.match(body[:200]))
        )
