"""Search quality on the external set: real records the code was never written against.

Today's engine does not meet issue 8's floors on this set, so the floor test is an xfail
(non-strict) until the engine work lands: it then passes, and the engine helper removes the
xfail marker. The figures of every run are written next to the test output so a change of
engine can be compared with today's (``make eval`` prints the full tables).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.backend import SearchBackend
from tests.contract.live import skip_without_cluster
from tests.relevance import external, rivals, variants
from tests.relevance.external import EXTERNAL_FLOORS
from tests.relevance.harness import Report
from tests.relevance.variants import VariantReport

FIGURES = Path("var") / "eval" / "external-figures.json"


@pytest.fixture(scope="module", params=["embedded", "elasticsearch"])
def external_backend(request: pytest.FixtureRequest) -> Iterator[SearchBackend]:
    """The external records indexed once per backend, for the judged queries and their
    spelling variants alike."""
    if request.param == "elasticsearch":
        skip_without_cluster()
        with external.elasticsearch_backend() as backend:
            yield backend
        return
    with external.embedded_backend() as backend:
        yield backend


@pytest.fixture(scope="module")
def external_reports(external_backend: SearchBackend) -> dict[str, Report]:
    return external.run(external_backend)


def test_the_external_set_is_large_enough_and_covers_every_class() -> None:
    docs = external.load_services()
    judged = external.load_judgments(docs)
    assert len(docs) >= 300
    assert len({d.agency for d in docs}) >= 20
    assert len(judged) >= 200
    assert {q.cls for q in judged} == set(external.CLASSES)
    heldout = sum(q.split == "heldout" for q in judged) / len(judged)
    assert 0.2 <= heldout <= 0.4, f"held-out share {heldout:.0%}"


def test_titles_keep_the_agencies_spelling() -> None:
    titles = {d.title for d in external.load_services()}
    # what the citizen reads is the published text: hamza, Arabic letters, source typos
    published = (
        "صدور پروانه تأسیس شهرکها و نواحی صنعتی غیر دولتی",
        "آزمايش كنتور",
        "نفکیک کنتور",
    )
    for title in published:
        assert title in titles


def test_every_system_is_scored_on_the_same_queries(external_reports: dict[str, Report]) -> None:
    sizes = {name: len(r.outcomes) for name, r in external_reports.items()}
    assert set(sizes) == {"gateway", "whitespace", "lucene-fa", "hazm"}
    assert len(set(sizes.values())) == 1, sizes
    # the stock chain finds the exact titles: the set is searchable, the judgements sane
    lucene = external_reports["lucene-fa"].rows()["exact"]
    assert lucene["ndcg"] > 0.8 and lucene["zero"] == 0.0


def test_figures_are_recorded(external_reports: dict[str, Report]) -> None:
    figures = {
        split: {
            name: {
                cls: {k: (None if math.isnan(v) else round(v, 4)) for k, v in row.items()}
                for cls, row in r.only(split).rows().items()
            }
            for name, r in external_reports.items()
        }
        for split in external.SPLITS
    }
    figures["suggestion_rate"] = {
        split: external_reports["gateway"].only(split).suggestion_rate()
        for split in external.SPLITS
    }
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    assert figures["dev"]["gateway"]["all"]["queries"]


@pytest.mark.xfail(
    strict=False,
    reason="issue 8: today's engine misses the external floors (EXTERNAL_FLOORS); the engine "
    "work turns this on by removing the marker — never by lowering a floor or a judgement",
)
def test_the_gateway_meets_the_issue_floors(external_reports: dict[str, Report]) -> None:
    misses = external.floor_failures(external_reports)
    assert not misses, "\n".join(misses)


@pytest.fixture(scope="module")
def spelling_reports(external_backend: SearchBackend) -> dict[str, VariantReport]:
    return variants.run(external_backend)


# The fixture behind it runs over 2,000 searches (every variant, on the gateway and a baseline):
# on Elasticsearch and a busy shared machine that outlasts the per-test default meant for
# unit tests (it took over 300 s once, under CI beside other work).
@pytest.mark.timeout(900)
def test_spelling_variants_keep_the_top_five(spelling_reports: dict[str, VariantReport]) -> None:
    # issue 8's robustness as its hidden set measured it («5 of 197 spelling variants change
    # the top 5, all of them «X و Y» compounds»): the same words, written another way
    gateway, lucene = spelling_reports["gateway"], spelling_reports["lucene-fa"]
    assert gateway.variants >= 1000
    assert gateway.robustness >= EXTERNAL_FLOORS["robustness"], variants.render(spelling_reports)
    assert gateway.changed <= lucene.changed, variants.render(spelling_reports)
    # and no way of writing is broken as a whole (before, «نقلوانتقال» changed 9 of 9)
    for kind, changed in gateway.changed_by_kind.items():
        assert changed <= 0.1 * gateway.variants_by_kind[kind], variants.render(spelling_reports)


def test_a_query_naming_one_utility_shows_no_other_utilitys_service(
    external_backend: SearchBackend,
) -> None:
    # «قطعی برق» was led by «رفع قطعی گاز» (by IDF the rare act outweighs the utility): 12 of the
    # 114 such external queries showed another utility's service in their top 5 before
    reports = rivals.run(external_backend)
    gateway, lucene = reports["gateway"], reports["lucene-fa"]
    assert gateway.queries >= 100
    assert gateway.shown <= 0.02 * gateway.queries, rivals.render(reports)
    assert gateway.shown <= lucene.shown, rivals.render(reports)
