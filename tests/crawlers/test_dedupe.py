"""Clean URLs: what a portal's links carry that is no part of the page, and what is; canonical
links that would take one service's URL for another."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from crawl_helpers import FAST, Page, crawl, html, selectors_registration, serve

from crawlers.dedupe import clean_url
from indexer.backends import open_backend


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://p.ir/s?id=3&utm_source=sms&fbclid=x", "https://p.ir/s?id=3"),
        ("https://p.ir/services/12?ref=home", "https://p.ir/services/12"),
        # the registration's own parameters, whatever their case
        ("https://p.ir/s?ServiceId=3&CategoryID=9", "https://p.ir/s?ServiceId=3"),
        # a session token is dropped; a short «sid» names the service itself
        ("https://p.ir/s?sid=4f1c9ae07b2d4e58a9c3&id=3", "https://p.ir/s?id=3"),
        ("https://p.ir/Service/Request?sid=112", "https://p.ir/Service/Request?sid=112"),
        # a route in the query (Rayan's portals) stays exactly as written, not «news%2F2411=»
        (
            "https://p.ir/Portal/home/?news/2411/279113/%D8%B9%D9%86%D9%88%D8%A7%D9%86&utm_medium=x",
            "https://p.ir/Portal/home/?news/2411/279113/%D8%B9%D9%86%D9%88%D8%A7%D9%86",
        ),
        ("https://p.ir/s?b=2&a=1", "https://p.ir/s?b=2&a=1"),  # order kept: listings may need it
        # a Java servlet's session in the path (Liferay before the cookie is set)
        (
            "https://p.ir/web/guest/khadamat;jsessionid=8F3C2A91D0B4E7F6?p_p_id=101&cur=2",
            "https://p.ir/web/guest/khadamat?p_p_id=101&cur=2",
        ),
        ("https://p.ir/a;JSESSIONID=AB12/b", "https://p.ir/a/b"),
        ("https://p.ir/s;v=2/x", "https://p.ir/s;v=2/x"),  # other path parameters are kept
    ],
)
def test_clean_url(url: str, expected: str) -> None:
    assert clean_url(url, ["categoryid"]) == expected


SESSIONS = {  # a new one at every visit
    "coldfusion": lambda n: f"CFID={1679215 + n}&CFTOKEN={44751217 + n}",
    "oscommerce": lambda n: f"osCsid={n:032x}",
    "zencart": lambda n: f"zenid={n:026d}",
}
SESSION_TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳"]


@pytest.mark.parametrize("platform", list(SESSIONS))
def test_a_session_in_the_links_query_never_reaches_a_deep_link(
    tmp_path: Path, platform: str
) -> None:
    """Red team round 8: each crawl filed every service under a new URL, so the index held
    each service twice, with the crawler's session in the citizen's link."""
    visits = iter(range(1, 1000))

    def answer(handler: BaseHTTPRequestHandler) -> Page | None:
        if handler.path == "/":
            session = SESSIONS[platform](next(visits))
            links = "".join(
                f'<a class="svc" href="/s?id={n}&{session}">{t}</a> '
                for n, t in enumerate(SESSION_TITLES, 1)
            )
            return html(f"<html><body>{links}</body></html>")
        query = parse_qs(urlsplit(handler.path).query)
        title = SESSION_TITLES[int(query["id"][0]) - 1]
        return html(f'<h2 class="title">{title}</h2><div class="desc">شرح کامل {title}</div>')

    with serve({}, answer) as site:
        registration = selectors_registration("sessions", site.origin)
        for _ in range(2):
            crawl([registration], tmp_path, overrides=FAST)
    backend = open_backend(tmp_path / "index", readonly=True)
    try:
        urls = sorted(doc.url for doc in backend.documents(["sessions"]))
    finally:
        backend.close()
    assert urls == [f"{site.origin}/s?id={n}" for n in (1, 2, 3)]


def test_a_copied_canonical_link_takes_no_service_away(tmp_path: Path) -> None:
    """A page duplicated in the CMS keeps the original's canonical link (red team round 6,
    F03). Read first, the copy took the original's URL, and the original was then dropped
    as "reached twice": one service lost, another linked to the wrong page."""

    def service(title: str, canonical: str = "") -> Page:
        link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
        return html(
            f'<html><head>{link}</head><body><h2 class="title">{title}</h2>'
            f'<div class="desc">شرح {title}</div></body></html>'
        )

    pages = {
        # the copy is listed first; the original only on the listing's second page
        "/": html(
            '<a class="svc" href="/s/2">ب</a><a class="svc" href="/s/3">ج</a>'
            '<a class="next" href="/page2">بعدی</a>'
        ),
        "/page2": html('<a class="svc" href="/s/1">الف</a>'),
        "/s/1": service("صدور پروانه ساختمان", "/s/1"),
        "/s/2": service("تمدید پروانه ساختمان", "/s/1"),  # copied from /s/1
        "/s/3": service("پایان کار ساختمان"),
    }
    with serve(pages) as site:
        registration = selectors_registration("copied", site.origin, pagination="a.next")
        [report] = crawl([registration], tmp_path, overrides=FAST)
    backend = open_backend(tmp_path / "index", readonly=True)
    try:
        linked = {doc.title: urlsplit(doc.url).path for doc in backend.documents(["copied"])}
    finally:
        backend.close()
    assert linked == {
        "صدور پروانه ساختمان": "/s/1",
        "تمدید پروانه ساختمان": "/s/2",
        "پایان کار ساختمان": "/s/3",
    }, report.summary()


def test_a_canonical_link_is_the_deep_link_only_once_its_page_shows_the_service(
    tmp_path: Path,
) -> None:
    """A canonical link may name an old CMS path or a typo that answers 404 (red team round
    7, F04): the citizen would land on «یافت نشد». It becomes the deep link only once the
    crawler has read that page and found the same service there; else the page keeps its
    own URL. The crawl asks for the canonical page even when nothing links to it."""

    def service(title: str, canonical: str) -> Page:
        return html(
            f'<html><head><link rel="canonical" href="{canonical}"></head><body>'
            f'<h2 class="title">{title}</h2><div class="desc">شرح {title}</div></body></html>'
        )

    pages = {
        "/": html('<a class="svc" href="/s?id=1">الف</a><a class="svc" href="/s?id=2">ب</a>'),
        "/s?id=1": service("صدور پروانه ساختمان", "/fa/old-portal/service-1.aspx"),  # 404
        "/s?id=2": service("تمدید پروانه ساختمان", "/services/2"),
        "/services/2": service("تمدید پروانه ساختمان", "/services/2"),  # linked from nowhere
    }
    with serve(pages) as site:
        registration = selectors_registration("canonical", site.origin)
        [report] = crawl([registration], tmp_path, overrides=FAST)
    backend = open_backend(tmp_path / "index", readonly=True)
    try:
        linked = {doc.title: urlsplit(doc.url) for doc in backend.documents(["canonical"])}
    finally:
        backend.close()
    assert {t: u.path + (f"?{u.query}" if u.query else "") for t, u in linked.items()} == {
        "صدور پروانه ساختمان": "/s?id=1",
        "تمدید پروانه ساختمان": "/services/2",
    }, report.summary()
    assert report.services_found == 2
