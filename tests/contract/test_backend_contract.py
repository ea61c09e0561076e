"""The search backend contract, the same tests for every backend (see conftest.py).

Only :class:`indexer.backend.SearchBackend` is used here, so a backend that
passes serves the gateway, the CLI and the crawler unchanged.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from indexer.backend import SearchBackend, SearchQuery
from indexer.documents import ServiceDocument
from tests.indexer.factories import make_doc, matched_titles

PASSPORT = make_doc(
    "passport",
    "صدور گذرنامه",
    "درخواست گذرنامه برای سفر خارجی <script>alert(1)</script> & مدارک لازم",
    category="گذرنامه",
)
LICENCE = make_doc(
    "licence", "صدور گواهی‌نامه رانندگی", "آزمون و صدور گواهینامه", category="رانندگی"
)
RENEW = make_doc("renew", "تمدید گواهینامه", "تمدید گواهی‌نامه رانندگی", category="رانندگی")
WATER = make_doc(
    "water",
    "پرداخت قبض آب",
    "پرداخت اینترنتی قبض آب و فاضلاب",
    portal="abfa",
    agency="شرکت آب و فاضلاب",
    category="قبوض",
)
PERMIT = make_doc(
    "permit",
    "صدور پروانه ساختمان",
    "پروانه ساخت برای ساختمان مسکونی",
    portal="karaj",
    agency="شهرداری کرج",
    category="شهرسازی",
)
ALL = [PASSPORT, LICENCE, RENEW, WATER, PERMIT]


@pytest.fixture
def filled(backend: SearchBackend) -> SearchBackend:
    backend.upsert(ALL)
    return backend


def titles(backend: SearchBackend, text: str, **kw: object) -> list[str]:
    return matched_titles(backend.search(SearchQuery(text, **kw)))  # type: ignore[arg-type]


# -- indexing, update, retirement ----------------------------------------------------


def test_indexed_documents_read_back_unchanged(filled: SearchBackend) -> None:
    assert filled.count() == len(ALL)
    assert filled.get(PASSPORT.id) == PASSPORT
    assert filled.get("no-such-id") is None


def test_portal_hashes_name_each_service_of_that_portal_only(filled: SearchBackend) -> None:
    assert filled.portal_hashes("police") == {
        d.id: d.content_hash for d in (PASSPORT, LICENCE, RENEW)
    }
    assert filled.portal_hashes("nobody") == {}


def test_an_update_replaces_the_service(filled: SearchBackend) -> None:
    changed = ServiceDocument(**{**PASSPORT.__dict__, "title": "صدور و تمدید گذرنامه"})
    filled.upsert([changed])
    assert filled.count() == len(ALL)
    assert filled.get(PASSPORT.id) == changed
    assert filled.portal_hashes("police")[PASSPORT.id] == changed.content_hash
    assert titles(filled, "تمدید گذرنامه")[0] == "صدور و تمدید گذرنامه"


def test_a_retired_service_disappears_everywhere(filled: SearchBackend) -> None:
    filled.delete([WATER.id, "already-gone"])
    assert filled.get(WATER.id) is None
    assert filled.count() == len(ALL) - 1
    assert "پرداخت قبض آب" not in titles(filled, "قبض آب")
    assert WATER.id not in filled.portal_hashes("abfa")


# -- search ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("گذرنامه", "صدور گذرنامه"),
        ("گواهي نامه رانندگي", "صدور گواهی‌نامه رانندگی"),  # Arabic ye, spaced compound
        ("پروانه ساختمان", "صدور پروانه ساختمان"),
        ("قبض آب", "پرداخت قبض آب"),
        ("۴ گذرنامه", "صدور گذرنامه"),  # an unknown word does not hide the rest
    ],
)
def test_the_matching_service_comes_first(filled: SearchBackend, query: str, first: str) -> None:
    assert titles(filled, query)[0] == first


def test_every_word_is_required_while_some_service_has_them_all(filled: SearchBackend) -> None:
    assert titles(filled, "صدور گذرنامه") == ["صدور گذرنامه"]


def test_a_typo_still_finds_the_service(filled: SearchBackend) -> None:
    assert "صدور گذرنامه" in titles(filled, "گدرنامه")


def test_agency_filter_and_disjunctive_facets(filled: SearchBackend) -> None:
    page = filled.search(SearchQuery("صدور", agency="police"))
    assert {h.document.portal_id for h in page.hits} == {"police"}
    agencies = {f.value: (f.label, f.count) for f in page.facets["agency"]}
    # the agency facet ignores the agency filter, so the other agencies stay offered
    assert agencies == {"police": ("پلیس راهور", 2), "karaj": ("شهرداری کرج", 1)}
    categories = {f.value: f.count for f in page.facets["category"]}
    assert categories == {"گذرنامه": 1, "رانندگی": 1}


def test_category_filter(filled: SearchBackend) -> None:
    page = filled.search(SearchQuery("", category="رانندگی"))
    assert page.total == 2
    assert [h.document.title for h in page.hits] == sorted(
        ["صدور گواهی‌نامه رانندگی", "تمدید گواهینامه"]
    )


def test_empty_query_offers_facets_of_everything(filled: SearchBackend) -> None:
    page = filled.search(SearchQuery(""))
    assert page.hits == []
    assert sum(f.count for f in page.facets["agency"]) == len(ALL)


def test_pages_do_not_overlap(filled: SearchBackend) -> None:
    first = filled.search(SearchQuery("صدور", size=2, page=1))
    second = filled.search(SearchQuery("صدور", size=2, page=2))
    assert first.total == second.total == 3
    ids = [h.document.id for h in first.hits + second.hits]
    assert len(ids) == len(set(ids)) == 3
    assert filled.search(SearchQuery("صدور", size=50, page=10_000)).hits == []


def test_snippets_are_escaped_and_mark_the_matched_words(filled: SearchBackend) -> None:
    (hit,) = [h for h in filled.search(SearchQuery("گذرنامه سفر")).hits if not h.related]
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html and "&amp;" in hit.snippet_html
    assert "<mark>گذرنامه</mark>" in hit.snippet_html
    assert "<mark>سفر</mark>" in hit.snippet_html


def test_synonyms_from_the_curated_list(filled: SearchBackend) -> None:
    """«مجوز» ↔ «پروانه» is in indexer/data/synonyms.yaml."""
    assert titles(filled, "مجوز ساختمان")[0] == "صدور پروانه ساختمان"


def test_a_misspelt_query_gets_a_suggestion(filled: SearchBackend) -> None:
    page = filled.search(SearchQuery("گدرنامه"))
    assert page.suggestion == "گذرنامه"
    assert filled.search(SearchQuery("گذرنامه")).suggestion is None


# -- autocomplete ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("گواهينا", {"صدور گواهی‌نامه رانندگی", "تمدید گواهینامه"}),  # Arabic ye
        ("صدور گو", {"صدور گواهی‌نامه رانندگی"}),
        ("پروا", {"صدور پروانه ساختمان"}),
        ("xyz", set()),
        ("", set()),
    ],
)
def test_completion(filled: SearchBackend, prefix: str, expected: set[str]) -> None:
    assert {c.title for c in filled.complete(prefix)} == expected


def test_completion_starting_with_the_prefix_first(filled: SearchBackend) -> None:
    completions = filled.complete("تمدید")
    assert completions[0].title == "تمدید گواهینامه"
    assert completions[0].id == RENEW.id and completions[0].agency == "پلیس راهور"


def test_topic_facet_and_filter(filled: SearchBackend) -> None:
    """The province-wide domain: filed by the rules when indexed without one, a facet that
    ignores its own filter, and a filter that narrows hits and the other facets."""
    everything = filled.search(SearchQuery(""))
    topics = {f.value: f.count for f in everything.facets["topic"]}
    assert topics == {"civil": 1, "vehicles": 2, "utilities": 1, "housing": 1}
    page = filled.search(SearchQuery("صدور", topic="vehicles"))
    assert matched_titles(page) == ["صدور گواهی‌نامه رانندگی"]
    # the services like it that fill the page keep to the topic too («صدور گذرنامه» does not)
    assert [(h.document.title, h.related) for h in page.hits] == [
        (LICENCE.title, False),
        (RENEW.title, True),
    ]
    assert {f.value: f.count for f in page.facets["topic"]} == {
        "civil": 1,
        "vehicles": 1,
        "housing": 1,
    }
    assert {f.value for f in page.facets["agency"]} == {"police"}
    browsed = filled.search(SearchQuery("", topic="vehicles"))
    assert browsed.total == 2
    filled.upsert([replace(PERMIT, topic="city")])  # a registrar's correction, re-indexed
    corrected = {f.value: f.count for f in filled.search(SearchQuery("")).facets["topic"]}
    assert corrected.get("city") == 1 and "housing" not in corrected
