"""The search service: the one place where a request becomes a backend query.

Both the JSON API and the server-rendered UI call :func:`search`, so cleaning,
limits and the shape of results cannot drift apart.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gateway_api.schemas import Facet, Facets, SearchResponse, SearchResult, Service
from gateway_api.text import clean_query
from indexer.backend import MAX_PAGE_SIZE, MAX_QUERY_CHARS, SearchBackend, SearchQuery
from indexer.registry import Registry

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_FILTER_CHARS",
    "MAX_PAGE",
    "MAX_PAGE_SIZE",
    "MAX_QUERY_CHARS",
    "SearchParams",
    "get_service",
    "list_agencies",
    "search",
]

DEFAULT_PAGE_SIZE = 10
MAX_PAGE = 500  # nobody reads page 501; deeper offsets only cost the index
MAX_FILTER_CHARS = 200
MAX_ID_CHARS = 64


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
    page: int = Field(default=1, ge=1, le=MAX_PAGE, description="1-based page number")
    size: int = Field(
        default=DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page"
    )

    @field_validator("agency", "category", mode="after")
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
        return not self.text and self.agency is None and self.category is None


def search(backend: SearchBackend, params: SearchParams) -> SearchResponse:
    page = backend.search(
        SearchQuery(
            text=params.text,
            agency=params.agency,
            category=params.category,
            page=params.page,
            size=params.size,
        )
    )
    return SearchResponse(
        query=params.text,
        agency=params.agency,
        category=params.category,
        total=page.total,
        page=params.page,
        size=params.size,
        pages=math.ceil(page.total / params.size),
        results=[SearchResult.of(hit) for hit in page.hits],
        facets=Facets(
            agency=[Facet.of(f) for f in page.facets.get("agency", [])],
            category=[Facet.of(f) for f in page.facets.get("category", [])],
        ),
    )


def get_service(backend: SearchBackend, doc_id: str) -> Service | None:
    if not doc_id or len(doc_id) > MAX_ID_CHARS:
        return None
    doc = backend.get(doc_id)
    return Service.of(doc) if doc else None


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
