"""The requests the Elasticsearch backend sends, checked without a server.

The template is checked against the structure Elasticsearch documents for
composable index templates (index_patterns, template.settings.analysis,
template.mappings.properties with known field types); queries against the
rule that user text only ever reaches the engine as analysed tokens.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.backend import SearchQuery
from indexer.elasticsearch import requests as rq
from indexer.elasticsearch import responses as rs
from indexer.elasticsearch.backend import ElasticsearchBackend
from indexer.elasticsearch.config import ElasticsearchConfig, ElasticsearchConfigError, connect
from indexer.normalize import analyze, analyze_groups, joined_pairs
from indexer.ranking import (
    AGENCY_PHRASE_BOOST,
    COMPLETE_BONUS,
    COMPOUND_WEIGHT,
    COVERAGE_WEIGHT,
    DIVERSITY_WINDOW,
    FIELD_BOOSTS,
    FUZZY_FIELDS,
    PAIR_PHRASE_FIELDS,
    PHRASE_BOOST,
    PHRASE_FIELDS,
    PREFIX_FIELDS,
    PREFIX_WEIGHT,
    STEM_WEIGHT,
    SYNONYM_WEIGHT,
    TIE_BREAKER,
    indexed_fields,
    phrase_variants,
    weighted_terms,
)
from indexer.synonyms import Synonyms, default_synonyms
from tests.indexer.factories import make_doc

# Field types and analysers the Elasticsearch server has on its own: the template needs no
# optional module (analysis-common, mapper-extras), so it installs on any distribution,
# including the module-less one `make es` runs (docs/elasticsearch.md).
SERVER_TYPES = {"keyword", "text", "object"}
SERVER_ANALYZERS = {"whitespace"}
TEMPLATE_KEYS = {"index_patterns", "priority", "_meta", "template", "composed_of", "version"}
PASSPORT = make_doc(
    "passport", "صدور گذرنامه", "درخواست <b>گذرنامه</b> & تمدید", fields={"مدارک": "شناسنامه"}
)


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair of a JSON-like tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


# -- the index template -------------------------------------------------------------


def test_template_file_is_valid_json_with_the_documented_top_level_keys() -> None:
    raw = json.loads(Path(rq.TEMPLATE_PATH).read_text(encoding="utf-8"))
    assert set(raw) <= TEMPLATE_KEYS
    assert set(raw["template"]) <= {"settings", "mappings", "aliases"}


def test_template_matches_the_versioned_indices_of_its_alias_only() -> None:
    body = rq.index_template("dargah-alborz", shards=3, replicas=2)
    assert body["index_patterns"] == ["dargah-alborz-*"]
    name = rq.index_name("dargah-alborz", __import__("datetime").datetime(2026, 11, 23, 15, 42))
    assert name.startswith("dargah-alborz-") and name == name.lower()
    settings = body["template"]["settings"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == (3, 2)


def test_every_mapped_field_uses_what_the_server_has_without_modules() -> None:
    body = rq.index_template("dargah")
    properties = body["template"]["mappings"]["properties"]
    for name, spec in properties.items():
        assert spec["type"] in SERVER_TYPES, name
        for key in ("analyzer", "search_analyzer"):
            if key in spec:
                # our tokens, split only at spaces
                assert spec[key] in SERVER_ANALYZERS, (name, spec[key])
        for target in spec.get("copy_to", []):
            assert target in properties, (name, target)
    assert "analysis" not in body["template"]["settings"]


def test_synonyms_are_not_in_the_index_settings() -> None:
    """Synonyms are query readings (as in the embedded index): editing the list needs a
    restart, not a reindex, and no analyser of the index expands them."""
    body = rq.index_template("dargah")
    assert "analysis" not in body["template"]["settings"]
    for name, spec in body["template"]["mappings"]["properties"].items():
        assert "search_analyzer" not in spec, name


def test_a_document_fills_exactly_the_mapped_fields() -> None:
    """The mapping is ``dynamic: strict``: an unmapped field would refuse the document."""
    mappings = rq.index_template("dargah")["template"]["mappings"]
    assert mappings["dynamic"] == "strict"
    assert set(rq.document_source(PASSPORT)) == set(mappings["properties"])


def test_documents_carry_the_fields_the_embedded_index_holds() -> None:
    doc = make_doc("x", "گواهي‌نامه رانندگي مهندسان")  # Arabic ي, ZWNJ, a plural
    source = rq.document_source(doc)
    shared = indexed_fields(doc)
    assert {k: source[k] for k in shared.text} == shared.text
    assert {k: source[k] for k in shared.keywords} == shared.keywords
    assert source["title"].split() == analyze("گواهی‌نامه رانندگی مهندسان")
    assert "~مهندس" in source["title"].split()  # stems are indexed, marked
    assert source["title_sort"] == "گواهی‌نامه رانندگی مهندسان"
    assert source["hash"] == doc.content_hash


def test_the_vocabulary_is_a_keyword_list_of_the_words_only() -> None:
    """Did-you-mean and split-word joining count words and their stems, never pair joins."""
    mapping = rq.index_template("dargah")["template"]["mappings"]["properties"]["vocabulary"]
    assert mapping["type"] == "keyword"
    source = rq.document_source(make_doc("x", "صدور گواهی‌نامه مهندسان", "نوبت‌دهی"))
    assert source["vocabulary"] == sorted(
        ["صدور", "گواهینامه", "مهندسان", "مهندس", "نوبتدهی", "پلیس", "راهور", "رانندگی"]
    )


# -- bulk actions and the alias ------------------------------------------------------


def test_upserts_are_index_operations_keyed_by_service_id() -> None:
    newer = make_doc("passport", "صدور گذرنامه (ویرایش)")
    actions = rq.upsert_actions("dargah", [PASSPORT, make_doc("visa", "روادید"), newer])
    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "dargah", PASSPORT.id),
        ("index", "dargah", make_doc("visa", "روادید").id),
    ]
    assert actions[0]["_source"]["doc"]["title"] == "صدور گذرنامه (ویرایش)"  # the last one wins


def test_deletes_are_delete_operations_once_per_id() -> None:
    assert rq.delete_actions("dargah", ["a", "b", "a"]) == [
        {"_op_type": "delete", "_index": "dargah", "_id": "a"},
        {"_op_type": "delete", "_index": "dargah", "_id": "b"},
    ]


def test_alias_swap_is_one_atomic_aliases_call() -> None:
    body = rq.alias_swap("dargah", "dargah-2", ["dargah-1", "dargah-0"])
    assert body == {
        "actions": [
            {"remove": {"index": "dargah-0", "alias": "dargah"}},
            {"remove": {"index": "dargah-1", "alias": "dargah"}},
            {"add": {"index": "dargah-2", "alias": "dargah", "is_write_index": True}},
        ]
    }


@pytest.mark.parametrize(
    ("keep", "expected"),
    [(0, ["dargah-001", "dargah-002"]), (1, ["dargah-001"]), (5, [])],
)
def test_cleanup_removes_only_older_versions_of_this_alias(keep: int, expected: list[str]) -> None:
    existing = ["dargah-001", "dargah-002", "dargah-003", "dargah-test-004", "dargah", "other-1"]
    assert rq.indices_to_delete("dargah", existing, "dargah-003", keep) == expected


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"index": {"_id": "a", "status": 201}}, None),
        ({"index": {"_id": "a", "status": 200}}, None),
        ({"delete": {"_id": "a", "status": 404, "result": "not_found"}}, None),
        (
            {
                "index": {
                    "_id": "a",
                    "status": 400,
                    "error": {"type": "mapper_parsing_exception", "reason": "bad"},
                }
            },
            ("a", "HTTP 400 mapper_parsing_exception: bad"),
        ),
        (
            {
                "index": {
                    "_id": "b",
                    "status": 429,
                    "error": {"type": "es_rejected_execution_exception", "reason": "full"},
                }
            },
            ("b", "HTTP 429 es_rejected_execution_exception: full"),
        ),
        (
            {
                "index": {
                    "_id": "c",
                    "status": 404,
                    "error": {"type": "index_not_found_exception", "reason": "x"},
                }
            },
            ("c", "HTTP 404 index_not_found_exception: x"),
        ),
    ],
)
def test_bulk_failures_are_named_per_document(item: dict[str, Any], expected: Any) -> None:
    assert rs.bulk_failure(item) == expected


# -- queries -------------------------------------------------------------------------

HOSTILE = [
    'title:(گذرنامه OR *) AND agency:"x"',
    "گذرنامه~2 صدور^10 /.*/",
    '<script>alert("x")</script> {"match_all": {}}',
    "گواهينامه رانندگي",  # Arabic letters
    "كارت ملي هوشمند ۱۲۳ 456",
    "مجوز ماشین",  # synonym readings
]
TEXT_KEYS = {"query", "value", "include"}


def strict(text: str, synonyms: Synonyms | None = None) -> dict[str, Any]:
    return rq.strict_query((synonyms or default_synonyms()).readings(analyze_groups(text)))


NO_SYNONYMS = Synonyms({})  # the analysis of the words alone, whatever the shipped list says


def all_requests(text: str) -> list[dict[str, Any]]:
    q = SearchQuery(text, agency="police", category="رانندگی")
    groups = analyze_groups(text)
    readings = default_synonyms().readings(groups)
    weights = [[1.0] * len(r.words) for r in readings]
    covering = rq.coverage_query(readings, weights) if groups else None
    texts = [rq.strict_query(readings), *rq.fuzzy_queries(groups)] if groups else []
    texts += [covering] if covering else []
    out = [rq.search_request(q, t) for t in texts]
    out += rq.vocabulary_requests([g.key for g in groups])
    complete = rq.complete_request(text, 8)
    return [*out, *([complete] if complete else [])]


def analysed_terms(text: str) -> set[str]:
    """Every index term the query or one of its synonym readings may ask for: its words'
    terms and the joined pairs that find its phrases."""
    readings = default_synonyms().readings(analyze_groups(text))
    words = {t for r in readings for g in r.words for t, _ in weighted_terms(g)}
    phrases = [keys for r in readings for keys, _ in phrase_variants(r.words)]
    return words | {pair for keys in phrases for pair in joined_pairs(keys)}


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_never_reaches_query_string_syntax(text: str) -> None:
    allowed = analysed_terms(text)
    for request in all_requests(text):
        keys = {key for key, _ in walk(request)}
        assert not keys & {"query_string", "simple_query_string", "script", "regexp", "wildcard"}
        for key, value in walk(request):
            values = value if isinstance(value, list) else [value]
            if key in TEXT_KEYS and all(isinstance(v, str) for v in values):
                for v in values:
                    assert set(v.split()) <= allowed, (key, v)


def test_filters_are_post_filters_so_each_facet_keeps_its_siblings() -> None:
    query = SearchQuery("گذرنامه", agency="police", category="رانندگی")
    request = rq.search_request(query, strict("گذرنامه"))
    agency = {"term": {"portal_id": "police"}}
    category = {"term": {"category": "رانندگی"}}
    assert request["post_filter"] == {"bool": {"filter": [agency, category]}}
    assert request["aggs"]["agency"]["filter"] == category
    assert request["aggs"]["category"]["filter"] == agency
    assert request["aggs"]["agency"]["aggs"]["values"]["terms"]["field"] == "portal_id"
    assert request["track_total_hits"] is True


def test_every_query_word_is_required_in_the_strict_reading() -> None:
    query = strict("صدور گذرنامه")["bool"]
    assert len(query["must"]) == 2
    first = query["must"][0]["dis_max"]
    assert first["tie_breaker"] == TIE_BREAKER
    assert first["queries"][0] == {"term": {"title": {"value": "صدور", "boost": 4.0}}}


def test_a_stopword_is_optional_unless_the_query_has_nothing_else() -> None:
    assert len(strict("صدور گذرنامه برای")["bool"]["must"]) == 2  # «برای» is a stopword
    assert len(strict("برای")["bool"]["must"]) == 1


def boosts(clause: dict[str, Any]) -> dict[tuple[str, str, str], float]:
    """(kind, field, term) -> boost of each alternative of one word's dis_max."""
    out = {}
    for alternative in clause["dis_max"]["queries"]:
        ((kind, spec),) = alternative.items()
        ((field, body),) = spec.items()
        out[(kind, field, body["value"])] = body["boost"]
    return out


@pytest.mark.parametrize(
    ("text", "word", "kind", "term", "weight"),
    [
        ("مهندسان", 0, "term", "مهندسان", 1.0),  # the word as typed
        ("مهندسان", 0, "term", "مهندس", STEM_WEIGHT),  # its stem as a plain word
        ("مهندسان", 0, "term", "~مهندس", STEM_WEIGHT),  # any word of the same stem
        ("مهندسان", 0, "term", "~مهندسان", STEM_WEIGHT),
        ("قبض آب", 0, "term", "قبضاب", COMPOUND_WEIGHT),  # joined with its neighbour
        ("قبض آب", 1, "term", "قبضاب", COMPOUND_WEIGHT),
        ("قبض آب", 1, "prefix", "اب", PREFIX_WEIGHT),  # the last word may be half typed
    ],
)
def test_each_spelling_of_a_word_counts_the_shared_weight_in_every_field(
    text: str, word: int, kind: str, term: str, weight: float
) -> None:
    clause = strict(text, NO_SYNONYMS)["bool"]["must"][word]
    found = boosts(clause)
    fields = PREFIX_FIELDS if kind == "prefix" else FIELD_BOOSTS
    for field in fields:
        assert found[(kind, field, term)] == pytest.approx(FIELD_BOOSTS[field] * weight)
    first = strict("قبض آب", NO_SYNONYMS)["bool"]["must"][0]
    assert ("prefix", "title", "قبض") not in boosts(first)


def phrases(should: list[dict[str, Any]]) -> dict[tuple[str, tuple[str, ...]], float]:
    """(field, the phrase's joined pairs or its text) -> boost of each phrase clause."""
    out = {}
    for clause in should:
        if "match_phrase" in clause:
            ((field, spec),) = clause["match_phrase"].items()
            out[(field, (spec["query"],))] = spec["boost"]
            continue
        terms = clause["bool"]["must"]
        (field,) = {f for t in terms for f in t["term"]}
        out[(field, tuple(t["term"][field]["value"] for t in terms))] = clause["bool"]["boost"]
    return out


def test_phrases_add_and_naming_an_agency_adds_most() -> None:
    """In titles a phrase is found by its words' joined pairs (terms every indexed text
    carries), not by word positions; the agency name keeps the engine's phrase query."""
    found = phrases(strict("ثبت اسناد")["bool"]["should"])
    assert found == {
        ("title", ("ثبتاسناد",)): PHRASE_BOOST,
        ("agency_text", ("ثبت اسناد",)): AGENCY_PHRASE_BOOST,
    }
    assert dict(PAIR_PHRASE_FIELDS) == {"title": PHRASE_BOOST}
    assert dict(PHRASE_FIELDS) == {"agency_text": AGENCY_PHRASE_BOOST}
    assert AGENCY_PHRASE_BOOST > PHRASE_BOOST
    longer = phrases(strict("پروانه کسب کرج", NO_SYNONYMS)["bool"]["should"])
    assert ("title", ("پروانهکسب", "کسبکرج")) in longer


def test_a_stopword_of_a_strict_reading_counts_only_inside_phrases() -> None:
    query = strict("پروانه کسب در کرج", NO_SYNONYMS)["bool"]
    assert len(query["must"]) == 3  # «پروانه», «کسب», «کرج»
    assert not any(("term", "title", "در") in boosts(c) for c in query["must"])
    assert set(phrases(query["should"])) == {
        ("title", ("پروانهکسب", "کسبدر", "درکرج")),
        ("agency_text", ("پروانه کسب در کرج",)),
    }


def test_synonyms_are_weighted_readings_combined_by_dis_max() -> None:
    """«اداره ثبت» → «ثبت اسناد»: a service matching only the synonym phrase scores as
    «ثبت اسناد» would, times the synonym weight — as in the embedded index."""
    typed, synonym = strict("اداره ثبت")["dis_max"]["queries"]
    assert "boost" not in typed["bool"]
    assert synonym["bool"]["boost"] == SYNONYM_WEIGHT
    assert ("term", "title", "اداره") in boosts(typed["bool"]["must"][0])
    assert ("term", "title", "اسناد") in boosts(synonym["bool"]["must"][1])
    assert strict("گذرنامه") == rq.text_query(analyze_groups("گذرنامه"))


def test_a_one_word_synonym_is_an_alternative_of_its_word() -> None:
    """«مجوز» → «پروانه»: one query, whose first word is either, the synonym at its weight
    (term, prefix and phrase), instead of a second reading scored on every match."""
    query = strict("مجوز ساختمان")
    assert "dis_max" not in query
    first = boosts(query["bool"]["must"][0])
    assert first[("term", "title", "مجوز")] == FIELD_BOOSTS["title"]
    assert first[("term", "title", "پروانه")] == pytest.approx(
        FIELD_BOOSTS["title"] * SYNONYM_WEIGHT
    )
    titles = {
        pairs: boost
        for (field, pairs), boost in phrases(query["bool"]["should"]).items()
        if field == "title"
    }
    assert titles == {
        ("مجوزساختمان",): PHRASE_BOOST,
        ("پروانهساختمان",): pytest.approx(PHRASE_BOOST * SYNONYM_WEIGHT),
    }
    last = boosts(strict("صدور مجوز")["bool"]["must"][1])
    assert ("prefix", "title", "پروانه") in last


def test_partial_matching_filters_by_coverage_sets_and_lifts_complete_matches() -> None:
    """The IDF coverage rule as the embedded index applies it: a filter of the minimal
    word sets, and COMPLETE_BONUS for a service matching every word."""
    groups = analyze_groups("صدور گذرنامه")
    (reading,) = default_synonyms().readings(groups)
    query = rq.coverage_query([reading], [[0.2, 3.0]])  # «گذرنامه» is the rare word
    assert query is not None
    scored, every = query["bool"]["should"]
    assert "dis_max" in scored["bool"]["should"][0]
    assert every["constant_score"]["boost"] == COMPLETE_BONUS
    assert len(every["constant_score"]["filter"]["bool"]["must"]) == 2
    (enough,) = query["bool"]["filter"]
    (only,) = enough["bool"]["should"]  # «گذرنامه» alone is enough; «صدور» alone is not
    assert ("term", "title", "گذرنامه") in boosts(only["bool"]["must"][0])
    # each word matched adds COVERAGE_WEIGHT times its weight, whatever field it is in
    covers = [c["constant_score"] for c in scored["bool"]["should"] if "constant_score" in c]
    assert [c["boost"] for c in covers] == [COVERAGE_WEIGHT * 0.2, COVERAGE_WEIGHT * 3.0]
    assert ("term", "title", "گذرنامه") in boosts(covers[1]["filter"])
    assert rq.coverage_query([reading], [[0.0, 0.0]]) is None  # no word counts


def test_typing_errors_are_the_last_resort() -> None:
    groups = analyze_groups("صدور گدرنامه")
    (fuzzy,) = rq.fuzzy_queries(groups)
    assert fuzzy["bool"]["should"][0] == {"fuzzy": {"title": {"value": "صدور", "fuzziness": 1}}}
    assert {tuple(c["fuzzy"]) for c in fuzzy["bool"]["should"]} == {(f,) for f in FUZZY_FIELDS}
    assert rq.fuzzy_queries(analyze_groups("۱۲۳۴۵")) == []  # digits


@pytest.mark.parametrize(
    ("page", "size", "fetched"),
    [
        (1, 10, (0, DIVERSITY_WINDOW)),  # the window is re-ranked as a whole
        (3, 20, (0, 60)),  # a page reaching past it fetches up to its end
        (6, 10, (50, 10)),  # past the window: engine order, this page only
    ],
)
def test_pages_inside_the_diversity_window_fetch_the_whole_window(
    page: int, size: int, fetched: tuple[int, int]
) -> None:
    request = rq.search_request(SearchQuery("گذرنامه", page=page, size=size), strict("گذرنامه"))
    assert (request["from_"], request["size"]) == fetched
    browse = rq.search_request(SearchQuery("", agency="police", page=page, size=size))
    assert (browse["from_"], browse["size"]) == ((page - 1) * size, size)  # by title: no re-rank


def test_snippet_highlighting_is_escaped_and_marked() -> None:
    highlight = rq.search_request(SearchQuery("گذرنامه"), strict("گذرنامه"))["highlight"]
    assert highlight["encoder"] == "html"
    assert (highlight["pre_tags"], highlight["post_tags"]) == (["<mark>"], ["</mark>"])
    # the search for related services marks nothing, so it asks the cluster for no highlights
    unmarked = SearchQuery("گذرنامه", marked=False)
    assert "highlight" not in rq.search_request(unmarked, strict("گذرنامه"))


@pytest.mark.parametrize(
    ("query", "size", "sort"),
    [
        (SearchQuery(""), 0, None),  # start page: facets only
        (SearchQuery("", agency="police"), 10, "title_sort"),  # browse by title
        (SearchQuery("گذرنامه", page=1000, size=50), 0, None),  # past the result window
    ],
)
def test_empty_and_deep_queries(query: SearchQuery, size: int, sort: str | None) -> None:
    request = rq.search_request(query, strict(query.text) if query.text else None)
    assert request["size"] == size
    assert request["from_"] + request["size"] <= rq.MAX_WINDOW
    if sort:
        assert request["sort"][0] == {sort: {"order": "asc"}}


def test_title_phrases_of_a_finglish_reading_are_counted_in_one_request() -> None:
    request = rq.phrase_request(["اجراینمایش", "اجرایینمایش", "اجراینمایش"])
    assert request == {
        "size": 0,
        "track_total_hits": False,
        "aggs": {
            "phrases": {
                "filters": {
                    "filters": {
                        "اجراینمایش": {"term": {"title": "اجراینمایش"}},
                        "اجرایینمایش": {"term": {"title": "اجرایینمایش"}},
                    }
                }
            }
        },
    }
    assert rq.phrase_request([]) is None
    response = {
        "hits": {"hits": []},
        "aggregations": {
            "phrases": {
                "buckets": {"اجراینمایش": {"doc_count": 2}, "اجرایینمایش": {"doc_count": 0}}
            }
        },
    }
    assert rs.phrase_counts(response) == {"اجراینمایش": 2, "اجرایینمایش": 0}


def test_vocabulary_lookups_count_only_the_candidate_words() -> None:
    """Did-you-mean asks about a few hundred words; the request names exactly those, returns
    no documents, and counts services per word (a terms aggregation limited to them)."""
    (request,) = rq.vocabulary_requests(["گذرنامه", "صدور", "گذرنامه"])
    words = ["گذرنامه", "صدور"]
    assert request == {
        "size": 0,
        "track_total_hits": False,
        "query": {"terms": {"vocabulary": words}},
        "aggs": {"vocabulary": {"terms": {"field": "vocabulary", "include": words, "size": 2}}},
    }
    many = [f"w{n}" for n in range(rq.VOCABULARY_BATCH + 10)]
    batches = rq.vocabulary_requests(many)
    assert [len(b["query"]["terms"]["vocabulary"]) for b in batches] == [rq.VOCABULARY_BATCH, 10]
    assert rq.vocabulary_requests([]) == []
    response = {
        "hits": {"hits": []},
        "aggregations": {
            "vocabulary": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": [{"key": "گذرنامه", "doc_count": 3}],
            }
        },
    }
    assert rs.vocabulary_counts(response) == {"گذرنامه": 3}


def test_completion_matches_the_normalised_prefix_on_indexed_title_prefixes() -> None:
    request = rq.complete_request("گواهينا", 5)
    assert request is not None
    clause = request["query"]["bool"]["should"][0]["multi_match"]
    assert clause == {
        "query": "گواهینا",
        "type": "bool_prefix",
        "operator": "and",
        "fields": ["title_complete"],
    }
    mapping = rq.index_template("dargah")["template"]["mappings"]["properties"]
    assert "index_prefixes" in mapping["title_complete"]  # the last word's prefix is one term
    assert rq.complete_request("  ؟! ", 5) is None


def test_highlighted_tokens_are_read_back() -> None:
    hit = {"highlight": {"title": ["صدور <mark>پروانه</mark> &amp; <mark>کسب</mark>"]}}
    assert rs.highlighted_tokens(hit) == {"پروانه", "کسب"}


# -- configuration ---------------------------------------------------------------------


def test_several_nodes_from_one_setting() -> None:
    hosts = ElasticsearchConfig.split_urls(
        " https://es1:9200, https://es2:9200/ ,,https://es3:9200"
    )
    client = connect(ElasticsearchConfig(hosts=hosts))
    assert len(client.transport.node_pool.all()) == 3


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({"hosts": ()}, "GATEWAY_ELASTICSEARCH_URL"),
        ({"hosts": ("es1:9200",)}, "GATEWAY_ELASTICSEARCH_URL"),
        ({"hosts": ("https://es1:9200",), "alias": "Dargah*"}, "GATEWAY_ELASTICSEARCH_INDEX"),
        (
            {"hosts": ("https://es1:9200",), "api_key": "k", "username": "u", "password": "p"},
            "API_KEY",
        ),
        ({"hosts": ("https://es1:9200",), "username": "u"}, "PASSWORD"),
        ({"hosts": ("https://es1:9200",), "ca_certs": Path("/nonexistent/ca.pem")}, "CA_CERTS"),
    ],
)
def test_bad_settings_are_named(kwargs: dict[str, Any], names: str) -> None:
    with pytest.raises(ElasticsearchConfigError, match=names):
        ElasticsearchConfig(**kwargs)


def test_a_readonly_backend_refuses_writes_before_sending_anything() -> None:
    client = connect(ElasticsearchConfig(hosts=("http://127.0.0.1:9",)))
    backend = ElasticsearchBackend(client, "dargah", readonly=True)
    with pytest.raises(PermissionError):
        backend.upsert([PASSPORT])
    with pytest.raises(PermissionError):
        backend.delete([PASSPORT.id])
    backend.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("es1:9200", "GATEWAY_ELASTICSEARCH_URL: 'es1:9200' is not an http(s) URL with a host"),
        ("http://127.0.0.1:9", "no Elasticsearch node answered at http://127.0.0.1:9"),
    ],
)
def test_a_bad_cluster_url_is_one_line_from_the_cli(
    url: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Port 9 (discard) is closed on loopback: a refused connection, not a fake server."""
    from dargah.cli import main

    monkeypatch.setenv("GATEWAY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("GATEWAY_SEARCH_BACKEND", "elasticsearch")
    monkeypatch.setenv("GATEWAY_ELASTICSEARCH_URL", url)
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "گذرنامه"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dargah: {message}")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_the_topic_filter_narrows_hits_and_other_facets_not_its_own() -> None:
    request = rq.search_request(SearchQuery("", agency="karaj", topic="housing"))
    topic_term = {"term": {"topic": "housing"}}
    assert json.dumps(topic_term) in json.dumps(request["post_filter"])
    assert '"portal_id": "karaj"' in json.dumps(request["post_filter"])
    topic_agg = request["aggs"]["topic"]
    assert topic_agg["filter"] == {"bool": {"filter": [{"term": {"portal_id": "karaj"}}]}}
    assert topic_agg["aggs"]["values"]["terms"]["field"] == "topic"
    # the agency facet ignores the agency filter but keeps the topic filter
    assert request["aggs"]["agency"]["filter"] == topic_term


def test_every_index_says_which_analysis_built_its_tokens() -> None:
    from indexer.normalize import ANALYSIS_VERSION

    body = rq.index_template("dargah-services")
    assert body["template"]["mappings"]["_meta"] == {"analysis_version": ANALYSIS_VERSION}
