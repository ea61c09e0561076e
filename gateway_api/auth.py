"""Bearer-token access control for /api/admin and /api/agency.

No token or an unknown/revoked one is a 401; a valid token of the wrong kind
a 403 (it reveals nothing about any agency). An agency asking for another
agency's portal gets the same 404 as for a portal that does not exist — see
:func:`own_portal`. Tokens are checked by :meth:`Registry.authenticate`
(digest lookup, constant-time compare) and never logged.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from gateway_api.deps import RegistryDep
from registry.portals import Registry
from registry.records import Principal, TokenKind
from registry.registration import Registration

_bearer = HTTPBearer(
    auto_error=False,
    description="`Authorization: Bearer dargah_…` — an admin token (`dargah tokens create-admin`)"
    " or an agency token (`dargah tokens issue AGENCY`)",
)
_CHALLENGE = {"WWW-Authenticate": "Bearer"}

NOT_FOUND = "یافت نشد / not found"


def principal(
    registry: RegistryDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> Principal:
    if credentials is None:
        raise HTTPException(
            401, detail="توکن دسترسی لازم است / a bearer token is required", headers=_CHALLENGE
        )
    found = registry.authenticate(credentials.credentials)
    if found is None:
        raise HTTPException(
            401,
            detail="توکن نامعتبر یا باطل‌شده است / invalid or revoked token",
            headers=_CHALLENGE,
        )
    return found


def _admin(caller: Annotated[Principal, Depends(principal)]) -> Principal:
    if caller.kind is not TokenKind.ADMIN:
        raise HTTPException(403, detail="فقط با توکن مدیر / an admin token is required")
    return caller


def _agency(caller: Annotated[Principal, Depends(principal)]) -> Principal:
    if caller.kind is not TokenKind.AGENCY or caller.agency_id is None:
        raise HTTPException(403, detail="فقط با توکن دستگاه / an agency token is required")
    return caller


AdminDep = Annotated[Principal, Depends(_admin)]
AgencyDep = Annotated[Principal, Depends(_agency)]


def own_portal(registry: Registry, caller: Principal, portal_id: str) -> Registration:
    """The caller agency's portal, or a 404 that cannot tell "not yours" from "no such portal"."""
    reg = registry.get_portal(portal_id)
    if reg is None or registry.portal_agency(portal_id) != caller.agency_id:
        raise HTTPException(404, detail=NOT_FOUND)
    return reg
