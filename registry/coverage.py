"""Coverage: which of an agency's declared services the gateway actually found.

Declared services are matched to crawled ones in order of certainty: by the
gateway's service id, then by URL (canonical form), then by title — first
titles that are the same after Persian folding (ي/ی, ك/ک, half-space, spacing,
digits), then the most similar remaining titles above :data:`SIMILAR` with the
same numbers in them. Each
match says why it was made, so an agency can see (and dispute) it.

Lives in ``registry`` because it needs only the registry and the search backend;
the API, the CLI and the dashboards all call :func:`coverage_report`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from indexer.documents import ServiceDocument, canonical_url
from indexer.normalize import analyze_groups
from registry.records import Agency, Catalogue, CoveragePoint, DeclaredService, LinkCheck
from registry.reports import CrawlReport

if TYPE_CHECKING:
    from indexer.backend import SearchBackend
    from registry.portals import Registry

_DIGITS = re.compile(r"[0-9۰-۹]+")
SIMILAR = 0.85  # SequenceMatcher ratio of folded titles that still counts as the same service


class MatchReason(StrEnum):
    SERVICE_ID = "service_id"  # the declared id is the gateway's id of a crawled service
    URL = "url"  # same page (canonical URL)
    TITLE = "title"  # same title after Persian folding
    SIMILAR_TITLE = "similar_title"  # titles differ slightly (score says how much)


@dataclass(frozen=True)
class Match:
    declared: DeclaredService
    service: ServiceDocument
    reason: MatchReason
    score: float = 1.0  # 1.0 except for similar titles

    def to_dict(self) -> dict[str, Any]:
        return {
            "declared": _declared(self.declared),
            "service": _service(self.service),
            "reason": self.reason.value,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True)
class CoverageReport:
    agency: Agency
    catalogue: Catalogue | None
    matches: list[Match]
    missing: list[DeclaredService]  # declared, not found by the gateway
    undeclared: list[ServiceDocument]  # found by the gateway, not declared
    broken: list[LinkCheck]  # deep links the link checker found broken
    runs: list[CrawlReport]  # the latest crawls of each portal, newest first
    history: list[CoveragePoint] = field(default_factory=list)  # oldest first

    @property
    def declared(self) -> int:
        return len(self.matches) + len(self.missing)

    @property
    def percent(self) -> float | None:
        """Share of declared services found (None when nothing is declared)."""
        if not self.declared:
            return None
        return round(100 * len(self.matches) / self.declared, 1)

    def to_dict(self) -> dict[str, Any]:
        cat = self.catalogue
        return {
            "agency": {"id": self.agency.id, "name": self.agency.name},
            "portals": list(self.agency.portal_ids),
            "catalogue": None
            if cat is None
            else {
                "version": cat.version,
                "uploaded_at": cat.uploaded_at.isoformat(),
                "uploaded_by": cat.uploaded_by,
                "services": len(cat.services),
            },
            "declared": self.declared,
            "matched": len(self.matches),
            "percent": self.percent,
            "matches": [m.to_dict() for m in self.matches],
            "missing": [_declared(d) for d in self.missing],
            "undeclared": [_service(s) for s in self.undeclared],
            "broken": [
                {
                    "service_id": c.service_id,
                    "url": c.url,
                    "status": c.status,
                    "final_url": c.final_url,
                    "error": c.error,
                    "checked_at": c.checked_at.isoformat(),
                }
                for c in self.broken
            ],
            "runs": [r.to_dict() for r in self.runs],
            "history": [
                {
                    "at": p.at.isoformat(),
                    "catalogue_version": p.catalogue_version,
                    "declared": p.declared,
                    "matched": p.matched,
                    "percent": p.percent,
                }
                for p in self.history
            ],
        }


def title_key(title: str) -> str:
    """A title folded so that spelling variants meet: word keys run together."""
    return "".join(group.key for group in analyze_groups(title))


def match_services(
    declared: Sequence[DeclaredService], crawled: Sequence[ServiceDocument]
) -> tuple[list[Match], list[DeclaredService], list[ServiceDocument]]:
    """(matches, declared but missing, crawled but undeclared); each side matched once."""
    free = {doc.id: doc for doc in crawled}
    waiting = list(declared)
    matches: list[Match] = []

    def take(reason: MatchReason, find: Any) -> None:
        nonlocal waiting
        rest = []
        for item in waiting:
            doc = find(item)
            if doc is not None and doc.id in free:
                del free[doc.id]
                matches.append(Match(item, doc, reason))
            else:
                rest.append(item)
        waiting = rest

    take(MatchReason.SERVICE_ID, lambda d: free.get(d.service_id) if d.service_id else None)
    by_url = {canonical_url(doc.url): doc for doc in crawled}
    take(MatchReason.URL, lambda d: by_url.get(d.url) if d.url else None)
    keys = {doc.id: title_key(doc.title) for doc in crawled}
    declared_keys = {d.line: title_key(d.title) for d in waiting}

    def same_title(d: DeclaredService) -> ServiceDocument | None:
        key = declared_keys[d.line]
        return next((doc for doc in free.values() if keys[doc.id] == key), None)

    take(MatchReason.TITLE, same_title)
    # Similar titles: best pairs first, so one near-miss cannot steal another's better match.
    pairs = []
    near = _NearTitles({doc.id: keys[doc.id] for doc in free.values()})
    for d in waiting:
        key = declared_keys[d.line]
        numbers = _numbers(key)
        for doc_id in near.candidates(key):
            other = keys[doc_id]
            if numbers != _numbers(other):
                continue  # «پایه ۲» and «پایه ۳» are different services, however alike
            matcher = SequenceMatcher(None, key, other, autojunk=False)
            if matcher.quick_ratio() < SIMILAR:
                continue
            score = matcher.ratio()
            if score >= SIMILAR:
                pairs.append((score, d.line, d, free[doc_id]))
    matched_lines: set[int] = set()
    for score, line, d, doc in sorted(pairs, key=lambda p: (-p[0], p[1])):
        if line in matched_lines or doc.id not in free:
            continue
        del free[doc.id]
        matched_lines.add(line)
        matches.append(Match(d, doc, MatchReason.SIMILAR_TITLE, score))
    missing = [d for d in waiting if d.line not in matched_lines]
    matches.sort(key=lambda m: m.declared.line)
    undeclared = sorted(free.values(), key=lambda doc: (doc.portal_id, doc.title))
    return matches, missing, undeclared


class _NearTitles:
    """The crawled titles that may be :data:`SIMILAR` to a declared one, found without
    comparing it to every title.

    An agency's catalogue may declare 5000 services of 300 characters; compared with every
    crawled title by :class:`SequenceMatcher` (quadratic in the title's length) that took
    minutes on every view of the agency's page and the registrar's overview. Two conditions
    every similar pair meets rule out most pairs first, so the result is the same:

    * lengths: a ratio of 2·min/(sum) or more needs the shorter title to be long enough;
    * shared trigrams (the q-gram lemma): titles with ``ratio`` r differ by at most
      (1 − r)·(sum of lengths) insertions and deletions, each of which breaks at most three
      trigrams, so they share at least ``max length − 2 − 3·that`` trigrams. Long titles
      that share fewer are never compared; the count comes from an inverted index.
    """

    def __init__(self, keys: dict[str, str]) -> None:
        self.lengths = {doc_id: len(key) for doc_id, key in keys.items()}
        self.postings: dict[str, list[tuple[str, int]]] = {}
        for doc_id, key in keys.items():
            for gram, count in _trigrams(key).items():
                self.postings.setdefault(gram, []).append((doc_id, count))

    def candidates(self, key: str) -> list[str]:
        """Ids of the titles that pass both conditions, in no particular order."""
        n = len(key)
        fit = [doc_id for doc_id, m in self.lengths.items() if 2 * min(n, m) >= SIMILAR * (n + m)]
        if not fit:
            return []
        shared: dict[str, int] = dict.fromkeys(fit, 0)
        for gram, count in _trigrams(key).items():
            for doc_id, other in self.postings.get(gram, ()):
                if doc_id in shared:
                    shared[doc_id] += min(count, other)
        return [
            doc_id for doc_id in fit if shared[doc_id] >= _least_shared(n, self.lengths[doc_id])
        ]


def _trigrams(key: str) -> Counter[str]:
    return Counter(key[i : i + 3] for i in range(len(key) - 2))


def _least_shared(n: int, m: int) -> float:
    """Trigrams two titles of lengths n and m share at least when they are :data:`SIMILAR`."""
    return max(n, m) - 2 - 3 * (1 - SIMILAR) * (n + m)


def _numbers(key: str) -> list[str]:
    return _DIGITS.findall(key)


def coverage_report(
    registry: Registry,
    backend: SearchBackend,
    agency_id: str,
    *,
    declared: Sequence[DeclaredService] | None = None,
    runs_per_portal: int = 5,
) -> CoverageReport | None:
    """The agency's coverage now (None for an unknown agency).

    With the catalogue in force, the result is also added to the coverage
    history (once per catalogue version and crawl). ``declared`` checks another
    list instead (``dargah coverage --declared FILE``) without recording it.
    """
    agency = registry.agency(agency_id)
    if agency is None:
        return None
    catalogue = registry.catalogue(agency_id) if declared is None else None
    services = list(declared if declared is not None else catalogue.services if catalogue else ())
    matches, missing, undeclared = match_services(
        services, list(backend.documents(agency.portal_ids))
    )
    recent = [
        run
        for portal_id in agency.portal_ids
        for run in registry.runs(portal_id, limit=runs_per_portal)
    ]
    runs = sorted((report for _, report in recent), key=lambda r: r.started_at, reverse=True)
    broken = [c for pid in agency.portal_ids for c in registry.link_checks(pid, broken_only=True)]
    if catalogue is not None:
        last_run = max((run_id for run_id, _ in recent), default=0)
        registry.record_coverage_point(
            agency_id,
            catalogue_version=catalogue.version,
            last_run_id=last_run,
            declared=len(services),
            matched=len(matches),
        )
    history = registry.coverage_history(agency_id)
    return CoverageReport(agency, catalogue, matches, missing, undeclared, broken, runs, history)


def _declared(d: DeclaredService) -> dict[str, Any]:
    return {"line": d.line, "title": d.title, "service_id": d.service_id, "url": d.url}


def _service(s: ServiceDocument) -> dict[str, Any]:
    return {"id": s.id, "portal_id": s.portal_id, "title": s.title, "url": s.url}
