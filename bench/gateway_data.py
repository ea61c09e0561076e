"""A gateway data dir for the HTTP benchmarks: a synthetic index and a registry to match.

The corpus's agencies are registered as portals (their deep links are on
``agency-NN.example.ir``), so ``/go`` redirects as it would in production.
"""

from __future__ import annotations

from pathlib import Path

from bench.corpus import documents
from indexer.backends import open_backend
from indexer.documents import ServiceDocument
from registry.portals import Registry
from registry.registration import Registration


def build(data_dir: Path, count: int) -> list[ServiceDocument]:
    """Index ``count`` synthetic services in ``data_dir`` and register their portals."""
    from dargah.settings import Settings

    settings = Settings(data_dir=data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    docs = list(documents(count))
    backend = open_backend(settings.index_dir)
    for start in range(0, len(docs), 1000):
        backend.upsert(docs[start : start + 1000])
    backend.close()
    registry = Registry(settings.registry_url)
    portals = {(doc.portal_id, doc.agency) for doc in docs}
    for portal_id, agency in sorted(portals):
        registry.add_portal(
            Registration.parse(
                {
                    "id": portal_id,
                    "agency": agency,
                    "homepage": f"https://{portal_id}.example.ir/",
                }
            ),
            replace=True,
        )
    registry.close()
    return docs
