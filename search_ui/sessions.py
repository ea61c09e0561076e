"""Dashboard login: a pasted token becomes a session cookie; forms carry a CSRF token.

The token itself is only ever sent once, in a POST body, and is never put in a
URL, a cookie or a log. The cookie holds an opaque session secret (its digest
is what the registry stores), is HttpOnly, SameSite=Lax and Secure over https.
Every POST also needs a CSRF token in a hidden field: for a signed-in user it
is an HMAC of the session secret (so it is per-session and needs no storage);
on the login form, before there is a session, it is a random value that must
match a short-lived cookie (double submit), so a forged form cannot sign a
victim in as someone else.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from fastapi import HTTPException, Request
from fastapi.responses import Response

from registry.portals import Registry
from registry.records import Principal

SESSION_COOKIE = "dargah_session"
LOGIN_CSRF_COOKIE = "dargah_login_csrf"
SESSION_TTL = timedelta(hours=8)
LOGIN_FORM_TTL = timedelta(hours=1)
CSRF_FIELD = "csrf"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _set_cookie(
    response: Response, request: Request, name: str, value: str, ttl: timedelta
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=int(ttl.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )


def session_secret(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE, "")


def current_principal(request: Request, registry: Registry) -> Principal | None:
    """Who is signed in (None: no cookie, an expired session or a revoked token)."""
    secret = session_secret(request)
    return registry.session_principal(secret) if secret else None


def csrf_token(secret: str) -> str:
    """The hidden-field value for a session's forms."""
    return hmac.new(secret.encode(), b"dargah-dashboard-csrf", hashlib.sha256).hexdigest()


def check_csrf(request: Request, submitted: str) -> None:
    """Refuse a POST whose form token does not belong to this browser's session."""
    secret = session_secret(request)
    if not secret or not submitted or not hmac.compare_digest(csrf_token(secret), submitted):
        raise HTTPException(403, detail="csrf")


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def set_login_csrf(response: Response, request: Request, value: str) -> None:
    _set_cookie(response, request, LOGIN_CSRF_COOKIE, value, LOGIN_FORM_TTL)


def check_login_csrf(request: Request, submitted: str) -> bool:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    return bool(expected and submitted) and hmac.compare_digest(expected, submitted)


def sign_in(response: Response, request: Request, registry: Registry, principal: Principal) -> None:
    """Start a session for ``principal``; a session cookie the browser had is ended first."""
    old = session_secret(request)
    if old:
        registry.end_session(old)
    secret = registry.create_session(principal, SESSION_TTL)
    _set_cookie(response, request, SESSION_COOKIE, secret, SESSION_TTL)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")


def sign_out(response: Response, request: Request, registry: Registry) -> None:
    secret = session_secret(request)
    if secret:
        registry.end_session(secret)
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request)
    )
