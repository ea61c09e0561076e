"""The ranking both backends share (indexer/ranking.py): one set of constants, one
post-processing, one did-you-mean over whatever vocabulary lookup the engine offers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

import indexer.elasticsearch.requests as es_requests
import indexer.tantivy_backend as tantivy_backend
from indexer import ranking
from indexer.backend import MAX_PAGE_SIZE
from indexer.documents import ServiceDocument
from indexer.normalize import analyze_groups
from indexer.ranking import BatchedVocabulary, diversified, fetch_window, page_of
from indexer.spelling import suggest
from tests.indexer.factories import make_doc

SHARED = [
    "FIELD_BOOSTS",
    "FUZZY_FIELDS",
    "MAX_RAW_CHARS",
    "MIN_PREFIX",
    "PHRASE_FIELDS",
    "PREFIX_FIELDS",
    "PREFIX_WEIGHT",
    "TIE_BREAKER",
    "weighted_terms",
    "required",
    "indexed_fields",
    "fetch_window",
    "fuzzy_keys",
    "fuzzy_distance",
    "rival_terms",
]


@pytest.mark.parametrize("name", SHARED)
def test_both_backends_rank_with_the_same_shared_definitions(name: str) -> None:
    """Neither backend keeps its own copy: a weight tuned for one changes both."""
    shared = getattr(ranking, name)
    for backend in (tantivy_backend, es_requests):
        if hasattr(backend, name):
            assert getattr(backend, name) is shared, f"{backend.__name__}.{name}"
    assert getattr(tantivy_backend, name, shared) is shared
    assert getattr(es_requests, name, shared) is shared
    assert hasattr(tantivy_backend, name) or hasattr(es_requests, name)


def test_the_embedded_index_holds_the_shared_fields() -> None:
    doc = make_doc("x", "صدور گواهی‌نامه مهندسان", "نوبت‌دهی", keywords=["گذرنامه"])
    stored = tantivy_backend._document(doc)
    fields = ranking.indexed_fields(doc)
    for name, tokens in {**fields.keywords, **fields.text}.items():
        assert stored.get_first(name) == tokens, name
    assert stored.get_first("vocab") == " ".join(fields.vocabulary)


# -- did-you-mean and split words over a batched vocabulary ------------------------------

VOCABULARY = {
    "صدور": 9,
    "گذرنامه": 4,
    "پروانه": 5,
    "ساختمان": 5,
    "نوبتدهی": 2,
    "مسکونی": 1,
    "تمدید": 3,
    "نقل": 2,
    "انتقال": 3,
    "تجهیزات": 2,
}


class Recorder:
    """The engine side of a lookup: answers from a dict and remembers each batch."""

    def __init__(self, words: Mapping[str, int]) -> None:
        self.words = words
        self.batches: list[list[str]] = []

    def __call__(self, keys: Sequence[str]) -> dict[str, int]:
        self.batches.append(list(keys))
        return {k: self.words[k] for k in keys if k in self.words}


@pytest.mark.parametrize(
    "text",
    [
        "گدرنامه",  # neighbouring key
        "صدور گدرنامه",
        "پروانهساختمان",  # a missing space
        "تمدید مسکنی",  # a left-out vowel
        "صدور گذرنامه",  # nothing to correct
        "ققققق",  # nothing close
    ],
)
def test_batched_suggestions_equal_the_live_ones_in_two_lookups(text: str) -> None:
    asked: set[str] = set()

    def live(key: str) -> int:
        asked.add(key)
        return VOCABULARY.get(key, 0)

    engine = Recorder(VOCABULARY)
    assert BatchedVocabulary(engine).suggest(text) == suggest(text, live)
    assert len(engine.batches) <= 2
    assert {k for batch in engine.batches for k in batch} == asked  # no word more, none less


def test_known_words_cost_one_lookup_and_are_not_expanded() -> None:
    engine = Recorder(VOCABULARY)
    vocabulary = BatchedVocabulary(engine)
    vocabulary.fetch(["صدور", "گذرنامه"])
    assert vocabulary.suggest("صدور گذرنامه") is None
    assert engine.batches == [["صدور", "گذرنامه"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("نوبت دهی", ["نوبتدهی"]),  # the portals write it as one word
        ("نوبت دهی تمدید", ["نوبتدهی", "تمدید"]),
        ("صدور گذرنامه", ["صدور", "گذرنامه"]),  # two known words stay two
        ("۱۲ ۳۴", ["۱۲", "۳۴"]),  # digits are never joined
        # an «X و Y» written without its half-spaces is the spaced words
        ("نقلوانتقال", ["نقل", "و", "انتقال"]),
        # ... also when one of them is a common word no service uses
        ("دوربینوتجهیزات", ["دوربین", "و", "تجهیزات"]),
        ("صدورومسکونی", ["صدور", "و", "مسکونی"]),
    ],
)
def test_split_words_known_as_one_are_joined(text: str, expected: list[str]) -> None:
    engine = Recorder({**VOCABULARY, "۱۲۳۴": 1})
    vocabulary = BatchedVocabulary(engine)
    groups = analyze_groups(text)
    vocabulary.fetch(ranking.join_candidates(groups))
    assert [g.key for g in ranking.join_split_words(groups, vocabulary)] == expected
    assert len(engine.batches) <= 1


@pytest.mark.parametrize(
    ("text", "named", "others"),
    [
        ("قطعی برق", ["برق"], ["اب", "تلفن", "گاز"]),
        ("قبض برقم نیومده", ["برق"], ["اب", "تلفن", "گاز"]),  # under a spoken affix
        ("انشعاب آب و برق", ["اب", "برق"], ["تلفن", "گاز"]),
        ("کارت ملی", [], []),  # names none: nothing is left out
        ("برقکار", [], []),  # a word of its own, not «برق»
    ],
)
def test_a_query_naming_a_utility_leaves_out_titles_naming_only_another(
    text: str, named: list[str], others: list[str]
) -> None:
    assert ranking.rival_terms(analyze_groups(text)) == (named, others)


@pytest.mark.parametrize(
    ("text", "weights", "sets"),
    [
        # «قطعی» alone (a final deed) carried enough weight: a water query's partial match
        # must be water's too, and «آب» is too common to be enough on its own
        ("قطعی آب", [3.0, 1.0], [(0, 1)]),
        ("قطعی آب", [1.0, 1.0], [(1,)]),
        ("قبض برقم نیومده", [1.0, 2.0, 0.0], [(1,)]),  # the utility under a spoken affix
        ("انشعاب آب و برق", [2.0, 1.0, 0.0, 1.0], [(0, 1), (0, 3), (1, 3)]),  # either utility
        ("صدور گذرنامه", [0.2, 3.0], [(1,)]),  # names none: the weights alone decide
        ("قطعی آب", [3.0, 0.0], [(0,)]),  # a utility no service names decides nothing
    ],
)
def test_a_partial_match_of_a_query_naming_a_utility_matches_the_utility(
    text: str, weights: list[float], sets: list[tuple[int, ...]]
) -> None:
    groups = analyze_groups(text)
    assert len(groups) == len(weights)
    assert ranking.coverage_sets(weights, None, ranking.utility_words(groups)) == sets


def test_joined_words_keep_the_typed_phrase_and_neighbour_pairs() -> None:
    # «صدور شناسنامه» joined as one portal writes it: the titles writing it apart still meet
    # the query as a phrase and as pairs with the next word
    groups = ranking.join_split_words(
        analyze_groups("صدور شناسنامه اولیه"), {"صدورشناسنامه": 1}.get
    )
    assert [g.key for g in groups] == ["صدورشناسنامه", "اولیه"]
    assert groups[0].spaced == ("صدور", "شناسنامه")
    assert "شناسنامهاولیه" in groups[0].compounds and "شناسنامهاولیه" in groups[1].compounds
    assert (["صدور", "شناسنامه", "اولیه"], 1.0) in ranking.phrase_variants(groups)
    # a word split later in the same query (its «X و Y») keeps the joined word's typed words
    both = ranking.join_split_words(
        analyze_groups("صدور شناسنامه نقلوانتقال"), {"صدورشناسنامه": 1, "نقل": 2, "انتقال": 3}.get
    )
    assert [g.key for g in both] == ["صدورشناسنامه", "نقل", "و", "انتقال"]
    assert both[0].spaced == ("صدور", "شناسنامه") and "شناسنامهنقل" in both[0].compounds
    # a query of one word typed as two: its typed phrase only
    one = ranking.join_split_words(analyze_groups("صدور شناسنامه"), {"صدورشناسنامه": 1}.get)
    assert ranking.phrase_variants(one) == [(["صدور", "شناسنامه"], 1.0)]
    assert ranking.phrase_variants(analyze_groups("شناسنامه")) == []


# -- the diversity re-rank ----------------------------------------------------------------


def ranked(
    titles: list[tuple[str, float]], portal: str = "police"
) -> list[tuple[float, ServiceDocument]]:
    return [
        (score, make_doc(f"d{n}", title, portal=portal)) for n, (title, score) in enumerate(titles)
    ]


def test_near_duplicates_of_one_agency_take_turns_with_similar_scores() -> None:
    hits = ranked(
        [
            ("صدور پروانه ساختمان کرج", 10.0),
            ("صدور پروانه ساختمان فردیس", 9.9),
            ("صدور پروانه ساختمان نظرآباد", 9.8),
            ("پاسخ استعلام ساختمان", 9.0),
        ]
    )
    titles = [doc.title for _, doc in diversified(hits)]
    assert titles == [
        "صدور پروانه ساختمان کرج",
        "صدور پروانه ساختمان فردیس",
        "پاسخ استعلام ساختمان",
        "صدور پروانه ساختمان نظرآباد",
    ]


def test_diversity_never_buries_a_strong_match_under_weak_ones() -> None:
    hits = ranked(
        [
            ("صدور پروانه ساختمان کرج", 10.0),
            ("صدور پروانه ساختمان فردیس", 9.9),
            ("صدور پروانه ساختمان نظرآباد", 9.8),
            ("پاسخ استعلام ساختمان", 2.0),
        ]
    )
    assert diversified(hits) == hits


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (
            "https://shahr.karaj.ir/eservices/service/150",
            "https://shahr.karaj.ir/eservices/service/1000",
        ),
        # DotNetNuke: the service's number comes first once the query is in canonical order
        (
            "https://x.ir/Default.aspx?ServiceID=150&tabid=55",
            "https://x.ir/Default.aspx?ServiceID=151&tabid=55",
        ),
        (
            "https://x.ir/Default.aspx?ItemId=7&tabid=1070",
            "https://x.ir/Default.aspx?ItemId=12&tabid=1070",
        ),
        # never the host or the port (a sandbox portal serves on a new port every run)
        ("http://127.0.0.1:9000/services/2", "http://127.0.0.1:8000/services/10"),
        ("https://shahr2.ir/s/1", "https://shahr1.ir/s/2"),
        ("https://x.ir/s/" + "9" * 40, "https://x.ir/s/" + "9" * 40 + "/1"),  # huge: capped
    ],
)
def test_a_services_place_in_its_portals_numbering(first: str, then: str) -> None:
    assert ranking.url_order(first) < ranking.url_order(then) < 2**63


def test_an_address_without_numbers_has_no_place() -> None:
    assert ranking.url_order("https://tax.ir/services/vat-registration") == 0


def test_hits_scoring_alike_follow_the_portals_numbering() -> None:
    # in engine order, the three tied hits as a crawl happened to index them
    docs = [make_doc(path, f"خدمت {path}") for path in ("s/9", "s/100", "s/10", "s/2", "s/1")]
    hits = list(zip([9.0, 5.0, 5.0, 5.0, 4.0], docs, strict=True))
    page = page_of(hits, 0, 10)
    assert [doc.url.rsplit("/", 1)[1] for _, doc in page] == ["9", "2", "10", "100", "1"]


@pytest.mark.parametrize("size", [1, 7, 10, MAX_PAGE_SIZE])
def test_pages_never_repeat_or_lose_a_hit(size: int) -> None:
    pattern = ["صدور پروانه ساختمان کرج", "صدور پروانه ساختمان فردیس", "تمدید گذرنامه"]
    everything = [(100.0 - n, make_doc(f"d{n}", f"{pattern[n % 3]} {n // 3}")) for n in range(120)]
    seen: list[str] = []
    for page in range(1, 120 // size + 2):
        offset = (page - 1) * size
        start, limit = fetch_window(offset, size)
        fetched = everything[start : start + limit]  # what the engine returns in its order
        seen += [doc.id for _, doc in page_of(fetched, offset, size)]
    assert sorted(seen) == sorted(doc.id for _, doc in everything)
