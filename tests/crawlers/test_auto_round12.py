"""``auto`` on the catalogue mechanisms of the twelfth held-out round of portal styles.

Five small portals crawled together, each with one way to its services: a press agency's
catalogue naming «کارت خبرنگاری», a DotNetNuke-style grid paged by ``__doPostBack`` inside
a ``multipart/form-data`` form, a Next.js App Router list known only from its flight data
(``self.__next_f.push``, a JSON-escaped string), a Livewire list paged by
``wire:click`` buttons without an address, and a catalogue app in an ``<iframe>`` that is a
bare table under column headers. Each lost services (or indexed a column header) before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from crawl_helpers import (
    AgencyPages,
    Page,
    Site,
    SitesCrawled,
    crawl_sites,
    html,
    serve,
)

from registry.reports import CrawlStatus

AGENCY = "اداره کل فرهنگ و ارشاد اسلامی استان یزد"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home


# ---- the press catalogue (a service named for journalists) and a bylined news item

PRESS = {
    "/khadamat/11": "صدور کارت خبرنگاری",
    "/khadamat/12": "صدور مجوز انتشار نشریه",
    "/khadamat/13": "صدور پروانه کانون تبلیغاتی",
}
BYLINED = "/matlab/5"


def press_pages() -> dict[str, Page]:
    cards = "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in PRESS.items())
    found = {p: service(t) for p, t in PRESS.items()}
    found["/"] = home("/khadamat")
    found["/khadamat"] = page(
        "فهرست خدمات",
        "<h1>فهرست خدمات</h1><p>درخواست کارت خبرنگاری و مجوز نشریه از این بخش ثبت می‌شود.</p>"
        f'<ul class="cards">{cards}</ul><p><a href="{BYLINED}">اطلاعیه ثبت‌نام</a></p>',
    )
    # A news item laid out with a service's blocks: its reporter's byline makes it news.
    found[BYLINED] = page(
        "آغاز ثبت‌نام کارت خبرنگاری",
        "<h1>آغاز ثبت‌نام کارت خبرنگاری</h1><p>خبرنگار: مریم احمدی</p>"
        "<h3>مدارک مورد نیاز</h3><p>کارت ملی</p><h3>هزینه</h3><p>رایگان</p>",
    )
    return found


# ---- a WebForms grid inside a multipart form, its pages only by postback

GRID = {
    "/fa-ir/khadamat/ctl/View/Id/1": "صدور مجوز آموزشگاه موسیقی",
    "/fa-ir/khadamat/ctl/View/Id/2": "صدور مجوز نمایش فیلم",
    "/fa-ir/khadamat/ctl/View/Id/3": "صدور مجوز برگزاری نمایشگاه",
    "/fa-ir/khadamat/ctl/View/Id/4": "تمدید پروانه کتاب‌فروشی",
}


def grid_page(paths: list[str], pager: str) -> Page:
    rows = "".join(f'<tr><td><a href="{p}">{GRID[p]}</a></td></tr>' for p in paths)
    return page(
        "خدمات",
        '<form id="Form" method="post" action="/fa-ir/khadamat" enctype="multipart/form-data">'
        '<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4NzI0">'
        '<input type="hidden" name="__EVENTTARGET" value="">'
        '<input type="hidden" name="__EVENTARGUMENT" value="">'
        f'<h1>خدمات</h1><table class="grid">{rows}<tr><td>{pager}</td></tr></table></form>',
    )


def grid_pages() -> dict[str, Page]:
    paths = list(GRID)
    link = "<a href=\"javascript:__doPostBack('dnn$ctr7$List$grid','Page${n}')\">{n}</a>"
    found = {p: service(t) for p, t in GRID.items()}
    found["/"] = home("/fa-ir/khadamat")
    found["/fa-ir/khadamat"] = grid_page(paths[:2], "<span>1</span>" + link.format(n=2))
    found["POST /fa-ir/khadamat"] = grid_page(paths[2:], link.format(n=1) + "<span>2</span>")
    return found


# ---- a Next.js App Router list known only from its flight data

FLIGHT = {
    "/fa/khadamat/301": "صدور مجوز کارگاه هنری",
    "/fa/khadamat/302": "ثبت اثر فاخر هنری",
    "/fa/khadamat/303": "صدور مجوز ساخت فیلم کوتاه",
}


def flight_pages(origin: str) -> dict[str, Page]:
    paths = list(FLIGHT)
    items = [
        {"id": 301, "title": FLIGHT[paths[0]], "href": paths[0]},
        {"id": 302, "title": FLIGHT[paths[1]], "href": origin + paths[1]},  # absolute
        {"id": 303, "title": FLIGHT[paths[2]], "href": paths[2]},
    ]
    row = '7:["$","$L6",null,{"services":' + json.dumps(items, ensure_ascii=False) + "}]\n"
    chunk = json.dumps(row, ensure_ascii=False)  # the flight chunk, a JSON string
    chunk = chunk.replace(paths[2], paths[2].replace("/", "\\u002F"))  # as some builds write
    found = {p: service(t) for p, t in FLIGHT.items()}
    found["/"] = home("/fa/khadamat")
    found["/fa/khadamat"] = page(
        "خدمات",
        '<h1>خدمات</h1><div class="skeleton"></div><template data-dgst="BAILOUT"></template>'
        f"<script>(self.__next_f=self.__next_f||[]).push([0])</script>"
        f"<script>self.__next_f.push([1,{chunk}])</script>",
    )
    return found


# ---- a Livewire list paged by buttons without an address

WIRED = {
    f"/services/{n}": t
    for n, t in enumerate(
        [
            "صدور مجوز نشر کتاب",
            "صدور مجوز چاپخانه",
            "صدور مجوز کافی‌نت",
            "صدور پروانه نگارخانه",
            "صدور مجوز موسسه فرهنگی",
        ],
        start=1,
    )
}


def wired_page(paths: list[str], number: int, last: int) -> Page:
    cards = "".join(
        f'<div class="card"><a href="{p}" wire:navigate>{WIRED[p]}</a></div>' for p in paths
    )
    buttons = "".join(
        f'<button type="button" wire:click="gotoPage({n}, \'page\')">{n}</button>'
        for n in range(1, last + 1)
        if n != number
    )
    if number < last:
        buttons += '<button type="button" wire:click="nextPage(\'page\')">بعدی</button>'
    return page(
        "خدمات",
        f'<div wire:id="x1" wire:snapshot="{{}}"><h1>خدمات</h1>{cards}<nav>{buttons}</nav></div>',
    )


def wired_pages() -> dict[str, Page]:
    paths = list(WIRED)
    found = {p: service(t) for p, t in WIRED.items()}
    found["/"] = home("/services")
    found["/services"] = wired_page(paths[:2], 1, 3)
    found["/services?page=2"] = wired_page(paths[2:4], 2, 3)
    found["/services?page=3"] = wired_page(paths[4:], 3, 3)
    return found


# ---- a catalogue app in an iframe: a bare table under column headers

FRAMED = {
    "/apps/cat/view.php?sid=41": "صدور مجوز برگزاری کنسرت",
    "/apps/cat/view.php?sid=42": "صدور مجوز تئاتر خیابانی",
    "/apps/cat/view.php?sid=43": "ثبت انجمن ادبی",
}
COLUMNS = ("ردیف", "کد خدمت", "عنوان خدمت", "گروه")


def framed_pages() -> dict[str, Page]:
    head = "".join(f"<th>{c}</th>" for c in COLUMNS)
    rows = "".join(
        f'<tr><td>{n}</td><td>{p[-2:]}</td><td><a href="{p}" target="_top">{t}</a></td>'
        "<td>هنری</td></tr>"
        for n, (p, t) in enumerate(FRAMED.items(), start=1)
    )
    found = {p: service(t) for p, t in FRAMED.items()}
    found["/"] = home("/Default.aspx?page=desk", "میز خدمت")
    found["/Default.aspx?page=desk"] = page(
        "میز خدمت", '<h1>میز خدمت</h1><iframe src="/apps/cat/list.php?org=3"></iframe>'
    )
    found["/apps/cat/list.php?org=3"] = html(
        f"<html><head><title>سامانه خدمات</title></head><body><table>"
        f"<tr>{head}</tr>{rows}</table></body></html>"
    )
    return found


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    tmp = tmp_path_factory.mktemp("round12")
    with ExitStack() as stack:
        sites: dict[str, Site] = {
            "press": stack.enter_context(serve(press_pages())),
            "grid": stack.enter_context(serve(grid_pages())),
            "flight": stack.enter_context(serve({})),
            "wired": stack.enter_context(serve(wired_pages())),
            "framed": stack.enter_context(serve(framed_pages())),
        }
        sites["flight"].pages.update(flight_pages(sites["flight"].origin))
        yield crawl_sites(sites, tmp, AGENCY)


def test_a_catalogue_naming_the_press_card_is_walked_and_a_bylined_item_is_still_news(
    crawled: SitesCrawled,
) -> None:
    assert crawled.found["press"] == PRESS
    assert BYLINED in crawled.asked["press"]  # judged, and not indexed


def test_postback_pages_of_a_multipart_form_are_asked_url_encoded(crawled: SitesCrawled) -> None:
    assert crawled.found["grid"] == GRID
    posts = [r for r in crawled.asked["grid"] if r.startswith("POST ")]
    assert posts and "__EVENTARGUMENT=Page%242" in posts[0]
    report = crawled.reports["grid"]
    assert report.status is CrawlStatus.COMPLETE, report.summary()


def test_paths_in_app_router_flight_data_are_asked_as_written(crawled: SitesCrawled) -> None:
    relative = {p: t for p, t in FLIGHT.items() if not p.endswith("302")}
    assert relative.items() <= crawled.found["flight"].items()
    assert not [
        r for r in crawled.asked["flight"] if r.startswith("/fa/khadamat/30") and r.endswith("/")
    ]


def test_absolute_addresses_in_app_router_flight_data_are_followed(crawled: SitesCrawled) -> None:
    assert crawled.found["flight"].get("/fa/khadamat/302") == FLIGHT["/fa/khadamat/302"]


def test_the_pages_of_a_livewire_pager_are_asked_by_their_query(crawled: SitesCrawled) -> None:
    assert crawled.found["wired"] == WIRED
    assert {"/services?page=2", "/services?page=3"} <= set(crawled.asked["wired"])


def test_a_column_header_of_a_framed_catalogue_is_no_service(crawled: SitesCrawled) -> None:
    assert crawled.found["framed"] == FRAMED
