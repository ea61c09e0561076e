"""The crawled sandbox province, once per session, for the relevance tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.relevance.harness import Report, crawled_province, run


@pytest.fixture(scope="session")
def relevance_report() -> Iterator[Report]:
    with crawled_province() as index_dir:
        yield run(index_dir)
