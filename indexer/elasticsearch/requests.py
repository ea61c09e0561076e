"""Every request the Elasticsearch backend sends, built as plain data.

Pure functions (no client, no network), so tests assert the exact requests
without a server. The ranking is the embedded backend's, from the shared
:mod:`indexer.ranking`: the same analysed tokens in the same fields, the same
boosts and weights per kind of match (word, compound, stem, prefix), the same
phrase (by joined pairs) and agency-name boosts, synonyms as weighted readings of the
query combined with ``dis_max``, the same partial matching (the IDF coverage
sets of :func:`indexer.ranking.coverage_sets` as a filter, and the complete
matches lifted by COMPLETE_BONUS) and the same typing-error fallback. Text
reaches Elasticsearch only as pre-analysed tokens in ``term``/``match_phrase``/
``prefix``/``fuzzy``/``terms`` clauses, never in ``query_string`` syntax, so no
character a citizen types has a meaning to the engine.

Server-side work is limited to what must happen there: scoring, keyword
facets, highlighting (which tells us the tokens that matched), search-as-you-
type completion and counting the vocabulary's words for did-you-mean.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from indexer.backend import MAX_PAGE_SIZE, MAX_QUERY_CHARS, SearchQuery
from indexer.documents import ServiceDocument
from indexer.normalize import (
    ANALYSIS_VERSION,
    QueryWord,
    analyze_groups,
    joined_pairs,
    normalize,
)
from indexer.ranking import (
    COMPLETE_BONUS,
    FIELD_BOOSTS,
    FUZZY_FIELDS,
    MAX_RAW_CHARS,
    PAIR_PHRASE_FIELDS,
    PHRASE_FIELDS,
    PREFIX_FIELDS,
    PREFIX_WEIGHT,
    TIE_BREAKER,
    coverage_bonuses,
    coverage_sets,
    fetch_window,
    fuzzy_distance,
    fuzzy_keys,
    indexed_fields,
    phrase_variants,
    prefix_terms,
    required,
    rival_terms,
    utility_words,
    weighted_terms,
)
from indexer.synonyms import Reading

TEMPLATE_PATH = Path(__file__).resolve().parents[1] / "data/elasticsearch/index_template.json"
TOKEN_ANALYZER = "whitespace"
MAX_WINDOW = 10_000  # index.max_result_window: from + size beyond it is refused by the server
MAX_FACETS = 200
MAX_COMPLETIONS = 20
COMPLETION_POOL = 5
COMPLETE_FIELDS = ("title_complete",)
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
# Only these fields are highlighted: what the snippet is cut from.
HIGHLIGHT_FIELDS = ("title", "description")
VOCABULARY_FIELD = "vocabulary"
VOCABULARY_BATCH = 4096  # words looked up per request (a terms query allows 65,536)

Json = dict[str, Any]


# -- index template ---------------------------------------------------------------


@cache
def _template_data() -> str:
    return TEMPLATE_PATH.read_text(encoding="utf-8")


def index_template(alias: str, *, shards: int = 1, replicas: int = 1) -> Json:
    """The body of ``PUT _index_template/{alias}``: the JSON in indexer/data, filled in.

    Matches ``{alias}-*`` (the versioned indices behind the alias).
    """
    body: Json = json.loads(_template_data())
    body["index_patterns"] = [f"{alias}-*"]
    # every index made from the template says which analysis its tokens come from
    body["template"]["mappings"]["_meta"] = {"analysis_version": ANALYSIS_VERSION}
    settings = body["template"]["settings"]
    settings["number_of_shards"] = shards
    settings["number_of_replicas"] = replicas
    return body


def index_name(alias: str, now: datetime) -> str:
    """A versioned index name that sorts by creation time (names must be lower case)."""
    return f"{alias}-{now:%Y%m%d%H%M%S%f}"


def build_settings() -> Json:
    """Index settings while a new index is filled: no refreshes, no replicas (faster)."""
    return {"index": {"refresh_interval": "-1", "number_of_replicas": 0}}


def restore_settings(replicas: int) -> Json:
    """Settings once a new index is full: the template's refresh interval, the replicas asked."""
    refresh = json.loads(_template_data())["template"]["settings"]["refresh_interval"]
    return {"index": {"refresh_interval": refresh, "number_of_replicas": replicas}}


def alias_swap(alias: str, new_index: str, old_indices: Iterable[str]) -> Json:
    """One ``POST _aliases`` body: readers move from the old indices to the new one atomically."""
    actions: list[Json] = [
        {"remove": {"index": old, "alias": alias}} for old in sorted(old_indices)
    ]
    actions.append({"add": {"index": new_index, "alias": alias, "is_write_index": True}})
    return {"actions": actions}


def indices_to_delete(alias: str, existing: Iterable[str], live: str, keep: int = 0) -> list[str]:
    """Versioned indices of ``alias`` other than ``live``, minus the ``keep`` newest of them.

    Only names of the form ``{alias}-<digits>`` qualify, so another alias that
    merely shares the prefix («dargah-services-test-…») is never touched.
    """
    prefix = f"{alias}-"
    ours = sorted(
        name
        for name in existing
        if name.startswith(prefix) and name[len(prefix) :].isdigit() and name != live
    )
    return ours[: max(0, len(ours) - keep)]


# -- documents and bulk actions ---------------------------------------------------


def _keys(text: str) -> list[str]:
    return [group.key for group in analyze_groups(text)]


def document_source(doc: ServiceDocument) -> Json:
    """What is stored for one service: the fields the embedded index holds
    (:func:`indexer.ranking.indexed_fields`), plus the document itself (not
    indexed) so reads and reindexing need no other store."""
    fields = indexed_fields(doc)
    return {
        **fields.keywords,
        **fields.text,
        VOCABULARY_FIELD: list(fields.vocabulary),
        "title_complete": fields.text["title"],
        "doc": doc.to_dict(),
    }


def upsert_actions(index: str, docs: Iterable[ServiceDocument]) -> list[Json]:
    """``index`` operations (create or replace) by service id; a repeated id keeps the last."""
    latest = {doc.id: doc for doc in docs}
    return [
        {"_op_type": "index", "_index": index, "_id": doc_id, "_source": document_source(doc)}
        for doc_id, doc in latest.items()
    ]


def delete_actions(index: str, ids: Iterable[str]) -> list[Json]:
    return [{"_op_type": "delete", "_index": index, "_id": doc_id} for doc_id in dict.fromkeys(ids)]


def portal_query(portal_id: str) -> Json:
    return {"bool": {"filter": [{"term": {"portal_id": portal_id}}]}}


def portals_query(portal_ids: Sequence[str]) -> Json:
    return {"bool": {"filter": [{"terms": {"portal_id": list(portal_ids)}}]}}


# -- search -----------------------------------------------------------------------


def page_window(query: SearchQuery) -> tuple[int, int, bool]:
    """(from, size, too_deep) of the page asked: pages past the result window are
    counted but hold no hits."""
    size = max(1, min(query.size, MAX_PAGE_SIZE))
    offset = (max(query.page, 1) - 1) * size
    if offset + size > MAX_WINDOW:
        return 0, 0, True
    return offset, size, False


def _term_filter(field: str, value: str | None) -> Json | None:
    return {"term": {field: value[:MAX_RAW_CHARS]}} if value else None


def filters(query: SearchQuery) -> tuple[Json | None, Json | None]:
    """(agency filter, category filter), each ``None`` when not asked for; a topic filter
    narrows both, so each facet still ignores only its own filter."""
    return (
        _narrowed(_term_filter("portal_id", query.agency), _term_filter("topic", query.topic)),
        _narrowed(
            _term_filter("category", normalize(query.category or "")),
            _term_filter("topic", query.topic),
        ),
    )


def _narrowed(one: Json | None, other: Json | None) -> Json | None:
    if one is None or other is None:
        return one or other
    return {"bool": {"filter": [one, other]}}


def topic_agg(query: SearchQuery) -> Json:
    """The topic facet: filtered by the agency and category filters, not by the topic."""
    plain = [
        f
        for f in (
            _term_filter("portal_id", query.agency),
            _term_filter("category", normalize(query.category or "")),
        )
        if f is not None
    ]
    return {
        "filter": {"bool": {"filter": plain}} if plain else {"match_all": {}},
        "aggs": {"values": {"terms": {"field": "topic", "size": MAX_FACETS}}},
    }


def facet_aggs(agency: Json | None, category: Json | None) -> Json:
    """Disjunctive facets: each facet is filtered by the *other* facet's filter only."""
    match_all: Json = {"match_all": {}}
    return {
        "agency": {
            "filter": category or match_all,
            "aggs": {
                "values": {
                    "terms": {"field": "portal_id", "size": MAX_FACETS},
                    "aggs": {"name": {"terms": {"field": "agency", "size": 1}}},
                }
            },
        },
        "category": {
            "filter": agency or match_all,
            "aggs": {"values": {"terms": {"field": "category", "size": MAX_FACETS}}},
        },
    }


def _post_filter(agency: Json | None, category: Json | None) -> Json | None:
    active = [f for f in (agency, category) if f is not None]
    return {"bool": {"filter": active}} if active else None


def _boost(value: float) -> float:
    return round(value, 4)


def _word_clause(group: QueryWord, *, last: bool) -> Json:
    """One query word: the best of its spellings in any field (``dis_max``)."""
    alternatives: list[Json] = [
        {"term": {field: {"value": term, "boost": _boost(boost * weight)}}}
        for term, weight in weighted_terms(group)
        for field, boost in FIELD_BOOSTS.items()
    ]
    if last:
        alternatives += [
            {
                "prefix": {
                    field: {
                        "value": key,
                        "boost": _boost(FIELD_BOOSTS[field] * PREFIX_WEIGHT * weight),
                    }
                }
            }
            for key, weight in prefix_terms(group)
            for field in PREFIX_FIELDS
        ]
    return {"dis_max": {"queries": alternatives, "tie_breaker": TIE_BREAKER}}


def _phrase_clauses(groups: Sequence[QueryWord]) -> list[Json]:
    """Phrase matches in the title (by the joined pairs of the phrase's words) and in the
    agency name (see :data:`indexer.ranking.PHRASE_FIELDS`), as in the embedded index."""
    clauses: list[Json] = []
    for keys, weight in phrase_variants(groups):
        pairs = joined_pairs(keys)
        clauses += [
            {
                "bool": {
                    "must": [{"term": {field: {"value": p}}} for p in pairs],
                    "boost": _boost(boost * weight),
                }
            }
            for field, boost in PAIR_PHRASE_FIELDS
        ]
        text = " ".join(keys)
        clauses += [
            {"match_phrase": {field: {"query": text, "boost": _boost(boost * weight)}}}
            for field, boost in PHRASE_FIELDS
        ]
    return clauses


def _word_clauses(groups: Sequence[QueryWord]) -> list[Json]:
    return [_word_clause(g, last=n == len(groups)) for n, g in enumerate(groups, start=1)]


def text_query(groups: Sequence[QueryWord]) -> Json:
    """The words of one reading (see :class:`indexer.tantivy_backend.TantivyBackend`).

    Per word a ``dis_max`` of its spellings; every non-stopword must match, and stopwords
    count only inside phrases. Phrase matches in the title and agency name add to the
    score (the agency name most: a query naming an agency).
    """
    need = required(groups)
    must = [c for c, n in zip(_word_clauses(groups), need, strict=True) if n]
    should = _phrase_clauses(groups)
    query: Json = {"must": must, "should": should}
    if not must:
        query["minimum_should_match"] = 1
    return {"bool": query}


def strict_query(readings: Sequence[Reading]) -> Json:
    """Every word of some reading of the query (readings from :mod:`indexer.synonyms`);
    a document scores by its best reading, a synonym's reading counts its weight."""
    queries = []
    for reading in readings:
        query = text_query(reading.words)
        if reading.weight != 1.0:
            query["bool"]["boost"] = reading.weight
        queries.append(query)
    return queries[0] if len(queries) == 1 else {"dis_max": {"queries": queries}}


def coverage_query(
    readings: Sequence[Reading], weights: Sequence[Sequence[float]], share: float | None = None
) -> Json | None:
    """Services matching enough of some reading's weight (``weights``: per reading, from
    :func:`indexer.ranking.word_weights`); those matching every word of a reading score
    COMPLETE_BONUS more. None when no word of any reading counts."""
    queries = []
    for reading, reading_weights in zip(readings, weights, strict=True):
        sets = coverage_sets(reading_weights, share, utility_words(reading.words))
        if not sets:
            continue
        words = _word_clauses(reading.words)
        needed = [w for w, n in zip(words, required(reading.words), strict=True) if n]
        covers = [
            {"constant_score": {"filter": words[i], "boost": bonus}}
            for i, bonus in coverage_bonuses(reading_weights)
        ]
        scored: Json = {
            "should": [*words, *_phrase_clauses(reading.words), *covers],
        }
        if reading.weight != 1.0:
            scored["boost"] = reading.weight
        enough = [{"bool": {"must": [words[i] for i in chosen]}} for chosen in sets]
        qualify: Json = {"bool": {"should": enough, "minimum_should_match": 1}}
        named, others = rival_terms(reading.words)
        if others:  # see TantivyBackend._without_rivals
            qualify["bool"]["must_not"] = [
                {
                    "bool": {
                        "filter": [{"terms": {"title": others}}],
                        "must_not": [{"terms": {"title": named}}],
                    }
                }
            ]
        queries.append(
            {
                "bool": {
                    "should": [
                        {"bool": scored},
                        {
                            "constant_score": {
                                "filter": {"bool": {"must": needed}},
                                "boost": COMPLETE_BONUS,
                            }
                        },
                    ],
                    "filter": [qualify],
                }
            }
        )
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else {"dis_max": {"queries": queries}}


def fuzzy_queries(groups: Sequence[QueryWord]) -> list[Json]:
    """Words within one or two typing errors: tried when nothing else matched."""
    fuzzy = [
        {"fuzzy": {field: {"value": key, "fuzziness": fuzzy_distance(key)}}}
        for key in fuzzy_keys(groups)
        for field in FUZZY_FIELDS
    ]
    return [{"bool": {"should": fuzzy, "minimum_should_match": 1}}] if fuzzy else []


def highlight() -> Json:
    """Highlighting on the token fields: which indexed tokens matched, synonyms included.

    ``encoder: html`` escapes the field text; the snippet itself is then cut from
    the display text by :func:`indexer.snippets.snippet_html`, as for the embedded index.
    """
    return {
        "encoder": "html",
        "pre_tags": [MARK_OPEN],
        "post_tags": [MARK_CLOSE],
        "require_field_match": True,
        "fields": {field: {"number_of_fragments": 0} for field in HIGHLIGHT_FIELDS},
    }


INDEXED_AGG = "indexed"  # the aggregation counting every service of the index


def search_request(query: SearchQuery, text: Json | None = None) -> Json:
    """Keyword arguments of ``client.search`` for ``query`` searched with ``text``
    (from :func:`strict_query` or :func:`looser_queries`).

    A page inside the diversity window fetches the whole window (see
    :func:`indexer.ranking.fetch_window`); the backend re-ranks and cuts it.
    ``text=None`` (an empty query) lists (browses) the filtered services by
    title; without a filter it asks only for the facets of the whole index.
    """
    offset, size, too_deep = page_window(query)
    agency, category = filters(query)
    request: Json = {
        "from_": offset,
        "size": size,
        "track_total_hits": True,
        "aggs": facet_aggs(agency, category) | {"topic": topic_agg(query)},
        "source_includes": ["doc"],
    }
    post_filter = _post_filter(agency, category)
    if post_filter is not None:
        request["post_filter"] = post_filter
    if text is None:
        request["query"] = {"match_all": {}}
        if post_filter is None:
            request["size"] = 0
        else:
            request["sort"] = [{"title_sort": {"order": "asc"}}, {"id": {"order": "asc"}}]
        return request
    if not too_deep:
        request["from_"], request["size"] = fetch_window(offset, size)
    request["query"] = text
    # the index's size, which weighs partial matches (ranking.word_weights): a global bucket
    # counts every service whatever the query, in the same request instead of a _count
    request["aggs"][INDEXED_AGG] = {"global": {}}
    if query.marked:  # the highlighted tokens only mark snippets
        request["highlight"] = highlight()
    return request


def vocabulary_requests(keys: Sequence[str]) -> list[Json]:
    """``client.search`` arguments counting the services whose words include each key.

    Did-you-mean and the joining of split words ask about a few hundred
    candidate words at most; a ``terms`` aggregation restricted (``include``)
    to exactly those words over the ``vocabulary`` keyword field counts them
    in one request per :data:`VOCABULARY_BATCH`, whatever the index's size,
    and returns no documents.
    """
    unique = list(dict.fromkeys(keys))
    return [
        {
            "size": 0,
            "track_total_hits": False,
            "query": {"terms": {VOCABULARY_FIELD: batch}},
            "aggs": {
                VOCABULARY_FIELD: {
                    "terms": {"field": VOCABULARY_FIELD, "include": batch, "size": len(batch)}
                }
            },
        }
        for batch in (
            unique[i : i + VOCABULARY_BATCH] for i in range(0, len(unique), VOCABULARY_BATCH)
        )
    ]


def phrase_request(keys: Sequence[str]) -> Json | None:
    """``client.search`` arguments counting the services whose titles have each two-word
    term (:func:`indexer.latin.latin_rewrites` asks a few dozen at most), in one request that
    returns no documents; ``None`` when there is nothing to ask."""
    unique = list(dict.fromkeys(keys))
    if not unique:
        return None
    filters = {key: {"term": {"title": key}} for key in unique}
    return {
        "size": 0,
        "track_total_hits": False,
        "aggs": {"phrases": {"filters": {"filters": filters}}},
    }


def complete_request(prefix: str, limit: int) -> Json | None:
    """``client.search`` arguments for titles completing ``prefix``; ``None`` when empty.

    ``title_complete`` matches finished words as tokens and the word being typed
    as a prefix (``bool_prefix``; its indexed prefixes make that one term lookup,
    with no optional module needed); the last two words joined are a
    second reading, for a compound typed in halves («گواهی نا»).
    """
    keys = _keys(prefix[:MAX_QUERY_CHARS])
    if not keys:
        return None
    texts = [" ".join(keys)]
    if len(keys) > 1:
        texts.append(" ".join([*keys[:-2], keys[-2] + keys[-1]]))
    limit = max(1, min(limit, MAX_COMPLETIONS))
    return {
        "size": limit * COMPLETION_POOL,
        "query": {
            "bool": {
                "should": [
                    {
                        "multi_match": {
                            "query": text,
                            "type": "bool_prefix",
                            "operator": "and",
                            "fields": list(COMPLETE_FIELDS),
                        }
                    }
                    for text in texts
                ],
                "minimum_should_match": 1,
            }
        },
        "source_includes": ["doc"],
    }


def client_kwargs(body: Json) -> Json:
    """A REST body as keyword arguments of the Python client (``_meta`` is ``meta`` there)."""
    return {key.lstrip("_"): value for key, value in body.items()}
