"""Checking indexed deep links: does each service page still answer, on the portal?

Not a crawl: one request per known URL, nothing parsed and nothing followed
but redirects, so a small asyncio client (httpx) fits better than a Scrapy
spider and needs no reactor (the worker calls it in-process, between crawls).
The rules are the crawler's: only the registered domains — a redirect leaving
them is a broken link, not a place to go, unless it goes to a trusted sign-on page
(the national single sign-on: the citizen signs in and is sent back; it is never
asked) — no private addresses unless allowed, the same User-Agent, and few
requests at a time per portal.

HEAD first, since nothing of the body is needed; any failing answer to HEAD
is asked again with a GET whose body is never read. Refusing HEAD (405/501) is
common on ASP.NET portals, and many servers and firewalls answer HEAD with 404,
403 or 400 on pages a browser's GET opens (red team round 8): only the GET says
whether the citizen's link works. A redirect that lands on the portal's homepage is how many portals
answer for a removed page, so it counts as broken ("redirect_to_homepage").
Like the crawler, the checker obeys robots.txt: a link the portal asks robots
not to fetch is not checked (and gets no result).

A link found working is then asked once more as a citizen's browser asks it (one GET with a
browser's User-Agent, Accept and Accept-Language, :data:`BROWSER_HEADERS`, and the headers of a
navigation from the gateway, :func:`browser_headers`: ``Referer`` naming the gateway's public
address, ``Sec-Fetch-Mode: navigate`` and the rest, red team round 13). A hacked portal
answers agents naming «bot», «crawl» or «spider» with the real page and browsers with a 302 to
a casino (cloaking by User-Agent, red team round 12): the crawl and the honest request both see
the page, and /go sent every citizen on. The browser's view is judged by the crawler's rules for
a page that sends its visitors away: a redirect, a ``Refresh`` header, a meta refresh anywhere
in the page's first :data:`BROWSER_BODY_BYTES`, or a load-time script
(:func:`crawlers.scriptnav.script_sends_away`), to a host outside the registered domains that is
not a trusted sign-on (:func:`crawlers.pagecheck.trusted_sign_on`), makes the link broken
(:data:`LinkCheck.BROWSER_SENT_AWAY`). Anything else the browser is shown (an error, a
timeout, a firewall's challenge) says nothing against the honest answer and is not used. The
honest request stays first and stays the one robots.txt is read for: the checker identifies
itself to every portal, and only asks as a browser what it has just asked as itself.

Private addresses are refused twice, as in the crawler: :class:`_Guard` resolves
each host once and refuses it up front with a clear error, and the connections
themselves go only to vetted addresses (:func:`_transport`): httpx would
otherwise resolve the name again to connect, and a rebinding DNS server could
answer 127.0.0.1 to that second lookup.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego
from scrapy.http import HtmlResponse
from scrapy.settings.default_settings import METAREFRESH_MAXDELAY
from w3lib.html import get_meta_refresh

from crawlers.errors import http_kind
from crawlers.middlewares import (
    MAX_ROBOTS_BYTES,
    Address,
    header_refresh,
    is_public,
    robots_part,
)
from crawlers.pagecheck import trusted_sign_on
from crawlers.scriptnav import covering_frame, script_sends_away
from indexer.documents import canonical_url
from registry.records import LinkCheck
from registry.registration import Registration, domain_allowed

MAX_REDIRECTS = 5
# A robots.txt is read as the crawler reads it: MAX_ROBOTS_BYTES (Google's 500 KiB), whole lines.
ROBOTS_SECONDS = 20.0  # the whole robots.txt read, however slowly it comes
DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 2  # per portal, like the crawler's CONCURRENT_REQUESTS_PER_DOMAIN
# A HEAD answered with an error is asked again with GET, unless the portal asked to be asked
# more slowly (429): another request at once would not be polite, and 429 is not "broken".
HEAD_NOT_CONFIRMED = frozenset({429})
# A host that refuses connections or does not resolve is down for every link; one that
# times out this many times in a row is taken as down too. Its other links then get the
# same error without being asked: a dead portal is neither hammered nor waited on.
HOST_DOWN_KINDS = frozenset({"connection_refused", "dns"})
TIMEOUTS_BEFORE_DOWN = 5
# httpx's timeout bounds each read, not a request: a portal dripping one header line every
# few seconds never times out (red team round 11). Each request also gets this many times
# the timeout in all, and a portal's whole check a budget (crawlers.linkcheck.portal_budget).
REQUEST_DEADLINE_FACTOR = 2.0
MAX_PORTAL_SECONDS = 6 * 3600.0
# What a citizen's browser sends (a current desktop Chrome): the second look at a working link.
BROWSER_HEADERS = {
    "User-Agent": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        " Chrome/131.0.0.0 Safari/537.36"
    ),
    "Accept": (
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
        "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
    ),
    "Accept-Language": "fa-IR,fa;q=0.9,en-US;q=0.8,en;q=0.7",
}
# What Chrome adds when a citizen clicks a result and /go sends it on: a top-level navigation
# from another site, started by the user (Fetch Metadata, W3C), and Chrome's client hints. A
# hacked portal keyed on them sent every citizen to a casino (red team round 13).
NAVIGATION_HEADERS = {
    "Sec-Fetch-Dest": "document",
    "Sec-Fetch-Mode": "navigate",
    "Sec-Fetch-Site": "cross-site",
    "Sec-Fetch-User": "?1",
    "Upgrade-Insecure-Requests": "1",
    "sec-ch-ua": '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
    "sec-ch-ua-mobile": "?0",
    "sec-ch-ua-platform": '"Windows"',
}
BROWSER_BODY_BYTES = 256 * 1024  # of the page a browser is shown, the part read


@dataclass(frozen=True)
class Link:
    service_id: str
    url: str
    # The portal's last crawl read this page. Its timeout then says the portal was slow at
    # check time, not that the link is broken (red team round 10): "could not check", as 429.
    crawled: bool = False


class _Broken(Exception):
    """Ends one link's check with an error kind (and the status/URL reached so far)."""

    def __init__(self, error: str, status: int | None = None, final_url: str = "") -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.final_url = final_url


class _Guard:
    """Which hosts may be connected to: resolved once per host per run."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._verdicts: dict[str, str] = {}  # host -> "" (fine) or an error

    async def check(self, url: str) -> None:
        if self.allow_private:
            return
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host not in self._verdicts:
            self._verdicts[host] = await self._verdict(host, parts.port or 80)
        if self._verdicts[host]:
            raise _Broken(self._verdicts[host])

    @staticmethod
    async def _verdict(host: str, port: int) -> str:
        try:
            addresses: list[Address] = [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, port, proto=socket.IPPROTO_TCP
                )
            except OSError:
                return "dns"
            addresses = [ipaddress.ip_address(str(i[4][0]).split("%", 1)[0]) for i in infos]
        bad = [str(a) for a in addresses if not is_public(a)]
        return f"refused_private_address: {host} is {', '.join(bad)}" if bad else ""


class _RefusedAddress(httpcore.ConnectError):
    """A connection refused because the host resolved to a non-public address.

    A ``ConnectError`` so that httpx wraps it like any failed connection (as
    ``httpx.ConnectError``, caused by this); its message is the link's error.
    """


class _VettedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses it has vetted itself.

    httpcore hands it the URL's host name; it resolves the name, refuses the host
    if any answer is not public, and connects to the vetted IP address, so there is
    no second lookup for a rebinding DNS server to answer differently. Only the TCP
    connection is made by address: httpcore starts TLS with the URL's host name (SNI
    and certificate check) and the Host header comes from the URL, both unchanged.
    """

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self.inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._resolve(host, port, timeout)
        bad = [str(a) for a in addresses if not is_public(a)]
        if bad:
            raise _RefusedAddress(f"refused_private_address: {host} is {', '.join(bad)}")
        failure: httpcore.ConnectError | None = None
        for address in addresses:  # in the resolver's order, like a plain connect
            try:
                return await self.inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"no address for {host}")

    @staticmethod
    async def _resolve(host: str, port: int, timeout: float | None) -> list[Address]:
        try:
            return [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            pass
        try:
            async with asyncio.timeout(timeout):
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
                )
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        except OSError as exc:  # socket.gaierror: _failure_kind finds it, "dns"
            raise httpcore.ConnectError(str(exc)) from exc
        return [ipaddress.ip_address(str(i[4][0]).split("%", 1)[0]) for i in infos]

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("the link checker connects over TCP only")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def _transport(*, allow_private: bool, limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's transport; unless private addresses are allowed, one that connects only to
    vetted addresses (:class:`_VettedBackend`). httpx has no public hook for httpcore's
    network backend, so it is swapped on the transport's pool before any connection."""
    transport = httpx.AsyncHTTPTransport(limits=limits)
    if not allow_private:
        pool = transport._pool
        if not isinstance(pool, httpcore.AsyncConnectionPool):  # pragma: no cover
            raise RuntimeError("httpx.AsyncHTTPTransport no longer has an httpcore pool")
        pool._network_backend = _VettedBackend(pool._network_backend)
    return transport


def _failure_kind(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, _RefusedAddress):
            return str(cause)
        if isinstance(cause, socket.gaierror):
            return "dns"
        if isinstance(cause, ConnectionRefusedError):
            return "connection_refused"
        cause = cause.__cause__ or cause.__context__
    text = str(exc).lower()
    if "name or service not known" in text or "name resolution" in text:
        return "dns"
    if "connection refused" in text:
        return "connection_refused"
    return "connection_error"


class LinkChecker:
    """Checks the deep links of one portal; one instance per portal and run."""

    def __init__(
        self,
        registration: Registration,
        client: httpx.AsyncClient,
        *,
        allow_private_addresses: bool,
        concurrency: int = DEFAULT_CONCURRENCY,
        deadline: float | None = None,
        budget: float | None = None,
        gateway_url: str = "",
    ) -> None:
        self.registration = registration
        self.gateway_url = gateway_url  # where citizens come from (GATEWAY_PUBLIC_URL)
        self.deadline = deadline  # seconds one request may take in all (None: no limit)
        self.budget = budget  # seconds the whole portal's check may take (None: no limit)
        self.client = client
        self.guard = _Guard(allow_private_addresses)
        self.slots = asyncio.Semaphore(max(1, concurrency))
        self.delay = registration.limits.download_delay
        self.homepage = canonical_url(registration.homepage)
        self.user_agent = str(client.headers.get("User-Agent", ""))
        self._robots: dict[str, Protego | None] = {}  # origin -> rules (None: no robots.txt)
        self._robots_lock = asyncio.Lock()
        self._down: dict[str, str] = {}  # host -> the error every link to it gets
        self._timeouts: dict[str, int] = {}  # host -> timeouts in a row
        self._honest: dict[str, LinkCheck] = {}  # link URL -> its result before the browser's

    async def check_all(self, links: Sequence[Link]) -> list[LinkCheck]:
        """Results of the links robots.txt lets us check, in order.

        Within ``budget`` seconds in all: the links still unchecked by then get a timeout
        (for a page the last crawl read, "could not check", as for any slow request), so one
        portal can hold the worker's link checks only so long (red team round 11)."""
        started = asyncio.get_running_loop().time()
        allowed = [link for link in links if await self.allowed(link.url)]
        tasks = [asyncio.ensure_future(self.check(link)) for link in allowed]
        if not tasks:
            return []
        left = None
        if self.budget is not None:
            left = max(0.0, self.budget - (asyncio.get_running_loop().time() - started))
        done, pending = await asyncio.wait(tasks, timeout=left)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        return [
            task.result()
            if task in done
            # cut while asking as a browser: the honest answer stands
            else self._honest.get(link.url) or self._result(link, None, "", "timeout")
            for link, task in zip(allowed, tasks, strict=True)
        ]

    async def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        async with self._robots_lock:
            if origin not in self._robots:
                self._robots[origin] = await self._read_robots(origin)
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(url, self.user_agent)

    async def _read_robots(self, origin: str) -> Protego | None:
        """The origin's robots.txt; None (everything allowed) when there is none to read."""
        url = origin + "/robots.txt"
        if not domain_allowed(url, self.registration.allowed_domains):
            return None
        body = bytearray()
        try:
            await self.guard.check(url)
            # Read at most MAX_ROBOTS_BYTES within ROBOTS_SECONDS: an endless or huge
            # robots.txt must not hold the worker (nor its memory) for as long as it sends.
            async with asyncio.timeout(ROBOTS_SECONDS):
                async with self.client.stream("GET", url) as response:
                    if response.status_code != 200:
                        return None
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) > MAX_ROBOTS_BYTES:
                            break
        except (_Broken, httpx.HTTPError, TimeoutError):
            return None  # the checks themselves will say what is wrong with the portal
        read, _ = robots_part(bytes(body))  # as the crawler reads it, to the last whole line
        return Protego.parse(read.decode("utf-8", "replace"))

    async def check(self, link: Link) -> LinkCheck:
        final_url = ""
        status: int | None = None
        error = ""
        try:
            status, final_url = await self._follow(link.url, self._ask)
            if status >= 400:
                error = http_kind(status)
            elif final_url and canonical_url(final_url) == self.homepage != canonical_url(link.url):
                error = "redirect_to_homepage"
            if not error:
                self._honest[link.url] = self._result(link, status, final_url, error)
                await self._browser_view(link.url)
        except _Broken as broken:
            error, status, final_url = broken.error, broken.status, broken.final_url
        return self._result(link, status, final_url, error)

    async def _browser_view(self, url: str) -> None:
        """Ask ``url`` as a citizen's browser; raise :class:`_Broken` if it is sent off the
        portal (``browser_sent_away: HOST``). Any other failure of this second look says
        nothing against the honest answer: a firewall may well challenge a browser that runs
        no script, and a slow page was already heard."""
        try:
            await self._follow(url, self._ask_as_browser)
        except _Broken as broken:
            if broken.error.startswith("redirect_off_domain:"):
                host = broken.error.removeprefix("redirect_off_domain:")
                raise _Broken(
                    f"{LinkCheck.BROWSER_SENT_AWAY}:{host}", broken.status, broken.final_url
                ) from None

    def _result(self, link: Link, status: int | None, final_url: str, error: str) -> LinkCheck:
        if error == "timeout" and link.crawled:
            error = LinkCheck.UNCHECKED_TIMEOUT
        return LinkCheck(
            service_id=link.service_id,
            portal_id=self.registration.id,
            url=link.url,
            status=status,
            final_url=final_url,
            checked_at=datetime.now(UTC),
            error=error,
        )

    async def _follow(self, url: str, ask: _Asker) -> tuple[int, str]:
        """(final status, final URL or "" without redirects); redirects stay on the portal.
        ``ask`` makes each hop's request: (status, where it sends the visitor, or None)."""
        current, final_url = url, ""
        if not domain_allowed(current, self.registration.allowed_domains):
            raise _Broken(f"offsite: {urlsplit(current).hostname or current}")
        status = None
        for _ in range(MAX_REDIRECTS + 1):
            await self.guard.check(current)
            status, location = await ask(current)
            if location is None:
                return status, final_url
            target = urljoin(current, location)
            final_url = target
            if not target.startswith(("http://", "https://")) or not domain_allowed(
                target, self.registration.allowed_domains
            ):
                # behind a login, as on the portal's own login form; a «/login» on a host no
                # government runs is a hijack's like any other (red team round 11)
                if trusted_sign_on(target, self.registration.allowed_domains, back_to=current):
                    return status, target
                host = urlsplit(target).hostname or target
                raise _Broken(f"redirect_off_domain: {host}", status, target)
            current = target
        raise _Broken("too_many_redirects", status, final_url)

    @asynccontextmanager
    async def _turn(self, host: str) -> AsyncIterator[None]:
        """A request's turn at the portal: one of its request slots, never for a host known to
        be down, and the portal's download delay after it."""
        async with self.slots:
            if host in self._down:
                raise _Broken(self._down[host])
            try:
                yield
            finally:
                if self.delay:
                    await asyncio.sleep(self.delay)

    async def _ask(self, url: str) -> tuple[int, str | None]:
        """One hop: (status, Location if it is a redirect). HEAD, or GET if HEAD failed."""
        host = (urlsplit(url).hostname or "").lower()
        async with self._turn(host):
            try:
                async with asyncio.timeout(self.deadline):
                    status, location = await self._send("HEAD", url)
                if status >= 400 and status not in HEAD_NOT_CONFIRMED:
                    async with asyncio.timeout(self.deadline):
                        status, location = await self._send("GET", url)
            except (httpx.HTTPError, TimeoutError) as exc:
                # TimeoutError: past the request's deadline, however steadily it dripped
                kind = "timeout" if isinstance(exc, TimeoutError) else _failure_kind(exc)
                self._note_failure(host, kind)
                raise _Broken(kind) from exc
        self._timeouts.pop(host, None)
        return status, location

    async def _ask_as_browser(self, url: str) -> tuple[int, str | None]:
        """One hop as a browser: (status, where the browser goes next, or None). A GET, within
        the request deadline, in the portal's request slots and delay like any other."""
        async with self._turn((urlsplit(url).hostname or "").lower()):
            try:
                async with asyncio.timeout(self.deadline):
                    return await self._browse(url)
            except (httpx.HTTPError, TimeoutError) as exc:  # not counted: nothing against it
                raise _Broken("timeout" if isinstance(exc, TimeoutError) else "browser") from exc

    async def _browse(self, url: str) -> tuple[int, str | None]:
        headers = browser_headers(url, self.gateway_url)
        async with self.client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if response.is_redirect and "location" in response.headers:
                return status, response.headers["location"]
            refresh = _soon(*header_refresh(response.headers.get("refresh", "").encode(), url))
            if refresh or status != 200:
                return status, refresh
            kind = response.headers.get("content-type", "")
            if "html" not in kind.lower():
                return status, None
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) >= BROWSER_BODY_BYTES:
                    break
        page = HtmlResponse(
            url, body=bytes(body[:BROWSER_BODY_BYTES]), headers={"Content-Type": kind}
        )
        # a meta refresh anywhere in what was read, as a browser honours it (not Scrapy's 4 KB)
        # or a frame of another site laid over the whole window (crawlers.scriptnav)
        away = (
            _soon(*get_meta_refresh(page.text, url))
            or script_sends_away(page)
            or covering_frame(page)
        )
        # a page reloading itself (a ticker's refresh) is where the browser stays
        return status, None if away and canonical_url(away) == canonical_url(url) else away

    def _note_failure(self, host: str, kind: str) -> None:
        if kind == "timeout":
            self._timeouts[host] = self._timeouts.get(host, 0) + 1
            if self._timeouts[host] >= TIMEOUTS_BEFORE_DOWN:
                self._down[host] = kind
        elif kind in HOST_DOWN_KINDS or kind.startswith("refused_private_address"):
            self._down[host] = kind

    async def _send(self, method: str, url: str) -> tuple[int, str | None]:
        async with self.client.stream(method, url) as response:  # the body is never read
            is_redirect = response.is_redirect and "location" in response.headers
            return response.status_code, response.headers["location"] if is_redirect else None


_Asker = Callable[[str], Awaitable[tuple[int, str | None]]]


def browser_headers(url: str, gateway_url: str) -> dict[str, str]:
    """What Chrome sends asking ``url`` after a citizen clicked its result on the gateway at
    ``gateway_url``: a portal that cloaks on any of it shows the checker what citizens see."""
    headers = {**BROWSER_HEADERS, **NAVIGATION_HEADERS}
    referer = gateway_referer(url, gateway_url)
    if referer:
        headers["Referer"] = referer
    return headers


def gateway_referer(url: str, gateway_url: str) -> str:
    """The ``Referer`` a browser sends ``url`` coming from the gateway: its origin and ``/``,
    as the default policy (strict-origin-when-cross-origin, which the search page and /go
    leave in place) allows a cross-site navigation; none from https to http, none when the
    gateway's public address is not set."""
    gateway = urlsplit(gateway_url)
    if gateway.scheme not in ("http", "https") or not gateway.netloc:
        return ""
    if gateway.scheme == "https" and urlsplit(url).scheme != "https":
        return ""
    return f"{gateway.scheme}://{gateway.netloc}/"


def _soon(interval: float | None, target: str | None) -> str | None:
    """A refresh's target if a browser follows it (as the crawler's meta refresh rule)."""
    return target if target and interval is not None and interval < METAREFRESH_MAXDELAY else None


def check_portal_links(
    registration: Registration,
    links: Sequence[Link],
    *,
    user_agent: str,
    allow_private_addresses: bool,
    timeout: float = DEFAULT_TIMEOUT,
    concurrency: int = DEFAULT_CONCURRENCY,
    gateway_url: str = "",
) -> list[LinkCheck]:
    """Check ``links`` of one portal: a result per link robots.txt allows, in order.

    ``gateway_url`` is the gateway's public address (``GATEWAY_PUBLIC_URL``): the browser view
    arrives from it, as a citizen's browser does (:func:`browser_headers`).

    A link's failure is its result (``error``), never an exception. Synchronous: the
    worker calls it from its own thread, with an event loop of the check's own.

    ``timeout`` is the checker's own; a registration that gives its portal more time
    (``limits.timeout``, as the crawl waits) gets it here too. Capping it at the checker's
    marked a slow portal's working links broken though the crawl read every page (red
    team round 10).

    A request may take ``REQUEST_DEADLINE_FACTOR`` times the timeout in all, and the portal's
    links :func:`portal_budget` together (red team round 11): a portal that drips its
    answer, never quite timing out, is "could not check", not a worker held for good.
    """
    timeout = max(timeout, registration.limits.timeout)
    deadline = timeout * REQUEST_DEADLINE_FACTOR

    async def check() -> list[LinkCheck]:
        async with httpx.AsyncClient(
            headers={"User-Agent": user_agent},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,  # followed by hand: every hop is checked
            transport=_transport(
                allow_private=allow_private_addresses,
                limits=httpx.Limits(max_connections=max(1, concurrency)),
            ),
        ) as client:
            checker = LinkChecker(
                registration,
                client,
                allow_private_addresses=allow_private_addresses,
                concurrency=concurrency,
                deadline=deadline,
                budget=portal_budget(len(links), deadline, registration, concurrency),
                gateway_url=gateway_url,
            )
            return await checker.check_all(links)

    return asyncio.run(check())


def portal_budget(
    links: int, deadline: float, registration: Registration, concurrency: int
) -> float:
    """Seconds one portal's link check may take in all: every link taking its whole deadline
    (and the portal's download delay) ``concurrency`` at a time, plus robots.txt, at most
    ``MAX_PORTAL_SECONDS``. A backstop: a portal whose links keep timing out is taken for
    down after ``TIMEOUTS_BEFORE_DOWN`` of them long before."""
    per_link = deadline + registration.limits.download_delay
    return min(MAX_PORTAL_SECONDS, ROBOTS_SECONDS + links * per_link / max(1, concurrency))
