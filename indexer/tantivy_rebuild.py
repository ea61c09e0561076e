"""Rebuild the embedded index from the services it stores, after the analysis changed.

An upgrade that changes how texts are analysed (:data:`indexer.tantivy_backend.SCHEMA_VERSION`)
leaves every indexed service under the old tokens, and the backend refuses such an index. The
services themselves are intact: each is stored whole (the ``doc`` field), so a rebuild
re-analyses them with today's chain instead of re-crawling every portal, which would take hours
and load every agency's site. Elasticsearch has the same through ``dargah reindex``
(:mod:`indexer.elasticsearch.reindex`); this is its embedded counterpart.

The new index is built beside the old one and swapped in by two renames; the old index's
writer lock is held throughout, so a worker cannot write a service into the index being
replaced. A failure before the swap leaves the old index as it was.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import batched
from pathlib import Path

import tantivy

from indexer.documents import ServiceDocument
from indexer.tantivy_backend import TantivyBackend, schema_stamp, stored_services

BATCH = 2_000  # services per commit of the new index
LOCK_WAIT = 10.0


class RebuildError(RuntimeError):
    """The index cannot be rebuilt (none there, or another process is writing to it)."""


@dataclass(frozen=True)
class RebuiltIndex:
    documents: int
    previous_version: int | None  # the schema version of the index replaced


def stored_documents(path: Path, portal_ids: Sequence[str]) -> Iterator[ServiceDocument]:
    """The services the index at ``path`` stores for ``portal_ids``, whatever its schema
    version (only the stored fields are read, never the analysed ones)."""
    if not path.is_dir() or not tantivy.Index.exists(str(path)):
        raise RebuildError(f"no index at {path}")
    index = tantivy.Index.open(str(path))
    yield from stored_services(index.searcher(), index.schema, portal_ids)


def rebuild(path: Path, portal_ids: Sequence[str]) -> RebuiltIndex:
    """Re-analyse the services of ``portal_ids`` stored in the index at ``path`` into a new
    index and swap it in. Services of portals no longer registered are left behind, as
    ``dargah reindex`` does on Elasticsearch."""
    path = Path(path)
    fresh = path.with_name(path.name + ".rebuild")
    retired = path.with_name(path.name + ".old")
    _restore(path, retired)  # a rebuild killed between its two renames
    if not path.is_dir() or not tantivy.Index.exists(str(path)):
        raise RebuildError(f"no index at {path}")
    lock = _writer_lock(path)
    for leftover in (fresh, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        target = TantivyBackend(fresh)
        count = 0
        try:
            for batch in batched(stored_documents(path, portal_ids), BATCH):
                target.upsert(list(batch))
                count += len(batch)
        finally:
            target.close()
        previous = _version(path)
        os.replace(path, retired)
        os.replace(fresh, path)
    except BaseException:
        _restore(path, retired)
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        del lock
    shutil.rmtree(retired, ignore_errors=True)
    return RebuiltIndex(count, previous)


def _restore(path: Path, retired: Path) -> None:
    """Put the old index back when it was moved aside and the new one never took its place."""
    if not path.exists() and retired.is_dir():
        os.replace(retired, path)


def _writer_lock(path: Path) -> tantivy.IndexWriter:
    """The old index's writer, held so that no other process writes to it meanwhile (a
    worker's commit holds it for milliseconds: wait up to LOCK_WAIT seconds for one)."""
    index = tantivy.Index.open(str(path))
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            return index.writer(heap_size=15_000_000, num_threads=1)
        except ValueError as exc:
            if "LockBusy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise RebuildError(
                    f"another process keeps writing to {path}: stop the worker first"
                ) from exc
            time.sleep(0.05)


def _version(path: Path) -> int | None:
    try:
        version = (schema_stamp(path) or {}).get("version")
    except (OSError, ValueError):
        return None
    return version if isinstance(version, int) else None


__all__ = ["RebuildError", "RebuiltIndex", "rebuild", "stored_documents"]
