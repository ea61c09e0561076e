"""``auto`` on the catalogue mechanisms of the thirteenth held-out round of portal styles.

Three small portals crawled together, each with one way to its services that lost most of
them before: a SharePoint list view paged only by ``RefreshPageTo(event, "…")`` (the
address an argument of a function of SharePoint's own script, written with ``\\u002f``
escapes), an ASP.NET «میز خدمت» listing its services only as the options of a jump menu
whose ``onchange`` calls a function of the page, and an Alpine.js list whose data is an
``x-data`` attribute rendered by ``<template x-for>``.
"""

from __future__ import annotations

import html as markup
import json
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from crawl_helpers import AgencyPages, Page, Site, SitesCrawled, crawl_sites, serve

AGENCY = "اداره کل استاندارد استان اصفهان"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home


# ---- a SharePoint list view: page 2 only through RefreshPageTo(event, "…")

LIST = "/Lists/Services/AllItems.aspx"
LISTED = {
    "/Lists/Services/DispForm.aspx?ID=1": "صدور پروانه کاربرد علامت استاندارد",
    "/Lists/Services/DispForm.aspx?ID=2": "ثبت نام آزمایشگاه همکار",
    "/Lists/Services/DispForm.aspx?ID=3": "صدور گواهی کالیبراسیون وسایل سنجش",
    "/Lists/Services/DispForm.aspx?ID=4": "صدور گواهی ثبت عیار طلا و جواهر",
}
SECOND = f"{LIST}?Paged=TRUE&p_ID=2&PageFirstRow=3"


def list_page(paths: list[str], pager: str) -> Page:
    rows = "".join(
        f'<tr><td class="ms-vb-title"><a onclick="EditLink2(this,1);return false;" href="{p}">'
        f"{LISTED[p]}</a></td></tr>"
        for p in paths
    )
    return page("خدمات", f'<h1>خدمات</h1><table class="ms-listviewtable">{rows}</table>{pager}')


def list_pages() -> dict[str, Page]:
    paths = list(LISTED)
    escaped = SECOND.replace("/", "\\u002f").replace("&", "\\u0026")
    pager = (
        f"<a onclick='javascript:RefreshPageTo(event, \"{escaped}\");javascript:return false;'"
        ' href="javascript:"><img src="/_layouts/images/next.gif" alt="بعدی"></a>'
        # an action handed to a function the same way is never asked
        "<a onclick='javascript:DeleteItem(\"/_layouts/delete.aspx?ID=1\");return false;'"
        ' href="javascript:">حذف</a>'
    )
    found = {p: service(t) for p, t in LISTED.items()}
    found["/"] = home(LIST)
    found[LIST] = list_page(paths[:2], pager)
    found[SECOND] = list_page(paths[2:], "")
    return found


# ---- a jump menu whose onchange calls a function of the page

JUMPS = {
    "/Portal/Service.aspx?sid=31": "صدور گواهی صحت وزن و پیمانه",
    "/Portal/Service.aspx?sid=32": "ارزیابی انطباق کالای صادراتی",
    "/Portal/Service.aspx?sid=33": "تدوین استاندارد ملی به درخواست متقاضی",
}


def jump_pages() -> dict[str, Page]:
    options = "".join(f'<option value="{p}">{t}</option>' for p, t in JUMPS.items())
    script = (
        "<script>function jumpTo(sel){var u=sel.options[sel.selectedIndex].value;"
        'if(u!=""){window.location=u;}}</script>'
    )
    found = {p: service(t) for p, t in JUMPS.items()}
    found["/"] = home("/Portal/Desk.aspx", "میز خدمت")
    found["/Portal/Desk.aspx"] = page(
        "میز خدمت",
        '<h1>میز خدمت</h1><p>خدمت مورد نظر را انتخاب کنید.</p><select onchange="jumpTo(this)">'
        f'<option value="">-- انتخاب خدمت --</option><optgroup label="گواهی">{options}'
        "</optgroup></select>",
        script,
    )
    return found


# ---- an Alpine.js list: the services only in an x-data attribute

ALPINE = {
    "/fa/khedmat/12": "صدور پروانه کنترل کیفیت",
    "/fa/khedmat/13": "رسیدگی به شکایات کیفیت کالا",
    "/fa/khedmat/14": "ثبت نام شرکت بازرسی کالا",
}


def alpine_pages() -> dict[str, Page]:
    items = [{"t": t, "u": p} for p, t in ALPINE.items()]
    data = markup.escape("{ q: '', items: " + json.dumps(items, ensure_ascii=False) + " }")
    found = {p: service(t) for p, t in ALPINE.items()}
    found["/"] = home("/fa/khadamat")
    found["/fa/khadamat"] = page(
        "خدمات",
        f'<h1>خدمات</h1><div x-data="{data}"><input x-model="q">'
        '<template x-for="s in items"><a :href="s.u" x-text="s.t"></a></template></div>',
    )
    return found


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    tmp = tmp_path_factory.mktemp("round13")
    with ExitStack() as stack:
        sites: dict[str, Site] = {
            "listview": stack.enter_context(serve(list_pages())),
            "jump": stack.enter_context(serve(jump_pages())),
            "alpine": stack.enter_context(serve(alpine_pages())),
        }
        yield crawl_sites(sites, tmp, AGENCY)


def test_a_sharepoint_pager_handing_its_address_to_a_function_is_walked(
    crawled: SitesCrawled,
) -> None:
    assert crawled.found["listview"] == LISTED, crawled.asked["listview"]
    assert not any("delete" in path for path in crawled.asked["listview"])


def test_the_options_of_a_jump_menu_run_by_a_page_function_are_followed(
    crawled: SitesCrawled,
) -> None:
    assert crawled.found["jump"] == JUMPS, crawled.asked["jump"]


def test_the_addresses_of_an_alpine_x_data_list_are_followed(crawled: SitesCrawled) -> None:
    assert crawled.found["alpine"] == ALPINE, crawled.asked["alpine"]
