"""Incremental recrawls: every page is asked for again, conditionally, and a 304 reuses it.

Scrapy's HTTP cache keeps each page with its ``ETag``/``Last-Modified``; this
policy makes every later request conditional (``If-None-Match`` /
``If-Modified-Since``) and never answers from the cache without asking, so a
recrawl still notices a page that has gone (404) while an unchanged page costs
a 304 and no body. The spider gets the stored page back and parses it as
usual: its services count as seen (nothing is retired for being unchanged) and
the index keeps their documents (same content hash, "unchanged").

Unlike Scrapy's RFC 2616 policy, a failure is reported, never papered over
with the stored copy: a portal that is down or answers 5xx must make the crawl
incomplete, not look healthy.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.httpobj import urlparse_cached

NOT_MODIFIED_FLAG = "cached"  # Scrapy's flag on a response handed back from the cache
_VALIDATORS = ((b"ETag", b"If-None-Match"), (b"Last-Modified", b"If-Modified-Since"))


class RevalidatePolicy:
    """Store validated 200s; always revalidate; only a 304 means "use the stored page"."""

    def __init__(self, settings: BaseSettings) -> None:
        self.ignore_schemes = set(settings.getlist("HTTPCACHE_IGNORE_SCHEMES"))

    def should_cache_request(self, request: Request) -> bool:
        return urlparse_cached(request).scheme not in self.ignore_schemes

    def should_cache_response(self, response: Response, request: Request) -> bool:
        # A page without a validator could never be answered with a 304: not worth the disk.
        no_store = b"no-store" in (response.headers.get(b"Cache-Control") or b"").lower()
        validated = b"ETag" in response.headers or b"Last-Modified" in response.headers
        return response.status == 200 and validated and not no_store

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        for stored, conditional in _VALIDATORS:
            value = cachedresponse.headers.get(stored)
            if value:
                request.headers[conditional] = value
        return False

    def is_cached_response_valid(
        self, cachedresponse: Response, response: Response, request: Request
    ) -> bool:
        return response.status == 304


class RevalidatingCacheMiddleware(HttpCacheMiddleware):
    """Scrapy's cache middleware without its error recovery (the stored copy on a failure)."""

    def process_exception(
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        request.meta.pop("cached_response", None)
        return None


def is_not_modified(response: Response) -> bool:
    """This response is the stored page, reused because the portal answered 304."""
    return NOT_MODIFIED_FLAG in response.flags
