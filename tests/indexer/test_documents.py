"""A service's identity: the canonical URL it is known and deep-linked by."""

from __future__ import annotations

import pytest

from indexer.documents import canonical_url, service_id


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://P.IR/s?b=2&a=1#top", "https://p.ir/s?a=1&b=2"),  # one spelling per page
        ("https://p.ir", "https://p.ir/"),
        # a route in the query string is the page itself: re-encoded as a parameter
        # («?news%2F2411%2F279113=») it is a page the portal does not have
        (
            "https://p.ir/Portal/home/?news/2411/279113",
            "https://p.ir/Portal/home/?news/2411/279113",
        ),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_the_service_id_follows_the_canonical_url() -> None:
    assert service_id("https://p.ir/s?b=2&a=1") == service_id("https://P.IR/s?a=1&b=2#x")
