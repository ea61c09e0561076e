"""Real servers for tests: a free loopback port and an ASGI app under uvicorn in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


def free_port(*hosts: str) -> int:
    """A port free on 127.0.0.1 and on every one of ``hosts``.

    The sandbox province listens on 127.0.1.1, 127.0.1.2, …: a port free on 127.0.0.1 may
    be held on one of those by a portal another test left running (the same port on another
    address is another socket), and the demo then fails with «Address already in use»."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if all(_bindable(host, port) for host in hosts):
            return port


def province_hosts() -> tuple[str, ...]:
    """The addresses ``sandbox.start_province`` listens on."""
    from sandbox import PORTAL_IDS

    return tuple(f"127.0.1.{n}" for n in range(1, len(PORTAL_IDS) + 1))


def _bindable(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


@contextmanager
def serve_app(app: Any, **options: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 until the block ends; yields its base URL.

    ``options`` are more ``uvicorn.Config`` arguments (e.g. the gateway's own
    ``dargah.app.SERVER_OPTIONS``)."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
