"""Warm start and ``/api/health``: a gateway answers citizens only once it is ready.

The first search in a fresh process used to load the Persian analysis
resources, the index reader and the spelling structures — 3.5–7 s during
which every request waited. :func:`warm_up` runs representative requests in
the app's lifespan, before the server accepts connections, and marks the app
ready; ``/api/health`` says so (503 until then, and when the backend fails).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from gateway_api.search import SearchParams, SuggestParams, search, suggest
from indexer.backend import SearchBackend

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


class BackendHealth(BaseModel):
    ok: bool
    kind: str = Field(description="Search backend class, e.g. TantivyBackend")
    documents: int | None = Field(description="Indexed services; null when unreachable")
    error: str = ""


class UsageLogHealth(BaseModel):
    queued: int
    written: int
    dropped: int = Field(description="Usage log entries lost (registry unavailable too long)")


class Health(BaseModel):
    status: Literal["ready", "starting", "unavailable"]
    backend: BackendHealth
    usage_log: UsageLogHealth | None = None
    warmup_seconds: float | None = None


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
        usage = getattr(getattr(state, "registry", None), "usage", None)
        body = Health(
            status="ready" if ready and info.ok else ("unavailable" if ready else "starting"),
            backend=info,
            usage_log=UsageLogHealth(**vars(usage)) if usage is not None else None,
            warmup_seconds=getattr(state, "warmup_seconds", None),
        )
        code = 200 if body.status == "ready" else 503
        return JSONResponse(body.model_dump(mode="json"), status_code=code)

    return router
