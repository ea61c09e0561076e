"""A live Elasticsearch for the backend-parametrised suites (contract, relevance).

``GATEWAY_TEST_ELASTICSEARCH_URL`` (one or more node URLs, comma-separated) turns the
Elasticsearch legs on; ``GATEWAY_TEST_ELASTICSEARCH_API_KEY`` or ``..._USERNAME`` /
``..._PASSWORD`` and ``..._CA_CERTS`` authenticate. Each user gets its own alias
(``<prefix>-<random>``) and its indices and template are removed afterwards, so the
suites can share a cluster.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from indexer.backends import BackendSpec, open_backend

if TYPE_CHECKING:
    from indexer.elasticsearch.backend import ElasticsearchBackend

ES_URL = os.environ.get("GATEWAY_TEST_ELASTICSEARCH_URL", "")
NO_CLUSTER = (
    "GATEWAY_TEST_ELASTICSEARCH_URL is not set, so there is no live Elasticsearch to run "
    "against (run: make test-es GATEWAY_TEST_ELASTICSEARCH_URL=http://127.0.0.1:9200)"
)


def skip_without_cluster() -> None:
    if not ES_URL:
        pytest.skip(NO_CLUSTER)


def elasticsearch_spec(alias: str) -> BackendSpec:
    from indexer.elasticsearch.config import ElasticsearchConfig

    env = os.environ.get
    ca = env("GATEWAY_TEST_ELASTICSEARCH_CA_CERTS")
    config = ElasticsearchConfig(
        hosts=ElasticsearchConfig.split_urls(ES_URL),
        alias=alias,
        api_key=env("GATEWAY_TEST_ELASTICSEARCH_API_KEY") or None,
        username=env("GATEWAY_TEST_ELASTICSEARCH_USERNAME") or None,
        password=env("GATEWAY_TEST_ELASTICSEARCH_PASSWORD") or None,
        ca_certs=Path(ca) if ca else None,
        replicas=0,  # a one-node test cluster stays green
    )
    return BackendSpec(kind="elasticsearch", elasticsearch=config)


@contextmanager
def live_backend(prefix: str) -> Iterator[ElasticsearchBackend]:
    """A writable backend on its own alias of the test cluster, removed afterwards."""
    from indexer.elasticsearch.backend import ElasticsearchBackend

    alias = f"{prefix}-{uuid.uuid4().hex[:12]}"
    backend = open_backend(elasticsearch_spec(alias))
    assert isinstance(backend, ElasticsearchBackend)
    try:
        yield backend
    finally:
        client = backend.client
        client.indices.delete(index=f"{alias}-*", ignore_unavailable=True, allow_no_indices=True)
        client.options(ignore_status=404).indices.delete_index_template(name=alias)
        backend.close()
