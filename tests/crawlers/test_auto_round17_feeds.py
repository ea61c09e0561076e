"""``auto`` on three catalogue channels of the seventeenth held-out round of portal styles.

Small portals crawled together, each with one way to its services that lost them before (the
crawl reported ``complete`` with no alert): a JSON Feed 1.1 (``application/feed+json``) paged
by ``next_url`` that carries an announcement, the same feed read by a section's script as an
API, a Spring Data REST (HAL) collection paged by ``_links.next.href``, a HAL entry point on
an app shell whose collection says only ``page.number`` of ``page.totalPages`` (and which
also links news), and «نمایش بیشتر» buttons whose script asks its next cards by POST
(ASP.NET MVC's ``[HttpPost]`` action with its antiforgery token, and ``fetch`` with a
form body). A ``json_feed`` recipe that names only a JSON Feed's address reads it too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from urllib.parse import parse_qs

import pytest
from crawl_helpers import FAST, AgencyPages, Page, Site, crawl, html, serve

AGENCY = "اداره کل شیلات استان هرمزگان"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home
FEED_KIND = "application/feed+json; charset=utf-8"
JSON_FEED = "https://jsonfeed.org/version/1.1"


def raw(body: bytes | str, kind: str) -> Page:
    return 200, {"Content-Type": kind}, body.encode() if isinstance(body, str) else body


def announcement(title: str) -> Page:
    """An announcement a services channel carries: news, never a service."""
    return page(
        title,
        f"<h1>{title}</h1><div>کد خبر: ۳۱۲۴ — تاریخ انتشار: ۱۴۰۳/۰۹/۰۲</div>"
        f"<p>به گزارش روابط عمومی {AGENCY}، {title}. "
        "صیادان برای پیگیری به میز خدمت مراجعه کنند.</p>",
        '<meta property="og:type" content="article">',
    )


def guide(title: str) -> Page:
    """A how-to guide among a load-more button's cards: not a service."""
    return page(
        title,
        f"<h1>{title}</h1><p>این راهنما نحوه کار با سامانه را شرح می‌دهد.</p>"
        "<h3>چگونه وارد سامانه شوم؟</h3><p>با شماره همراه ثبت‌شده وارد شوید.</p>"
        "<h3>رمز عبور خود را فراموش کرده‌ام</h3><p>از گزینه بازیابی رمز استفاده کنید.</p>",
    )


# ---- a JSON Feed announced on the section page (its type, not its address, says so), paged
# by next_url; an announcement among its items

FEED = [
    {"/fa/sayadi/21": "صدور پروانه صید صنعتی", "/fa/sayadi/22": "تمدید پروانه صید صنعتی"},
    {"/fa/sayadi/23": "صدور مجوز پرورش میگو", "/fa/elan/5": "اطلاعیه تعطیلی بندر صیادی"},
    {"/fa/sayadi/24": "صدور کارت صیادی"},
]
FEED_NOTICE = "/fa/elan/5"
FEED_SERVICES = {k: v for p in FEED for k, v in p.items() if k != FEED_NOTICE}


def json_feed(origin: str, items: dict[str, str], following: str | None) -> Page:
    doc: dict[str, object] = {
        "version": JSON_FEED,
        "title": "خدمات شیلات",
        "home_page_url": origin + "/",
        "items": [
            {"id": origin + p, "url": origin + p, "title": t, "content_text": f"شرح {t}"}
            for p, t in items.items()
        ],
    }
    if following:
        doc["next_url"] = following
    return raw(json.dumps(doc, ensure_ascii=False), FEED_KIND)


def feed_pages(origin: str) -> dict[str, Page]:
    found = {p: service(t) for p, t in FEED_SERVICES.items()}
    found[FEED_NOTICE] = announcement(FEED[1][FEED_NOTICE])
    for number, items in enumerate(FEED, 1):
        following = f"{origin}/json/khadamat?page={number + 1}" if number < len(FEED) else None
        key = "/json/khadamat" + (f"?page={number}" if number > 1 else "")
        found[key] = json_feed(origin, items, following)
    announced = '<link rel="alternate" type="application/feed+json" title="خوراک خدمات شیلات"'
    announced += ' href="/json/khadamat">'
    script = "<script>fetch(document.querySelector('link[type*=json]').href).then(draw)</script>"
    found["/"] = home("/fa/shilat")
    found["/fa/shilat"] = page("خدمات", '<h1>خدمات</h1><ul id="list"></ul>' + script, announced)
    return found


# ---- the same kind of feed read by a section script as its API (an announcement in it)

FEED_API = {"/fa/abzi/31": "صدور مجوز صادرات آبزیان", "/fa/abzi/32": "صدور گواهی مبدأ آبزیان"}
FEED_API_NOTICE = ("/fa/etelaiye/7", "اطلاعیه تمدید مهلت ثبت‌نام صیادان")


def feed_api_pages(origin: str) -> dict[str, Page]:
    found = {p: service(t) for p, t in FEED_API.items()}
    found[FEED_API_NOTICE[0]] = announcement(FEED_API_NOTICE[1])
    found["/api/abzi/feed.json"] = json_feed(origin, FEED_API | dict([FEED_API_NOTICE]), None)
    script = "<script>fetch('/api/abzi/feed.json').then(r => r.json()).then(f => draw(f.items));"
    found["/"] = home("/fa/abzi")
    found["/fa/abzi"] = page("خدمات", '<h1>خدمات</h1><ul id="list"></ul>' + script + "</script>")
    return found


# ---- Spring Data REST: records in _embedded, paged by _links.next.href (the record's own
# _links before its page address)

HAL = {
    "/fa/parvane/41": "صدور پروانه تکثیر ماهیان زینتی",
    "/fa/parvane/42": "صدور پروانه فرآوری آبزیان",
    "/fa/parvane/43": "صدور مجوز قفس‌های دریایی",
    "/fa/parvane/44": "تمدید پروانه کارگاه تکثیر",
    "/fa/parvane/45": "صدور مجوز حمل بچه‌ماهی",
}
HAL_KIND = "application/hal+json"


def hal_page(origin: str, number: int) -> Page:
    chunk = list(HAL.items())[number * 2 : number * 2 + 2]
    records = [
        {"_links": {"self": {"href": f"{origin}/api/parvane/{p.rsplit('/', 1)[1]}"}}, "name": t}
        | {"href": p}
        for p, t in chunk
    ]
    links = {"self": {"href": f"{origin}/api/parvane?page={number}&size=2"}}
    if number < 2:
        links["next"] = {"href": f"{origin}/api/parvane?page={number + 1}&size=2"}
    doc = {
        "_embedded": {"parvane": records},
        "_links": links,
        "page": {"size": 2, "totalElements": len(HAL), "totalPages": 3, "number": number},
    }
    return raw(json.dumps(doc, ensure_ascii=False), HAL_KIND)


def hal_pages(origin: str) -> dict[str, Page]:
    found = {p: service(t) for p, t in HAL.items()}
    found["/api/parvane"] = hal_page(origin, 0)
    for number in range(3):
        found[f"/api/parvane?page={number}&size=2"] = hal_page(origin, number)
    script = (
        "<script>const API = '/api/parvane'; async function load(u) { const d = await (await "
        "fetch(u)).json(); d._embedded.parvane.forEach(draw); } load(API + '?page=0&size=2');"
        "</script>"
    )
    found["/"] = home("/fa/parvane", "میز خدمت")
    found["/fa/parvane"] = page("میز خدمت", '<h1>میز خدمت</h1><ul id="s"></ul>' + script)
    return found


# ---- a HAL entry point on an app shell: its collection (a templated link) says only its page
# number; it also links news, whose records must not become services

HAL_ROOT = {
    "/fa/bandar/51": "صدور مجوز پهلوگیری شناور صیادی",
    "/fa/bandar/52": "صدور کارت تردد اسکله",
    "/fa/bandar/53": "ثبت درخواست تخصیص اسکله",
}
HAL_NEWS = {"/fa/matlab/61": "بازدید مدیرکل از اسکله‌های صیادی"}


def hal_root_pages(origin: str) -> dict[str, Page]:
    found = {p: service(t) for p, t in HAL_ROOT.items()}
    found |= {p: announcement(t) for p, t in HAL_NEWS.items()}
    items = list(HAL_ROOT.items())
    for number in range(2):
        records = [{"title": t, "link": p} for p, t in items[number * 2 : number * 2 + 2]]
        doc = {
            "_embedded": {"bandar": records},
            "_links": {"self": {"href": f"{origin}/api/bandar"}},
            "page": {"size": 2, "totalElements": 3, "totalPages": 2, "number": number},
        }
        body = raw(json.dumps(doc, ensure_ascii=False), HAL_KIND)
        found["/api/bandar" + (f"?page={number}" if number else "")] = body
    news = [{"title": t, "link": p} for p, t in HAL_NEWS.items()]
    found["/api/akhbar"] = raw(json.dumps({"_embedded": {"akhbar": news}}), HAL_KIND)
    links = {
        "bandar": {"href": f"{origin}/api/bandar{{?page,size,sort}}", "templated": True},
        "akhbar": {"href": f"{origin}/api/akhbar{{?page,size,sort}}", "templated": True},
        "profile": {"href": f"{origin}/api/profile"},
    }
    found["/api"] = raw(json.dumps({"_links": links}), HAL_KIND)
    found["/"] = html(
        f"<html><head><title>{AGENCY}</title></head><body><div id='app'></div>"
        "<script src='/static/app.js'></script></body></html>"
    )
    return found


# ---- «نمایش بیشتر» posting for its next cards (ASP.NET MVC, antiforgery token, [HttpPost]);
# a vote button posts too and must never be sent

MORE = {
    "/fa/Khedmat/Detail/71": "صدور شناسنامه شناور صیادی",
    "/fa/Khedmat/Detail/72": "صدور پروانه ناخدایی صیادی",
    "/fa/Khedmat/Detail/73": "صدور مجوز ساخت شناور",
    "/fa/Khedmat/Detail/74": "صدور گواهی سلامت آبزیان پرورشی",
    "/fa/Khedmat/Detail/75": "صدور مجوز ورود تخم چشم‌زده",
    "/fa/Khedmat/Detail/76": "صدور پروانه بهره‌برداری استخر",
    "/fa/Khedmat/Detail/77": "ثبت درخواست بیمه صیادان",
}
MORE_GUIDE = ("/fa/Khedmat/Rahnama", "راهنمای استفاده از سامانه صدور پروانه")
TOKEN = "CfDJ8Hx-r17"
MORE_SCRIPT = """<script>
$('#btnMore').on('click', function () {
  var b = $(this), next = b.data('page');
  $.ajax({ url: '/fa/Khedmat/GetMore', type: 'POST',
           data: { pageIndex: next, __RequestVerificationToken:
                   $('input[name="__RequestVerificationToken"]').val() },
           success: function (html) { if (!$.trim(html)) { b.hide(); return; }
                                      $('#cards').append(html); b.data('page', next + 1); } });
});
$('.vote').on('click', function () {
  $.post('/fa/Khedmat/Vote', { page: 1, id: $(this).data('id') });
});
</script>"""


def cards(links: dict[str, str]) -> str:
    return "".join(
        f'<div class="card"><h5>{t}</h5><a class="btn" href="{p}">جزئیات</a></div>'
        for p, t in links.items()
    )


def more_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in MORE.items()}
    found[MORE_GUIDE[0]] = guide(MORE_GUIDE[1])
    shown = dict(list(MORE.items())[:3])
    found["/"] = home("/fa/Khedmat")
    found["/fa/Khedmat"] = page(
        "خدمات",
        f'<h1>خدمات</h1><input name="__RequestVerificationToken" type="hidden" value="{TOKEN}">'
        f'<div id="cards">{cards(shown)}</div><button class="vote" data-id="3">👍</button>'
        '<button id="btnMore" type="button" data-page="2">نمایش بیشتر</button>' + MORE_SCRIPT,
    )
    return found


def more_posted(path: str, body: str) -> Page | None:
    """The [HttpPost] action: a page of cards for a good token, 400 without it, empty past
    the last page."""
    sent = parse_qs(body)
    if path == "/fa/Khedmat/Vote":
        return html("ok")
    if path != "/fa/Khedmat/GetMore":
        return None
    if sent.get("__RequestVerificationToken") != [TOKEN]:
        return 400, {}, b"bad token"
    number = int((sent.get("pageIndex") or ["0"])[0])
    items = list(MORE.items())
    chunk = dict(items[3:5]) if number == 2 else dict(items[5:]) if number == 3 else {}
    if number == 3:
        chunk[MORE_GUIDE[0]] = MORE_GUIDE[1]
    return html(cards(chunk))


# ---- fetch() posting a form body; the server answers its last cards for any later page

FETCHED = {
    "/fa/amaken/81": "صدور مجوز فروشگاه آبزیان",
    "/fa/amaken/82": "صدور مجوز سردخانه آبزیان",
    "/fa/amaken/83": "صدور مجوز عمل‌آوری ماهی",
}
FETCH_SCRIPT = """<script>
let n = 1;
document.getElementById('more').onclick = async () => {
  n += 1;
  const r = await fetch('/fa/amaken/list', { method: 'POST', body: new URLSearchParams({ p: n }) });
  document.getElementById('list').insertAdjacentHTML('beforeend', await r.text());
};
</script>"""


def fetched_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in FETCHED.items()}
    first = dict(list(FETCHED.items())[:1])
    found["/"] = home("/fa/amaken")
    found["/fa/amaken"] = page(
        "خدمات",
        f'<h1>خدمات</h1><div id="list">{cards(first)}</div><a id="more">بیشتر</a>' + FETCH_SCRIPT,
    )
    return found


def fetched_posted(path: str, body: str) -> Page | None:
    if path != "/fa/amaken/list":
        return None
    return html(cards(dict(list(FETCHED.items())[1:])))  # pages 2, 3, … alike


# ---- fetch() posting JSON for the next page's records, answered in JSON

JSON_MORE = {
    "/fa/pishnahad/91": "ثبت درخواست سهمیه سوخت شناور",
    "/fa/pishnahad/92": "صدور مجوز صید ترال",
    "/fa/pishnahad/93": "ثبت درخواست اعتبارات صیادی",
}
JSON_MORE_SCRIPT = """<script>
let pageNumber = 1;
async function more() {
  pageNumber++;
  const r = await fetch('/fa/pishnahad/items', { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ pageNumber }) });
  (await r.json()).items.forEach(draw);
}
</script>"""


def json_more_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in JSON_MORE.items()}
    first = dict(list(JSON_MORE.items())[:1])
    found["/"] = home("/fa/pishnahad")
    found["/fa/pishnahad"] = page(
        "خدمات",
        f'<h1>خدمات</h1><div id="list">{cards(first)}</div><a onclick="more()">بیشتر</a>'
        + JSON_MORE_SCRIPT,
    )
    return found


def json_more_posted(path: str, body: str) -> Page | None:
    if path != "/fa/pishnahad/items":
        return None
    number = json.loads(body).get("pageNumber")
    items = list(JSON_MORE.items())[1:]
    chunk = [items[number - 2]] if isinstance(number, int) and 2 <= number <= 3 else []
    records = [{"title": t, "url": p} for p, t in chunk]
    return raw(json.dumps({"items": records}, ensure_ascii=False), "application/json")


# ---- the crawl


@dataclass(frozen=True)
class Crawled:
    found: dict[str, dict[str, str]]
    asked: dict[str, list[str]]
    reports: dict[str, object]


AUTO = ("feed", "feedapi", "hal", "halroot", "more", "fetched", "jsonmore")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    from registry.registration import Registration
    from sandbox.unseen import auto_registration
    from tests.crawlers.unseen_score import indexed

    tmp = tmp_path_factory.mktemp("round17feeds")
    with ExitStack() as stack:
        sites: dict[str, Site] = {
            name: stack.enter_context(serve({}, posted=posted))
            for name, posted in (
                ("feed", None),
                ("feedapi", None),
                ("hal", None),
                ("halroot", None),
                ("more", more_posted),
                ("fetched", fetched_posted),
                ("jsonmore", json_more_posted),
                ("recipe", None),
            )
        }
        sites["feed"].pages.update(feed_pages(sites["feed"].origin))
        sites["feedapi"].pages.update(feed_api_pages(sites["feedapi"].origin))
        sites["hal"].pages.update(hal_pages(sites["hal"].origin))
        sites["halroot"].pages.update(hal_root_pages(sites["halroot"].origin))
        sites["more"].pages.update(more_pages())
        sites["fetched"].pages.update(fetched_pages())
        sites["jsonmore"].pages.update(json_more_pages())
        sites["recipe"].pages.update(feed_pages(sites["recipe"].origin))
        registrations = [auto_registration(n, sites[n].origin, AGENCY) for n in AUTO]
        recipe = {"id": "recipe", "agency": AGENCY, "homepage": sites["recipe"].origin + "/"}
        recipe |= {"strategy": "json_feed", "json_feed": {"url": "/json/khadamat"}}
        registrations.append(Registration.parse(recipe))
        reports = {r.portal_id: r for r in crawl(registrations, tmp, overrides=FAST)}
        found = {
            name: {url.removeprefix(site.origin): title for url, title in indexed(tmp, name)}
            for name, site in sites.items()
        }
        yield Crawled(found, {n: list(s.requests) for n, s in sites.items()}, reports)


def _complete(crawled: Crawled, name: str) -> None:
    report = crawled.reports[name]
    assert report.status.value == "complete", report.summary()  # type: ignore[attr-defined]


def test_a_json_feed_is_read_to_its_last_page_its_announcement_judged(crawled: Crawled) -> None:
    asked = crawled.asked["feed"]
    assert crawled.found["feed"] == FEED_SERVICES, asked
    assert "/json/khadamat?page=3" in asked
    assert FEED_NOTICE in asked  # judged as a page, and rejected as news
    _complete(crawled, "feed")


def test_a_json_feed_a_script_reads_as_its_api_is_judged_item_by_item(crawled: Crawled) -> None:
    asked = crawled.asked["feedapi"]
    assert crawled.found["feedapi"] == FEED_API, asked
    assert FEED_API_NOTICE[0] in asked
    _complete(crawled, "feedapi")


def test_a_json_feed_recipe_needs_only_the_feeds_address(crawled: Crawled) -> None:
    found = crawled.found["recipe"]
    assert set(found) == {k for p in FEED for k in p}, crawled.asked[
        "recipe"
    ]  # a recipe judges nothing
    _complete(crawled, "recipe")


def test_a_hal_collection_is_paged_by_its_next_link(crawled: Crawled) -> None:
    asked = crawled.asked["hal"]
    assert crawled.found["hal"] == HAL, asked
    assert "/api/parvane?page=2&size=2" in asked
    _complete(crawled, "hal")


def test_a_hal_entry_points_collection_is_paged_by_its_number_and_news_left(
    crawled: Crawled,
) -> None:
    asked = crawled.asked["halroot"]
    assert crawled.found["halroot"] == HAL_ROOT, asked
    assert "/api/bandar?page=1" in asked
    assert not [p for p in asked if p.startswith(("/api/akhbar", "/api/profile"))]
    _complete(crawled, "halroot")


def test_a_load_more_button_posting_with_its_token_is_read_to_its_end(crawled: Crawled) -> None:
    asked = crawled.asked["more"]
    assert crawled.found["more"] == MORE, asked
    posts = [p for p in asked if p.startswith("POST /fa/Khedmat/GetMore")]
    assert len(posts) == 3 and all(f"__RequestVerificationToken={TOKEN}" in p for p in posts)
    assert MORE_GUIDE[0] in asked  # judged, and not a service
    assert not [p for p in asked if "Vote" in p]  # a call that files something: never sent
    assert "/fa/Khedmat/GetMore" not in asked  # a POST action is not asked by GET
    _complete(crawled, "more")


def test_a_fetch_post_load_more_stops_when_a_page_adds_nothing(crawled: Crawled) -> None:
    asked = crawled.asked["fetched"]
    assert crawled.found["fetched"] == FETCHED, asked
    posts = [p for p in asked if p.startswith("POST /fa/amaken/list")]
    assert posts == ["POST /fa/amaken/list p=2", "POST /fa/amaken/list p=3"]
    _complete(crawled, "fetched")


def test_a_load_more_posting_json_is_answered_by_records(crawled: Crawled) -> None:
    asked = crawled.asked["jsonmore"]
    assert crawled.found["jsonmore"] == JSON_MORE, asked
    posts = [p for p in asked if p.startswith("POST /fa/pishnahad/items")]
    assert posts == [f'POST /fa/pishnahad/items {{"pageNumber": {n}}}' for n in (2, 3, 4)]
    _complete(crawled, "jsonmore")


def test_only_a_numbered_call_that_files_nothing_is_a_load_more() -> None:
    from crawlers import loadmore

    inputs = {"__RequestVerificationToken": "t1", "#cat": "9"}
    code = (
        "$.post('/fa/list/more', {page: p, __RequestVerificationToken: token,"
        " cat: $('#cat').val()});"
        "$.post('/account/Login', {page: 1, user: u});"  # a login
        "$.ajax({url: '/fa/comments', type: 'POST', data: {page: 2, comment: c}});"  # files text
        "$.ajax({url: '/fa/list/get', data: {page: 2}});"  # a GET: read elsewhere
        "$.post('/fa/list/all', {category: 3});"  # no page number
        "jQuery.post('/fa/list/more2', {...extra, page: p});"  # a value only the script knows
    )
    found = loadmore.calls(code, inputs)
    assert [(c.url, c.body(2)) for c in found] == [
        ("/fa/list/more", {"__RequestVerificationToken": "t1", "cat": "9", "page": "2"})
    ]
    assert "/account/Login" in loadmore.posted_paths(code)  # and so never asked by GET
    many = "".join(f"$.post('/fa/m{i}', {{page: p}});" for i in range(50))
    assert len(loadmore.calls(many, {})) == loadmore.MAX_CALLS
