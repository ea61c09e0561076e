"""Search quality floors on the crawled sandbox province (``make eval`` prints the table)."""

from __future__ import annotations

from tests.relevance.harness import CLASSES, FLOORS, Report


def test_there_are_enough_judged_queries_in_every_class(relevance_report: Report) -> None:
    rows = relevance_report.rows()
    assert rows["all"]["queries"] >= 100
    assert set(CLASSES) <= set(rows), f"classes without queries: {set(CLASSES) - set(rows)}"


def test_ranking_meets_the_floors(relevance_report: Report) -> None:
    overall = relevance_report.rows()["all"]
    detail = "\n".join(relevance_report.failures())
    assert overall["ndcg"] >= FLOORS["ndcg"], f"nDCG@10 {overall['ndcg']:.3f}\n{detail}"
    assert overall["recall"] >= FLOORS["recall"], f"recall@10 {overall['recall']:.3f}\n{detail}"
    assert overall["robustness"] >= FLOORS["robustness"], (
        f"variant robustness {overall['robustness']:.3f}\n{detail}"
    )


def test_no_query_class_falls_far_behind(relevance_report: Report) -> None:
    # One class can hide behind the average: each must be within reach of the floors.
    for cls, row in relevance_report.rows().items():
        assert row["ndcg"] >= FLOORS["ndcg"] - 0.05, f"{cls}: nDCG@10 {row['ndcg']:.3f}"
        assert row["zero"] == 0.0, f"{cls}: {row['zero']:.0%} of queries found nothing"


def test_misspelled_queries_get_a_suggestion(relevance_report: Report) -> None:
    typos = [o for o in relevance_report.outcomes if o.query.cls == "typo"]
    suggested = [o for o in typos if o.suggestion]
    assert len(suggested) >= 0.9 * len(typos), [o.query.text for o in typos if not o.suggestion]
