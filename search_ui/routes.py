"""The search page: landing, results, empty results and input errors, all server-rendered."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Form, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from gateway_api.deps import BackendDep, RegistryDep
from gateway_api.errors import (
    RETRY_AFTER_SECONDS,
    UNAVAILABLE_FA,
    api_http_error,
    backend_unavailable,
    describe,
)
from gateway_api.feedback import (
    FeedbackGuard,
    ReportKind,
    clean_comment,
    report_problem,
    same_site,
)
from gateway_api.schemas import ParamProblem, Service
from gateway_api.search import (
    MAX_SUGGEST_CHARS,
    SearchParams,
    browse_topics,
    get_service,
    list_agencies,
    search,
)
from gateway_api.usage import log_search
from indexer.backend import MAX_QUERY_CHARS, BackendUnavailableError
from indexer.topics import default_taxonomy
from registry.portals import Registry
from search_ui.formatting import jalali_date, page_window, persian_digits, query_url
from search_ui.service_view import (
    FEEDBACK_NOTICES,
    REPORT_KINDS,
    channel_label,
    detail_rows,
)

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

log = logging.getLogger(__name__)


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


def _templates(province_name: str = "") -> Jinja2Templates:
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
    env.globals["province_name"] = province_name
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


# why a feedback post was refused -> its HTTP status
_STATUS = {"cross-site": 403, "expired": 403, "limit": 429, "busy": 503}


# a citizen's page that does not exist, or an address opened another way than it takes (a GET
# of where a refused form was posted: a new tab, a bookmark, a restored tab) -> what they read
_ERROR_PAGES = {
    404: (
        "این صفحه پیدا نشد",
        "نشانی‌ای که باز کرده‌اید در درگاه وجود ندارد. خدمت مورد نیازتان را جستجو کنید.",
    ),
    405: (
        "این نشانی را نمی‌توان این‌گونه باز کرد",
        "این نشانی برای فرستادن فرم است و جداگانه باز نمی‌شود (شاید صفحه را دوباره بارگذاری"
        " کرده یا نشانی را در زبانهٔ تازه‌ای باز کرده‌اید). خدمت مورد نیازتان را جستجو کنید.",
    ),
}


def install_error_pages(app: FastAPI, province_name: str = "") -> None:
    """Persian HTML for pages that do not exist or are opened with a method they do not take
    (404, 405); /api paths keep their JSON errors.

    Exception handlers belong to the app, so the app factory calls this.
    """
    templates = _templates(province_name)

    async def not_found(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if request.url.path.startswith("/api/"):
            return await api_http_error(request, exc)
        if exc.status_code not in _ERROR_PAGES:
            return await http_exception_handler(request, exc)
        title, message = _ERROR_PAGES[exc.status_code]
        context = {"title": title, "message": message, "raw_q": "", "autofocus": True}
        headers = dict(PAGE_HEADERS)
        if exc.status_code == 405 and exc.headers and "Allow" in exc.headers:
            headers["Allow"] = exc.headers["Allow"]
        return templates.TemplateResponse(
            request, "error.html", context, status_code=exc.status_code, headers=headers
        )

    async def search_unavailable(request: Request, exc: Exception) -> Response:
        """The index (an Elasticsearch cluster) cannot be reached: a Persian page with the
        search box, status 503; /api paths get the JSON reason."""
        if request.url.path.startswith("/api/"):
            return await backend_unavailable(request, exc)
        log.error("search backend unavailable on %s: %s", request.url.path, exc)
        context = {
            "title": "جستجو موقتاً در دسترس نیست",
            "message": UNAVAILABLE_FA,
            "raw_q": request.query_params.get("q", "")[:MAX_QUERY_CHARS],
            "autofocus": False,
        }
        return templates.TemplateResponse(
            request,
            "error.html",
            context,
            status_code=503,
            headers={**PAGE_HEADERS, "Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    app.add_exception_handler(StarletteHTTPException, not_found)
    app.add_exception_handler(BackendUnavailableError, search_unavailable)


def create_ui_router(province_name: str = "") -> APIRouter:
    router = APIRouter(include_in_schema=False)
    templates = _templates(province_name)
    static = StaticFiles(directory=STATIC_DIR)

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request, backend: BackendDep, registry: RegistryDep) -> Response:
        params, given, problems = _parse(request)
        too_long = any(p.parameter == "q" for p in problems)
        result = None if params.is_empty or too_long else search(backend, params, registry)
        if result is not None and request.method == "GET":
            log_search(registry, params, result, request)
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
                "topic": params.topic,
                "size": params.size if "size" in given else None,
                "exact": 1 if params.exact else None,
            },
        }
        if result is None or result.total == 0:
            context["agencies"] = list_agencies(backend, registry)
            context["topics"] = browse_topics(backend)
            context["life_events"] = default_taxonomy().life_events
        status = 422 if problems else 200
        return templates.TemplateResponse(
            request, "search.html", context, status_code=status, headers=PAGE_HEADERS
        )

    router.add_api_route("/", home, methods=["HEAD"])  # uptime monitors ask with HEAD

    guard = FeedbackGuard()

    def service_response(
        request: Request, service: Service, registry: Registry, notice: str = "", status: int = 200
    ) -> Response:
        count, average = registry.service_rating(service.id)
        context: dict[str, Any] = {
            "service": service,
            "rows": detail_rows(service),
            "channel_label": channel_label(service),
            "topic": default_taxonomy().get(service.topic),
            "raw_q": "",
            "autofocus": False,
            "form_token": guard.token(service.id),
            "ratings": count,
            "average": average,
            "report_kinds": REPORT_KINDS,
            "notice": FEEDBACK_NOTICES.get(notice),
        }
        headers = {**PAGE_HEADERS, "Cache-Control": "no-store"}  # the form token is fresh
        return templates.TemplateResponse(
            request, "service.html", context, status_code=status, headers=headers
        )

    def found(backend: BackendDep, registry: Registry, service_id: str) -> Service:
        service = get_service(backend, service_id, registry)
        if service is None:
            raise HTTPException(404)  # the Persian «not found» page
        return service

    @router.get("/services/{service_id}", response_class=HTMLResponse)
    def service_page(
        service_id: str, request: Request, backend: BackendDep, registry: RegistryDep
    ) -> Response:
        """The gateway's page about one service: its details, then the button to the portal."""
        service = found(backend, registry, service_id)
        return service_response(request, service, registry, request.query_params.get("sent", ""))

    def refused(request: Request, service: Service, token: str) -> str:
        """Why a feedback post is refused ('' when it may be stored)."""
        headers = request.headers
        if not same_site(headers.get("origin"), headers.get("sec-fetch-site"), headers.get("host")):
            return "cross-site"
        if not guard.token_ok(service.id, token):
            return "expired"
        client = request.client.host if request.client is not None else ""
        if not guard.allow(client):
            return "limit"
        return ""

    def sent(service: Service, what: str) -> Response:
        return RedirectResponse(
            f"/services/{service.id}?sent={what}#feedback", status_code=303, headers=PAGE_HEADERS
        )

    @router.post("/services/{service_id}/rating")
    def rate(
        service_id: str,
        request: Request,
        backend: BackendDep,
        registry: RegistryDep,
        rating: Annotated[str, Form()] = "",
        comment: Annotated[str, Form()] = "",
        token: Annotated[str, Form()] = "",
    ) -> Response:
        """A 1–5 rating with an optional short comment; nothing about the sender is kept."""
        service = found(backend, registry, service_id)
        if rating not in ("1", "2", "3", "4", "5"):
            return service_response(request, service, registry, "no-rating", 422)
        if problem := refused(request, service, token):
            return service_response(request, service, registry, problem, _STATUS[problem])
        agency_id = registry.portal_agency(service.agency_id) or service.agency_id
        stars, text = int(rating), clean_comment(comment)
        if not registry.queue_write(
            lambda r: r.add_rating(service.id, service.agency_id, agency_id, stars, text)
        ):
            return service_response(request, service, registry, "busy", 503)
        return sent(service, "rating")

    @router.post("/services/{service_id}/report")
    def report(
        service_id: str,
        request: Request,
        backend: BackendDep,
        registry: RegistryDep,
        kind: Annotated[str, Form()] = "",
        comment: Annotated[str, Form()] = "",
        token: Annotated[str, Form()] = "",
    ) -> Response:
        """A problem with the service page; a broken link has the portal's links checked now."""
        service = found(backend, registry, service_id)
        if kind not in {k.value for k in ReportKind}:
            return service_response(request, service, registry, "no-kind", 422)
        if problem := refused(request, service, token):
            return service_response(request, service, registry, problem, _STATUS[problem])
        problem_kind, text = ReportKind(kind), clean_comment(comment)
        if not registry.queue_write(
            lambda r: report_problem(r, service.id, service.agency_id, problem_kind, text)
        ):
            return service_response(request, service, registry, "busy", 503)
        return sent(service, "report")

    @router.get("/about", response_class=HTMLResponse)
    def about(request: Request) -> Response:
        context = {"raw_q": "", "autofocus": False}
        return templates.TemplateResponse(request, "about.html", context, headers=PAGE_HEADERS)

    @router.get("/privacy", response_class=HTMLResponse)
    def privacy(request: Request) -> Response:
        context = {"raw_q": "", "autofocus": False}
        return templates.TemplateResponse(request, "privacy.html", context, headers=PAGE_HEADERS)

    @router.get("/static/{path:path}")
    async def static_file(path: str, request: Request) -> Response:
        """Served through the router (a Mount would not survive ``include_router``)."""
        response = await static.get_response(path, request.scope)
        response.headers.setdefault("Cache-Control", "public, max-age=86400")
        return response

    return router
