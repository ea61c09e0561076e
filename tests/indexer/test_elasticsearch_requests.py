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
from indexer.normalize import analyze
from indexer.synonyms import Synonyms, default_synonyms
from tests.indexer.factories import make_doc

# Field types of the Elasticsearch mapping reference that this template may use.
DOCUMENTED_TYPES = {"keyword", "text", "search_as_you_type", "object"}
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
    body = rq.index_template("dargah-alborz", ["مجوز, پروانه"], shards=3, replicas=2)
    assert body["index_patterns"] == ["dargah-alborz-*"]
    name = rq.index_name("dargah-alborz", __import__("datetime").datetime(2026, 11, 23, 15, 42))
    assert name.startswith("dargah-alborz-") and name == name.lower()
    settings = body["template"]["settings"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == (3, 2)


def test_every_mapped_field_has_a_documented_type_and_defined_analyzers() -> None:
    body = rq.index_template("dargah", ["مجوز, پروانه"])
    analysis = body["template"]["settings"]["analysis"]
    properties = body["template"]["mappings"]["properties"]
    for name, spec in properties.items():
        assert spec["type"] in DOCUMENTED_TYPES, name
        for key in ("analyzer", "search_analyzer"):
            if key in spec:
                assert spec[key] in analysis["analyzer"], (name, spec[key])
        for target in spec.get("copy_to", []):
            assert target in properties, (name, target)
    for analyzer in analysis["analyzer"].values():
        assert analyzer["tokenizer"] == "whitespace"  # our tokens, split only at spaces
        for f in analyzer.get("filter", []):
            assert f in analysis["filter"]


def test_synonyms_apply_at_query_time_only() -> None:
    body = rq.index_template("dargah", ["مجوز, پروانه"])
    analysis = body["template"]["settings"]["analysis"]
    assert analysis["filter"]["dargah_synonyms"] == {
        "type": "synonym_graph",
        "expand": True,
        "lenient": False,
        "synonyms": ["مجوز, پروانه"],
    }
    for name, spec in body["template"]["mappings"]["properties"].items():
        if "analyzer" in spec:  # indexing never expands synonyms
            assert "dargah_synonyms" not in analysis["analyzer"][spec["analyzer"]].get(
                "filter", []
            ), name


def test_without_synonyms_the_filter_is_left_out_rather_than_empty() -> None:
    analysis = rq.index_template("dargah", [])["template"]["settings"]["analysis"]
    assert "dargah_synonyms" not in analysis["filter"]
    assert analysis["analyzer"]["dargah_tokens_synonyms"]["filter"] == []


def test_a_document_fills_exactly_the_mapped_fields() -> None:
    """The mapping is ``dynamic: strict``: an unmapped field would refuse the document."""
    mappings = rq.index_template("dargah")["template"]["mappings"]
    assert mappings["dynamic"] == "strict"
    source = rq.document_source(PASSPORT)
    copy_targets = {"vocabulary"}
    assert set(source) == set(mappings["properties"]) - copy_targets


def test_documents_carry_the_shared_analysis_tokens() -> None:
    source = rq.document_source(make_doc("x", "گواهي‌نامه رانندگي"))  # Arabic ي, ZWNJ
    assert source["title"] == " ".join(analyze("گواهی‌نامه رانندگی"))
    assert source["title_sort"] == "گواهی‌نامه رانندگی"
    assert source["hash"] == make_doc("x", "گواهي‌نامه رانندگي").content_hash


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ({"equivalent": [["مجوز", "پروانه"]]}, ["مجوز => مجوز, پروانه", "پروانه => پروانه, مجوز"]),
        ({"equivalent": [["گواهی‌نامه", "گواهينامه"]]}, []),  # one token once folded: no rule
        ({"expand": {"ماشین": ["خودرو"]}}, ["ماشین => ماشین, خودرو"]),  # one way only
        ({"expand": {"آبفا": ["آب و فاضلاب"]}}, ["ابفا => ابفا, اب و فاضلاب"]),
        ({"expand": {"ثبت‌نام": ["نام نويسي"]}}, ["ثبتنام => ثبتنام, نامنویسی"]),  # compound joined
    ],
)
def test_synonym_rules_are_in_the_indexed_token_form(
    entries: dict[str, Any], expected: list[str]
) -> None:
    assert rq.synonym_rules(Synonyms.parse(entries)) == expected


def test_the_shipped_list_becomes_rules_elasticsearch_can_parse() -> None:
    rules = rq.synonym_rules(default_synonyms())
    assert rules
    for rule in rules:
        lhs, rhs = rule.split(" => ")
        assert lhs and all(part.strip() for part in rhs.split(","))
        assert not set(rule) & set('#\\"')  # no comment or escape syntax


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
]
TEXT_KEYS = {"query", "value"}


def all_requests(text: str) -> list[dict[str, Any]]:
    q = SearchQuery(text, agency="police", category="رانندگی")
    out = [rq.search_request(q, reading) for reading in ("all", "any", "fuzzy")]
    complete = rq.complete_request(text, 8)
    return [*out, *([complete] if complete else [])]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_never_reaches_query_string_syntax(text: str) -> None:
    tokens = set(analyze(text))
    for request in all_requests(text):
        keys = {key for key, _ in walk(request)}
        assert not keys & {"query_string", "simple_query_string", "script", "regexp", "wildcard"}
        for key, value in walk(request):
            if key in TEXT_KEYS and isinstance(value, str):
                assert set(value.split()) <= tokens, (key, value)


def test_filters_are_post_filters_so_each_facet_keeps_its_siblings() -> None:
    request = rq.search_request(SearchQuery("گذرنامه", agency="police", category="رانندگی"))
    agency = {"term": {"portal_id": "police"}}
    category = {"term": {"category": "رانندگی"}}
    assert request["post_filter"] == {"bool": {"filter": [agency, category]}}
    assert request["aggs"]["agency"]["filter"] == category
    assert request["aggs"]["category"]["filter"] == agency
    assert request["aggs"]["agency"]["aggs"]["values"]["terms"]["field"] == "portal_id"
    assert request["track_total_hits"] is True


def test_every_query_word_is_required_in_the_strict_reading() -> None:
    request = rq.search_request(SearchQuery("صدور گذرنامه"), "all")
    strict = request["query"]["bool"]["must"][0]["bool"]["should"][0]["bool"]
    assert len(strict["must"]) == 2
    first = strict["must"][0]["dis_max"]["queries"][0]
    assert first == {"match": {"title": {"query": "صدور", "boost": 4.0}}}
    assert request["suggest"]["spelling"]["term"]["suggest_mode"] == "missing"


def test_snippet_highlighting_is_escaped_and_marked() -> None:
    highlight = rq.search_request(SearchQuery("گذرنامه"))["highlight"]
    assert highlight["encoder"] == "html"
    assert (highlight["pre_tags"], highlight["post_tags"]) == (["<mark>"], ["</mark>"])


@pytest.mark.parametrize(
    ("query", "size", "sort"),
    [
        (SearchQuery(""), 0, None),  # start page: facets only
        (SearchQuery("", agency="police"), 10, "title_sort"),  # browse by title
        (SearchQuery("گذرنامه", page=1000, size=50), 0, None),  # past the result window
    ],
)
def test_empty_and_deep_queries(query: SearchQuery, size: int, sort: str | None) -> None:
    request = rq.search_request(query)
    assert request["size"] == size
    assert request["from_"] + request["size"] <= rq.MAX_WINDOW
    if sort:
        assert request["sort"][0] == {sort: {"order": "asc"}}


def test_completion_uses_search_as_you_type_on_normalised_prefix() -> None:
    request = rq.complete_request("گواهينا", 5)
    assert request is not None
    clause = request["query"]["bool"]["should"][0]["multi_match"]
    assert clause == {
        "query": "گواهینا",
        "type": "bool_prefix",
        "operator": "and",
        "fields": ["title_complete", "title_complete._2gram", "title_complete._3gram"],
    }
    assert rq.complete_request("  ؟! ", 5) is None


def test_highlighted_tokens_and_suggestion_are_read_back() -> None:
    hit = {"highlight": {"title": ["صدور <mark>پروانه</mark> &amp; <mark>کسب</mark>"]}}
    assert rs.highlighted_tokens(hit) == {"پروانه", "کسب"}
    response = {
        "suggest": {
            "spelling": [
                {"text": "صدور", "options": []},
                {"text": "گذرمانه", "options": [{"text": "گذرنامه", "score": 0.8, "freq": 3}]},
            ]
        }
    }
    assert rs.suggestion(response, ["صدور", "گذرمانه"]) == "صدور گذرنامه"
    assert rs.suggestion({"suggest": {"spelling": []}}, ["صدور"]) is None


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
