"""The whole product on a live Elasticsearch: the sandbox province crawled into the cluster,
then the API and the search page served from it (``make test-es``; skipped without a
cluster, see tests/contract/live.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from registry.portals import Registry
from registry.records import TokenKind
from registry.reports import CrawlReport, CrawlStatus
from tests.contract.live import ES_URL, elasticsearch_spec, live_backend, skip_without_cluster
from tests.search_ui.dashboard_forms import login


@dataclass(frozen=True)
class CrawledCluster:
    alias: str
    data_dir: Path  # the registry and reports of the crawl
    reports: dict[str, CrawlReport]
    count: int  # services in the cluster after the crawl
    client: TestClient  # the gateway on that cluster


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawledCluster]:
    skip_without_cluster()
    from crawlers.runner import run_crawls_in_subprocess
    from dargah.app import create_app
    from dargah.settings import Settings
    from sandbox import start_province
    from tests.crawlers.crawl_helpers import crawl_options

    tmp = tmp_path_factory.mktemp("crawl-es")
    with start_province(slow_seconds=0.2) as province, live_backend("dargah-crawl") as live:
        reports = run_crawls_in_subprocess(
            province.registrations(),
            timeout=240,
            backend=elasticsearch_spec(live.alias),
            # a shared CI machine can be slow: loopback pages get time, not timeouts
            **crawl_options(tmp, overrides={"DOWNLOAD_TIMEOUT": 30, "RETRY_TIMES": 2}),
        )
        settings = Settings(
            data_dir=tmp,
            search_backend="elasticsearch",
            elasticsearch_url=ES_URL,
            elasticsearch_index=live.alias,
            elasticsearch_replicas=0,
        )
        with TestClient(create_app(settings), follow_redirects=False) as client:
            yield CrawledCluster(
                live.alias, tmp, {r.portal_id: r for r in reports}, live.count(), client
            )


def test_the_province_crawls_into_the_cluster(crawled: CrawledCluster) -> None:
    from sandbox import PORTAL_IDS, ground_truth

    assert set(crawled.reports) == set(PORTAL_IDS)
    for report in crawled.reports.values():
        assert report.status is not CrawlStatus.FAILED, report.to_dict()
        assert not report.errors.get("index_error"), report.error_samples
    stored = sum(r.new + r.updated + r.unchanged for r in crawled.reports.values())
    assert crawled.count == stored
    truth = sum(len(ground_truth(p)) for p in PORTAL_IDS)
    assert crawled.count >= 0.9 * truth  # what the crawler finds lands in the cluster


def test_the_api_searches_the_cluster(crawled: CrawledCluster) -> None:
    response = crawled.client.get("/api/search", params={"q": "صدور سند المثنی"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] > 0
    first = body["results"][0]
    assert first["title"] == "صدور سند المثنی"
    assert first["agency_id"] == "sabt-alborz"
    assert "<mark>" in first["snippet"]
    assert first["go_url"] == f"/go/{first['id']}"
    # the redirect reads the service back from the cluster
    go = crawled.client.get(first["go_url"])
    assert go.status_code in (302, 303, 307), go.text
    assert go.headers["location"] == first["url"]


def test_the_search_page_shows_the_cluster_results_in_persian(crawled: CrawledCluster) -> None:
    response = crawled.client.get("/", params={"q": "انشعاب آب"})
    assert response.status_code == 200, response.text
    html = response.text
    assert 'dir="rtl"' in html
    assert "واگذاری انشعاب آب مسکونی" in html and "<mark>" in html


def test_autocomplete_reads_the_cluster(crawled: CrawledCluster) -> None:
    response = crawled.client.get("/api/suggest", params={"q": "واگذاری انشع"})
    assert response.status_code == 200, response.text
    assert "واگذاری انشعاب آب مسکونی" in response.text


def test_health_shows_a_degraded_cluster_in_persian(crawled: CrawledCluster) -> None:
    from elasticsearch import Elasticsearch

    es = Elasticsearch(ES_URL)
    spare = f"{crawled.alias}-needs-a-replica"  # one node cannot hold its replica: yellow
    es.indices.create(index=spare, settings={"number_of_shards": 1, "number_of_replicas": 1})
    try:
        es.cluster.health(index=spare, wait_for_status="yellow", timeout="30s")
        response = crawled.client.get("/api/health")
        assert response.status_code == 200, response.text  # every search is still served
        assert response.json()["status"] == "ready"
        body = response.json()["cluster"]
        assert body["backend"] == "elasticsearch" and body["status"] == "yellow"
        assert body["degraded"] is True and body["unassigned_shards"] >= 1
        assert "کاهش‌یافته" in body["message_fa"]
        # the registrar sees it first thing on the dashboard
        registry = Registry(f"sqlite:///{crawled.data_dir / 'registry.sqlite3'}")
        _, token = registry.create_token(TokenKind.ADMIN, label="ict")
        registry.close()
        assert login(crawled.client, token).status_code == 303
        dashboard = crawled.client.get("/dashboard")
        assert dashboard.status_code == 200
        assert 'id="search-health"' in dashboard.text and "کاهش‌یافته" in dashboard.text
    finally:
        es.indices.delete(index=spare)
        es.close()


def test_health_says_an_index_built_by_an_older_analysis_needs_a_reindex(
    crawled: CrawledCluster,
) -> None:
    from elasticsearch import Elasticsearch

    from indexer.normalize import ANALYSIS_VERSION

    es = Elasticsearch(ES_URL)
    try:
        assert crawled.client.get("/api/health").json()["cluster"]["status"] == "green"
        # what an index built by an older Dargah says of itself
        es.indices.put_mapping(index=crawled.alias, meta={"analysis_version": ANALYSIS_VERSION - 1})
        response = crawled.client.get("/api/health")
        assert response.status_code == 200  # every search is still served
        body = response.json()["cluster"]
        assert body["status"] == "outdated" and body["degraded"] is True
        assert "dargah reindex" in body["message_fa"]
    finally:
        es.indices.put_mapping(index=crawled.alias, meta={"analysis_version": ANALYSIS_VERSION})
        es.close()
