"""Zero-downtime rebuilds: fill a new versioned index, swap the alias, drop the old ones.

The source of truth is the stored service documents, not a re-crawl: every
stored document carries the full :class:`ServiceDocument` as crawled, so a
rebuild re-analyses it with today's analysis chain, mapping and synonyms in
minutes, without touching any agency portal. A re-crawl would take hours,
load 31 provinces' portals and lose services of portals that happen to be
down. The caller chooses the stream (see :func:`registered_documents`): the
current alias, or the embedded index when moving a province onto a cluster.

Searches keep using the old index until the single ``_aliases`` call that
moves the alias; a rebuild that fails part-way deletes its new index and
leaves the alias where it was. Writes that land on the old index while a
rebuild runs are not copied: rebuild between crawls (the next crawl would
re-add them anyway, since their hashes are missing from the new index).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from indexer.backend import SearchBackend
from indexer.documents import ServiceDocument
from indexer.elasticsearch import requests as rq

if TYPE_CHECKING:
    from indexer.elasticsearch.backend import ElasticsearchBackend

HEALTH_TIMEOUT = "120s"


@dataclass(frozen=True)
class RebuildResult:
    index: str  # the index the alias now points to
    documents: int
    previous: list[str]  # indices the alias pointed to before
    deleted: list[str]  # old versioned indices removed


def registered_documents(
    source: SearchBackend, portal_ids: Sequence[str]
) -> Iterator[ServiceDocument]:
    """Every stored service of the registered portals, from any backend.

    Services of portals no longer registered are left behind: the registry
    decides what the gateway serves.
    """
    yield from source.documents(list(portal_ids))


def rebuild(
    backend: ElasticsearchBackend, docs: Iterable[ServiceDocument], *, keep: int = 0
) -> RebuildResult:
    client, alias = backend.client, backend.alias
    backend.put_template()  # today's mapping, analysis and synonyms
    new = rq.index_name(alias, datetime.now(UTC))
    client.indices.create(index=new, settings=rq.build_settings())
    try:
        count = backend.bulk(rq.upsert_actions(new, docs))
        client.indices.put_settings(index=new, settings=rq.restore_settings(backend.replicas))
        client.indices.refresh(index=new)
        client.cluster.health(index=new, wait_for_status="yellow", timeout=HEALTH_TIMEOUT)
        previous = _alias_indices(backend)
        client.indices.update_aliases(**rq.alias_swap(alias, new, previous))
    except BaseException:
        client.indices.delete(index=new, ignore_unavailable=True)
        raise
    existing = client.indices.get(index=f"{alias}-*", expand_wildcards="all")
    doomed = rq.indices_to_delete(alias, existing, new, keep)
    if doomed:
        client.indices.delete(index=doomed)
    return RebuildResult(new, count, previous, doomed)


def _alias_indices(backend: ElasticsearchBackend) -> list[str]:
    from elasticsearch import NotFoundError

    try:
        return sorted(backend.client.indices.get_alias(name=backend.alias))
    except NotFoundError:
        return []
