"""Throttling of failed sign-ins per client: guessing tokens costs time, not just requests.

A 256-bit token cannot be guessed, but 2,000 wrong tokens in five seconds are
still an attack worth slowing and seeing. After ``max_failures`` failures from
one client address within ``window`` seconds, that client's bearer tokens and
dashboard logins are answered with 429 and ``Retry-After`` until the window
has passed, whether the next token would be right or not. Memory is bounded:
at most ``max_clients`` addresses are remembered (the oldest forgotten first).
The state is per process; with N workers a client gets at most N times the budget.

A sign-in is counted *before* its token is looked up (:meth:`FailureThrottle.attempt`)
and forgiven when it succeeds (:meth:`FailureThrottle.succeeded`): fifty wrong tokens
sent at once from one address cannot all get past the check before the first of them
has failed, and none of the throttled ones costs the registry any work.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from fastapi import Request

DEFAULT_MAX_FAILURES = 10
DEFAULT_WINDOW_SECONDS = 60.0
DEFAULT_MAX_CLIENTS = 50_000


def client_key(request: Request) -> str:
    """The peer address (a proxy in front must be trusted to set it, not a header)."""
    return request.client.host if request.client is not None else "unknown"


class FailureThrottle:
    def __init__(
        self,
        *,
        max_failures: int = DEFAULT_MAX_FAILURES,
        window: float = DEFAULT_WINDOW_SECONDS,
        max_clients: int = DEFAULT_MAX_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.max_clients = max_clients
        self._clock = clock
        self._failures: OrderedDict[str, tuple[float, int]] = OrderedDict()  # first, count
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int | None:
        """Seconds this client must wait before trying again; None if it may try now."""
        with self._lock:
            return self._wait(client)

    def _wait(self, client: str) -> int | None:
        entry = self._failures.get(client)
        if entry is None:
            return None
        first, count = entry
        left = first + self.window - self._clock()
        if left <= 0:
            del self._failures[client]
            return None
        return math.ceil(left) if count >= self.max_failures else None

    def attempt(self, client: str) -> tuple[int | None, int]:
        """Before any work on a sign-in: ``(seconds to wait, 0)`` when the client is
        throttled, else ``(None, n)``: the try is counted now as the client's n-th failure
        in the window, and :meth:`succeeded` takes it back if the token was right."""
        with self._lock:
            if (wait := self._wait(client)) is not None:
                return wait, 0
            return None, self._count(client)

    def succeeded(self, client: str) -> None:
        """Take back the failure :meth:`attempt` counted for a sign-in that succeeded."""
        with self._lock:
            entry = self._failures.get(client)
            if entry is not None:
                first, count = entry
                if count <= 1:
                    del self._failures[client]
                else:
                    self._failures[client] = (first, count - 1)

    def failed(self, client: str) -> int:
        """Count one failure; returns the client's failures in the current window."""
        with self._lock:
            return self._count(client)

    def _count(self, client: str) -> int:
        now = self._clock()
        first, count = self._failures.pop(client, (now, 0))
        if now - first >= self.window:
            first, count = now, 0
        self._failures[client] = (first, count + 1)
        while len(self._failures) > self.max_clients:
            self._failures.popitem(last=False)
        return count + 1
