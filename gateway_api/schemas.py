"""Response models: what the JSON API promises (and what /docs shows)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from indexer.backend import Completion, FacetValue, Hit
from indexer.documents import ServiceDocument
from indexer.fields import default_vocabulary
from indexer.topics import default_taxonomy
from registry.records import LinkCheck


def page_url(doc_id: str) -> str:
    """The gateway's own page about a service (details, feedback, the button to the portal)."""
    return f"/services/{doc_id}"


def go_url(doc_id: str) -> str:
    """Every outbound link goes through /go so the redirect check can't be bypassed."""
    return f"/go/{doc_id}"


def _shared_fields(doc: ServiceDocument) -> dict[str, Any]:
    """What a search result and a service's own record both say about the document."""
    return {
        "id": doc.id,
        "title": doc.title,
        "agency": doc.agency,
        "agency_id": doc.portal_id,
        "category": doc.category,
        # documents indexed before the taxonomy have no topic: file them by the rules now
        "topic": (topic := doc.topic or default_taxonomy().classify(doc)),
        "topic_label": default_taxonomy().label(topic),
        "url": doc.url,
        "go_url": go_url(doc.id),
        "page_url": page_url(doc.id),
        "domain": doc.domain,
        "crawled_at": doc.crawled_at,
    }


class Facet(BaseModel):
    value: str = Field(description="Filter value to pass back (portal id or category)")
    label: str = Field(description="What a person reads (agency name or category)")
    count: int

    @classmethod
    def of(cls, facet: FacetValue) -> Facet:
        return cls(value=facet.value, label=facet.label, count=facet.count)

    @classmethod
    def of_topic(cls, facet: FacetValue) -> Facet:
        """A domain facet: the value is the domain id, the label its Persian name."""
        label = default_taxonomy().label(facet.value)
        return cls(value=facet.value, label=label, count=facet.count)


class Facets(BaseModel):
    agency: list[Facet] = Field(default_factory=list)
    category: list[Facet] = Field(default_factory=list)
    topic: list[Facet] = Field(
        default_factory=list, description="Province-wide service domains (value: domain id)"
    )


class SearchResult(BaseModel):
    id: str
    title: str
    agency: str = Field(description="Agency name in Persian")
    agency_id: str = Field(description="Portal id of the agency")
    category: str
    topic: str = Field(description="Province-wide service domain id (indexer/data/topics.yaml)")
    topic_label: str = Field(description="The domain's Persian name")
    snippet: str = Field(description="HTML: escaped text, matched words wrapped in <mark>")
    url: str = Field(description="The service page on the agency portal (deep link)")
    go_url: str = Field(description="Gateway link that redirects to `url` after checking it")
    page_url: str = Field(description="The gateway's page about the service (HTML)")
    domain: str = Field(description="Host of the deep link")
    crawled_at: datetime = Field(description="When the gateway last read the service page")
    broken: bool = Field(
        default=False,
        description="The link checker found the deep link broken; `go_url` then explains",
    )
    related: bool = Field(
        default=False,
        description=(
            "Not a match of the query: a service like the first result, filling the rest of "
            "a first page that fewer services matched (the page lists them under «خدمات "
            "مشابه»). Always after every match; `total` does not count them"
        ),
    )

    @classmethod
    def of(cls, hit: Hit, *, broken: bool = False) -> SearchResult:
        return cls(
            **_shared_fields(hit.document),
            snippet=hit.snippet_html,
            broken=broken,
            related=hit.related,
        )


class SearchResponse(BaseModel):
    query: str = Field(description="The query as searched (control characters removed)")
    agency: str | None = None
    category: str | None = None
    topic: str | None = None
    total: int
    page: int
    size: int
    pages: int = Field(description="Number of result pages")
    results: list[SearchResult]
    facets: Facets
    suggestion: str | None = Field(
        default=None,
        description="«منظورتان … بود؟»: a query likely to find what was meant, or null",
    )
    suggestion_reason: Literal["spelling", "keyboard", "finglish"] | None = Field(
        default=None,
        description=(
            "Why `suggestion` is offered: `spelling` (a better-spelled query from the "
            "indexed words), `keyboard` (the query was typed with a Latin keyboard layout) "
            "or `finglish` (Persian words written in Latin letters)"
        ),
    )
    corrected: bool = Field(
        default=False,
        description=(
            "`query` found nothing, so `results`, `total` and `facets` are those of "
            "`suggestion` (the corrected query) instead"
        ),
    )
    match: Literal["complete", "partial", "none"] = Field(
        default="complete",
        description=(
            "`complete`: the best results contain every word of the query; `partial`: no "
            "service matched every word, the results are related services matching part "
            "of it (the page says «نتیجه‌ای با همه واژه‌ها پیدا نشد؛ خدمات مرتبط:»); "
            "`none`: nothing found"
        ),
    )


class Suggestion(BaseModel):
    """An autocomplete entry of ``GET /api/suggest``: one service whose title completes the text."""

    id: str
    title: str = Field(description="Service title (untrusted text: render it escaped)")
    agency: str = Field(description="Agency name in Persian")
    go_url: str = Field(description="Gateway link to the service page on the agency portal")

    @classmethod
    def of(cls, completion: Completion) -> Suggestion:
        return cls(
            id=completion.id,
            title=completion.title,
            agency=completion.agency,
            go_url=go_url(completion.id),
        )


class LinkStatus(BaseModel):
    """The latest check of a service's deep link by the link checker (`dargah worker`)."""

    broken: bool
    error: str = Field(
        description="Why it is broken, empty when it works: `http_404`, `timeout`, "
        "`connection_refused`, `redirect_off_domain: HOST`, `redirect_to_homepage`, ..."
    )
    status: int | None = Field(description="Final HTTP status; null when nothing answered")
    final_url: str = Field(description="Where redirects led; empty without redirects")
    checked_at: datetime

    @classmethod
    def of(cls, check: LinkCheck) -> LinkStatus:
        return cls(
            broken=check.broken,
            error=check.error,
            status=check.status,
            final_url=check.final_url,
            checked_at=check.checked_at,
        )


class Service(BaseModel):
    id: str
    title: str
    agency: str
    agency_id: str
    category: str
    topic: str = Field(description="Province-wide service domain id")
    topic_label: str = Field(description="The domain's Persian name")
    description: str
    fields: dict[str, str] = Field(
        description="Extra details under the names of indexer/data/fields.yaml: `documents`, "
        "`fee`, `duration`, `channel`, `national_id`, `contact`, ... (unknown labels as found)"
    )
    channel: Literal["online", "in_person", "both"] | None = Field(
        default=None, description="How the service is delivered, when the portal says so"
    )
    keywords: list[str]
    url: str
    go_url: str
    page_url: str
    domain: str
    crawled_at: datetime
    broken: bool = Field(
        default=False, description="The link checker found the deep link broken (see link_status)"
    )
    link_status: LinkStatus | None = Field(
        default=None, description="The latest deep-link check; null until the link is checked"
    )

    @classmethod
    def of(cls, doc: ServiceDocument, check: LinkCheck | None = None) -> Service:
        return cls(
            **_shared_fields(doc),
            description=doc.description,
            # mapped again on reading: documents indexed before the vocabulary still display
            fields=(fields := default_vocabulary().canonical(doc.fields)),
            channel=default_vocabulary().channel(fields, f"{doc.title} {doc.description}"),
            keywords=list(doc.keywords),
            broken=check is not None and check.broken,
            link_status=LinkStatus.of(check) if check is not None else None,
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
