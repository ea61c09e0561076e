"""Other projects' published normalisation cases (tests/data/peer_normalizer_cases.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from indexer.normalize import analyze, normalize

CASES = yaml.safe_load(
    (Path(__file__).parents[1] / "data" / "peer_normalizer_cases.yaml").read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES["hazm"], ids=lambda c: f"{c['method']}:{c['input'][:12]}")
def test_hazm_normalizer_cases(case: dict[str, Any]) -> None:
    assert normalize(case["input"]) == case["ours"]
    if case["verdict"] == "follow":
        assert case["ours"].strip() == case["peer"].strip()
    else:
        assert case["why"], "a deliberate difference must say why"


@pytest.mark.parametrize("case", CASES["lucene"], ids=lambda c: c["test"])
def test_lucene_persian_normalizer_cases(case: dict[str, Any]) -> None:
    # Lucene folds to Arabic letters, we to Persian: both spellings must give one token.
    assert analyze(case["input"]) == analyze(case["peer"])
