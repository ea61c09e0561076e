"""The search backend interface: the embedded index and Elasticsearch both implement it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from indexer.documents import ServiceDocument

MAX_PAGE_SIZE = 50
MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class SearchQuery:
    text: str
    agency: str | None = None  # portal id
    category: str | None = None
    topic: str | None = None  # province-wide domain id (indexer/topics.py)
    page: int = 1  # 1-based
    size: int = 10
    # False: search exactly what was typed (the «search instead for …» link): no spelling
    # correction, keyboard-layout or Finglish rewriting replaces its results.
    rewrite: bool = True
    # The registrar's synonyms (phrase, alternative), applied on top of the shipped list.
    synonyms: tuple[tuple[str, str], ...] = ()
    # Share of the query's weight a partial match must carry; None is the engine's rule
    # (indexer.ranking.MIN_COVERAGE). The search for related services asks for less.
    min_coverage: float | None = None
    # False: the snippets mark no word. The search for related services searches the first
    # result's title, and what a citizen sees marked must be what they typed.
    marked: bool = True


@dataclass(frozen=True)
class FacetValue:
    value: str  # portal id for agencies, the category name for categories
    label: str  # what a person reads (agency name, category name)
    count: int


@dataclass(frozen=True)
class Hit:
    document: ServiceDocument
    score: float
    snippet_html: str  # escaped text with matched words in <mark>…</mark>; safe to render
    # Not a match of the query: a service like the first result, filling the rest of a first
    # page that too few services matched (indexer/related.py). Always after every match.
    related: bool = False


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)  # agency, category, topic
    suggestion: str | None = None  # «منظورتان … بود؟»: a better-spelled query, when one exists
    # The query found nothing, so ``hits`` (and ``total``, ``facets``) belong to ``suggestion``:
    # a page must say «results for the suggestion», not claim them for what was typed.
    corrected: bool = False
    # The best hits match only part of the query's words (no service matched them all):
    # a page must say «no result has every word; related services:».
    partial: bool = False
    # Why ``suggestion``: "spelling" (the index's words), "keyboard" (typed with the
    # keyboard on English) or "finglish" (Persian written in Latin letters).
    suggestion_reason: str | None = None


@dataclass(frozen=True)
class Completion:
    """An autocomplete entry: a service title that completes what the citizen typed."""

    id: str
    title: str
    agency: str


class BackendUnavailableError(RuntimeError):
    """The search backend cannot be reached (a cluster down, refusing us): nothing was read
    or written. Callers say so to people (a failed crawl report, a 503) instead of crashing."""


class IndexingError(RuntimeError):
    """Some documents of a write were refused; the others were stored.

    ``failures`` maps each refused service id to the reason, so a crawl report
    can name them instead of counting the whole batch as lost.
    """

    def __init__(self, failures: dict[str, str], attempted: int) -> None:
        self.failures = failures
        self.attempted = attempted
        sample = "; ".join(f"{i}: {r}" for i, r in list(failures.items())[:3])
        more = f" (+{len(failures) - 3} more)" if len(failures) > 3 else ""
        super().__init__(f"{len(failures)} of {attempted} services not indexed — {sample}{more}")


class SearchBackend(Protocol):
    def upsert(self, docs: Sequence[ServiceDocument]) -> None:
        """Insert or replace by id; durable (committed) when it returns."""

    def delete(self, ids: Sequence[str]) -> None: ...

    def get(self, doc_id: str) -> ServiceDocument | None: ...

    def portal_hashes(self, portal_id: str) -> dict[str, str]:
        """id -> content hash of every indexed service of a portal."""

    def documents(self, portal_ids: Sequence[str]) -> Iterator[ServiceDocument]:
        """Every indexed service of these portals, in one pass (not a ``get`` per id)."""

    def search(self, query: SearchQuery) -> SearchPage: ...

    def complete(self, prefix: str, limit: int = 8) -> list[Completion]:
        """Service titles completing ``prefix`` (normalised, so any spelling completes)."""

    def count(self) -> int: ...

    def close(self) -> None: ...
