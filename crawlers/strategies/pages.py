"""Turning one fetched page into service items: shared by the page-judging strategies."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin

from scrapy.http import TextResponse

from crawlers.classify import looks_like_news, looks_like_service
from crawlers.extract import (
    breadcrumb,
    json_ld,
    labelled_fields,
    microdata,
    page_description,
    page_title,
    plain,
    types_of,
)
from crawlers.items import ServiceItem


def category_from_trail(response: TextResponse) -> str:
    trail = breadcrumb(response)
    return trail[-2] if len(trail) >= 2 else ""


def structured_services(response: TextResponse, types: set[str]) -> list[ServiceItem]:
    """Services declared as schema.org data on the page (JSON-LD or microdata)."""
    objects = [o for o in json_ld(response) if types_of(o) & types]
    objects += microdata(response, types)
    if not objects:
        return []
    single = len(objects) == 1
    fields = labelled_fields(response) if single else {}
    items = []
    for obj in objects:
        declared = plain(obj.get("url"))
        # One service on the page: the page itself (final URL after redirects) is the deep link.
        url = response.url if single or not declared else urljoin(response.url, declared)
        category = plain(obj.get("category") or obj.get("serviceType")) or category_from_trail(
            response
        )
        items.append(
            ServiceItem(
                url=url,
                title=plain(obj.get("name")) or (page_title(response) if single else ""),
                description=plain(obj.get("description")),
                category=category,
                fields=fields,
                fetched=url == response.url,
            )
        )
    return items


def generic_service(response: TextResponse) -> ServiceItem:
    return ServiceItem(
        url=response.url,
        title=page_title(response),
        description=page_description(response),
        category=category_from_trail(response),
        fields=labelled_fields(response),
    )


def judge_page(response: TextResponse, types: set[str]) -> Iterable[ServiceItem]:
    """The services a page describes, if it is a service page at all."""
    found = structured_services(response, types)
    if found:
        if not looks_like_news(response) or len(found) > 1:
            yield from found
        return
    if looks_like_service(response):
        yield generic_service(response)
