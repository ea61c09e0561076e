"""/go/{id}: redirects only to registered portal domains, otherwise a Persian page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dargah.app import create_app
from gateway_api.links import is_safe_deep_link
from registry.portals import Registry
from registry.registration import Registration


def test_go_redirects_to_the_service_page(gateway_client, populated_gateway):
    permit = populated_gateway.docs["permit"]
    response = gateway_client.get(f"/go/{permit.id}")
    assert response.status_code == 302
    assert response.headers["location"] == "https://www.tabriz.ir/services/building-permit"
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("key", ["offsite", "lookalike", "credentials"])
def test_go_refuses_links_outside_registered_portals(gateway_client, populated_gateway, key):
    doc = populated_gateway.docs[key]
    response = gateway_client.get(f"/go/{doc.id}")
    assert response.status_code == 403
    assert "location" not in response.headers
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="fa" dir="rtl">' in response.text
    assert "قابل اعتماد نیست" in response.text
    assert "evil.example" in response.text  # says where the link would have gone
    assert 'href="https://' not in response.text  # ...without offering it as a link


def test_go_unknown_service_is_a_persian_404_page(gateway_client):
    response = gateway_client.get("/go/0123456789abcdef")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "خدمت پیدا نشد" in response.text
    assert 'href="/"' in response.text


@pytest.fixture
def own_gateway(tmp_path, gateway_builder) -> Iterator[tuple[TestClient, Registry, Any]]:
    """A private gateway for tests that change the registry."""
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    with TestClient(create_app(data.settings), follow_redirects=False) as client:
        yield client, registry, data
    registry.close()


def test_unregistering_a_portal_stops_its_links_at_once(own_gateway):
    client, registry, data = own_gateway
    permit = data.docs["permit"]
    assert client.get(f"/go/{permit.id}").status_code == 302
    assert registry.remove_portal("shahrdari-tabriz")
    assert client.get(f"/go/{permit.id}").status_code == 403
    other = data.docs["licence"]
    assert client.get(f"/go/{other.id}").status_code == 302


@pytest.fixture
def registry(tmp_path) -> Iterator[Registry]:
    registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    registry.add_portal(
        Registration.parse(
            {
                "id": "tabriz",
                "agency": "شهرداری تبریز",
                "homepage": "https://www.tabriz.ir/",
                "allowed_domains": ["tabriz.ir"],
            }
        )
    )
    registry.add_portal(
        Registration.parse(
            {"id": "sandbox", "agency": "پرتال آزمایشی", "homepage": "http://127.0.2.5:8081/"}
        )
    )
    yield registry
    registry.close()


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.tabriz.ir/services/permit", True),
        ("http://tabriz.ir/", True),
        ("https://e.services.tabriz.ir/a?b=c#d", True),
        ("HTTPS://WWW.TABRIZ.IR/x", True),
        ("http://127.0.2.5:8081/services/1", True),
        ("http://127.0.2.5:9999/other-port-same-host", True),
        ("http://127.0.2.6:8081/", False),
        ("https://tabriz.ir.evil.example/", False),
        ("https://eviltabriz.ir/", False),
        ("https://www.tabriz.ir@evil.example/", False),
        ("https://user:pw@www.tabriz.ir/", False),
        ("https://evil.example\\@www.tabriz.ir/", False),
        ("https://evil.example\\.tabriz.ir/", False),
        ("https://www.tabriz.ir/a\r\nSet-Cookie: x=1", False),
        ("https://www.tabriz.ir/a b", False),
        ("https://evil.example%2f.tabriz.ir/", False),
        ("https://www.tabriz.ir/%D8%AE%D8%AF%D9%85%D8%A7%D8%AA?a=%20", True),
        ("javascript:alert(1)//tabriz.ir", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("ftp://www.tabriz.ir/file", False),
        ("//www.tabriz.ir/no-scheme", False),
        ("/relative/path", False),
        ("https://www.tabriz.ir:99999/", False),
        ("https://[::1]/", False),
        ("", False),
    ],
)
def test_safe_deep_links(registry, url, safe):
    assert is_safe_deep_link(url, registry) is safe


def test_link_checkers_may_ask_with_head(gateway_client, populated_gateway):
    response = gateway_client.head(f"/go/{populated_gateway.docs['licence'].id}")
    assert response.status_code == 302
    assert response.headers["location"] == "https://rahvar120.ir/khedmat/govahiname-paye-3"
