"""The service document: one government service as the gateway knows it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url


def canonical_url(url: str) -> str:
    """The URL a service is identified by: sorted query, no fragment, lower-case host.

    Used both for the stable service id and as the deep link, so that the
    same page reached through two spellings of its URL is one service.
    """
    canon = canonicalize_url(url, keep_fragments=False)
    parts = urlsplit(canon)
    path = parts.path or "/"
    query = parts.query
    raw = urlsplit(url).query
    if any(piece and "=" not in piece for piece in raw.split("&")):
        # a route in the query («?news/2411/279113/عنوان», Rayan's portals): sorted and
        # re-encoded it would be «news%2F2411…=», a page the portal does not have
        query = raw
    return urlunsplit((parts.scheme, (parts.netloc or "").lower(), path, query, ""))


def service_id(url: str) -> str:
    """Stable id from the canonical URL: re-crawls update rather than duplicate."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ServiceDocument:
    """Display text is kept as published (after Persian normalisation), never HTML."""

    id: str
    portal_id: str
    agency: str
    url: str
    title: str
    description: str = ""
    category: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    crawled_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Province-wide service domain (indexer/data/topics.yaml), assigned at indexing;
    # empty in documents indexed before the taxonomy (readers classify those themselves).
    topic: str = ""

    @property
    def content_hash(self) -> str:
        """Hash of what a citizen sees: tells an updated service from an unchanged one."""
        payload = {k: v for k, v in asdict(self).items() if k not in ("crawled_at",)}
        blob = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        return hashlib.sha1(blob.encode("utf-8")).hexdigest()

    @property
    def domain(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``crawled_at`` as ISO 8601): how indexes and the API store it."""
        data = asdict(self)
        data["crawled_at"] = self.crawled_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServiceDocument:
        """Inverse of :meth:`to_dict`; unknown keys are ignored so older indexes still load."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if isinstance(known.get("crawled_at"), str):
            known["crawled_at"] = datetime.fromisoformat(known["crawled_at"])
        return cls(**known)
