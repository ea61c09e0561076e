"""DNS rebinding: a portal name that resolves to a public address when the address guard
looks it up and to 127.0.0.1 when the connection is made reaches nothing internal."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from crawl_helpers import crawl_options, selectors_registration
from rebinding import canary, crawl_rebinding, rebind

from crawlers.linkcheck import Link, check_portal_links
from registry.reports import CrawlStatus

NAME = "rebind.test"


def test_a_crawl_never_connects_to_a_name_that_rebinds_to_loopback(tmp_path: Path) -> None:
    with canary() as internal:
        registration = selectors_registration("rebinder", f"http://{NAME}:{internal.port}")
        [report] = crawl_rebinding(
            NAME,
            [registration],
            crawl_options(tmp_path, allow_private_addresses=False),
        )
    assert internal.requests == []  # not even robots.txt
    assert report.errors["refused_private_address"] >= 1
    assert report.errors.get("dns", 0) == 0
    assert any("127.0.0.1" in sample for sample in report.error_samples)
    assert report.status is CrawlStatus.FAILED


def test_the_link_checker_never_connects_to_a_name_that_rebinds_to_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for function in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        # Noted as is, so the real ones are put back after the test (rebind() replaces them).
        monkeypatch.setattr(socket, function, getattr(socket, function))
    answers = rebind(NAME)  # the link checker runs in this process
    with canary() as internal:
        origin = f"http://{NAME}:{internal.port}"
        results = check_portal_links(
            selectors_registration("rebinder", origin),
            [Link("s1", origin + "/service/1"), Link("s2", origin + "/service/2")],
            user_agent="DargahTestBot/0.1 (+tests)",
            allow_private_addresses=False,
        )
    assert internal.requests == []
    assert answers[0] != "127.0.0.1"  # the guard's own lookup was told a public address
    assert [r.error for r in results] == [f"refused_private_address: {NAME} is 127.0.0.1"] * 2
