"""Repeated searches come from memory, and never outlive a change (issue 9, item 3):
a crawl's commit to the index and a link check's broken mark show at the next search."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from dargah.app import create_app
from indexer.backends import open_backend
from indexer.documents import ServiceDocument
from registry.portals import Registry
from registry.records import LinkCheck


def test_cached_answers_follow_index_commits_and_link_checks(tmp_path, gateway_builder) -> None:
    data: Any = gateway_builder(tmp_path)
    permit = data.docs["permit"]
    with TestClient(create_app(data.settings)) as client:
        first = client.get("/api/search", params={"q": "پروانه ساختمان"}).json()
        assert client.get("/api/search", params={"q": "پروانه ساختمان"}).json() == first
        answers = client.app.state.search_answers
        assert len(answers._answers) == 1  # the second came from the cache

        # a crawl (another process, another writer) commits a new service
        writer = open_backend(data.settings.index_dir)
        new = ServiceDocument(
            id="f" * 16,
            portal_id=permit.portal_id,
            agency=permit.agency,
            url=permit.url + "-new",
            title="پروانه ساختمان صنعتی",
            crawled_at=datetime.now(UTC),
        )
        writer.upsert([new])
        writer.close()
        after = client.get("/api/search", params={"q": "پروانه ساختمان"}).json()
        assert after["total"] == first["total"] + 1
        assert new.id in [r["id"] for r in after["results"]]

        # the link checker (the worker process) finds the permit's page gone
        registry = Registry(data.settings.registry_url)
        registry.record_link_checks(
            [LinkCheck(permit.id, permit.portal_id, permit.url, 404, "", datetime.now(UTC), "x")]
        )
        registry.close()
        marked = client.get("/api/search", params={"q": "پروانه ساختمان"}).json()
        flags = {r["id"]: r["broken"] for r in marked["results"]}
        assert flags[permit.id] is True
