"""Choosing a search backend: the one place that knows which implementations exist."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from indexer.backend import SearchBackend

if TYPE_CHECKING:
    from indexer.elasticsearch.config import ElasticsearchConfig
    from indexer.synonyms import Synonyms

BackendKind = Literal["embedded", "elasticsearch"]


@dataclass(frozen=True)
class BackendSpec:
    """Which backend, and where: built by the composition root from the settings.

    ``synonyms`` is the curated list Elasticsearch applies to queries; ``None``
    means the list shipped in ``indexer/data/synonyms.yaml``, the one the
    embedded backend uses.
    """

    kind: BackendKind = "embedded"
    index_dir: Path = Path("var/index")
    elasticsearch: ElasticsearchConfig | None = None
    synonyms: Synonyms | None = None


def open_backend(where: Path | BackendSpec, *, readonly: bool = False) -> SearchBackend:
    """The backend ``where`` names; a bare path is the embedded tantivy index there.

    ``readonly`` is for the web process: searches see other processes' writes,
    writes raise :class:`PermissionError`.
    """
    spec = where if isinstance(where, BackendSpec) else BackendSpec(index_dir=Path(where))
    if spec.kind == "elasticsearch":
        return _open_elasticsearch(spec, readonly=readonly)
    from indexer.tantivy_backend import TantivyBackend

    return TantivyBackend(spec.index_dir, readonly=readonly)


def _open_elasticsearch(spec: BackendSpec, *, readonly: bool) -> SearchBackend:
    if spec.elasticsearch is None:
        raise ValueError(
            "GATEWAY_SEARCH_BACKEND=elasticsearch needs GATEWAY_ELASTICSEARCH_URL "
            "(one or more node URLs, comma-separated)"
        )
    from indexer.elasticsearch.backend import ElasticsearchBackend
    from indexer.elasticsearch.config import connect

    config = spec.elasticsearch
    return ElasticsearchBackend(
        connect(config),
        config.alias,
        readonly=readonly,
        synonyms=spec.synonyms,
        shards=config.shards,
        replicas=config.replicas,
    )
