"""Smaller holes (issue 9, item 8): failed sign-ins throttled and audited, redirects that
never take their host from the request, limit messages naming the real limits, and error
answers documented in OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dargah.app import create_app
from dargah.settings import Settings
from registry.portals import Registry
from registry.records import TokenKind
from tests.search_ui.dashboard_forms import csrf_of, login

WRONG = "dargah_" + "x" * 43


@pytest.fixture
def gateway(tmp_path: Path, gateway_builder: Any) -> Iterator[tuple[TestClient, Registry, str]]:
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    _, admin = registry.create_token(TokenKind.ADMIN)
    settings = data.settings.model_copy(update={"auth_max_failures": 5})
    with TestClient(create_app(settings), follow_redirects=False) as client:
        yield client, registry, admin
    registry.close()


def test_wrong_bearer_tokens_are_throttled_with_retry_after(gateway) -> None:
    client, registry, admin = gateway
    answers = [
        client.get("/api/admin/portals", headers={"Authorization": f"Bearer {WRONG}"})
        for _ in range(8)
    ]
    assert [a.status_code for a in answers] == [401] * 5 + [429] * 3
    assert 0 < int(answers[-1].headers["Retry-After"]) <= 60
    assert "too many failed sign-ins" in answers[-1].json()["detail"]
    # even the right token waits: a guesser cannot tell a hit while throttled
    right = client.get("/api/admin/portals", headers={"Authorization": f"Bearer {admin}"})
    assert right.status_code == 429
    assert client.app.state.registry.flush(timeout=40)  # audit entries are queued
    entries = registry.audit_log(limit=20)
    actions = [e.action for e in entries if e.actor == "anonymous"]
    assert actions.count("login_failed") == 4 and actions.count("login_throttled") == 1
    assert all(WRONG not in str(e.detail) and WRONG not in e.target for e in entries)
    assert {e.detail["via"] for e in entries if e.actor == "anonymous"} == {"bearer"}


def test_wrong_dashboard_logins_are_throttled_and_audited(gateway) -> None:
    client, registry, admin = gateway
    codes = [login(client, WRONG).status_code for _ in range(5)]
    assert codes == [401] * 5
    form = client.get("/dashboard/login")
    refused = client.post("/dashboard/login", data={"token": admin, "csrf": csrf_of(form.text)})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "ثانیه دیگر" in refused.text
    assert client.app.state.registry.flush(timeout=40)  # audit entries are queued
    vias = [e.detail["via"] for e in registry.audit_log(limit=20) if e.actor == "anonymous"]
    assert vias == ["dashboard"] * 5


def test_a_missing_token_is_not_counted_as_a_guess(gateway) -> None:
    client, _, admin = gateway
    for _ in range(10):
        assert client.get("/api/admin/portals").status_code == 401
    ok = client.get("/api/admin/portals", headers={"Authorization": f"Bearer {admin}"})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/dashboard/", "/dashboard"),
        ("/api/search/?q=x", "/api/search?q=x"),
        ("//evil.example/", None),
        ("/%2F%2Fevil.example/", None),
    ],
)
def test_slash_redirects_never_take_their_host_from_the_request(
    gateway, path: str, location: str | None
) -> None:
    client, _, _ = gateway
    response = client.get(path, headers={"Host": "evil.example"})
    target = response.headers.get("location", "")
    if target:  # a path on this site: never a scheme, never protocol-relative
        assert target.startswith("/") and not target.startswith(("//", "/\\")), target
    if location is not None:
        assert (response.status_code, target) == (308, location)


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/api/suggest?q=a&limit=500", "20"),
        ("/api/admin/audit?limit=5000", "1000"),
        ("/api/admin/jobs?limit=0", "500"),
    ],
)
def test_limit_messages_name_the_real_limit(gateway, path: str, limit: str) -> None:
    client, _, admin = gateway
    response = client.get(path, headers={"Authorization": f"Bearer {admin}"})
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["parameter"] == "limit"
    assert problem["message_en"].endswith(f"from 1 to {limit}.")


def test_openapi_documents_the_error_answers() -> None:
    schema = create_app(Settings()).openapi()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if "422" in responses:
                assert "ValidationProblem" in str(responses["422"]), (method, path)
            if path.startswith(("/api/admin", "/api/agency")):
                assert {"401", "403", "429"} <= set(responses), (method, path)
            if "requestBody" in operation:
                assert {"400", "413"} <= set(responses), (method, path)


def test_the_registrar_issues_an_expiring_agency_token(gateway) -> None:
    client, registry, admin = gateway
    issued = client.post(
        "/api/admin/agencies/maliat/tokens",
        json={"label": "پیمانکار", "expires_in_days": 30},
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert issued.status_code == 201 and issued.json()["expires_at"] is not None
    assert registry.authenticate(issued.json()["token"]) is not None
    refused = client.post(
        "/api/admin/agencies/maliat/tokens",
        json={"expires_in_days": 0},
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert refused.status_code == 422
