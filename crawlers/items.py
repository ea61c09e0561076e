"""What a strategy hands to the item pipeline: one service as found on a page."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ServiceItem:
    """Raw, untrusted values straight from the portal (may still hold markup)."""

    url: str
    title: str
    description: str = ""
    category: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    # The deep link's own page answered in this crawl (False when a feed or a listing only
    # names it): only then does finding the service prove that its link works.
    fetched: bool = True
    # The page it was read from ends before ``</body>`` (crawlers.pagecheck.cut_short): a
    # page that died half-way, whose missing half may have held the rest of the service.
    truncated: bool = False
    # URLs that answered this crawl with a permanent redirect (301, 308) to this page, the
    # first asked first (crawlers.dedupe): the service's old addresses, if it had any
    moved_from: list[str] = field(default_factory=list)
