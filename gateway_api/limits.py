"""Request-body limits enforced before a body is held in memory (an ASGI middleware).

An endpoint that checks ``len(await request.body())`` has already buffered the
whole body: 300 MB sent with a valid token grew the gateway by 271 MB. Here a
body is refused by its ``Content-Length`` before a byte is read, and a body
without one (chunked) is counted as it streams in and cut off at the limit.
Either way the client gets a 413 naming the limit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway_api.text import persian_digits

DEFAULT_MAX_BODY = 256 * 1024  # forms and JSON registrations are a few KB
MULTIPART_SLACK = 64 * 1024  # form fields and boundaries around an uploaded file


class BodyTooLarge(Exception):
    """Raised from ``receive`` once a streamed body passes its limit."""


def _message(limit: int) -> bytes:
    mb = limit / 1_000_000
    size = f"{mb:g} MB" if mb >= 1 else f"{limit // 1024} KB"
    fa_size = (
        f"{persian_digits(f'{mb:g}')} مگابایت"
        if mb >= 1
        else (f"{persian_digits(limit // 1024)} کیلوبایت")
    )
    detail = f"حجم درخواست بیش از {fa_size} است / request body larger than {size}"
    return json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")


class BodyLimitMiddleware:
    """Refuse request bodies above a per-path limit (longest matching path prefix wins)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        default: int = DEFAULT_MAX_BODY,
        limits: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.default = default
        self.limits = sorted((limits or {}).items(), key=lambda item: -len(item[0]))

    def limit_for(self, path: str) -> int:
        return next((size for prefix, size in self.limits if path.startswith(prefix)), self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        length = _content_length(scope)
        if length is not None and length > limit:
            await _refuse(send, limit)
            return
        received = 0
        exceeded = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                # the endpoint turned our exception into its own error (FastAPI's form
                # parsing answers 400): the client is told what really happened instead
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await _refuse(send, limit)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            if not started:
                started = True
                await _refuse(send, limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = _message(limit)
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
