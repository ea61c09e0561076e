"""``auto`` on the ways older and newer portals name their services without a plain link.

One small portal, each service reachable by one way only: a table row or a frame link opened
by script, a services feed, the data a Next.js section page carries, a tab its script fills
from a URL it puts together, a FrontPage page titled only in bold type. A call for tenders
laid out like a service (its «شرایط شرکت», «مبلغ تضمین») sits beside them and is no service.
The shapes come from the seventh held-out round of portal styles (``sandbox.unseen`` round 7).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from crawl_helpers import FAST, Page, crawl, html, serve

from registry.reports import CrawlStatus
from sandbox.unseen import auto_registration
from tests.crawlers.unseen_score import indexed

AGENCY = "اداره کل ثبت اسناد و املاک استان یزد"
CHROME = (
    '<ul class="menu"><li><a href="/khadamat.htm">خدمات</a></li>'
    '<li><a href="/services">فهرست خدمات</a></li><li><a href="/news">اخبار</a></li></ul>'
)
FOOTER = '<div class="footer"><a href="/rss/services.xml">خوراک خدمات</a></div>'


def page(title: str, body: str, head: str = "") -> Page:
    return html(
        f'<html lang="fa" dir="rtl"><head><title>{title}</title>{head}</head>'
        f"<body>{CHROME}{body}{FOOTER}</body></html>"
    )


def service(title: str) -> Page:
    blocks = "".join(
        f"<h3>{label}</h3><p>{value}</p>"
        for label, value in (
            ("مدارک مورد نیاز", "اصل شناسنامه و کارت ملی"),
            ("هزینه", "طبق تعرفه مصوب"),
            ("مدت زمان انجام", "پنج روز کاری"),
        )
    )
    return page(f"{title} | {AGENCY}", f"<h1>{title}</h1><p>شرح کوتاه {title}</p>{blocks}")


SCRIPTED = {  # path -> title, each reached one way only
    "/khadamat/khedmat01.htm": "صدور سند مالکیت تک‌برگ",  # a row's onclick
    "/khadamat/khedmat02.htm": "تفکیک آپارتمان",  # window.open into a frame
    "/fa/page/103": "صدور مجوز قطع درختان",  # the services feed
    "/services/104": "واگذاری انشعاب برق خانگی",  # Next.js data
    "/services/105": "تغییر نام مشترک",  # Next.js data
    "/svc/106": "کالیبراسیون ترازو و وزنه",  # a tab filled by fetch()
    "/fa/services/card/": "صدور مجوز حفر چاه",  # a card made a link by data-href
    "/Service/Details/77": "ثبت درخواست پلاک ساختمان",  # AngularJS ng-href over ng-init data
    "/Service/Details/79": "تمدید پروانه بهره‌برداری",  # ...over a script's `var model = [...]`
    "/fa/khedmat/88": "صدور گواهی عدم خلافی",  # only a service search form's results
}
BOLD_TITLE = "ثبت علامت تجاری"
TENDER = "/index.php?id=7"
POPUP = "/khadamat/chap.asp?id=01"


def pages() -> dict[str, Page]:
    found = {path: service(title) for path, title in SCRIPTED.items()}
    next_data = {
        "props": {
            "pageProps": {
                "services": [
                    {"id": "104", "title": SCRIPTED["/services/104"], "category": "انشعاب"},
                    {"id": "105", "title": SCRIPTED["/services/105"], "category": "مشترکین"},
                ]
            }
        },
        "page": "/services",
        "buildId": "k3Xo9",
    }
    feed = f"<item><title>{SCRIPTED['/fa/page/103']}</title><link>/fa/page/103</link></item>"
    legacy = (
        '<p align="center"><b><font size="4" color="#000080">' + BOLD_TITLE + "</font></b></p>"
        '<div><font face="Tahoma" size="2"><b>مدارک مورد نیاز</b><ul><li>تقاضانامه</li></ul>'
        "<b>مراحل انجام کار</b><ol><li>ثبت درخواست</li></ol><b>هزینه</b><p>طبق تعرفه</p>"
        "</font></div>"
    )
    tender = (
        "<h2>آگهی مناقصه عمومی یک مرحله‌ای خرید تجهیزات رایانه‌ای</h2><p>این مناقصه از طریق"
        " سامانه تدارکات الکترونیکی دولت (ستاد) برگزار می‌شود.</p><h3>شرایط شرکت</h3>"
        "<ul><li>ارائه ضمانت‌نامه</li></ul><h3>مبلغ تضمین</h3><p>۴۵۰٬۰۰۰٬۰۰۰ ریال</p>"
    )
    tabs = (
        '<ul class="nav nav-tabs" role="tablist"><li><a href="#tab-1" data-toggle="tab">'
        'ثبت</a></li><li><a href="#tab-2" data-toggle="tab" data-cat="2">استاندارد</a></li>'
        '</ul><div class="tab-content"><div id="tab-2" class="tab-pane"></div></div><script>'
        "$('a[data-toggle=tab]').on('shown.bs.tab', function (ev) { var cat = "
        "$(ev.target).data('cat'); fetch('/Tab.ashx?cat=' + cat + '&lang=fa-IR')"
        ".then(function (r) { return r.text(); }); });</script>"
    )
    listing = (
        "<h2>فهرست خدمات قابل ارائه</h2><table>"
        "<tr onclick=\"location.href='khadamat/khedmat01.htm'\"><td>صدور سند مالکیت</td></tr>"
        '<tr><td><a href="javascript:void(0)" onclick="window.open(\'khadamat/khedmat02.htm\','
        "'main')\">تفکیک آپارتمان</a></td></tr>"
        '<tr><td><a href="javascript:void(0)" onclick="window.open(\'khadamat/legacy.htm\','
        f"'main')\">{BOLD_TITLE}</a></td></tr></table>"
        "<p><a href=\"#\" onclick=\"window.open('khadamat/chap.asp?id=01','chap',"
        "'width=600,height=500')\">فرم درخواست</a></p>"
        f'<p><a href="{TENDER}">آگهی مناقصه خرید تجهیزات</a></p>{tabs}'
        '<div class="service-card" data-href="/fa/services/card/" role="link">'
        f"<h3>{SCRIPTED['/fa/services/card/']}</h3></div>"
        '<div ng-init=\'vm.services=[{"Id": 77, "Title": "ثبت درخواست پلاک ساختمان"}]\'>'
        '<a ng-repeat="s in vm.services" ng-href="/Service/Details/{{s.Id}}">{{s.Title}}</a></div>'
        '<script>var model = [{"Id": 79, "Title": "تمدید پروانه بهره‌برداری"}];</script>'
    )
    search = (
        '<div class="box"><h2>جستجوی خدمات</h2><form action="/fa/services/search" method="get">'
        '<label>عنوان خدمت: <input type="text" name="q" value=""></label>'
        "<button>جستجو</button></form></div>"
        '<form action="/search" method="get"><input name="q" placeholder="جستجو در سایت"></form>'
    )
    found |= {
        "/": page(AGENCY, "<h2>به پایگاه اطلاع‌رسانی خوش آمدید</h2>" + search),
        "/fa/services/search?q=": page(
            AGENCY, f'<ul><li><a href="/fa/khedmat/88">{SCRIPTED["/fa/khedmat/88"]}</a></li></ul>'
        ),
        "/khadamat.htm": page(AGENCY, listing),
        "/khadamat/legacy.htm": page(AGENCY, legacy),
        POPUP: page(BOLD_TITLE, legacy),
        TENDER: page(f"مناقصات و مزایدات | {AGENCY}", tender),
        "/Tab.ashx?cat=2&lang=fa-IR": html(
            f'<ul><li><a href="/svc/106">{SCRIPTED["/svc/106"]}</a></li></ul>'
        ),
        "/services": page(
            f"فهرست خدمات | {AGENCY}",
            '<h1>فهرست خدمات</h1><div class="grid" data-loading="true"></div>',
            '<script id="__NEXT_DATA__" type="application/json">'
            + json.dumps(next_data, ensure_ascii=False)
            + "</script>",
        ),
        "/rss/services.xml": (
            200,
            {"Content-Type": "application/rss+xml; charset=utf-8"},
            (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>خدمات</title><link>/</link>{feed}</channel></rss>"
            ).encode(),
        ),
    }
    return found


@dataclass(frozen=True)
class Crawl:
    found: dict[str, str]  # path -> title of every service indexed
    asked: list[str]  # every path the portal was asked for


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    tmp = tmp_path_factory.mktemp("scripted")
    with serve(pages()) as site:
        [report] = crawl([auto_registration("sabt-yazd", site.origin, AGENCY)], tmp, overrides=FAST)
        assert report.status is CrawlStatus.COMPLETE, report.summary()
        docs = indexed(tmp, "sabt-yazd")
        yield Crawl({url.removeprefix(site.origin): title for url, title in docs}, site.requests)


@pytest.mark.parametrize(
    "path", ["/khadamat/khedmat01.htm", "/khadamat/khedmat02.htm"], ids=["onclick", "frame"]
)
def test_rows_and_frame_links_opened_by_script_are_followed(crawled: Crawl, path: str) -> None:
    assert crawled.found.get(path) == SCRIPTED[path]


def test_a_pop_up_window_is_never_opened(crawled: Crawl) -> None:
    assert POPUP not in crawled.asked


def test_the_services_feed_is_read_for_its_items(crawled: Crawl) -> None:
    assert crawled.found.get("/fa/page/103") == SCRIPTED["/fa/page/103"]


def test_the_items_of_an_app_sections_data_are_fetched_under_its_path(
    crawled: Crawl,
) -> None:
    for path in ("/services/104", "/services/105"):
        assert crawled.found.get(path) == SCRIPTED[path]


def test_a_tab_filled_from_a_url_put_together_by_script(
    crawled: Crawl,
) -> None:
    assert "/Tab.ashx?cat=2&lang=fa-IR" in crawled.asked
    assert crawled.found.get("/svc/106") == SCRIPTED["/svc/106"]


@pytest.mark.parametrize(
    "path",
    ["/fa/services/card/", "/Service/Details/77", "/Service/Details/79", "/fa/khedmat/88"],
    ids=["data-href", "ng-href", "ng-href script data", "search form"],
)
def test_cards_bound_links_and_a_service_search_form_are_followed(
    crawled: Crawl, path: str
) -> None:
    assert crawled.found.get(path) == SCRIPTED[path]
    assert not [p for p in crawled.asked if p.startswith("/search")]  # the site's own search


def test_a_page_titled_in_bold_type_under_the_agencys_title(
    crawled: Crawl,
) -> None:
    assert crawled.found.get("/khadamat/legacy.htm") == BOLD_TITLE


def test_a_call_for_tenders_laid_out_like_a_service_is_not_one(
    crawled: Crawl,
) -> None:
    assert TENDER in crawled.asked
    assert TENDER not in crawled.found
    assert set(crawled.found) == {*SCRIPTED, "/khadamat/legacy.htm"}


def test_every_page_named_above_is_served() -> None:
    """No path above is a typo that a test would pass over."""
    with serve(pages()) as site:
        for path in [*SCRIPTED, "/khadamat/legacy.htm", TENDER, "/rss/services.xml"]:
            assert httpx.get(site.origin + path).status_code == 200, path
