"""Warm start and ``/api/health``: is this gateway ready, and is its search index degraded?

The first search in a fresh process used to load the Persian analysis
resources, the index reader and the spelling structures — 3.5–7 s during
which every request waited. :func:`warm_up` runs representative requests in
the app's lifespan, before the server accepts connections, and marks the app
ready; ``/api/health`` says so (503 until then, and when the backend fails).

For a load balancer, a monitor and the registrar's dashboard it also tells the
index's own state (``cluster``): the embedded index is green whenever the process
runs; an Elasticsearch cluster is asked for its ``_cluster/health``: yellow (a lost
node, replicas missing) still serves every search but has no spare copy, red misses
services, unreachable serves nothing; outdated (an otherwise green index built by an
older analysis, :data:`indexer.normalize.ANALYSIS_VERSION`) serves but misses what the
new analysis finds until ``dargah reindex`` rebuilds it (the embedded index refuses to
open instead).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from gateway_api.search import SearchParams, SuggestParams, search, suggest
from indexer.backend import BackendUnavailableError, SearchBackend
from indexer.normalize import ANALYSIS_VERSION

logger = logging.getLogger(__name__)

# a plain query, a misspelling, a query typed on a Latin layout, and a completion: each
# loads what its path needs (lexicon, spelling index, keyboard map, completion terms)
_WARM_QUERIES = ("پروانه ساختمان", "گواهینامع رانندگی", "mv,hki")
_WARM_PREFIX = "پرو"


def warm_up(backend: SearchBackend) -> float:
    """Run the warm-up requests; returns how long they took (seconds)."""
    start = time.perf_counter()
    for text in _WARM_QUERIES:
        search(backend, SearchParams(q=text))
    suggest(backend, SuggestParams(q=_WARM_PREFIX))
    backend.count()
    return time.perf_counter() - start


Status = Literal["green", "yellow", "red", "unreachable", "outdated"]

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
    "outdated": (
        "جستجو کار می‌کند اما نمایه جستجو با نسخه قدیمی‌تری از تحلیل متن فارسی ساخته شده است و "
        "برخی خدمات پیدا نمی‌شوند تا بازسازی شود (dargah reindex).",
        "Search works, but the index was built by an older text analysis: some services are "
        "not found until it is rebuilt (dargah reindex).",
    ),
    "unreachable": (
        "خوشه جستجو در دسترس نیست؛ جستجوی خدمات کار نمی‌کند.",
        "The search cluster cannot be reached: search is down.",
    ),
}


class ClusterHealth(BaseModel):
    status: Status
    backend: Literal["embedded", "elasticsearch"]
    degraded: bool  # anything but green
    nodes: int | None = None
    unassigned_shards: int | None = None
    message_fa: str
    message_en: str


def backend_health(backend: SearchBackend) -> ClusterHealth:
    from indexer.elasticsearch.backend import ElasticsearchBackend
    from indexer.result_cache import CachedBackend

    if isinstance(backend, CachedBackend):  # the web app's cache in front of the engine
        backend = backend.backend
    if not isinstance(backend, ElasticsearchBackend):
        return _health("green", "embedded")
    try:
        found = backend.cluster_health()
        built_with = backend.analysis_version() if found.get("status") == "green" else None
    except BackendUnavailableError:
        return _health("unreachable", "elasticsearch")
    said = found.get("status")
    status: Status = "green" if said == "green" else "yellow" if said == "yellow" else "red"
    if status == "green" and built_with != ANALYSIS_VERSION:
        status = "outdated"  # serves, but under tokens today's queries do not all use
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
) -> ClusterHealth:
    fa, en = MESSAGES[status]
    return ClusterHealth(
        status=status,
        backend=backend,
        degraded=status != "green",
        nodes=nodes,
        unassigned_shards=unassigned_shards,
        message_fa=fa,
        message_en=en,
    )


class BackendHealth(BaseModel):
    ok: bool
    kind: str = Field(description="Search backend class, e.g. TantivyBackend")
    documents: int | None = Field(description="Indexed services; null when unreachable")
    error: str = ""


class UsageLogHealth(BaseModel):
    queued: int
    written: int
    dropped: int = Field(description="Usage log entries lost (registry unavailable too long)")
    audit_dropped: int = Field(
        default=0,
        description="Audit entries (failed sign-ins) the full write queue could not take;"
        " their count is itself written to the audit log",
    )


class Health(BaseModel):
    status: Literal["ready", "starting", "unavailable"]
    backend: BackendHealth
    usage_log: UsageLogHealth | None = None
    warmup_seconds: float | None = None
    cluster: ClusterHealth | None = Field(
        default=None, description="The index state: green, yellow (degraded), red, unreachable"
    )


def create_health_router() -> APIRouter:
    router = APIRouter()

    @router.get(
        "/api/health",
        tags=["operations"],
        summary="Is this gateway process ready to serve?",
        response_model=Health,
        responses={503: {"model": Health, "description": "Starting, or the backend fails"}},
    )
    def health(request: Request) -> Any:
        """`ready` only after the warm-up; 503 while starting or when the backend fails.
        For load balancers and uptime monitors."""
        state = request.app.state
        backend: SearchBackend | None = getattr(state, "backend", None)
        ready = bool(getattr(state, "ready", False))
        if backend is None:
            info = BackendHealth(ok=False, kind="", documents=None, error="not opened")
        else:
            try:
                info = BackendHealth(
                    ok=True, kind=type(backend).__name__, documents=backend.count()
                )
            except Exception as exc:  # report it: that is what a health check is for
                info = BackendHealth(
                    ok=False, kind=type(backend).__name__, documents=None, error=str(exc)[:300]
                )
        cluster = backend_health(backend) if backend is not None else None
        if cluster is not None and cluster.status in ("red", "unreachable"):
            info.ok = False  # services are missing from results, or none are served
        usage = getattr(getattr(state, "registry", None), "usage", None)
        body = Health(
            status="ready" if ready and info.ok else ("unavailable" if ready else "starting"),
            cluster=cluster,
            backend=info,
            usage_log=UsageLogHealth(**vars(usage)) if usage is not None else None,
            warmup_seconds=getattr(state, "warmup_seconds", None),
        )
        code = 200 if body.status == "ready" else 503
        return JSONResponse(body.model_dump(mode="json"), status_code=code)

    return router
