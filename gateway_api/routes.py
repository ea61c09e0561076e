"""HTTP routes of the gateway API: /api/search, /api/services/{id} and /go/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import RedirectResponse, Response

from gateway_api import pages
from gateway_api.deps import BackendDep, RegistryDep
from gateway_api.links import is_safe_deep_link, redirect_host
from gateway_api.schemas import Facet, Message, SearchResponse, Service, ValidationProblem
from gateway_api.search import SearchParams, get_service, list_agencies, search


def create_api_router() -> APIRouter:
    router = APIRouter()

    @router.get(
        "/api/search",
        tags=["search"],
        summary="Search government services",
        response_model=SearchResponse,
        responses={422: {"model": ValidationProblem, "description": "A parameter is invalid"}},
    )
    def search_services(
        params: Annotated[SearchParams, Query()], backend: BackendDep
    ) -> SearchResponse:
        """Full-text search over every registered agency's services, with agency and
        category facets. Snippets are HTML (escaped, matches in `<mark>`)."""
        return search(backend, params)

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
    def service_detail(service_id: str, backend: BackendDep) -> Service:
        service = get_service(backend, service_id)
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
            404: {"description": "Unknown service (Persian HTML page)"},
        },
    )
    def go(service_id: str, backend: BackendDep, registry: RegistryDep) -> Response:
        """Redirects only to http(s) URLs on a registered portal's allowed domains,
        checked against the registry at request time."""
        service = get_service(backend, service_id)
        if service is None:
            return pages.unknown_service()
        if not is_safe_deep_link(service.url, registry):
            return pages.unsafe_link(redirect_host(service.url))
        # no-store: unregistering a portal must stop its links at once, even in caches
        return RedirectResponse(
            service.url, status_code=302, headers={"Cache-Control": "no-store"}
        )

    # link checkers ask with HEAD; one documented operation is enough
    router.add_api_route("/go/{service_id}", go, methods=["HEAD"], include_in_schema=False)
    return router
