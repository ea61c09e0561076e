"""The search hot path's shortcuts change nothing a citizen sees.

Facets and counts are taken over queries that find the same services as the
scoring queries but skip the clauses that only add to a score (phrases and
stopwords). Here the same index answers the same searches twice:
through :class:`TantivyBackend` and through a reference that counts facets
over the scoring queries themselves (what the backend did before), and every
page must be identical: hits, order, scores, snippets, totals, facets,
suggestions and partial/corrected flags. The queries are the benchmark's
title fragments and every judged query and variant of the relevance suite,
with filters and later pages, over a province-sized slice of the benchmark
corpus (broad queries there match most of the index).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy
import yaml
from tantivy import Query

from bench.corpus import documents, queries
from indexer.backend import SearchPage, SearchQuery
from indexer.synonyms import Reading
from indexer.tantivy_backend import TantivyBackend

JUDGMENTS = Path(__file__).parents[1] / "relevance" / "judgments.yaml"
SERVICES = 3000
AGENCIES = [None, "agency-00", "agency-07", "agency-13"]
CATEGORIES = [None, "مسکن و ساختمان", "قبوض و پرداخت"]
TOPICS = [None, "tax", "housing"]
ODD = ["", "ثبت", "و", "در به از", "پروانهه ساختمن", "gavahi", "sabt asnad", "xyzzy", "مجوز"]


class FullQueryFacets(TantivyBackend):
    """The backend before the shortcuts: facets and counts over the scoring queries."""

    def _strict_query(
        self, readings: list[Reading], words: list[list[Query]] | None = None
    ) -> tuple[Query, Query]:
        scored, _ = super()._strict_query(readings, words)
        return scored, scored

    def _coverage_query(
        self,
        searcher: tantivy.Searcher,
        readings: list[Reading],
        words: list[list[Query]],
        share: float | None,
    ) -> tuple[Query, Query] | None:
        found = super()._coverage_query(searcher, readings, words, share)
        return None if found is None else (found[0], found[0])


def judged_queries() -> list[str]:
    spec = yaml.safe_load(JUDGMENTS.read_text(encoding="utf-8"))
    out = []
    for intent in spec["intents"]:
        out.append(intent["query"])
        for variants in (intent.get("variants") or {}).values():
            out.extend(variants)
    return out


def searches() -> Iterator[SearchQuery]:
    rnd = random.Random(11)
    for text in dict.fromkeys([*queries(1000), *judged_queries(), *ODD]):
        yield SearchQuery(text)
        agency, category, topic = rnd.choice(AGENCIES), rnd.choice(CATEGORIES), rnd.choice(TOPICS)
        page = rnd.choice([1, 2, 3, 6])
        yield SearchQuery(text, agency=agency, category=category, topic=topic, page=page)


def seen(page: SearchPage) -> object:
    """Everything a results page shows, scores compared exactly."""
    return (
        page.total,
        [(h.document, repr(h.score), h.snippet_html) for h in page.hits],
        page.facets,
        page.suggestion,
        page.corrected,
        page.partial,
        page.suggestion_reason,
    )


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shortcuts") / "index"
    writer = TantivyBackend(path)
    docs = list(documents(SERVICES, seed=99))
    for start in range(0, len(docs), 500):  # several segments, as crawls leave them
        writer.upsert(docs[start : start + 500])
    return path


def test_pages_identical_to_facets_over_the_scoring_queries(index: Path) -> None:
    fast = TantivyBackend(index, readonly=True)
    reference = FullQueryFacets(index, readonly=True)
    compared, differing = 0, []
    kinds = {"partial": 0, "corrected": 0, "filtered": 0, "later page": 0, "broad": 0}
    for query in searches():
        page = fast.search(query)
        if seen(page) != seen(reference.search(query)):
            differing.append(query)
        compared += 1
        kinds["partial"] += page.partial
        kinds["corrected"] += page.corrected
        kinds["filtered"] += bool(query.agency or query.category or query.topic)
        kinds["later page"] += query.page > 1
        kinds["broad"] += page.total > SERVICES // 2
    assert not differing, f"{len(differing)} of {compared} pages differ, e.g. {differing[:3]}"
    # The comparison covered every path the shortcuts touch.
    assert compared > 500
    assert all(n >= 5 for n in kinds.values()), kinds
