"""Broken deep links: flagged in the service JSON, explained by /go instead of a redirect."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dargah.app import create_app
from registry.portals import Registry
from registry.records import LinkCheck

# 10:30 on 1405/09/02 in Tehran
CHECKED_AT = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


@pytest.fixture
def gateway(tmp_path, gateway_builder) -> Iterator[tuple[TestClient, Registry, Any]]:
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    with TestClient(create_app(data.settings), follow_redirects=False) as client:
        yield client, registry, data
    registry.close()


def checked(registry: Registry, doc: Any, error: str, status: int | None) -> None:
    registry.record_link_checks(
        [LinkCheck(doc.id, doc.portal_id, doc.url, status, "", CHECKED_AT, error)]
    )


def test_service_json_carries_the_link_status(gateway):
    client, registry, data = gateway
    permit, zoning = data.docs["permit"], data.docs["zoning"]
    unchecked = client.get(f"/api/services/{permit.id}").json()
    assert (unchecked["broken"], unchecked["link_status"]) == (False, None)

    checked(registry, permit, "http_404", 404)
    checked(registry, zoning, "", 200)
    broken = client.get(f"/api/services/{permit.id}").json()
    assert broken["broken"] is True
    assert broken["link_status"] == {
        "broken": True,
        "error": "http_404",
        "status": 404,
        "final_url": "",
        "checked_at": "2026-11-23T07:00:00Z",
    }
    fine = client.get(f"/api/services/{zoning.id}").json()
    assert (fine["broken"], fine["link_status"]["status"]) == (False, 200)


GONE = [
    ("http_404", 404),
    ("redirect_to_homepage", 200),
    ("redirect_off_domain: evil.example", 302),
    ("browser_sent_away: evil.example", 302),  # to browsers only (red team round 12)
]


@pytest.mark.parametrize(("error", "status"), GONE)
def test_go_explains_a_gone_page_and_links_the_agency_homepage(gateway, error, status):
    client, registry, data = gateway
    permit = data.docs["permit"]
    checked(registry, permit, error, status)
    response = client.get(f"/go/{permit.id}")
    assert response.status_code == 404
    assert "location" not in response.headers
    assert '<html lang="fa" dir="rtl">' in response.text
    assert "پیوند این خدمت کار نمی‌کند" in response.text
    assert permit.title in response.text and permit.agency in response.text
    assert "۱۴۰۵/۰۹/۰۲" in response.text  # when it was checked, in the Jalali calendar
    homepage = data.portals[permit.portal_id].homepage
    assert f'href="{homepage}"' in response.text
    assert f'href="{permit.url}"' not in response.text  # not sent into the dead page
    assert "evil.example" not in response.text


def test_go_says_why_a_page_that_sends_browsers_away_is_not_opened(gateway):
    """Cloaking by User-Agent (red team round 12): the page is shown to robots and sends
    browsers to a casino. /go says so, and names no casino."""
    client, registry, data = gateway
    permit = data.docs["permit"]
    checked(registry, permit, "browser_sent_away: evil.example", 302)
    response = client.get(f"/go/{permit.id}")
    assert response.status_code == 404
    assert "پیوند این خدمت کار نمی‌کند" in response.text
    assert "مرورگر بازدیدکننده را به وبگاه دیگری می‌فرستد" in response.text
    assert "evil.example" not in response.text


def test_go_offers_to_try_anyway_when_the_portal_was_only_unreachable(gateway):
    client, registry, data = gateway
    permit = data.docs["permit"]
    checked(registry, permit, "timeout", None)
    response = client.get(f"/go/{permit.id}")
    assert response.status_code == 502
    assert "پاسخ نداد" in response.text
    assert f'href="{permit.url}"' in response.text


def test_go_still_redirects_when_the_check_passed(gateway):
    client, registry, data = gateway
    permit = data.docs["permit"]
    checked(registry, permit, "", 200)
    response = client.get(f"/go/{permit.id}")
    assert (response.status_code, response.headers["location"]) == (302, permit.url)


def test_search_results_flag_broken_deep_links(gateway):
    client, registry, data = gateway
    permit, renewal = data.docs["permit"], data.docs["permit_renewal"]
    checked(registry, permit, "http_404", 404)
    checked(registry, renewal, "", 200)  # checked and fine: not flagged
    body = client.get("/api/search", params={"q": "پروانه ساختمان"}).json()
    flags = {r["id"]: r["broken"] for r in body["results"]}
    assert flags[permit.id] is True
    assert flags[renewal.id] is False
    assert sum(flags.values()) == 1  # unchecked links are not suspected
    assert next(r for r in body["results"] if r["id"] == permit.id)["go_url"] == f"/go/{permit.id}"
