"""Tokens may expire (issue 9, item 8): an expired token, and its dashboard sessions, stop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, update

from dargah.cli import main
from registry.access import AccessError
from registry.portals import Registry
from registry.records import TokenKind
from registry.schema import tokens


def _age(url: str, token_id: int, by: timedelta) -> None:
    """Move a token's expiry into the past, as time passing would."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            update(tokens).where(tokens.c.id == token_id).values(expires_at=datetime.now(UTC) - by)
        )
    engine.dispose()


def test_an_expired_token_and_its_sessions_stop_working(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    registry = Registry(url)
    info, secret = registry.create_token(TokenKind.ADMIN, expires_in=timedelta(days=30))
    forever, other = registry.create_token(TokenKind.ADMIN)
    assert info.expires_at is not None and forever.expires_at is None
    principal = registry.authenticate(secret)
    assert principal is not None
    session = registry.create_session(principal, timedelta(hours=8))
    assert registry.session_principal(session) is not None
    _age(url, info.id, timedelta(seconds=1))
    assert registry.authenticate(secret) is None
    assert registry.session_principal(session) is None
    assert registry.authenticate(other) is not None
    listed = {t.id: t for t in registry.tokens()}
    assert listed[info.id].expires_at is not None and listed[forever.id].expires_at is None
    for dead in (timedelta(0), timedelta(days=1e-9), timedelta(minutes=59)):  # red team 10
        with pytest.raises(AccessError, match="at least an hour") as refused:
            registry.create_token(TokenKind.ADMIN, expires_in=dead)
        assert refused.value.field == "expires_in_days" and "یک ساعت" in refused.value.fa
    assert registry.create_token(TokenKind.ADMIN, expires_in=timedelta(hours=1))[0].expires_at
    registry.close()


def test_the_cli_issues_expiring_tokens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GATEWAY_DATA_DIR", str(tmp_path))
    with pytest.raises(SystemExit) as done:
        main(["tokens", "create-admin", "--label", "ops", "--expires-days", "7"])
    assert done.value.code == 0
    registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    (token,) = registry.tokens()
    assert token.expires_at is not None
    assert timedelta(days=6.9) < token.expires_at - token.created_at < timedelta(days=7.1)
    registry.close()
    with pytest.raises(SystemExit):
        main(["tokens", "list"])
    assert "expires" in capsys.readouterr().out
