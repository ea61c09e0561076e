"""Minimal Persian HTML pages for /go failures.

/go is followed by people clicking result titles, so its errors are pages, not
JSON. They are self-contained (inline CSS) because gateway_api must not depend
on the UI package.
"""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse

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
</style>
</head>
<body>
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
        "frame-ancestors 'none'"
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
