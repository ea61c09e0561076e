"""A portal that answers the link checker one header line at a time, never finishing.

httpx's timeout bounds each read, not a request: such a portal (a tarpit, a misbehaving
firewall) held the worker's only link-check slot for as long as it dripped, so no other
portal's links were checked again and citizens' broken-link reports waited behind it (red
team round 11, F01). Now each request has a deadline, each portal's check a budget, and
portals are checked side by side.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from crawl_helpers import crawl, html, selectors_registration, serve, worker_config

import crawlers.linkcheck
from crawlers.linkcheck import Link, check_portal_links
from crawlers.worker import Worker
from registry.records import JobKind, JobStatus
from registry.registration import Registration

AGENT = "DargahTestBot/0.1 (+tests)"
DRIP_SECONDS = 0.1  # between two header lines
DRIP_FOR = 60.0  # seconds a dripping answer lasts at most (the old checker waited it out)
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴"]


def pages() -> dict[str, tuple[int, dict[str, str], bytes]]:
    links = "".join(f'<a class="svc" href="/s/{n}">{t}</a> ' for n, t in enumerate(TITLES, 1))
    found = {
        f"/s/{n}": html(f'<html><body><h2 class="title">{t}</h2><div class="desc">شرح {t}</div>')
        for n, t in enumerate(TITLES, 1)
    }
    return {"/": html(f"<html><body>{links}</body></html>"), **found}


@contextmanager
def dripping(host: str = "127.0.0.1") -> Iterator[tuple[str, threading.Event]]:
    """A portal serving :func:`pages`, until the event is set: from then on every request
    is answered with a status line and a header line every DRIP_SECONDS, for DRIP_FOR."""
    start, stop = threading.Event(), threading.Event()
    served = pages()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            if start.is_set() and self.path != "/robots.txt":
                try:
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
                    began = time.monotonic()
                    while not stop.is_set() and time.monotonic() - began < DRIP_FOR:
                        self.wfile.write(f"X-Wait: {time.monotonic()}\r\n".encode())
                        self.wfile.flush()
                        stop.wait(DRIP_SECONDS)
                except OSError:
                    pass
                self.close_connection = True
                return
            status, headers, body = served.get(self.path, (404, {}, b"not found"))
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

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}", start
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def registration(portal_id: str, origin: str, timeout: float = 0.3) -> Registration:
    return Registration.parse(
        {
            "id": portal_id,
            "agency": "اداره آزمایشی",
            "homepage": origin + "/",
            "strategy": "auto",
            "limits": {"timeout": timeout},
        }
    )


def test_a_dripping_answer_is_given_up_on_and_a_page_the_crawl_read_is_not_broken() -> None:
    with dripping() as (origin, drip):
        drip.set()
        began = time.monotonic()
        results = check_portal_links(
            registration("drip", origin),
            [Link("read", origin + "/s/1", crawled=True), Link("unread", origin + "/s/9")],
            user_agent=AGENT,
            allow_private_addresses=True,
            timeout=0.5,
        )
        took = time.monotonic() - began
    assert took < 10, f"{took:.1f} s: the checker waited for the drip to end"
    by_id = {r.service_id: r for r in results}
    # the portal served the crawl: too slow now is "could not check", as in red team round 10
    assert (by_id["read"].error, by_id["read"].broken) == ("unchecked_timeout", False)
    assert (by_id["unread"].error, by_id["unread"].broken) == ("timeout", True)


def test_a_portals_whole_check_has_a_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """However its requests each keep within their deadline, a portal's check ends within its
    budget: the links not checked by then could not be checked."""
    monkeypatch.setattr(crawlers.linkcheck, "MAX_PORTAL_SECONDS", 1.0)
    with dripping() as (origin, drip):
        drip.set()
        began = time.monotonic()
        results = check_portal_links(
            registration("drip", origin, timeout=30),  # a request's deadline: 60 s
            [Link(f"s{n}", f"{origin}/s/{n}", crawled=True) for n in range(1, 5)],
            user_agent=AGENT,
            allow_private_addresses=True,
        )
        took = time.monotonic() - began
    assert took < 10, f"{took:.1f} s"
    assert [r.error for r in results] == ["unchecked_timeout"] * 4


@pytest.mark.timeout(180)
def test_one_dripping_portal_holds_up_neither_other_portals_nor_citizens_reports(
    tmp_path: Path,
) -> None:
    with (
        dripping() as (slow_origin, drip),
        serve(pages(), host="127.0.0.2") as other,
        serve(pages(), host="127.0.0.3") as third,
    ):
        slow = selectors_registration("dripping", slow_origin)
        fine, reported = (
            selectors_registration(portal_id, site.origin)
            for portal_id, site in (("fine", other), ("reported", third))
        )
        crawl([slow, fine, reported], tmp_path)
        drip.set()
        other.pages["/s/3"] = (404, {}, b"not found")  # a dead link on the other portal
        # the registrations' 20 s timeout: 40 s a request
        worker = Worker(worker_config(tmp_path, link_check_timeout=5.0))
        try:
            for portal_id in ("fine", "reported"):  # checked lately: not due on schedule
                worker.last_link_check[portal_id] = worker.registry.last_run_started(portal_id)
            began = time.monotonic()
            worker.tick()
            assert worker.link_check is not None and worker.link_check.portal_id == "dripping"
            # a citizen reports a broken link of a third portal meanwhile
            asked = worker.registry.enqueue_job("reported", "citizen-report", JobKind.LINK_CHECK)
            del worker.last_link_check["fine"]  # and the other portal falls due

            def done() -> bool:
                job = next(j for j in worker.registry.jobs("reported") if j.id == asked.id)
                return bool(worker.registry.link_checks("fine")) and job.status is JobStatus.DONE

            while not done() and time.monotonic() - began < 30:
                worker.tick()
                time.sleep(0.1)
            assert done(), f"still checking: {sorted(worker.link_checks)}"
            assert "dripping" in worker.link_checks  # still dripping, held its own thread only
            dead = [c for c in worker.registry.link_checks("fine") if c.url.endswith("/s/3")]
            assert [(c.error, c.broken) for c in dead] == [("http_404", True)]
        finally:
            worker.stop()
            worker.registry.close()
