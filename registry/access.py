"""Agencies, API tokens, login sessions and the audit log.

Tokens are 256-bit random strings (``secrets.token_urlsafe(32)``) shown once
and stored as SHA-256 digests. A slow password hash (scrypt, PBKDF2) exists to
make guessing *low-entropy* secrets expensive; a 256-bit random token cannot be
guessed, so a fast digest is as safe here (the practice of GitHub and PyPI API
tokens) and keeps every authenticated request cheap. The digest is looked up by
an index and compared again with :func:`hmac.compare_digest`; the plain token
is never stored, logged or written to the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from registry.records import Agency, AuditEntry, Principal, TokenInfo, TokenKind
from registry.schema import agencies, audit_log, portals, sessions, tokens
from registry.store import Store, as_dict, now, utc, utc_or_none

AGENCY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")  # the same slug rule as a portal id
TOKEN_PREFIX = "dargah_"  # lets secret scanners (and people) recognise a leaked token
_REDACTED = "[redacted]"


MIN_TOKEN_LIFETIME = timedelta(hours=1)  # a shorter one would be dead before it is handed on
MAX_TOKEN_DAYS = 3650  # the API's bound on a token's lifetime


class AccessError(ValueError):
    """A token or agency operation was refused; the message names what is wrong, in English
    (``str``) and in Persian (``fa``), and ``field`` the part at fault (the API's 422)."""

    def __init__(self, message: str, fa: str = "", field: str = "") -> None:
        super().__init__(message)
        self.fa = fa or f"درخواست پذیرفته نشد: {message}"
        self.field = field


class AgencyTaken(AccessError):
    """The agency id is another agency's already: a conflict (the API's 409), not a mistake."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def scrub(value: Any) -> Any:
    """Defence in depth for the audit log: any string that looks like a token is redacted."""
    if isinstance(value, str):
        return _REDACTED if TOKEN_PREFIX in value else value
    if isinstance(value, dict):
        return {str(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def _expired(expires_at: Any) -> bool:
    return expires_at is not None and utc(expires_at) <= now()


def _agency_name(name: str) -> str:
    cleaned = " ".join(name.split())
    # half-spaces (ZWNJ) and punctuation are not a name: "\u200c \u200c" has no letter
    if not 2 <= len(cleaned) <= 200 or sum(c.isalnum() for c in cleaned) < 2:
        raise AccessError(
            "an agency's name must be 2 to 200 characters (its Persian name)",
            "نام دستگاه باید ۲ تا ۲۰۰ نویسه باشد (نام فارسی آن)؛ فاصله و نیم‌فاصله شمرده نمی‌شوند.",
            "name",
        )
    return cleaned


def _name_key(name: str) -> str:
    """A Persian name folded for comparison: spelling variants and spacing meet."""
    from indexer.normalize import normalize

    return "".join(normalize(name).replace("\u200c", " ").split())


def audit_in(
    conn: Connection,
    actor: str,
    action: str,
    target: str,
    detail: dict[str, Any] | None = None,
    *,
    at: datetime | None = None,
) -> None:
    """:meth:`AccessStore.audit` inside a transaction of the write it records."""
    conn.execute(
        insert(audit_log).values(
            at=at or now(),
            actor=scrub(actor)[:100],
            action=action[:64],
            target=scrub(target)[:200],
            detail=scrub(detail or {}),
        )
    )


class AccessStore(Store):
    # -- agencies ------------------------------------------------------------------

    def agency(self, agency_id: str) -> Agency | None:
        return next((a for a in self.agencies() if a.id == agency_id), None)

    def agencies(self) -> list[Agency]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(agencies.c.id, agencies.c.name).order_by(agencies.c.id))
            owned = conn.execute(
                select(portals.c.agency_id, portals.c.id).order_by(portals.c.id)
            ).all()
            result = []
            for agency_id, name in rows:
                ids = tuple(pid for aid, pid in owned if aid == agency_id)
                result.append(Agency(agency_id, name, ids))
            return result

    def add_agency(self, agency_id: str, name: str) -> Agency:
        """A new agency with no portals yet; refuses a bad or taken id, or an empty name."""
        name = _agency_name(name)
        if not AGENCY_ID.match(agency_id):
            raise AccessError(
                f"agency id {agency_id!r} must be a slug: a-z, 0-9 and '-', 2 to 63 characters",
                "شناسه دستگاه فقط حروف کوچک لاتین، رقم و «-» است، ۲ تا ۶۳ نویسه.",
                "id",
            )
        with self._engine.begin() as conn:
            taken = conn.execute(select(agencies.c.id).where(agencies.c.id == agency_id)).first()
            if taken is not None:
                raise AgencyTaken(
                    f"agency {agency_id!r} already exists",
                    f"دستگاهی با شناسه «{agency_id}» از پیش ثبت شده است؛ شناسه دیگری برگزینید.",
                    "id",
                )
            conn.execute(insert(agencies).values(id=agency_id, name=name, created_at=now()))
        return Agency(agency_id, name)

    def rename_agency(self, agency_id: str, name: str) -> Agency | None:
        """Give an agency its own spelling; None when there is no such agency."""
        name = _agency_name(name)
        with self._engine.begin() as conn:
            done = conn.execute(
                update(agencies).where(agencies.c.id == agency_id).values(name=name)
            )
        return self.agency(agency_id) if done.rowcount else None

    def find_agency(self, key: str) -> Agency | None:
        """An agency by its id or by its Persian name (spelling variants of ي/ی, ك/ک,
        half-spaces and spacing meet). Two agencies sharing the name is an error naming both."""
        found = self.agency(key.strip())
        if found is not None:
            return found
        wanted = _name_key(key)
        named = [a for a in self.agencies() if _name_key(a.name) == wanted]
        if len(named) > 1:
            ids = ", ".join(a.id for a in named)
            raise AccessError(f"{key!r} is the name of several agencies ({ids}): give the id")
        return named[0] if named else None

    def portal_agency(self, portal_id: str) -> str | None:
        with self._engine.connect() as conn:
            return conn.execute(
                select(portals.c.agency_id).where(portals.c.id == portal_id)
            ).scalar_one_or_none()

    # -- tokens --------------------------------------------------------------------

    def create_token(
        self,
        kind: TokenKind,
        *,
        agency_id: str | None = None,
        label: str = "",
        expires_in: timedelta | None = None,
    ) -> tuple[TokenInfo, str]:
        """A new token: (its record, the secret). The secret is not kept: show it once.

        With ``expires_in`` the token (and any session signed in with it) stops
        working after that long; without, it works until revoked.
        """
        if expires_in is not None and expires_in < MIN_TOKEN_LIFETIME:
            raise AccessError(
                "a token's lifetime must be at least an hour (expires_in_days >= 1/24):"
                " a shorter one expires before it is handed on",
                "عمر توکن (expires_in_days) دست‌کم یک ساعت (۱/۲۴ روز) است؛ توکنی کوتاه‌تر"
                " پیش از رسیدن به دستگاه باطل می‌شود.",
                "expires_in_days",
            )
        if kind is TokenKind.AGENCY:
            if not agency_id or self.agency(agency_id) is None:
                raise AccessError(
                    f"no agency {agency_id!r}: see `dargah agencies list`, or add it with"
                    " `dargah agencies add ID NAME`"
                )
        elif agency_id is not None:
            raise AccessError("an admin token belongs to no agency")
        secret = new_secret()
        created = now()
        expires = created + expires_in if expires_in is not None else None
        with self._engine.begin() as conn:
            result = conn.execute(
                insert(tokens).values(
                    kind=kind.value,
                    agency_id=agency_id,
                    label=label[:200],
                    hash=digest(secret),
                    created_at=created,
                    expires_at=expires,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
        info = TokenInfo(int(key[0]), kind, agency_id, label[:200], created, None, expires)
        return info, secret

    def revoke_token(self, token_id: int) -> bool:
        """Revoke a token and end its sessions; False if no such live token."""
        with self._engine.begin() as conn:
            done = conn.execute(
                update(tokens)
                .where(tokens.c.id == token_id, tokens.c.revoked_at.is_(None))
                .values(revoked_at=now())
            )
            conn.execute(delete(sessions).where(sessions.c.token_id == token_id))
            return bool(done.rowcount)

    def tokens(self, *, agency_id: str | None = None) -> list[TokenInfo]:
        query = select(tokens).order_by(tokens.c.id)
        if agency_id is not None:
            query = query.where(tokens.c.agency_id == agency_id)
        with self._engine.connect() as conn:
            return [
                TokenInfo(
                    row.id,
                    TokenKind(row.kind),
                    row.agency_id,
                    row.label,
                    utc(row.created_at),
                    utc_or_none(row.revoked_at),
                    utc_or_none(row.expires_at),
                )
                for row in conn.execute(query)
            ]

    def authenticate(self, token: str) -> Principal | None:
        """The holder of a live token, or None. Never raises on garbage input."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        wanted = digest(token)
        with self._engine.connect() as conn:
            row = conn.execute(
                select(
                    tokens.c.id,
                    tokens.c.kind,
                    tokens.c.agency_id,
                    tokens.c.hash,
                    tokens.c.expires_at,
                ).where(tokens.c.hash == wanted, tokens.c.revoked_at.is_(None))
            ).first()
        if row is None or not hmac.compare_digest(row.hash, wanted):
            return None
        if _expired(row.expires_at):
            return None
        return Principal(TokenKind(row.kind), int(row.id), row.agency_id)

    # -- sessions (dashboard login) -------------------------------------------------

    def create_session(self, principal: Principal, ttl: timedelta) -> str:
        """An opaque secret for a session cookie; only its digest is stored."""
        secret = secrets.token_urlsafe(32)
        created = now()
        with self._engine.begin() as conn:
            conn.execute(
                delete(sessions).where(sessions.c.expires_at < created)  # tidy as we go
            )
            conn.execute(
                insert(sessions).values(
                    hash=digest(secret),
                    token_id=principal.token_id,
                    created_at=created,
                    expires_at=created + ttl,
                )
            )
        return secret

    def session_principal(self, secret: str) -> Principal | None:
        if not secret or len(secret) > 200:
            return None
        wanted = digest(secret)
        with self._engine.connect() as conn:
            row = conn.execute(
                select(
                    sessions.c.hash,
                    sessions.c.expires_at,
                    tokens.c.id,
                    tokens.c.kind,
                    tokens.c.agency_id,
                    tokens.c.expires_at.label("token_expires_at"),
                )
                .join(tokens, tokens.c.id == sessions.c.token_id)
                .where(sessions.c.hash == wanted, tokens.c.revoked_at.is_(None))
            ).first()
        if row is None or not hmac.compare_digest(row.hash, wanted):
            return None
        if utc(row.expires_at) <= now() or _expired(row.token_expires_at):
            return None
        return Principal(TokenKind(row.kind), int(row.id), row.agency_id)

    def end_session(self, secret: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.hash == digest(secret)))

    # -- audit log ---------------------------------------------------------------------

    def audit(
        self,
        actor: str,
        action: str,
        target: str,
        detail: dict[str, Any] | None = None,
        *,
        at: datetime | None = None,
    ) -> None:
        """Record one write: who (an actor name, never a token), what, on what, when
        (``at``: when it happened, if it is written later)."""
        with self._engine.begin() as conn:
            audit_in(conn, actor, action, target, detail, at=at)

    def audit_log(self, limit: int = 100, *, target: str | None = None) -> list[AuditEntry]:
        """Newest first."""
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if target is not None:
            query = query.where(audit_log.c.target == target)
        with self._engine.connect() as conn:
            return [
                AuditEntry(
                    row.id, utc(row.at), row.actor, row.action, row.target, as_dict(row.detail)
                )
                for row in conn.execute(query)
            ]
