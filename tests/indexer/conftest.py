"""Fixtures of the indexer tests: real index directories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.tantivy_backend import TantivyBackend


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[TantivyBackend]:
    b = TantivyBackend(tmp_path / "index")
    yield b
    b.close()
