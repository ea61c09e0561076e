"""One backend per parameter: the embedded index always, Elasticsearch when a cluster is
given (see live.py for the environment variables)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.backend import SearchBackend
from indexer.backends import BackendSpec, open_backend
from tests.contract.live import live_backend, skip_without_cluster


@pytest.fixture(params=["embedded", "elasticsearch"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    if request.param == "embedded":
        embedded = open_backend(BackendSpec(index_dir=tmp_path / "index"))
        yield embedded
        embedded.close()
        return
    skip_without_cluster()
    with live_backend("dargah-contract") as live:
        yield live
