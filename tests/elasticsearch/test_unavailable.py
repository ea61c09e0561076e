"""A cluster that cannot be reached: citizens get a Persian page or a 503 JSON with a
reason (never a stack trace), and a crawl that starts then fails with a report saying
why, leaving what the index holds alone. Needs no cluster: the node is a closed port."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.backends import BackendSpec
from indexer.elasticsearch.config import ElasticsearchConfig
from registry.reports import CrawlStatus


@pytest.fixture
def dead_url() -> str:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def gateway(tmp_path: Path, dead_url: str) -> TestClient:
    from dargah.app import create_app
    from dargah.settings import Settings

    settings = Settings(
        data_dir=tmp_path, search_backend="elasticsearch", elasticsearch_url=dead_url
    )
    return TestClient(create_app(settings), raise_server_exceptions=False)


def test_the_api_answers_503_with_a_reason(gateway: TestClient) -> None:
    with gateway:
        for path in ("/api/search", "/api/suggest"):
            response = gateway.get(path, params={"q": "پروانه ساختمان"})
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"] == "30"
            detail = response.json()["detail"]
            assert detail["reason"] == "search_unavailable"
            assert "در دسترس نیست" in detail["message_fa"]
            assert "Traceback" not in response.text and "127.0.0.1" not in response.text


def test_health_says_search_is_down(gateway: TestClient) -> None:
    with gateway:
        response = gateway.get("/api/health")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    body = response.json()["cluster"]
    assert body["status"] == "unreachable" and body["degraded"] is True
    assert "در دسترس نیست" in body["message_fa"]


def test_the_search_page_explains_in_persian(gateway: TestClient) -> None:
    with gateway:
        response = gateway.get("/", params={"q": "پروانه ساختمان"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert 'dir="rtl"' in html and "جستجو موقتاً در دسترس نیست" in html
    assert 'value="پروانه ساختمان"' in html  # the search box keeps what was typed
    assert "Traceback" not in html and "ConnectionError" not in html


def test_a_crawl_with_the_cluster_down_fails_and_says_why(tmp_path: Path, dead_url: str) -> None:
    from crawlers.runner import run_crawls_in_subprocess
    from registry.portals import Registry
    from sandbox import start_province
    from tests.crawlers.crawl_helpers import crawl_options

    spec = BackendSpec(
        kind="elasticsearch", elasticsearch=ElasticsearchConfig(hosts=(dead_url,), replicas=0)
    )
    with start_province() as province:
        registrations = province.registrations()[:2]
        reports = run_crawls_in_subprocess(
            registrations, timeout=120, backend=spec, **crawl_options(tmp_path)
        )
    assert [r.portal_id for r in reports] == [r.id for r in registrations]
    for report in reports:
        assert report.status is CrawlStatus.FAILED
        assert "search index unavailable" in report.finish_reason
        assert dead_url in report.finish_reason  # the operator sees which node to check
        assert report.pages_fetched == 0 and report.retired == 0
    registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    try:
        runs = registry.runs(limit=10)
    finally:
        registry.close()
    assert {report.portal_id for _, report in runs} == {r.id for r in registrations}
    assert all(report.status is CrawlStatus.FAILED for _, report in runs)
    assert (tmp_path / "reports" / registrations[0].id).is_dir()
