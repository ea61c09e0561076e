"""Scoring a crawl of an unseen portal against its ground truth.

A service counts as found only when an indexed deep link is one of its URLs
(the main path or an alias) *and* the indexed title is its title after
normalisation: a search gateway with the right page under the wrong name
has not found the service. A second document for an already found service
is a duplicate and counts against precision. A service whose ground truth
names a sibling origin (``UnseenTruth.origin``) is looked up there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from indexer.backends import open_backend
from indexer.documents import canonical_url
from indexer.normalize import normalize
from sandbox.unseen.base import UnseenTruth


@dataclass
class Score:
    expected: int
    indexed: int
    found: int
    missed: list[str] = field(default_factory=list)  # titles not found
    wrong: list[str] = field(default_factory=list)  # indexed URLs that are not a (new) service
    duplicates: list[str] = field(default_factory=list)  # indexed URLs of a service found before
    misnamed: list[tuple[str, str]] = field(default_factory=list)  # (URL, title) of a service

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.indexed if self.indexed else 1.0


def score(
    origin: str,
    truth: Iterable[UnseenTruth],
    docs: Iterable[tuple[str, str]],
    siblings: Mapping[str, str] | None = None,
) -> Score:
    """``docs``: (deep link, title) of every indexed service of the portal; ``siblings``:
    the origins, by name, that some of its services are on (``UnseenProvince.origins``)."""
    by_url: dict[str, UnseenTruth] = {}
    truths = list(truth)
    origins = {"": origin, **(siblings or {})}
    for entry in truths:
        for path in (entry.path, *entry.aliases):
            by_url[canonical_url(origins[entry.origin].rstrip("/") + path)] = entry
    listed = list(docs)
    found: set[str] = set()
    wrong: list[str] = []
    duplicates: list[str] = []
    misnamed: list[tuple[str, str]] = []
    for url, title in listed:
        match = by_url.get(canonical_url(url))
        if match is None or match.path in found or normalize(title) != normalize(match.title):
            wrong.append(url)
            if match is not None and match.path in found:
                duplicates.append(url)
            elif match is not None:
                misnamed.append((url, title))
            continue
        found.add(match.path)
    missed = [t.title for t in truths if t.path not in found]
    return Score(len(truths), len(listed), len(found), missed, wrong, duplicates, misnamed)


def indexed(tmp: Path, portal_id: str) -> list[tuple[str, str]]:
    """(deep link, title) of every service a crawl into ``tmp`` indexed for the portal."""
    backend = open_backend(tmp / "index", readonly=True)
    try:
        docs = [backend.get(i) for i in backend.portal_hashes(portal_id)]
    finally:
        backend.close()
    return [(d.url, d.title) for d in docs if d is not None]
