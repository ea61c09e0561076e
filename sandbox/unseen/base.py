"""What the unseen portals share: ground truth with aliases, and small rendering helpers."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

from sandbox.catalogue import ServiceSpec
from sandbox.site import Response, Site


@dataclass(frozen=True)
class UnseenTruth:
    """A service a perfect crawler indexes once: its deep link, title, category and the other
    URLs the portal serves the same page under (any one of them is a correct deep link).

    ``origin`` is empty when the paths are on the portal's own origin; otherwise it names the
    sibling origin they are on (``"requests"``: the agency's request system, which the portal
    links to and which gets its address only when it starts)."""

    path: str
    title: str
    category: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    origin: str = ""


class UnseenSite(Site):
    """A portal of the unseen province; ``aliases`` names the other URLs of one service page."""

    def aliases(self, spec: ServiceSpec) -> tuple[str, ...]:
        return ()

    def truth(self) -> list[UnseenTruth]:
        return [
            UnseenTruth(self.service_path(s), s.title, s.category, self.aliases(s))
            for s in self.specs
        ]


def raw(body: bytes | str, ctype: str) -> Response:
    """A body sent as it is under ``ctype`` (a feed, a script, a PDF, robots.txt)."""
    data = body.encode() if isinstance(body, str) else body
    return Response(body=data, headers=[("Content-Type", ctype)])


def slug(title: str) -> str:
    """A WordPress/Joomla-style Persian slug, percent-encoded as it travels in URLs."""
    return quote(title.replace("\u200c", "-").replace(" ", "-").replace("،", ""), safe="-")


def e(text: str) -> str:
    return escape(text)


def ul(items: tuple[str, ...] | list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def gzipped(xml: str) -> Response:
    return Response(
        body=gzip.compress(xml.encode("utf-8"), mtime=0),
        headers=[("Content-Type", "application/x-gzip")],
    )


def urlset(origin: str, paths: list[str]) -> str:
    urls = "".join(f"<url><loc>{escape(origin + p)}</loc></url>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


def sitemapindex(origin: str, paths: list[str]) -> str:
    maps = "".join(f"<sitemap><loc>{escape(origin + p)}</loc></sitemap>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'
    )
