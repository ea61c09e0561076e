"""The crawled sandbox province, once per session, evaluated on each backend: the embedded
index always, Elasticsearch when ``GATEWAY_TEST_ELASTICSEARCH_URL`` names a cluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.contract.live import skip_without_cluster
from tests.relevance.harness import (
    Report,
    crawled_province,
    evaluate_backend,
    on_elasticsearch,
    run,
)


@pytest.fixture(scope="session")
def crawled_index() -> Iterator[Path]:
    with crawled_province() as index_dir:
        yield index_dir


@pytest.fixture(scope="session")
def embedded_report(crawled_index: Path) -> Report:
    return run(crawled_index)


@pytest.fixture(scope="session")
def elasticsearch_report(request: pytest.FixtureRequest) -> Iterator[Report]:
    skip_without_cluster()  # before crawling: a skipped leg costs nothing
    index_dir: Path = request.getfixturevalue("crawled_index")
    with on_elasticsearch(index_dir) as backend:
        yield evaluate_backend(backend)


@pytest.fixture(scope="session", params=["embedded", "elasticsearch"])
def relevance_report(request: pytest.FixtureRequest) -> Report:
    if request.param == "elasticsearch":
        skip_without_cluster()
    report: Report = request.getfixturevalue(f"{request.param}_report")
    return report
