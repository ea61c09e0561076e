"""The fresh judged set: real records of agencies nobody tuning the engine has looked at.

Only its shape is checked here, and its figures are recorded next to the external ones
(``var/eval/fresh-figures.json``): the set is a report, never a floor, and no test or
command lists its queries one by one, so nobody can tune to it (``fresh/README.md``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.contract.live import skip_without_cluster
from tests.relevance import external
from tests.relevance.harness import Report

FIGURES = Path("var") / "eval" / "fresh-figures.json"


@pytest.fixture(scope="module", params=["embedded", "elasticsearch"])
def fresh_reports(request: pytest.FixtureRequest) -> Iterator[dict[str, Report]]:
    if request.param == "elasticsearch":
        skip_without_cluster()
        with external.elasticsearch_backend(external.FRESH_SERVICES) as backend:
            yield external.run_fresh(backend)
        return
    with external.embedded_backend(external.FRESH_SERVICES) as backend:
        yield external.run_fresh(backend)


def test_the_fresh_set_is_large_enough_covers_every_class_and_resolves() -> None:
    docs = external.load_services(external.FRESH_SERVICES)
    # load_judgments raises on any judged title or agency that names no record
    judged = external.load_judgments(docs, external.FRESH_JUDGMENTS, external.FRESH_SPLITS)
    assert len(docs) >= 150
    assert len(judged) >= 120
    assert {q.cls for q in judged} == set(external.CLASSES)
    assert {q.split for q in judged} == {"fresh"}
    spec = yaml.safe_load(external.FRESH_JUDGMENTS.read_text(encoding="utf-8"))
    assert spec["written_at"]


def test_the_fresh_set_shares_no_agency_with_the_external_set() -> None:
    fresh = {d.agency for d in external.load_services(external.FRESH_SERVICES)}
    seen = {d.agency for d in external.load_services()}
    assert len(fresh) >= 20
    assert not fresh & seen


def test_a_fresh_intent_outside_its_split_is_refused() -> None:
    # the fresh judgements may not borrow the external splits, nor the other way round
    docs = external.load_services(external.FRESH_SERVICES)
    with pytest.raises(ValueError, match="bad split"):
        external.load_judgments(docs, external.FRESH_JUDGMENTS, external.SPLITS)


def test_fresh_figures_are_recorded(fresh_reports: dict[str, Report]) -> None:
    sizes = {name: len(r.outcomes) for name, r in fresh_reports.items()}
    assert set(sizes) == {"gateway", "whitespace", "lucene-fa", "hazm"}
    assert len(set(sizes.values())) == 1, sizes
    figures: dict[str, object] = {
        name: {
            cls: {k: (None if math.isnan(v) else round(v, 4)) for k, v in row.items()}
            for cls, row in r.rows().items()
        }
        for name, r in fresh_reports.items()
    }
    figures["suggestion_rate"] = fresh_reports["gateway"].suggestion_rate()
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    assert json.loads(FIGURES.read_text(encoding="utf-8"))["gateway"]["all"]["queries"]
