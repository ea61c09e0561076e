"""Our packages depend one way: registry on indexer, crawlers and gateway_api on both."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"dargah", "indexer", "registry", "crawlers", "gateway_api", "search_ui", "sandbox", "bench"}
ALLOWED = {
    "indexer": set(),
    "registry": {"indexer"},
    "crawlers": {"indexer", "registry"},
    "gateway_api": {"indexer", "registry"},
    "search_ui": {"gateway_api", "indexer", "registry"},
    "sandbox": {"registry"},
}


def imported_packages(package: str) -> dict[str, set[str]]:
    """Our packages each module of ``package`` imports (module path -> packages)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = (names & OURS) - {package}
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_down_only(package: str) -> None:
    wrong = {
        module: sorted(names - ALLOWED[package])
        for module, names in imported_packages(package).items()
        if names - ALLOWED[package]
    }
    assert not wrong, f"{package} must not import {wrong}"
