"""A rebinding DNS server, simulated in the process that crawls, and a loopback canary.

A rebinding DNS server answers a public address to the first lookup of its name
and a private one (TTL 0) to the next: the first lookup is the address guard's,
the next the one the connection is made with. Here the process's own resolver
functions (``socket.getaddrinfo``, ``gethostbyname``, ``gethostbyname_ex``) answer
that way for one name, as the red team's ``sitecustomize`` did. A crawl runs in a
spawned process (the reactor cannot restart), so :func:`crawl_rebinding` starts
one that installs the fake first.
"""

from __future__ import annotations

import multiprocessing
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from crawlers.runner import _child, await_child
from registry.registration import Registration
from registry.reports import CrawlReport

PUBLIC = "93.184.216.34"  # a public address (nothing is ever sent to it: the fake is local)
LOOPBACK = "127.0.0.1"


def rebind(name: str, first: str = PUBLIC, then: str = LOOPBACK) -> list[str]:
    """Make ``name`` resolve to ``first`` on its first lookup and to ``then`` on every
    later one, whichever function asks. Returns the answers given, in order."""
    answers: list[str] = []
    lock = threading.Lock()
    real_gai, real_ghbn, real_ghbn_ex = (
        socket.getaddrinfo,
        socket.gethostbyname,
        socket.gethostbyname_ex,
    )

    def ours(host: object) -> bool:
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        return isinstance(host, str) and host.lower().rstrip(".") == name

    def answer() -> str:
        with lock:
            answers.append(first if not answers else then)
            return answers[-1]

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if not ours(host):
            return real_gai(host, port, *args, **kwargs)
        number = int(port) if isinstance(port, int | str) and str(port).isdigit() else 0
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (answer(), number))]

    def gethostbyname(host: str) -> str:
        return answer() if ours(host) else real_ghbn(host)

    def gethostbyname_ex(host: str) -> Any:
        return (host, [], [answer()]) if ours(host) else real_ghbn_ex(host)

    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex
    return answers


def _crawl_child(
    name: str, results: Any, registrations: list[Registration], options: dict[str, Any]
) -> None:
    rebind(name)
    _child(results, registrations, options)


def crawl_rebinding(
    name: str, registrations: list[Registration], options: dict[str, Any]
) -> list[CrawlReport]:
    """:func:`crawlers.runner.run_crawls` in a fresh process where ``name`` rebinds."""
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    proc = ctx.Process(
        target=_crawl_child, args=(name, results, registrations, options), daemon=True
    )
    proc.start()
    data = await_child(proc, results, 120, "crawl subprocess")
    return [CrawlReport.from_dict(d) for d in data]


@dataclass
class Canary:
    """A loopback HTTP server that should never be reached; records every request."""

    port: int = 0
    requests: list[str] = field(default_factory=list)


@contextmanager
def canary() -> Iterator[Canary]:
    seen = Canary()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.requests.append(f"{self.command} {self.path}")
            body = b"internal secret"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_HEAD = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    seen.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        server.shutdown()
        server.server_close()
