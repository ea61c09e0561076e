"""Small real HTTP servers and a fast crawl call for the crawler tests."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from crawlers.runner import run_crawls_in_subprocess
from crawlers.worker import WorkerConfig
from registry.registration import Registration
from registry.reports import CrawlReport

# Loopback servers answer in microseconds: no throttling, more parallelism, short timeouts.
FAST = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "RETRY_TIMES": 1,
    "DOWNLOAD_TIMEOUT": 5,
    "LOG_LEVEL": "WARNING",
}

Page = tuple[int, dict[str, str], bytes]
SLOW_PAGE_SECONDS = 1.0  # the sandbox's slow page: slow enough to matter, fast enough for tests


def selectors_registration(
    portal_id: str, origin: str, *, pagination: str | None = None
) -> Registration:
    """A portal of ``a.svc`` links to pages with ``h2.title`` and ``.desc`` (and, given
    ``pagination``, listing pages linked by it): the shape the hostile and mislabelled test
    portals serve."""
    selectors = {"service_links": "a.svc", "title": "h2.title", "description": ".desc"}
    return Registration.parse(
        {
            "id": portal_id,
            "agency": "اداره آزمایشی",
            "homepage": origin + "/",
            "strategy": "selectors",
            "selectors": selectors | ({"pagination": pagination} if pagination else {}),
        }
    )


@dataclass(frozen=True)
class Crawled:
    tmp: Path  # index, registry and reports of the crawl
    reports: dict[str, CrawlReport]
    seconds: float


@dataclass
class Site:
    """A tiny portal: path (with query) -> (status, headers, body); records what was asked.

    A page with an ``ETag`` is answered 304 to a request that names it (``If-None-Match``).
    A POST is answered by ``serve``'s ``posted`` when given, else by the page keyed
    ``"POST /path"`` (else 405), and recorded with its body.
    """

    pages: dict[str, Page]
    requests: list[str] = field(default_factory=list)
    agents: set[str] = field(default_factory=set)
    origin: str = ""


@contextmanager
def serve(
    pages: Mapping[str, Page],
    answer: Callable[[BaseHTTPRequestHandler], Page | None] | None = None,
    tls: ssl.SSLContext | None = None,
    host: str = "127.0.0.1",
    posted: Callable[[str, str], Page | None] | None = None,
) -> Iterator[Site]:
    """``answer``, when given, answers a GET from the request itself (its cookies, its path)
    before ``pages`` are looked at. ``tls``, when given, makes it an https server; ``host``,
    another loopback address, another host name for the crawler. ``posted``, when given,
    answers a POST from its path and body (a load-more action's page number)."""
    site = Site(dict(pages))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append(self.path)
            page = answer(self) if answer is not None else None
            self.answer(page or site.pages.get(self.path, (404, {}, b"not found")))

        def do_POST(self) -> None:
            sent = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            site.requests.append(f"POST {self.path} {sent.decode('latin-1')}")
            page = posted(self.path, sent.decode("latin-1")) if posted is not None else None
            self.answer(page or site.pages.get(f"POST {self.path}", (405, {}, b"GET only")))

        def answer(self, page: Page) -> None:
            site.agents.add(self.headers.get("User-Agent", ""))
            status, headers, body = page
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:  # as real servers revalidate
                status, body = 304, b""
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    scheme = "https" if tls is not None else "http"
    site.origin = f"{scheme}://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def html(body: str, *, charset: str | None = "utf-8", encoding: str = "utf-8") -> Page:
    ctype = f"text/html; charset={charset}" if charset else "text/html"
    return 200, {"Content-Type": ctype}, body.encode(encoding)


@dataclass(frozen=True)
class AgencyPages:
    """The plain pages of one agency's portal that the held-out rounds' tests build on: a
    titled page under a menu back home, a service page with the usual field blocks, and a
    homepage whose one menu link leads to the catalogue (each test adds its mechanism)."""

    agency: str

    def page(self, title: str, body: str, head: str = "") -> Page:
        return html(
            f'<html lang="fa" dir="rtl"><head><title>{title} | {self.agency}</title>{head}'
            f'</head><body><nav><a href="/">صفحه اصلی</a></nav>{body}</body></html>'
        )

    def service(self, title: str) -> Page:
        blocks = "".join(
            f"<h3>{label}</h3><p>{value}</p>"
            for label, value in (
                ("مدارک مورد نیاز", "تصویر کارت ملی و عکس"),
                ("هزینه", "طبق تعرفه مصوب"),
                ("مدت زمان انجام", "ده روز کاری"),
            )
        )
        return self.page(title, f"<h1>{title}</h1><p>شرح کوتاه {title}</p>{blocks}")

    def home(self, link: str, label: str = "خدمات") -> Page:
        return self.page(
            "صفحه اصلی",
            f'<h1>{self.agency}</h1><ul class="menu"><li><a href="{link}">{label}</a>',
        )


@dataclass(frozen=True)
class SitesCrawled:
    """Small ``auto`` portals crawled together, as the held-out rounds' tests crawl them."""

    found: dict[str, dict[str, str]]  # portal -> path -> title of every service indexed
    asked: dict[str, list[str]]  # portal -> every request the portal got
    reports: dict[str, CrawlReport]


def crawl_sites(sites: Mapping[str, Site], tmp: Path, agency: str) -> SitesCrawled:
    """Register each site as the portal named by its key (``strategy: auto``, its homepage
    only), crawl them all at once, and read back what each indexed."""
    from sandbox.unseen import auto_registration
    from tests.crawlers.unseen_score import indexed

    registrations = [auto_registration(k, s.origin, agency) for k, s in sites.items()]
    reports = {r.portal_id: r for r in crawl(registrations, tmp, overrides=FAST)}
    found = {
        key: {url.removeprefix(site.origin): title for url, title in indexed(tmp, key)}
        for key, site in sites.items()
    }
    return SitesCrawled(found, {k: s.requests for k, s in sites.items()}, reports)


def crawl(
    registrations: list[Registration],
    tmp: Path,
    *,
    allow_private_addresses: bool = True,
    retire_after_misses: int = 2,
    overrides: Mapping[str, Any] | None = None,
) -> list[CrawlReport]:
    """One crawl run in a fresh process, state kept under ``tmp`` across calls."""
    return run_crawls_in_subprocess(
        registrations,
        timeout=120,
        **crawl_options(tmp, allow_private_addresses, retire_after_misses, overrides),
    )


def crawl_options(
    tmp: Path,
    allow_private_addresses: bool = True,
    retire_after_misses: int = 2,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "index_dir": tmp / "index",
        "registry_url": f"sqlite:///{tmp / 'registry.sqlite3'}",
        "reports_dir": tmp / "reports",
        "user_agent": "DargahTestBot/0.1 (+tests)",
        "allow_private_addresses": allow_private_addresses,
        "retire_after_misses": retire_after_misses,
        "log_progress": False,
        "settings_overrides": {**FAST, **(overrides or {})},
    }


def worker_config(tmp: Path, **changes: Any) -> WorkerConfig:
    """``dargah worker``'s configuration over the state :func:`crawl` crawls into (its
    registry, index and reports, its User-Agent, private addresses allowed), with
    ``changes``."""
    options = crawl_options(tmp)
    fields = {
        name: options[name]
        for name in (
            "registry_url",
            "index_dir",
            "reports_dir",
            "user_agent",
            "allow_private_addresses",
            "retire_after_misses",
        )
    }
    return WorkerConfig(**{**fields, **changes})


def indexed_titles(state: Path, portal: str) -> set[str]:
    """The titles the index under ``state`` holds for ``portal``: what a citizen can find."""
    from indexer.backends import open_backend

    backend = open_backend(state / "index", readonly=True)
    try:
        return {doc.title for doc in backend.documents([portal])}
    finally:
        backend.close()


def written_pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1, the first the catalogue) with its
    cross-reference table, written by hand as a test needs it (pypdf writes no broken or
    hostile file)."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    return out + trailer % (len(objects) + 1, xref)
