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

Red team round 14: the theme's own file comes last on a page, after its libraries, so every
file of a page is noted (its last ones when there are very many) and the portal's own files are
fetched before its libraries; a file is one file whatever its query (``site.js?v=3``); a
library is known by its name (jQuery, Bootstrap…), not by ``.min.js``, which is also what a
theme's own build is called. Every file read for the check is fetched whole, never answered
from the HTTP cache (``dont_cache``): a hacked server answering 304 to any conditional request
would otherwise show the crawl its clean first copy while a citizen's browser, with no copy,
runs the infected one.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

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
MAX_PAGE_FILES = 40  # script files of one page noted, its last ones: the theme's own comes last
MAX_NOTED_FILES = 500  # distinct script files noted in one crawl
MAX_CRAWL_FILES = 20  # files fetched for the check in one crawl
MAX_FILE_BYTES = 2 * 1024 * 1024  # a bigger file is not read
MAX_USERS = 5_000  # pages noted for one file
# Shared libraries, by the names they are published under, whose own code is not the
# portal's: read here only for what was added in front of or after their code, and last or
# not at all by auto (crawlers.strategies.auto). Not ``.min.js``: a theme's own build is
# minified too (``theme.min.js``).
LIBRARY = re.compile(
    r"(?<![a-z0-9])(jquery|bootstrap|popper|angular|react|vue|lodash|underscore|moment|swiper"
    r"|owl|slick|select2|fontawesome|font-awesome|polyfill|modernizr|html5shiv|analytics"
    r"|gtag|vendor|highcharts|leaflet|datatables|sweetalert|toastr|axios|fancybox|lightbox"
    r"|magnific|isotope|masonry|gsap|persian-?date|tinymce|ckeditor|recaptcha)",
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
                _note(state, file_key(url), page)

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
            key = file_key(request.url)  # read where the strategy reads it: not fetched again
            if key not in self.asked and len(self.asked) < MAX_CRAWL_FILES:
                request.meta["dont_cache"] = True  # its body, not a stored copy (see the module)
            self.asked.add(key)
        return request

    def _files(self, response: HtmlResponse) -> list[tuple[str, ImportMap | None]]:
        """The registered domains' script files the page runs (:func:`included`), once each
        by path, its own (not a known library's) first, each kind from its last: a theme's
        file comes after its libraries."""
        domains = list(getattr(self.crawler.spider, "allowed_domains", None) or [])
        found: dict[str, tuple[str, ImportMap | None]] = {}
        for url, imap in reversed(included(response)):
            if domain_allowed(url, domains):
                found.setdefault(file_key(url), (url, imap))
        return sorted(found.values(), key=lambda file: bool(LIBRARY.search(_name(file[0]))))

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
            key = file_key(url)
            if key in self.asked or len(self.asked) >= MAX_CRAWL_FILES:
                continue
            self.asked.add(key)
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
                    "dont_cache": True,  # its body, never a stored copy (see the module)
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
        importer = file_key(response.url)  # files are keyed by path, as in script_users
        for url in found[:MAX_PAGE_FILES]:
            importers = state.script_importers.setdefault(file_key(url), [])
            if importer not in importers and len(importers) < MAX_PAGE_FILES:
                importers.append(importer)
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
        library = bool(LIBRARY.search(_name(response.url)))
        target = file_sends_away(code, document, library=library)
        domains = list(getattr(self.crawler.spider, "allowed_domains", None) or [])
        if target and not domain_allowed(target, domains) and not government_host(target):
            key = file_key(first_asked(response.url, response.meta))
            state.script_files_away[key] = target
            if response.meta.get("document"):  # the page it was read for includes it
                _note(state, key, document)


def file_key(url: str) -> str:
    """A script file, whatever its query or fragment (``/js/site.js?v=3`` is ``/js/site.js``):
    one file, read once, whichever version string each page asks for it with."""
    parts = urlsplit(url)
    return parts._replace(query="", fragment="").geturl()


def _name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def _note(state: Any, key: str, page: str) -> None:
    """``page`` includes the file ``key``: sent away with it if it is infected."""
    if key not in state.script_users and len(state.script_users) >= MAX_NOTED_FILES:
        return
    users = state.script_users.setdefault(key, [])
    if len(users) < MAX_USERS and page not in users[-3:]:
        users.append(page)


def included(
    response: TextResponse, limit: int = MAX_PAGE_FILES
) -> list[tuple[str, ImportMap | None]]:
    """The script files a page runs, absolute, with the page's import map for a module file
    (its own imports resolve through it): its last ``limit`` ``<script src>`` files (a theme's
    own file comes after its libraries), then the module files it loads
    (:func:`crawlers.esmodules.page_modules`); the last ``limit`` in all."""
    found: dict[str, ImportMap | None] = {}
    for src in response.xpath("//script/@src").getall()[-limit:]:
        url = response.urljoin(src.strip())
        if url.startswith(("http://", "https://")):
            found.setdefault(url, None)
    imap = import_map(response)
    for url in page_modules(response, imap):
        if url.startswith(("http://", "https://")):
            found[url] = imap  # a module src is a module too: its imports go through the map
    return list(found.items())[-limit:]


def _nothing(response: Response) -> Iterable[Any]:
    """The file was read on its way in (:meth:`ScriptFilesMiddleware.process_spider_input`)."""
    return ()


def _unread(failure: Failure) -> None:
    """A file that cannot be fetched is no code, and no error of the crawl."""
