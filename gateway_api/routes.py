"""HTTP routes of the gateway API: /api/search, /api/suggest, /api/services/{id} and /go/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from gateway_api import pages
from gateway_api.admin import create_admin_router
from gateway_api.agency import create_agency_router
from gateway_api.answer_cache import AnswerCache
from gateway_api.deps import BackendDep, RegistryDep
from gateway_api.links import is_safe_deep_link, redirect_host
from gateway_api.schemas import (
    Facet,
    Message,
    SearchResponse,
    Service,
    Suggestion,
    ValidationProblem,
)
from gateway_api.search import (
    SearchParams,
    SuggestParams,
    get_service,
    list_agencies,
    suggest,
)
from gateway_api.usage import log_click, log_search

INVALID_PARAMETER: dict[int | str, dict[str, object]] = {
    422: {"model": ValidationProblem, "description": "A parameter is invalid"}
}


def create_api_router() -> APIRouter:
    router = APIRouter()

    @router.get(
        "/api/search",
        tags=["search"],
        summary="Search government services",
        response_model=SearchResponse,
        responses=INVALID_PARAMETER,
    )
    async def search_services(
        params: Annotated[SearchParams, Query()],
        request: Request,
        backend: BackendDep,
        registry: RegistryDep,
    ) -> Response:
        """Full-text search over every registered agency's services, with agency and
        category facets. Snippets are HTML (escaped, matches in `<mark>`). The first
        page of a search is counted in the (anonymous) query log."""
        answers: AnswerCache = request.app.state.search_answers
        answer = await answers.search(backend, registry, params)
        log_search(registry, params, answer.response, request)  # only queues it: never waits
        return Response(answer.body, media_type="application/json")

    @router.get(
        "/api/suggest",
        tags=["search"],
        summary="Autocomplete: service titles completing what has been typed",
        response_model=list[Suggestion],
        responses=INVALID_PARAMETER,
    )
    def suggest_services(
        params: Annotated[SuggestParams, Query()], backend: BackendDep
    ) -> list[Suggestion]:
        """For a search box, on each (debounced) keystroke. The prefix is normalised
        like search text, so «گواهينا» (Arabic ي) completes «گواهینامه …». An empty
        `q` returns `[]`. Titles are untrusted text: insert them as text, not HTML."""
        return suggest(backend, params)

    @router.get(
        "/api/agencies",
        tags=["search"],
        summary="Registered agencies and how many services each has",
        response_model=list[Facet],
    )
    def agencies(backend: BackendDep, registry: RegistryDep) -> list[Facet]:
        return list_agencies(backend, registry)

    @router.get(
        "/api/services/{service_id}",
        tags=["services"],
        summary="One service by id",
        response_model=Service,
        responses={404: {"model": Message, "description": "No service with this id"}},
    )
    def service_detail(service_id: str, backend: BackendDep, registry: RegistryDep) -> Service:
        """`broken`/`link_status`: what the link checker last found at the deep link."""
        service = get_service(backend, service_id, registry)
        if service is None:
            raise HTTPException(404, detail="خدمت یافت نشد / service not found")
        return service

    @router.get(
        "/go/{service_id}",
        tags=["services"],
        summary="Go to the service page on the agency portal",
        response_class=RedirectResponse,
        status_code=302,
        responses={
            302: {"description": "Redirect to the registered agency portal"},
            403: {"description": "Deep link outside registered portals (Persian HTML page)"},
            404: {"description": "Unknown service, or its page is gone (Persian HTML page)"},
            502: {"description": "The portal did not answer the last link check (Persian page)"},
        },
    )
    def go(
        service_id: str, request: Request, backend: BackendDep, registry: RegistryDep
    ) -> Response:
        """Redirects only to http(s) URLs on a registered portal's allowed domains,
        checked against the registry at request time. A redirect of a GET counts as a
        click (HEAD is how link checkers ask, not citizens)."""
        service = get_service(backend, service_id, registry)
        if service is None:
            return pages.unknown_service()
        if not is_safe_deep_link(service.url, registry):
            return pages.unsafe_link(redirect_host(service.url))
        if service.link_status is not None and service.link_status.broken:
            # Explain instead of sending the citizen into the portal's 404 page.
            portal = registry.get_portal(service.agency_id)
            homepage = portal.homepage if portal is not None else ""
            return pages.broken_link(
                title=service.title,
                agency=service.agency,
                homepage=homepage if is_safe_deep_link(homepage, registry) else "",
                url=service.url,
                error=service.link_status.error,
                checked_at=service.link_status.checked_at,
            )
        if request.method == "GET":
            log_click(registry, service.id)
        # no-store: unregistering a portal must stop its links at once, even in caches
        return RedirectResponse(service.url, status_code=302, headers={"Cache-Control": "no-store"})

    # link checkers ask with HEAD; one documented operation is enough
    router.add_api_route("/go/{service_id}", go, methods=["HEAD"], include_in_schema=False)
    router.include_router(create_admin_router())
    router.include_router(create_agency_router())
    return router
