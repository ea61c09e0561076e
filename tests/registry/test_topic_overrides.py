"""The registrar's corrections of a service's province-wide domain."""

from __future__ import annotations

from pathlib import Path

from registry.portals import Registry


def test_a_correction_is_kept_replaced_and_cleared(tmp_path: Path) -> None:
    registry = Registry(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    registry.set_topic_override("abc", "karaj", "housing", "registrar:ali")
    registry.set_topic_override("abc", "karaj", "city", "registrar:ali")
    registry.set_topic_override("def", "tax", "tax", "registrar:ali")
    assert registry.topic_override("abc") == "city"
    assert registry.topic_overrides("karaj") == {"abc": "city"}
    registry.clear_topic_override("abc")
    assert registry.topic_override("abc") is None
    registry.close()
    reopened = Registry(f"sqlite:///{tmp_path / 'r.sqlite3'}")  # survives a restart
    assert reopened.topic_overrides("tax") == {"def": "tax"}
    reopened.close()
