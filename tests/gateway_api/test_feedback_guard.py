"""The per-process guard of citizens' feedback posts: its per-client limit under a flood."""

from __future__ import annotations

from gateway_api.feedback import FeedbackGuard


def test_a_flood_of_addresses_forgets_the_oldest_not_everybodys_limit() -> None:
    """Many addresses (IPv6 gives an attacker millions) must not reset the count of a
    client already over its limit: only the longest-unseen addresses are forgotten."""
    guard = FeedbackGuard(limit=2, max_clients=10)
    for client in ("203.0.113.1", "203.0.113.2"):
        assert [guard.allow(client) for _ in range(3)] == [True, True, False]
    for n in range(9):  # eleven addresses seen: one over the bound
        assert guard.allow(f"2001:db8::{n}")
    assert guard.allow("203.0.113.2") is False
    assert guard.allow("203.0.113.1") is True  # the oldest, forgotten


def test_a_form_token_is_for_one_service_and_expires() -> None:
    guard = FeedbackGuard()
    token = guard.token("svc-1", now=7200.0)
    assert guard.token_ok("svc-1", token, now=7200.0 + 5 * 3600)
    assert not guard.token_ok("svc-2", token, now=7200.0)
    assert not guard.token_ok("svc-1", token, now=7200.0 + 6 * 3600)
    assert not guard.token_ok("svc-1", "forged.2", now=7200.0)
