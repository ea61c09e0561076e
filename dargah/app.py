"""The web app: JSON API + search UI over one backend and one registry.

Nothing is opened at import time: :func:`create_app` takes a Settings object,
and the lifespan opens the index (read-only) and the registry when the server
starts and closes them when it stops.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import swagger_ui_bundle
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from dargah.settings import Settings
from gateway_api import create_api_router, install_error_handlers
from indexer.backends import open_backend
from registry.portals import Registry
from registry.registration import Registration
from search_ui import create_dashboard_router, create_ui_router, install_error_pages

DESCRIPTION = """\
درگاه یکپارچه خدمات استان — جستجو در خدمات همه دستگاه‌های اجرایی استان.

Search the services of every registered agency portal and follow deep links
(`/go/{id}`) that only ever redirect to registered portal domains.
"""


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        registry = Registry(settings.registry_url)
        backend = open_backend(settings.backend, readonly=True)
        app.state.registry = registry
        app.state.backend = backend
        app.state.previewer = previewer(settings)
        try:
            yield
        finally:
            backend.close()
            registry.close()

    app = FastAPI(
        title="Dargah — provincial government services gateway",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's default pages load Swagger UI from a CDN; serve it ourselves
        redoc_url=None,
    )
    _install_offline_docs(app)
    install_error_handlers(app)
    install_error_pages(app)
    app.include_router(create_api_router())
    app.include_router(create_ui_router())
    app.include_router(create_dashboard_router())
    return app


def previewer(settings: Settings) -> Callable[[Registration], dict[str, Any]]:
    """The registrar's preview: a sample crawl in a subprocess (the event loop stays free)."""

    def preview(registration: Registration) -> dict[str, Any]:
        from crawlers.preview import preview_in_subprocess  # Scrapy: slow to import

        return preview_in_subprocess(
            registration,
            timeout=settings.preview_timeout_seconds,
            user_agent=settings.user_agent,
            allow_private_addresses=settings.allow_private_addresses,
            seconds=max(settings.preview_timeout_seconds - 10, 5),
            settings_overrides={"LOG_LEVEL": "WARNING"},
        ).to_dict()

    return preview


def _install_offline_docs(app: FastAPI) -> None:
    """OpenAPI docs at /docs with Swagger UI from the swagger-ui-bundle package, not a CDN."""
    assets = StaticFiles(directory=swagger_ui_bundle.swagger_ui_path)
    app.mount("/docs-assets", assets, "docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )


def app_from_env() -> FastAPI:
    """``uvicorn --factory dargah.app:app_from_env``: settings from GATEWAY_ variables."""
    return create_app(Settings())
