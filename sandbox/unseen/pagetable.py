"""How the seventh round's portals are served: each from a table of its pages by exact path and
query, as the held-out helper served them (a page not in the table, and not answered by
:meth:`TableSite.dynamic`, is a 404)."""

from __future__ import annotations

import threading
from abc import abstractmethod

from sandbox.site import Request, Response
from sandbox.unseen.base import UnseenSite
from sandbox.unseen.catalogue_round7 import Service


class TableSite(UnseenSite):
    """A portal whose pages are built once per origin (portals that print absolute URLs need
    it) and set of hidden services, then looked up by the request's path and query."""

    def __init__(self, services: list[Service]) -> None:
        super().__init__(services)
        self.services = services
        self._tables: dict[tuple[str, frozenset[str]], dict[str, Response]] = {}
        self._lock = threading.Lock()

    def shown(self) -> list[Service]:
        """The services not hidden, in the listing's order."""
        return [s for s in self.services if self.service_path(s) not in self.hidden]

    @abstractmethod
    def pages(self, origin: str) -> dict[str, Response]:
        """Every page by its path and query, exactly as a client asks for it."""

    def dynamic(self, r: Request, pages: dict[str, Response]) -> Response | None:
        """A page for an address the table cannot list (a search query); None: a 404."""
        return None

    def handle(self, r: Request) -> Response:
        key = (r.origin, frozenset(self.hidden))
        with self._lock:
            table = self._tables.get(key)
            if table is None:
                table = self._tables[key] = self.pages(r.origin)
        page = table.get(r.target) or self.dynamic(r, table)
        if page is None:
            return Response.not_found()
        # a copy: the server adds its validators to the headers of what it sends
        return Response(page.status, page.body, list(page.headers))
