"""``auto`` on the pagers of the nineteenth held-out round of portal styles.

Small portals crawled together, each showing only its first page of services, so the crawl
found the rest of none of them and reported ``complete`` with no alert:

* ASP.NET WebForms lists paged by a ``DataPager`` whose fields render submit buttons
  (``ButtonType="Button"``): numbered ``<input type="submit" value="۲">`` buttons and «بعدی»,
  or «صفحه بعد» ``<button>``s only; the pages exist only as a POST of the page's form with
  the clicked button. The same form holds a search box, a login box, «ذخیره» and a rating's
  number buttons: never sent.
* Metafizzy Infinite Scroll set up only by its options: a ``data-infinite-scroll`` JSON
  attribute with ``"path": "/…/page/{{#}}"`` (the page after the last a 404), a script's
  ``new InfiniteScroll(…, {path: '?p={{#}}'})`` (the page after the last an empty list), and
  jQuery Infinite Ajax Scroll's ``next: '#pager a.next'`` selector, its next pages outside
  the section's path.

Each portal holds a page that is no service on a later page of its list: it is judged and
left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from urllib.parse import parse_qs

import pytest
from crawl_helpers import AgencyPages, Page, Site, SitesCrawled, crawl_sites, serve
from parsel import Selector

AGENCY = "اداره کل بنادر و دریانوردی استان بوشهر"
PAGES = AgencyPages(AGENCY)
page, service, home = PAGES.page, PAGES.service, PAGES.home
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def guide(title: str) -> Page:
    """A how-to page inside a services list: no service."""
    return page(
        title,
        f"<h1>{title}</h1><p>این راهنما نحوه کار با سامانه را شرح می‌دهد.</p>"
        "<h3>چگونه ثبت‌نام کنم؟</h3><p>با شماره همراه خود وارد شوید.</p>",
    )


def chunks(items: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def webform(inner: str, state: int) -> str:
    """ASP.NET's page-wide form: its hidden state, a site search box and a login box, and
    a rating of number buttons, around ``inner``."""
    return (
        '<form method="post" action="./Khadamat.aspx" id="form1"><div class="aspNetHidden">'
        '<input type="hidden" name="__EVENTTARGET" value="" />'
        '<input type="hidden" name="__EVENTARGUMENT" value="" />'
        f'<input type="hidden" name="__VIEWSTATE" value="/wEPDwULLTE=page{state}" />'
        '<input type="hidden" name="__VIEWSTATEGENERATOR" value="3C7B5E1A" />'
        '<input type="hidden" name="__EVENTVALIDATION" value="/wEdAAk=" /></div>'
        '<div class="search"><input type="text" name="ctl00$txtSearch" value="" />'
        '<input type="submit" name="ctl00$btnSearch" value="جستجو" /></div>'
        '<div class="login"><input type="text" name="ctl00$txtUser" />'
        '<input type="password" name="ctl00$txtPass" />'
        '<input type="submit" name="ctl00$btnLogin" value="ورود" /></div>'
        f"{inner}"
        '<div class="rate">امتیاز: <input type="submit" name="ctl00$Main$rate$ctl01" value="1" />'
        '<input type="submit" name="ctl00$Main$rate$ctl02" value="2" />'
        '<input type="submit" name="ctl00$Main$DataPager1$btnDelete" value="3" /></div>'
        '<input type="submit" name="ctl00$Main$btnSave" value="ذخیره" /></form>'
    )


def rows(chunk: list[tuple[str, str]]) -> str:
    return "".join(f'<tr><td><a href="{p}">{t}</a></td></tr>' for p, t in chunk)


def posted_page(body: str, pager: str) -> tuple[int, dict[str, list[str]]]:
    """The page a postback shows (from its view state) and the fields it sent."""
    sent = parse_qs(body, keep_blank_values=True)
    shown = re.search(r"page(\d+)", (sent.get("__VIEWSTATE") or [""])[0])
    return (int(shown.group(1)) if shown else 0), sent


# ---- DataPager: NumericPagerField (Persian digits) and NextPreviousPagerField as Buttons

NUMBERED = {f"/ServiceView.aspx?id={301 + i}": t for i, t in enumerate([
    "صدور گواهینامه شایستگی دریانوردی",
    "تمدید گواهینامه شایستگی دریانوردی",
    "صدور کارت شناسایی دریانوردی",
    "ثبت شناورهای تجاری",
    "صدور گواهی ایمنی شناور",
    "صدور مجوز تردد شناورهای سنتی",
    "ثبت درخواست پهلوگیری کشتی",
])}  # fmt: skip
NUMBERED_GUIDE = ("/ServiceView.aspx?id=399", "راهنمای دریافت فرم‌های امور دریایی")
DP = "ctl00$Main$DataPager1"


def numbered_listing(shown: int) -> Page:
    items = list(NUMBERED.items())
    items.insert(4, NUMBERED_GUIDE)
    pages = chunks(items, 3)
    labels = [str(n + 1).translate(PERSIAN) for n in range(len(pages))]
    numbers = "".join(
        f"<span>{label}</span>"
        if n == shown
        else f'<input type="submit" name="{DP}$ctl01$ctl0{n}" value="{label}" />'
        for n, label in enumerate(labels)
    )
    following = "disabled" if shown == len(pages) - 1 else ""
    pager = (
        f'<div class="pager">{numbers}'
        f'<input type="submit" name="{DP}$ctl02$ctl00" value="بعدی" {following} /></div>'
    )
    table = f"<h1>فهرست خدمات</h1><table>{rows(pages[shown])}</table>{pager}"
    return page("فهرست خدمات", webform(table, shown))


def numbered_post(path: str, body: str) -> Page | None:
    shown, sent = posted_page(body, DP)
    for name, values in sent.items():
        if name == f"{DP}$ctl02$ctl00":
            return numbered_listing(min(2, shown + 1))
        if name.startswith(f"{DP}$ctl01$"):
            digits = values[0].translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
            return numbered_listing(int(digits) - 1)
    return numbered_listing(shown)


def numbered_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in NUMBERED.items()}
    found[NUMBERED_GUIDE[0]] = guide(NUMBERED_GUIDE[1])
    found["/"] = home("/Khadamat.aspx")
    found["/Khadamat.aspx"] = numbered_listing(0)
    return found


# ---- DataPager: «صفحه بعد» <button>s only; the last page's stays enabled and shows itself

NEXT_ONLY = {f"/Khedmat/Detail.aspx?code=k{i}": t for i, t in enumerate([
    "صدور پروانه فعالیت شرکت‌های کشتیرانی",
    "صدور مجوز فعالیت گردشگری دریایی",
    "ثبت درخواست بازرسی شناور",
    "صدور گواهی انجام دوره‌های آموزشی دریایی",
    "صدور مجوز لایروبی",
])}  # fmt: skip
NEXT_ONLY_GUIDE = ("/Khedmat/Detail.aspx?code=k99", "پرسش‌های متداول سامانه دریانوردان")
DPN = "ctl00$Main$dpKhadamat"


def next_only_listing(shown: int) -> Page:
    items = list(NEXT_ONLY.items())
    items.insert(5, NEXT_ONLY_GUIDE)
    pages = chunks(items, 2)
    pager = (
        f'<div id="Main_dpKhadamat"><button type="submit" name="{DPN}$ctl00$ctl00">قبلی</button>'
        f'<button type="submit" name="{DPN}$ctl00$ctl01">صفحه بعد</button></div>'
    )
    table = f"<h1>خدمات</h1><table>{rows(pages[shown])}</table>{pager}"
    return page("خدمات", webform(table, shown))


def next_only_post(path: str, body: str) -> Page | None:
    shown, sent = posted_page(body, DPN)
    if f"{DPN}$ctl00$ctl01" in sent:
        return next_only_listing(min(2, shown + 1))
    return next_only_listing(max(0, shown - 1))


def next_only_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in NEXT_ONLY.items()}
    found[NEXT_ONLY_GUIDE[0]] = guide(NEXT_ONLY_GUIDE[1])
    found["/"] = home("/Khadamat.aspx")
    found["/Khadamat.aspx"] = next_only_listing(0)
    return found


# ---- Infinite Scroll: ``data-infinite-scroll`` JSON with a ``{{#}}`` path; page 4 is a 404

SCROLL = {f"/fa/khadamat/detail/{41 + i}": t for i, t in enumerate([
    "صدور پروانه تأسیس باشگاه ورزشی",
    "تمدید پروانه باشگاه ورزشی",
    "صدور مجوز برگزاری مسابقات ورزشی",
    "ثبت تشکل‌های مردم‌نهاد جوانان",
    "صدور کارت مربیگری",
    "ثبت بیمه ورزشی ورزشکاران",
    "صدور مجوز اردوهای جوانان",
])}  # fmt: skip
SCROLL_GUIDE = ("/fa/khadamat/detail/49", "راهنمای ثبت‌نام در سامانه باشگاه‌ها")
OPTIONS = (
    '{ "path": "/fa/khadamat/page/{{#}}", "append": ".khedmat", "history": false,'
    ' "status": ".page-load-status" }'
)


def scroll_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in SCROLL.items()}
    found[SCROLL_GUIDE[0]] = guide(SCROLL_GUIDE[1])
    items = list(SCROLL.items())
    items.insert(6, SCROLL_GUIDE)
    for number, chunk in enumerate(chunks(items, 3), start=1):
        cards = "".join(
            f'<article class="khedmat"><h3><a href="{p}">{t}</a></h3></article>' for p, t in chunk
        )
        found[f"/fa/khadamat/page/{number}"] = page(
            "خدمات",
            f"<h1>خدمات</h1><div class=\"grid\" data-infinite-scroll='{OPTIONS}'>{cards}</div>"
            '<script src="/js/infinite-scroll.pkgd.min.js"></script>'
            # a path the script computes, and a template on another host: never asked
            "<script>new InfiniteScroll('.news', { path: function () { return '/x/' + 2; } });"
            "new InfiniteScroll('.ads', { path: 'http://ads.example.com/p/{{#}}' });</script>",
        )
    found["/fa/khadamat"] = found["/fa/khadamat/page/1"]
    found["/"] = home("/fa/khadamat")
    found["/js/infinite-scroll.pkgd.min.js"] = (200, {"Content-Type": "text/javascript"}, b"/**/")
    return found


# ---- Infinite Scroll in the script with a relative ``?p={{#}}``; the page after the last is empty

SCRIPTED = {f"/Services/Item/{i}": t for i, t in enumerate([
    "صدور گواهی انطباق کالا",
    "ثبت درخواست نشان ملی کیفیت",
    "صدور تأییدیه آزمایشگاه همکار",
    "صدور گواهی کالیبراسیون",
    "ثبت درخواست بازرسی کالای وارداتی",
], start=11)}  # fmt: skip
SCRIPTED_GUIDE = ("/Services/Item/19", "راهنمای استفاده از سامانه پروانه‌ها")


def scripted_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in SCRIPTED.items()}
    found[SCRIPTED_GUIDE[0]] = guide(SCRIPTED_GUIDE[1])
    items = list(SCRIPTED.items())
    items.insert(4, SCRIPTED_GUIDE)
    script = (
        "<script>\n$(function () {\n  var grid = document.querySelector('.list');\n"
        "  var infScroll = new InfiniteScroll(grid, {\n    path: '?p={{#}}',\n"
        "    append: '.card',\n    history: false\n  });\n});</script>"
    )
    for number, chunk in enumerate([*chunks(items, 2), []], start=1):
        cards = "".join(f'<div class="card"><a href="{p}">{t}</a></div>' for p, t in chunk)
        listing = page("خدمات", f'<h1>خدمات الکترونیک</h1><div class="list">{cards}</div>{script}')
        found[f"/Services/List?p={number}"] = listing
        if number == 1:
            found["/Services/List"] = listing
    found["/"] = home("/Services/List")
    return found


# ---- Infinite Ajax Scroll: ``next: '#pager a.next'``, the next pages outside the section's path

IAS = {f"/khadamat/s{i}.html": t for i, t in enumerate([
    "صدور مجوز واحد بسته‌بندی",
    "ثبت درخواست ارزیابی انطباق",
    "صدور پروانه ساخت کالا",
    "ثبت شکایت از کیفیت کالا",
    "صدور گواهی مطابقت با استاندارد اجباری",
], start=1)}  # fmt: skip
IAS_GUIDE = ("/khadamat/s9.html", "راهنمای تکمیل فرم شکایت")


def ias_pages() -> dict[str, Page]:
    found = {p: service(t) for p, t in IAS.items()}
    found[IAS_GUIDE[0]] = guide(IAS_GUIDE[1])
    items = list(IAS.items())
    items.insert(4, IAS_GUIDE)
    script = (
        "<script>var ias = jQuery.ias({ container: '#list', item: '.item',"
        " pagination: '#pager', next: '#pager a.next' });</script>"
    )
    pages = [items[:3], items[3:4], items[4:]]
    for number, chunk in enumerate(pages, start=1):
        cards = "".join(f'<div class="item"><a href="{p}">{t}</a></div>' for p, t in chunk)
        more = f'<a class="next" href="/list.php?page={number + 1}">بعدی</a>' if number < 3 else ""
        found[f"/list.php?page={number}"] = page(
            "خدمات",
            f'<h1>خدمات</h1><div id="list">{cards}</div><div id="pager">{more}</div>{script}',
        )
    found["/khadamat/"] = found["/list.php?page=1"]
    found["/"] = home("/khadamat/")
    return found


STYLES = {
    "numbered": (numbered_pages, numbered_post),
    "next-only": (next_only_pages, next_only_post),
    "scroll": (scroll_pages, None),
    "scripted": (scripted_pages, None),
    "ias": (ias_pages, None),
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SitesCrawled]:
    tmp = tmp_path_factory.mktemp("round19")
    with ExitStack() as stack:
        sites: dict[str, Site] = {
            name: stack.enter_context(serve({}, posted=posted))
            for name, (_, posted) in STYLES.items()
        }
        for name, (pages, _) in STYLES.items():
            sites[name].pages.update(pages())
        yield crawl_sites(sites, tmp, AGENCY)


def _complete(crawled: SitesCrawled, name: str) -> None:
    assert crawled.reports[name].status.value == "complete", crawled.reports[name].summary()


def _posts(crawled: SitesCrawled, name: str) -> list[dict[str, list[str]]]:
    """The distinct posts a portal got (a post retried on a slow answer counts once)."""
    bodies = dict.fromkeys(r.split(" ", 2)[2] for r in crawled.asked[name] if r.startswith("POST "))
    return [parse_qs(body, keep_blank_values=True) for body in bodies]


def _only_pager_buttons(posts: list[dict[str, list[str]]], pager: str) -> None:
    """Each post: the form's hidden fields and one pager button, nothing else of the form."""
    hidden = {"__EVENTTARGET", "__EVENTARGUMENT", "__VIEWSTATE", "__VIEWSTATEGENERATOR"}
    for sent in posts:
        buttons = [k for k in sent if k.startswith(pager)]
        assert len(buttons) == 1, sent
        assert set(sent) == hidden | {"__EVENTVALIDATION", buttons[0]}, sent


def test_a_datapager_of_numbered_submit_buttons_is_posted(crawled: SitesCrawled) -> None:
    asked = crawled.asked["numbered"]
    assert crawled.found["numbered"] == NUMBERED, asked
    assert NUMBERED_GUIDE[0] in asked  # on page 2: judged, and left out
    posts = _posts(crawled, "numbered")
    # pages 2 and 3 once each, from their numbers (the first shown by the GET)
    assert sorted(v for p in posts for k, v in p.items() if k.startswith(DP)) == [["۲"], ["۳"]]
    _only_pager_buttons(posts, DP)
    _complete(crawled, "numbered")


def test_a_datapager_of_next_buttons_is_posted_until_a_page_repeats(crawled: SitesCrawled) -> None:
    asked = crawled.asked["next-only"]
    assert crawled.found["next-only"] == NEXT_ONLY, "\n".join(asked)
    assert NEXT_ONLY_GUIDE[0] in asked
    posts = _posts(crawled, "next-only")
    _only_pager_buttons(posts, DPN)
    assert all(f"{DPN}$ctl00$ctl01" in p for p in posts)  # never «قبلی»
    assert len(posts) == 3  # pages 2, 3, and 3 again from 3: its links seen, the end
    _complete(crawled, "next-only")


def test_an_infinite_scroll_path_template_is_asked_until_a_404(crawled: SitesCrawled) -> None:
    asked = crawled.asked["scroll"]
    assert crawled.found["scroll"] == SCROLL, asked
    assert SCROLL_GUIDE[0] in asked  # on page 3
    assert "/fa/khadamat/page/4" in asked and "/fa/khadamat/page/5" not in asked
    assert not any(path.startswith("/x/") or "{" in path or "%7B" in path for path in asked)
    _complete(crawled, "scroll")


def test_a_scripted_infinite_scroll_stops_at_an_empty_page(crawled: SitesCrawled) -> None:
    asked = crawled.asked["scripted"]
    assert crawled.found["scripted"] == SCRIPTED, asked
    assert SCRIPTED_GUIDE[0] in asked
    assert "/Services/List?p=4" in asked and "/Services/List?p=5" not in asked
    _complete(crawled, "scripted")


def test_an_infinite_ajax_scroll_next_selector_is_followed(crawled: SitesCrawled) -> None:
    asked = crawled.asked["ias"]
    assert crawled.found["ias"] == IAS, asked
    assert IAS_GUIDE[0] in asked
    _complete(crawled, "ias")


def test_only_clearly_pager_buttons_are_read() -> None:
    from crawlers.pagerbuttons import pager_buttons

    form = Selector(
        text=(
            '<form method="post"><div class="pagination">'
            '<input type="submit" name="ctl00$Main$lvPager$ctl00$ctl00" value="قبلی" />'
            '<input type="submit" name="ctl00$Main$lvPager$ctl01$ctl00" value="۱" disabled />'
            '<input type="image" name="ctl00$Main$lvPager$ctl02$ctl00" alt="»" src="n.gif" />'
            '<input type="submit" name="ctl00$Main$lvPager$ctl01$ctl05" value="..." /></div>'
            '<input type="submit" name="ctl00$Main$btnNext" value="بعدی" />'
            '<input type="submit" name="ctl00$Main$Wizard1$StartNextButton" value="بعدی" />'
            '<input type="submit" name="ctl00$Main$Vote$ctl01" value="2" />'
            '<input type="submit" name="ctl00$Main$dpList$btnRemove" value="3" />'
            '<button name="ctl00$Main$dpList$ctl01$ctl01"> ۴ </button>'
            '<button type="button" name="ctl00$Main$dpList$ctl01$ctl02">5</button></form>'
        )
    ).xpath("//form")[0]
    found = [(b.name.rsplit("$", 2)[-2:], b.label, b.number, b.image) for b in pager_buttons(form)]
    assert found == [
        (["ctl02", "ctl00"], "»", None, True),
        (["ctl01", "ctl05"], "...", None, False),
        (["Main", "btnNext"], "بعدی", None, False),
        (["ctl01", "ctl01"], "4", 4, False),
    ]
    image = pager_buttons(form)[0]
    assert image.data(form) == {
        "ctl00$Main$lvPager$ctl02$ctl00.x": "1",
        "ctl00$Main$lvPager$ctl02$ctl00.y": "1",
    }


def test_infinite_scroll_options_are_read_in_their_forms() -> None:
    from scrapy.http import HtmlResponse

    from crawlers.infinitescroll import scrolls

    body = (
        '<div data-infinite-scroll=\'{ "path": "page/{{#}}" }\'></div>'
        "<div data-infinite-scroll=\"{ path: '.pagination__next' }\"></div>"
        "<script>$('.grid').infiniteScroll({ append: '.post', path: '/blog/?pg={{#}}' });"
        "new InfiniteAjaxScroll('.c', { item: '.i', next: '.next', pagination: false });"
        "new InfiniteScroll('.d', { path: '[[broken' });</script>"
    )
    response = HtmlResponse("http://x.test/fa/list/page/3", body=body.encode(), encoding="utf-8")
    found = scrolls(response)
    assert [(s.template, s.selector) for s in found] == [
        ("http://x.test/fa/list/page/page/{{#}}", None),
        (None, ".pagination__next"),
        ("http://x.test/blog/?pg={{#}}", None),
        (None, ".next"),
    ]
    assert found[0].first("http://x.test/fa/list/page/page/3") == 4
    assert found[2].first(response.url) == 2
    assert found[2].address(7) == "http://x.test/blog/?pg=7"
