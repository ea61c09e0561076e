"""The error answers in the OpenAPI document, as the gateway really gives them.

FastAPI documents only 200 and its own 422 body (``HTTPValidationError``),
which is not what :mod:`gateway_api.errors` sends. Here every operation's 422
points at :class:`ValidationProblem`, and the answers the access control,
throttling and body limits give (401, 403, 404, 400, 413, 429) are listed
where they can happen, so a client generated from ``/openapi.json`` (or a
schemathesis run) knows every body it may receive.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from gateway_api.schemas import Message, ValidationProblem

_MESSAGE_REF = {"$ref": "#/components/schemas/Message"}
_PROBLEM_REF = {"$ref": "#/components/schemas/ValidationProblem"}

# what a refused catalogue says: each bad CSV line or JSON item (0 = the whole file)
_CATALOGUE_PROBLEMS = {
    "title": "CatalogueProblems",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["message"],
                "properties": {
                    "line": {"type": "integer", "description": "CSV line (0: whole file)"},
                    "item": {"type": "integer", "description": "JSON item, 1-based"},
                    "message": {"type": "string"},
                },
            },
        }
    },
}


def _field_problems(title: str) -> dict[str, Any]:
    """Each bad field (as `dargah portals add` names it), in English and in Persian."""
    return {
        "title": title,
        "type": "object",
        "required": ["detail"],
        "properties": {
            "detail": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["field", "message", "message_fa"],
                    "properties": {
                        "field": {"type": "string"},
                        "message": {"type": "string"},
                        "message_fa": {"type": "string"},
                    },
                },
            }
        },
    }


# what a refused registration says
_REGISTRATION_PROBLEMS = _field_problems("RegistrationProblems")
# what another refused admin request says: an agency, a search rule, a token, a conflict
_FIELD_PROBLEMS = _field_problems("FieldProblems")
_FIELD_PROBLEMS_REF = {"$ref": "#/components/schemas/FieldProblems"}

# operations whose own refusals have their own 422 body (beside FastAPI's parameter checks)
_OWN_422 = {
    ("/api/agency/catalogue", "put"): ("CatalogueProblems", "the file was refused"),
    ("/api/admin/portals", "post"): ("RegistrationProblems", "the registration was refused"),
    ("/api/admin/portals/preview", "post"): (
        "RegistrationProblems",
        "the registration was refused",
    ),
    ("/api/admin/portals/{portal_id}", "put"): (
        "RegistrationProblems",
        "the registration was refused",
    ),
    ("/api/admin/agencies", "post"): ("FieldProblems", "the agency's name was refused"),
    ("/api/admin/agencies/{agency_id}", "put"): ("FieldProblems", "the name was refused"),
    ("/api/admin/agencies/{agency_id}/tokens", "post"): (
        "FieldProblems",
        "the token's lifetime was refused",
    ),
    ("/api/admin/search-rules", "post"): ("FieldProblems", "the rule was refused"),
}

_GUARDED = ("/api/admin", "/api/agency")


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _document(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (Message, ValidationProblem):
        components.setdefault(model.__name__, model.model_json_schema(ref_template="{model}"))
    # ParamProblem is nested in ValidationProblem: give it its own entry and a proper $ref
    problem = ValidationProblem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in problem.pop("$defs", {}).items():
        components.setdefault(name, sub)
    components["ValidationProblem"] = problem
    components["CatalogueProblems"] = _CATALOGUE_PROBLEMS
    components["RegistrationProblems"] = _REGISTRATION_PROBLEMS
    components["FieldProblems"] = _FIELD_PROBLEMS
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses: dict[str, Any] = operation.setdefault("responses", {})
            if "422" in responses or operation.get("parameters") or "requestBody" in operation:
                responses["422"] = _json(_PROBLEM_REF, "A parameter is invalid")
            if "requestBody" in operation:
                responses.setdefault("400", _json(_MESSAGE_REF, "The body could not be read"))
                responses.setdefault("413", _json(_MESSAGE_REF, "The body is too large"))
            if path.startswith(_GUARDED):
                responses.setdefault("401", _json(_MESSAGE_REF, "No token, or an invalid one"))
                responses.setdefault("403", _json(_MESSAGE_REF, "A token of the wrong kind"))
                responses.setdefault(
                    "429", _json(_MESSAGE_REF, "Too many failed sign-ins (see Retry-After)")
                )
                if "{" in path or method == "get":
                    responses.setdefault(
                        "404", _json(_MESSAGE_REF, "Not found (or not this agency's)")
                    )
            if path == "/api/agency/catalogue" and method == "put":
                responses["415"] = _json(_MESSAGE_REF, "Neither CSV nor JSON")
                responses["429"] = _json(
                    _MESSAGE_REF,
                    "Too many failed sign-ins, or too many uploads this hour (see Retry-After)",
                )
            if (path, method) in _CONFLICTS:
                responses["409"] = _json(_FIELD_PROBLEMS_REF, _CONFLICTS[(path, method)])
            if (path, method) in _OWN_422:
                name, why = _OWN_422[(path, method)]
                responses["422"] = _json(
                    {"anyOf": [_PROBLEM_REF, {"$ref": f"#/components/schemas/{name}"}]},
                    f"A parameter is invalid, or {why} (each problem named)",
                )
    return schema


# Routes that refuse a request that conflicts with what is registered (409).
_CONFLICTS = {
    ("/api/admin/portals", "post"): "The id exists, or the domains overlap another portal",
    ("/api/admin/portals/{portal_id}", "put"): "Its domains overlap another portal's",
    ("/api/admin/agencies", "post"): "An agency with this id exists",
}


def install_error_docs(app: FastAPI) -> None:
    """Replace ``app.openapi`` with one whose error answers are the real ones (built once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _document(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
