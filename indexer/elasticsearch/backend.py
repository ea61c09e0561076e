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

from collections.abc import Callable, Iterable, Iterator, Sequence
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
from indexer.normalize import analyze_groups
from indexer.tantivy_backend import MIN_PREFIX

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

T = TypeVar("T")

BULK_CHUNK = 500
BULK_RETRIES = 5  # per chunk, on 429/503, with exponential backoff
BULK_BACKOFF = 1.0  # seconds before the first retry; doubles up to BULK_MAX_BACKOFF
BULK_MAX_BACKOFF = 60.0
BULK_RETRY_STATUS = (429, 503)
SCROLL_PAGE = 1000


class ElasticsearchBackend:
    def __init__(
        self,
        client: Elasticsearch,
        alias: str,
        *,
        readonly: bool = False,
        synonyms: Sequence[str] = (),
        shards: int = 1,
        replicas: int = 1,
        bulk_backoff: float = BULK_BACKOFF,
    ) -> None:
        """``synonyms`` are rules from :func:`indexer.elasticsearch.requests.synonym_rules`;
        they take effect in indices created from now on (``dargah reindex``)."""
        self.client = client
        self.alias = alias
        self.readonly = readonly
        self.synonyms = list(synonyms)
        self.shards = shards
        self.replicas = replicas
        self.bulk_backoff = bulk_backoff
        if not readonly:
            self._ensure_alias()

    # -- set-up ----------------------------------------------------------------

    def put_template(self) -> None:
        body = rq.index_template(
            self.alias, self.synonyms, shards=self.shards, replicas=self.replicas
        )
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

    def _read(self, call: Callable[[], T], empty: T) -> T:
        """Reads before the first crawl (no alias yet) find nothing rather than failing."""
        from elasticsearch import NotFoundError

        try:
            return call()
        except NotFoundError as exc:
            if exc.message == "index_not_found_exception":
                return empty
            raise

    # -- reading ----------------------------------------------------------------

    def count(self) -> int:
        return self._read(lambda: int(self.client.count(index=self.alias)["count"]), 0)

    def get(self, doc_id: str) -> ServiceDocument | None:
        from elasticsearch import NotFoundError

        try:
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
        return self._read(lambda: self._search(query), SearchPage(0, []))

    def _search(self, query: SearchQuery) -> SearchPage:
        _, _, too_deep = rq.page_window(query)
        groups = analyze_groups(query.text[:MAX_QUERY_CHARS])
        if not groups:
            response = self.client.search(index=self.alias, **rq.search_request(query)).body
            found = [] if too_deep else rs.hits(response, (), ())
            return SearchPage(rs.total(response), found, rs.facets(response))
        keys = [g.key for g in groups]
        suggestion = None
        for reading in rq.readings(groups):
            response = self.client.search(
                index=self.alias, **rq.search_request(query, reading)
            ).body
            if reading == "all":
                suggestion = rs.suggestion(response, keys)
            if rs.total(response):
                break
        tokens = [t for group in groups for t in group.terms]
        prefixes = [keys[-1]] if len(keys[-1]) >= MIN_PREFIX else []
        found = [] if too_deep else rs.hits(response, tokens, prefixes)
        return SearchPage(rs.total(response), found, rs.facets(response), suggestion)

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
