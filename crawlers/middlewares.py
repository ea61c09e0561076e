"""Middlewares: the downloader's guard on what the crawler may connect to, and the spider's
refusal to read services out of stand-in pages.

The guard has two rules, checked on every request including redirects and robots.txt
(Scrapy's own offsite filter lets ``dont_filter`` requests through):
only the registered portal domains, and no private, loopback, link-local or
otherwise non-public address unless ``DARGAH_ALLOW_PRIVATE_ADDRESSES`` is set
(sandbox and tests). A registered name that resolves to an internal address is
how a crawler gets turned against the network it runs in.

The guard's own lookup gives the clear message early, but it is not what Twisted
connects to: the name is resolved again at connection time, where a rebinding DNS
server can answer differently. That lookup is enforced by
:class:`crawlers.resolver.PublicAddressResolver`; a download it stopped comes back
here as a DNS failure and is counted as ``refused_private_address`` too.
"""

from __future__ import annotations

import html
import ipaddress
import re
import socket
import weakref
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

from protego import Protego
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest, StopDownload
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import get_base_url
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure
from w3lib.html import get_meta_refresh

from crawlers.context import first_asked
from crawlers.errors import WITHHELD_KINDS, RefusedRequest, error_kind, http_kind
from crawlers.items import ServiceItem
from crawlers.pagecheck import cut_short, says_gone, sign_on_url, stand_in
from crawlers.pipelines import plain_text
from crawlers.scriptfiles import SCRIPT_FILE
from crawlers.scriptnav import check_scripts, covering_frame
from indexer.documents import canonical_url, service_id
from registry.registration import domain_allowed

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _resolve(host: str, port: int) -> list[Address]:
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


class AddressGuardMiddleware:
    def __init__(self, crawler: Crawler, allow_private: bool) -> None:
        self.crawler = crawler
        self.allow_private = allow_private
        self._verdicts: dict[str, str | None] = {}  # host -> refusal detail (None: allowed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings.getbool("DARGAH_ALLOW_PRIVATE_ADDRESSES"))

    async def process_request(self, request: Request) -> Any:
        spider = self.crawler.spider
        domains = list(getattr(spider, "allowed_domains", None) or [])
        if domains and not domain_allowed(request.url, domains):
            raise RefusedRequest(
                "offsite", f"{request.url} is outside the registered domains {domains}"
            )
        if self.allow_private:
            return None
        parts = urlparse_cached(request)
        host = (parts.hostname or "").lower()
        if host not in self._verdicts:
            self._verdicts[host] = await self._check(host, parts.port or 80)
        refusal = self._verdicts[host]
        if refusal:
            raise RefusedRequest("refused_private_address", f"{request.url}: {refusal}")
        return None

    def process_exception(self, request: Request, exception: Exception) -> None:
        """A download the resolver stopped is refused, not a DNS error: the host answered
        a public address to the check above and a non-public one when connecting."""
        if self.allow_private or not isinstance(exception, CannotResolveHostError | DNSLookupError):
            return
        from crawlers.resolver import refusal  # it imports is_public from here

        host = (urlparse_cached(request).hostname or "").lower()
        detail = refusal(host)
        if detail:
            self._verdicts[host] = detail  # the host's next requests are refused up front
            raise RefusedRequest("refused_private_address", f"{request.url}: {detail}")

    async def _check(self, host: str, port: int) -> str | None:
        try:
            addresses = [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            from twisted.internet.threads import deferToThread

            try:
                addresses = await maybe_deferred_to_future(deferToThread(_resolve, host, port))
            except OSError:
                return None  # unresolvable: the download fails and is counted as "dns"
        bad = [str(a) for a in addresses if not is_public(a)]
        if bad:
            return f"{host} resolves to non-public address {', '.join(bad)}"
        return None


# Redirects a browser follows from a page it has shown (Scrapy's reason for them): a portal's
# server redirects with a status; a hijacked CMS can only write them into the page, or into the
# ``Refresh`` header its PHP sends (``header("Refresh: 0; url=…")``), the same refresh.
CLIENT_SIDE = frozenset({"meta refresh", "refresh header"})


def header_refresh(value: bytes, base: str) -> tuple[float | None, str | None]:
    """The interval and absolute target of an HTTP ``Refresh`` header (``0; url=/fa/``).

    The header's value is, by the HTML standard, exactly a ``<meta http-equiv="refresh">``'s
    content (both go through its "shared declarative refresh steps"), so it is read by the
    same parser as the meta refresh (w3lib's), given as that meta: one set of rules for what
    counts as a refresh and its target, not two that could drift apart."""
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        text = value.decode("latin-1")
    meta = f'<meta http-equiv="refresh" content="{html.escape(text[:2000], quote=True)}">'
    return get_meta_refresh(meta, base)


class RefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta refresh middleware, for the same refresh sent as a response header too.

    A homepage that only answers ``Refresh: 0; url=/portal/fa/index.php`` with an empty body
    (an old PHP CMS's entry, held-out round 15) is to a browser a redirect; ignored, the crawl
    ended there with no services, ``complete`` and no alert. It is followed like its
    ``<meta>`` twin (which a page would lose to the header: a browser honours the header
    first): the same delay limit (``METAREFRESH_MAXDELAY``), Scrapy's redirect handling, and a
    target off the registered domains refused and named like a meta refresh's
    (:data:`CLIENT_SIDE`, :class:`NamedOffsiteMiddleware`)."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        header = response.headers.get(b"Refresh")
        if (
            header
            and not request.meta.get("dont_redirect", False)
            and request.method != "HEAD"
            and urlparse_cached(request).scheme in {"http", "https"}
        ):
            interval, url = header_refresh(header, response.url)
            if url and interval is not None and interval < self._maxdelay:
                redirected = self._redirect_request_using_get(request, response, url)
                if urlparse_cached(redirected).scheme in {"http", "https"}:
                    return self._redirect(redirected, request, "refresh header")
        followed = super().process_response(request, response)
        if followed is not response or not isinstance(response, HtmlResponse):
            return followed
        return self._late_refresh(request, response)

    def _late_refresh(self, request: Request, response: HtmlResponse) -> Request | Response:
        """A ``<meta http-equiv="refresh">`` after the first 4 KB, which Scrapy does not read
        (``get_meta_refresh`` looks at ``text[:4096]``) and every browser honours wherever
        it is: a hijack writes it before ``</head>`` or ``</body>``, after a theme's long
        head (red team round 12). The whole document is read (it is at most
        ``DOWNLOAD_MAXSIZE``; w3lib rules most pages out on their bytes), under the same
        rules as the first 4 KB."""
        if (
            len(response.body) <= 4096
            or request.meta.get("dont_redirect", False)
            or request.method == "HEAD"
            or urlparse_cached(request).scheme not in {"http", "https"}
        ):
            return response
        interval, url = get_meta_refresh(
            response.body, get_base_url(response), response.encoding, self._ignore_tags
        )
        if not url or interval is None or interval >= self._maxdelay:
            return response
        redirected = self._redirect_request_using_get(request, response, url)
        if urlparse_cached(redirected).scheme not in {"http", "https"}:
            return response
        return self._redirect(redirected, request, "meta refresh")


class NamedOffsiteMiddleware(OffsiteMiddleware):
    """Scrapy's offsite filter, naming in the crawl report what it refused and what led there.

    Scrapy drops an off-portal request as it is scheduled, before any downloader
    middleware or errback sees it, and only counts it. A registrar reading
    «offsite ×3» needs the address, and for a redirect the portal page that sent it.

    A portal page redirecting to a sign-on page on another host (the national single
    sign-on, a ministry's SSO; red team round 8) is withheld like one redirecting to the
    portal's own login form (``login_redirect``): its service is behind a login, not gone.
    One to a sign-on look-alike on a host no government runs is sent away (red team round 11).
    """

    def process_request(self, request: Request, spider: Any = None) -> None:
        try:
            super().process_request(request)
        except IgnoreRequest:
            state = getattr(self.crawler.spider, "state", None)
            if state is not None:
                via = (request.meta.get("redirect_urls") or [""])[0]
                if via:  # the redirect is its answer (crawlers.evidence asks no more)
                    state.answered.add(service_id(via))
                reasons = request.meta.get("redirect_reasons") or [None]
                if via and reasons[-1] in CLIENT_SIDE:
                    state.send_away(request.url, request.meta, request.url, reasons[-1])
                    raise
                if via and sign_on_url(request.url):
                    # A government's sign-on is a login wall (send_away says so); a «/login»
                    # on a host no government runs is a hijack posing as one (red team
                    # round 11): withheld and alerted, not retired as a removal
                    state.send_away(request.url, request.meta, request.url, "a redirect")
                    raise
                came = f" (redirected from {via})" if via else ""
                state.report.error(
                    "offsite", f"{request.url} is outside the registered domains{came}"
                )
            raise


# Of a robots.txt, the part read: RFC 9309 (2.5) lets a crawler stop at 500 KiB or more, and
# Google stops there; the rules after it are ignored. Red team round 13: 7 MB of wildcard rules,
# parsed twice and matched against every request, slowed every portal of the run fivefold.
MAX_ROBOTS_BYTES = 500 * 1024


def robots_part(body: bytes) -> tuple[bytes, bool]:
    """The part of a robots.txt that is read: its first :data:`MAX_ROBOTS_BYTES`, up to the
    last whole line (a rule cut in the middle would mean another rule); and whether the file
    went on past it."""
    if len(body) <= MAX_ROBOTS_BYTES:
        return body, False
    head = body[:MAX_ROBOTS_BYTES]
    return head[: head.rfind(b"\n") + 1], True


def is_robots_txt(request: Request) -> bool:
    """A request for a robots.txt (the middleware's, the auto strategy's, or a redirect of
    either)."""
    asked = [request.url, *(request.meta.get("redirect_urls") or [])]
    return any(urlsplit(url).path == "/robots.txt" for url in asked)


class ReportedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt rules, saying in the crawl report when they could not be read.

    Scrapy then crawls as if robots.txt allowed every page, and only logs why. The
    registrar and the agency should see that the portal's rules were not known (a
    timeout, a file over the size limit, a server error), from the report.

    Only the first :data:`MAX_ROBOTS_BYTES` of a robots.txt are downloaded and parsed, and a
    file cut there is said in the report (``robots_cut``). The rules are parsed once per host
    and shared with the crawl (``CrawlState.robots``): the ``auto`` strategy matches its links
    against them rather than parsing the file again.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._received: weakref.WeakKeyDictionary[Request, int] = weakref.WeakKeyDictionary()
        crawler.signals.connect(self._bytes_received, signal=signals.bytes_received)

    def _bytes_received(self, data: bytes, request: Request) -> None:
        """Stop a robots.txt's download once past :data:`MAX_ROBOTS_BYTES`, keeping what
        came (Scrapy hands the response on as it is)."""
        if not is_robots_txt(request):
            return
        self._received[request] = self._received.get(request, 0) + len(data)
        if self._received[request] > MAX_ROBOTS_BYTES:
            raise StopDownload(fail=False)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        super()._robots_error(exc, netloc)
        kind = error_kind(Failure(exc))
        if not isinstance(exc, RefusedRequest) and kind != "ignored":
            self._report(netloc, kind)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:  # its body is an error page: no rules in it
            self._report(netloc, http_kind(response.status))
        body, cut = robots_part(response.body)
        if cut:
            self._report_cut(netloc)
        await super()._parse_robots(response.replace(body=body), netloc, request)
        rules = getattr(self._parsers.get(netloc), "rp", None)  # Scrapy's Protego parser
        state = getattr(self.crawler.spider, "state", None)
        if state is not None and isinstance(rules, Protego):
            state.robots[netloc] = rules

    def _report_cut(self, netloc: str) -> None:
        state = getattr(self.crawler.spider, "state", None)
        if state is not None:
            state.report.error(
                "robots_cut",
                f"{netloc}/robots.txt is over {MAX_ROBOTS_BYTES // 1024} KiB:"
                " the rules after that were ignored",
            )

    def _report(self, netloc: str, why: str) -> None:
        state = getattr(self.crawler.spider, "state", None)
        if state is not None:
            state.report.error(
                "robots_unreadable",
                f"{netloc}/robots.txt could not be read ({why}):"
                " crawled as if it allowed every page",
            )


class StandInPageMiddleware(BaseSpiderMiddleware):
    """Spider middleware: a maintenance, login or parked page yields no service.

    Such a page answered on a service's URL would otherwise replace the service's
    text in the index with «سامانه در حال به‌روزرسانی است». Each one is counted in
    the report (``maintenance_page``...) and the monitor weighs them when it
    decides whether the crawl can be believed (:mod:`crawlers.pagecheck`). Only a
    page whose title or heading says so loses its services: a real (short) service
    page that merely mentions an update in its text keeps its service.
    """

    def process_spider_input(self, response: Response, spider: Any = None) -> None:
        if response.meta.get(SCRIPT_FILE):  # a script file read for a hijack, not a page
            return
        state = self.crawler.spider.state  # type: ignore[union-attr]
        state.answered.add(service_id(first_asked(response.url, response.meta)))
        if not isinstance(response, TextResponse) or not 200 <= response.status < 300:
            return
        if isinstance(response, HtmlResponse):
            domains = list(getattr(self.crawler.spider, "allowed_domains", None) or [])
            check = check_scripts(response)
            if check.cut:
                self.too_heavy(response, check.cut)
                return
            for how, away in (
                ("its script", check.target),
                ("a frame over the whole page", covering_frame(response)),
            ):
                if away and not domain_allowed(away, domains):
                    response.meta["stand_in"] = True
                    state.send_away(response.url, response.meta, away, how)
                    return
        if response.meta.get("page_part") and not response.body.strip():
            return  # a load-more's empty answer: the end of its pages, not a white screen
        found = stand_in(response)
        if found is None:
            return
        kind = found.kind
        response.meta["stand_in"] = found.by_title
        state.stand_ins[kind] += 1
        if response.meta.get("entry"):
            state.entry_stand_ins += 1
        state.report.error(f"{kind}_page", f"{response.url}: a {kind} page, no services read")
        if f"{kind}_page" in WITHHELD_KINDS:
            state.withhold(response.url, response.meta)
        if kind == "not_found":  # a soft 404: the page says it is gone
            state.gone_from(response.url, response.meta)

    def too_heavy(self, response: Response, why: str) -> None:
        """A page whose scripts need more work than one page's hijack check does (red team
        round 14: harmless navigation repeated held the crawl for 20 s a page) is not known
        to be clean: withheld like a page sending its visitors away (its service kept as it
        was, nothing new read from it), and said as ``script_check_cut``. No alert and no
        broken link: nothing was seen sending anyone away, and an honest page needs a small
        part of the bounds (:data:`crawlers.scriptnav.PAGE_STEPS`)."""
        state = self.crawler.spider.state  # type: ignore[union-attr]
        response.meta["stand_in"] = True
        page = first_asked(response.url, response.meta)
        state.report.error(
            "script_check_cut", f"{page}: its scripts are too heavy to check ({why}); withheld"
        )
        state.withhold(response.url, response.meta)

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        if response is None:
            return item
        if response.meta.get("stand_in"):
            return None
        if isinstance(item, ServiceItem) and says_gone(plain_text(item.title)):
            self.soft_404(item, response)
            return None
        if isinstance(item, ServiceItem) and isinstance(response, TextResponse):
            if "cut_short" not in response.meta:
                response.meta["cut_short"] = cut_short(response)
            # the index pipeline keeps a known service's old text if this page lost some
            item.truncated = item.truncated or response.meta["cut_short"]
        return item

    def soft_404(self, item: ServiceItem, response: Response) -> None:
        """An item titled with a not-found message is no service. Read from the page's own
        URL it is a soft 404 the page check did not see (the message in an ``h3``): a
        service indexed there is missed, as on a 404, not renamed to the message."""
        state = self.crawler.spider.state  # type: ignore[union-attr]
        asked = first_asked(response.url, response.meta)
        if service_id(item.url) not in {service_id(response.url), service_id(asked)}:
            state.report.reject("not found message", item.url)  # a listing's «رکوردی یافت نشد»
            return
        response.meta["stand_in"] = True  # the page's other items are not services either
        state.stand_ins["not_found"] += 1
        state.report.error("not_found_page", f"{response.url}: a not_found page, no services read")
        state.gone_from(response.url, response.meta)

    def process_spider_output(
        self, response: Response | None, result: Iterable[Any], spider: Any = None
    ) -> Iterator[Any]:
        read = titled = False
        for out in super().process_spider_output(response, result):
            read = read or isinstance(out, ServiceItem)
            titled = titled or (isinstance(out, ServiceItem) and bool(plain_text(out.title)))
            yield out
        if response is not None:
            self.nothing_read(response, read=read, titled=titled)

    async def process_spider_output_async(
        self, response: Response | None, result: AsyncIterator[Any], spider: Any = None
    ) -> AsyncIterator[Any]:
        read = titled = False
        async for out in super().process_spider_output_async(response, result):
            read = read or isinstance(out, ServiceItem)
            titled = titled or (isinstance(out, ServiceItem) and bool(plain_text(out.title)))
            yield out
        if response is not None:
            self.nothing_read(response, read=read, titled=titled)

    def nothing_read(self, response: Response, *, read: bool, titled: bool) -> None:
        """A page that held a known service answered 2xx, on its own URL, and yielded no
        service: a stand-in no sign knows (a firewall's «Request Rejected», a holiday
        «اطلاعیه», «نشست شما منقضی شده است», red team round 8) is no evidence the service is
        gone. It is withheld, and the crawl is partial (``service_not_shown``). So is a known
        service's URL redirected to a page that shows no service (a shared «AccessDenied»
        page, red team round 9), unless that page is the homepage, a start page or a services
        section. Only a 404 or 410, a recognised soft 404, a redirect home or to a listing, or
        a redirect to another service's page says a service left."""
        if not isinstance(response, TextResponse) or not 200 <= response.status < 300:
            return
        if "stand_in" in response.meta:  # recognised, and counted as what it is
            return
        asked = first_asked(response.url, response.meta)
        sid = service_id(asked)
        spider = self.crawler.spider
        state = spider.state  # type: ignore[union-attr]
        if sid not in state.indexed:
            return
        if sid != service_id(response.url):  # redirected
            if titled or sent_back(spider, response.url):
                return
        elif read:
            return
        state.report.error(
            "service_not_shown", f"{asked}: held a service, showed none this time; kept"
        )
        state.withhold(asked, {})


# The homepage's own paths: «/», «/fa/», «/index.php», «/Default.aspx», «/fa/home.html».
_HOME_PATH = re.compile(
    r"^/?(?:(?:fa|en|ar)(?:-[a-z]{2})?/?)?(?:(?:index|default|home)\.(?:php|aspx?|html?|jsp))?$",
    re.IGNORECASE,
)


def sent_back(spider: Any, url: str) -> bool:
    """Whether ``url`` is the portal's homepage, a start page or a services section: where a
    portal sends the visitor of a page it removed (the link checker's
    ``redirect_to_homepage``)."""
    target = canonical_url(url)
    if _HOME_PATH.match(urlsplit(target).path):
        return True
    registration = spider.registration
    pages = [registration.homepage, *registration.start_urls, *spider.state.report.sections]
    return target in {canonical_url(page) for page in pages}


LINKS_PER_PAGE_LIMIT = 20  # distinct URLs a crawl may queue, per page it may fetch


class LinkBudgetMiddleware(BaseSpiderMiddleware):
    """Spider middleware: a crawl queues at most ``LINKS_PER_PAGE_LIMIT`` × ``max_pages``
    distinct URLs; the rest are not followed, and the report says so (``link_budget``).

    A portal (or a trap) whose every page links 10,000 new URLs filled the scheduler's
    queue by megabytes per page: 4.8 GB after 183 pages, long before the page limit, and a
    stop took minutes. URLs already queued pass free (the duplicate filter drops them), so
    a menu repeated on every page costs nothing. Dropped links may have led to services, so
    such a crawl is partial: nothing is retired because of them.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        pages = crawler.settings.getint("CLOSESPIDER_PAGECOUNT") or 2000
        self.budget = LINKS_PER_PAGE_LIMIT * pages
        self.queued: set[str] = set()
        self.dropped = 0

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if request.url in self.queued or request.dont_filter:
            return request
        if len(self.queued) < self.budget:
            self.queued.add(request.url)
            return request
        self.dropped += 1
        if self.dropped == 1:
            state = self.crawler.spider.state  # type: ignore[union-attr]
            state.report.error(
                "link_budget",
                f"more than {self.budget} distinct links ({self.budget // LINKS_PER_PAGE_LIMIT}"
                f" pages' worth): later new links were not followed, e.g. {request.url}",
            )
        return None


_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class RedirectLoopMiddleware:
    """Stops a redirect back to a URL of its own chain (``/a`` → ``/b`` → ``/a``) as a
    failure of the request (``redirect_loop``). Scrapy followed it, and its duplicate filter
    then dropped the repeated request without a word: a service behind such a loop vanished
    from the crawl, and was retired two complete crawls later with nothing saying why.
    Placed closer to the downloader than Scrapy's redirect middleware (600), it sees the
    redirect first."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        location = response.headers.get(b"Location")
        if response.status not in _REDIRECTS or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if response.headers.get(b"Set-Cookie"):
            request.meta["cookie_set"] = True  # the redirect's request inherits it
        looped = any(_same(target, url) for url in chain)
        if (
            looped
            and request.meta.get("cookie_set")
            and self.crawler.settings.getbool("COOKIES_ENABLED")
            and not request.meta.get("cookie_retried")
        ):
            # A session or a firewall's cookie set by sending the visitor back to the page
            # (a WAF's test cookie; ASP.NET's «?AspxAutoDetectCookieSupport=1» and back):
            # asked once more, with the cookie the cookie middleware (nearer the engine) keeps.
            retry = request.replace(url=target, dont_filter=True)
            retry.meta["cookie_retried"] = True
            return retry
        if looped:
            # Stopped here, with the request's errback: left to Scrapy, the repeated request
            # was dropped by its duplicate filter without a word (or, asked again with
            # ``dont_filter``, went round to the redirect limit). A known service behind the
            # loop is withheld, and the crawl is partial (errors.UNREAD_KINDS,
            # crawlers.context.CrawlState.failed).
            raise RefusedRequest("redirect_loop", f"redirects back to {target}; not read")
        return response


def _same(a: str, b: str) -> bool:
    """The same page: only the fragment may differ (``/a`` → ``/a/`` is a directory's
    redirect, not a loop)."""
    return a.split("#", 1)[0] == b.split("#", 1)[0]
