"""What every sandbox portal is, independent of the HTTP server that exposes it."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sandbox.catalogue import ServiceSpec


@dataclass(frozen=True)
class GroundTruthService:
    """A service a perfect crawler must find: final URL path+query on the portal, and its title."""

    path: str
    title: str


@dataclass(frozen=True)
class Request:
    target: str  # path + query, exactly as requested
    host: str = "localhost"  # the Host header: portals that print absolute URLs need it
    method: str = "GET"  # GET, HEAD or POST
    # A POST's application/x-www-form-urlencoded fields, first value of each (blank ones kept)
    form: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"http://{self.host}"

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.target).query).items()}


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    delay: float = 0.0  # seconds the server waits before answering (a slow page)

    @classmethod
    def html(
        cls, text: str, *, charset: str = "utf-8", declare: bool = True, bom: bool = False
    ) -> Response:
        """``declare=False`` leaves the charset out of the HTTP header (only a <meta> names it)."""
        body = text.encode(charset)
        if bom:
            body = b"\xef\xbb\xbf" + body
        ctype = f"text/html; charset={charset}" if declare else "text/html"
        return cls(body=body, headers=[("Content-Type", ctype)])

    @classmethod
    def text(cls, text: str, ctype: str = "text/plain") -> Response:
        return cls(body=text.encode(), headers=[("Content-Type", f"{ctype}; charset=utf-8")])

    @classmethod
    def json(cls, data: Any) -> Response:
        body = json.dumps(data, ensure_ascii=False, indent=1).encode()
        return cls(body=body, headers=[("Content-Type", "application/json; charset=utf-8")])

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Response:
        return cls(status=status, headers=[("Location", location)])

    @classmethod
    def not_found(cls) -> Response:
        page = (
            '<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">'
            "<title>صفحه پیدا نشد</title></head><body><h1>۴۰۴ — صفحه مورد نظر یافت نشد</h1>"
            '<p><a href="/">بازگشت به صفحه اصلی</a></p></body></html>'
        )
        response = cls.html(page)
        response.status = 404
        return response

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class Site(ABC):
    """One agency portal: its services, its URL scheme and its rendering.

    Hidden services (retired by the agency) answer 404 and vanish from every listing,
    so a recrawl can notice that they are gone.
    """

    id: str
    agency: str

    def __init__(self, specs: Sequence[ServiceSpec]) -> None:
        self.specs = list(specs)
        self.hidden: set[str] = set()
        # A page answered (200) for every URL instead of the portal: maintenance, a login
        # wall, a parked domain. None: the portal answers normally.
        # Or a function of the path asked: the page to answer instead, None to answer normally
        # (a soft 404 on every service page, echoing its address).
        self.stand_in: str | Callable[[str], str | None] | None = None

    @abstractmethod
    def service_path(self, spec: ServiceSpec) -> str:
        """The final URL path (+query) of a service's detail page."""

    @abstractmethod
    def handle(self, request: Request) -> Response:
        """Answer one request: a GET (or HEAD), or a form POST (``request.form``)."""

    def ground_truth(self) -> list[GroundTruthService]:
        return [GroundTruthService(self.service_path(s), s.title) for s in self.specs]

    def visible(self) -> list[ServiceSpec]:
        return [s for s in self.specs if self.service_path(s) not in self.hidden]

    def by_number(self, raw: str | None) -> ServiceSpec | None:
        """The visible service numbered ``raw``, or None (unknown, malformed or hidden)."""
        if raw is None or not raw.isdigit():
            return None
        spec = next((s for s in self.specs if s.number == int(raw)), None)
        if spec is None or self.service_path(spec) in self.hidden:
            return None
        return spec


MAINTENANCE_PAGE = """<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>سامانه در حال به‌روزرسانی است</title></head><body>
<h1>سامانه در حال به‌روزرسانی است</h1>
<p>کاربر گرامی، به دلیل به‌روزرسانی سامانه، خدمات تا ساعاتی دیگر در دسترس نیست.
از شکیبایی شما سپاسگزاریم.</p></body></html>"""


def pages(items: Sequence[ServiceSpec], size: int) -> list[list[ServiceSpec]]:
    """Split a listing into pages; an empty listing still has one (empty) page."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]
