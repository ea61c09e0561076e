"""The sandbox province, crawled once per session (in a subprocess: the reactor cannot restart)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from crawl_helpers import SLOW_PAGE_SECONDS, Crawled, crawl

import sandbox


@pytest.fixture(scope="session")
def province() -> Iterator[sandbox.Province]:
    with sandbox.start_province(slow_seconds=SLOW_PAGE_SECONDS) as running:
        yield running


@pytest.fixture(scope="session")
def first_crawl(province: sandbox.Province, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    tmp = tmp_path_factory.mktemp("province")
    started = time.monotonic()
    reports = crawl(province.registrations(), tmp)
    return Crawled(tmp, {r.portal_id: r for r in reports}, time.monotonic() - started)
