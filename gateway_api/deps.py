"""Request dependencies: the backend and registry live on ``app.state``.

The composition root opens them in its lifespan; routes only borrow them, so
tests can hand an app any backend and registry without touching globals.
They are ``async`` only so FastAPI does not send each request to a thread to
read an attribute.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from indexer.backend import SearchBackend
from registry.portals import Registry


async def get_backend(request: Request) -> SearchBackend:
    backend: SearchBackend = request.app.state.backend
    return backend


async def get_registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


BackendDep = Annotated[SearchBackend, Depends(get_backend)]
RegistryDep = Annotated[Registry, Depends(get_registry)]
