"""Bad input, explained: every rejected parameter gets a Persian and an English sentence.

pydantic's own messages name neither the parameter nor its limits in terms a
citizen (or a front-end developer reading a 422) can act on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from gateway_api.schemas import ParamProblem
from gateway_api.search import (
    MAX_FILTER_CHARS,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
)
from gateway_api.text import persian_digits
from indexer.backend import BackendUnavailableError
from registry.access import MAX_TOKEN_DAYS

log = logging.getLogger(__name__)

# parameter -> (Persian, English); {max}/{fa_max} is the limit the failed check named,
# since `q` is capped differently by search and autocomplete
_MESSAGES: dict[str, tuple[str, str]] = {
    "q": (
        "عبارت جستجو (q) حداکثر {fa_max} نویسه می‌تواند باشد.",
        "Parameter 'q' (search text) must be at most {max} characters.",
    ),
    "limit": (
        "{fa_noun} (limit) باید عددی از ۱ تا {fa_max} باشد.",
        "Parameter 'limit' must be a whole number from 1 to {max}.",
    ),
    "page": (
        f"شماره صفحه (page) باید عددی از ۱ تا {persian_digits(MAX_PAGE)} باشد.",
        f"Parameter 'page' must be a whole number from 1 to {MAX_PAGE}.",
    ),
    "size": (
        f"تعداد نتایج در هر صفحه (size) باید عددی از ۱ تا {persian_digits(MAX_PAGE_SIZE)} باشد.",
        f"Parameter 'size' must be a whole number from 1 to {MAX_PAGE_SIZE}.",
    ),
    "agency": (
        f"شناسه دستگاه (agency) حداکثر {persian_digits(MAX_FILTER_CHARS)} نویسه می‌تواند باشد.",
        f"Parameter 'agency' (portal id) must be at most {MAX_FILTER_CHARS} characters.",
    ),
    "category": (
        f"دسته خدمت (category) حداکثر {persian_digits(MAX_FILTER_CHARS)} نویسه می‌تواند باشد.",
        f"Parameter 'category' must be at most {MAX_FILTER_CHARS} characters.",
    ),
    "expires_in_days": (  # an agency token's lifetime (/api/admin/agencies/{id}/tokens)
        "عمر توکن (expires_in_days) باید دست‌کم یک ساعت (۱/۲۴ روز) و حداکثر"
        f" {persian_digits(MAX_TOKEN_DAYS)} روز باشد؛ توکنی کوتاه‌تر پیش از رسیدن به دستگاه"
        " باطل می‌شود.",
        "Parameter 'expires_in_days' (the token's lifetime) must be at least an hour (1/24)"
        f" and at most {MAX_TOKEN_DAYS} days: a shorter token expires before it is handed on.",
    ),
}


# what `limit` counts, in Persian, by route (the English message says only 'limit')
_LIMIT_NOUNS = {"/api/suggest": "تعداد پیشنهادها"}
_LIMIT_NOUN = "تعداد موارد"


def route_limits(request: Request) -> dict[str, int]:
    """The upper bounds (``le``/``max_length``) of the matched route's query parameters.

    ``limit`` is capped differently by each route (20 suggestions, 200 runs,
    500 jobs, 1000 audit entries): the message names the cap of the route asked.
    """
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    limits: dict[str, int] = {}
    if dependant is None:
        return limits
    stack = [dependant]
    while stack:
        dep = stack.pop()
        stack.extend(dep.dependencies)
        for param in dep.query_params:
            model = getattr(param.field_info, "annotation", None)
            if isinstance(model, type) and issubclass(model, BaseModel):  # a model as Query()
                fields = [(n, f.alias or n, f.metadata) for n, f in model.model_fields.items()]
            else:
                fields = [(param.name, param.alias, param.field_info.metadata)]
            for _, alias, metadata in fields:
                for bound in metadata:
                    value = getattr(bound, "le", None) or getattr(bound, "max_length", None)
                    if isinstance(value, int):
                        limits[alias] = value
    return limits


def describe(
    errors: Iterable[Mapping[str, Any]],
    limits: Mapping[str, int] | None = None,
    path: str = "",
) -> list[ParamProblem]:
    """One problem per offending parameter, in the order they were reported.

    ``limits`` (parameter -> upper bound, from :func:`route_limits`) fill in the
    bound a message names when the failed check itself did not say it.
    """
    problems: dict[str, ParamProblem] = {}
    for err in errors:
        loc: Sequence[Any] = err.get("loc") or ()
        if err.get("type") == "json_invalid":  # loc is ("body", the character it broke at)
            where = loc[-1] if len(loc) > 1 else 0
            problems["body"] = _invalid_json(where, str((err.get("ctx") or {}).get("error", "")))
            continue
        names = [str(p) for p in loc if p not in ("query", "path", "body")]
        param = names[0] if names else "request"
        if param in problems:
            continue
        fa, en = _MESSAGES.get(
            param,
            (
                f"مقدار پارامتر «{param}» نامعتبر است.",
                f"Parameter '{param}' is invalid: {err.get('msg', 'bad value')}.",
            ),
        )
        ctx = err.get("ctx") or {}
        limit = ctx.get("max_length", ctx.get("le", (limits or {}).get(param, MAX_QUERY_CHARS)))
        fa = fa.replace("{fa_max}", persian_digits(limit))
        fa = fa.replace("{fa_noun}", _LIMIT_NOUNS.get(path, _LIMIT_NOUN))
        en = en.replace("{max}", str(limit))  # not format(): messages may quote input
        problems[param] = ParamProblem(
            parameter=param,
            message=f"{fa} / {en}",
            message_fa=fa,
            message_en=en,
            type=str(err.get("type", "value_error")),
        )
    return list(problems.values())


def _invalid_json(where: object, reason: str) -> ParamProblem:
    """A body that is not JSON at all: said as such, not as a parameter named by the offset."""
    at = where if isinstance(where, int) else 0
    fa = f"متن درخواست JSON درستی نیست (نزدیک نویسه {persian_digits(at + 1)})."
    en = f"The request body is not valid JSON (near character {at + 1}): {reason or 'bad JSON'}."
    return ParamProblem(
        parameter="body", message=f"{fa} / {en}", message_fa=fa, message_en=en, type="json_invalid"
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = describe(exc.errors(), route_limits(request), request.url.path)
    return JSONResponse(status_code=422, content=jsonable_encoder({"detail": problems}))


UNAVAILABLE_FA = "جستجوی خدمات هم‌اکنون در دسترس نیست؛ چند دقیقه دیگر دوباره تلاش کنید."
UNAVAILABLE_EN = "The service search is unavailable right now; try again in a few minutes."
RETRY_AFTER_SECONDS = 30


async def backend_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """503 with a reason a client can act on (retry later), never a stack trace. The
    cluster's addresses stay in the server log: they are not the citizen's business."""
    log.error("search backend unavailable on %s: %s", request.url.path, exc)
    content = {
        "detail": {
            "reason": "search_unavailable",
            "message": f"{UNAVAILABLE_FA} / {UNAVAILABLE_EN}",
            "message_fa": UNAVAILABLE_FA,
            "message_en": UNAVAILABLE_EN,
        }
    }
    return JSONResponse(
        status_code=503, content=content, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
    )


# The router's own refusals, which carry only Starlette's English phrase: an /api/ path that does
# not exist, a method the path does not take (red team round 12). Said in both languages, as
# every other API error ("fa / en" in ``detail``, as gateway_api.auth's «یافت نشد / not found»).
_ROUTER_ERRORS = {
    404: (
        "این نشانی در API درگاه وجود ندارد؛ نشانی‌های API در /docs فهرست شده‌اند.",
        "No such API path; the API's paths are listed at /docs.",
    ),
    405: (
        "این نشانی روش {method} را نمی‌پذیرد؛ روش‌های پذیرفته: {allow}.",
        "Method {method} is not allowed on this path; allowed: {allow}.",
    ),
}


async def api_http_error(request: Request, exc: Exception) -> Response:
    """An HTTP error of the JSON API: a route's own ``detail`` as it is; the router's bare
    «Not Found» / «Method Not Allowed» in Persian and English, with the methods the path
    takes (its ``Allow`` header)."""
    assert isinstance(exc, StarletteHTTPException)
    texts = _ROUTER_ERRORS.get(exc.status_code)
    if texts is None or exc.detail != HTTPStatus(exc.status_code).phrase:
        return await http_exception_handler(request, exc)
    allow = (exc.headers or {}).get("Allow", "")
    fa, en = (text.format(method=request.method, allow=allow or "—") for text in texts)
    return JSONResponse(
        status_code=exc.status_code, content={"detail": f"{fa} / {en}"}, headers=exc.headers
    )


def install_error_handlers(app: FastAPI) -> None:
    """Exception handlers belong to the app, not a router, so the app factory calls this."""
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(BackendUnavailableError, backend_unavailable)
    app.add_exception_handler(StarletteHTTPException, api_http_error)
