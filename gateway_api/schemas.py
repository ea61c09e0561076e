"""Response models: what the JSON API promises (and what /docs shows)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from indexer.backend import FacetValue, Hit
from indexer.documents import ServiceDocument


def go_url(doc_id: str) -> str:
    """Every outbound link goes through /go so the redirect check can't be bypassed."""
    return f"/go/{doc_id}"


class Facet(BaseModel):
    value: str = Field(description="Filter value to pass back (portal id or category)")
    label: str = Field(description="What a person reads (agency name or category)")
    count: int

    @classmethod
    def of(cls, facet: FacetValue) -> Facet:
        return cls(value=facet.value, label=facet.label, count=facet.count)


class Facets(BaseModel):
    agency: list[Facet] = Field(default_factory=list)
    category: list[Facet] = Field(default_factory=list)


class SearchResult(BaseModel):
    id: str
    title: str
    agency: str = Field(description="Agency name in Persian")
    agency_id: str = Field(description="Portal id of the agency")
    category: str
    snippet: str = Field(description="HTML: escaped text, matched words wrapped in <mark>")
    url: str = Field(description="The service page on the agency portal (deep link)")
    go_url: str = Field(description="Gateway link that redirects to `url` after checking it")
    domain: str = Field(description="Host of the deep link")
    crawled_at: datetime = Field(description="When the gateway last read the service page")

    @classmethod
    def of(cls, hit: Hit) -> SearchResult:
        doc = hit.document
        return cls(
            id=doc.id,
            title=doc.title,
            agency=doc.agency,
            agency_id=doc.portal_id,
            category=doc.category,
            snippet=hit.snippet_html,
            url=doc.url,
            go_url=go_url(doc.id),
            domain=doc.domain,
            crawled_at=doc.crawled_at,
        )


class SearchResponse(BaseModel):
    query: str = Field(description="The query as searched (control characters removed)")
    agency: str | None = None
    category: str | None = None
    total: int
    page: int
    size: int
    pages: int = Field(description="Number of result pages")
    results: list[SearchResult]
    facets: Facets


class Service(BaseModel):
    id: str
    title: str
    agency: str
    agency_id: str
    category: str
    description: str
    fields: dict[str, str] = Field(description="Extra details: documents, fee, duration, ...")
    keywords: list[str]
    url: str
    go_url: str
    domain: str
    crawled_at: datetime

    @classmethod
    def of(cls, doc: ServiceDocument) -> Service:
        return cls(
            id=doc.id,
            title=doc.title,
            agency=doc.agency,
            agency_id=doc.portal_id,
            category=doc.category,
            description=doc.description,
            fields=dict(doc.fields),
            keywords=list(doc.keywords),
            url=doc.url,
            go_url=go_url(doc.id),
            domain=doc.domain,
            crawled_at=doc.crawled_at,
        )


class ParamProblem(BaseModel):
    parameter: str
    message: str = Field(description="Persian and English, for people")
    message_fa: str
    message_en: str
    type: str = Field(description="Machine-readable error type (pydantic's)")


class ValidationProblem(BaseModel):
    detail: list[ParamProblem]


class Message(BaseModel):
    detail: str
