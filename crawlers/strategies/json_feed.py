"""Strategy ``json_feed``: portals that render their list with JavaScript from a JSON endpoint."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response

from crawlers import jsonfeeds
from crawlers.extract import load_json, plain
from crawlers.items import ServiceItem
from registry.registration import JsonFeedRecipe

if TYPE_CHECKING:
    from crawlers.spiders.portal import PortalSpider


def dig(data: Any, path: str | None) -> Any:
    """Follow a dotted path (``a.b.0.c``); None when any step is missing."""
    if path is None:
        return None
    for step in (s for s in path.split(".") if s):
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and step.isdigit() and int(step) < len(data):
            data = data[int(step)]
        else:
            return None
    return data


def json_feed_recipe(recipe: JsonFeedRecipe, data: Any) -> JsonFeedRecipe:
    """A recipe that names no list, read on a JSON Feed (:mod:`crawlers.jsonfeeds`): the
    feed's own names, so ``json_feed: {url: /feed.json}`` is enough for one (``items``,
    ``next_url``, and ``content_text`` for a description left at its default)."""
    if recipe.items_path or not jsonfeeds.is_json_feed(data):
        return recipe
    changes: dict[str, Any] = {"items_path": "items"}
    if recipe.next_path is None:
        changes["next_path"] = "next_url"
    if recipe.description == "description":  # the default: a JSON Feed names none so
        changes["description"] = "content_text"
    return recipe.model_copy(update=changes)


class JsonFeedStrategy:
    def __init__(self, spider: PortalSpider) -> None:
        assert spider.registration.json_feed is not None  # guaranteed by Registration
        self.spider = spider
        self.recipe: JsonFeedRecipe = spider.registration.json_feed

    def start_requests(self) -> Iterable[Request]:
        url = self.spider.registration.absolute(self.recipe.url)
        yield self.spider.request(url, self.parse_feed, entry=True)

    def parse_feed(self, response: Response) -> Iterable[Any]:
        try:
            data = load_json(response.body)
        except ValueError as exc:
            self.spider.state.report.error("parse_error", f"{response.url}: not JSON ({exc})")
            return
        recipe = json_feed_recipe(self.recipe, data)
        items = dig(data, recipe.items_path)
        if not isinstance(items, list):
            self.spider.state.report.error(
                "parse_error", f"{response.url}: no list at {recipe.items_path!r}"
            )
            return
        for entry in items:
            if not isinstance(entry, dict):
                continue
            link = plain(dig(entry, recipe.url_field))
            yield ServiceItem(
                url=response.urljoin(link) if link else "",
                title=plain(dig(entry, recipe.title)),
                description=plain(dig(entry, recipe.description)),
                category=plain(dig(entry, recipe.category)),
                fields={
                    name: value
                    for name, path in recipe.fields.items()
                    if (value := plain(dig(entry, path)))
                },
                fetched=False,  # the feed names the page; nothing fetched it
            )
        following = plain(dig(data, recipe.next_path))
        if following:
            url = response.urljoin(following)
            if self.spider.follows(url):
                yield self.spider.request(url, self.parse_feed)
