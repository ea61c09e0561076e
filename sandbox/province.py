"""Serve each portal on its own loopback address, so every agency is a separate origin."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from sandbox.site import Request, Response, Site

if TYPE_CHECKING:
    from registry.registration import Registration


MAX_FORM_BYTES = 1024 * 1024  # a larger POST body is answered 413 Content Too Large


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stopping must not wait for a slow page still being served


class _Validators:
    """ETag and Last-Modified per page, so recrawls can ask "changed since?" and get a 304.

    The ETag is a hash of the body; Last-Modified is when this server first sent
    that body (a hidden service changes its listing, and so its date).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: dict[str, tuple[str, str, float]] = {}  # target -> etag, date, timestamp

    def stamp(self, target: str, response: Response) -> None:
        etag = '"' + hashlib.sha256(response.body).hexdigest()[:32] + '"'
        with self._lock:
            known = self._pages.get(target)
            if known is None or known[0] != etag:
                moment = time.time()
                known = (etag, formatdate(moment, usegmt=True), moment)
                self._pages[target] = known
        response.headers += [("ETag", known[0]), ("Last-Modified", known[1])]

    def not_modified(self, target: str, if_none_match: str | None, since: str | None) -> bool:
        """RFC 9110 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
        with self._lock:
            known = self._pages.get(target)
        if known is None:
            return False
        if if_none_match is not None:
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            return known[0] in tags or "*" in tags
        if since is None:
            return False
        try:
            return int(known[2]) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False


def _handler_class(
    site: Site, record: Callable[[str, int, dict[str, str] | None], None], validators: _Validators
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "Microsoft-IIS/8.5"  # what most of these portals announce
        sys_version = ""  # HTTP/1.0: no keep-alive, so a stopped portal really is gone

        def _answer(self, with_body: bool, form: dict[str, str] | None = None) -> None:
            try:
                host = self.headers.get("Host") or "localhost"
                page = site.stand_in(self.path) if callable(site.stand_in) else site.stand_in
                if page is not None:
                    response = Response.html(page)
                elif form is not None:
                    response = site.handle(Request(self.path, host, "POST", form))
                else:
                    response = site.handle(Request(self.path, host, self.command))
            except Exception as exc:  # a sandbox bug should show up as a 500, not a hang
                response = Response.text(f"sandbox error: {exc!r}")
                response.status = 500
            self._send(response, with_body, form)

        def _send(
            self, response: Response, with_body: bool, form: dict[str, str] | None = None
        ) -> None:
            if response.status == 200 and form is None:  # a POST's answer is never a 304
                validators.stamp(self.path, response)
                if validators.not_modified(
                    self.path,
                    self.headers.get("If-None-Match"),
                    self.headers.get("If-Modified-Since"),
                ):
                    keep = ("etag", "last-modified")
                    headers = [(k, v) for k, v in response.headers if k.lower() in keep]
                    response = Response(304, b"", headers, response.delay)
            record(self.path, response.status, form)
            if response.delay:
                time.sleep(response.delay)
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if with_body:
                self.wfile.write(response.body)

        def do_GET(self) -> None:
            self._answer(with_body=True)

        def do_HEAD(self) -> None:
            self._answer(with_body=False)

        def do_POST(self) -> None:
            """A form post (an ASP.NET ``__doPostBack``): the urlencoded body, at most
            MAX_FORM_BYTES, reaches the site as ``request.form``; any other body, none."""
            raw = self.headers.get("Content-Length")
            if raw is None or not raw.strip().isdigit():
                self._refuse(411, "Length Required")
                return
            length = int(raw)
            if length > MAX_FORM_BYTES:
                self._refuse(413, "Content Too Large", drain=length)
                return
            body = self.rfile.read(length)
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            form: dict[str, str] = {}
            if ctype == "application/x-www-form-urlencoded":
                fields = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
                for name, value in fields:
                    form.setdefault(name, value)
            self._answer(with_body=True, form=form)

        def _refuse(self, status: int, reason: str, drain: int = 0) -> None:
            """Answer ``status`` without handing the body to the site; a body not much
            larger than the cap is read and dropped so the client sees the answer."""
            self.close_connection = True
            if drain <= 8 * MAX_FORM_BYTES:
                while drain > 0:
                    chunk = self.rfile.read(min(drain, 65536))
                    if not chunk:
                        break
                    drain -= len(chunk)
            response = Response.text(f"{status} {reason}\n")
            response.status = status
            self._send(response, with_body=True, form={})

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class RunningPortal:
    """A portal bound to ``host:port``; it can be stopped and restarted on the same origin."""

    def __init__(self, site: Site, host: str, port: int) -> None:
        self.site = site
        self.host = host
        self._lock = threading.Lock()
        self._requests: list[str] = []
        self._statuses: list[int] = []
        self._posts: list[tuple[str, dict[str, str]]] = []
        self._validators = _Validators()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = port
        self.start()

    @property
    def id(self) -> str:
        return self.site.id

    @property
    def agency(self) -> str:
        return self.site.agency

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def requests(self) -> list[str]:
        """Every path+query requested so far (a copy, safe to read while serving)."""
        with self._lock:
            return list(self._requests)

    @property
    def not_modified(self) -> list[str]:
        """The requests answered 304 Not Modified (a conditional GET of an unchanged page)."""
        with self._lock:
            return [t for t, s in zip(self._requests, self._statuses, strict=True) if s == 304]

    @property
    def posts(self) -> list[tuple[str, dict[str, str]]]:
        """The POST requests among them: path+query and the form fields sent."""
        with self._lock:
            return [(t, dict(f)) for t, f in self._posts]

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()
            self._statuses.clear()
            self._posts.clear()

    def _record(self, target: str, status: int, form: dict[str, str] | None = None) -> None:
        with self._lock:
            self._requests.append(target)
            self._statuses.append(status)
            if form is not None:
                self._posts.append((target, form))

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        if self._server is not None:
            return
        handler = _handler_class(self.site, self._record, self._validators)
        server = _Server((self.host, self.port), handler)
        self.port = server.server_address[1]  # an ephemeral port is kept across restarts
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sandbox-{self.id}",
            daemon=True,
        )
        thread.start()
        self._server, self._thread = server, thread

    def stop(self) -> None:
        """After this, connections to the origin are refused."""
        server, thread = self._server, self._thread
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def hide(self, path: str) -> None:
        """Retire a service: its page answers 404 and listings, sitemaps and feeds drop it."""
        known = {g.path for g in self.site.ground_truth()}
        if path not in known:
            raise KeyError(f"{path!r} is not a service of {self.id}")
        self.site.hidden.add(path)

    def unhide(self, path: str) -> None:
        self.site.hidden.discard(path)

    def answer_everything_with(self, page: str | None) -> None:
        """Answer every URL (robots.txt too) 200 with ``page``, as a portal under
        maintenance, behind a login wall or parked does; None: answer normally again."""
        self.site.stand_in = page

    def answer_some_with(self, page_for: Callable[[str], str | None] | None) -> None:
        """Answer 200 with ``page_for(path)`` where it gives a page (a soft 404 on the
        service pages only, say), normally elsewhere; None: answer normally again."""
        self.site.stand_in = page_for

    def __repr__(self) -> str:
        return f"<RunningPortal {self.id} {self.origin}>"


class Province:
    """All portals of the sandbox province; stop it (or use ``with``) to free the ports."""

    def __init__(self, portals: dict[str, RunningPortal]) -> None:
        self.portals = portals

    def stop(self) -> None:
        for portal in self.portals.values():
            portal.stop()

    def stop_portal(self, portal_id: str) -> None:
        self.portals[portal_id].stop()

    def start_portal(self, portal_id: str) -> None:
        self.portals[portal_id].start()

    def registrations(self) -> list[Registration]:
        from sandbox.registry import registration

        return [registration(p.id, p.origin) for p in self.portals.values()]

    def __enter__(self) -> Province:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
