"""Finished search answers (the JSON bytes) for repeated queries, served without a thread hop.

The backend's result cache (:mod:`indexer.result_cache`) saves the engine's
work; what is left per request is building the response models and encoding
them, and the hop into FastAPI's thread pool. Here the encoded answer of the
``/api/search`` route is kept too, keyed by the validated parameters, the
backend's cache *epoch* (changes when the index commits) and the registry's
*version* (changes when portals or broken-link marks change), so a hit is a
dictionary lookup in the event loop. Misses run in the thread pool as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from fastapi.concurrency import run_in_threadpool

from gateway_api.schemas import SearchResponse
from gateway_api.search import SearchParams, search
from indexer.backend import SearchBackend
from registry.portals import Registry

DEFAULT_ANSWERS = 1024


@dataclass(frozen=True)
class Answer:
    response: SearchResponse
    body: bytes


class AnswerCache:
    def __init__(self, entries: int = DEFAULT_ANSWERS) -> None:
        self.entries = entries
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(backend: SearchBackend, registry: Registry, params: SearchParams) -> Hashable | None:
        epoch = getattr(backend, "epoch", None)
        version = getattr(registry, "version", None)
        if epoch is None or version is None:  # nothing tells when an answer goes stale
            return None
        return (params, epoch(), version())

    async def search(
        self, backend: SearchBackend, registry: Registry, params: SearchParams
    ) -> Answer:
        key = self._key(backend, registry, params)
        if key is not None:
            with self._lock:
                found = self._answers.get(key)
                if found is not None:
                    self._answers.move_to_end(key)
                    return found
        response = await run_in_threadpool(search, backend, params, registry)
        answer = Answer(response, response.model_dump_json().encode("utf-8"))
        if key is not None:
            with self._lock:
                self._answers[key] = answer
                while len(self._answers) > self.entries:
                    self._answers.popitem(last=False)
        return answer
