"""The search page: landing, results, empty results and input errors, all server-rendered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from gateway_api.deps import BackendDep, RegistryDep
from gateway_api.errors import describe
from gateway_api.schemas import ParamProblem
from gateway_api.search import MAX_SUGGEST_CHARS, SearchParams, list_agencies, search
from gateway_api.usage import log_search
from search_ui.formatting import jalali_date, page_window, persian_digits, query_url

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
TEMPLATES_DIR = HERE / "templates"

EXAMPLE_QUERIES = (
    "پروانه ساختمان",
    "گواهینامه",
    "انشعاب آب",
    "سند مالکیت",
    "پرداخت عوارض",
    "مالیات",
)


# The only script is our own autocomplete file from /static: no inline script, no
# eval, no other origin. Even if crawled markup slipped through escaping, the
# browser would not execute it.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fa"] = persian_digits
    env.filters["jalali"] = jalali_date
    env.globals["query_url"] = query_url
    env.globals["page_window"] = page_window
    env.globals["suggest_max_chars"] = MAX_SUGGEST_CHARS
    return Jinja2Templates(env=env)


def _parse(request: Request) -> tuple[SearchParams, dict[str, str], list[ParamProblem]]:
    """The valid parameters, the valid ones as given (plus q, to show it), and what was wrong.

    Unlike the JSON API, a page never answers a bad parameter with a bare error:
    it searches with what is valid and says what it ignored.
    """
    query = request.query_params
    given = {name: query[name] for name in SearchParams.model_fields if name in query}
    try:
        return SearchParams.model_validate(given), given, []
    except ValidationError as exc:
        problems = describe(exc.errors())
    bad = {p.parameter for p in problems}
    kept = {k: v for k, v in given.items() if k not in bad}
    return SearchParams.model_validate(kept), kept | {"q": given.get("q", "")}, problems


def install_error_pages(app: FastAPI) -> None:
    """Persian HTML for pages that do not exist; /api paths keep their JSON errors.

    Exception handlers belong to the app, so the app factory calls this.
    """
    templates = _templates()

    async def not_found(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code != 404 or request.url.path.startswith("/api/"):
            return await http_exception_handler(request, exc)
        context = {
            "title": "این صفحه پیدا نشد",
            "message": (
                "نشانی‌ای که باز کرده‌اید در درگاه وجود ندارد. خدمت مورد نیازتان را جستجو کنید."
            ),
            "raw_q": "",
            "autofocus": True,
        }
        return templates.TemplateResponse(
            request, "error.html", context, status_code=404, headers=PAGE_HEADERS
        )

    app.add_exception_handler(StarletteHTTPException, not_found)


def create_ui_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    templates = _templates()
    static = StaticFiles(directory=STATIC_DIR)

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request, backend: BackendDep, registry: RegistryDep) -> Response:
        params, given, problems = _parse(request)
        too_long = any(p.parameter == "q" for p in problems)
        result = None if params.is_empty or too_long else search(backend, params, registry)
        if result is not None and request.method == "GET":
            log_search(registry, params, result)
        context: dict[str, Any] = {
            "params": params,
            "raw_q": given.get("q", ""),
            "problems": problems,
            "examples": EXAMPLE_QUERIES,
            "result": result,
            "autofocus": result is None,
            # what facet, filter and page links carry over (each link sets its own page)
            "link_params": {
                # a corrected search's facets and pages are the correction's: keep them so
                "q": result.suggestion if result is not None and result.corrected else params.text,
                "agency": params.agency,
                "category": params.category,
                "size": params.size if "size" in given else None,
                "exact": 1 if params.exact else None,
            },
        }
        if result is None or result.total == 0:
            context["agencies"] = list_agencies(backend, registry)
        status = 422 if problems else 200
        return templates.TemplateResponse(
            request, "search.html", context, status_code=status, headers=PAGE_HEADERS
        )

    router.add_api_route("/", home, methods=["HEAD"])  # uptime monitors ask with HEAD

    @router.get("/static/{path:path}")
    async def static_file(path: str, request: Request) -> Response:
        """Served through the router (a Mount would not survive ``include_router``)."""
        response = await static.get_response(path, request.scope)
        response.headers.setdefault("Cache-Control", "public, max-age=86400")
        return response

    return router
