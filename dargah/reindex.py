"""``dargah reindex``: rebuild the Elasticsearch index behind its alias, with no downtime.

The documents come from the stored services of the registered portals — the
current alias by default, or the embedded index (``--from-embedded``) when a
province moves onto a cluster. See :mod:`indexer.elasticsearch.reindex` for
why stored documents, not a re-crawl, are the source.
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
        help="Elasticsearch: build a new index from the stored services and swap the alias",
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

    if settings.search_backend != "elasticsearch":
        print(
            "dargah: reindex rebuilds the Elasticsearch index behind its alias; "
            "set GATEWAY_SEARCH_BACKEND=elasticsearch (the embedded index needs no rebuild)",
            file=sys.stderr,
        )
        return 2
    try:
        target = open_backend(settings.backend)
    except (ElasticsearchConfigError, ValueError) as exc:
        print(f"dargah: {exc}", file=sys.stderr)
        return 2
    assert isinstance(target, ElasticsearchBackend)
    from registry.portals import Registry  # here: `dargah search` must not pay for it

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    registry = Registry(settings.registry_url)
    source = open_backend(settings.index_dir, readonly=True) if args.from_embedded else target
    try:
        portal_ids = [reg.id for reg in registry.list_portals()]
        result = target.rebuild(registered_documents(source, portal_ids), keep=args.keep)
    except IndexingError as exc:
        print(f"dargah: reindex abandoned, the alias is unchanged: {exc}", file=sys.stderr)
        return 1
    finally:
        if source is not target:
            source.close()
        target.close()
        registry.close()
    print(
        f"{settings.elasticsearch_index} → {result.index}: {result.documents} services "
        f"from {len(portal_ids)} portals (was {', '.join(result.previous) or 'nothing'})"
    )
    if result.deleted:
        print(f"deleted old indices: {', '.join(result.deleted)}")
    return 0
