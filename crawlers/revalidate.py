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

The stored pages are bounded (:class:`LastCrawlCacheStorage`): each crawl writes
a new generation holding what it stored or revalidated, plus, within a byte
budget, the recent pages it did not reach. A portal that serves fresh URLs on
every crawl (session ids, dated paths, or hostility) cannot fill the disk.
"""

from __future__ import annotations

import logging
import os
import pickle
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from time import time
from typing import Any

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import DbmCacheStorage
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.httpobj import urlparse_cached

from registry.reports import CrawlStatus

logger = logging.getLogger(__name__)

NOT_MODIFIED_FLAG = "cached"  # Scrapy's flag on a response handed back from the cache
FETCHED_HEADER = b"X-Dargah-Fetched"  # on a stored copy: when it was last fetched whole
_VALIDATORS = ((b"ETag", b"If-None-Match"), (b"Last-Modified", b"If-Modified-Since"))


class RevalidatePolicy:
    """Store validated 200s; always revalidate; only a 304 means "use the stored page"."""

    def __init__(self, settings: BaseSettings) -> None:
        self.ignore_schemes = set(settings.getlist("HTTPCACHE_IGNORE_SCHEMES"))
        self.refetch_secs = settings.getfloat("DARGAH_HTTPCACHE_REFETCH_DAYS", 7) * 86400

    def should_cache_request(self, request: Request) -> bool:
        return urlparse_cached(request).scheme not in self.ignore_schemes

    def should_cache_response(self, response: Response, request: Request) -> bool:
        # A page without a validator could never be answered with a 304: not worth the disk.
        no_store = b"no-store" in (response.headers.get(b"Cache-Control") or b"").lower()
        validated = b"ETag" in response.headers or b"Last-Modified" in response.headers
        return response.status == 200 and validated and not no_store

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        """Never fresh; ask conditionally, unless the stored copy's validators are stale.

        A portal's validators can lie: one ``ETag`` on every page, a ``Last-Modified`` in
        the future. Then a renamed service would be answered 304 for ever. So a copy fetched
        whole more than ``DARGAH_HTTPCACHE_REFETCH_DAYS`` ago is fetched whole again, and
        a date in the future is never sent back.
        """
        if time() - fetched_at(cachedresponse) > self.refetch_secs:
            return False
        for stored, conditional in _VALIDATORS:
            value = cachedresponse.headers.get(stored)
            if value and not (conditional == b"If-Modified-Since" and _in_future(value)):
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


class LastCrawlCacheStorage(DbmCacheStorage):
    """Scrapy's one-file-per-portal DBM cache, rewritten by every crawl so that it stays bounded.

    Pages are read from the last generation (``PORTAL.db``) and written to the next
    (``PORTAL.db.next``), which replaces it when the crawl closes. It holds what this
    crawl stored or revalidated. After a clean crawl, a page it did not reach is no
    longer linked and is dropped. After a crawl that met failures (the portal down for
    an hour, a rate limiter) the pages it did not reach are carried over, while younger
    than ``DARGAH_HTTPCACHE_KEEP_DAYS`` and, newest first, within
    ``DARGAH_HTTPCACHE_CARRY_BYTES``: the next crawl need not fetch them whole again,
    and a portal that fails on purpose grows the file by at most the budget. A crawl
    killed midway leaves the last generation whole; its unfinished next one is
    removed on the next open.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.keep_secs = settings.getfloat("DARGAH_HTTPCACHE_KEEP_DAYS", 14) * 86400
        self.carry_bytes = settings.getint("DARGAH_HTTPCACHE_CARRY_BYTES", 32 * 1024 * 1024)
        self.previous: Any = None
        self.stored: set[bytes] = set()
        self.etags: dict[bytes, bytes] = {}  # ETag -> the page first stored with it
        self.next_path = Path(self.cachedir, "unopened.db.next")

    def open_spider(self, spider: Spider) -> None:
        super().open_spider(spider)  # self.db is the last generation, read from
        self.previous = self.db
        self.stored = set()
        self.etags = {}
        self.next_path = Path(self.cachedir, f"{spider.name}.db.next")
        self.next_path.unlink(missing_ok=True)  # left by a crawl that was killed
        self.db = self.dbmodule.open(str(self.next_path), "n")

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        written, self.db = self.db, self.previous
        try:
            return super().retrieve_response(spider, request)
        finally:
            self.db = written

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        key = self._fingerprinter.fingerprint(request).hex().encode()
        headers = response.headers.copy()
        if NOT_MODIFIED_FLAG not in response.flags:  # fetched whole: when, for the policy
            headers[FETCHED_HEADER] = str(time())
        etag = headers.get(b"ETag")
        if etag and self.etags.setdefault(etag, key) != key:
            # One ETag on two pages validates neither (some servers send one for the whole
            # site): a change to either would be answered 304. Neither is asked by it again.
            del headers[b"ETag"]
            self._forget_etag(self.etags[etag])
        super().store_response(spider, request, response.replace(headers=headers))
        self.stored.add(key)

    def _forget_etag(self, key: bytes) -> None:
        """Drop the ETag of a page stored earlier in this crawl."""
        data = self.db.get(key + b"_data")
        if data is None:
            return
        stored = pickle.loads(data)
        stored["headers"] = {k: v for k, v in stored["headers"].items() if k.lower() != b"etag"}
        self.db[key + b"_data"] = pickle.dumps(stored, protocol=4)

    def close_spider(self, spider: Spider) -> None:
        if _suspect(spider):
            # What a suspect crawl read (a defacement, a hijacked page) must not be what the
            # next crawl revalidates against: a portal restored from a backup would answer
            # 304 to the spam's dates. The last good generation stays.
            self.previous.close()
            self.db.close()
            self.next_path.unlink(missing_ok=True)
            return
        try:
            carried = self._carry_over() if met_failures(spider.crawler.stats.get_stats()) else 0
        except OSError as error:  # a full disk: keep the last generation as it was
            logger.warning("HTTP cache not rewritten (%s); the last one is kept", error)
            carried = None
        finally:
            self.previous.close()
            self.db.close()
        if carried is None:
            self.next_path.unlink(missing_ok=True)
            return
        path = Path(self.cachedir, f"{spider.name}.db")
        # SQLite's side files belong to their database: the last generation's go with it.
        for side in ("-wal", "-shm", "-journal"):
            Path(f"{path}{side}").unlink(missing_ok=True)
        os.replace(self.next_path, path)
        for side in ("-wal", "-shm", "-journal"):
            if Path(f"{self.next_path}{side}").exists():
                os.replace(f"{self.next_path}{side}", f"{path}{side}")

    def _carry_over(self) -> int:
        """Copy the recent pages this crawl did not reach, newest first, within the budget."""
        now = time()
        unreached: list[tuple[float, bytes]] = []
        for key in self.previous.keys():  # noqa: SIM118 (dbm.gnu cannot be iterated)
            if not key.endswith(b"_time") or key[:-5] in self.stored:
                continue
            stamp = float(self.previous[key])
            if now - stamp < self.keep_secs:
                unreached.append((stamp, key[:-5]))
        budget = self.carry_bytes
        carried = 0
        for _, fingerprint in sorted(unreached, reverse=True):
            data = self.previous[fingerprint + b"_data"]
            if len(data) > budget:
                break
            budget -= len(data)
            self.db[fingerprint + b"_data"] = data
            self.db[fingerprint + b"_time"] = self.previous[fingerprint + b"_time"]
            carried += 1
        return carried


def fetched_at(stored: Response) -> float:
    """When the stored copy was last fetched whole (0 for copies stored before this was kept)."""
    try:
        return float(stored.headers.get(FETCHED_HEADER) or 0)
    except ValueError:
        return 0.0


def _in_future(http_date: bytes) -> bool:
    try:
        moment = parsedate_to_datetime(http_date.decode("latin-1"))
    except (TypeError, ValueError, IndexError):
        return True  # not a date: nothing to send back either
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment > datetime.now(UTC) + timedelta(hours=1)


def _suspect(spider: Spider) -> bool:
    """Did the crawl monitor (which closes first: extensions connect before middlewares)
    judge this crawl suspect?"""
    state = getattr(spider, "state", None)
    return state is not None and state.report.status is CrawlStatus.SUSPECT


def met_failures(stats: dict[str, Any]) -> bool:
    """Did this crawl meet a download error or a status other than success, redirect or gone?"""
    for key, count in stats.items():
        if not count:
            continue
        if key == "downloader/exception_count":
            return True
        prefix = "downloader/response_status_count/"
        if key.startswith(prefix):
            status = key[len(prefix) :]
            if not status.startswith(("2", "3")) and status not in ("404", "410"):
                return True
    return False


def is_not_modified(response: Response) -> bool:
    """This response is the stored page, reused because the portal answered 304."""
    return NOT_MODIFIED_FLAG in response.flags
