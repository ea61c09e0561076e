"""Every request the Elasticsearch backend sends, built as plain data.

Pure functions (no client, no network), so tests assert the exact requests
without a server. The ranking mirrors the embedded backend: same analysed
tokens, same fields and boosts, same ever-looser readings of a query. Text
reaches Elasticsearch only as pre-analysed tokens in ``match``/``match_phrase``
/``prefix``/``fuzzy``/``term`` clauses, never in ``query_string`` syntax, so no
character a citizen types has a meaning to the engine.

Server-side work is limited to what must happen there: query-time synonyms
(``synonym_graph`` over our tokens), search-as-you-type prefixes, keyword
facets, highlighting (which tells us the tokens that matched, synonyms
included) and the term suggester.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from indexer.backend import MAX_PAGE_SIZE, MAX_QUERY_CHARS, SearchQuery
from indexer.documents import ServiceDocument
from indexer.normalize import QueryWord, analyze, analyze_groups, normalize
from indexer.synonyms import Synonyms
from indexer.tantivy_backend import (
    COMPOUND_WEIGHT,
    FIELD_BOOSTS,
    MIN_FUZZY,
    MIN_PREFIX,
    PART_WEIGHT,
    PHRASE_BOOST,
    PREFIX_WEIGHT,
    _stopwords,
)

TEMPLATE_PATH = Path(__file__).resolve().parents[1] / "data/elasticsearch/index_template.json"
SYNONYM_FILTER = "dargah_synonyms"
SYNONYM_ANALYZER = "dargah_tokens_synonyms"
TOKEN_ANALYZER = "dargah_tokens"
MAX_RAW_CHARS = 300  # keyword fields: the same cap as the embedded index
MAX_WINDOW = 10_000  # index.max_result_window: from + size beyond it is refused by the server
MAX_FACETS = 200
TIE_BREAKER = 0.3
MAX_COMPLETIONS = 20
COMPLETION_POOL = 5
COMPLETE_FIELDS = ("title_complete", "title_complete._2gram", "title_complete._3gram")
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
# Only these fields are highlighted: what the snippet is cut from.
HIGHLIGHT_FIELDS = ("title", "description")

Reading = Literal["all", "any", "fuzzy"]
Json = dict[str, Any]


# -- index template and synonyms -------------------------------------------------


@cache
def _template_data() -> str:
    return TEMPLATE_PATH.read_text(encoding="utf-8")


def synonym_rules(synonyms: Synonyms) -> list[str]:
    """The curated list (:mod:`indexer.synonyms`) as Solr-format ``synonym_graph`` rules.

    The index holds folded keys («گواهینامه», not «گواهی‌نامه»), so both sides
    are in token form. Every rule keeps the words typed (``a => a, b``): one-way
    entries stay one-way, and an equivalence group is one rule per phrase.
    """
    rules: list[str] = []
    for phrase, alternatives in synonyms._rules.items():
        lhs = " ".join(phrase)
        targets = [" ".join(_keys(alt)) for alt in alternatives]
        rhs = list(dict.fromkeys([lhs, *(t for t in targets if t)]))
        if len(rhs) > 1:
            rules.append(f"{lhs} => {', '.join(rhs)}")
    return rules


def index_template(
    alias: str, synonyms: Sequence[str] = (), *, shards: int = 1, replicas: int = 1
) -> Json:
    """The body of ``PUT _index_template/{alias}``: the JSON in indexer/data, filled in.

    Matches ``{alias}-*`` (the versioned indices behind the alias). Without
    synonym rules the filter is left out: Elasticsearch refuses an empty list.
    """
    body: Json = json.loads(_template_data())
    body["index_patterns"] = [f"{alias}-*"]
    settings = body["template"]["settings"]
    settings["number_of_shards"] = shards
    settings["number_of_replicas"] = replicas
    analysis = settings["analysis"]
    if synonyms:
        analysis["filter"][SYNONYM_FILTER]["synonyms"] = list(synonyms)
    else:
        del analysis["filter"][SYNONYM_FILTER]
        analysis["analyzer"][SYNONYM_ANALYZER]["filter"] = []
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
    """What is stored for one service: the same tokens the embedded index holds, plus the
    document itself (not indexed) so reads and reindexing need no other store."""
    keywords = " ".join(doc.keywords)
    fields = " ".join(f"{k} {v}" for k, v in doc.fields.items())
    title_tokens = " ".join(analyze(doc.title))
    return {
        "id": doc.id,
        "portal_id": doc.portal_id,
        "agency": normalize(doc.agency)[:MAX_RAW_CHARS],
        "category": normalize(doc.category)[:MAX_RAW_CHARS],
        "title_sort": normalize(doc.title)[:MAX_RAW_CHARS],
        "hash": doc.content_hash,
        "title": title_tokens,
        "agency_text": " ".join(analyze(doc.agency)),
        "category_text": " ".join(analyze(doc.category)),
        "body": " ".join(analyze(f"{keywords}\n{fields}")),
        "description": " ".join(analyze(doc.description)),
        "title_complete": title_tokens,
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
    """(from, size, too_deep): pages past the result window are counted but hold no hits."""
    size = max(1, min(query.size, MAX_PAGE_SIZE))
    offset = (max(query.page, 1) - 1) * size
    if offset + size > MAX_WINDOW:
        return 0, 0, True
    return offset, size, False


def _term_filter(field: str, value: str | None) -> Json | None:
    return {"term": {field: value[:MAX_RAW_CHARS]}} if value else None


def filters(query: SearchQuery) -> tuple[Json | None, Json | None]:
    """(agency filter, category filter), each ``None`` when not asked for."""
    return (
        _term_filter("portal_id", query.agency),
        _term_filter("category", normalize(query.category or "")),
    )


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


def _match(field: str, token: str, boost: float) -> Json:
    return {"match": {field: {"query": token, "boost": round(boost, 4)}}}


def _word_clause(group: QueryWord, *, last: bool) -> Json:
    weighted = [(group.key, 1.0)]
    weighted += [(t, COMPOUND_WEIGHT) for t in group.compounds]
    weighted += [(t, PART_WEIGHT) for t in group.parts]
    alternatives = [
        _match(field, term, boost * weight)
        for term, weight in weighted
        for field, boost in FIELD_BOOSTS.items()
    ]
    if last and len(group.key) >= MIN_PREFIX:
        alternatives += [
            {"prefix": {field: {"value": group.key, "boost": FIELD_BOOSTS[field] * PREFIX_WEIGHT}}}
            for field in ("title", "agency_text")
        ]
    return {"dis_max": {"queries": alternatives, "tie_breaker": TIE_BREAKER}}


def text_query(groups: Sequence[QueryWord], reading: Reading) -> Json:
    """One reading of the query (see the embedded backend's docstring for the semantics).

    ``all``: every non-stopword must match, in any of its spellings; a whole-query
    ``match`` with ``operator: and`` is the alternative that lets a multi-word
    synonym («راه و شهرسازی») stand for its words. ``any``: one word is enough.
    ``fuzzy``: words within one or two edits.
    """
    keys = [g.key for g in groups]
    if reading == "fuzzy":
        return {
            "bool": {
                "should": [
                    {"fuzzy": {field: {"value": key, "fuzziness": 1 if len(key) < 8 else 2}}}
                    for key in keys
                    if len(key) >= MIN_FUZZY and not key.isdigit()
                    for field in ("title", "agency_text", "description")
                ],
                "minimum_should_match": 1,
            }
        }
    stop = _stopwords()
    content = [k for k in keys if k not in stop]
    words = [_word_clause(g, last=n == len(groups)) for n, g in enumerate(groups, start=1)]
    phrases = (
        [
            {"match_phrase": {field: {"query": " ".join(keys), "boost": PHRASE_BOOST}}}
            for field in ("title", "description")
        ]
        if len(keys) > 1
        else []
    )
    if reading == "any":
        return {"bool": {"should": words + phrases, "minimum_should_match": 1}}
    must = [w for w, k in zip(words, keys, strict=True) if k not in stop or not content]
    optional = [w for w, k in zip(words, keys, strict=True) if not (k not in stop or not content)]
    strict: Json = {"bool": {"must": must, "should": optional}}
    whole = {
        "multi_match": {
            "query": " ".join(keys),
            "fields": [f"{field}^{boost}" for field, boost in FIELD_BOOSTS.items()],
            "type": "best_fields",
            "operator": "and",
            "tie_breaker": TIE_BREAKER,
        }
    }
    return {
        "bool": {
            "must": [{"bool": {"should": [strict, whole], "minimum_should_match": 1}}],
            "should": phrases,
        }
    }


def readings(groups: Sequence[QueryWord]) -> list[Reading]:
    """The readings worth trying for these words, strictest first."""
    out: list[Reading] = ["all"]
    if len(groups) > 1:
        out.append("any")
    if any(len(g.key) >= MIN_FUZZY and not g.key.isdigit() for g in groups):
        out.append("fuzzy")
    return out


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


def spelling_suggester(keys: Sequence[str]) -> Json:
    """The term suggester over the indexed vocabulary, for words the index lacks."""
    return {
        "spelling": {
            "text": " ".join(keys),
            "term": {
                "field": "vocabulary",
                "analyzer": TOKEN_ANALYZER,  # no synonyms: suggest spellings, not other words
                "suggest_mode": "missing",
                "sort": "score",
                "size": 1,
                "max_edits": 2,
                "prefix_length": 0,
                "min_word_length": MIN_FUZZY,
            },
        }
    }


def search_request(query: SearchQuery, reading: Reading = "all") -> Json:
    """Keyword arguments of ``client.search`` for one reading of ``query``.

    An empty query lists (browses) the filtered services by title; without a
    filter it asks only for the facets of the whole index.
    """
    offset, size, _ = page_window(query)
    agency, category = filters(query)
    request: Json = {
        "from_": offset,
        "size": size,
        "track_total_hits": True,
        "aggs": facet_aggs(agency, category),
        "source_includes": ["doc"],
    }
    post_filter = _post_filter(agency, category)
    if post_filter is not None:
        request["post_filter"] = post_filter
    groups = analyze_groups(query.text[:MAX_QUERY_CHARS])
    if not groups:
        request["query"] = {"match_all": {}}
        if post_filter is None:
            request["size"] = 0
        else:
            request["sort"] = [{"title_sort": {"order": "asc"}}, {"id": {"order": "asc"}}]
        return request
    request["query"] = text_query(groups, reading)
    request["highlight"] = highlight()
    if reading == "all":
        request["suggest"] = spelling_suggester([g.key for g in groups])
    return request


def complete_request(prefix: str, limit: int) -> Json | None:
    """``client.search`` arguments for titles completing ``prefix``; ``None`` when empty.

    The search-as-you-type field matches finished words as tokens and the word
    being typed as a prefix (``bool_prefix``); the last two words joined are a
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
