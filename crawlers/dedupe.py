"""One URL per service: clean URLs, follow ``<link rel=canonical>``, merge identical copies.

Portals reach the same service page under many URLs: tracking parameters
(``utm_*``, ``fbclid``…), parameters that only say where the visitor came
from (Tetis' ``CategoryID``), a missing trailing slash, a print version. The
spider requests clean URLs (:func:`clean_url`); this spider middleware then
gives every service item its canonical deep link and drops a second item
whose content is the same service, recording in the report which copy was
merged into which.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from scrapy.crawler import Crawler
from scrapy.http import Request, Response, TextResponse

from crawlers.extract import fold
from crawlers.items import ServiceItem
from indexer.documents import canonical_url, service_id
from registry.registration import domain_allowed

if TYPE_CHECKING:
    from crawlers.spiders.portal import PortalSpider

# Parameters that only track a visit; never part of what a page shows. Sessions too, new at
# every visit (red team round 8: ColdFusion's CFID/CFTOKEN, osCommerce's osCsid, Zen Cart's
# zenid): kept, they filed every service under a new id each crawl and handed the crawler's
# session to citizens in the deep links.
TRACKING = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|gclsrc|dclid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_ga|_gl"
    r"|_hsenc|_hsmi|ref|ref_src|spm|sessionid|phpsessid|jsessionid|aspxautodetectcookiesupport"
    r"|cfid|cftoken|oscsid|zenid)$",
    re.IGNORECASE,
)
# «sid» is a session on some portals and a service on others («Request?sid=112»): only a
# value as long as a session token is dropped.
_SESSION_ID = re.compile(r"^sid$", re.IGNORECASE)
_SESSION_TOKEN = 16  # characters
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sessionid)=[^/;]*", re.IGNORECASE)
# ASP.NET's cookieless session (and forms ticket) as a path segment: «/(S(lit3py55t21z5v))/…»
_ASPNET_SESSION = re.compile(r"/\((?:[ASF]\([A-Za-z0-9_-]{1,200}\))+\)(?=/)")


def _tracking(name: str, value: str) -> bool:
    return bool(TRACKING.match(name)) or (
        bool(_SESSION_ID.match(name)) and len(value) >= _SESSION_TOKEN
    )


def clean_url(url: str, ignored: Iterable[str] = ()) -> str:
    """The URL without tracking parameters and the registration's ``ignore_query_params``.

    The rest of the query is kept as written, piece by piece: a portal may route by it
    («?news/2411/279113/عنوان», Rayan's way), and only that spelling reaches the page."""
    parts = urlsplit(url)
    if ";" in parts.path or "/(" in parts.path:
        # a session in the path: Java servlets' «;jsessionid=…», ASP.NET's «/(S(…))/»
        path = _ASPNET_SESSION.sub("", _PATH_SESSION.sub("", parts.path))
        if path != parts.path:
            parts = parts._replace(path=path)
            url = urlunsplit(parts)
    if not parts.query:
        return url
    drop = {name.lower() for name in ignored}
    kept = []
    for piece in parts.query.split("&"):
        name, _, value = piece.partition("=")
        name, value = unquote_plus(name), unquote_plus(value)
        if piece and not _tracking(name, value) and name.lower() not in drop:
            kept.append(piece)
    return urlunsplit(parts._replace(query="&".join(kept)))


def canonical_link(response: TextResponse, domains: list[str]) -> str | None:
    """The page's ``<link rel=canonical>``, if it points inside the registered domains."""
    href = response.xpath('//head/link[@rel="canonical"]/@href').get()
    if not href:
        return None
    url = response.urljoin(href.strip())
    if urlsplit(url).scheme not in ("http", "https") or not domain_allowed(url, domains):
        return None
    return url


def _id(url: str) -> str | None:
    """The service id of a deep link, as the pipeline gives it (None for a malformed one)."""
    try:
        return service_id(canonical_url(url))
    except ValueError:
        return None


PERMANENT_REDIRECTS = frozenset({301, 308})


def moved_here(response: Response) -> list[str]:
    """The URLs that reached this page through permanent redirects only (301, 308), nearest
    first: the portal saying "this page lives here now". A temporary redirect (302, 303,
    307: ASP.NET's default, a login, a language or cookie test) or a meta refresh in the
    chain says nothing of where the page before it lives, so the walk stops there."""
    urls = response.meta.get("redirect_urls") or []
    reasons = response.meta.get("redirect_reasons") or []
    if len(urls) != len(reasons):
        return []
    origins = []
    for url, reason in zip(reversed(urls), reversed(reasons), strict=True):
        if reason not in PERMANENT_REDIRECTS:
            break
        origins.append(url)
    return origins


def fingerprint(item: ServiceItem) -> str:
    """What a citizen would see of the service: two URLs with the same one are one service."""
    payload = [
        fold(item.title),
        fold(item.description),
        fold(item.category),
        sorted((fold(k), fold(v)) for k, v in item.fields.items()),
    ]
    return hashlib.sha1(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


class OneUrlPerService:
    """Spider middleware: canonical deep links and one item per service content."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.kept: dict[str, str] = {}  # fingerprint -> URL kept
        self.owners: dict[str, str] = {}  # URL kept -> fingerprint of its service
        # canonical URL -> (the page's own URL, its item): taken from a canonical link, to
        # be given back if the page at that URL turns out to be another service
        self.borrowed: dict[str, tuple[str, ServiceItem]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def spider(self) -> PortalSpider:
        return self.crawler.spider  # type: ignore[return-value]

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        for element in result:
            yield from self.admit(response, element)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for element in result:
            for out in self.admit(response, element):
                yield out

    def admit(self, response: Response, element: Any) -> list[Any]:
        if not isinstance(element, ServiceItem):
            return [element]
        spider = self.spider
        ignored = spider.registration.ignore_query_params
        key = fingerprint(element)
        element.url = own = clean_url(element.url, ignored)
        out: list[Any] = [element]
        if element.url == clean_url(response.url, ignored):
            element.moved_from = [clean_url(url, ignored) for url in moved_here(response)]
        if element.url == clean_url(response.url, ignored) and isinstance(response, TextResponse):
            canonical = canonical_link(response, spider.allowed_domains)
            if canonical is not None:
                canonical = clean_url(canonical, ignored)
                # A canonical link shared by other content (some CMSs point every page at
                # the homepage) says nothing about this page: keep the page's own URL.
                owner = self.owners.get(canonical)
                if (
                    urlsplit(canonical).path not in ("", "/")
                    and owner in (None, key)
                    and not spider.excluded(canonical)
                ):
                    if canonical == own or owner is not None:
                        element.url = canonical
                    elif (verify := self.verify(response, canonical)) is not None:
                        element.url = canonical
                        self.borrowed[canonical] = (own, element)
                        spider.state.unconfirmed[canonical_url(canonical)] = canonical_url(own)
                        out.append(verify)
        if element.url in self.owners:
            if element.url == own and own in self.borrowed:
                if self.owners[own] != key:
                    return self.give_back(element, key)
                return self.confirm(element)
            self.moved_to(element)
            return []  # the same deep link reached twice: one service
        kept = self.kept.get(key)
        if (
            kept is not None
            and (element.description or element.fields)
            and not self.both_known(element.url, kept)
        ):
            borrowed = element.url in self.borrowed or kept in self.borrowed
            if not borrowed and self.preferred(element.url, kept):
                # the copy already in the index is the service's URL: the one passed on
                # first is merged into it when the crawl closes (crawlers.pipelines)
                self.kept[key] = element.url
                self.owners[element.url] = key
                self.merged(kept, element.url)
                return out
            self.merged(element.url, kept)
            return []
        self.kept.setdefault(key, element.url)
        self.owners[element.url] = key
        return out

    def both_known(self, url: str, kept: str) -> bool:
        """Both pages held services of their own, each its own text, when the crawl opened:
        the same text on both now is not one service reached twice but something shown in
        their place (a holiday «اطلاعیه» on several service pages, red team round 8). Both go
        on, so the index pipeline can tell; merged, the others would be missed and retired.
        Two indexed copies that already had one text are one service indexed twice (red team
        round 9): those are merged (:meth:`preferred`)."""
        indexed = self.spider.state.indexed
        mine, theirs = _id(url), _id(kept)
        return (
            mine is not None
            and theirs is not None
            and mine != theirs
            and mine in indexed
            and theirs in indexed
            and indexed[mine] != indexed[theirs]
        )

    def preferred(self, url: str, kept: str) -> bool:
        """Whether ``url`` rather than ``kept``, an identical copy passed on before, is the
        service's deep link. Which copy answers first varies between crawls (a cache miss, a
        busy server), and keeping the first flipped the kept URL from crawl to crawl: each
        copy missed every other crawl, neither retired, search listed the service twice for
        good (red team round 9). The copy already in the index wins; of two indexed copies,
        the lower id, so every crawl keeps the same one."""
        indexed = self.spider.state.indexed
        mine, theirs = _id(url), _id(kept)
        if mine is None or mine not in indexed:
            return False
        return theirs not in indexed or (theirs is not None and mine < theirs)

    def merged(self, copy: str, kept: str) -> None:
        """``copy`` is ``kept``'s service: counted once, under ``kept``. An indexed copy is
        the same service, not a missing one: it is dropped with the moved services when the
        crawl closes (crawlers.monitor.drop_moved)."""
        state = self.spider.state
        state.report.merge(copy, kept)
        if len(state.skipped) < state.MAX_SKIPPED:
            state.skipped.append((copy, f"duplicate of {kept}"))
        mine, theirs = _id(copy), _id(kept)
        if mine is not None and theirs is not None and mine != theirs:
            state.duplicates[mine] = theirs

    def verify(self, response: Response, canonical: str) -> Request | None:
        """The request that shows whether the canonical page exists and is this service.

        A canonical link may name an old CMS path or a typo that answers 404 (red team
        round 7): until that page has shown the same service, the item waits in the index
        pipeline, and it keeps the page's own URL if the crawl ends first."""
        request = response.request
        if request is None or request.callback is None:
            return None
        return self.spider.request(canonical, request.callback, priority=request.priority + 1)

    def confirm(self, element: ServiceItem) -> list[ServiceItem]:
        """The page a canonical link named shows the same service: the link is its deep link."""
        self.borrowed.pop(element.url)
        self.spider.state.unconfirmed.pop(canonical_url(element.url), None)
        return [element]

    def moved_to(self, element: ServiceItem) -> None:
        """A service page reached again through permanent redirects from indexed URLs is
        where those services moved, though the pipeline has taken it already: a portal moved
        to a new domain and re-registered with both, whose old URLs, asked again at the end
        (crawlers.evidence), answer 301 to pages the crawl found first (red team round 10)."""
        state = self.spider.state
        new = _id(element.url)
        if new is None:
            return
        for url in element.moved_from:
            old = _id(url)
            if old in state.indexed and old not in (new, *state.seen, *state.moved):
                state.moved[old] = new

    def give_back(self, element: ServiceItem, key: str) -> list[ServiceItem]:
        """The page at a URL another page named as its canonical is a service of its own.

        A page copied in the CMS keeps the original's canonical link: the copy, read first,
        took the original's URL. The original keeps its URL (its item replaces the copy's,
        still waiting there) and the copy gets its own URL back, so neither service is lost
        or mislinked.
        """
        own, borrower = self.borrowed.pop(element.url)
        self.spider.state.unconfirmed.pop(canonical_url(element.url), None)
        borrower_key = self.owners[element.url]
        returned = replace(borrower, url=own)
        self.owners[element.url] = key
        self.kept.setdefault(key, element.url)
        self.owners[own] = borrower_key
        self.kept[borrower_key] = own
        return [element, returned]
