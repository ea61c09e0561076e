"""A citizen never waits on the registry's write lock (issue 9, item 2).

Another connection (a crawl committing, a registrar's command) holds SQLite's
write lock; searches, the search page and /go must still answer at once, and
their usage logs are written once the lock is released.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from dargah.app import create_app
from registry.portals import Registry

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
FAST = 2.0  # seconds; the registry's busy_timeout is 30 s


@pytest.fixture
def gateway(tmp_path, gateway_builder) -> Iterator[tuple[TestClient, Registry, object]]:
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    with TestClient(create_app(data.settings), follow_redirects=False) as client:
        yield client, registry, data
    registry.close()


def _timed(call) -> tuple[float, object]:
    start = time.monotonic()
    result = call()
    return time.monotonic() - start, result


def test_search_and_go_answer_while_another_connection_holds_the_write_lock(gateway) -> None:
    client, registry, data = gateway
    permit = data.docs["permit"]
    path = data.settings.registry_url.removeprefix("sqlite:///")
    locker = sqlite3.connect(path, isolation_level=None, timeout=1)
    locker.execute("BEGIN IMMEDIATE")  # what a crawl's commit holds
    try:
        took, api = _timed(lambda: client.get("/api/search", params={"q": "پروانه ساختمان"}))
        assert api.status_code == 200 and api.json()["total"] > 0
        assert took < FAST, f"/api/search waited {took:.1f} s on the lock"
        took, page = _timed(lambda: client.get("/", params={"q": "گواهینامه"}))
        assert page.status_code == 200
        assert took < FAST, f"the search page waited {took:.1f} s on the lock"
        took, go = _timed(lambda: client.get(f"/go/{permit.id}"))
        assert (go.status_code, go.headers["location"]) == (302, permit.url)
        assert took < FAST, f"/go waited {took:.1f} s on the lock"
        time.sleep(1.0)  # longer than the writer's flush interval: it is now waiting
        assert registry.top_queries(EPOCH) == []  # nothing could be written yet
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert client.app.state.registry.flush(timeout=40)
    assert sorted(registry.top_queries(EPOCH)) == [("پروانه ساختمان", 1), ("گواهینامه", 1)]
    assert registry.click_counts(EPOCH) == [(permit.id, 1)]
    assert client.app.state.registry.usage.dropped == 0


def test_a_full_log_queue_drops_and_counts_instead_of_waiting(tmp_path, gateway_builder) -> None:
    from registry.serving import ServingRegistry

    data = gateway_builder(tmp_path)
    serving = ServingRegistry(data.settings.registry_url, queue_size=3)
    path = data.settings.registry_url.removeprefix("sqlite:///")
    locker = sqlite3.connect(path, isolation_level=None, timeout=1)
    serving.start()
    locker.execute("BEGIN IMMEDIATE")
    try:
        took, _ = _timed(lambda: [serving.log_click(f"s{i}") for i in range(50)])
        assert took < FAST
        assert serving.usage.dropped >= 40
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert serving.flush(timeout=40)
    assert serving.usage.written + serving.usage.dropped == 50
    serving.close()


def test_searches_answer_while_an_agency_upload_waits_on_the_write_lock(gateway) -> None:
    """An agency uploads its catalogue while a crawl holds the write lock: the upload waits
    for the lock, the citizens' searches meanwhile do not (red team round 3: they waited
    19 s behind a 3-row upload)."""
    import threading

    from registry.records import TokenKind

    client, registry, data = gateway
    agency_id = registry.agencies()[0].id
    _, token = registry.create_token(TokenKind.AGENCY, agency_id=agency_id)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    path = data.settings.registry_url.removeprefix("sqlite:///")
    locker = sqlite3.connect(path, isolation_level=None, timeout=1)
    locker.execute("BEGIN IMMEDIATE")
    uploaded: list[int] = []
    upload = threading.Thread(
        target=lambda: uploaded.append(
            client.put(
                "/api/agency/catalogue", content="title\nتعویض پلاک\n".encode(), headers=headers
            ).status_code
        )
    )
    try:
        upload.start()
        time.sleep(0.5)  # the upload is now waiting on the lock
        api = client.get("/api/search", params={"q": "پروانه ساختمان"})
        page = client.get("/", params={"q": "گواهینامه"})
        # Both answered while the upload still waits: the lock is only released below.
        assert upload.is_alive(), "the searches only answered once the upload gave up"
        assert api.status_code == 200 and api.json()["total"] > 0
        assert page.status_code == 200
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    upload.join(timeout=60)
    assert uploaded == [200]
    assert registry.catalogue(agency_id) is not None


def test_citizens_ratings_are_taken_while_another_connection_holds_the_write_lock(
    gateway,
) -> None:
    """Ratings and problem reports are queued, not written on the request: each used to hold
    a thread and a connection until the lock was released, and a flood of them starved
    every search (red team round 3). They are stored once the lock is released."""
    import re

    client, registry, data = gateway
    permit = data.docs["permit"]
    page = client.get(f"/services/{permit.id}").text
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token is not None
    path = data.settings.registry_url.removeprefix("sqlite:///")
    locker = sqlite3.connect(path, isolation_level=None, timeout=1)
    locker.execute("BEGIN IMMEDIATE")
    try:
        for stars in ("5", "4"):
            took, sent = _timed(
                lambda stars=stars: client.post(
                    f"/services/{permit.id}/rating",
                    data={"rating": stars, "token": token.group(1)},
                )
            )
            assert sent.status_code == 303 and took < FAST, f"a rating waited {took:.1f} s"
        took, reported = _timed(
            lambda: client.post(
                f"/services/{permit.id}/report",
                data={"kind": "broken_link", "token": token.group(1)},
            )
        )
        assert reported.status_code == 303 and took < FAST, f"a report waited {took:.1f} s"
        took, api = _timed(lambda: client.get("/api/search", params={"q": "پروانه ساختمان"}))
        assert api.status_code == 200 and took < FAST
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert client.app.state.registry.flush(timeout=40)
    agency = registry.portal_agency(permit.portal_id) or permit.portal_id
    assert sorted(r.rating for r in registry.ratings(agency)) == [4, 5]
    assert len(registry.reports(agency)) == 1


def test_wrong_tokens_answer_at_once_while_another_connection_holds_the_write_lock(
    gateway,
) -> None:
    """Red team 13 F04: each failed sign-in used to write its audit entry on the request,
    waiting up to the 30 s busy timeout in the threads /go needs. Bad tokens are now refused
    at once, /go answers at once, and every failure is audited once the lock is released."""
    client, registry, data = gateway
    permit = data.docs["permit"]
    path = data.settings.registry_url.removeprefix("sqlite:///")
    locker = sqlite3.connect(path, isolation_level=None, timeout=1)
    locker.execute("BEGIN IMMEDIATE")
    try:
        for _ in range(3):
            took, refused = _timed(
                lambda: client.get(
                    "/api/agency/portals", headers={"Authorization": "Bearer dargah_wrong"}
                )
            )
            assert refused.status_code == 401 and took < FAST, f"a bad token waited {took:.1f} s"
        took, login = _timed(lambda: client.get("/dashboard/login"))
        assert login.status_code == 200 and took < FAST
        took, go = _timed(lambda: client.get(f"/go/{permit.id}"))
        assert go.status_code == 302 and took < FAST, f"/go waited {took:.1f} s"
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert client.app.state.registry.flush(timeout=40)
    failed = [e for e in registry.audit_log(limit=20) if e.action == "login_failed"]
    assert sorted(e.detail["failures"] for e in failed) == [1, 2, 3]


def test_audit_entries_a_full_queue_cannot_take_are_counted_in_the_audit_log(
    tmp_path, gateway_builder
) -> None:
    """Nothing is lost silently: when the write queue is full (the registry locked for
    long), failed sign-ins are not waited for, and how many went unrecorded is itself
    written to the audit log once the registry is free."""
    from registry.serving import ServingRegistry

    data = gateway_builder(tmp_path)
    serving = ServingRegistry(data.settings.registry_url, queue_size=3)
    path = data.settings.registry_url.removeprefix("sqlite:///")
    locker = sqlite3.connect(path, isolation_level=None, timeout=1)
    serving.start()
    locker.execute("BEGIN IMMEDIATE")
    try:
        took, _ = _timed(
            lambda: [
                serving.queue_audit("anonymous", "login_failed", "client:x", {"n": i})
                for i in range(20)
            ]
        )
        assert took < FAST
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert serving.flush(timeout=40)
    entries = serving.audit_log(limit=50)
    written = [e for e in entries if e.action == "login_failed"]
    counted = [e.detail["count"] for e in entries if e.action == "audit_entries_dropped"]
    assert len(written) + sum(counted) == 20 and sum(counted) >= 10
    assert serving.usage.audit_dropped == sum(counted)
    serving.close()
