"""Elasticsearch beside tantivy on the same synthetic province, in the same run.

Needs a live cluster (``--elasticsearch URL``, e.g. the node of ``make es``); the
stage writes to its own alias (``dargah-bench-<random>``) and removes it afterwards.
Both engines get the same documents in the crawl's batches of 1,000 (each batch
durable and searchable before the next, as a crawl writes), the same 1,000 queries
through the same :class:`SearchBackend` interface; the Elasticsearch rebuild path
(one bulk stream into a fresh index, as ``dargah reindex`` does) is measured too.
"""

from __future__ import annotations

import tempfile
import uuid
from itertools import batched
from pathlib import Path

from bench.corpus import documents, queries
from bench.stats import latency, rate, row
from indexer.backend import SearchBackend, SearchQuery
from indexer.backends import BackendSpec, open_backend
from indexer.documents import ServiceDocument
from indexer.elasticsearch.backend import ElasticsearchBackend
from indexer.elasticsearch.config import ElasticsearchConfig

BATCH = 1000
WARMUP = 20  # searches before the measured ones


def _load(backend: SearchBackend, docs: list[ServiceDocument]) -> float:
    def load() -> int:
        for chunk in batched(docs, BATCH):
            backend.upsert(list(chunk))
        return len(docs)

    return rate(load)


def _cluster(url: str, alias: str) -> ElasticsearchBackend:
    config = ElasticsearchConfig(
        hosts=ElasticsearchConfig.split_urls(url), alias=alias, replicas=0, request_timeout=120
    )
    backend = open_backend(BackendSpec(kind="elasticsearch", elasticsearch=config))
    assert isinstance(backend, ElasticsearchBackend)
    return backend


def _queries_run(backend: ElasticsearchBackend) -> int:
    """Searches and counts the alias's index has answered so far (one shard): what one
    citizen's search costs the cluster in round trips, which latency on loopback hides."""
    stats = backend.client.indices.stats(index=backend.alias, metric="search").body
    # counts every search and _count, those answered from the shard request cache too
    return int(stats["_all"]["total"]["search"]["query_total"])


def _drop(backend: ElasticsearchBackend) -> None:
    client = backend.client
    client.indices.delete(index=f"{backend.alias}-*", allow_no_indices=True)
    client.options(ignore_status=404).indices.delete_index_template(name=backend.alias)
    backend.close()


def run(count: int, url: str) -> list[str]:
    docs = list(documents(count))
    asked = queries(1000)
    lines = []
    with tempfile.TemporaryDirectory(prefix="dargah-bench-es-") as tmp:
        tantivy = open_backend(Path(tmp) / "index")
        es = _cluster(url, f"dargah-bench-{uuid.uuid4().hex[:12]}")
        try:
            tantivy_rate = _load(tantivy, docs)
            es_rate = _load(es, docs)
            lines.append(
                row(
                    f"indexing ({count:,}, batches of {BATCH})",
                    f"{es_rate:8.0f} docs/s",
                    "tantivy (embedded)",
                    f"{tantivy_rate:8.0f} docs/s",
                    es_rate / tantivy_rate,
                )
            )
            rebuild_rate = rate(lambda: es.rebuild(iter(docs)).documents)
            lines.append(
                row(
                    "reindex (one bulk stream)",
                    f"{rebuild_rate:8.0f} docs/s",
                    "tantivy (embedded)",
                    f"{tantivy_rate:8.0f} docs/s",
                    rebuild_rate / tantivy_rate,
                )
            )
            before = _queries_run(es)
            ours = latency(lambda q: es.search(SearchQuery(q)), asked, warmup=WARMUP)
            per_search = (_queries_run(es) - before) / (len(asked) + WARMUP)
            theirs = latency(lambda q: tantivy.search(SearchQuery(q)), asked)
            lines.append(
                row(
                    "search top-10 (full)",
                    str(ours),
                    "tantivy (embedded)",
                    str(theirs),
                    ours.p99_ms / theirs.p99_ms,
                )
            )
            lines.append(
                row(
                    "queries per search (full)",
                    f"{per_search:8.2f}",
                    "one bare _search",
                    f"{1:8.2f}",
                    per_search,
                )
            )
            typed = [q[: max(2, len(q) * 2 // 3)] for q in asked]
            ours = latency(es.complete, typed)
            theirs = latency(tantivy.complete, typed)
            lines.append(
                row(
                    "complete() 8 titles",
                    str(ours),
                    "tantivy (embedded)",
                    str(theirs),
                    ours.p99_ms / theirs.p99_ms,
                )
            )
        finally:
            tantivy.close()
            _drop(es)
    return lines
