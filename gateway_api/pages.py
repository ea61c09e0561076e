"""Minimal Persian HTML pages for /go failures, with the site's header and search box.

/go is followed by people clicking result titles, so its errors are pages, not
JSON. They are self-contained (inline CSS) because gateway_api must not depend
on the UI package.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from zoneinfo import ZoneInfo

import jdatetime
from fastapi.responses import HTMLResponse

from gateway_api.text import persian_digits

_PAGE = """<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title} — درگاه خدمات استان</title>
<style>
body{{margin:0;font-family:Vazirmatn,Tahoma,"Noto Sans Arabic",sans-serif;background:#f4f6f8;
color:#1b2733;line-height:1.9}}
main{{max-width:36rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:12px;
border-top:6px solid #b3261e;box-shadow:0 1px 4px rgb(0 0 0/.12)}}
h1{{font-size:1.4rem;margin-top:0}} a{{color:#0b5394}} a:focus-visible{{outline:3px solid #f5a623;
outline-offset:2px}} code{{direction:ltr;unicode-bidi:embed;background:#eef1f4;padding:0 .3em}}
.top{{background:#0d5c46;color:#fff;padding:.6rem 1rem;border-bottom:4px solid #e3c16f;display:flex;
flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}} .top .brand{{color:#fff;font-weight:800;
text-decoration:none}} .top form{{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;flex:1}}
.top input{{font:inherit;padding:.35rem .7rem;border-radius:8px;border:0;flex:1;min-width:10rem}}
.top button{{font:inherit;font-weight:700;border:0;border-radius:8px;background:#e3c16f;
padding:.35rem 1rem}} .top label{{font-size:.9rem}}
</style>
</head>
<body>
<header class="top"><a class="brand" href="/">درگاه یکپارچه خدمات استان</a>
<form role="search" action="/" method="get"><label for="q">چه خدمتی لازم دارید؟</label>
<input id="q" name="q" type="search" maxlength="200" placeholder="مثلاً: پروانه ساختمان">
<button type="submit">جستجو</button></form></header>
<main>
<h1>{title}</h1>
<p>{message}</p>
<p><a href="/">بازگشت به جستجوی خدمات</a></p>
</main>
</body>
</html>
"""


_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
}


def error_page(status_code: int, title: str, message_html: str) -> HTMLResponse:
    """``message_html`` is trusted markup built here; any untrusted part must be escaped first."""
    body = _PAGE.format(title=escape(title), message=message_html)
    return HTMLResponse(body, status_code=status_code, headers=_HEADERS)


def unknown_service() -> HTMLResponse:
    return error_page(
        404,
        "خدمت پیدا نشد",
        "این پیوند به هیچ خدمتی در درگاه اشاره نمی‌کند. شاید خدمت از وبگاه دستگاه برداشته شده"
        " یا نشانی ناقص رونوشت شده باشد. لطفاً دوباره جستجو کنید.",
    )


def unsafe_link(host: str) -> HTMLResponse:
    shown = f"<code>{escape(host)}</code>" if host else "نامعتبر"
    return error_page(
        403,
        "پیوند این خدمت قابل اعتماد نیست",
        "نشانی ثبت‌شده برای این خدمت به وبگاهی خارج از درگاه‌های ثبت‌شده دستگاه‌های استان"
        f" ({shown}) اشاره می‌کند؛ برای امنیت شما، به آن هدایت نمی‌شوید."
        " لطفاً خدمت را مستقیماً از وبگاه رسمی دستگاه مربوط پیگیری کنید.",
    )


# Link-check errors after which the page may well be back soon: offer to try it anyway.
_TRANSIENT = ("timeout", "connection_refused", "connection_error", "dns", "http_5xx", "http_429")
_TEHRAN = ZoneInfo("Asia/Tehran")


def _jalali(moment: datetime) -> str:
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(_TEHRAN)
    stamp = jdatetime.datetime.fromgregorian(datetime=local.replace(tzinfo=None))
    return persian_digits(stamp.strftime("%Y/%m/%d ساعت %H:%M"))


def _problem(error: str) -> str:
    if error in ("http_404", "http_410"):
        return "صفحه این خدمت در وبگاه دستگاه دیگر وجود ندارد (خطای «صفحه پیدا نشد»)."
    if error == "redirect_to_homepage":
        return "وبگاه دستگاه به‌جای صفحه این خدمت به صفحه اصلی خود می‌رود؛ صفحه برداشته شده است."
    if error.startswith("redirect_off_domain"):
        return "صفحه این خدمت اکنون به وبگاهی بیرون از وبگاه ثبت‌شده دستگاه هدایت می‌شود."
    if error == "offsite_redirect":  # by its own script or a meta refresh (crawlers.monitor)
        return "صفحه این خدمت بازدیدکننده را به وبگاه دیگری می‌فرستد (شاید دستکاری شده باشد)."
    if error.startswith("browser_sent_away"):  # to browsers only (crawlers.linkcheck)
        return (
            "صفحه این خدمت مرورگر بازدیدکننده را به وبگاه دیگری می‌فرستد، هرچند به بررسی"
            " خودکار درگاه صفحه درست را نشان می‌دهد (وبگاه دستگاه دستکاری شده است)."
        )
    if error == "timeout":
        return "وبگاه دستگاه در زمان بررسی پاسخ نداد (پایان مهلت انتظار)."
    if error in ("connection_refused", "connection_error", "dns"):
        return "وبگاه دستگاه در زمان بررسی در دسترس نبود."
    if error == "http_5xx":
        return "وبگاه دستگاه در زمان بررسی با خطای سرور پاسخ داد."
    return "صفحه این خدمت در بررسی خودکار پیوندها قابل دسترسی نبود."


def broken_link(
    *, title: str, agency: str, homepage: str, url: str, error: str, checked_at: datetime
) -> HTMLResponse:
    """A deep link the link checker found broken: say why, and where to go instead.

    ``homepage`` and ``url`` must already be checked as safe (registered portal) links;
    ``url`` is offered only when the failure may have been passing.
    """
    transient = error in _TRANSIENT
    parts = [
        f"پیوند خدمت «{escape(title)}» از {escape(agency)} در آخرین بررسی خودکار"
        f" ({_jalali(checked_at)}) کار نمی‌کرد: {_problem(error)}",
    ]
    if homepage:
        parts.append(
            f'می‌توانید خدمت را از <a href="{escape(homepage)}" rel="noopener">صفحه اصلی وبگاه'
            f" {escape(agency)}</a> پیدا کنید."
        )
    if transient:
        parts.append(
            f'شاید مشکل برطرف شده باشد: <a href="{escape(url)}" rel="noopener">'
            "باز هم صفحه خدمت را امتحان کنید</a>."
        )
    return error_page(502 if transient else 404, "پیوند این خدمت کار نمی‌کند", "</p><p>".join(parts))
