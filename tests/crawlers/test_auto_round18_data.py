"""``auto`` on the data and encoding styles of the eighteenth held-out round of portal styles.

Small portals crawled together, each of which lost services before while its crawl reported
``complete``: a GraphQL API an Apollo client asks by GET with a persisted query's hash
(Automatic Persisted Queries), paged by ``pageInfo { hasNextPage endCursor }`` with the
cursor in ``variables.after``; the same kind of API asked by POST with a page number the
query requires (a real server refuses the query without it), paged by ``hasNextPage``; and
a windows-1256 site that declares no charset anywhere, one of whose pages the detector reads
as Cyrillic (``mac_cyrillic``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from urllib.parse import parse_qs, urlsplit

import pytest
from charset_normalizer import from_bytes
from crawl_helpers import AgencyPages, Page, Site, SitesCrawled, crawl_sites, serve

from crawlers import graphqlcalls

AGENCY = "اداره کل تعاون، کار و رفاه اجتماعی استان یزد"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home


def raw(body: bytes | str, kind: str, status: int = 200) -> Page:
    return status, {"Content-Type": kind}, body.encode() if isinstance(body, str) else body


def guide(title: str) -> Page:
    """A how-to guide listed among the services: not a service."""
    return page(
        title,
        f"<h1>{title}</h1><p>این راهنما نحوه ورود به سامانه را توضیح می‌دهد.</p>"
        "<h3>چگونه ثبت‌نام کنم؟</h3><p>با شماره همراه خود وارد شوید.</p>"
        "<h3>رمز عبور را فراموش کرده‌ام</h3><p>از گزینه بازیابی استفاده کنید.</p>",
    )


# ---- Apollo persisted queries over GET, paged by a cursor (``variables.after``)

APQ = {
    "/fa/khadamat/41": "صدور مجوز تأسیس شرکت تعاونی",
    "/fa/khadamat/42": "ثبت تغییرات هیئت مدیره شرکت تعاونی",
    "/fa/khadamat/43": "صدور پروانه کاریابی",
    "/fa/khadamat/44": "تمدید پروانه کار اتباع خارجی",
    "/fa/khadamat/45": "ثبت شکایت کارگری در هیئت تشخیص",
    "/fa/khadamat/46": "صدور گواهی عضویت تعاونی",
    "/fa/khadamat/47": "استعلام سوابق بیمه کارگران ساختمانی",
}
APQ_GUIDE = ("/fa/khadamat/rahnama", "راهنمای ثبت‌نام در سامانه کاریابی")
APQ_QUERY = (
    "query Khadamat($first: Int!, $after: String) { khadamat(first: $first, after: $after) "
    "{ edges { node { title path } } pageInfo { hasNextPage endCursor } } }"
)
APQ_HASH = hashlib.sha256(APQ_QUERY.encode()).hexdigest()
APQ_JS = (
    "const DOC = " + json.dumps(APQ_QUERY) + ";\n"
    "const persisted = {persistedQuery: {version: 1, sha256Hash: '" + APQ_HASH + "'}};\n"
    "function address(cursor) { return '/api/graphql?operationName=Khadamat&variables=' +"
    " encodeURIComponent(JSON.stringify({first: 3, after: cursor})) + '&extensions=' +"
    " encodeURIComponent(JSON.stringify(persisted)); }\n"
    "async function more(cursor) { const r = await (await fetch(address(cursor))).json();"
    " r.data.khadamat.edges.forEach(e => draw(e.node));"
    " if (r.data.khadamat.pageInfo.hasNextPage) button(r.data.khadamat.pageInfo.endCursor); }\n"
    "more(null);\n"
)


def apq_answer(query: str) -> Page | None:
    """GET only with the known hash, ``first`` given, ``after`` one of the cursors given."""
    asked = parse_qs(query)
    extensions = json.loads((asked.get("extensions") or ["{}"])[0])
    if extensions.get("persistedQuery", {}).get("sha256Hash") != APQ_HASH:
        return raw('{"errors":[{"message":"PersistedQueryNotFound"}]}', "application/json")
    variables = json.loads((asked.get("variables") or ["{}"])[0])
    if not isinstance(variables.get("first"), int):
        return raw('{"errors":[{"message":"$first is required"}]}', "application/json", 400)
    records = [*APQ.items(), APQ_GUIDE]
    start = int(str(variables.get("after") or "c0").removeprefix("c"))
    chunk = records[start : start + variables["first"]]
    end = start + len(chunk)
    edges = [{"node": {"title": t, "path": p, "__typename": "Khedmat"}} for p, t in chunk]
    info = {"hasNextPage": end < len(records), "endCursor": f"c{end}"}
    doc = {"data": {"khadamat": {"edges": edges, "pageInfo": info}}}
    return raw(json.dumps(doc, ensure_ascii=False), "application/json; charset=utf-8")


def apq_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in APQ.items()}
    found[APQ_GUIDE[0]] = guide(APQ_GUIDE[1])
    found["/"] = home("/fa/khadamat")
    shell = '<h1>خدمات</h1><div id="app"></div><script src="/static/khadamat.js"></script>'
    found["/fa/khadamat"] = page("خدمات", shell)
    found["/static/khadamat.js"] = raw(APQ_JS, "application/javascript")
    return found


def get_route(path: str, route: Callable[[str], Page | None]) -> Callable[..., Page | None]:
    """A ``serve`` answer for one path with a query (the GraphQL GET endpoint)."""

    def answer(handler: object) -> Page | None:
        parts = urlsplit(getattr(handler, "path", ""))
        return route(parts.query) if parts.path == path and parts.query else None

    return answer


# ---- the same kind of API by POST, the query requiring its page number

POSTED = {
    "/khedmat/show/61": "صدور مجوز فعالیت انجمن صنفی کارفرمایی",
    "/khedmat/show/62": "ثبت‌نام بیمه قالیبافان",
    "/khedmat/show/63": "صدور مجوز مؤسسه کاریابی بین‌المللی",
    "/khedmat/show/64": "صدور مجوز برگزاری مجمع عمومی تعاونی",
    "/khedmat/show/65": "صدور گواهی مهارت فنی و حرفه‌ای",
}
POSTED_QUERY = (
    "query List($pageNumber: Int!) { services(pageNumber: $pageNumber, pageSize: 2) "
    "{ items { name link } pageInfo { hasNextPage } } }"
)
POSTED_JS = (
    "const LIST = `" + POSTED_QUERY + "`;\n"
    "function load(n) { return fetch('/graphql', {method: 'POST', headers: {'content-type':"
    " 'application/json'}, body: JSON.stringify({query: LIST, variables: {pageNumber: n}})}); }\n"
    "load(1);\n"
)


def posted_answer(path: str, body: str) -> Page | None:
    """A strict server: no ``pageNumber``, no answer (GraphQL's rule for a required one)."""
    if path != "/graphql":
        return None
    variables = json.loads(body).get("variables") or {}
    number = variables.get("pageNumber")
    if not isinstance(number, int):
        message = '{"errors":[{"message":"Variable $pageNumber of type Int! was not provided"}]}'
        return raw(message, "application/json", 400)
    records = list(POSTED.items())[(number - 1) * 2 : number * 2]
    items = [{"name": t, "link": p} for p, t in records]
    info = {"hasNextPage": number * 2 < len(POSTED)}
    doc = {"data": {"services": {"items": items, "pageInfo": info}}}
    return raw(json.dumps(doc, ensure_ascii=False), "application/json; charset=utf-8")


def posted_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in POSTED.items()}
    found["/"] = home("/khedmat")
    shell = '<h1>میز خدمت</h1><div id="root"></div><script src="/app.js"></script>'
    found["/khedmat"] = page("میز خدمت", shell)
    found["/app.js"] = raw(POSTED_JS, "application/javascript")
    return found


# ---- windows-1256 with no charset anywhere; one page the detector reads as Cyrillic

CP1256 = {
    "/Khadamat/View.asp?ID=71": "صدور مجوز بهره‌برداری از کارگاه‌های قالیبافی در عرصه‌های روستایی",
    "/Khadamat/View.asp?ID=72": "ثبت تعاونی مسکن کارگری",
    "/Khadamat/View.asp?ID=73": "تمدید پروانه بهره‌برداری شرکت‌های تعاونی",
    "/Khadamat/View.asp?ID=74": "صدور پروانه کاریابی",
}
CP1256_NOTICE = ("/Khadamat/View.asp?ID=79", "اطلاعیه تعطیلی ادارات استان در روز دوشنبه")


def legacy(title: str, body: str) -> str:
    return (
        f'<html lang="fa" dir="rtl"><head><title>{title} | تعاون یزد</title></head><body>'
        f'<nav><a href="/">صفحه اصلی</a></nav>{body}</body></html>'
    )


def legacy_service(title: str) -> str:
    rows = [
        ("گروه خدمت", "تعاون و اشتغال"),
        ("مدارک مورد نیاز", "تصویر کارت ملی، فرم درخواست، اساسنامه"),
        ("هزینه", "200000 ریال"),
        ("مدت زمان انجام", "5 روز کاری"),
    ]
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    lead = f"<p>{title}: این خدمت توسط {AGENCY} ارائه می‌شود.</p>"
    return legacy(title, f"<h1>{title}</h1>{lead}<table>{table}</table>")


def cp1256_bytes(text: str) -> bytes:
    """As the legacy site stores it: Arabic ي/ك, windows-1256, nothing saying so."""
    return text.replace("ی", "ي").replace("ک", "ك").encode("cp1256", errors="xmlcharrefreplace")


def cp1256_pages() -> dict[str, Page]:
    found = {p: raw(cp1256_bytes(legacy_service(t)), "text/html") for p, t in CP1256.items()}
    path, title = CP1256_NOTICE
    notice = (
        f'<article class="news"><h1>{title}</h1><div class="meta">کد خبر: 5521 — تاریخ انتشار: '
        f"۱۴۰۳/۰۹/۰۱</div><p>به گزارش روابط عمومی {AGENCY}، {title}.</p></article>"
    )
    found[path] = raw(cp1256_bytes(legacy(title, notice)), "text/html")
    rows = "".join(
        f'<tr><td>{n}</td><td><a href="{p}">{t}</a></td></tr>'
        for n, (p, t) in enumerate([*CP1256.items(), CP1256_NOTICE], 1)
    )
    listing = legacy("فهرست خدمات", f"<h1>فهرست خدمات</h1><table>{rows}</table>")
    found["/Khadamat/Default.asp"] = raw(cp1256_bytes(listing), "text/html")
    home_page = legacy(
        "صفحه اصلی", f'<h1>{AGENCY}</h1><ul><li><a href="/Khadamat/Default.asp">خدمات</a></li></ul>'
    )
    found["/"] = raw(cp1256_bytes(home_page), "text/html")
    return found


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    tmp = tmp_path_factory.mktemp("round18data")
    with ExitStack() as stack:
        sites: dict[str, Site] = {
            "apq": stack.enter_context(
                serve(apq_pages(), answer=get_route("/api/graphql", apq_answer))
            ),
            "posted": stack.enter_context(serve(posted_pages(), posted=posted_answer)),
            "cp1256": stack.enter_context(serve(cp1256_pages())),
        }
        yield crawl_sites(sites, tmp, AGENCY)


def _complete(crawled: SitesCrawled, name: str) -> None:
    assert crawled.reports[name].status.value == "complete", crawled.reports[name].summary()


def test_persisted_queries_sent_by_get_are_followed_by_their_cursor(
    crawled: SitesCrawled,
) -> None:
    asked = crawled.asked["apq"]
    assert crawled.found["apq"] == APQ, asked
    assert APQ_GUIDE[0] in asked  # the guide's page was judged, and is no service
    assert not any(a.startswith("POST") for a in asked), asked  # the hash was known
    _complete(crawled, "apq")


def test_a_posted_query_is_sent_with_the_page_number_it_requires(crawled: SitesCrawled) -> None:
    asked = crawled.asked["posted"]
    assert crawled.found["posted"] == POSTED, asked
    assert any('"pageNumber": 3' in a or '"pageNumber":3' in a for a in asked), asked
    _complete(crawled, "posted")


def test_the_fixture_fools_the_detector_as_the_held_out_page_did() -> None:
    """Reproduces the failure: the detector reads one undeclared page as Cyrillic."""
    first = cp1256_pages()["/Khadamat/View.asp?ID=71"][2]
    best = from_bytes(first).best()
    assert best is not None and best.encoding != "cp1256"


def test_windows_1256_without_a_declaration_is_read_as_windows_1256(
    crawled: SitesCrawled,
) -> None:
    persian = {p: t.replace("ي", "ی").replace("ك", "ک") for p, t in crawled.found["cp1256"].items()}
    assert persian == CP1256, crawled.found["cp1256"]
    assert crawled.reports["cp1256"].errors.get("encoding_mismatch", 0) == 0  # nothing declared
    _complete(crawled, "cp1256")


def test_calls_are_read_from_script_code_within_bounds() -> None:
    """The GET call's hash, operation and variables are the script's; the cursor is the
    answer's; a ``pageInfo`` that says no more ends it; a mutation is never a call."""
    (call,) = graphqlcalls.script_calls(APQ_JS, [], [APQ_QUERY])
    assert call.get and call.sha256 == APQ_HASH and call.operation == "Khadamat"
    assert call.variables == {"first": 3} and call.cursor_key == "after"
    answer = {"data": {"k": {"edges": [], "pageInfo": {"hasNextPage": True, "endCursor": "x"}}}}
    following = graphqlcalls.next_call(call, answer, records=True)
    assert following is not None and following.variables == {"first": 3, "after": "x"}
    assert graphqlcalls.next_call(following, answer, records=True) is None  # the same cursor
    ended = {"data": {"k": {"pageInfo": {"hasNextPage": False, "endCursor": "y"}}}}
    assert graphqlcalls.next_call(call, ended, records=True) is None
    long_cursor = {"data": {"pageInfo": {"hasNextPage": True, "endCursor": "c" * 10_000}}}
    assert graphqlcalls.next_call(call, long_cursor, records=True) is None
    (posted,) = graphqlcalls.script_calls(POSTED_JS, ["/graphql"], [POSTED_QUERY])
    assert not posted.get and posted.body()["variables"] == {"pageNumber": 1}
    assert posted.page_key == "pageNumber"
    bare = {"data": {"services": {"items": []}}}  # no pageInfo: on while new records come
    following = graphqlcalls.next_call(posted, bare, records=True)
    assert following is not None and following.variables == {"pageNumber": 2}
    assert graphqlcalls.next_call(posted, bare, records=False) is None
    mutation = "const M = `mutation Vote($id: Int!) { vote(id: $id) { ok } }`;"
    assert graphqlcalls.script_calls(mutation, ["/graphql"], []) == []
