"""/api/agency: an agency's own portals, declared catalogue, coverage report and recrawls.

Scoped to the token's agency: another agency's portal is a 404, exactly like
a portal that does not exist, so nothing leaks about who is registered.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder

from gateway_api import registrar
from gateway_api.auth import NOT_FOUND, AgencyDep, own_portal
from gateway_api.deps import BackendDep, RegistryDep
from gateway_api.uploads import upload_policy
from registry.catalogue_upload import MAX_BYTES, CatalogueError
from registry.coverage import coverage_report

_UPLOAD_DOC = {
    "requestBody": {
        "required": True,
        "description": "CSV with a header (title, service_id, url) or a JSON list of objects",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/json": {
                "schema": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "title": {"type": "string"},
                            "service_id": {"type": "string"},
                            "url": {"type": "string"},
                        },
                        "required": ["title"],
                    },
                }
            },
        },
    }
}


def _format(request: Request, fmt: str | None) -> str:
    if fmt:
        return fmt
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type.endswith("json"):
        return "json"
    if content_type in ("text/csv", "text/plain", "application/csv"):
        return "csv"
    raise HTTPException(
        415, detail="Content-Type باید text/csv یا application/json باشد / send CSV or JSON"
    )


def create_agency_router() -> APIRouter:
    router = APIRouter(prefix="/api/agency", tags=["agency"])

    @router.get("/portals", summary="This agency's portals and their last crawl")
    def portals(caller: AgencyDep, registry: RegistryDep) -> list[dict[str, Any]]:
        assert caller.agency_id is not None
        result = []
        for reg in registry.agency_portals(caller.agency_id):
            runs = registry.runs(reg.id, limit=1)
            result.append(
                {
                    "registration": reg.model_dump(mode="json"),
                    "last_run": runs[0][1].to_dict() if runs else None,
                }
            )
        return result

    @router.get("/portals/{portal_id}/runs", summary="A portal's crawl runs, newest first")
    def runs(
        portal_id: str,
        caller: AgencyDep,
        registry: RegistryDep,
        limit: Annotated[int, Query(ge=1, le=200)] = 20,
    ) -> list[dict[str, Any]]:
        own_portal(registry, caller, portal_id)
        return [{"id": i, "report": r.to_dict()} for i, r in registry.runs(portal_id, limit)]

    @router.post("/portals/{portal_id}/crawl", status_code=202, summary="Request a recrawl")
    def crawl(portal_id: str, caller: AgencyDep, registry: RegistryDep) -> dict[str, Any]:
        own_portal(registry, caller, portal_id)
        return jsonable_encoder(registrar.request_crawl(registry, caller.actor, portal_id))

    @router.put(
        "/catalogue", summary="Upload the declared service catalogue", openapi_extra=_UPLOAD_DOC
    )
    async def upload(
        request: Request,
        caller: AgencyDep,
        registry: RegistryDep,
        as_format: Annotated[str | None, Query(alias="format", pattern="^(csv|json)$")] = None,
    ) -> dict[str, Any]:
        """A malformed row refuses the whole file, naming each bad line; the catalogue in
        force stays until a clean file replaces it."""
        assert caller.agency_id is not None
        fmt = _format(request, as_format)
        data = await request.body()
        if len(data) > MAX_BYTES:
            raise HTTPException(413, detail="file too large")
        policy = upload_policy(request)
        if refused := policy.refused(caller.agency_id, caller.actor):
            fa, en, wait = refused
            raise HTTPException(429, detail=f"{fa} / {en}", headers={"Retry-After": str(wait)})
        try:  # in a thread: storing it may wait on a crawl's write lock; searches must not
            catalogue = await run_in_threadpool(
                partial(registrar.upload_catalogue, keep=policy.versions_kept),
                registry,
                caller.actor,
                caller.agency_id,
                data,
                fmt,
            )
        except CatalogueError as exc:
            policy.not_stored(caller.agency_id, caller.actor)
            raise HTTPException(
                422,
                # "line" of a CSV file, "item" (1-based position) of a JSON list; 0 = whole file
                detail=[
                    {exc.unit: n, "message": en, "message_fa": fa}
                    for (n, en), (_, fa) in zip(exc.problems, exc.persian, strict=True)
                ],
            ) from exc
        return {"version": catalogue.version, "services": len(catalogue.services)}

    @router.get("/catalogue", summary="The declared catalogue in force")
    def catalogue(caller: AgencyDep, registry: RegistryDep) -> dict[str, Any]:
        assert caller.agency_id is not None
        found = registry.catalogue(caller.agency_id)
        if found is None:
            raise HTTPException(404, detail=NOT_FOUND)
        return jsonable_encoder(found)

    @router.get("/coverage", summary="Coverage report: declared vs found, broken links, crawls")
    def coverage(caller: AgencyDep, registry: RegistryDep, backend: BackendDep) -> dict[str, Any]:
        assert caller.agency_id is not None
        report = coverage_report(registry, backend, caller.agency_id)
        if report is None:
            raise HTTPException(404, detail=NOT_FOUND)
        return report.to_dict()

    return router
