"""Choosing a search backend: the one place that knows which implementations exist."""

from __future__ import annotations

from pathlib import Path

from indexer.backend import SearchBackend


def open_backend(index_dir: Path, *, readonly: bool = False) -> SearchBackend:
    """The embedded tantivy index in ``index_dir`` (created if missing).

    ``readonly`` is for the web process: searches see other processes' commits,
    writes raise :class:`PermissionError`. Elasticsearch gets a branch here later.
    """
    from indexer.tantivy_backend import TantivyBackend

    return TantivyBackend(index_dir, readonly=readonly)
