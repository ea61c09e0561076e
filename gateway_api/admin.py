"""/api/admin: the ICT directorate registers portals, queues crawls, issues agency tokens.

Thin HTTP layer over :mod:`gateway_api.registrar` (writes, audit-logged) and the
registry (reads). Every route needs an admin token.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, Field

from gateway_api import registrar
from gateway_api.auth import NOT_FOUND, AdminDep
from gateway_api.deps import BackendDep, PreviewerDep, RegistryDep
from registry.access import MAX_TOKEN_DAYS, MIN_TOKEN_LIFETIME, AccessError, AgencyTaken
from registry.coverage import coverage_report
from registry.portals import Registry, RegistryError
from registry.records import JobStatus, TokenKind
from registry.search_rules import RuleKind, SearchRuleError

AGENCY_ID = Query(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$", description="Owner agency")
OVERLAP = Query(description="Register even if allowed_domains overlap another portal's")


class AgencyRequest(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$", description="A slug, e.g. police-alborz")
    name: str = Field(min_length=2, max_length=200, description="The agency's name in Persian")


class RenameRequest(BaseModel):
    name: str = Field(min_length=2, max_length=200, description="The agency's name in Persian")


class SearchRuleRequest(BaseModel):
    kind: RuleKind = Field(description="`synonym` or `best_bet`")
    phrase: str = Field(min_length=1, max_length=200, description="What citizens type")
    target: str = Field(
        min_length=1,
        max_length=200,
        description="synonym: the agencies' wording; best_bet: the id of the service to show first",
    )


class TokenRequest(BaseModel):
    label: str = Field(default="", max_length=200, description="Who holds it, e.g. a person's role")
    expires_in_days: float | None = Field(
        default=None,
        ge=MIN_TOKEN_LIFETIME / timedelta(days=1),
        le=MAX_TOKEN_DAYS,
        description="Lifetime in days, at least an hour (1/24); omitted: until revoked",
    )


def _portal(registry: Registry, portal_id: str) -> dict[str, Any]:
    reg = registry.get_portal(portal_id)
    if reg is None:
        raise HTTPException(404, detail=NOT_FOUND)
    runs = registry.runs(portal_id, limit=1)
    return {
        "agency_id": registry.portal_agency(portal_id),
        "registration": reg.model_dump(mode="json"),
        "last_run": runs[0][1].to_dict() if runs else None,
    }


def _invalid(exc: registrar.InvalidRegistration) -> HTTPException:
    return HTTPException(
        422,
        detail=[
            {"field": field, "message": message, "message_fa": fa}
            for (field, message), (_, fa) in zip(exc.problems, exc.problems_fa, strict=True)
        ],
    )


def _refused(status: int, exc: AccessError | RegistryError | SearchRuleError) -> HTTPException:
    """A refusal in the shape of the registration's 422s: the field at fault, the English
    message and the Persian one (409 for a conflict: a taken id, overlapping domains)."""
    return HTTPException(
        status, detail=[{"field": exc.field, "message": str(exc), "message_fa": exc.fa}]
    )


def create_admin_router() -> APIRouter:
    router = APIRouter(prefix="/api/admin", tags=["registrar"])

    @router.get("/portals", summary="Registered portals")
    def list_portals(caller: AdminDep, registry: RegistryDep) -> list[dict[str, Any]]:
        return [_portal(registry, reg.id) for reg in registry.list_portals()]

    @router.post("/portals", status_code=201, summary="Register a portal")
    def create_portal(
        caller: AdminDep,
        registry: RegistryDep,
        document: Annotated[dict[str, Any], Body(description="A registration document")],
        agency_id: Annotated[str | None, AGENCY_ID] = None,
        allow_overlap: Annotated[bool, OVERLAP] = False,
    ) -> dict[str, Any]:
        """The same registration schema as `dargah portals add` (as JSON). Errors name the
        field; an existing id, or allowed_domains overlapping another portal's, is a 409
        (naming both portals) and nothing is stored."""
        try:
            reg = registrar.register_portal(
                registry, caller.actor, document, agency_id=agency_id, allow_overlap=allow_overlap
            )
        except registrar.InvalidRegistration as exc:
            raise _invalid(exc) from exc
        except RegistryError as exc:
            raise _refused(409, exc) from exc
        return _portal(registry, reg.id)

    @router.post(
        "/portals/preview",
        summary="Preview a registration (stores nothing)",
        responses={502: {"description": "The sample crawl failed (the reason is named)"}},
    )
    def preview_portal(
        caller: AdminDep,
        previewer: PreviewerDep,
        document: Annotated[dict[str, Any], Body(description="A registration document")],
    ) -> dict[str, Any]:
        """Crawl a bounded sample of the portal and show what would be indexed: services
        (title, category, fields, deep link), skipped pages with their reason and, for
        ``auto``, the registration it inferred as YAML. Nothing is stored or audited."""
        try:
            reg = registrar.parse_registration(document)
        except registrar.InvalidRegistration as exc:
            raise _invalid(exc) from exc
        try:
            return previewer(reg)
        except RuntimeError as exc:
            raise HTTPException(502, detail=f"preview failed: {exc}") from exc

    @router.get("/portals/{portal_id}", summary="One portal")
    def get_portal(portal_id: str, caller: AdminDep, registry: RegistryDep) -> dict[str, Any]:
        return _portal(registry, portal_id)

    @router.put("/portals/{portal_id}", summary="Replace a portal's registration")
    def update_portal(
        portal_id: str,
        caller: AdminDep,
        registry: RegistryDep,
        document: Annotated[dict[str, Any], Body(description="A registration document")],
        agency_id: Annotated[str | None, AGENCY_ID] = None,
        allow_overlap: Annotated[bool, OVERLAP] = False,
    ) -> dict[str, Any]:
        if registry.get_portal(portal_id) is None:
            raise HTTPException(404, detail=NOT_FOUND)
        try:
            registrar.update_portal(
                registry,
                caller.actor,
                portal_id,
                document,
                agency_id=agency_id,
                allow_overlap=allow_overlap,
            )
        except registrar.InvalidRegistration as exc:
            raise _invalid(exc) from exc
        except RegistryError as exc:
            raise _refused(409, exc) from exc
        return _portal(registry, portal_id)

    for action, enabled in (("disable", False), ("enable", True)):

        def toggle(
            portal_id: str, caller: AdminDep, registry: RegistryDep, enabled: bool = enabled
        ) -> dict[str, Any]:
            if registrar.set_portal_enabled(registry, caller.actor, portal_id, enabled) is None:
                raise HTTPException(404, detail=NOT_FOUND)
            return _portal(registry, portal_id)

        router.add_api_route(
            f"/portals/{{portal_id}}/{action}",
            toggle,
            methods=["POST"],
            summary=f"{action.capitalize()} a portal (kept registered, {action}d for crawls)",
            name=f"{action}_portal",
        )

    @router.delete("/portals/{portal_id}", summary="Unregister a portal")
    def delete_portal(portal_id: str, caller: AdminDep, registry: RegistryDep) -> dict[str, Any]:
        """Deep links to it stop at once; the worker then removes its services from the index."""
        job = registrar.delete_portal(registry, caller.actor, portal_id)
        if job is None:
            raise HTTPException(404, detail=NOT_FOUND)
        return {"deleted": portal_id, "purge_job": jsonable_encoder(job)}

    @router.post("/portals/{portal_id}/crawl", status_code=202, summary="Queue a crawl")
    def crawl(portal_id: str, caller: AdminDep, registry: RegistryDep) -> dict[str, Any]:
        if registry.get_portal(portal_id) is None:
            raise HTTPException(404, detail=NOT_FOUND)
        job = registrar.request_crawl(registry, caller.actor, portal_id)
        return jsonable_encoder(job)

    @router.get("/runs", summary="Crawl runs with their reports and errors, newest first")
    def runs(
        caller: AdminDep,
        registry: RegistryDep,
        portal_id: str | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> list[dict[str, Any]]:
        return [{"id": i, "report": r.to_dict()} for i, r in registry.runs(portal_id, limit)]

    @router.get("/jobs", summary="Queued, running and finished crawl jobs, newest first")
    def jobs(
        caller: AdminDep,
        registry: RegistryDep,
        portal_id: str | None = None,
        status: JobStatus | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
    ) -> list[dict[str, Any]]:
        return jsonable_encoder(registry.jobs(portal_id, status=status, limit=limit))

    @router.get("/agencies", summary="Agencies and their portals")
    def agencies(caller: AdminDep, registry: RegistryDep) -> list[dict[str, Any]]:
        return jsonable_encoder(registry.agencies())

    @router.post("/agencies", status_code=201, summary="Add an agency")
    def add_agency(
        caller: AdminDep, registry: RegistryDep, request: Annotated[AgencyRequest, Body()]
    ) -> dict[str, Any]:
        """Portals join it by naming it (`agency_id`) in their registration; a taken id is
        a 409, an invalid name (spaces only, say) a 422."""
        try:
            agency = registrar.add_agency(registry, caller.actor, request.id, request.name)
        except AccessError as exc:
            raise _refused(409 if isinstance(exc, AgencyTaken) else 422, exc) from exc
        return jsonable_encoder(agency)

    @router.put("/agencies/{agency_id}", summary="Rename an agency")
    def rename_agency(
        agency_id: str,
        caller: AdminDep,
        registry: RegistryDep,
        request: Annotated[RenameRequest, Body()],
    ) -> dict[str, Any]:
        try:
            agency = registrar.rename_agency(registry, caller.actor, agency_id, request.name)
        except AccessError as exc:
            raise _refused(422, exc) from exc
        if agency is None:
            raise HTTPException(404, detail=NOT_FOUND)
        return jsonable_encoder(agency)

    @router.get("/agencies/{agency_id}/coverage", summary="An agency's coverage report")
    def agency_coverage(
        agency_id: str, caller: AdminDep, registry: RegistryDep, backend: BackendDep
    ) -> dict[str, Any]:
        report = coverage_report(registry, backend, agency_id)
        if report is None:
            raise HTTPException(404, detail=NOT_FOUND)
        return report.to_dict()

    @router.post("/agencies/{agency_id}/tokens", status_code=201, summary="Issue an agency token")
    def issue_token(
        agency_id: str,
        caller: AdminDep,
        registry: RegistryDep,
        request: Annotated[TokenRequest | None, Body()] = None,
    ) -> dict[str, Any]:
        """The token is in this response only: stored as a digest, it cannot be shown again."""
        if registry.agency(agency_id) is None:
            raise HTTPException(404, detail=NOT_FOUND)
        label = request.label if request else ""
        days = request.expires_in_days if request else None
        try:
            info, secret = registrar.issue_token(
                registry,
                caller.actor,
                TokenKind.AGENCY,
                agency_id=agency_id,
                label=label,
                expires_in=timedelta(days=days) if days is not None else None,
            )
        except AccessError as exc:
            raise _refused(422, exc) from exc
        return {**jsonable_encoder(info), "token": secret}

    @router.get("/tokens", summary="Tokens (never their secrets)")
    def tokens(caller: AdminDep, registry: RegistryDep) -> list[dict[str, Any]]:
        return jsonable_encoder(registry.tokens())

    @router.delete("/tokens/{token_id}", summary="Revoke a token")
    def revoke(token_id: int, caller: AdminDep, registry: RegistryDep) -> dict[str, Any]:
        if not registrar.revoke_token(registry, caller.actor, token_id):
            raise HTTPException(404, detail=NOT_FOUND)
        return {"revoked": token_id}

    @router.get("/search-rules", summary="Synonyms and best bets applied to searches")
    def list_search_rules(caller: AdminDep, registry: RegistryDep) -> list[dict[str, Any]]:
        return jsonable_encoder([asdict(r) for r in registry.search_rules()])

    @router.post("/search-rules", status_code=201, summary="Add a synonym or a best bet")
    def add_search_rule(
        body: SearchRuleRequest, caller: AdminDep, registry: RegistryDep, backend: BackendDep
    ) -> dict[str, Any]:
        try:
            rule = registrar.add_search_rule(
                registry, backend, caller.actor, body.kind, body.phrase, body.target
            )
        except SearchRuleError as exc:
            raise _refused(422, exc) from exc
        return jsonable_encoder(asdict(rule))

    @router.delete("/search-rules/{rule_id}", summary="Remove a synonym or a best bet")
    def delete_search_rule(rule_id: int, caller: AdminDep, registry: RegistryDep) -> dict[str, Any]:
        if not registrar.delete_search_rule(registry, caller.actor, rule_id):
            raise HTTPException(404, detail=NOT_FOUND)
        return {"deleted": rule_id}

    @router.get("/audit", summary="The audit log, newest first")
    def audit(
        caller: AdminDep,
        registry: RegistryDep,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[dict[str, Any]]:
        return jsonable_encoder(registry.audit_log(limit))

    return router
