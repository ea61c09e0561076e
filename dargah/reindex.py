"""``dargah reindex``: rebuild the search index from the services it stores.

On Elasticsearch, a new index behind the alias, with no downtime; the documents come from
the stored services of the registered portals — the current alias by default, or the embedded
index (``--from-embedded``) when a province moves onto a cluster. On the embedded index, the
same services re-analysed into a new index swapped in for the old one, after an upgrade that
changed the analysis (the gateway and the worker stopped meanwhile). See
:mod:`indexer.elasticsearch.reindex` and :mod:`indexer.tantivy_rebuild` for why stored
documents, not a re-crawl, are the source.
"""

from __future__ import annotations

import argparse
import sys

from dargah.settings import Settings
from indexer.backend import IndexingError
from indexer.backends import open_backend


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "reindex",
        help="rebuild the search index from the services it stores (after an upgrade)",
    )
    p.add_argument(
        "--from-embedded",
        action="store_true",
        help="read the services from the embedded index in the data dir (migration)",
    )
    p.add_argument("--keep", type=int, default=0, help="old indices to keep for rollback")
    p.set_defaults(func=cmd_reindex)


def cmd_reindex(settings: Settings, args: argparse.Namespace) -> int:
    from indexer.elasticsearch.backend import ElasticsearchBackend
    from indexer.elasticsearch.config import ElasticsearchConfigError
    from indexer.elasticsearch.reindex import registered_documents
    from indexer.tantivy_rebuild import RebuildError, stored_documents

    if settings.search_backend != "elasticsearch":
        if args.from_embedded:
            print(
                "dargah: --from-embedded copies the embedded index into Elasticsearch; "
                "set GATEWAY_SEARCH_BACKEND=elasticsearch",
                file=sys.stderr,
            )
            return 2
        return _rebuild_embedded(settings)
    try:
        target = open_backend(settings.backend)
    except (ElasticsearchConfigError, ValueError) as exc:
        print(f"dargah: {exc}", file=sys.stderr)
        return 2
    assert isinstance(target, ElasticsearchBackend)
    try:
        portal_ids = _registered_portals(settings)
        # the embedded index's stored services are read whatever its schema version
        docs = (
            stored_documents(settings.index_dir, portal_ids)
            if args.from_embedded
            else registered_documents(target, portal_ids)
        )
        result = target.rebuild(docs, keep=args.keep)
    except (IndexingError, RebuildError) as exc:
        print(f"dargah: reindex abandoned, the alias is unchanged: {exc}", file=sys.stderr)
        return 1
    finally:
        target.close()
    print(
        f"{settings.elasticsearch_index} → {result.index}: {result.documents} services "
        f"from {len(portal_ids)} portals (was {', '.join(result.previous) or 'nothing'})"
    )
    if result.deleted:
        print(f"deleted old indices: {', '.join(result.deleted)}")
    return 0


def _rebuild_embedded(settings: Settings) -> int:
    from indexer.tantivy_backend import SCHEMA_VERSION
    from indexer.tantivy_rebuild import RebuildError, rebuild

    portal_ids = _registered_portals(settings)
    try:
        result = rebuild(settings.index_dir, portal_ids)
    except RebuildError as exc:
        print(f"dargah: reindex abandoned, the index is unchanged: {exc}", file=sys.stderr)
        return 1
    was = f"schema {result.previous_version}" if result.previous_version else "no schema mark"
    print(
        f"{settings.index_dir}: {result.documents} services from {len(portal_ids)} portals "
        f"re-analysed ({was} → {SCHEMA_VERSION})"
    )
    return 0


def _registered_portals(settings: Settings) -> list[str]:
    """The registered portals' ids: the registry decides what a rebuild keeps."""
    from registry.portals import Registry  # here: `dargah search` must not pay for it

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    registry = Registry(settings.registry_url)
    try:
        return [reg.id for reg in registry.list_portals()]
    finally:
        registry.close()
