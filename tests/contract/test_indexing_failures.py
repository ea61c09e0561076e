"""Services a backend refuses are named one by one in the crawl report, never as a batch.

Elasticsearch refuses single documents of a bulk request (``IndexingError`` carries each
id and reason, see indexer/backend.py); the crawl pipeline must then report exactly those
services and not the whole batch as lost.
"""

from __future__ import annotations

from crawlers.pipelines import report_index_failures
from indexer.backend import IndexingError
from registry.reports import CrawlReport
from tests.indexer.factories import make_doc


def test_each_refused_service_is_reported_by_its_page() -> None:
    batch = [make_doc(f"s{n}", f"خدمت {n}") for n in range(100)]
    refused = {
        batch[3].id: "HTTP 400 mapper_parsing_exception: bad",
        batch[70].id: "HTTP 429 es_rejected_execution_exception: full",
    }
    report = CrawlReport("police")
    report_index_failures(report, batch, IndexingError(refused, len(batch)))
    assert report.errors == {"index_error": 2}
    assert report.error_samples == [
        f"index_error {batch[3].url}: HTTP 400 mapper_parsing_exception: bad",
        f"index_error {batch[70].url}: HTTP 429 es_rejected_execution_exception: full",
    ]
    assert not any("100 services" in line for line in report.error_samples)
