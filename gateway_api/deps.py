"""Request dependencies: the backend and registry live on ``app.state``.

The composition root opens them in its lifespan; routes only borrow them, so
tests can hand an app any backend and registry without touching globals.
They are ``async`` only so FastAPI does not send each request to a thread to
read an attribute.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from indexer.backend import SearchBackend
from registry.portals import Registry
from registry.registration import Registration


async def get_backend(request: Request) -> SearchBackend:
    backend: SearchBackend = request.app.state.backend
    return backend


async def get_registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


# A registration in, a preview (services, skipped pages, inferred registration) out. The
# composition root provides it: running a crawl is the crawlers' business, not the API's.
Previewer = Callable[[Registration], dict[str, Any]]


def get_previewer(request: Request) -> Previewer:
    previewer: Previewer | None = getattr(request.app.state, "previewer", None)
    if previewer is None:
        raise HTTPException(503, detail="previews are not available on this server")
    return previewer


PreviewerDep = Annotated[Previewer, Depends(get_previewer)]
BackendDep = Annotated[SearchBackend, Depends(get_backend)]
RegistryDep = Annotated[Registry, Depends(get_registry)]
