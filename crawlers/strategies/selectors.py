"""Strategy ``selectors``: a CSS/XPath recipe names listings, pagination and detail fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawlers.extract import list_text, select, text_of
from crawlers.items import ServiceItem
from registry.registration import SelectorRecipe

if TYPE_CHECKING:
    from crawlers.spiders.portal import PortalSpider


class SelectorStrategy:
    def __init__(self, spider: PortalSpider) -> None:
        assert spider.registration.selectors is not None  # guaranteed by Registration
        self.spider = spider
        self.recipe: SelectorRecipe = spider.registration.selectors

    def start_requests(self) -> Iterable[Request]:
        for url in self.spider.registration.start_urls:
            yield self.spider.request(url, self.parse_start, entry=True)

    def _hrefs(self, response: TextResponse, query: str) -> list[str]:
        found = []
        for node in select(response, query):
            href = node.root if isinstance(node.root, str) else node.attrib.get("href", "")
            url = response.urljoin(href.strip()) if href else ""
            if url and self.spider.follows(url):
                found.append(url)
        return found

    def parse_start(self, response: Response) -> Iterable[Any]:
        if not isinstance(response, TextResponse):
            return
        if self.recipe.category_links:
            for url in self._hrefs(response, self.recipe.category_links):
                yield self.spider.request(url, self.parse_listing)
        yield from self.parse_listing(response)

    def parse_listing(self, response: Response) -> Iterable[Any]:
        if not isinstance(response, TextResponse):
            return
        for url in self._hrefs(response, self.recipe.service_links):
            yield self.spider.request(url, self.parse_detail)
        if self.recipe.pagination:
            for url in self._hrefs(response, self.recipe.pagination):
                yield self.spider.request(url, self.parse_listing)

    def parse_service(self, response: Response) -> Iterable[Any]:
        """A known service's page asked again (crawlers.evidence)."""
        yield from self.parse_detail(response)

    def parse_detail(self, response: Response) -> Iterable[Any]:
        if not isinstance(response, TextResponse):
            return
        recipe = self.recipe

        def field(query: str | None) -> str:
            return text_of(select(response, query)) if query else ""

        yield ServiceItem(
            url=response.url,
            title=field(recipe.title),
            description=field(recipe.description),
            category=field(recipe.category),
            # a field may select a list (documents as <li>s): its entries stay apart
            fields={
                name: value
                for name, q in recipe.fields.items()
                if (value := list_text(select(response, q)))
            },
        )
