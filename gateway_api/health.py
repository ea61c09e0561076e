"""``GET /api/health``: is the search index serving, and is it degraded?

For a load balancer, a monitor and the registrar's dashboard. The embedded index
is healthy whenever the process runs; an Elasticsearch cluster is asked for its
``_cluster/health``: yellow (a lost node, replicas missing) still serves every
search but has no spare copy, red misses services, unreachable serves nothing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from indexer.backend import BackendUnavailableError, SearchBackend

Status = Literal["green", "yellow", "red", "unreachable"]

MESSAGES: dict[str, tuple[str, str]] = {
    "green": ("جستجوی خدمات سالم است.", "Search is healthy."),
    "yellow": (
        "جستجو کار می‌کند اما خوشه جستجو در وضعیت کاهش‌یافته است: نسخه پشتیبان بخشی از "
        "داده‌ها در دسترس نیست (گره‌ای از دست رفته است).",
        "Search works, but the cluster is degraded: some replicas are missing (a node was lost).",
    ),
    "red": (
        "بخشی از داده‌های جستجو در دسترس نیست؛ برخی خدمات در نتایج جستجو نمی‌آیند.",
        "Part of the search data is unavailable: some services are missing from results.",
    ),
    "unreachable": (
        "خوشه جستجو در دسترس نیست؛ جستجوی خدمات کار نمی‌کند.",
        "The search cluster cannot be reached: search is down.",
    ),
}


class Health(BaseModel):
    status: Status
    backend: Literal["embedded", "elasticsearch"]
    degraded: bool  # anything but green
    nodes: int | None = None
    unassigned_shards: int | None = None
    message_fa: str
    message_en: str


def backend_health(backend: SearchBackend) -> Health:
    from indexer.elasticsearch.backend import ElasticsearchBackend

    if not isinstance(backend, ElasticsearchBackend):
        return _health("green", "embedded")
    try:
        found = backend.cluster_health()
    except BackendUnavailableError:
        return _health("unreachable", "elasticsearch")
    said = found.get("status")
    status: Status = "green" if said == "green" else "yellow" if said == "yellow" else "red"
    return _health(
        status,
        "elasticsearch",
        nodes=int(found.get("number_of_nodes", 0)),
        unassigned_shards=int(found.get("unassigned_shards", 0)),
    )


def _health(
    status: Status,
    backend: Literal["embedded", "elasticsearch"],
    *,
    nodes: int | None = None,
    unassigned_shards: int | None = None,
) -> Health:
    fa, en = MESSAGES[status]
    return Health(
        status=status,
        backend=backend,
        degraded=status != "green",
        nodes=nodes,
        unassigned_shards=unassigned_shards,
        message_fa=fa,
        message_en=en,
    )
