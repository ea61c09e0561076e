"""Dashboards: the registrar's province overview and each agency's coverage page.

Server-rendered like the search page (no script). Access follows the API's
rules: the registrar (admin session) sees every agency; an agency session sees
only its own page, and another agency's page is the same 404 as an agency that
does not exist. Writes (recrawl, catalogue upload) go through
:mod:`gateway_api.registrar`, so they are audit-logged like the API's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway_api import registrar
from gateway_api.auth import begin_sign_in, record_failed_login, signed_in, throttled
from gateway_api.deps import BackendDep, RegistryDep, get_previewer
from gateway_api.health import backend_health
from gateway_api.text import persian_digits
from gateway_api.uploads import upload_policy
from indexer.backend import SearchBackend
from registry.access import AccessError
from registry.catalogue_upload import MAX_BYTES, CatalogueError
from registry.portals import Registry, RegistryError
from registry.records import Principal, TokenKind
from registry.search_rules import RuleKind
from search_ui import sessions
from search_ui.charts import bar_width, history_line
from search_ui.dashboard_data import agency_summary, overview
from search_ui.dashboard_text import (
    ago,
    crawl_status_label,
    jalali_datetime,
    percent,
    problem_label,
    retirement_label,
    rule_problem,
    upload_problem_place,
    yaml_problem,
)
from search_ui.feedback_dashboard import (
    TopicError,
    agency_feedback,
    correct_topic,
    province_feedback,
    report_label,
)
from search_ui.routes import PAGE_HEADERS, _templates

HEADERS = {**PAGE_HEADERS, "Cache-Control": "no-store"}  # private figures: never cached

SKIP_REASONS = {
    "news": "خبر",
    "not service": "خدمت نیست",
    "other language": "زبان دیگر",
    "duplicate": "نسخه تکراری",
}

DONE_MESSAGES = {
    "agency": "دستگاه ثبت شد. درگاه‌های آن با «agency_id» همین شناسه به آن می‌پیوندند.",
    "renamed": "نام دستگاه به‌روز شد.",
    "crawl": "درخواست خزش دوباره ثبت شد؛ خزنده به‌زودی آن را انجام می‌دهد.",
    "report": "گزارش به‌عنوان رسیدگی‌شده علامت خورد.",
    "topic": "موضوع خدمت اصلاح شد؛ با خزش دوباره‌ای که در صف گذاشته شد در جستجو هم اعمال می‌شود.",
    "catalogue": "فهرست خدمات اعلام‌شده بارگذاری شد و از این پس ملاک سنجش پوشش است.",
    "rule": "قاعده جستجو ثبت شد و از جستجوی بعدی به کار می‌رود.",
    "rule-deleted": "قاعده جستجو حذف شد.",
    "registered": "وبگاه ثبت شد و نخستین خزش آن در صف است.",
}

FormText = Annotated[str, Form()]

# The declared-catalogue template agencies download, fill in and upload. UTF-8 with a BOM so
# that Excel opens the Persian text correctly; the upload reads it back unchanged.
CATALOGUE_TEMPLATE = (
    "\ufefftitle,service_id,url\n"
    "صدور پروانه ساختمان,,https://www.example-agency.ir/services/building-permit\n"
    "تمدید پروانه کسب,,\n"
)


def _login_redirect() -> RedirectResponse:
    return RedirectResponse("/dashboard/login", status_code=303, headers=HEADERS)


def _may_see(principal: Principal, agency_id: str) -> bool:
    return principal.kind is TokenKind.ADMIN or principal.agency_id == agency_id


def _detect_format(filename: str, data: bytes) -> str:
    name = filename.lower()
    if name.endswith(".json"):
        return "json"
    if name.endswith(".csv"):
        return "csv"
    return "json" if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{") else "csv"


def create_dashboard_router(province_name: str = "") -> APIRouter:
    router = APIRouter(prefix="/dashboard", include_in_schema=False)
    templates = _templates(province_name)
    env = templates.env
    env.filters.update(
        jalali_time=jalali_datetime,
        ago=ago,
        percent=percent,
        status_label=crawl_status_label,
        problem=problem_label,
        retirement=retirement_label,
        report_kind=report_label,
        skip_reason=lambda reason: SKIP_REASONS.get(
            reason, "نسخه تکراری" if reason.startswith("duplicate") else reason
        ),
    )
    env.globals["bar_width"] = bar_width

    def page(
        request: Request,
        name: str,
        context: dict[str, Any],
        principal: Principal | None,
        status: int = 200,
    ) -> Response:
        base: dict[str, Any] = {"principal": principal, "now": datetime.now(UTC)}
        if principal is not None:
            base["csrf"] = sessions.csrf_token(sessions.session_secret(request))
            if principal.agency_id:
                agency = request.app.state.registry.agency(principal.agency_id)
                base["principal_name"] = agency.name if agency else principal.agency_id
        return templates.TemplateResponse(
            request, name, base | context, status_code=status, headers=HEADERS
        )

    def forbidden(request: Request, principal: Principal | None) -> Response:
        return page(request, "dashboard_forbidden.html", {}, principal, status=403)

    def login_page(request: Request, error: str = "", status: int = 200) -> Response:
        token = sessions.new_login_csrf()
        response = page(
            request, "dashboard_login.html", {"login_csrf": token, "error": error}, None, status
        )
        sessions.set_login_csrf(response, request, token)
        return response

    @router.get("", response_class=HTMLResponse)
    def home(request: Request, registry: RegistryDep, backend: BackendDep) -> Response:
        principal = sessions.current_principal(request, registry)
        if principal is None:
            return _login_redirect()
        if principal.kind is not TokenKind.ADMIN:
            return RedirectResponse(
                f"/dashboard/agency/{principal.agency_id}", status_code=303, headers=HEADERS
            )
        return overview_page(request, registry, backend, principal)

    def overview_page(
        request: Request,
        registry: Registry,
        backend: SearchBackend,
        principal: Principal,
        agency_error: str = "",
        topic_error: str = "",
        rule_error: str = "",
    ) -> Response:
        data = overview(registry, backend)
        context = {
            "overview": data,
            "line": history_line(data.history),
            "feedback": province_feedback(registry),
            "agency_error": agency_error,
            "topic_error": topic_error,
            "rules": registry.search_rules(),
            "rule_error": rule_error,
            "done": DONE_MESSAGES.get(request.query_params.get("done", ""), ""),
            "health": backend_health(backend),  # a lost cluster node shows here first
        }
        status = 422 if agency_error or topic_error or rule_error else 200
        return page(request, "dashboard_overview.html", context, principal, status)

    def admin_form(request: Request, registry: Registry, csrf: str) -> Principal | Response:
        principal = form_principal(request, registry, csrf)
        if isinstance(principal, Principal) and principal.kind is not TokenKind.ADMIN:
            raise HTTPException(404)
        return principal

    def registrar_form(request: Request, registry: Registry, csrf: str) -> Principal | Response:
        principal = form_principal(request, registry, csrf)
        if isinstance(principal, Principal) and principal.kind is not TokenKind.ADMIN:
            return forbidden(request, principal)
        return principal

    @router.post("/agencies")
    def add_agency(
        request: Request,
        registry: RegistryDep,
        backend: BackendDep,
        agency_id: FormText = "",
        name: FormText = "",
        csrf: FormText = "",
    ) -> Response:
        """The registrar adds an agency; its portals join it by naming it (agency_id)."""
        principal = admin_form(request, registry, csrf)
        if isinstance(principal, Response):
            return principal
        try:
            registrar.add_agency(registry, principal.actor, agency_id.strip(), name)
        except AccessError:
            error = (
                "دستگاه ثبت نشد: شناسه باید با حروف کوچک لاتین، رقم و «-» (۲ تا ۶۳ نویسه) و"
                " تازه باشد، و نام فارسی دست‌کم ۲ نویسه."
            )
            return overview_page(request, registry, backend, principal, error)
        return RedirectResponse("/dashboard?done=agency#agencies", 303, headers=HEADERS)

    @router.post("/agencies/{agency_id}/rename")
    def rename_agency(
        agency_id: str,
        request: Request,
        registry: RegistryDep,
        backend: BackendDep,
        name: FormText = "",
        csrf: FormText = "",
    ) -> Response:
        principal = admin_form(request, registry, csrf)
        if isinstance(principal, Response):
            return principal
        try:
            renamed = registrar.rename_agency(registry, principal.actor, agency_id, name)
        except AccessError:
            error = "نام دستگاه باید دست‌کم ۲ و حداکثر ۲۰۰ نویسه باشد."
            return overview_page(request, registry, backend, principal, error)
        if renamed is None:
            raise HTTPException(404)
        return RedirectResponse("/dashboard?done=renamed#agencies", 303, headers=HEADERS)

    @router.get("/catalogue-template.csv")
    def catalogue_template() -> Response:
        """Public: it holds nothing but the columns and two example rows."""
        return Response(
            CATALOGUE_TEMPLATE.encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={
                **PAGE_HEADERS,
                "Content-Disposition": 'attachment; filename="catalogue-template.csv"',
            },
        )

    @router.post("/topics")
    def topic(
        request: Request,
        registry: RegistryDep,
        backend: BackendDep,
        service_id: FormText = "",
        topic: FormText = "",
        csrf: FormText = "",
    ) -> Response:
        """The registrar files one service under another province-wide domain."""
        principal = registrar_form(request, registry, csrf)
        if isinstance(principal, Response):
            return principal
        try:
            correct_topic(registry, backend, principal.actor, service_id, topic)
        except TopicError as exc:
            return overview_page(request, registry, backend, principal, topic_error=str(exc))
        return RedirectResponse("/dashboard?done=topic#topics", status_code=303, headers=HEADERS)

    @router.post("/search-rules")
    def add_search_rule(
        request: Request,
        registry: RegistryDep,
        backend: BackendDep,
        kind: FormText = "",
        phrase: FormText = "",
        target: FormText = "",
        csrf: FormText = "",
    ) -> Response:
        """The registrar adds a synonym or a best bet next to the weak and zero-result
        searches it comes from (audited like the API's)."""
        principal = registrar_form(request, registry, csrf)
        if not isinstance(principal, Principal):
            return principal
        try:
            rule_kind = RuleKind(kind)
            registrar.add_search_rule(
                registry, backend, principal.actor, rule_kind, phrase[:200], target[:200]
            )
        except ValueError as exc:
            problem = rule_problem(exc)
            return overview_page(request, registry, backend, principal, rule_error=problem)
        return RedirectResponse("/dashboard?done=rule", status_code=303, headers=HEADERS)

    @router.post("/search-rules/{rule_id}/delete")
    def delete_search_rule(
        rule_id: int, request: Request, registry: RegistryDep, csrf: FormText = ""
    ) -> Response:
        principal = registrar_form(request, registry, csrf)
        if not isinstance(principal, Principal):
            return principal
        if not registrar.delete_search_rule(registry, principal.actor, rule_id):
            raise HTTPException(404)
        return RedirectResponse("/dashboard?done=rule-deleted", status_code=303, headers=HEADERS)

    @router.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, registry: RegistryDep) -> Response:
        if sessions.current_principal(request, registry) is not None:
            return RedirectResponse("/dashboard", status_code=303, headers=HEADERS)
        return login_page(request)

    @router.post("/login")
    def login(
        request: Request,
        registry: RegistryDep,
        token: FormText = "",
        csrf: FormText = "",
    ) -> Response:
        if (wait := throttled(request)) is not None:
            return _throttled_page(request, wait)
        if not sessions.check_login_csrf(request, csrf):
            return login_page(request, "این فرم منقضی شده بود. لطفاً دوباره توکن را وارد کنید.", 403)
        wait, failures = begin_sign_in(request)  # counted before the token is looked up
        if wait is not None:
            return _throttled_page(request, wait)
        principal = registry.authenticate(token.strip())
        if principal is None:
            record_failed_login(request, registry, "dashboard", failures)
            # the same words whether the token is unknown, revoked or malformed
            return login_page(request, "ورود ناموفق بود. توکن واردشده معتبر نیست.", 401)
        signed_in(request)
        response = RedirectResponse("/dashboard", status_code=303, headers=HEADERS)
        sessions.sign_in(response, request, registry, principal)
        return response

    def _throttled_page(request: Request, wait: int) -> Response:
        response = login_page(
            request,
            f"تلاش‌های ناموفق زیاد بود. لطفاً {persian_digits(wait)} ثانیه دیگر دوباره امتحان کنید.",
            429,
        )
        response.headers["Retry-After"] = str(wait)
        return response

    @router.post("/logout")
    def logout(request: Request, registry: RegistryDep, csrf: FormText = "") -> Response:
        principal = form_principal(request, registry, csrf)
        if isinstance(principal, Response):
            return principal
        response = _login_redirect()
        sessions.sign_out(response, request, registry)
        return response

    def agency_page(
        request: Request,
        registry: Registry,
        backend: BackendDep,
        principal: Principal,
        agency_id: str,
        upload_errors: list[tuple[str, str]] | None = None,
        status: int | None = None,
    ) -> Response:
        summary = agency_summary(registry, backend, agency_id)
        if summary is None:
            raise HTTPException(404)
        history = [(p.at, p.percent) for p in summary.report.history]
        context = {
            "summary": summary,
            "feedback": agency_feedback(registry, backend, agency_id, summary.titles),
            "report": summary.report,
            "line": history_line(history),
            "upload_errors": upload_errors or [],
            "done": DONE_MESSAGES.get(request.query_params.get("done", ""), ""),
        }
        status = status or (422 if upload_errors else 200)
        return page(request, "dashboard_agency.html", context, principal, status)

    def authorised(request: Request, registry: Registry, agency_id: str) -> Principal | None:
        """The signed-in principal if it may see ``agency_id``; 404 if it may not."""
        principal = sessions.current_principal(request, registry)
        if principal is not None and not _may_see(principal, agency_id):
            raise HTTPException(404)
        return principal

    def form_principal(
        request: Request, registry: Registry, csrf: str, agency_id: str | None = None
    ) -> Principal | Response:
        """Who posted a dashboard form, or the answer refusing it: the sign-in page when
        nobody is signed in, 403 when the form's CSRF token is not this session's (and the
        404 of :func:`authorised` when ``agency_id`` is given and not theirs)."""
        if agency_id is None:
            principal = sessions.current_principal(request, registry)
        else:
            principal = authorised(request, registry, agency_id)
        if principal is None:
            return _login_redirect()
        try:
            sessions.check_csrf(request, csrf)
        except HTTPException:
            return forbidden(request, principal)
        return principal

    @router.get("/agency/{agency_id}", response_class=HTMLResponse)
    def agency(
        agency_id: str, request: Request, registry: RegistryDep, backend: BackendDep
    ) -> Response:
        principal = authorised(request, registry, agency_id)
        if principal is None:
            return _login_redirect()
        return agency_page(request, registry, backend, principal, agency_id)

    @router.post("/agency/{agency_id}/crawl")
    def recrawl(
        agency_id: str,
        request: Request,
        registry: RegistryDep,
        portal_id: FormText = "",
        csrf: FormText = "",
    ) -> Response:
        principal = form_principal(request, registry, csrf, agency_id)
        if isinstance(principal, Response):
            return principal
        if registry.portal_agency(portal_id) != agency_id:
            raise HTTPException(404)
        registrar.request_crawl(registry, principal.actor, portal_id)
        return RedirectResponse(
            f"/dashboard/agency/{agency_id}?done=crawl#crawls", status_code=303, headers=HEADERS
        )

    @router.post("/agency/{agency_id}/reports/{report_id}/handled")
    def handled(
        agency_id: str,
        report_id: int,
        request: Request,
        registry: RegistryDep,
        csrf: FormText = "",
    ) -> Response:
        """The agency marks one of its problem reports handled (audit-logged)."""
        principal = form_principal(request, registry, csrf, agency_id)
        if isinstance(principal, Response):
            return principal
        if not registry.mark_report_handled(report_id, agency_id, principal.actor):
            raise HTTPException(404)  # not theirs, or already handled
        registry.audit(principal.actor, "report.handled", f"report:{report_id}", {})
        return RedirectResponse(
            f"/dashboard/agency/{agency_id}?done=report#feedback", status_code=303, headers=HEADERS
        )

    @router.post("/agency/{agency_id}/catalogue")
    async def upload(
        agency_id: str,
        request: Request,
        registry: RegistryDep,
        backend: BackendDep,
        catalogue: Annotated[UploadFile | None, File()] = None,
        csrf: FormText = "",
    ) -> Response:
        """Only the file is read here; the rest waits on the registry (a crawl's write lock,
        coverage), so it runs in a thread: citizens' searches never wait behind it."""
        data = await catalogue.read(MAX_BYTES + 1) if catalogue is not None else b""
        name = catalogue.filename or "" if catalogue else ""
        return await run_in_threadpool(
            store_upload, agency_id, request, registry, backend, data, name, csrf
        )

    def store_upload(
        agency_id: str,
        request: Request,
        registry: Registry,
        backend: SearchBackend,
        data: bytes,
        filename: str,
        csrf: str,
    ) -> Response:
        principal = form_principal(request, registry, csrf, agency_id)
        if isinstance(principal, Response):
            return principal
        if registry.agency(agency_id) is None:
            raise HTTPException(404)
        if not data:
            errors = [("", "هیچ پرونده‌ای انتخاب نشده یا پرونده خالی است.")]
            return agency_page(request, registry, backend, principal, agency_id, errors)
        policy = upload_policy(request)
        if refused := policy.refused(agency_id, principal.actor):
            response = agency_page(
                request, registry, backend, principal, agency_id, [("", refused[0])], 429
            )
            response.headers["Retry-After"] = str(refused[2])
            return response
        fmt = _detect_format(filename, data)
        try:
            registrar.upload_catalogue(
                registry, principal.actor, agency_id, data, fmt, keep=policy.versions_kept
            )
        except CatalogueError as exc:
            policy.not_stored(agency_id, principal.actor)
            errors = [(upload_problem_place(exc.unit, n), message) for n, message in exc.persian]
            return agency_page(request, registry, backend, principal, agency_id, errors)
        return RedirectResponse(
            f"/dashboard/agency/{agency_id}?done=catalogue", status_code=303, headers=HEADERS
        )

    def register_page(
        request: Request,
        principal: Principal,
        document: str = "",
        agency_id: str = "",
        preview: dict[str, Any] | None = None,
        errors: list[tuple[str, str]] | None = None,
    ) -> Response:
        context = {
            "document": document,
            "agency_id": agency_id,
            "preview": preview,
            "errors": errors or [],
        }
        return page(request, "dashboard_register.html", context, principal, 422 if errors else 200)

    @router.get("/portals/new", response_class=HTMLResponse)
    def register_form(request: Request, registry: RegistryDep) -> Response:
        principal = sessions.current_principal(request, registry)
        if principal is None:
            return _login_redirect()
        if principal.kind is not TokenKind.ADMIN:
            return forbidden(request, principal)
        return register_page(request, principal)

    @router.post("/portals/new")
    async def register(
        request: Request,
        registry: RegistryDep,
        document: FormText = "",
        agency_id: FormText = "",
        action: FormText = "preview",
        csrf: FormText = "",
        upload: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        """Preview (stores nothing) or save and queue the first crawl, as the API does.
        Only the file is read here; the rest runs in a thread (it waits on the registry and
        on the preview's crawl)."""
        raw = await upload.read(MAX_BYTES + 1) if upload is not None else b""
        return await run_in_threadpool(
            save_or_preview, request, registry, document, agency_id, action, csrf, raw
        )

    def save_or_preview(
        request: Request,
        registry: Registry,
        document: str,
        agency_id: str,
        action: str,
        csrf: str,
        raw: bytes,
    ) -> Response:
        principal = form_principal(request, registry, csrf)
        if isinstance(principal, Response):
            return principal
        if principal.kind is not TokenKind.ADMIN:
            return forbidden(request, principal)
        if raw:
            document = raw.decode("utf-8-sig", errors="replace")
        agency = agency_id.strip() or None
        try:
            data = yaml.safe_load(document) if document.strip() else None
            reg = registrar.parse_registration(data)
        except yaml.YAMLError as exc:
            problem = [("document", yaml_problem(exc))]
            return register_page(request, principal, document, agency_id, errors=problem)
        except registrar.InvalidRegistration as exc:
            return register_page(request, principal, document, agency_id, errors=exc.problems_fa)
        if action == "save":
            try:
                registrar.register_portal(registry, principal.actor, reg, agency_id=agency)
            except RegistryError as exc:
                problem = [(exc.field or "id", exc.fa)]
                return register_page(request, principal, document, agency_id, errors=problem)
            registrar.request_crawl(registry, principal.actor, reg.id)
            return RedirectResponse("/dashboard?done=registered", status_code=303, headers=HEADERS)
        try:
            preview = get_previewer(request)(reg)
        except (HTTPException, RuntimeError) as exc:
            detail = exc.detail if isinstance(exc, HTTPException) else str(exc)
            problem = [("preview", str(detail))]
            return register_page(request, principal, document, agency_id, errors=problem)
        return register_page(request, principal, document, agency_id, preview=preview)

    return router
