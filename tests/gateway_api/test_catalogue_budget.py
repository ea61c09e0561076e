"""Red team 13 F02: one agency token must not be able to fill the registry's disk with
catalogue versions. An identical file is no new version, only the newest versions are
kept (never the one in force), and uploads per agency and hour are limited with a
Persian 429 that names the limit, through the API and the dashboard alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dargah.app import create_app
from registry.portals import Registry
from registry.records import TokenKind
from tests.search_ui.dashboard_forms import csrf_of, login

AGENCY = "polis-rahvar"  # an agency of tests/data/gateway_services.yaml


def catalogue(n: int) -> bytes:
    return f"title\nتعویض پلاک\nخدمت شماره {n}\n".encode()


@pytest.fixture
def gateway(tmp_path: Path, gateway_builder: Callable[..., Any]) -> Iterator[Any]:
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    _, token = registry.create_token(TokenKind.AGENCY, agency_id=AGENCY)
    settings = data.settings.model_copy(
        update={"catalogue_uploads_per_hour": 5, "catalogue_versions_kept": 2}
    )
    with TestClient(create_app(settings), follow_redirects=False) as client:
        yield client, registry, token
    registry.close()


def test_an_identical_upload_is_no_new_version_and_old_versions_are_pruned(gateway) -> None:
    client, registry, token = gateway
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    versions = []
    for n in (1, 2, 3, 3):  # the last file is the same as the one before
        stored = client.put("/api/agency/catalogue", content=catalogue(n), headers=headers)
        assert stored.status_code == 200, stored.text
        versions.append(stored.json()["version"])
    assert versions == [1, 2, 3, 3]
    in_force = client.get("/api/agency/catalogue", headers=headers).json()
    assert in_force["version"] == 3
    # the newest two versions are kept, the first is gone
    assert registry.catalogue(AGENCY, version=1) is None
    assert registry.catalogue(AGENCY, version=2) is not None
    current = registry.catalogue(AGENCY)
    assert current is not None and current.version == 3
    assert [s.title for s in current.services][-1] == "خدمت شماره ۳"
    uploads = [e for e in registry.audit_log(limit=50) if e.action == "catalogue.upload"]
    assert len(uploads) == 3  # the unchanged file wrote nothing


def test_uploads_over_the_hourly_limit_get_a_persian_429_naming_it(gateway) -> None:
    client, registry, token = gateway
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    codes = [
        client.put("/api/agency/catalogue", content=catalogue(n), headers=headers).status_code
        for n in range(7)
    ]
    assert codes == [200] * 5 + [429] * 2
    refused = client.put("/api/agency/catalogue", content=catalogue(9), headers=headers)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    detail = refused.json()["detail"]
    assert "حداکثر ۵ بار" in detail and "فهرست خدمات" in detail
    current = registry.catalogue(AGENCY)
    assert current is not None and current.version == 5  # the refused files were not stored


def test_the_dashboard_upload_is_limited_too(gateway) -> None:
    client, registry, token = gateway
    assert login(client, token).status_code == 303
    page = f"/dashboard/agency/{AGENCY}"
    answers = []
    for n in range(6):
        csrf = csrf_of(client.get(page).text)
        answers.append(
            client.post(
                f"{page}/catalogue",
                data={"csrf": csrf},
                files={"catalogue": ("c.csv", catalogue(n), "text/csv")},
            )
        )
    assert [a.status_code for a in answers] == [303] * 5 + [429]
    assert "حداکثر ۵ بار" in answers[-1].text
    current = registry.catalogue(AGENCY)
    assert current is not None and current.version == 5


def test_refused_files_do_not_spend_the_hour_but_have_a_budget_of_their_own(
    gateway_builder: Callable[..., Any], tmp_path: Path
) -> None:
    """Red team 14 F06: twenty malformed files, which store nothing, locked the agency out
    of its own correction for an hour. They are audited, and limited separately."""
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    _, token = registry.create_token(TokenKind.AGENCY, agency_id=AGENCY)
    settings = data.settings.model_copy(
        update={"catalogue_uploads_per_hour": 2, "catalogue_refused_per_hour": 6}
    )
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    with TestClient(create_app(settings)) as client:
        junk = [
            client.put("/api/agency/catalogue", content=b"no,title\n1,2\n", headers=headers)
            for _ in range(5)
        ]
        assert [r.status_code for r in junk] == [422] * 5
        stored = client.put("/api/agency/catalogue", content=catalogue(1), headers=headers)
        assert stored.status_code == 200, stored.text
        # a broken script hammering the parser is stopped by the refused budget
        more = [
            client.put("/api/agency/catalogue", content=b"no,title\n1,2\n", headers=headers)
            for _ in range(2)
        ]
        assert [r.status_code for r in more] == [422, 429]
        assert "۶ پرونده نادرست" in more[-1].json()["detail"]
    refused = [e for e in registry.audit_log(limit=50) if e.action == "catalogue.refused"]
    assert len(refused) == 6 and all(e.target == f"agency:{AGENCY}" for e in refused)
    registry.close()


def test_a_leaked_token_spending_its_hour_does_not_lock_out_the_agency(
    gateway_builder: Callable[..., Any], tmp_path: Path
) -> None:
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    _, own = registry.create_token(TokenKind.AGENCY, agency_id=AGENCY, label="own")
    _, leaked = registry.create_token(TokenKind.AGENCY, agency_id=AGENCY, label="leaked")
    settings = data.settings.model_copy(
        update={"catalogue_uploads_per_hour": 3, "catalogue_versions_kept": 2}
    )
    with TestClient(create_app(settings)) as client:
        first = client.put(
            "/api/agency/catalogue",
            content=catalogue(100),
            headers={"Authorization": f"Bearer {own}", "Content-Type": "text/csv"},
        )
        assert first.json()["version"] == 1
        bad = {"Authorization": f"Bearer {leaked}", "Content-Type": "text/csv"}
        codes = [
            client.put("/api/agency/catalogue", content=catalogue(n), headers=bad).status_code
            for n in range(4)
        ]
        assert codes == [200] * 3 + [429]
        fix = client.put(
            "/api/agency/catalogue",
            content=catalogue(100),
            headers={"Authorization": f"Bearer {own}", "Content-Type": "text/csv"},
        )
        assert fix.status_code == 200, fix.text
    registry.close()
