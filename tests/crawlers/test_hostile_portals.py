"""Hostile portals: a gzip bomb, a 100 MB feed, a slow drip, a redirect to the cloud
metadata address. Each is cut or refused and counted in the report; a page that was cut
makes the crawl partial (so nothing is retired because of it); the portal's real service
is still indexed.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from crawl_helpers import crawl, selectors_registration

from indexer.backends import open_backend
from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus

MiB = 1024 * 1024
MAXSIZE = 8 * MiB  # the production DOWNLOAD_MAXSIZE (crawlers/settings.py)
LISTING = b"""<html><head><meta charset="utf-8"><title>services</title></head><body>
<a class="svc" href="/s/1">one</a> <a class="svc" href="/bad">two</a></body></html>"""
SERVICE = """<html><head><meta charset="utf-8"></head><body><h2 class="title">صدور پروانه کسب</h2>
<div class="desc">درخواست صدور پروانه کسب برای صنوف</div></body></html>""".encode()

Bad = Callable[[BaseHTTPRequestHandler], None]


def gzip_bomb(bomb: bytes) -> Bad:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(bomb)))
        handler.end_headers()
        handler.wfile.write(bomb)

    return answer


def endless(announce: int | None) -> Bad:
    """A 100 MB feed: announced by Content-Length, or not announced at all (read to close)."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        if announce is not None:
            handler.send_header("Content-Length", str(announce))
        handler.end_headers()
        chunk = b" " * (256 * 1024)
        for _ in range(100 * MiB // len(chunk)):
            handler.wfile.write(chunk)

    return answer


def drip(handler: BaseHTTPRequestHandler) -> None:
    """One byte every 0.2 s of a 2 KB page: it would take 7 minutes."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", "2048")
    handler.end_headers()
    for _ in range(2048):
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.2)


def to_metadata(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(302)
    handler.send_header("Location", "http://169.254.169.254/latest/meta-data/iam/")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def to_itself(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(302)
    handler.send_header("Location", "/bad")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


@contextmanager
def hostile(bad: Bad) -> Iterator[str]:
    """A portal whose listing links one good service page and one hostile ``/bad``."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            try:
                if self.path == "/bad":
                    bad(self)
                    return
                body = {"/": LISTING, "/s/1": SERVICE}.get(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler hung up: that is the point

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def crawled(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[dict[str, CrawlReport], Path]]:
    bomb = gzip.compress(b"\0" * (100 * MiB), compresslevel=9)
    assert len(bomb) < MAXSIZE // 10  # small on the wire, 100 MB once inflated
    cases: dict[str, Bad] = {
        "gzip-bomb": gzip_bomb(bomb),
        "feed-100mb": endless(100 * MiB),
        "feed-unannounced": endless(None),
        "slow-drip": drip,
        "to-metadata": to_metadata,
        "redirect-loop": to_itself,
    }
    with ExitStack() as stack:
        origins = {pid: stack.enter_context(hostile(bad)) for pid, bad in cases.items()}
        tmp = tmp_path_factory.mktemp("hostile")
        reports = crawl(
            [selectors_registration(pid, origin) for pid, origin in origins.items()],
            tmp,
            # Long enough to read 8 MB on a busy machine, far too short for the drip.
            overrides={"DOWNLOAD_TIMEOUT": 15, "RETRY_TIMES": 0, "DOWNLOAD_MAXSIZE": MAXSIZE},
        )
        yield {r.portal_id: r for r in reports}, tmp


def indexed_titles(tmp: Path, portal_id: str) -> set[str]:
    backend = open_backend(tmp / "index", readonly=True)
    try:
        return {d.title for i in backend.portal_hashes(portal_id) if (d := backend.get(i))}
    finally:
        backend.close()


@pytest.mark.parametrize(
    ("portal_id", "kind"),
    [
        ("gzip-bomb", "size_limit"),
        ("feed-100mb", "size_limit"),
        ("feed-unannounced", "size_limit"),
        ("slow-drip", "timeout"),
    ],
)
def test_a_hostile_page_is_cut_or_refused_and_makes_the_crawl_partial(
    crawled: tuple[dict[str, CrawlReport], Path], portal_id: str, kind: str
) -> None:
    reports, tmp = crawled
    report = reports[portal_id]
    assert report.status is CrawlStatus.PARTIAL, report.summary()
    assert report.errors[kind] >= 1, dict(report.errors)
    if kind == "size_limit":
        assert any("size limit" in line for line in report.error_samples)
    assert "only a complete crawl" in report.retirement
    assert indexed_titles(tmp, portal_id) == {"صدور پروانه کسب"}  # the real service is kept


def test_a_redirect_to_the_metadata_address_is_refused(
    crawled: tuple[dict[str, CrawlReport], Path],
) -> None:
    report = crawled[0]["to-metadata"]
    assert report.errors["offsite"] == 1, dict(report.errors)
    # The report names the address refused and the portal page that redirected there.
    assert any(
        line.startswith("offsite http://169.254.169.254/latest/meta-data/iam/ is outside")
        and "(redirected from http://" in line
        for line in report.error_samples
    ), report.error_samples
    # Refused, not attempted: no timeout or connection error from the unreachable address.
    assert not {"timeout", "connection_refused", "connection_error"} & set(report.errors)
    # A redirect off the portal is not a page of it: the crawl is as complete as before.
    assert report.status is CrawlStatus.COMPLETE
    assert indexed_titles(crawled[1], "to-metadata") == {"صدور پروانه کسب"}


def test_the_metadata_address_is_refused_even_when_registered(tmp_path: Path) -> None:
    """A registration naming 169.254.169.254 itself: refused before any connection."""
    report = crawl(
        [selectors_registration("metadata", "http://169.254.169.254")],
        tmp_path,
        allow_private_addresses=False,
    )[0]
    assert report.status is CrawlStatus.FAILED
    assert report.errors["refused_private_address"] >= 1, dict(report.errors)
    assert not {"timeout", "connection_refused", "connection_error"} & set(report.errors)


def test_a_redirect_loop_is_named_in_the_report(
    crawled: tuple[dict[str, CrawlReport], Path],
) -> None:
    """Scrapy's duplicate filter drops the repeated request silently: the report says why
    the page was not read."""
    report = crawled[0]["redirect-loop"]
    assert report.errors["redirect_loop"] == 1, dict(report.errors)
    assert any("/bad: redirects back to" in line for line in report.error_samples)
    assert indexed_titles(crawled[1], "redirect-loop") == {"صدور پروانه کسب"}


def test_a_flood_of_new_links_is_cut_at_the_link_budget(tmp_path: Path) -> None:
    """Every page links 1,000 new URLs: the crawl queues at most 20 per page it may fetch
    (memory stays bounded), says so, keeps the service it found and retires nothing."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/s/1":
                body = (
                    '<html><head><meta charset="utf-8"></head><body><h1>صدور پروانه کسب</h1>'
                    "<h3>مدارک لازم</h3><p>کارت ملی</p><h3>هزینه</h3><p>رایگان</p></body></html>"
                ).encode()
            else:
                base = abs(hash(self.path)) % 10**9 * 1000
                links = "".join(f'<a href="/p/{base + n}">صفحه {n}</a> ' for n in range(1000))
                body = (
                    '<html><head><meta charset="utf-8"><title>پورتال</title></head><body>'
                    f'<a class="svc" href="/s/1">صدور پروانه کسب</a> {links}</body></html>'
                ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        registration = Registration.parse(
            {
                "id": "link-flood",
                "agency": "اداره آزمایشی",
                "homepage": origin + "/",
                "limits": {"max_pages": 10, "download_delay": 0},
            }
        )
        [report] = crawl([registration], tmp_path, overrides={"RETRY_TIMES": 0})
    finally:
        server.shutdown()
        server.server_close()
    assert report.errors["link_budget"] == 1, report.summary()
    assert report.status is CrawlStatus.PARTIAL and "nothing retired" in report.retirement
    assert any("more than 200 distinct links" in e for e in report.error_samples)
    assert "صدور پروانه کسب" in indexed_titles(tmp_path, "link-flood")
