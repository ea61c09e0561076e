"""The search service: the one place where a request becomes a backend query.

Both the JSON API and the server-rendered UI call :func:`search` and
:func:`suggest`, so cleaning, limits, suggestions and the shape of results
cannot drift apart.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gateway_api.schemas import (
    Facet,
    Facets,
    SearchResponse,
    SearchResult,
    Service,
    Suggestion,
)
from gateway_api.text import clean_query
from indexer.backend import (
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    Hit,
    SearchBackend,
    SearchPage,
    SearchQuery,
)
from indexer.normalize import normalize
from indexer.snippets import snippet_html
from indexer.topics import default_taxonomy
from registry.portals import Registry
from registry.search_rules import RuleKind, phrase_key

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_FILTER_CHARS",
    "MAX_PAGE",
    "MAX_PAGE_SIZE",
    "MAX_QUERY_CHARS",
    "MAX_SUGGESTIONS",
    "MAX_SUGGEST_CHARS",
    "SearchParams",
    "SuggestParams",
    "browse_topics",
    "get_service",
    "list_agencies",
    "search",
    "suggest",
]

DEFAULT_PAGE_SIZE = 10
MAX_PAGE = 500  # nobody reads page 501; deeper offsets only cost the index
MAX_FILTER_CHARS = 200
MAX_ID_CHARS = 64
MAX_SUGGEST_CHARS = 100  # nobody types a title longer than this before choosing
MAX_SUGGESTIONS = 20
DEFAULT_SUGGESTIONS = 8
Reason = Literal["spelling", "keyboard", "finglish"]
_REASONS: dict[str, Reason] = {
    "spelling": "spelling",
    "keyboard": "keyboard",
    "finglish": "finglish",
}


class SearchParams(BaseModel):
    """Query-string parameters of a search (``GET /api/search`` and the UI's ``/``)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    q: str = Field(
        default="",
        max_length=MAX_QUERY_CHARS,
        description="Search text in Persian, e.g. «پروانه ساختمان»",
    )
    agency: str | None = Field(
        default=None, max_length=MAX_FILTER_CHARS, description="Only this agency (portal id)"
    )
    category: str | None = Field(
        default=None, max_length=MAX_FILTER_CHARS, description="Only this service category"
    )
    topic: str | None = Field(
        default=None,
        max_length=MAX_FILTER_CHARS,
        description="Only this province-wide service domain (id from `facets.topic`)",
    )
    page: int = Field(default=1, ge=1, le=MAX_PAGE, description="1-based page number")
    size: int = Field(
        default=DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page"
    )
    exact: bool = Field(
        default=False,
        description=(
            "Search exactly what was typed: a spelling, keyboard-layout or Finglish "
            "correction never replaces its results (the «search instead for …» link)"
        ),
    )

    @field_validator("agency", "category", "topic", mode="after")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        """An empty <select> or a cleared link sends ``agency=``: that means no filter."""
        if value is None:
            return None
        value = clean_query(value)
        return value or None

    @property
    def text(self) -> str:
        return clean_query(self.q)

    @property
    def is_empty(self) -> bool:
        """Nothing asked yet: the UI shows its landing page instead of results."""
        return (
            not self.text and self.agency is None and self.category is None and self.topic is None
        )


class SuggestParams(BaseModel):
    """Query-string parameters of ``GET /api/suggest`` (autocomplete while typing)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    q: str = Field(
        default="",
        max_length=MAX_SUGGEST_CHARS,
        description="What has been typed so far, e.g. «گواهینا»; any spelling of ی/ک works",
    )
    limit: int = Field(
        default=DEFAULT_SUGGESTIONS,
        ge=1,
        le=MAX_SUGGESTIONS,
        description="At most this many completions",
    )


def _query(params: SearchParams) -> SearchQuery:
    return SearchQuery(
        text=params.text,
        agency=params.agency,
        category=params.category,
        topic=params.topic,
        page=params.page,
        size=params.size,
        rewrite=not params.exact,
    )


def search(
    backend: SearchBackend, params: SearchParams, registry: Registry | None = None
) -> SearchResponse:
    """One search, with at most one «منظورتان … بود؟» suggestion.

    The backend decides (the same on every backend): a better-spelled query, or
    a Latin-letter query retyped on the Persian keyboard or read as Finglish.
    When the query found nothing and the correction found services, the
    results are the correction's and ``corrected`` says so; ``match`` says
    whether the best results contain every word of the query. With
    ``registry``, results whose deep link the link checker found broken are
    flagged.
    """
    rules = registry.cached_search_rules() if registry is not None and params.text else []
    key = phrase_key(params.text) if rules else ""
    words = set(key.split())
    synonyms = tuple(
        (r.shown, r.target)
        for r in rules
        if r.kind is RuleKind.SYNONYM and set(r.phrase.split()) <= words
    )
    page = backend.search(replace(_query(params), synonyms=synonyms))
    bets = [r.target for r in rules if r.kind is RuleKind.BEST_BET and r.phrase == key]
    if bets and params.page == 1:
        page = _with_best_bets(backend, params, page, bets)
    ids = [hit.document.id for hit in page.hits]
    broken = registry.broken_links(ids) if registry is not None and ids else {}
    suggestion: str | None = None
    reason: Reason | None = None
    corrected = False
    if page.suggestion and clean_query(page.suggestion) != params.text:
        suggestion = clean_query(page.suggestion)
        reason = _REASONS.get(page.suggestion_reason or "", "spelling")
        corrected = page.corrected
    match: Literal["complete", "partial", "none"] = (
        "none" if not page.total else "partial" if page.partial else "complete"
    )
    return SearchResponse(
        query=params.text,
        agency=params.agency,
        category=params.category,
        topic=params.topic,
        total=page.total,
        page=params.page,
        size=params.size,
        pages=math.ceil(page.total / params.size),
        results=[SearchResult.of(hit, broken=hit.document.id in broken) for hit in page.hits],
        facets=Facets(
            agency=[Facet.of(f) for f in page.facets.get("agency", [])],
            category=[Facet.of(f) for f in page.facets.get("category", [])],
            topic=[Facet.of_topic(f) for f in page.facets.get("topic", [])],
        ),
        suggestion=suggestion,
        suggestion_reason=reason,
        corrected=corrected,
        match=match,
    )


def _with_best_bets(
    backend: SearchBackend, params: SearchParams, page: SearchPage, bets: list[str]
) -> SearchPage:
    """The registrar's chosen services first (within the filters asked), then the rest."""
    chosen = []
    for doc_id in dict.fromkeys(bets):
        doc = backend.get(doc_id)
        if doc is None or (params.agency and doc.portal_id != params.agency):
            continue
        if params.category and normalize(doc.category) != normalize(params.category):
            continue
        chosen.append(Hit(doc, 0.0, snippet_html(doc.description or doc.title, ())))
    if not chosen:
        return page
    pinned = {hit.document.id for hit in chosen}
    found = {hit.document.id for hit in page.hits}
    rest = [hit for hit in page.hits if hit.document.id not in pinned]
    hits = (chosen + rest)[: params.size]
    # The chosen services answer the query as the registrar decided: a complete answer.
    return replace(
        page, hits=hits, total=page.total + len(pinned - found), partial=False, corrected=False
    )


def suggest(backend: SearchBackend, params: SuggestParams) -> list[Suggestion]:
    """Service titles completing what has been typed; nothing typed, nothing offered.

    Runs on every keystroke (debounced), so it asks the backend only for
    completions: no facets, no snippets, no counts.
    """
    prefix = clean_query(params.q)
    if not prefix:
        return []
    return [Suggestion.of(c) for c in backend.complete(prefix, limit=params.limit)]


def get_service(
    backend: SearchBackend, doc_id: str, registry: Registry | None = None
) -> Service | None:
    """A service by id; with ``registry``, also its latest link check (broken or not)."""
    if not doc_id or len(doc_id) > MAX_ID_CHARS:
        return None
    doc = backend.get(doc_id)
    if doc is None:
        return None
    if registry is None:
        return Service.of(doc)
    # a registrar's correction shows at once, before the next indexing files it
    corrected = registry.topic_override(doc.id)
    if corrected is not None:
        doc = replace(doc, topic=corrected)
    return Service.of(doc, registry.link_check(doc.id))


def browse_topics(backend: SearchBackend) -> list[Facet]:
    """Every province-wide domain that holds services, in the taxonomy's order, with counts."""
    everything = backend.search(SearchQuery(text="", size=1)).facets.get("topic", [])
    counts = {facet.value: facet.count for facet in everything}
    return [
        Facet(value=topic.id, label=topic.label, count=counts[topic.id])
        for topic in default_taxonomy().topics
        if counts.get(topic.id)
    ]


def list_agencies(backend: SearchBackend, registry: Registry) -> list[Facet]:
    """Registered, enabled agencies with how many of their services are indexed.

    Read from the registry (not only the index's facets) so an agency whose
    portal has not been crawled yet is still listed, with a count of zero.
    """
    everything = backend.search(SearchQuery(text="", size=1)).facets.get("agency", [])
    counts = {facet.value: facet.count for facet in everything}
    agencies = [
        Facet(value=portal.id, label=portal.agency, count=counts.get(portal.id, 0))
        for portal in registry.list_portals()
        if portal.enabled
    ]
    return sorted(agencies, key=lambda f: (-f.count, f.label))
