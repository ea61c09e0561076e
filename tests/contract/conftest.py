"""One backend per parameter: the embedded index always, Elasticsearch when a cluster is given.

``GATEWAY_TEST_ELASTICSEARCH_URL`` (one or more node URLs, comma-separated) turns the
Elasticsearch leg on; ``GATEWAY_TEST_ELASTICSEARCH_API_KEY`` or ``..._USERNAME`` /
``..._PASSWORD`` and ``..._CA_CERTS`` authenticate. Each test gets its own alias
(``dargah-contract-<random>``) and removes its indices and template afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.backend import SearchBackend
from indexer.backends import BackendSpec, open_backend

ES_URL = os.environ.get("GATEWAY_TEST_ELASTICSEARCH_URL", "")
NO_CLUSTER = (
    "GATEWAY_TEST_ELASTICSEARCH_URL is not set, so there is no live Elasticsearch to run the "
    "contract against (run: make test-es GATEWAY_TEST_ELASTICSEARCH_URL=http://127.0.0.1:9200)"
)


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


def _drop(backend: SearchBackend, alias: str) -> None:
    client = backend.client  # type: ignore[attr-defined]
    client.indices.delete(index=f"{alias}-*", ignore_unavailable=True, allow_no_indices=True)
    client.indices.delete_index_template(name=alias, ignore_unavailable=True)


@pytest.fixture(params=["embedded", "elasticsearch"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    if request.param == "embedded":
        embedded = open_backend(BackendSpec(index_dir=tmp_path / "index"))
        yield embedded
        embedded.close()
        return
    if not ES_URL:
        pytest.skip(NO_CLUSTER)
    alias = f"dargah-contract-{uuid.uuid4().hex[:12]}"
    live = open_backend(elasticsearch_spec(alias))
    try:
        yield live
    finally:
        _drop(live, alias)
        live.close()
