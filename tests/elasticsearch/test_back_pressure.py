"""Back-pressure from the real engine: a write refused with HTTP 429 is retried with
back-off, and what the cluster still refuses is named service by service in the crawl
report. The 429 is Elasticsearch's own: the flood-stage block
(``index.blocks.read_only_allow_delete``) refuses writes with TOO_MANY_REQUESTS."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from crawlers.pipelines import report_index_failures
from indexer.backend import IndexingError
from indexer.elasticsearch.backend import ElasticsearchBackend
from registry.reports import CrawlReport
from tests.contract.live import live_backend, skip_without_cluster
from tests.indexer.factories import make_doc

BLOCK = "index.blocks.read_only_allow_delete"


@pytest.fixture
def backend() -> Iterator[ElasticsearchBackend]:
    skip_without_cluster()
    with live_backend("dargah-pressure") as live:
        live.bulk_backoff = 0.1  # 0.1, 0.2, 0.4, 0.8, 1.6 s: the production schedule, shorter
        live.upsert([make_doc("first", "خدمت نخست")])
        yield live


def block_writes(backend: ElasticsearchBackend, on: bool) -> None:
    for index in backend.client.indices.get_alias(name=backend.alias):
        backend.client.indices.put_settings(index=index, settings={BLOCK: True if on else None})


def test_a_429_is_retried_until_the_cluster_takes_the_writes(
    backend: ElasticsearchBackend,
) -> None:
    batch = [make_doc(f"s{n}", f"خدمت شماره {n}") for n in range(20)]
    block_writes(backend, True)
    lifted = threading.Timer(1.0, block_writes, (backend, False))
    lifted.start()
    started = time.monotonic()
    backend.upsert(batch)  # refused with 429 at first; retried, not lost
    lifted.join()
    assert time.monotonic() - started >= 1.0  # it waited for the cluster
    assert backend.count() == 1 + len(batch)
    assert all(backend.get(doc.id) is not None for doc in batch)


def test_writes_still_refused_are_named_in_the_crawl_report(
    backend: ElasticsearchBackend,
) -> None:
    batch = [make_doc(f"s{n}", f"خدمت شماره {n}") for n in range(3)]
    block_writes(backend, True)
    try:
        with pytest.raises(IndexingError) as refused:
            backend.upsert(batch)
    finally:
        block_writes(backend, False)
    report = CrawlReport("police")
    report_index_failures(report, batch, refused.value)
    assert report.errors == {"index_error": 3}
    named = {line.split()[1].rstrip(":"): line for line in report.error_samples}
    assert set(named) == {doc.url for doc in batch}
    assert all(": HTTP 429 " in line for line in named.values())
    assert all("TOO_MANY_REQUESTS" in line for line in report.error_samples)
    assert backend.count() == 1  # what was indexed before is still there
