"""The portal's own script files, read for a hijack that lives in one of them.

A hacked CMS infects the theme's script file every page includes (``/js/site.js``) by
appending one line that sends every visitor to a casino (red team round 12): the pages
themselves are unchanged, so the page check (:func:`crawlers.scriptnav.script_sends_away`,
which reads a page's inline code) saw nothing, and the gateway kept sending citizens there.

This spider middleware notes which of the registered domains' script files each page
includes, reads each file once a crawl — the one ``auto`` fetches anyway for the pages its
menus name, or a fetch of its own, which never holds a page back, never counts as a page and
is no error of the crawl when it fails — and names the file's load-time target
(:func:`crawlers.scriptnav.file_sends_away`). When the crawl closes, every page that includes
an infected file sends its visitors away (:meth:`crawlers.context.CrawlState.send_away_by_files`):
its service is kept as it was, its link marked broken, the crawl ``suspect`` (``sent_away``).

A "no-build" page loads its code as ES modules named only in its import map (``<script
type="importmap">`` and an inline ``import … from "@doe/khadamat"``: held-out round 19): those
files run on every visit too, so the module files a page loads (:func:`included`, through
:mod:`crawlers.esmodules`) are read here like its ``<script src>`` files, and the modules a
module file imports in turn, each counted against the same caps; a file a module imports is
used by the pages that use the module.

An earlier version fetched the files in a downloader middleware before the page was read and
through the duplicate filter: ``auto``'s own fetch of the same file was then dropped, and a
catalogue its tabs load from that file lost services. Here the fetch is ``dont_filter``
(recorded in no filter) and skipped for a file the strategy reads itself.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from twisted.python.failure import Failure

from crawlers.context import first_asked
from crawlers.esmodules import ImportMap, import_map, imported, page_modules
from crawlers.pagecheck import government_host
from crawlers.scriptnav import file_sends_away
from registry.registration import domain_allowed

SCRIPT_FILE = "script_file"  # meta flag of this module's own fetches: not a page of the portal
IMPORT_MAP = "import_map"  # meta of a module file's fetch: the page's import map (its imports')
MAX_PAGE_FILES = 10  # script files of one page noted
MAX_CRAWL_FILES = 20  # files fetched for the check in one crawl
MAX_FILE_BYTES = 2 * 1024 * 1024  # a bigger file is not read
MAX_USERS = 5_000  # pages noted for one file
# Shared libraries, whose own code is not the portal's: read here only for lines appended to
# them, and last or not at all by auto (crawlers.strategies.auto)
LIBRARY = re.compile(
    r"(jquery|bootstrap|popper|angular|react|vue|lodash|moment|swiper|owl|slick|select2"
    r"|fontawesome|polyfill|analytics|gtag|vendor|\.min\.js)",
    re.IGNORECASE,
)
# The strategy's own reads of a script file (crawlers.strategies.auto.AutoStrategy.parse_script)
_STRATEGY_READS = frozenset({"parse_script"})


class ScriptFilesMiddleware(BaseSpiderMiddleware):
    """Spider middleware: the registered domains' script files the portal's pages include,
    each read once a crawl for where it sends every visitor (see the module)."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.asked: set[str] = set()  # files fetched, by this middleware or the strategy

    def process_spider_input(self, response: Response, spider: Any = None) -> None:
        state = self.crawler.spider.state  # type: ignore[union-attr]
        if self._reads_file(response):
            if response.status == 200 and len(response.body) <= MAX_FILE_BYTES:
                self._read(state, response)
            return
        if isinstance(response, HtmlResponse) and 200 <= response.status < 300:
            page = first_asked(response.url, response.meta)
            for url, _ in self._files(response):
                users = state.script_users.setdefault(url, [])
                if len(users) < MAX_USERS and page not in users[-3:]:
                    users.append(page)

    def process_spider_output(
        self, response: Response | None, result: Iterable[Any], spider: Any = None
    ) -> Iterable[Any]:
        yield from super().process_spider_output(response, result)
        yield from self._fetches(response)

    async def process_spider_output_async(
        self, response: Response | None, result: AsyncIterator[Any], spider: Any = None
    ) -> AsyncIterator[Any]:
        async for found in super().process_spider_output_async(response, result):
            yield found
        for request in self._fetches(response):
            yield request

    def get_processed_request(self, request: Request, response: Response | None) -> Request:
        if getattr(request.callback, "__name__", "") in _STRATEGY_READS:
            self.asked.add(request.url)  # read where the strategy reads it
        return request

    def _files(self, response: HtmlResponse) -> list[tuple[str, ImportMap | None]]:
        """The registered domains' script files the page includes (:func:`included`)."""
        domains = list(getattr(self.crawler.spider, "allowed_domains", None) or [])
        return [(u, m) for u, m in included(response) if domain_allowed(u, domains)]

    def _fetches(self, response: Response | None) -> Iterator[Request]:
        """Requests for the files this page includes, or this module file imports, that
        nothing has asked for yet."""
        if not isinstance(response, TextResponse) or not 200 <= response.status < 300:
            return
        if self._reads_file(response):
            files = self._imports(response)
        elif isinstance(response, HtmlResponse):
            files = self._files(response)
        else:
            return
        for url, imap in files:
            if url in self.asked or len(self.asked) >= MAX_CRAWL_FILES:
                continue
            self.asked.add(url)
            yield Request(
                url,
                callback=_nothing,
                errback=_unread,
                priority=-10,
                dont_filter=True,  # in no duplicate filter: the strategy may still ask for it
                meta={
                    SCRIPT_FILE: True,
                    "document": response.meta.get("document") or response.urljoin(""),
                    IMPORT_MAP: imap,
                    "dont_redirect": True,
                    "dont_retry": True,
                    "download_maxsize": MAX_FILE_BYTES,
                },
            )

    def _imports(self, response: TextResponse) -> list[tuple[str, ImportMap | None]]:
        """The registered domains' module files a module file imports, each noted as
        imported by it: a hijack there runs wherever the module runs
        (:meth:`crawlers.context.CrawlState.file_users`)."""
        imap = response.meta.get(IMPORT_MAP)
        if not isinstance(imap, ImportMap) or len(response.body) > MAX_FILE_BYTES:
            return []
        domains = list(getattr(self.crawler.spider, "allowed_domains", None) or [])
        code = response.body.decode("utf-8", "replace")
        found = [u for u in imported(code, response.url, imap) if domain_allowed(u, domains)]
        state = self.crawler.spider.state  # type: ignore[union-attr]
        for url in found[:MAX_PAGE_FILES]:
            importers = state.script_importers.setdefault(url, [])
            if response.url not in importers and len(importers) < MAX_PAGE_FILES:
                importers.append(response.url)
        return [(u, imap) for u in found[:MAX_PAGE_FILES]]

    @staticmethod
    def _reads_file(response: Response) -> bool:
        callback = getattr(response.request, "callback", None) if response.request else None
        return bool(response.meta.get(SCRIPT_FILE)) or (
            getattr(callback, "__name__", "") in _STRATEGY_READS
        )

    def _read(self, state: Any, response: Response) -> None:
        document = response.meta.get("document") or response.url
        code = response.body.decode("utf-8", "replace")
        library = bool(LIBRARY.search(response.url.rsplit("/", 1)[-1]))
        target = file_sends_away(code, document, library=library)
        domains = list(getattr(self.crawler.spider, "allowed_domains", None) or [])
        if target and not domain_allowed(target, domains) and not government_host(target):
            state.script_files_away[response.url] = target


def included(
    response: TextResponse, limit: int = MAX_PAGE_FILES
) -> list[tuple[str, ImportMap | None]]:
    """The script files a page runs, absolute, with the page's import map for a module file
    (its own imports resolve through it): its first ``limit`` ``<script src>`` files, then the
    module files it loads (:func:`crawlers.esmodules.page_modules`); ``limit`` in all."""
    found: dict[str, ImportMap | None] = {}
    for src in response.xpath("//script/@src").getall()[:limit]:
        url = response.urljoin(src.strip())
        if url.startswith(("http://", "https://")):
            found.setdefault(url, None)
    imap = import_map(response)
    for url in page_modules(response, imap):
        if url.startswith(("http://", "https://")):
            found[url] = imap  # a module src is a module too: its imports go through the map
    return list(found.items())[:limit]


def _nothing(response: Response) -> Iterable[Any]:
    """The file was read on its way in (:meth:`ScriptFilesMiddleware.process_spider_input`)."""
    return ()


def _unread(failure: Failure) -> None:
    """A file that cannot be fetched is no code, and no error of the crawl."""
