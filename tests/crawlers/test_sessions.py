"""Portals that need a session: a firewall's test cookie, ASP.NET's cookieless session.

A firewall in front of a portal (F5's ``TS…`` cookie, an anti-DDoS layer) answers a visitor
without its cookie by setting it and sending them back to the same page; ASP.NET's
``cookieless="AutoDetect"`` does the same with ``?AspxAutoDetectCookieSupport=1``, and
``cookieless="UseUri"`` puts the session in the path (``/(S(…))/Services.aspx``). A crawler
without cookies saw the first as a redirect loop and lost every service; the session in the
path must never reach a deep link (it changes with every visit).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from crawl_helpers import FAST, crawl, serve

from registry.reports import CrawlStatus
from sandbox.unseen import auto_registration
from tests.crawlers.unseen_score import indexed

AGENCY = "اداره کل ثبت اسناد و املاک استان یزد"
TITLES = ["صدور سند مالکیت تک‌برگ", "استعلام وضعیت ملک", "ثبت قرارداد اجاره"]
_SESSION = re.compile(r"^/\(S\([a-z0-9]+\)\)")


def _page(title: str, body: str) -> bytes:
    return (
        f'<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{title} - {AGENCY}'
        f"</title></head><body><h1>{title}</h1>{body}</body></html>"
    ).encode()


def _pages(path: str) -> bytes | None:
    """The portal's pages by path (links relative, as WebForms writes them)."""
    if path in ("/", "/Default.aspx"):
        return _page(AGENCY, '<a href="Services.aspx">میز خدمت</a>')
    if path == "/Services.aspx":
        links = "".join(
            f'<li><a href="Service.aspx?id={n}">{t}</a></li>' for n, t in enumerate(TITLES)
        )
        return _page("میز خدمت", f"<ul>{links}</ul>")
    for n, title in enumerate(TITLES):
        if path == f"/Service.aspx?id={n}":
            return _page(
                title,
                f"<p>شرح {title}</p><h3>مدارک مورد نیاز</h3><p>کارت ملی</p>"
                "<h3>هزینه</h3><p>طبق تعرفه</p><h3>مدت زمان انجام</h3><p>یک هفته</p>",
            )
    return None


Answer = tuple[int, dict[str, str], bytes]


def firewall(handler: BaseHTTPRequestHandler) -> Answer:
    if "TS01a2b3=ok" not in (handler.headers.get("Cookie") or ""):
        return 302, {"Location": handler.path, "Set-Cookie": "TS01a2b3=ok; Path=/"}, b""
    body = _pages(handler.path)
    return (200, {"Content-Type": "text/html; charset=utf-8"}, body) if body else (404, {}, b"")


def autodetect(handler: BaseHTTPRequestHandler) -> Answer:
    """ASP.NET's ``cookieless="AutoDetect"``: a test cookie, and back to the page asked."""
    cookies = handler.headers.get("Cookie") or ""
    path, _, query = handler.path.partition("?")
    if "ASP.NET_SessionId=" not in cookies:
        if query != "AspxAutoDetectCookieSupport=1":
            return (
                302,
                {
                    "Location": f"{path}?AspxAutoDetectCookieSupport=1",
                    "Set-Cookie": "AspxAutoDetectCookieSupport=1; path=/",
                },
                b"",
            )
        if "AspxAutoDetectCookieSupport=1" in cookies:
            session = f"ASP.NET_SessionId={secrets.token_hex(12)}; path=/; HttpOnly"
            return 302, {"Location": path, "Set-Cookie": session}, b""
        return 500, {}, b"cookies refused"  # a cookieless visitor would get UseUri instead
    body = _pages(handler.path)
    return (200, {"Content-Type": "text/html; charset=utf-8"}, body) if body else (404, {}, b"")


def cookieless(handler: BaseHTTPRequestHandler) -> Answer:
    session = _SESSION.match(handler.path)
    if session is None:  # a new visitor: a session of their own, in the path
        return 302, {"Location": f"/(S({secrets.token_hex(8)})){handler.path}"}, b""
    body = _pages(handler.path[session.end() :] or "/")
    return (200, {"Content-Type": "text/html; charset=utf-8"}, body) if body else (404, {}, b"")


@pytest.mark.parametrize("answer", [firewall, autodetect], ids=["firewall", "autodetect"])
def test_a_portal_that_sets_a_cookie_and_sends_back_is_harvested(
    answer: Callable[[BaseHTTPRequestHandler], Answer], tmp_path: Path
) -> None:
    with serve({}, answer) as site:
        [report] = crawl([auto_registration("yazd", site.origin, AGENCY)], tmp_path, overrides=FAST)
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert {title for _, title in indexed(tmp_path, "yazd")} == set(TITLES), report.summary()
    assert not report.errors.get("redirect_loop"), dict(report.errors)


def test_a_session_in_the_path_never_reaches_a_deep_link(tmp_path: Path) -> None:
    with serve({}, cookieless) as site:
        [report] = crawl([auto_registration("yazd", site.origin, AGENCY)], tmp_path, overrides=FAST)
    found = dict((title, url) for url, title in indexed(tmp_path, "yazd"))
    assert set(found) == set(TITLES), report.summary()
    assert all("(S(" not in url for url in found.values()), found
    assert found[TITLES[1]] == f"{site.origin}/Service.aspx?id=1"
