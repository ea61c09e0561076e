"""A province per test module; tests that stop portals or hide services start their own."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from sandbox import Province, start_province

SLOW_SECONDS = 0.3


@pytest.fixture(scope="module")
def province() -> Iterator[Province]:
    with start_province(slow_seconds=SLOW_SECONDS) as running:
        yield running


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(follow_redirects=False, timeout=10, trust_env=False) as client:
        yield client
