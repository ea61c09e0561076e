"""The link checker against real loopback portals: what counts as broken, and why."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest

from crawlers.linkcheck import TIMEOUTS_BEFORE_DOWN, Link, check_portal_links
from registry.records import LinkCheck
from registry.registration import Registration

AGENT = "DargahTestBot/0.1 (+tests)"
SLOW = 3.0  # seconds a slow page takes; the check times out long before


@dataclass
class Portal:
    origin: str
    other_origin: str  # a second loopback host: not one of the portal's domains
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, agent
    in_flight: int = 0
    most_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _bot(agent: str) -> bool:
    """Whether a hacked portal's cloaking takes ``agent`` for a robot (red team round 12)."""
    return any(word in agent.lower() for word in ("bot", "crawl", "spider"))


# /cloaked-… pages: the real page to robots, and to browsers (red team round 12)…
CLOAKED = {
    "/cloaked-302": (302, {"Location": "{other}/casino"}, b""),
    "/cloaked-refresh-header": (200, {"Refresh": "0; url={other}/casino"}, b""),
    # … a meta refresh after 4 KB of page, which a browser honours as well as a first line
    "/cloaked-meta": (
        200,
        {},
        b"<html><head><title>x</title></head><body>"
        + b"<p>service</p>" * 400
        + b'<meta http-equiv="refresh" content="0;url={other}/casino"></body></html>',
    ),
    "/cloaked-script": (
        200,
        {},
        b'<html><body><script>window.location.replace("{other}/casino");</script></body></html>',
    ),
    "/cloaked-frame": (
        200,
        {},
        b'<html><body><p>service</p><iframe src="{other}/casino" style="position:fixed;top:0;'
        b'left:0;width:100%;height:100%;border:0"></iframe></body></html>',
    ),
    # not sent away: a sign-on of the national window, the portal's own page, a late refresh
    "/cloaked-sso": (302, {"Location": "https://sso.my.gov.ir/oauth2/authorize"}, b""),
    "/cloaked-own": (302, {"Location": "/ok"}, b""),
    "/cloaked-slow-refresh": (200, {"Refresh": "600; url={other}/casino"}, b""),
    "/cloaked-reload": (
        200,
        {},
        b'<html><head><meta http-equiv="refresh" content="30"></head><body>news</body></html>',
    ),
    # a firewall challenging a browser that runs no script: nothing against the link
    "/cloaked-challenge": (403, {}, b"<html><body>Just a moment...</body></html>"),
}


def _as_browser(portal: Portal, path: str) -> tuple[int, dict[str, str], bytes] | None:
    if path not in CLOAKED:
        return None
    status, headers, body = CLOAKED[path]
    fill = {"other": portal.other_origin}
    return (
        status,
        {"Content-Type": "text/html; charset=utf-8"}
        | {name: value.format(**fill) for name, value in headers.items()},
        body.replace(b"{other}", portal.other_origin.encode()),
    )


def _routes(portal: Portal, method: str, path: str) -> tuple[int, dict[str, str]]:
    """path -> (status, headers) as this portal answers; HEAD and GET alike unless noted."""
    if path in ("/", "/ok") or path.startswith("/cloaked-"):
        return 200, {}
    if path == "/gone":
        return 404, {}
    if path == "/moved":
        return 301, {"Location": "/new/place"}
    if path == "/new/place":
        return 200, {}
    if path == "/moved-to-dead":
        return 302, {"Location": portal.origin + "/gone"}
    if path == "/abroad":
        return 302, {"Location": portal.other_origin + "/elsewhere"}
    if path == "/to-sso":  # never asked: a government's host
        return 302, {"Location": "https://sso.my.gov.ir/oauth2/authorize?return=/to-sso"}
    if path == "/to-ministry-sso":  # a sign-on outside gov.ir that sends the visitor back
        back = quote(portal.origin + "/to-ministry-sso", safe="")
        return 302, {"Location": f"{portal.other_origin}/oauth2/authorize?redirect_uri={back}"}
    if path == "/to-casino-login":
        return 302, {"Location": portal.other_origin + "/login?return=/to-casino-login"}
    if path == "/removed":
        return 302, {"Location": "/"}
    if path == "/loop":
        return 302, {"Location": "/loop"}
    if path == "/no-head":
        return (405, {"Allow": "GET"}) if method == "HEAD" else (200, {})
    if path.startswith("/head-"):  # a server or firewall that fails HEAD only: /head-404
        return (int(path.removeprefix("/head-")), {}) if method == "HEAD" else (200, {})
    if path == "/broken-server":
        return 503, {}
    if path.startswith("/slow"):  # after SLOW seconds
        return 200, {}
    if path == "/robots.txt":
        return 200, {"Content-Type": "text/plain"}
    return 404, {}


@pytest.fixture(scope="module")
def portal() -> Iterator[Portal]:
    other = ThreadingHTTPServer(("127.0.0.2", 0), BaseHTTPRequestHandler)
    state = Portal("", f"http://127.0.0.2:{other.server_address[1]}")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            state.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
            if self.path.startswith("/busy"):
                with state.lock:
                    state.in_flight += 1
                    state.most_in_flight = max(state.most_in_flight, state.in_flight)
                time.sleep(0.2)
                with state.lock:
                    state.in_flight -= 1
            if self.path.startswith("/slow"):
                time.sleep(SLOW)
            status, headers = _routes(state, self.command, self.path)
            body = b"<html><body>service</body></html>"
            if self.path == "/robots.txt":
                body = b"User-agent: *\nDisallow: /private/\n"
            browser = not _bot(self.headers.get("User-Agent", ""))
            if browser and (cloaked := _as_browser(state, self.path)):
                status, headers, body = cloaked
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(body)

        do_GET = do_HEAD = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.origin = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        other.server_close()


def registration(origin: str, timeout: float = 0.3) -> Registration:
    """The portal's registration; ``timeout`` its ``limits.timeout`` (the checker waits the
    longer of it and its own)."""
    return Registration.parse(
        {
            "id": "portal",
            "agency": "اداره آزمایشی",
            "homepage": origin + "/",
            "strategy": "auto",
            "limits": {"timeout": timeout},
        }
    )


def check(portal: Portal, *paths: str, allow_private: bool = True) -> dict[str, LinkCheck]:
    links = [Link(f"id{i}", portal.origin + path) for i, path in enumerate(paths)]
    results = check_portal_links(
        registration(portal.origin),
        links,
        user_agent=AGENT,
        allow_private_addresses=allow_private,
        timeout=0.5,
    )
    return {result.url.removeprefix(portal.origin): result for result in results}


CASES = [
    # (path, error, final status, where it ended up)
    ("/ok", "", 200, ""),
    ("/gone", "http_404", 404, ""),
    ("/moved", "", 200, "/new/place"),
    ("/moved-to-dead", "http_404", 404, "/gone"),
    ("/removed", "redirect_to_homepage", 200, "/"),
    ("/no-head", "", 200, ""),
    ("/broken-server", "http_5xx", 503, ""),
    ("/loop", "too_many_redirects", 302, "/loop"),
    ("/slow", "timeout", None, ""),
]


def test_each_kind_of_link_is_judged(portal: Portal) -> None:
    results = check(portal, *(case[0] for case in CASES))
    judged = {
        path: (r.error, r.status, r.final_url.removeprefix(portal.origin))
        for path, r in results.items()
    }
    assert judged == {path: (error, status, final) for path, error, status, final in CASES}
    assert not results["/ok"].broken and results["/gone"].broken
    assert all(r.portal_id == "portal" and r.checked_at.tzinfo for r in results.values())


def test_a_redirect_off_the_portal_is_broken_and_not_followed(portal: Portal) -> None:
    result = check(portal, "/abroad")["/abroad"]
    assert (result.error, result.status) == ("redirect_off_domain: 127.0.0.2", 302)
    assert result.final_url == portal.other_origin + "/elsewhere"  # named, never requested


def test_a_redirect_to_a_sign_on_elsewhere_works_and_is_not_followed(portal: Portal) -> None:
    """The national single sign-on on another domain (red team round 8): the citizen signs
    in and is sent back, as from the portal's own login form; the link is not broken."""
    result = check(portal, "/to-sso")["/to-sso"]
    assert (result.error, result.status, result.broken) == ("", 302, False)
    assert result.final_url == "https://sso.my.gov.ir/oauth2/authorize?return=/to-sso"


def test_a_sign_on_elsewhere_that_sends_the_visitor_back_to_the_portal_works(
    portal: Portal,
) -> None:
    """A ministry's single sign-on on a host of its own outside gov.ir names the portal's page
    as where to come back (OAuth's redirect_uri): a login wall, as red team round 8 had it,
    not a hijack (red team round 11's rule for «/login» paths left it broken)."""
    result = check(portal, "/to-ministry-sso")["/to-ministry-sso"]
    assert (result.error, result.status, result.broken) == ("", 302, False)


def test_a_redirect_to_a_login_path_on_a_host_no_government_runs_is_broken(
    portal: Portal,
) -> None:
    """A hijack sending the page to «casino.example/login» is no sign-on (red team round 11,
    F05): the link checker called it working and /go sent citizens on."""
    result = check(portal, "/to-casino-login")["/to-casino-login"]
    assert (result.error, result.status, result.broken) == (
        "redirect_off_domain: 127.0.0.2",
        302,
        True,
    )


def test_head_first_then_get_only_when_head_is_refused(portal: Portal) -> None:
    portal.requests.clear()
    check(portal, "/ok", "/no-head")
    asked = sorted((method, path) for method, path, agent in portal.requests if agent == AGENT)
    assert asked == [
        ("GET", "/no-head"),
        ("GET", "/robots.txt"),
        ("HEAD", "/no-head"),
        ("HEAD", "/ok"),
    ]
    # then one GET each as a browser, after the honest answer (red team round 12)
    assert sorted((m, p) for m, p, a in portal.requests if a != AGENT) == [
        ("GET", "/no-head"),
        ("GET", "/ok"),
    ]
    assert all(a.startswith("Mozilla/5.0") for *_, a in portal.requests if a != AGENT)


@pytest.mark.parametrize("head_status", [404, 403, 400, 500])
def test_a_page_that_fails_head_but_opens_with_get_is_not_broken(
    portal: Portal, head_status: int
) -> None:
    """Servers that route only GET answer HEAD 404, firewalls block HEAD with 403 or 400 (red
    team round 8): every deep link of such a portal was marked broken, and /go refused them."""
    path = f"/head-{head_status}"
    portal.requests.clear()
    result = check(portal, path)[path]
    assert (result.error, result.status, result.broken) == ("", 200, False)
    assert [m for m, p, a in portal.requests if p == path and a == AGENT] == ["HEAD", "GET"]
    gone = check(portal, "/gone")["/gone"]  # a page gone for GET too is still broken
    assert (gone.error, gone.broken) == ("http_404", True)


def test_links_robots_txt_disallows_are_not_checked(portal: Portal) -> None:
    portal.requests.clear()
    results = check(portal, "/private/service", "/ok")
    assert list(results) == ["/ok"]
    assert [p for _, p, _ in portal.requests if p.startswith("/private")] == []


def test_private_addresses_are_refused_unless_allowed(portal: Portal) -> None:
    portal.requests.clear()
    result = check(portal, "/ok", allow_private=False)["/ok"]
    assert result.error.startswith("refused_private_address")
    assert result.status is None and portal.requests == []  # nothing was sent
    # our own safety rule stopped it: a configuration problem, not a broken link
    assert result.config_problem and not result.broken


def test_a_portal_that_keeps_timing_out_is_not_waited_on_for_every_link(portal: Portal) -> None:
    portal.requests.clear()
    links = [Link(f"s{i}", f"{portal.origin}/slow?{i}") for i in range(12)]
    results = check_portal_links(
        registration(portal.origin),
        links,
        user_agent=AGENT,
        allow_private_addresses=True,
        timeout=0.3,
    )
    assert [r.error for r in results] == ["timeout"] * 12
    asked = [p for _, p, _ in portal.requests if p.startswith("/slow")]
    assert len(asked) <= TIMEOUTS_BEFORE_DOWN + 1  # the rest were known to time out


def test_a_registration_that_gives_a_slow_portal_more_time_is_heeded(portal: Portal) -> None:
    """A slow portal whose registration waits longer than the checker (red team round 10):
    capping the wait at the checker's marked its working links broken («پیوند خراب»)."""
    results = check_portal_links(
        registration(portal.origin, timeout=SLOW + 5),
        [Link("s1", portal.origin + "/slow-page")],
        user_agent=AGENT,
        allow_private_addresses=True,
        timeout=0.5,
    )
    assert [(r.error, r.status, r.broken) for r in results] == [("", 200, False)]


def test_a_timeout_of_a_page_the_last_crawl_read_is_not_broken(portal: Portal) -> None:
    """The crawl read the page; the portal was too slow for the check: "could not check",
    as 429, not broken. A page no crawl read lately that times out is still broken."""
    links = [Link("read", portal.origin + "/slow?read", crawled=True)]
    links.append(Link("unread", portal.origin + "/slow?unread"))
    results = {
        r.service_id: r
        for r in check_portal_links(
            registration(portal.origin),
            links,
            user_agent=AGENT,
            allow_private_addresses=True,
            timeout=0.3,
        )
    }
    read, unread = results["read"], results["unread"]
    assert (read.error, read.status, read.broken) == ("unchecked_timeout", None, False)
    assert not read.config_problem
    assert (unread.error, unread.broken) == ("timeout", True)


def test_a_portal_that_is_down_is_connection_refused() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    origin = f"http://127.0.0.1:{port}"
    results = check_portal_links(
        registration(origin),
        [Link(f"x{i}", f"{origin}/service/{i}") for i in range(20)],
        user_agent=AGENT,
        allow_private_addresses=True,
    )
    assert {(r.error, r.status) for r in results} == {("connection_refused", None)}
    assert len(results) == 20


def test_a_portal_is_asked_two_links_at_a_time(portal: Portal) -> None:
    links = [Link(f"b{i}", f"{portal.origin}/busy?{i}") for i in range(6)]
    results = check_portal_links(
        registration(portal.origin), links, user_agent=AGENT, allow_private_addresses=True
    )
    assert [r.status for r in results] == [404] * 6  # all answered (/busy is no service page)
    assert portal.most_in_flight == 2


@pytest.mark.timeout(120)
def test_an_endless_robots_txt_is_read_only_in_part() -> None:
    """A robots.txt that never ends (chunked, forever) held the worker's link check, and
    grew its memory at the portal's send rate: now its first 500 KiB are read, and the
    links are checked."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if self.path != "/robots.txt":
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            line = b"Disallow: /private\n" * 1000
            try:
                self.wfile.write(b"e\r\nUser-agent: *\n\r\n")
                while True:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_HEAD = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        registration = Registration.parse(
            {"id": "robots-flood", "agency": "اداره آزمایشی", "homepage": origin + "/"}
        )
        links = [Link("s1", origin + "/ok"), Link("s2", origin + "/private/x")]
        results = check_portal_links(
            registration, links, user_agent=AGENT, allow_private_addresses=True
        )
    finally:
        server.shutdown()
        server.server_close()
    assert [(r.service_id, r.status, r.error) for r in results] == [("s1", 200, "")]


SENT_AWAY = [
    "/cloaked-302",
    "/cloaked-refresh-header",
    "/cloaked-meta",
    "/cloaked-script",
    "/cloaked-frame",
]


def test_a_page_that_sends_browsers_away_but_shows_robots_the_page_is_broken(
    portal: Portal,
) -> None:
    """Cloaking by User-Agent (red team round 12): a hacked portal shows the page to any agent
    naming «bot» and sends browsers to a casino, by a 302, a Refresh header, a meta refresh
    late in the page, a load-time script or a frame of the casino laid over the whole window.
    The honest request saw a working link, and /go sent every citizen to the casino; a
    browser's request now finds it broken."""
    portal.requests.clear()
    results = check(portal, *SENT_AWAY)
    judged = {path: (r.error, r.broken) for path, r in results.items()}
    assert judged == {path: ("browser_sent_away: 127.0.0.2", True) for path in SENT_AWAY}
    assert {r.final_url for r in results.values()} == {portal.other_origin + "/casino"}
    assert results["/cloaked-302"].status == 302
    # each asked once as itself, then once as a browser; the casino never
    agents = {a for m, p, a in portal.requests if p in SENT_AWAY and m == "GET"}
    assert len(agents) == 1 and agents.pop().startswith("Mozilla/5.0")
    assert all(a == AGENT for m, p, a in portal.requests if m == "HEAD")


def test_a_browser_is_asked_as_a_browser_asks(portal: Portal) -> None:
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(dict(self.headers))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_HEAD = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        check_portal_links(
            registration(origin),
            [Link("s", origin + "/s")],
            user_agent=AGENT,
            allow_private_addresses=True,
        )
    finally:
        server.shutdown()
        server.server_close()
    browser = [h for h in seen if h.get("User-Agent", "").startswith("Mozilla/5.0")]
    assert len(browser) == 1
    assert browser[0]["Accept"].startswith("text/html")
    assert browser[0]["Accept-Language"].startswith("fa")


@pytest.mark.parametrize(
    "path",
    [
        "/cloaked-sso",
        "/cloaked-own",
        "/cloaked-slow-refresh",
        "/cloaked-reload",
        "/cloaked-challenge",
    ],
)
def test_what_else_a_browser_is_shown_leaves_a_working_link_working(
    portal: Portal, path: str
) -> None:
    """A national sign-on, the portal's own page, a refresh no browser waits for, a firewall's
    challenge to a browser that runs no script: the honest answer stands."""
    portal.requests.clear()
    result = check(portal, path)[path]
    assert (result.error, result.status, result.broken) == ("", 200, False)
    # asked once as a browser (and once more for the portal's own page it was sent to)
    assert len([p for _, p, a in portal.requests if a != AGENT]) == 1 + (path == "/cloaked-own")


def test_a_broken_link_is_not_asked_again_as_a_browser(portal: Portal) -> None:
    portal.requests.clear()
    assert check(portal, "/gone")["/gone"].broken
    assert {a for _, p, a in portal.requests if p == "/gone"} == {AGENT}


GATEWAY = "http://127.0.0.9:8000"  # the gateway's public address (GATEWAY_PUBLIC_URL)


@contextmanager
def recording(
    answer: Callable[[dict[str, str]], tuple[int, dict[str, str]]],
) -> Iterator[tuple[str, list[dict[str, str]]]]:
    """A portal on loopback that answers each request from its headers: its origin, and the
    headers of every request it was sent."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = dict(self.headers)
            seen.append(headers)
            status, extra = answer(headers)
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_HEAD = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass

    seen: list[dict[str, str]] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def check_from_gateway(origin: str, gateway_url: str = GATEWAY) -> LinkCheck:
    [result] = check_portal_links(
        registration(origin),
        [Link("s", origin + "/fa/service/1")],
        user_agent=AGENT,
        allow_private_addresses=True,
        gateway_url=gateway_url,
    )
    return result


def test_the_browser_view_arrives_from_the_gateway_as_a_citizen_does() -> None:
    """Red team round 13: a citizen's browser following /go sends the gateway as its Referer
    and Chrome's navigation headers; the browser view sends them too, the honest request not."""
    with recording(lambda headers: (200, {})) as (origin, recorded):
        assert not check_from_gateway(origin).broken
    browser = [h for h in recorded if h.get("User-Agent", "").startswith("Mozilla/5.0")]
    assert len(browser) == 1
    assert {name: browser[0].get(name) for name in NAVIGATION} == NAVIGATION
    assert browser[0]["Referer"] == GATEWAY + "/"
    assert "image/avif" in browser[0]["Accept"]
    honest = [h for h in recorded if h.get("User-Agent") == AGENT and h is not browser[0]]
    assert honest and all("Referer" not in h and "Sec-Fetch-Mode" not in h for h in honest)


NAVIGATION = {
    "Sec-Fetch-Mode": "navigate",
    "Sec-Fetch-Dest": "document",
    "Sec-Fetch-Site": "cross-site",
    "Sec-Fetch-User": "?1",
    "Upgrade-Insecure-Requests": "1",
}
CLOAKS: dict[str, Callable[[dict[str, str]], bool]] = {
    "the gateway as Referer": lambda h: h.get("Referer", "").startswith(GATEWAY),
    "Sec-Fetch-Mode: navigate": lambda h: h.get("Sec-Fetch-Mode") == "navigate",
    "Sec-Fetch-Dest: document": lambda h: h.get("Sec-Fetch-Dest") == "document",
    "Upgrade-Insecure-Requests": lambda h: h.get("Upgrade-Insecure-Requests") == "1",
}


@pytest.mark.parametrize("cloak", list(CLOAKS))
def test_a_portal_cloaking_on_navigation_headers_is_caught(cloak: str) -> None:
    """A hacked portal that sends only visitors navigating from the gateway to a casino: the
    honest request sees the page; the browser view is sent away and the link is broken."""

    def answer(headers: dict[str, str]) -> tuple[int, dict[str, str]]:
        if CLOAKS[cloak](headers):
            return 302, {"Location": "http://127.0.0.2:9/casino"}
        return 200, {}

    with recording(answer) as (origin, _):
        result = check_from_gateway(origin)
    assert (result.error, result.broken) == ("browser_sent_away: 127.0.0.2", True)
    assert result.final_url == "http://127.0.0.2:9/casino"


def test_an_https_gateway_sends_no_referer_to_a_plain_http_portal() -> None:
    """As the default referrer policy (strict-origin-when-cross-origin) has a browser do."""
    with recording(lambda headers: (200, {})) as (origin, recorded):
        check_from_gateway(origin, gateway_url="https://dargah.example.ir/search?q=x")
    browser = [h for h in recorded if h.get("User-Agent", "").startswith("Mozilla/5.0")]
    assert len(browser) == 1 and "Referer" not in browser[0]
    assert browser[0]["Sec-Fetch-Mode"] == "navigate"
