"""What the search page adds from the registry: broken-link badges and the query log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dargah.app import create_app
from registry.portals import Registry
from registry.records import LinkCheck

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass
class Site:
    client: TestClient
    registry: Registry
    docs: dict[str, Any]


@pytest.fixture
def site(tmp_path, gateway_builder) -> Iterator[Site]:
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    with TestClient(create_app(data.settings), follow_redirects=False) as client:
        yield Site(client, registry, data.docs)
    registry.close()


def article(html: str, doc_id: str) -> str:
    start = html.index(f'id="hit-{doc_id}"')
    return html[start : html.index("</article>", start)]


def test_a_result_with_a_broken_link_carries_a_badge_and_still_goes_through_go(site: Site) -> None:
    permit, renewal = site.docs["permit"], site.docs["permit_renewal"]
    site.registry.record_link_checks(
        [
            LinkCheck(
                permit.id, permit.portal_id, permit.url, 404, "", datetime.now(UTC), "http_404"
            ),
            LinkCheck(renewal.id, renewal.portal_id, renewal.url, 200, "", datetime.now(UTC)),
        ]
    )
    html = site.client.get("/", params={"q": "پروانه ساختمان"}).text
    broken = article(html, permit.id)
    assert '<span class="badge badge-broken"' in broken and ">پیوند خراب</span>" in broken
    assert f'href="/go/{permit.id}"' in broken and permit.url not in broken
    assert "badge-broken" not in article(html, renewal.id)
    assert html.count("badge-broken") == 1
    # the link leads to the explanation, not into the portal's 404 page
    explained = site.client.get(f"/go/{permit.id}")
    assert explained.status_code == 404 and "پیوند این خدمت کار نمی‌کند" in explained.text


def test_the_search_page_logs_each_search_once(site: Site) -> None:
    client = site.client
    client.get("/", params={"q": "پروانه ساختمان"})
    client.get("/", params={"q": "پروانه ساختمان", "size": "3", "page": "2"})  # reading on
    client.get("/", params={"q": "پروانه ساختمان", "agency": "rah-shahrsazi"})
    client.get("/", params={"q": "زیردریایی"})
    client.get("/")  # the landing page
    client.get("/", params={"agency": "maliat"})  # browsing, no text
    client.head("/", params={"q": "پروانه ساختمان"})  # a monitor, not a citizen
    assert client.app.state.registry.flush()  # logs are written in the background
    assert site.registry.top_queries(EPOCH) == [("پروانه ساختمان", 2), ("زیردریایی", 1)]
    assert site.registry.zero_result_queries(EPOCH) == [("زیردریایی", 1)]
