"""``auto`` on the catalogue mechanisms of the fourteenth held-out round of portal styles.

Small portals crawled together, each with one way to its services that lost them before: a
bare domain whose homepage only runs ``location.replace("/fa/")`` (or sets
``document.location.href``), a catalogue page linking its JSON API with a plain ``<a href>``
(the page callback crashed on it), an inline SVG diagram linking its services by
``xlink:href``, and a table whose titles are ``<button formaction>`` (or one GET form a row).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from crawl_helpers import AgencyPages, Page, Site, SitesCrawled, crawl_sites, serve

AGENCY = "اداره کل شیلات استان هرمزگان"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home


def stub(script: str) -> Page:
    """A bare domain's page: nothing but a script sending the visitor on."""
    return (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        f"<html><head>{script}</head>".encode(),
    )


def catalogue(links: dict[str, str]) -> str:
    return "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in links.items())


# ---- homepages that navigate only by script

REPLACED = {
    "/fa/khedmat/1": "صدور پروانه صید ترال",
    "/fa/khedmat/2": "تمدید پروانه صیادی",
}
ASSIGNED = {
    "/fa/khedmat/3": "صدور مجوز پرورش میگو",
    "/fa/khedmat/4": "ثبت شناور صیادی",
}


def scripted_home_pages(script: str, services: dict[str, str]) -> dict[str, Page]:
    found = {p: service(t) for p, t in services.items()}
    found["/"] = stub(script)
    found["/fa/"] = home("/fa/khadamat")
    found["/fa/khadamat"] = page("خدمات", f"<h1>خدمات</h1><ul>{catalogue(services)}</ul>")
    # a page the stub must never be taken to: a login check's target in a real page's script
    found["/fa/login"] = page("ورود", "<h1>ورود</h1>")
    return found


# ---- a JSON API linked with a plain <a href> from the catalogue

API = "/api/khadamat?all=1"
IN_API = {
    "/fa/khedmat/21": "صدور گواهی مبدا آبزیان",
    "/fa/khedmat/22": "صدور مجوز صادرات ماهی زینتی",
}
LINKED = {"/fa/khedmat/20": "صدور کارت صیادی"}


def api_pages() -> dict[str, Page]:
    items = [{"title": t, "url": p} for p, t in IN_API.items()]
    body = json.dumps({"items": items}, ensure_ascii=False).encode()
    found = {p: service(t) for p, t in LINKED.items()}
    found["/"] = home("/fa/khadamat")
    found["/fa/khadamat"] = page(
        "خدمات",
        f'<h1>خدمات</h1><ul>{catalogue(LINKED)}</ul><a href="{API}">دریافت فهرست (JSON)</a>',
    )
    found[API] = 200, {"Content-Type": "application/json; charset=utf-8"}, body
    return found


# ---- an inline SVG flow diagram: the services only as <a xlink:href>

DIAGRAM = {
    "/fa/service/view/31": "صدور پروانه بهره‌برداری از مرتع",
    "/fa/service/view/32": "تخصیص نهاده دامی به عشایر",
    "/fa/service/view/33": "صدور مجوز جابجایی دام",
}


def svg_pages() -> dict[str, Page]:
    boxes = "".join(
        f'<a xlink:href="{p}" target="_self"><title>{t}</title>'
        f'<rect x="{i * 200}" y="10" width="180" height="60"/>'
        f'<text x="{i * 200 + 10}" y="40">{t}</text></a>'
        for i, (p, t) in enumerate(DIAGRAM.items())
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' viewBox="0 0 600 100">{boxes}</svg>'
    )
    found = {p: service(t) for p, t in DIAGRAM.items()}
    found["/"] = home("/fa/services")
    found["/fa/services"] = page("خدمات", f"<h1>خدمات</h1>{svg}")
    return found


# ---- a table of <button formaction>, and a list of one GET form a row

BUTTONS = {
    "/Mali/Khedmat/Show/41": "ثبت نام مودیان مالیاتی",
    "/Mali/Khedmat/Show/42": "صدور گواهی مفاصا حساب",
    "/Mali/Khedmat/Show/43": "اعتراض به برگ تشخیص مالیات",
}
INPUT = {"/Mali/Khedmat/Show/44": "استرداد مالیات بر ارزش افزوده"}
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ROWS = {
    f"/Mali/Khedmat/Row/{n}": f"خدمت شماره {n} سامانه مالیاتی".translate(PERSIAN)
    for n in range(50, 64)
}
DELETE = "/Mali/Khedmat/Delete/41"


def form_pages() -> dict[str, Page]:
    rows = "".join(
        f'<tr><td><button type="submit" class="btn btn-link" formaction="{p}">{t}</button></td>'
        f'<td><button type="submit" formaction="{DELETE}" formmethod="post">حذف</button></td></tr>'
        for p, t in BUTTONS.items()
    )
    rows += "".join(
        f'<tr><td><input type="submit" formaction="{p}" value="{t}"></td></tr>'
        for p, t in INPUT.items()
    )
    table = f'<form method="get" action="/Mali/Khadamat"><table>{rows}</table></form>'
    forms = "".join(
        f'<form method="get" action="{p}"><button type="submit">{t}</button></form>'
        for p, t in ROWS.items()
    )
    found = {p: service(t) for p, t in {**BUTTONS, **INPUT, **ROWS}.items()}
    found["/"] = home("/Mali/Khadamat")
    found["/Mali/Khadamat"] = page(
        "خدمات", f'<h1>خدمات</h1>{table}<a href="/Mali/Khadamat/Hame">همه خدمات</a>'
    )
    found["/Mali/Khadamat/Hame"] = page("همه خدمات", f"<h1>همه خدمات</h1>{forms}")
    return found


# ---- WordPress: a custom post type's archive filled by jQuery from the REST API

WORDPRESS = {
    f"/khadamat/{slug}/": title
    for slug, title in (
        ("sabt-vaqf", "ثبت موقوفه جدید"),
        ("ejare-moqufat", "اجاره موقوفات"),
        ("tafkik-sanad", "صدور سند تفکیکی موقوفه"),
        ("niyat-vaqef", "اجرای نیات واقفان"),
        ("estelam-vaqfi", "استعلام وقفی بودن ملک"),
    )
}
ROUTE = "/wp-json/wp/v2/khidmat"


def wordpress_pages(origin: str) -> dict[str, Page]:
    """Two records a page (``per_page=2`` written in the script), three pages announced by
    ``X-WP-TotalPages``; the records' ``link`` absolute, as WordPress writes it."""
    records = [
        {"id": n, "link": origin + path, "title": {"rendered": title}, "excerpt": {"rendered": ""}}
        for n, (path, title) in enumerate(WORDPRESS.items())
    ]
    head = f'<link rel="https://api.w.org/" href="{origin}/wp-json/">'
    settings = json.dumps({"root": origin + "/wp-json/"}).replace("/", "\\/")
    script = (
        f"<script>var wpApiSettings = {settings};</script><script>var page = 1;"
        "function more(){ $.ajax({url: wpApiSettings.root + 'wp/v2/khidmat?per_page=2&page='"
        " + page}).done(function(items){ page++; }); }"
        " $.getJSON(wpApiSettings.root + 'wp/v2/posts?per_page=3');</script>"
    )
    found = {p: service(t) for p, t in WORDPRESS.items()}
    found["/"] = home("/khadamat/")
    found["/khadamat/"] = page(
        "خدمات", f'<h1>خدمات</h1><div id="list"></div><button>بیشتر</button>{script}', head
    )
    for number in (1, 2, 3):
        chunk = records[(number - 1) * 2 : number * 2]
        body = json.dumps(chunk, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=UTF-8", "X-WP-TotalPages": "3"}
        query = "per_page=2" if number == 1 else f"per_page=2&page={number}"
        found[f"{ROUTE}?{query}"] = 200, headers, body
    return found


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    tmp = tmp_path_factory.mktemp("round14")
    replace = '<script>window.location.replace("/fa/");</script>'
    assign = "<script>\n  document.location.href = '/fa/';\n</script>"
    with ExitStack() as stack:
        sites: dict[str, Site] = {
            "replace": stack.enter_context(serve(scripted_home_pages(replace, REPLACED))),
            "assign": stack.enter_context(serve(scripted_home_pages(assign, ASSIGNED))),
            "api": stack.enter_context(serve(api_pages())),
            "svg": stack.enter_context(serve(svg_pages())),
            "forms": stack.enter_context(serve(form_pages())),
            "wordpress": stack.enter_context(serve({})),
        }
        sites["wordpress"].pages.update(wordpress_pages(sites["wordpress"].origin))
        yield crawl_sites(sites, tmp, AGENCY)


@pytest.mark.parametrize(("portal", "services"), [("replace", REPLACED), ("assign", ASSIGNED)])
def test_a_homepage_that_navigates_only_by_script_is_followed(
    crawled: SitesCrawled, portal: str, services: dict[str, str]
) -> None:
    assert crawled.found[portal] == services, crawled.asked[portal]
    assert "/fa/login" not in crawled.asked[portal]


def test_a_json_api_linked_as_a_page_is_read_as_a_feed_and_does_not_crash(
    crawled: SitesCrawled,
) -> None:
    assert crawled.found["api"] == LINKED | IN_API, crawled.asked["api"]
    report = crawled.reports["api"]
    assert "parse_error" not in report.errors, report.error_samples
    assert report.status.value == "complete", report.error_samples


def test_the_xlink_hrefs_of_an_inline_svg_are_followed(crawled: SitesCrawled) -> None:
    assert crawled.found["svg"] == DIAGRAM, crawled.asked["svg"]


def test_formaction_buttons_and_one_get_form_a_row_are_followed(crawled: SitesCrawled) -> None:
    assert crawled.found["forms"] == BUTTONS | INPUT | ROWS, crawled.asked["forms"]
    assert not any("Delete" in path for path in crawled.asked["forms"])


def test_a_wordpress_collection_named_by_a_script_is_read_page_after_page(
    crawled: SitesCrawled,
) -> None:
    asked = crawled.asked["wordpress"]
    assert crawled.found["wordpress"] == WORDPRESS, asked
    assert f"{ROUTE}?per_page=2&page=3" in asked
    assert not any("/wp/v2/posts" in path for path in asked)
