"""Telling a service page from everything else a portal publishes (news above all).

Used by the strategies that must judge pages themselves (auto, sitemap). The
rules are generic signals, never portal-specific: schema.org types first, then
news markers (bylines, /news/ paths, article metadata), then the blocks every
service description has (required documents, fee, duration).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy.http import TextResponse

from crawlers.extract import breadcrumb, fold, labelled_fields, page_types

SERVICE_TYPES = frozenset({"GovernmentService", "Service"})
NEWS_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "BlogPosting",
        "Report",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
    }
)
NEWS_PATH = re.compile(
    r"/(news|akhbar|khabar|article|articles|blog|events?|press|notice|notices|media|gallery)(/|$|[-_.])",
    re.IGNORECASE,
)
# Bylines and article furniture (on folded text).
NEWS_WORDS = re.compile(r"(تاریخ انتشار|منتشر شده|کد خبر|شناسه خبر|خبرنگار|منبع خبر)")
SECTION_WORDS = ("فهرست خدمات", "خدمات الکترونیک", "میز خدمت", "خدمات")


def news_path(url: str) -> bool:
    return bool(NEWS_PATH.search(urlsplit(url).path))


def looks_like_news(response: TextResponse) -> bool:
    if page_types(response) & NEWS_TYPES:
        return True
    if response.xpath('//meta[@property="og:type"]/@content').get("").strip() == "article":
        return True
    if response.xpath('//meta[@property="article:published_time"]'):
        return True
    if news_path(response.url):
        return True
    head = fold(" ".join(response.xpath("//body//text()[not(ancestor::script)]").getall())[:4000])
    return bool(NEWS_WORDS.search(head))


def under_service_section(response: TextResponse) -> bool:
    trail = [fold(c) for c in breadcrumb(response)[:-1]]
    return any(word in crumb for crumb in trail for word in SECTION_WORDS)


def looks_like_service(response: TextResponse) -> bool:
    """A page describing one service: service data, or service blocks and no news markers."""
    kinds = page_types(response)
    if kinds & SERVICE_TYPES:
        return True
    if looks_like_news(response):
        return False
    blocks = len(labelled_fields(response))
    return blocks >= 2 or (blocks >= 1 and under_service_section(response))
