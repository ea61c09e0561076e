"""Items a hacked portal put among its services: gambling, betting and pill adverts.

A defaced portal keeps its layout and adds adverts as services («کازینو آنلاین معتبر …», forty
of them on an eight-service portal) or appends one to every description, each worded a little
differently so that no shared text gives it away (red team 8). Such an item was not written by
the agency: it is dropped, a service found at its URL before keeps what it had (the page is
withheld, as a login wall is), and the crawl is `suspect` (the `spam` alert, crawlers.monitor),
so nothing the defacer wrote reaches citizens and the registrar is told.

The adverts' words are data (``data/spam_signs.yaml``), matched after NormalizePipeline has
reduced every value to plain text.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml
from scrapy.exceptions import DropItem

from crawlers.extract import fold
from crawlers.items import ServiceItem
from crawlers.pipelines import SpiderBound


@cache
def spam_signs() -> tuple[re.Pattern[str], ...]:
    """The advert patterns, read once from the package data."""
    raw = yaml.safe_load(
        resources.files("crawlers").joinpath("data/spam_signs.yaml").read_text("utf-8")
    )
    if not isinstance(raw, list) or not all(isinstance(p, str) and p for p in raw):
        raise ValueError("spam_signs.yaml: expected a list of patterns")
    try:
        return tuple(re.compile(fold(p), re.IGNORECASE) for p in raw)
    except re.error as exc:
        raise ValueError(f"spam_signs.yaml: invalid pattern: {exc}") from exc


def spam_in(item: ServiceItem) -> str | None:
    """The advert words the item says, or None."""
    text = fold(" ".join([item.title, item.description, *item.fields.values()]))
    for pattern in spam_signs():
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None


class SpamPipeline(SpiderBound):
    """Drops the items that carry adverts; the monitor makes their crawl suspect."""

    def process_item(self, item: ServiceItem) -> ServiceItem:
        said = spam_in(item)
        if said is None:
            return item
        state = self.spider.state
        state.withhold(item.url, {})  # what the service said before is kept
        state.report.error("spam", f"{item.url}: an advert («{said}»), not a service")
        raise DropItem(f"service at {item.url} carries an advert ({said!r})")
