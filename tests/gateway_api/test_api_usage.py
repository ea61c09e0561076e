"""Query and click logs from real requests: what is counted, what is not, and that a
broken log never breaks a search or a redirect."""

from __future__ import annotations

import logging
import sqlite3
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
class Gateway:
    client: TestClient
    registry: Registry
    data: Any

    def flush(self) -> None:
        """Logs are written in the background: wait for what was queued so far."""
        assert self.client.app.state.registry.flush()

    def queries(self) -> list[tuple[str, int]]:
        self.flush()
        return self.registry.top_queries(EPOCH)

    def zero(self) -> list[tuple[str, int]]:
        self.flush()
        return self.registry.zero_result_queries(EPOCH)

    def clicks(self) -> list[tuple[str, int]]:
        self.flush()
        return self.registry.click_counts(EPOCH)


@pytest.fixture
def gateway(tmp_path, gateway_builder) -> Iterator[Gateway]:
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    with TestClient(create_app(data.settings), follow_redirects=False) as client:
        yield Gateway(client, registry, data)
    registry.close()


def test_each_search_is_logged_once_with_its_result_count(gateway: Gateway) -> None:
    client = gateway.client
    assert client.get("/api/search", params={"q": "پروانه ساختمان"}).status_code == 200
    client.get("/api/search", params={"q": "پروانه  ساختمان", "page": 2, "size": 3})  # page 2
    client.get("/api/search", params={"q": "پروانه ساختمان", "agency": "rah-shahrsazi"})
    client.get("/api/search", params={"q": "زیردریایی"})
    assert gateway.queries() == [("پروانه ساختمان", 2), ("زیردریایی", 1)]
    assert gateway.zero() == [("زیردریایی", 1)]


def test_a_search_matching_only_part_of_the_query_is_logged_as_weak(gateway: Gateway) -> None:
    client = gateway.client
    assert client.get("/api/search", params={"q": "تمدید پروانه ماهیگیری"}).json()["match"] == (
        "partial"
    )
    client.get("/api/search", params={"q": "تمدید پروانه ساختمان"})  # every word found
    client.get("/api/search", params={"q": "زیردریایی"})  # nothing: zero-result, not weak
    gateway.flush()  # the log is written in the background
    assert gateway.registry.weak_queries(EPOCH) == [("تمدید پروانه ماهیگیری", 1)]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/search", {"q": ""}),  # nothing typed
        ("/api/search", {"q": "   "}),
        ("/api/search", {"agency": "maliat"}),  # browsing an agency is not a query
        ("/api/search", {"q": "پروانه", "page": 3}),  # reading further, not asking again
        ("/api/suggest", {"q": "پروانه"}),  # autocomplete keystrokes
        ("/api/search", {"q": "پروانه", "size": 0}),  # refused (422)
    ],
)
def test_what_is_not_a_search_is_not_logged(gateway: Gateway, path: str, params: dict) -> None:
    gateway.client.get(path, params=params)
    assert gateway.queries() == []


def test_personal_numbers_typed_into_search_are_never_stored(gateway: Gateway) -> None:
    gateway.client.get("/api/search", params={"q": "استعلام کد ملی 0012345678"})
    assert gateway.queries() == [("استعلام کد ملی #", 1)]


def test_a_redirect_by_go_counts_as_a_click(gateway: Gateway) -> None:
    permit, licence = gateway.data.docs["permit"], gateway.data.docs["licence"]
    for doc in (permit, licence, permit):
        response = gateway.client.get(f"/go/{doc.id}")
        assert response.status_code == 302
    assert gateway.clicks() == [(permit.id, 2), (licence.id, 1)]


def test_what_is_not_a_citizen_leaving_is_not_a_click(gateway: Gateway) -> None:
    permit, licence = gateway.data.docs["permit"], gateway.data.docs["licence"]
    assert gateway.client.head(f"/go/{permit.id}").status_code == 302  # a link checker asking
    assert gateway.client.get("/go/no-such-service").status_code == 404
    gateway.registry.record_link_checks(
        [
            LinkCheck(
                licence.id, licence.portal_id, licence.url, 404, "", datetime.now(UTC), "http_404"
            )
        ]
    )
    assert gateway.client.get(f"/go/{licence.id}").status_code == 404  # explained, not sent
    assert gateway.clicks() == []


def drop_table(gateway: Gateway, table: str) -> None:
    """Break the real database under the running app (as a failed migration or a full
    disk would): the table the log writes to is gone."""
    path = gateway.data.settings.registry_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute(f"DROP TABLE {table}")


def test_a_failing_query_log_never_breaks_search(
    gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    drop_table(gateway, "query_log")
    with caplog.at_level(logging.WARNING, logger="gateway_api.usage"):
        response = gateway.client.get("/api/search", params={"q": "پروانه ساختمان"})
        gateway.flush()
        page = gateway.client.get("/", params={"q": "پروانه ساختمان"})
        gateway.flush()
    assert response.status_code == 200 and response.json()["total"] > 0
    assert page.status_code == 200 and "صدور پروانه ساختمان مسکونی" in page.text
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2 and "could not log a search query" in warnings[0].getMessage()


def test_a_failing_click_log_never_breaks_the_redirect(
    gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    permit = gateway.data.docs["permit"]
    drop_table(gateway, "click_log")
    with caplog.at_level(logging.WARNING, logger="gateway_api.usage"):
        response = gateway.client.get(f"/go/{permit.id}")
        gateway.flush()
    assert (response.status_code, response.headers["location"]) == (302, permit.url)
    assert any("could not log a click" in r.getMessage() for r in caplog.records)


def test_one_client_cannot_fill_the_query_log_or_own_the_top_searches(
    tmp_path, gateway_builder
) -> None:
    """Red team 13 F06: one anonymous client repeated a phishing phrase until it was the
    registrar's top search. Every search is still answered; only the first few of a
    client's searches in an hour are logged."""
    data = gateway_builder(tmp_path)
    settings = data.settings.model_copy(update={"usage_log_per_client_hour": 5})
    registry = Registry(data.settings.registry_url)
    with TestClient(create_app(settings), follow_redirects=False) as client:
        phrase = "پرداخت عوارض در zarinpal-payments.example"
        answers = [client.get("/api/search", params={"q": phrase}) for _ in range(8)]
        answers += [client.get("/", params={"q": phrase}) for _ in range(3)]
        assert {a.status_code for a in answers} == {200}
        assert client.app.state.registry.flush()
    assert registry.top_queries(EPOCH) == [("پرداخت عوارض در zarinpal-payments.example", 5)]
    registry.close()
