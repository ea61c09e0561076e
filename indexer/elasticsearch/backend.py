""":class:`indexer.backend.SearchBackend` on an Elasticsearch cluster (8.x or 9.x).

All reads and writes go through one alias; the concrete index behind it is
versioned (``{alias}-<timestamp>``) so :meth:`ElasticsearchBackend.rebuild`
can fill a new index and swap the alias atomically, and searches never see a
half-built index. Writes wait for a refresh before returning, so a crawl's
services are searchable when ``upsert`` returns, as with the embedded index.

Request bodies come from :mod:`indexer.elasticsearch.requests` (pure,
tested without a server); this module only sends them and reads the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from indexer.backend import (
    MAX_QUERY_CHARS,
    Completion,
    IndexingError,
    SearchPage,
    SearchQuery,
)
from indexer.documents import ServiceDocument
from indexer.elasticsearch import requests as rq
from indexer.elasticsearch import responses as rs
from indexer.elasticsearch.config import ElasticsearchUnavailableError
from indexer.latin import candidate_keys, is_latin, latin_rewrites
from indexer.normalize import QueryWord, analyze_groups
from indexer.ranking import (
    FEW_RESULTS,
    LAST_RESORT_COVERAGE,
    MIN_PREFIX,
    PARTIAL_BELOW,
    BatchedVocabulary,
    complete,
    join_candidates,
    join_split_words,
    latin_reading_wins,
    page_of,
    partial_possible,
    plain_score,
    understood_words,
    word_weights,
    words_read,
)
from indexer.related import with_related
from indexer.synonyms import Reading, Synonyms, default_synonyms

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

T = TypeVar("T")

BULK_CHUNK = 500
BULK_RETRIES = 5  # per chunk, on 429/503, with exponential backoff
BULK_BACKOFF = 1.0  # seconds before the first retry; doubles up to BULK_MAX_BACKOFF
BULK_MAX_BACKOFF = 60.0
BULK_RETRY_STATUS = (429, 503)
SCROLL_PAGE = 1000


def _refused_client_major(exc: Exception) -> bool:
    """A server of an older major refuses a newer client's compatibility headers: with
    ``media_type_header_exception``, or a bare 400 to a ``HEAD`` request (no body)."""
    message = str(getattr(exc, "message", ""))
    return message == "media_type_header_exception" or getattr(exc, "body", "") in (None, "")


@dataclass(frozen=True)
class _Found:
    """What one reading of the query found (see :class:`indexer.tantivy_backend._Found`)."""

    response: dict[str, Any]
    total: int
    complete: int
    partial: bool = False
    corrected: bool = False


class ElasticsearchBackend:
    def __init__(
        self,
        client: Elasticsearch,
        alias: str,
        *,
        readonly: bool = False,
        synonyms: Synonyms | None = None,
        shards: int = 1,
        replicas: int = 1,
        bulk_backoff: float = BULK_BACKOFF,
    ) -> None:
        """``synonyms``: the curated list (default: the shipped one), applied to queries
        as weighted readings like the embedded index does; a change needs no reindex."""
        self.client = client
        self.alias = alias
        self.readonly = readonly
        self._synonyms = synonyms
        self.shards = shards
        self.replicas = replicas
        self.bulk_backoff = bulk_backoff
        if not readonly:
            with self._reachable():
                self._ensure_alias()

    # -- set-up ----------------------------------------------------------------

    def put_template(self) -> None:
        body = rq.index_template(self.alias, shards=self.shards, replicas=self.replicas)
        self.client.indices.put_index_template(name=self.alias, **rq.client_kwargs(body))

    def _ensure_alias(self) -> None:
        """First use: the template, a first versioned index and the alias onto it."""
        if self.client.indices.exists_alias(name=self.alias):
            return
        if self.client.indices.exists(index=self.alias):
            raise RuntimeError(
                f"Elasticsearch has an index (not an alias) named {self.alias!r}: "
                "Dargah needs that name for its alias — rename or delete that index"
            )
        self.put_template()
        self.client.indices.create(
            index=rq.index_name(self.alias, datetime.now(UTC)),
            aliases={self.alias: {"is_write_index": True}},
        )

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        """A cluster that cannot be reached or refuses us raises one clear error naming
        the setting to check (the transport has already tried every node)."""
        from elasticsearch import (
            ApiError,
            AuthenticationException,
            BadRequestError,
            ConnectionTimeout,
        )
        from elasticsearch import ConnectionError as NoConnection

        try:
            yield
        except ConnectionTimeout as exc:
            raise ElasticsearchUnavailableError(
                f"Elasticsearch did not answer in time (GATEWAY_ELASTICSEARCH_URL): {exc}"
            ) from exc
        except BadRequestError as exc:
            if not _refused_client_major(exc):
                raise
            from elasticsearch import __versionstr__ as client_version

            major = client_version.split(".")[0]
            raise ElasticsearchUnavailableError(
                f"the Elasticsearch cluster refused the {client_version} client (compatible-with="
                f"{major} headers): install the client of the cluster's major version, e.g. "
                "pip install 'elasticsearch>=8.16,<9' for an 8.x cluster (docs/elasticsearch.md)"
            ) from exc
        except NoConnection as exc:
            nodes = ", ".join(str(n.base_url) for n in self.client.transport.node_pool.all())
            detail = " ".join(str(exc).split())
            raise ElasticsearchUnavailableError(
                f"no Elasticsearch node answered at {nodes} (GATEWAY_ELASTICSEARCH_URL, "
                f"GATEWAY_ELASTICSEARCH_CA_CERTS): {detail}"
            ) from exc
        except AuthenticationException as exc:
            raise ElasticsearchUnavailableError(
                "Elasticsearch refused the credentials (GATEWAY_ELASTICSEARCH_API_KEY or "
                "GATEWAY_ELASTICSEARCH_USERNAME/PASSWORD)"
            ) from exc
        except ApiError as exc:
            if exc.meta.status != 503:  # no master, or no copy of a shard left to search
                raise
            raise ElasticsearchUnavailableError(
                f"the Elasticsearch cluster cannot serve the request: {exc.message}"
            ) from exc

    def _read(self, call: Callable[[], T], empty: T) -> T:
        """Reads before the first crawl (no alias yet) find nothing rather than failing."""
        from elasticsearch import NotFoundError

        with self._reachable():
            try:
                return call()
            except NotFoundError as exc:
                if exc.message == "index_not_found_exception":
                    return empty
                raise

    def cluster_health(self) -> dict[str, Any]:
        """``_cluster/health`` of the cluster (status, nodes, unassigned shards); raises
        :class:`ElasticsearchUnavailableError` when no node answers."""
        with self._reachable():
            return dict(self.client.cluster.health(timeout="2s").body)

    def analysis_version(self) -> int | None:
        """The analysis (:data:`indexer.normalize.ANALYSIS_VERSION`) the index behind the alias
        was built with; None for an index from before it was recorded. Raises
        :class:`ElasticsearchUnavailableError` when no node answers."""
        with self._reachable():
            found = self.client.indices.get_mapping(index=self.alias).body
        versions = [
            ((mapping.get("mappings") or {}).get("_meta") or {}).get("analysis_version")
            for mapping in found.values()
        ]  # one index behind the alias, but the oldest decides if there are more
        ints = [v for v in versions if isinstance(v, int)]
        return min(ints) if ints and len(ints) == len(versions) else None

    # -- reading ----------------------------------------------------------------

    def count(self) -> int:
        return self._read(lambda: int(self.client.count(index=self.alias)["count"]), 0)

    def get(self, doc_id: str) -> ServiceDocument | None:
        from elasticsearch import NotFoundError

        try:
            with self._reachable():
                found = self.client.get(index=self.alias, id=doc_id, source_includes=["doc"])
        except NotFoundError:
            return None
        return rs.source_document(found.body)

    def portal_hashes(self, portal_id: str) -> dict[str, str]:
        hits = self._scan(rq.portal_query(portal_id), ["id", "hash"])
        return self._read(lambda: {h["_source"]["id"]: h["_source"]["hash"] for h in hits}, {})

    def documents(self, portal_ids: Sequence[str]) -> Iterator[ServiceDocument]:
        """Every stored service of these portals (a scroll, not one request per id)."""
        for hit in self._scan(rq.portals_query(portal_ids), ["doc"]):
            yield rs.source_document(hit)

    def _scan(self, query: dict[str, Any], fields: list[str]) -> Iterator[dict[str, Any]]:
        from elasticsearch import helpers

        yield from helpers.scan(
            self.client,
            index=self.alias,
            query={"query": query, "_source": fields},
            size=SCROLL_PAGE,
        )

    def search(self, query: SearchQuery) -> SearchPage:
        # one vocabulary for the whole search: the related fill searches the first hit's
        # title once per scope (its agency, then all), and shares words with the query
        vocabulary = BatchedVocabulary(self._vocabulary_counts)
        return self._read(
            lambda: with_related(lambda asked: self._search(asked, vocabulary), query),
            SearchPage(0, []),
        )

    @property
    def synonyms(self) -> Synonyms:
        if self._synonyms is None:
            self._synonyms = default_synonyms()
        return self._synonyms

    def _search(self, query: SearchQuery, vocabulary: BatchedVocabulary) -> SearchPage:
        """The embedded backend's semantics (:meth:`TantivyBackend.search`), step by step."""
        offset, size, too_deep = rq.page_window(query)
        text = query.text[:MAX_QUERY_CHARS]
        groups = analyze_groups(text)
        if not groups:
            response = self._send(rq.search_request(query))
            browsed = [] if too_deep else [rs.hit(s, (), ()) for s in rs.scored(response)]
            return SearchPage(rs.total(response), browsed, rs.facets(response))
        synonyms = self.synonyms.with_rules(query.synonyms) if query.synonyms else self.synonyms
        # one request: the words (for did-you-mean), the pairs to join, the spoken forms, and
        # the words a partial match is weighed by (most often asked for next)
        vocabulary.fetch(
            [*join_candidates(groups), *_weighed_keys(synonyms.readings(groups, fold=False))]
        )
        groups = join_split_words(groups, vocabulary, synonyms.words)
        suggestion, reason = None, None
        found = self._matches(query, groups, vocabulary, synonyms)
        if found.complete < FEW_RESULTS and query.rewrite:
            fixed_text = vocabulary.suggest(text)
            if fixed_text is not None:
                fixed_groups = self._joined(fixed_text, vocabulary, synonyms)
                fixed_readings = synonyms.readings(fixed_groups)
                fixed = self._send(rq.search_request(query, rq.strict_query(fixed_readings)))
                if rs.total(fixed) > found.complete:
                    suggestion, reason = fixed_text, "spelling"
                    if not found.complete:  # nothing matched every word: show the fix's hits
                        groups = fixed_groups
                        found = replace(
                            self._matches(query, groups, vocabulary, synonyms), corrected=True
                        )
        if not found.complete and query.rewrite and is_latin(text):
            vocabulary.fetch(candidate_keys(text))
            understood = understood_words(synonyms)
            typed = (found.total, found.complete, words_read(groups, vocabulary, understood))
            for rewritten, kind in latin_rewrites(
                text, vocabulary, understood, self._phrase_counts
            ):
                latin_groups = self._joined(rewritten, vocabulary, synonyms)
                retyped = self._matches(query, latin_groups, vocabulary, synonyms)
                read = words_read(latin_groups, vocabulary, understood)
                if latin_reading_wins(typed, (retyped.total, retyped.complete, read)):
                    groups, suggestion, reason = latin_groups, rewritten, kind
                    found = replace(retyped, corrected=True)
                    break
        if not found.total and query.min_coverage is None:
            loose = replace(query, min_coverage=LAST_RESORT_COVERAGE)
            found = replace(
                self._matches(loose, groups, vocabulary, synonyms), corrected=found.corrected
            )
        response = found.response
        if not found.total:
            for looser in rq.fuzzy_queries(groups):
                fuzzy = self._send(rq.search_request(query, looser))
                if rs.total(fuzzy):
                    response = fuzzy
                    found = replace(found, total=rs.total(fuzzy), partial=True)
                    break
        tokens = [t for group in groups for t in group.terms] if query.marked else []
        marks_prefix = query.marked and len(groups[-1].key) >= MIN_PREFIX
        prefixes = [groups[-1].key] if marks_prefix else []
        page = [] if too_deep else page_of(rs.scored(response), offset, size, lambda s: s[:2])
        hits = [rs.hit((plain_score(s[0]), *s[1:]), tokens, prefixes) for s in page]
        return SearchPage(
            found.total,
            hits,
            rs.facets(response),
            suggestion,
            found.corrected,
            found.partial,
            reason if suggestion else None,
        )

    def _joined(
        self, text: str, vocabulary: BatchedVocabulary, synonyms: Synonyms
    ) -> list[QueryWord]:
        groups = analyze_groups(text)
        vocabulary.fetch(join_candidates(groups))
        return join_split_words(groups, vocabulary, synonyms.words)

    def _matches(
        self,
        query: SearchQuery,
        groups: list[QueryWord],
        vocabulary: BatchedVocabulary,
        synonyms: Synonyms,
    ) -> _Found:
        """:meth:`TantivyBackend._matches`: complete matches, then partial ones when few."""
        readings = synonyms.readings(groups)
        response = self._send(rq.search_request(query, rq.strict_query(readings)))
        total = rs.total(response)
        found = _Found(response, total, total)
        if total >= PARTIAL_BELOW or not partial_possible(readings):
            return found
        covering = self._coverage(
            synonyms.readings(groups, fold=False),
            vocabulary,
            query.min_coverage,
            rs.indexed(response),
        )
        if covering is None:
            return found
        more = self._send(rq.search_request(query, covering))
        if rs.total(more) <= total:
            return found
        offset = rq.page_window(query)[0]
        partial = not complete(self._top_score(query, covering, more, offset))
        return _Found(more, rs.total(more), total, partial)

    def _coverage(
        self,
        readings: list[Reading],
        vocabulary: BatchedVocabulary,
        share: float | None,
        indexed: int,
    ) -> rq.Json | None:
        """The partial-matching query, weighted by the index's document frequencies
        (``indexed``: the services of the index)."""
        vocabulary.fetch(_weighed_keys(readings))
        docs = max(1, indexed)
        weights = [word_weights(r.words, vocabulary, docs) for r in readings]
        return rq.coverage_query(readings, weights, share)

    def _top_score(
        self, query: SearchQuery, covering: rq.Json, response: dict[str, Any], offset: int
    ) -> float:
        """The best hit's score (later pages say what the first page says)."""
        hits = rs.scored(response)
        if hits and not offset:
            return float(hits[0][0])
        first = self._send(rq.search_request(replace(query, page=1, size=1), covering))
        found = rs.scored(first)
        return float(found[0][0]) if found else 0.0

    def _send(self, request: rq.Json) -> dict[str, Any]:
        return dict(self.client.search(index=self.alias, **request).body)

    def _vocabulary_counts(self, keys: Sequence[str]) -> Mapping[str, int]:
        counts: dict[str, int] = {}
        for request in rq.vocabulary_requests(keys):
            counts.update(rs.vocabulary_counts(self._send(request)))
        return counts

    def _phrase_counts(self, keys: Sequence[str]) -> Mapping[str, int]:
        request = rq.phrase_request(keys)
        return rs.phrase_counts(self._send(request)) if request is not None else {}

    def complete(self, prefix: str, limit: int = 8) -> list[Completion]:
        request = rq.complete_request(prefix, limit)
        if request is None:
            return []
        response = self._read(lambda: self.client.search(index=self.alias, **request).body, None)
        if response is None:
            return []
        return rs.completions(response, prefix, max(1, min(limit, rq.MAX_COMPLETIONS)))

    # -- writing ----------------------------------------------------------------

    def _writable(self) -> None:
        if self.readonly:
            raise PermissionError(f"Elasticsearch alias {self.alias} was opened read-only")

    def upsert(self, docs: Sequence[ServiceDocument]) -> None:
        self._writable()
        if docs:
            self.bulk(rq.upsert_actions(self.alias, docs), refresh="wait_for")

    def delete(self, ids: Sequence[str]) -> None:
        self._writable()
        if ids:
            self.bulk(rq.delete_actions(self.alias, ids), refresh="wait_for")

    def bulk(self, actions: Iterable[dict[str, Any]], *, refresh: str | bool = False) -> int:
        """Send ``actions`` with ``helpers.streaming_bulk``; the number sent.

        Chunks refused with 429/503 are retried with exponential backoff; a
        connection failure raises at once. Documents the cluster refuses are
        collected and raised together as :class:`IndexingError` after the rest
        were sent — never silently dropped.
        """
        from elasticsearch import helpers

        failures: dict[str, str] = {}
        sent = 0
        for _, item in helpers.streaming_bulk(
            self.client,
            actions,
            chunk_size=BULK_CHUNK,
            max_retries=BULK_RETRIES,
            initial_backoff=self.bulk_backoff,
            max_backoff=BULK_MAX_BACKOFF,
            retry_on_status=BULK_RETRY_STATUS,
            raise_on_error=False,
            raise_on_exception=True,
            refresh=refresh,
        ):
            sent += 1
            failure = rs.bulk_failure(item)
            if failure is not None:
                failures[failure[0]] = failure[1]
        if failures:
            raise IndexingError(failures, sent)
        return sent

    def rebuild(self, docs: Iterable[ServiceDocument], *, keep: int = 0) -> Any:
        """A new versioned index from ``docs``, then the alias swap; see :mod:`.reindex`."""
        from indexer.elasticsearch.reindex import rebuild

        self._writable()
        return rebuild(self, docs, keep=keep)

    def close(self) -> None:
        self.client.close()


def _weighed_keys(readings: Sequence[Reading]) -> list[str]:
    """The keys whose document frequencies weigh a partial match of ``readings``."""
    return [k for r in readings for g in r.words for k in (g.key, *g.parts)]
