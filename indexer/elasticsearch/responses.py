"""Reading Elasticsearch responses into the backend contract's types.

Pure functions over the documented response shapes. Snippets are cut from
the display text by :func:`indexer.snippets.snippet_html`, exactly as for the
embedded index; the engine's highlighting only contributes which tokens
matched (so a synonym's words are marked too).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from indexer.backend import Completion, FacetValue, Hit
from indexer.documents import ServiceDocument
from indexer.elasticsearch.requests import INDEXED_AGG
from indexer.normalize import analyze_groups
from indexer.snippets import snippet_html

_MARKED = re.compile(r"<mark>(.*?)</mark>", re.S)


def source_document(hit: Mapping[str, Any]) -> ServiceDocument:
    return ServiceDocument.from_dict(hit["_source"]["doc"])


def highlighted_tokens(hit: Mapping[str, Any]) -> set[str]:
    """Tokens the engine marked in this hit's token fields (HTML-decoded)."""
    tokens: set[str] = set()
    for fragments in (hit.get("highlight") or {}).values():
        for fragment in fragments:
            for marked in _MARKED.findall(fragment):
                tokens.update(html.unescape(marked).split())
    return tokens


Scored = tuple[float, ServiceDocument, Mapping[str, Any]]  # (score, document, the raw hit)


def scored(response: Mapping[str, Any]) -> list[Scored]:
    """The hits in engine order, read just enough to re-rank them."""
    return [
        (float(hit.get("_score") or 0.0), source_document(hit), hit)
        for hit in response["hits"]["hits"]
    ]


def hit(item: Scored, query_tokens: Sequence[str], prefixes: Sequence[str]) -> Hit:
    """One hit of the page, its snippet marking the query's and the highlighted tokens."""
    score, doc, raw = item
    tokens = {*query_tokens, *highlighted_tokens(raw)}
    return Hit(doc, score, snippet_html(doc.description or doc.title, tokens, prefixes))


def total(response: Mapping[str, Any]) -> int:
    value = response["hits"]["total"]
    return int(value["value"] if isinstance(value, Mapping) else value)


def indexed(response: Mapping[str, Any]) -> int:
    """How many services the index holds, from a
    :func:`~indexer.elasticsearch.requests.search_request` answer for a query with words."""
    return int((response.get("aggregations") or {})[INDEXED_AGG]["doc_count"])


def facets(response: Mapping[str, Any]) -> dict[str, list[FacetValue]]:
    aggs = response.get("aggregations") or {}
    agencies = []
    for bucket in aggs.get("agency", {}).get("values", {}).get("buckets", []):
        names = bucket.get("name", {}).get("buckets") or [{"key": bucket["key"]}]
        agencies.append(FacetValue(bucket["key"], str(names[0]["key"]), bucket["doc_count"]))
    categories = [
        FacetValue(b["key"], b["key"], b["doc_count"])
        for b in aggs.get("category", {}).get("values", {}).get("buckets", [])
        if b["key"]
    ]
    topics = [
        FacetValue(b["key"], b["key"], b["doc_count"])
        for b in aggs.get("topic", {}).get("values", {}).get("buckets", [])
        if b["key"]
    ]
    return {"agency": agencies, "category": categories, "topic": topics}


def vocabulary_counts(response: Mapping[str, Any]) -> dict[str, int]:
    """word -> services using it, from a :func:`~indexer.elasticsearch.requests.vocabulary_requests`
    answer (words no service uses have no bucket)."""
    buckets = (response.get("aggregations") or {}).get("vocabulary", {}).get("buckets", [])
    return {str(b["key"]): int(b["doc_count"]) for b in buckets}


def phrase_counts(response: Mapping[str, Any]) -> dict[str, int]:
    """two-word title term -> services whose titles have it, from a
    :func:`~indexer.elasticsearch.requests.phrase_request` answer."""
    buckets = (response.get("aggregations") or {}).get("phrases", {}).get("buckets", {})
    return {str(key): int(bucket["doc_count"]) for key, bucket in buckets.items()}


def completions(response: Mapping[str, Any], prefix: str, limit: int) -> list[Completion]:
    """Titles that start with what was typed first, then shorter titles, then score;
    one entry per (title, agency)."""
    typed = " ".join(g.key for g in analyze_groups(prefix))
    ranked: list[tuple[bool, int, float, ServiceDocument]] = []
    for hit in response["hits"]["hits"]:
        doc = source_document(hit)
        title_key = " ".join(g.key for g in analyze_groups(doc.title))
        score = float(hit.get("_score") or 0.0)
        ranked.append((not title_key.startswith(typed), len(doc.title), -score, doc))
    ranked.sort(key=lambda r: r[:3])
    return _unique(doc for *_, doc in ranked)[:limit]


def _unique(docs: Iterable[ServiceDocument]) -> list[Completion]:
    out: list[Completion] = []
    seen: set[tuple[str, str]] = set()
    for doc in docs:
        if (doc.title, doc.agency) not in seen:
            seen.add((doc.title, doc.agency))
            out.append(Completion(doc.id, doc.title, doc.agency))
    return out


def bulk_failure(item: Mapping[str, Any]) -> tuple[str, str] | None:
    """(id, reason) of a failed bulk item; ``None`` when it succeeded.

    Deleting a document that is already gone (404 ``not_found``) is success:
    the service is retired either way.
    """
    ((op_type, result),) = item.items()
    status = int(result.get("status", 500))
    if 200 <= status < 300 or (op_type == "delete" and status == 404):
        return None
    error = result.get("error")
    if isinstance(error, Mapping):
        reason = f"{error.get('type', 'error')}: {error.get('reason', '')}".strip()
    else:
        reason = str(error or f"status {status}")
    return str(result.get("_id", "?")), f"HTTP {status} {reason}"
