"""Bearer-token access control for /api/admin and /api/agency.

No token or an unknown/revoked one is a 401; a valid token of the wrong kind
a 403 (it reveals nothing about any agency). Too many failures from one client
are a 429 with ``Retry-After`` (:mod:`gateway_api.throttle`, counted before the
token is looked up), and each failure is audited through the web process's write
queue (:meth:`Registry.queue_audit`): a sign-in never waits on the registry's write
lock, so a flood of bad tokens cannot hold the threads citizens' requests need. An
agency asking for another agency's portal gets the same 404 as for a portal that does
not exist — see :func:`own_portal`. Tokens are checked by
:meth:`Registry.authenticate` (digest lookup, constant-time compare) and never logged.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from gateway_api.deps import RegistryDep
from gateway_api.text import persian_digits
from gateway_api.throttle import FailureThrottle, client_key
from registry.portals import Registry
from registry.records import Principal, TokenKind
from registry.registration import Registration

_bearer = HTTPBearer(
    auto_error=False,
    description="`Authorization: Bearer dargah_…` — an admin token (`dargah tokens create-admin`)"
    " or an agency token (`dargah tokens issue AGENCY`)",
)
logger = logging.getLogger(__name__)
_CHALLENGE = {"WWW-Authenticate": "Bearer"}

NOT_FOUND = "یافت نشد / not found"


def throttled(request: Request) -> int | None:
    """Seconds this client must wait after too many failed sign-ins (None: it may try)."""
    throttle: FailureThrottle = request.app.state.auth_throttle
    return throttle.retry_after(client_key(request))


def too_many_failures(wait: int) -> HTTPException:
    return HTTPException(
        429,
        detail=f"تلاش‌های ناموفق زیاد؛ {persian_digits(wait)} ثانیه دیگر دوباره امتحان کنید"
        f" / too many failed sign-ins, retry in {wait} s",
        headers={"Retry-After": str(wait)},
    )


def begin_sign_in(request: Request) -> tuple[int | None, int]:
    """Before a token is looked up: ``(seconds to wait, 0)`` for a throttled client, else
    ``(None, n)`` with this try counted as the client's n-th failure until
    :func:`signed_in` takes it back."""
    throttle: FailureThrottle = request.app.state.auth_throttle
    return throttle.attempt(client_key(request))


def signed_in(request: Request) -> None:
    throttle: FailureThrottle = request.app.state.auth_throttle
    throttle.succeeded(client_key(request))


def record_failed_login(request: Request, registry: Registry, via: str, failures: int) -> None:
    """Audit a failed sign-in (never the token itself), already counted by
    :func:`begin_sign_in` as the client's ``failures``-th.

    Only failures up to the throttle's limit are audited one by one (then one
    entry says throttling began), so an attack cannot flood the audit log. The
    entry is queued, never written on the request: the registry may be locked.
    """
    throttle: FailureThrottle = request.app.state.auth_throttle
    if failures > throttle.max_failures:
        return
    action = "login_throttled" if failures == throttle.max_failures else "login_failed"
    client = client_key(request)
    try:
        registry.queue_audit(
            "anonymous", action, f"client:{client}", {"via": via, "failures": failures}
        )
    except Exception as exc:  # a failed audit write must not turn a 401 into a 500
        logger.warning("could not audit a failed sign-in: %s", exc)


def principal(
    request: Request,
    registry: RegistryDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> Principal:
    if (wait := throttled(request)) is not None:
        raise too_many_failures(wait)
    if credentials is None:
        raise HTTPException(
            401, detail="توکن دسترسی لازم است / a bearer token is required", headers=_CHALLENGE
        )
    wait, failures = begin_sign_in(request)
    if wait is not None:
        raise too_many_failures(wait)
    found = registry.authenticate(credentials.credentials)
    if found is not None:
        signed_in(request)
    else:
        record_failed_login(request, registry, "bearer", failures)
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
