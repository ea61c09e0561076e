"""The web app: JSON API + search UI over one backend and one registry.

Nothing is opened at import time: :func:`create_app` takes a Settings object,
and the lifespan opens the index (read-only) and the registry when the server
starts and closes them when it stops.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import swagger_ui
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from dargah.settings import Settings
from gateway_api import create_api_router, install_error_handlers
from gateway_api.answer_cache import AnswerCache
from gateway_api.health import create_health_router, warm_up
from gateway_api.limits import MULTIPART_SLACK, BodyLimitMiddleware
from gateway_api.openapi_errors import install_error_docs
from gateway_api.throttle import FailureThrottle
from gateway_api.uploads import UploadPolicy
from gateway_api.usage import SearchLogBudget
from indexer.backends import open_backend
from indexer.result_cache import CachedBackend
from registry.catalogue_upload import MAX_BYTES as CATALOGUE_MAX_BYTES
from registry.registration import Registration
from registry.serving import ServingRegistry
from search_ui import create_dashboard_router, create_ui_router, install_error_pages

DESCRIPTION = """\
درگاه یکپارچه خدمات استان — جستجو در خدمات همه دستگاه‌های اجرایی استان.

Search the services of every registered agency portal and follow deep links
(`/go/{id}`) that only ever redirect to registered portal domains.
"""

logger = logging.getLogger(__name__)

# uvicorn's HTTP parser refuses a request head above 16 KB with a bare 400 and a reset
# connection; a 100,000-character query (600 KB percent-encoded) must reach the app, whose
# answer is a 422 naming the limit. Longer heads are still refused by the parser.
MAX_REQUEST_HEAD = 1_048_576
SERVER_OPTIONS: dict[str, Any] = {
    "h11_max_incomplete_event_size": MAX_REQUEST_HEAD,
    "access_log": False,  # an access log would keep citizens' addresses (see /privacy)
}


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.ready = False
        registry = ServingRegistry(settings.registry_url)
        backend = CachedBackend(open_backend(settings.backend, readonly=True))
        app.state.registry = registry
        app.state.backend = backend
        app.state.previewer = previewer(settings)
        # before the server accepts connections: caches loaded, log writer running,
        # analysis resources and the index reader warmed by representative searches
        registry.start()
        try:
            app.state.warmup_seconds = await anyio.to_thread.run_sync(warm_up, backend)
        except Exception as exc:  # a backend down at start: serve, and let health say so
            logger.warning("warm-up failed: %s", exc)
        # what was loaded lives as long as the process: keep it out of the cyclic GC's
        # passes, which otherwise walk it on every collection (latency spikes under load)
        gc.collect()
        gc.freeze()
        app.state.ready = True
        try:
            yield
        finally:
            backend.close()
            registry.close()  # writes the queued usage logs first

    app = FastAPI(
        title="Dargah — provincial government services gateway",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
        redirect_slashes=False,  # Starlette's redirect takes its host from the request
        docs_url=None,  # FastAPI's default pages load Swagger UI from a CDN; serve it ourselves
        redoc_url=None,
    )
    app.add_middleware(
        BodyLimitMiddleware,
        limits={
            "/api/agency/catalogue": CATALOGUE_MAX_BYTES,
            "/dashboard/agency/": CATALOGUE_MAX_BYTES + MULTIPART_SLACK,  # catalogue upload form
        },
    )
    app.state.search_answers = AnswerCache()
    app.state.auth_throttle = FailureThrottle(
        max_failures=settings.auth_max_failures, window=settings.auth_failure_window_seconds
    )
    app.state.upload_policy = UploadPolicy(
        per_hour=settings.catalogue_uploads_per_hour,
        versions_kept=settings.catalogue_versions_kept,
        refused_per_hour=settings.catalogue_refused_per_hour,
    )
    app.state.search_log_budget = SearchLogBudget(settings.usage_log_per_client_hour)
    _install_offline_docs(app)
    install_error_handlers(app)
    install_error_pages(app, province_name=settings.province_name)
    app.include_router(create_api_router())
    app.include_router(create_health_router())
    app.include_router(create_ui_router(province_name=settings.province_name))
    app.include_router(create_dashboard_router(province_name=settings.province_name))
    _install_slash_redirect(app)
    install_error_docs(app)
    return app


def _install_slash_redirect(app: FastAPI) -> None:
    """``/dashboard/`` -> ``/dashboard`` by a path-only ``Location``.

    Starlette's own slash redirect builds an absolute URL from the request's
    ``Host`` header (``Host: evil.example`` made it redirect there). Leading
    slashes and backslashes are collapsed so ``//evil.example/`` cannot become
    a protocol-relative redirect either. Registered last: only paths no other
    route answered reach it.
    """

    @app.api_route("/{path:path}/", methods=["GET", "HEAD"], include_in_schema=False)
    def strip_slash(path: str, request: Request) -> Response:
        target = "/" + path.lstrip("/\\")
        if request.url.query:
            target += "?" + request.url.query
        return RedirectResponse(target, status_code=308)


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
    """OpenAPI docs at /docs with Swagger UI 5 from the swagger-ui-py package, not a CDN.

    FastAPI emits OpenAPI 3.1, which Swagger UI before 5 cannot render.
    """
    assets = StaticFiles(directory=Path(swagger_ui.__file__).parent / "static")
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
