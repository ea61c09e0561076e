"""/api/admin and /api/agency: access control over every route, the registrar's and
agencies' writes (audit-logged, tokens never stored or logged), catalogue uploads."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from dargah.app import create_app
from dargah.settings import Settings
from registry.portals import Registry
from registry.records import TokenKind

PERSIAN = re.compile(r"[\u0600-\u06ff]{3}")
OWN, OTHER = "polis-rahvar", "maliat"  # two agencies of tests/data/gateway_services.yaml


@dataclass
class Api:
    client: TestClient
    registry_url: str
    admin: str
    own: str  # agency token of OWN
    other: str  # agency token of OTHER
    admin_id: int

    def as_(self, token: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"} if token else {}

    def registry(self) -> Registry:
        return Registry(self.registry_url)


@pytest.fixture
def api(tmp_path: Path, gateway_builder: Callable[..., Any]) -> Iterator[Api]:
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    admin, admin_secret = registry.create_token(TokenKind.ADMIN)
    _, own = registry.create_token(TokenKind.AGENCY, agency_id=OWN)
    _, other = registry.create_token(TokenKind.AGENCY, agency_id=OTHER)
    registry.close()
    # every route is tried with wrong tokens here: more than the throttle lets one client try
    settings = data.settings.model_copy(update={"auth_max_failures": 10_000})
    with TestClient(create_app(settings), follow_redirects=False) as client:
        yield Api(client, data.settings.registry_url, admin_secret, own, other, admin.id)


def api_routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI >= 0.16x includes them lazily;
    the routers here have no include prefix, so their routes' paths are complete)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (inner := getattr(route, "original_router", None)) is not None:
            yield from api_routes(inner.routes)


def guarded_routes() -> list[tuple[str, str]]:
    """Every (method, path) under /api/admin and /api/agency: a new route is checked too."""
    app = create_app(Settings())
    found = [
        (method, route.path)
        for route in api_routes(app.routes)
        if route.path.startswith(("/api/admin", "/api/agency"))
        for method in sorted(route.methods - {"HEAD", "OPTIONS"})
    ]
    documented = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path.startswith(("/api/admin", "/api/agency"))
        for method in operations
    }
    assert set(found) == documented and len(found) >= 20, found
    return found


ROUTES = guarded_routes()


def fill(path: str, api: Api) -> str:
    """Path parameters point at the OTHER agency's things (or the admin token)."""
    values = {
        "portal_id": OTHER,
        "agency_id": OTHER,
        "token_id": str(api.admin_id),
        "rule_id": "1",
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def call(api: Api, method: str, path: str, token: str | None) -> Any:
    body: dict[str, Any] | None = {"id": OTHER} if method in ("POST", "PUT") else None
    return api.client.request(method, fill(path, api), json=body, headers=api.as_(token))


def assert_nothing_changed(api: Api) -> None:
    registry = api.registry()
    try:
        # failed sign-ins are audited (as "anonymous"), and so is a refused catalogue file of
        # the caller's own agency (red team 14 F06); nothing else may have been written
        written = [e for e in registry.audit_log() if e.actor != "anonymous"]
        assert [
            e for e in written if (e.action, e.target) != ("catalogue.refused", f"agency:{OWN}")
        ] == []
        assert registry.jobs() == []
        assert registry.catalogue(OWN) is None and registry.catalogue(OTHER) is None
        assert len(registry.list_portals()) == 4
        assert all(t.revoked_at is None for t in registry.tokens())
    finally:
        registry.close()


@pytest.mark.parametrize("who", ["no token", "wrong token", "revoked-looking", "basic auth"])
def test_every_route_refuses_a_caller_without_a_valid_token(api: Api, who: str) -> None:
    token = {
        "no token": None,
        "wrong token": "dargah_" + "x" * 43,
        "revoked-looking": api.admin[:-2] + "zz",
    }.get(who)
    for method, path in ROUTES:
        if who == "basic auth":
            response = api.client.request(
                method, fill(path, api), headers={"Authorization": "Basic YWRtaW46YWRtaW4="}
            )
        else:
            response = call(api, method, path, token)
        assert response.status_code == 401, (method, path, response.text)
        assert response.headers["www-authenticate"] == "Bearer"
    assert_nothing_changed(api)


def test_admin_routes_refuse_agency_tokens_and_agency_routes_refuse_admin_tokens(api: Api) -> None:
    for method, path in ROUTES:
        token = api.own if path.startswith("/api/admin") else api.admin
        response = call(api, method, path, token)
        assert response.status_code == 403, (method, path, response.text)
    assert_nothing_changed(api)


def test_another_agencys_portal_is_a_404_like_a_missing_one(api: Api) -> None:
    agency_routes = [(m, p) for m, p in ROUTES if p.startswith("/api/agency")]
    for method, path in agency_routes:
        response = call(api, method, path, api.own)
        assert OTHER not in response.text, (method, path, response.text)
        if "{portal_id}" in path:
            assert response.status_code == 404, (method, path)
            missing = api.client.request(
                method, path.replace("{portal_id}", "no-such-portal"), headers=api.as_(api.own)
            )
            assert (missing.status_code, missing.json()) == (404, response.json())
    assert_nothing_changed(api)


REGISTRATION = {
    "id": "abfa-alborz",
    "agency": "شرکت آب و فاضلاب استان البرز",
    "homepage": "https://abfa-alborz.ir/",
    "strategy": "sitemap",
}


def test_registrar_registers_updates_disables_and_deletes_a_portal(api: Api) -> None:
    admin = api.as_(api.admin)
    created = api.client.post("/api/admin/portals?agency_id=abfa", json=REGISTRATION, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["agency_id"] == "abfa"
    again = api.client.post("/api/admin/portals", json=REGISTRATION, headers=admin)
    [taken] = again.json()["detail"]
    assert again.status_code == 409 and taken["field"] == "id"
    assert "abfa-alborz" in taken["message"] and "«abfa-alborz»" in taken["message_fa"]
    changed = {**REGISTRATION, "agency": "آبفای البرز"}
    put = api.client.put("/api/admin/portals/abfa-alborz", json=changed, headers=admin)
    assert put.json()["registration"]["agency"] == "آبفای البرز"
    off = api.client.post("/api/admin/portals/abfa-alborz/disable", headers=admin)
    assert off.json()["registration"]["enabled"] is False
    crawl = api.client.post("/api/admin/portals/abfa-alborz/crawl", headers=admin)
    assert crawl.status_code == 202 and crawl.json()["status"] == "queued"
    gone = api.client.delete("/api/admin/portals/abfa-alborz", headers=admin)
    assert gone.json()["purge_job"]["kind"] == "purge"
    assert api.client.get("/api/admin/portals/abfa-alborz", headers=admin).status_code == 404
    audit = api.client.get("/api/admin/audit", headers=admin).json()
    assert [(e["action"], e["target"], e["actor"]) for e in audit[::-1]] == [
        ("portal.create", "portal:abfa-alborz", f"admin:{api.admin_id}"),
        ("portal.update", "portal:abfa-alborz", f"admin:{api.admin_id}"),
        ("portal.disable", "portal:abfa-alborz", f"admin:{api.admin_id}"),
        ("crawl.request", "portal:abfa-alborz", f"admin:{api.admin_id}"),
        ("portal.delete", "portal:abfa-alborz", f"admin:{api.admin_id}"),
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"homepage": "ftp://abfa.ir"}, "homepage"),
        ({"strategy": "magic"}, "strategy"),
        ({"id": "Bad Id"}, "id"),
        ({"limits": {"max_pages": 0}}, "limits.max_pages"),
        ({"colour": "blue"}, "colour"),
        ({"homepage": "http://exa mple.ir/"}, "homepage"),
        ({"homepage": "http://abfa.ir:0/"}, "homepage"),  # no site answers on port 0
        ({"homepage": "http://abfa.ir/%zz"}, "homepage"),  # «%» starts a two-digit escape
    ],
)
def test_a_bad_registration_names_the_field_in_persian_and_stores_nothing(
    api: Api, change: dict[str, Any], field: str
) -> None:
    response = api.client.post(
        "/api/admin/portals", json={**REGISTRATION, **change}, headers=api.as_(api.admin)
    )
    assert response.status_code == 422
    problem = next(p for p in response.json()["detail"] if p["field"] == field)
    assert PERSIAN.search(problem["message_fa"]), problem  # the registrar reads Persian
    assert_nothing_changed(api)


def test_agency_tokens_are_shown_once_work_and_can_be_revoked(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    admin = api.as_(api.admin)
    issued = api.client.post(
        f"/api/admin/agencies/{OWN}/tokens", json={"label": "IT"}, headers=admin
    )
    assert issued.status_code == 201
    secret, token_id = issued.json()["token"], issued.json()["id"]
    assert api.client.get("/api/agency/portals", headers=api.as_(secret)).status_code == 200
    listed = api.client.get("/api/admin/tokens", headers=admin)
    assert secret not in listed.text and "hash" not in listed.text
    assert api.client.delete(f"/api/admin/tokens/{token_id}", headers=admin).status_code == 200
    assert api.client.get("/api/agency/portals", headers=api.as_(secret)).status_code == 401
    assert api.client.delete(f"/api/admin/tokens/{token_id}", headers=admin).status_code == 404
    audit = api.client.get("/api/admin/audit", headers=admin).text
    assert secret not in audit and "token.issue" in audit and "token.revoke" in audit
    for token in (secret, api.admin, api.own):
        assert token not in caplog.text
    assert api.client.post("/api/admin/agencies/nobody/tokens", headers=admin).status_code == 404


def test_agency_sees_only_its_portals_and_queues_its_recrawl(api: Api) -> None:
    own = api.as_(api.own)
    portals = api.client.get("/api/agency/portals", headers=own).json()
    assert [p["registration"]["id"] for p in portals] == [OWN]
    job = api.client.post(f"/api/agency/portals/{OWN}/crawl", headers=own)
    assert job.status_code == 202 and job.json()["requested_by"].startswith(f"agency:{OWN}:")
    jobs = api.client.get("/api/admin/jobs", headers=api.as_(api.admin)).json()
    assert [(j["portal_id"], j["status"]) for j in jobs] == [(OWN, "queued")]


CSV_OK = "title,url\nصدور گواهينامه رانندگي,\nتعویض پلاک,\n"
CSV_BAD = "title,url\nصدور گواهینامه,\n,https://x.ir/a\nتعویض پلاک,notaurl\n"


def test_a_malformed_catalogue_is_refused_by_line_and_the_old_one_stays(api: Api) -> None:
    own = {**api.as_(api.own), "Content-Type": "text/csv"}
    first = api.client.put("/api/agency/catalogue", content=CSV_OK.encode(), headers=own)
    assert first.json() == {"version": 1, "services": 2}
    bad = api.client.put("/api/agency/catalogue", content=CSV_BAD.encode(), headers=own)
    assert bad.status_code == 422
    assert [(p["line"], p["message"]) for p in bad.json()["detail"]] == [
        (3, "title is missing"),
        (4, "url 'notaurl' is not an absolute http(s) URL"),
    ]
    kept = api.client.get("/api/agency/catalogue", headers=own).json()
    assert kept["version"] == 1
    assert [s["title"] for s in kept["services"]] == ["صدور گواهینامه رانندگی", "تعویض پلاک"]
    as_json = api.client.put(
        "/api/agency/catalogue", json=[{"title": "تعویض پلاک"}], headers=api.as_(api.own)
    )
    assert as_json.json() == {"version": 2, "services": 1}
    other = api.client.get("/api/agency/catalogue", headers=api.as_(api.other))
    assert other.status_code == 404  # OTHER declared nothing; OWN's catalogue is not shown


def test_a_minified_json_catalogue_is_stored_and_measured_item_by_item(api: Api) -> None:
    """Every service of a one-line JSON file is on line 1: items are numbered by position."""
    own = {**api.as_(api.own), "Content-Type": "application/json"}
    # near, not exact, titles: matched by similarity, which must tell the items apart
    titles = ["تعویض پلاک خودروها", "تمدید گواهینامه‌های رانندگی", "صدور کارت سوخت"]
    minified = json.dumps([{"title": t} for t in titles], ensure_ascii=False, separators=(",", ":"))
    assert "\n" not in minified
    stored = api.client.put("/api/agency/catalogue", content=minified.encode(), headers=own)
    assert stored.status_code == 200, stored.text
    assert stored.json() == {"version": 1, "services": 3}
    kept = api.client.get("/api/agency/catalogue", headers=own).json()
    assert [(s["line"], s["title"]) for s in kept["services"]] == list(enumerate(titles, 1))
    coverage = api.client.get("/api/agency/coverage", headers=own).json()
    # both near titles match (sharing line 1, only one could) and the third is missing
    matched = [(m["declared"]["line"], m["reason"]) for m in coverage["matches"]]
    assert matched == [(1, "similar_title"), (2, "similar_title")]
    assert [(d["line"], d["title"]) for d in coverage["missing"]] == [(3, "صدور کارت سوخت")]
    bad = json.dumps([{"title": "تعویض پلاک"}, {"title": ""}, {"title": "تعويض پلاک"}])
    refused = api.client.put("/api/agency/catalogue", content=bad.encode(), headers=own)
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        {"item": 2, "message": "title is missing", "message_fa": "عنوان خدمت نوشته نشده است."},
        {"item": 3, "message": "duplicate of item 1", "message_fa": "تکراری است؛ همان ردیف ۱."},
    ]
    assert api.client.get("/api/agency/catalogue", headers=own).json()["version"] == 1


def test_a_body_that_is_not_json_is_said_to_be_so_in_persian(api: Api) -> None:
    headers = {**api.as_(api.admin), "Content-Type": "application/json"}
    broken = api.client.post("/api/admin/agencies", content=b'{"id": "abfa",', headers=headers)
    assert broken.status_code == 422
    [problem] = broken.json()["detail"]
    assert problem["parameter"] == "body" and problem["type"] == "json_invalid"
    assert problem["message_fa"].startswith("متن درخواست JSON درستی نیست")
    assert "near character" in problem["message_en"]


def test_registrar_adds_and_renames_agencies_whose_portals_share_one_token(api: Api) -> None:
    admin = api.as_(api.admin)
    added = api.client.post(
        "/api/admin/agencies", json={"id": "abfa", "name": "آبفای البرز"}, headers=admin
    )
    assert added.status_code == 201, added.text
    taken = api.client.post("/api/admin/agencies", json={"id": "abfa", "name": "x"}, headers=admin)
    assert taken.status_code in (409, 422)
    taken = api.client.post(
        "/api/admin/agencies", json={"id": "abfa", "name": "آبفای کرج"}, headers=admin
    )
    [problem] = taken.json()["detail"]
    assert taken.status_code == 409 and problem["field"] == "id"  # a conflict: the id is taken
    assert "already exists" in problem["message"] and "«abfa»" in problem["message_fa"]
    for pid, host in (("abfa-alborz", "abfa-alborz.ir"), ("abfa-karaj", "abfakaraj.ir")):
        doc = {**REGISTRATION, "id": pid, "homepage": f"https://{host}/", "agency_id": "abfa"}
        doc.pop("allowed_domains", None)
        doc.pop("start_urls", None)
        created = api.client.post("/api/admin/portals", json=doc, headers=admin)
        assert created.status_code == 201, created.text
        assert created.json()["agency_id"] == "abfa"
    renamed = api.client.put(
        "/api/admin/agencies/abfa", json={"name": "شرکت آب و فاضلاب البرز"}, headers=admin
    )
    assert renamed.json()["name"] == "شرکت آب و فاضلاب البرز"
    assert (
        api.client.put("/api/admin/agencies/ghost", json={"name": "روح"}, headers=admin).status_code
        == 404
    )
    agencies = {a["id"]: a for a in api.client.get("/api/admin/agencies", headers=admin).json()}
    assert agencies["abfa"]["portal_ids"] == ["abfa-alborz", "abfa-karaj"]
    assert "abfa-karaj" not in agencies  # the second portal is not a second agency
    token = api.client.post("/api/admin/agencies/abfa/tokens", headers=admin).json()["token"]
    mine = api.client.get("/api/agency/portals", headers=api.as_(token)).json()
    assert [p["registration"]["id"] for p in mine] == ["abfa-alborz", "abfa-karaj"]


def test_a_portal_overlapping_another_is_refused_naming_both_unless_allowed(api: Api) -> None:
    admin = api.as_(api.admin)
    doc = {
        "id": "rahvar-copy",
        "agency": "پلیس راهور (نسخه دوم)",
        "homepage": "https://rahvar120.ir/",
    }
    refused = api.client.post("/api/admin/portals", json=doc, headers=admin)
    assert refused.status_code == 409
    [problem] = refused.json()["detail"]
    detail = problem["message"]
    assert "'rahvar-copy'" in detail and f"'{OWN}'" in detail and "allow_overlap" in detail
    assert problem["field"] == "allowed_domains"
    assert "«rahvar-copy»" in problem["message_fa"] and f"«{OWN}»" in problem["message_fa"]
    assert "هم‌پوشانی" in problem["message_fa"] and "allow_overlap" in problem["message_fa"]
    assert api.client.get("/api/admin/portals/rahvar-copy", headers=admin).status_code == 404
    allowed = api.client.post("/api/admin/portals?allow_overlap=true", json=doc, headers=admin)
    assert allowed.status_code == 201, allowed.text


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/admin/agencies", {"id": "abfa-karaj", "name": "    "}),
        ("post", "/api/admin/agencies", {"id": "abfa-karaj", "name": " \u200c \u200c "}),
        ("put", f"/api/admin/agencies/{OWN}", {"name": "  \u200c "}),
    ],
)
def test_an_agency_name_of_spaces_is_invalid_said_in_persian_not_a_conflict(
    api: Api, method: str, path: str, body: dict[str, str]
) -> None:
    """A name of spaces and half-spaces passes the body's length check; the registry refuses
    it. It was answered 409 Conflict on create (nothing conflicts) and in English only (red
    team round 10): a 422 naming the field, in Persian and English, as registrations say."""
    response = getattr(api.client, method)(path, json=body, headers=api.as_(api.admin))
    assert response.status_code == 422, response.text
    [problem] = response.json()["detail"]
    assert problem["field"] == "name" and "2 to 200 characters" in problem["message"]
    assert problem["message_fa"].startswith("نام دستگاه باید ۲ تا ۲۰۰ نویسه باشد")
    agencies = api.client.get("/api/admin/agencies", headers=api.as_(api.admin)).json()
    assert "abfa-karaj" not in {a["id"] for a in agencies}  # nothing stored


@pytest.mark.parametrize("days", [1e-9, 0.01, 0, -1])
def test_a_token_that_would_expire_at_once_is_not_issued(api: Api, days: float) -> None:
    """expires_in_days=1e-9 passed `> 0` and gave a 201 with a token dead on arrival (red team
    round 10). A lifetime under an hour is refused, naming the field, in Persian too."""
    tokens = "/api/admin/tokens"
    before = len(api.client.get(tokens, headers=api.as_(api.admin)).json())
    refused = api.client.post(
        f"/api/admin/agencies/{OWN}/tokens",
        json={"expires_in_days": days},
        headers=api.as_(api.admin),
    )
    assert refused.status_code == 422, refused.text
    [problem] = refused.json()["detail"]
    assert problem["parameter"] == "expires_in_days"
    assert "at least an hour" in problem["message_en"]
    assert problem["message_fa"].startswith("عمر توکن (expires_in_days) باید دست‌کم یک ساعت")
    assert len(api.client.get(tokens, headers=api.as_(api.admin)).json()) == before  # none
    hour = api.client.post(
        f"/api/admin/agencies/{OWN}/tokens",
        json={"expires_in_days": 1 / 24},
        headers=api.as_(api.admin),
    )
    assert hour.status_code == 201
    assert api.client.get("/api/agency/portals", headers=api.as_(hour.json()["token"])).is_success
