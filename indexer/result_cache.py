"""A cache of search results in front of a backend, emptied whenever the index changes.

Citizens' searches follow a Zipf curve: a few queries («پروانه ساختمان»,
«گواهینامه») make most of the traffic, and each costs analysis, ranking,
facets and snippets again. :class:`CachedBackend` keeps the last answers
(LRU, keyed by the cleaned query text and its filters and page) and drops them
all when the index's *generation* changes — for the embedded index the stamp
of ``meta.json``, which tantivy replaces on every commit, so a crawl's commit
in another process is seen at the next search. A backend without a
generation (Elasticsearch) gets a short time-to-live instead.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Protocol, TypeVar, runtime_checkable

from indexer.backend import Completion, SearchBackend, SearchPage, SearchQuery
from indexer.documents import ServiceDocument

DEFAULT_ENTRIES = 1024
DEFAULT_TTL_SECONDS = 5.0

T = TypeVar("T")


@runtime_checkable
class Generational(Protocol):
    def generation(self) -> Hashable:
        """Changes whenever a commit (by any process) changed what searches return."""


class CachedBackend:
    """A :class:`SearchBackend` answering repeated reads from memory; writes go straight through."""

    def __init__(
        self,
        backend: SearchBackend,
        *,
        entries: int = DEFAULT_ENTRIES,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.backend = backend
        self.entries = entries
        self.ttl = ttl_seconds
        self._clock = clock
        self._cache: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._generation: Hashable = None
        self._filled_at = clock()
        self.hits = 0
        self.misses = 0
        self._epoch = 0

    def epoch(self) -> int:
        """A number that changes whenever the cached answers were dropped (the index changed).

        Callers caching what they build from search results key it by this.
        """
        self._current()
        return self._epoch

    def _current(self) -> None:
        """Empty the cache if the index changed (or, without generations, it got old)."""
        if isinstance(self.backend, Generational):
            generation = self.backend.generation()
            if generation != self._generation:
                with self._lock:
                    self._cache.clear()
                    self._generation = generation
                    self._epoch += 1
        elif self._clock() - self._filled_at > self.ttl:
            with self._lock:
                self._cache.clear()
                self._filled_at = self._clock()
                self._epoch += 1

    def _cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        self._current()
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                self.hits += 1
                return self._cache[key]  # type: ignore[return-value]
        value = compute()  # outside the lock: searches run in parallel
        with self._lock:
            self.misses += 1
            self._cache[key] = value
            while len(self._cache) > self.entries:
                self._cache.popitem(last=False)
        return value

    # -- cached reads -----------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchPage:
        return self._cached(("search", query), lambda: self.backend.search(query))

    def complete(self, prefix: str, limit: int = 8) -> list[Completion]:
        found = self._cached(
            ("complete", prefix, limit), lambda: self.backend.complete(prefix, limit)
        )
        return list(found)

    def get(self, doc_id: str) -> ServiceDocument | None:
        return self._cached(("get", doc_id), lambda: self.backend.get(doc_id))

    # -- everything else goes straight to the backend ----------------------------------

    def count(self) -> int:
        return self.backend.count()

    def upsert(self, docs: Sequence[ServiceDocument]) -> None:
        self.backend.upsert(docs)

    def delete(self, ids: Sequence[str]) -> None:
        self.backend.delete(ids)

    def portal_hashes(self, portal_id: str) -> dict[str, str]:
        return self.backend.portal_hashes(portal_id)

    def documents(self, portal_ids: Sequence[str]) -> Iterator[ServiceDocument]:
        return self.backend.documents(portal_ids)

    def close(self) -> None:
        self.backend.close()
