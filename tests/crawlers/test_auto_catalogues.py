"""``auto`` on service catalogues published as data or one step away from a plain link.

Each small portal lists its three services one way only: an app's state (Nuxt's
``window.__NUXT__``, ids and no addresses), the choices of a services form's ``<select>``,
a schema.org ``ItemList`` in the head, later pages announced only by ``<link rel="next">``,
a CSV file to download (the ninth held-out round of portal styles); AngularJS ``#!`` links,
a «بیشتر» button's ``data-next``, an API giving pages under ``slug``, an ASP.NET MVC
search form that answers only POST, a GraphQL API asked by POST (the tenth); categories
outside the catalogue's path (Drupal's ``/taxonomy/term/N``), a Bootstrap modal's
``data-detail-url``, a «شناسنامه خدمات» as an .xlsx download, a splash page entered by a
function of its script (the eleventh).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from crawl_helpers import FAST, Page, crawl, html, serve
from openpyxl import Workbook

from registry.reports import CrawlStatus
from sandbox.unseen import auto_registration
from tests.crawlers.unseen_score import indexed

AGENCY = "اداره کل راه و شهرسازی استان سمنان"
TITLES = ["صدور مجوز حفاری در حریم راه", "استعلام حریم راه", "ثبت‌نام نهضت ملی مسکن"]


def page(title: str, body: str, head: str = "") -> Page:
    menu = '<ul class="menu"><li><a href="/">خانه</a></li><li><a href="/services">میز خدمت</a></li>'
    return html(
        f'<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{title} - {AGENCY}</title>'
        f"{head}</head><body>{menu}<li><a href='/news'>اخبار</a></li></ul>{body}</body></html>"
    )


def service(title: str) -> Page:
    return page(
        title,
        f"<h1>{title}</h1><p>شرح {title}</p><h3>مدارک مورد نیاز</h3><p>کارت ملی</p>"
        "<h3>هزینه</h3><p>رایگان</p><h3>مدت زمان انجام</h3><p>سه روز کاری</p>",
    )


def details(paths: list[str]) -> dict[str, Page]:
    return {path: service(title) for path, title in zip(paths, TITLES, strict=True)}


def nuxt(origin: str) -> dict[str, Page]:
    state = {"data": [{"services": [{"id": 100 + n, "title": t} for n, t in enumerate(TITLES)]}]}
    section = page(
        "میز خدمت",
        '<div id="__nuxt">در حال بارگذاری...</div>'
        f"<script>window.__NUXT__={json.dumps(state, ensure_ascii=False)};</script>",
    )
    return {"/services": section, **details([f"/services/{100 + n}" for n in range(3)])}


def select(origin: str) -> dict[str, Page]:
    options = "".join(f'<option value="{n}">{t}</option>' for n, t in enumerate(TITLES, 1))
    section = page(
        "میز خدمت",
        '<h1>میز خدمت</h1><form action="/fa/service" method="get"><label>انتخاب خدمت</label>'
        f'<select name="sid"><option value="">-- انتخاب کنید --</option>{options}</select>'
        "<button>نمایش</button></form>",
    )
    return {"/services": section, **details([f"/fa/service?sid={n}" for n in (1, 2, 3)])}


def itemlist(origin: str) -> dict[str, Page]:
    items = [  # schema.org's own examples give absolute addresses
        {"@type": "ListItem", "position": n, "url": f"{origin}/khedmat/{n}", "name": t}
        for n, t in enumerate(TITLES, 1)
    ]
    data = {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": items}
    head = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
    section = page("فهرست خدمات", '<h1>فهرست خدمات</h1><ul id="list"></ul>', head)
    return {"/services": section, **details([f"/khedmat/{n}" for n in (1, 2, 3)])}


def relnext(origin: str) -> dict[str, Page]:
    pages = {}
    for n, title in enumerate(TITLES, 1):
        head = f'<link rel="next" href="/services?page={n + 1}">' if n < len(TITLES) else ""
        body = f'<h1>میز خدمت</h1><ul class="infinite"><li><a href="/s/{n}">{title}</a></li></ul>'
        pages["/services" if n == 1 else f"/services?page={n}"] = page("میز خدمت", body, head)
    return pages | details([f"/s/{n}" for n in (1, 2, 3)])


def csvfile(origin: str) -> dict[str, Page]:
    rows = "".join(f"{14021200 + n},{t},/Portal/Service/{n}\r\n" for n, t in enumerate(TITLES, 1))
    table = ("\ufeffشناسه خدمت,عنوان خدمت,نشانی\r\n" + rows).encode()
    section = page(
        "میز خدمت", '<h1>میز خدمت</h1><a href="/files/services.csv">دریافت فهرست خدمات</a>'
    )
    return {
        "/services": section,
        "/files/services.csv": (200, {"Content-Type": "text/csv; charset=utf-8"}, table),
        **details([f"/Portal/Service/{n}" for n in (1, 2, 3)]),
    }


def hashbang(origin: str) -> dict[str, Page]:
    """AngularJS ``#!`` links; the site serves crawlers ``?_escaped_fragment_=`` snapshots."""
    links = "".join(f'<li><a href="#!/service/{n}">{t}</a></li>' for n, t in enumerate(TITLES, 1))
    head = '<meta name="fragment" content="!">'
    section = page("میز خدمت", f'<div ng-app="app"><h1>میز خدمت</h1><ul>{links}</ul></div>', head)
    paths = [f"/services?_escaped_fragment_=/service/{n}" for n in (1, 2, 3)]
    return {"/services": section, **details(paths)}


def more_button(origin: str) -> dict[str, Page]:
    """A «بیشتر» button whose next page is only in its ``data-next``."""
    pages = {}
    for n, title in enumerate(TITLES):
        more = f'<button type="button" data-next="/services?start={n + 1}">بیشتر</button>'
        body = f'<h1>میز خدمت</h1><ul><li><a href="/s/{n}">{title}</a></li></ul>'
        pages["/services" if n == 0 else f"/services?start={n}"] = page("میز خدمت", body + more)
    return pages | details([f"/s/{n}" for n in (0, 1, 2)])


def api_slugs(origin: str) -> dict[str, Page]:
    """A script's JSON API whose items give their page as a path under ``slug``."""
    items = [{"id": n, "title": t, "slug": f"/khadamat/{n}"} for n, t in enumerate(TITLES, 1)]
    body = json.dumps({"data": {"services": {"nodes": items}}}, ensure_ascii=False).encode()
    return {
        "/services": page(
            "خدمات", '<h1>خدمات</h1><div id="root"></div><script src="/main.js"></script>'
        ),
        "/main.js": (
            200,
            {"Content-Type": "application/javascript"},
            b"fetch('/api/services').then(r=>r.json()).then(render);",
        ),
        "/api/services": (200, {"Content-Type": "application/json"}, body),
        **details([f"/khadamat/{n}" for n in (1, 2, 3)]),
    }


def post_search(origin: str) -> dict[str, Page]:
    """An ASP.NET MVC «جستجوی خدمات» form that answers only POST, with its antiforgery token,
    beside a form that files a request: that one is never sent."""
    form = (
        '<form action="/Service/Search" method="post"><h3>جستجوی خدمات</h3>'
        '<input type="hidden" name="__RequestVerificationToken" value="CfDJ8Nq2x">'
        '<input type="text" name="Title" placeholder="عنوان خدمت"><button>جستجو</button></form>'
    )
    filing = (
        '<form action="/Service/Request" method="post"><h3>درخواست خدمت</h3>'
        '<input type="text" name="Name" placeholder="نام و نام خانوادگی">'
        '<textarea name="Text"></textarea><button>ارسال</button></form>'
    )
    links = "".join(f'<li><a href="/Service/Detail/{n}">{t}</a></li>' for n, t in enumerate(TITLES))
    results = page("نتایج جستجو", f"<h1>میز خدمت</h1>{form}<ul>{links}</ul>")
    return {
        "/services": page("میز خدمت", f"<h1>میز خدمت</h1>{form}{filing}"),
        "POST /Service/Search": results,
        "POST /Service/Request": page("ثبت شد", "<h1>درخواست شما ثبت شد</h1>"),
        **details([f"/Service/Detail/{n}" for n in (0, 1, 2)]),
    }


GRAPHQL_JS = (
    "const Q = gql`query Services { services { nodes { id title slug } } }`;\n"
    "const M = gql`mutation Complain($t: String!) { addComplaint(text: $t) { id } }`;\n"
    "fetch('/graphql', {method: 'POST', body: JSON.stringify({query: Q})}).then(render);"
)


def graphql(origin: str) -> dict[str, Page]:
    """A React shell whose script asks a GraphQL API by POST (``GET /graphql`` is refused),
    beside a mutation it sends when a citizen complains: that one is never sent."""
    items = [{"id": n, "title": t, "slug": f"/khadamat/{n}"} for n, t in enumerate(TITLES, 1)]
    body = json.dumps({"data": {"services": {"nodes": items}}}, ensure_ascii=False).encode()
    return {
        "/services": page(
            "خدمات", '<h1>خدمات</h1><div id="root"></div><script src="/main.js"></script>'
        ),
        "/main.js": (200, {"Content-Type": "application/javascript"}, GRAPHQL_JS.encode()),
        "/graphql": (400, {"Content-Type": "application/json"}, b'{"errors": []}'),
        "POST /graphql": (200, {"Content-Type": "application/json"}, body),
        **details([f"/khadamat/{n}" for n in (1, 2, 3)]),
    }


def terms(origin: str) -> dict[str, Page]:
    """Drupal: the catalogue lists taxonomy terms, each term its nodes, two a page."""
    section = page(
        "خدمات",
        '<h1>خدمات</h1><ul><li><a href="/fa/taxonomy/term/7">مسکن</a></li>'
        '<li><a href="/fa/taxonomy/term/8">راه</a></li></ul>',
    )
    first = page(
        "مسکن",
        f'<h1>مسکن</h1><div class="views-row"><a href="/fa/node/1">{TITLES[0]}</a></div>'
        f'<div class="views-row"><a href="/fa/node/2">{TITLES[1]}</a></div>'
        '<nav class="pager"><a href="?page=1" rel="next">بعدی</a></nav>',
    )
    second = page(
        "مسکن", f'<h1>مسکن</h1><div class="views-row"><a href="/fa/node/3">{TITLES[2]}</a>'
    )
    return {
        "/services": section,
        "/fa/taxonomy/term/7": first,
        "/fa/taxonomy/term/7?page=1": second,
        "/fa/taxonomy/term/8": page("راه", "<h1>راه</h1><p>به زودی</p>"),
        **details(["/fa/node/1", "/fa/node/2", "/fa/node/3"]),
    }


def modal(origin: str) -> dict[str, Page]:
    """Cards opening one shared modal; each service's page only in ``data-detail-url``."""
    cards = "".join(
        f'<a href="#" data-bs-toggle="modal" data-bs-target="#m" data-detail-url="/fa/info/{n}"'
        f' data-image-url="/img/{n}.png">{t}</a>'
        for n, t in enumerate(TITLES)
    )
    body = (
        f'<h1>میز خدمت</h1>{cards}<div class="modal" id="m"><a class="go" href="#">مشاهده</a></div>'
    )
    return {"/services": page("میز خدمت", body), **details([f"/fa/info/{n}" for n in (0, 1, 2)])}


def workbook(origin: str) -> dict[str, Page]:
    """A «شناسنامه خدمات» only as an .xlsx download behind an image link; one row's address
    only as its cell's hyperlink."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["شناسه خدمت", "عنوان", "نشانی صفحه خدمت"])
    sheet.append(["1001", TITLES[0], f"{origin}/fa/khedmat/1001"])
    sheet.append(["1002", TITLES[1], "/fa/khedmat/1002"])
    sheet.append(["1003", TITLES[2], "صفحه خدمت"])
    sheet.cell(row=4, column=3).hyperlink = f"{origin}/fa/khedmat/1003"
    data = io.BytesIO()
    book.save(data)
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    link = '<a href="/Uploads/shenasname-1403.xlsx"><img src="/img/excel.png" alt=""></a>'
    return {
        "/services": page("شناسنامه خدمات", f"<h1>شناسنامه خدمات</h1><p>{link}</p>"),
        "/Uploads/shenasname-1403.xlsx": (200, {"Content-Type": kind}, data.getvalue()),
        **details([f"/fa/khedmat/{n}" for n in (1001, 1002, 1003)]),
    }


def splash(origin: str) -> dict[str, Page]:
    """An occasion's splash page whose only way in is ``onclick="enterSite()"``."""
    script = (
        "<script>function enterSite() { document.cookie = 'intro=1; path=/';"
        " window.location.href = '/fa/Default.aspx'; }</script>"
    )
    inside = page(AGENCY, '<a href="/services">میز خدمت</a>')
    links = "".join(f'<li><a href="/s/{n}">{t}</a></li>' for n, t in enumerate(TITLES))
    return {
        "/": html(  # no menu: the intro alone
            f'<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{AGENCY}</title>'
            f'{script}</head><body><div id="intro" onclick="enterSite()">ورود به سایت</div>'
            "</body></html>"
        ),
        "/fa/Default.aspx": inside,
        "/services": page("میز خدمت", f"<h1>میز خدمت</h1><ul>{links}</ul>"),
        **details([f"/s/{n}" for n in (0, 1, 2)]),
    }


STYLES = {
    "nuxt": nuxt,
    "select": select,
    "itemlist": itemlist,
    "relnext": relnext,
    "csv": csvfile,
    "hashbang": hashbang,
    "more button": more_button,
    "api slugs": api_slugs,
    "post search": post_search,
    "graphql": graphql,
    "terms": terms,
    "modal": modal,
    "xlsx": workbook,
    "splash": splash,
}


@pytest.mark.parametrize("style", list(STYLES))
def test_every_service_of_a_catalogue_published_one_way_is_found(
    style: str, tmp_path: Path
) -> None:
    home = page(AGENCY, "<h2>به پایگاه اطلاع‌رسانی خوش آمدید</h2>")
    with serve({"/": home, "/news": page("اخبار", "<h1>اخبار</h1>")}) as site:
        site.pages |= STYLES[style](site.origin)
        [report] = crawl(
            [auto_registration("semnan", site.origin, AGENCY)], tmp_path, overrides=FAST
        )
        found = {title for _, title in indexed(tmp_path, "semnan")}
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert found == set(TITLES), report.summary()


def test_a_post_search_form_is_sent_once_and_a_form_that_files_something_never(
    tmp_path: Path,
) -> None:
    home = page(AGENCY, '<a href="/services">میز خدمت</a>')
    with serve({"/": home} | post_search("")) as site:
        [report] = crawl(
            [auto_registration("semnan", site.origin, AGENCY)], tmp_path, overrides=FAST
        )
        posts = [r for r in site.requests if r.startswith("POST ")]
    assert [p.split(" ")[1] for p in posts] == ["/Service/Search"], posts
    assert report.status is CrawlStatus.COMPLETE, report.summary()


def test_a_graphql_query_is_sent_and_a_mutation_never(tmp_path: Path) -> None:
    home = page(AGENCY, '<a href="/services">خدمات</a>')
    with serve({"/": home} | graphql("")) as site:
        crawl([auto_registration("semnan", site.origin, AGENCY)], tmp_path, overrides=FAST)
        posts = [r for r in site.requests if r.startswith("POST ")]
    assert posts and all("query Services" in p for p in posts), posts
    assert not any("mutation" in p for p in posts), posts
