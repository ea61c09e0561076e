"""A portal that shows part of itself, renames everything or is hijacked loses nothing.

Red team round 5: a rate limiter (429) or a forbidding server (403) on some service pages, a
section under maintenance, a login wall in front of some pages; every title replaced by spam
on the same URLs; a hacked homepage linking new pages. Each of these used to retire services
after two complete crawls, overwrite them, or index the spam under the agency's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from crawl_helpers import (
    FAST,
    AgencyPages,
    Page,
    Site,
    crawl,
    crawl_options,
    crawl_sites,
    html,
    selectors_registration,
    serve,
    worker_config,
)

from crawlers.worker import Worker
from indexer.backends import open_backend
from indexer.documents import ServiceDocument
from indexer.normalize import normalize
from registry.portals import Registry
from registry.reports import CrawlReport, CrawlStatus
from sandbox.site import MAINTENANCE_PAGE

PORTAL = "withheld"
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴۵۶۷۸"]
LOGIN_PAGE = html(
    '<html lang="fa"><head><title>ورود به سامانه</title></head><body><h1>ورود به سامانه</h1>'
    '<form method="post"><input name="user"><input type="password" name="pass">'
    "<button>ورود</button></form></body></html>"
)


def home(extra: str = "", notice: str = "") -> Page:
    links = "".join(f'<a class="svc" href="/s/{n}">{t}</a> ' for n, t in enumerate(TITLES, 1))
    return html(f"<html><head><title>اداره آزمایشی</title></head><body>{notice}{links}{extra}")


def service(title: str, description: str | None = None) -> Page:
    text = f"شرح کامل {title}" if description is None else description
    return html(
        f'<html><body><h2 class="title">{title}</h2><div class="desc">{text}</div></body></html>'
    )


def good_pages() -> dict[str, Page]:
    pages = {f"/s/{n}": service(t) for n, t in enumerate(TITLES, 1)}
    return {"/": home(), **pages}


@pytest.fixture
def portal() -> Iterator[Site]:
    with serve(good_pages()) as site:
        yield site


def run(site: Site, state: Path) -> CrawlReport:
    [report] = crawl([selectors_registration(PORTAL, site.origin)], state, overrides=FAST)
    return report


def indexed(state: Path) -> list[ServiceDocument]:
    backend = open_backend(state / "index", readonly=True)
    try:
        return list(backend.documents([PORTAL]))
    finally:
        backend.close()


def titles(state: Path) -> set[str]:
    return {doc.title for doc in indexed(state)}


WITHHELD = {
    "429": (429, {"Retry-After": "3600"}, b"Too Many Requests"),
    "403": (403, {"Content-Type": "text/html"}, b"<h1>403 Forbidden</h1>"),
    "401": (401, {"WWW-Authenticate": "Basic"}, b"Unauthorized"),
    # a web application firewall's block (red team round 8): ModSecurity's default 406, the
    # 400 of F5/Imperva-style rules, a 412
    "406": (406, {"Content-Type": "text/html"}, b"<h1>Not Acceptable!</h1>"),
    "400": (400, {"Content-Type": "text/html"}, b"<h1>Request Rejected</h1>"),
    "412": (412, {"Content-Type": "text/html"}, b"<h1>Precondition Failed</h1>"),
    "304": (304, {}, b""),  # "not modified", though nothing was asked conditionally
    "login": LOGIN_PAGE,
    # a redirect to a single sign-on on another host (red team round 8): never fetched. A
    # government's: a «/login» anywhere else is a hijack's (red team round 11)
    "sso": (302, {"Location": "https://sso.my.gov.ir/login?return=/s/2"}, b""),
    "maintenance": html(MAINTENANCE_PAGE),
    # a page that died half-way, answered 200 (red team round 7): a «white screen», PHP's
    # own words, a page that shows no title; and a CDN's browser check in front of the page
    "blank": html(""),
    "php fatal": html(
        "<br /><b>Fatal error</b>:  Uncaught PDOException: SQLSTATE[HY000] [2002] in"
        " /var/www/html/inc/db.php:12\nStack trace:\n#0 {main}\n  thrown<br />"
    ),
    "arvancloud": html(
        '<html lang="fa"><head><title>ArvanCloud</title><script src="/cdn-cgi/c.js"></script>'
        "</head><body><h1>لطفا چند لحظه صبر کنید</h1><p>در حال بررسی مرورگر شما ...</p>"
    ),
    "cloudflare": html(
        "<html><head><title>Just a moment...</title></head><body><h2>Checking your browser"
        " before accessing the site.</h2><noscript>Enable JavaScript and cookies to continue"
        "</noscript></body></html>"
    ),
}


def test_pages_robots_txt_now_forbids_keep_their_services(portal: Site, tmp_path: Path) -> None:
    """An agency that adds a Disallow for some service pages has not removed the services."""
    assert run(portal, tmp_path).services_found == len(TITLES)
    portal.pages["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: *\nDisallow: /s/2\nDisallow: /s/5\nDisallow: /s/7\n",
    )
    asked = len(portal.requests)
    for _ in range(2):
        report = run(portal, tmp_path)
        assert report.errors["robots_forbidden"] == 3, report.summary()
        assert (report.retired, report.missing) == (0, 0), report.retirement
    assert titles(tmp_path) == set(TITLES)
    assert not {"/s/2", "/s/5", "/s/7"} & set(portal.requests[asked:])  # never asked for


# A passing state makes the whole crawl partial; a page withheld says nothing of the others.
STATUS = {
    "429": CrawlStatus.PARTIAL,
    "406": CrawlStatus.PARTIAL,
    "400": CrawlStatus.PARTIAL,
    "412": CrawlStatus.PARTIAL,
    "maintenance": CrawlStatus.PARTIAL,
    "blank": CrawlStatus.SUSPECT,  # 3 of the 6 pages it counts: not believed, nothing lost
    "php fatal": CrawlStatus.PARTIAL,
}


@pytest.mark.parametrize("answer", list(WITHHELD))
def test_pages_the_portal_withholds_for_two_crawls_keep_their_services(
    portal: Site, tmp_path: Path, answer: str
) -> None:
    assert run(portal, tmp_path).services_found == len(TITLES)
    for n in (2, 5, 7):
        portal.pages[f"/s/{n}"] = WITHHELD[answer]
    for _ in range(2):
        report = run(portal, tmp_path)
        assert report.status is STATUS.get(answer, CrawlStatus.COMPLETE), report.summary()
        assert (report.retired, report.missing) == (0, 0), report.retirement
    assert titles(tmp_path) == set(TITLES)


def test_a_sign_on_elsewhere_that_sends_back_to_the_page_is_a_login_wall(
    portal: Site, tmp_path: Path
) -> None:
    """A ministry's single sign-on on a host of its own, outside gov.ir, names the page as
    where the visitor comes back (red team round 8's F10): the service is behind a login,
    kept, and the portal not taken for hijacked; a «/login» naming no way back is (round 11)."""
    run(portal, tmp_path)
    back = quote(portal.origin + "/s/2", safe="")
    portal.pages["/s/2"] = (302, {"Location": f"http://127.0.0.2:9/login?ReturnUrl={back}"}, b"")
    portal.pages["/s/5"] = (302, {"Location": "http://127.0.0.2:9/login?ReturnUrl=/s/5"}, b"")
    for _ in range(2):
        report = run(portal, tmp_path)
        assert report.errors["login_redirect"] == 1, report.summary()
        assert report.errors["offsite_redirect"] == 1, report.summary()
        assert (report.retired, report.missing) == (0, 0), report.retirement
    assert titles(tmp_path) == set(TITLES)


def test_a_service_redirected_off_the_portal_but_not_to_a_sign_on_is_still_retired(
    portal: Site, tmp_path: Path
) -> None:
    """Only a sign-on page is a login wall: a page sent to another site's article is gone."""
    run(portal, tmp_path)
    portal.pages["/s/2"] = (302, {"Location": "http://127.0.0.2:9/news/42"}, b"")
    reports = [run(portal, tmp_path) for _ in range(2)]
    assert [r.errors["offsite"] for r in reports] == [1, 1], reports[-1].summary()
    assert reports[-1].retired == 1, reports[-1].retirement
    assert titles(tmp_path) == set(TITLES) - {TITLES[1]}


def test_a_portal_whose_every_title_is_replaced_keeps_the_old_ones(
    portal: Site, tmp_path: Path
) -> None:
    run(portal, tmp_path)
    for n in range(1, len(TITLES) + 1):
        portal.pages[f"/s/{n}"] = service(f"هک شده توسط گروه سایبری {n}")
    report = run(portal, tmp_path)
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert "retitled" in report.alert_kinds and "8 of the 8" in " ".join(report.alerts)
    assert titles(tmp_path) == set(TITLES)
    # one service renamed by its agency is just that
    portal.pages.update(good_pages())
    portal.pages["/s/1"] = service("صدور پروانه ساختمان مسکونی")
    renamed = run(portal, tmp_path)
    assert renamed.status is CrawlStatus.COMPLETE, renamed.summary()
    assert "صدور پروانه ساختمان مسکونی" in titles(tmp_path)


def test_service_pages_that_show_no_title_keep_their_services(portal: Site, tmp_path: Path) -> None:
    """A page that lost its title this time (a template error) says nothing of its service."""
    run(portal, tmp_path)
    for n in (2, 5, 7):
        portal.pages[f"/s/{n}"] = service("", f"شرح {n}")
    for _ in range(2):
        report = run(portal, tmp_path)
        assert (report.retired, report.missing) == (0, 0), report.retirement
    assert titles(tmp_path) == set(TITLES)


def descriptions(state: Path) -> set[str]:
    return {doc.description for doc in indexed(state)}


def test_a_portal_whose_every_description_is_defaced_keeps_the_old_ones(
    portal: Site, tmp_path: Path
) -> None:
    """Titles kept, one defacer's text put in every description (red team round 7, F05): the
    boilerplate filter then wiped most of them, and two showed it."""
    run(portal, tmp_path)
    before = descriptions(tmp_path)
    for n, title in enumerate(TITLES, 1):
        portal.pages[f"/s/{n}"] = service(
            title, "این وبگاه توسط گروه سایبری هک شده است؛ امنیت شما صفر است"
        )
    report = run(portal, tmp_path)
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert "redescribed" in report.alert_kinds, report.alerts
    assert descriptions(tmp_path) == before
    # an agency rewriting its descriptions, each its own, is just that
    for n, title in enumerate(TITLES, 1):
        portal.pages[f"/s/{n}"] = service(title, f"شرح تازه {title}")
    rewritten = run(portal, tmp_path)
    assert rewritten.status is CrawlStatus.COMPLETE, rewritten.summary()


def test_a_defacement_spread_over_two_crawls_is_caught_on_the_second(
    portal: Site, tmp_path: Path
) -> None:
    """Four titles renamed before one crawl and four before the next (red team round 6, F06):
    each crawl alone stays under the threshold; together they are most of the portal."""
    run(portal, tmp_path)
    spam = [f"هک شده توسط گروه سایبری {n}" for n in range(1, 9)]
    for n in range(1, 5):
        portal.pages[f"/s/{n}"] = service(spam[n - 1])
    first = run(portal, tmp_path)
    assert first.status is CrawlStatus.COMPLETE and first.renamed == 4, first.summary()
    for n in range(5, 9):
        portal.pages[f"/s/{n}"] = service(spam[n - 1])
    second = run(portal, tmp_path)
    assert second.status is CrawlStatus.SUSPECT, second.summary()
    assert "retitled" in second.alert_kinds
    assert "with the last crawl's, 8" in " ".join(second.alerts)
    # the second half kept its titles, and the first half's are put back (red team 12, F07)
    assert "4 renamed by earlier crawls are put back" in " ".join(second.alerts)
    assert titles(tmp_path) == set(TITLES)
    assert descriptions(tmp_path) == {f"شرح کامل {title}" for title in TITLES}


def test_a_defacement_of_two_titles_a_crawl_is_caught_and_put_back_whole(
    portal: Site, tmp_path: Path
) -> None:
    """Two titles defaced before each crawl (red team round 12, F07): each crawl with the last
    stayed under the threshold, and four complete crawls left all eight titles «Hacked by …
    هک شد توسط …». Renames to words the portal never used add up since its registration:
    the third step is suspect, and the titles the first two took are put back."""
    run(portal, tmp_path)
    reports = []
    for step in range(4):
        for n in (2 * step + 1, 2 * step + 2):
            portal.pages[f"/s/{n}"] = service(f"Hacked by Team-X{n} — هک شد توسط گروه ایکس {n}")
        reports.append(run(portal, tmp_path))
    assert [r.status for r in reports[:2]] == [CrawlStatus.COMPLETE] * 2, reports[1].summary()
    for report in reports[2:]:
        assert report.status is CrawlStatus.SUSPECT, report.summary()
        assert "retitled" in report.alert_kinds, report.alerts
    assert "6 of the 8 services were renamed in words" in reports[2].alerts[0]
    assert "4 renamed by earlier crawls are put back" in reports[2].alerts[0]
    assert titles(tmp_path) == set(TITLES)
    assert not any("هک" in text for text in descriptions(tmp_path))
    # restored from backup: believed again, nothing left to put back
    portal.pages.update(good_pages())
    clean = run(portal, tmp_path)
    assert clean.status is CrawlStatus.COMPLETE and not clean.alerts, clean.summary()


def test_renames_before_a_re_registration_do_not_add_up_after_it(
    portal: Site, tmp_path: Path
) -> None:
    """Re-registering the portal accepts what it shows (its baseline): renames from before
    it, and those the crawl right after it stored, no longer count toward a defacement."""
    run(portal, tmp_path)
    foreign = {n: f"Hacked by Team-X{n} — هک شد توسط گروه ایکس {n}" for n in range(1, 9)}
    reports = []
    for step in range(3):
        if step == 1:
            registry = Registry(crawl_options(tmp_path)["registry_url"])
            try:
                registry.add_portal(selectors_registration(PORTAL, portal.origin), replace=True)
            finally:
                registry.close()
        for n in (2 * step + 1, 2 * step + 2):
            portal.pages[f"/s/{n}"] = service(foreign[n])
        reports.append(run(portal, tmp_path))
    for report in reports:
        assert report.status is CrawlStatus.COMPLETE and not report.alerts, report.summary()
    assert reports[1].renamed_from == {}  # the accepted crawl keeps none for later counts
    assert len(reports[2].renamed_from) == 2


def test_an_agency_renaming_its_services_a_few_at_a_time_is_no_defacement(
    portal: Site, tmp_path: Path
) -> None:
    """Two services a crawl renamed in the portal's own words, six in all: renames an agency
    spreads over months are stored as they come, never a `retitled` alert."""
    run(portal, tmp_path)
    renamed = {
        1: "صدور پروانه ساختمان برای شهروندان",
        2: "تمدید پروانه شماره ۲",
        3: "صدور المثنی پروانه برای شهروندان",
        4: "پروانه کسب شهروندان",
        5: "صدور پروانه موقت شماره ۵",
        6: "تمدید پروانه شهروندان",
    }
    for step in range(3):
        for n in (2 * step + 1, 2 * step + 2):
            portal.pages[f"/s/{n}"] = service(renamed[n])
        report = run(portal, tmp_path)
        assert report.status is CrawlStatus.COMPLETE and not report.alerts, report.summary()
        assert report.renamed == 2, report.summary()
    assert set(renamed.values()) <= titles(tmp_path)


def test_a_suspect_crawl_keeps_none_of_the_new_pages_it_found(portal: Site, tmp_path: Path) -> None:
    run(portal, tmp_path)
    # adverts no word list names (the spam stage drops «وام فوری» itself since red team 11)
    spam = "".join(f'<a class="svc" href="/loan/{n}">فروش ویلا ساحلی {n}</a>' for n in range(3))
    notice = "<title>سامانه در حال به‌روزرسانی است</title><h1>سامانه در حال به‌روزرسانی است</h1>"
    portal.pages["/"] = home(spam, notice)
    for n in range(3):
        portal.pages[f"/loan/{n}"] = service(f"فروش ویلا ساحلی {n}")
    report = run(portal, tmp_path)
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert "3 new page(s) not kept" in report.retirement
    assert titles(tmp_path) == set(TITLES)


CHROME = (
    '<header><h2 class="notice">اطلاعیه: سامانه پرداخت عوارض امشب در حال به‌روزرسانی است</h2>'
    '</header><aside><h2>ورود به سامانه</h2><form method="post" action="/login">'
    '<input name="user"><input type="password" name="pass"><button>ورود</button></form></aside>'
)


def test_a_login_box_and_a_notice_on_every_page_take_no_service_away(tmp_path: Path) -> None:
    """Many portals show a login box in the sidebar and an announcement bar in the header on
    every page: what the surroundings say is not what the page is (red team round 6, F01)."""
    pages = {
        path: (status, headers, body.replace(b"<body>", b"<body>" + CHROME.encode()))
        for path, (status, headers, body) in good_pages().items()
    }
    with serve(pages) as site:
        report = run(site, tmp_path)
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert report.services_found == len(TITLES)
    assert titles(tmp_path) == set(TITLES)


ADVERTS = [
    "کازینو آنلاین معتبر {n} با بونوس ۱۰۰ درصد",
    "بهترین سایت شرط بندی فوتبال {n}",
    "بازی انفجار {n} با واریز فوری",
    "Online casino {n} — free spins",
]


def test_adverts_a_hacked_portal_lists_as_services_are_never_indexed(
    portal: Site, tmp_path: Path
) -> None:
    """A hacked CMS added forty gambling adverts to an eight-service catalogue (red team 8,
    F03): one `complete` crawl, no alert, and every advert searchable as a service."""
    run(portal, tmp_path)
    adverts = [ADVERTS[n % len(ADVERTS)].format(n=n) for n in range(40)]
    links = "".join(f'<a class="svc" href="/x/{n}">{t}</a>' for n, t in enumerate(adverts))
    portal.pages["/"] = home(links)
    for n, title in enumerate(adverts):
        portal.pages[f"/x/{n}"] = service(title, "ثبت نام کنید و جایزه بگیرید")
    report = run(portal, tmp_path)
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert "spam" in report.alert_kinds, report.alerts
    assert titles(tmp_path) == set(TITLES)


def test_an_advert_put_in_every_description_each_worded_its_own_way_is_not_taken(
    portal: Site, tmp_path: Path
) -> None:
    """Each description got its own advert sentence (red team 8, F06): no text is shared, so
    the «redescribed» guard did not see it, and «کازینو» found all eight services."""
    run(portal, tmp_path)
    before = descriptions(tmp_path)
    for n, title in enumerate(TITLES, 1):
        portal.pages[f"/s/{n}"] = service(
            title, f"شرح کامل {title} — {ADVERTS[n % len(ADVERTS)].format(n=n)} bet{n}.com"
        )
    report = run(portal, tmp_path)
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert (report.retired, report.missing) == (0, 0), report.retirement
    assert descriptions(tmp_path) == before
    # a service about betting, as the police offer one, is a service
    portal.pages["/s/1"] = service("گزارش سایت های قمار و شرط بندی", "گزارش به پلیس فتا")
    for n, title in enumerate(TITLES[1:], 2):
        portal.pages[f"/s/{n}"] = service(title)
    honest = run(portal, tmp_path)
    assert honest.status is CrawlStatus.COMPLETE, honest.summary()
    assert any(t.startswith("گزارش سایت") and "قمار" in t for t in titles(tmp_path))


def cut_after(title: str, mark: str) -> Page:
    """A page that died half-way, answered 200: its HTML stops right after ``mark``, as PHP's
    does when it dies with ``display_errors`` off (red team round 8, F11)."""
    _, headers, body = service(title)
    return 200, headers, body[: body.index(mark.encode()) + len(mark.encode())]


def test_service_pages_cut_off_half_way_keep_their_descriptions(
    portal: Site, tmp_path: Path
) -> None:
    """The crawl was complete with no error and the three services lost their description."""
    run(portal, tmp_path)
    before = descriptions(tmp_path)
    for n in (2, 5):
        portal.pages[f"/s/{n}"] = cut_after(TITLES[n - 1], "</h2>")
    portal.pages["/s/7"] = cut_after(TITLES[6], "شرح کامل صدور")  # in mid-description
    for _ in range(2):
        report = run(portal, tmp_path)
        assert report.status is CrawlStatus.PARTIAL, report.summary()
        assert report.errors["truncated_page"] == 3, report.summary()
        assert (report.retired, report.missing, report.updated) == (0, 0, 0), report.summary()
    assert descriptions(tmp_path) == before
    assert titles(tmp_path) == set(TITLES)


def test_a_page_without_closing_tags_that_lost_nothing_or_a_whole_page_clearing_its_text_counts(
    portal: Site, tmp_path: Path
) -> None:
    """Only a page that ends early *and* lost text is held: a page that merely omits
    ``</body></html>`` is read as before, and an agency clearing a description on a whole page
    has cleared it."""
    run(portal, tmp_path)
    _, headers, body = service(TITLES[1], "شرح تازه و بلندتر خدمت دوم برای شهروندان")
    portal.pages["/s/2"] = (200, headers, body.replace(b"</body></html>", b""))
    portal.pages["/s/5"] = service(TITLES[4], "")
    report = run(portal, tmp_path)
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert not report.errors["truncated_page"] and report.updated == 2, report.summary()
    assert {"شرح تازه و بلندتر خدمت دوم برای شهروندان", ""} <= descriptions(tmp_path)


def test_a_typography_fix_over_every_title_is_no_rename(portal: Site, tmp_path: Path) -> None:
    """An agency's «ویراستار» pass respaces every title with half-spaces (red team round 10,
    F04): the same words, no defacement. The portal is not frozen: its new spellings are
    taken, a service it adds is found and one it removes is retired."""
    run(portal, tmp_path)
    respaced = [t.replace("پروانه شماره", "پروانه\u200cشماره") for t in TITLES]
    portal.pages.update({f"/s/{n}": service(t) for n, t in enumerate(respaced, 1)})
    report = run(portal, tmp_path)
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert report.renamed == 0 and not report.alerts, report.alerts
    assert titles(tmp_path) == {normalize(t) for t in respaced} != set(TITLES)


def test_re_registering_a_portal_accepts_its_rewritten_texts(portal: Site, tmp_path: Path) -> None:
    """A registrar re-registers a portal to accept what it now shows, as for a shrink or a new
    site (red team round 10, F04 and F08): every title rewritten is then stored."""
    run(portal, tmp_path)
    rewritten = [f"خدمت بازنویسی شده شماره {n}" for n in "۱۲۳۴۵۶۷۸"]
    portal.pages.update({f"/s/{n}": service(t) for n, t in enumerate(rewritten, 1)})
    assert run(portal, tmp_path).status is CrawlStatus.SUSPECT
    assert titles(tmp_path) == set(TITLES)
    registry = Registry(crawl_options(tmp_path)["registry_url"])
    try:
        registry.add_portal(selectors_registration(PORTAL, portal.origin), replace=True)
    finally:
        registry.close()
    accepted = run(portal, tmp_path)
    assert accepted.status is CrawlStatus.COMPLETE, accepted.summary()
    assert titles(tmp_path) == set(rewritten)


HIJACKS = {
    "meta": '<meta http-equiv="refresh" content="0;url=http://127.0.0.2:9/casino">',
    "script": '<script>window.location.replace("http://127.0.0.2:9/casino");</script>',
}


@pytest.mark.parametrize("how", sorted(HIJACKS))
def test_service_pages_that_send_visitors_to_another_site_keep_their_services(
    portal: Site, tmp_path: Path, how: str
) -> None:
    """A hijacked CMS adds a meta refresh or a load-time script to a casino on three service
    pages and leaves their text (red team round 10, F01): the meta refresh retired them as
    gone, the script left citizens deep-linked to pages that bounce them off the portal."""
    run(portal, tmp_path)
    for n in (2, 5, 7):
        title = TITLES[n - 1]
        portal.pages[f"/s/{n}"] = html(
            f"<html><head>{HIJACKS[how]}</head><body><h2 class='title'>{title}</h2>"
            f"<div class='desc'>شرح کامل {title}</div></body></html>"
        )
    for _ in range(2):
        report = run(portal, tmp_path)
        assert report.status is CrawlStatus.SUSPECT, report.summary()
        assert "sent_away" in report.alert_kinds, report.alerts
        assert report.errors["offsite_redirect"] == 3, report.summary()
        assert (report.retired, report.missing) == (0, 0), report.retirement
    assert titles(tmp_path) == set(TITLES)
    registry = Registry(crawl_options(tmp_path)["registry_url"])
    try:
        marked = registry.broken_links([doc.id for doc in indexed(tmp_path)])
    finally:
        registry.close()
    assert sorted(check.url.rsplit("/", 1)[1] for check in marked.values()) == ["2", "5", "7"]
    assert {check.error for check in marked.values()} == {"offsite_redirect"}


CASINO = "http://127.0.0.2:9/casino"
# Red team round 11 (F03, F05): the injected redirects real hacks use, each a page a browser
# leaves at once for a host no government runs
HIJACKS_11 = {
    "settimeout": f'<script>setTimeout(function(){{ window.location.href = "{CASINO}"; }}, 10);'
    "</script>",
    "jquery ready": '<script src="/js/jquery.min.js"></script><script>$(document).ready('
    f'function(){{ location.replace("{CASINO}"); }});</script>',
    "jquery shorthand": f"<script>$(function () {{ window.location.assign('{CASINO}') }})</script>",
    "body onload": f"<body onload=\"window.location='{CASINO}'\">",
    "concat": "<script>var u = 'htt' + 'p://' + '127.0.0.2' + ':9/casino'; location.href = u;"
    "</script>",
    "named function called": f'<script>function go() {{ top.location = "{CASINO}" }} go();'
    "</script>",
    "onload calls a function": f'<body onload="go()"><script>function go() {{ location.href = '
    f'"{CASINO}"; }}</script>',
    "domcontentloaded": '<script>document.addEventListener("DOMContentLoaded", () => {'
    f' window.open("{CASINO}", "_self"); }});</script>',
    "hidden target": "<script>location.href = atob('aHR0cDovLzEyNy4wLjAuMjo5L2Nhc2lubw==');"
    "</script>",
    "meta to a login path": f'<meta http-equiv="refresh" content="0;url={CASINO}/login">',
    "script to a login path": f'<script>window.location.replace("{CASINO}/login");</script>',
    "302 to a login path": "",
}


# Red team round 12 (F01): a refresh after the first 4 KB of the page, the portal's own script
# file infected by a line appended to it, and the location written in brackets
HIJACKS_12 = {
    "late meta": "<style>" + "p.x { margin: 0 }\n" * 300 + "</style>"
    f'<meta http-equiv="refresh" content="0;url={CASINO}">',
    "script file": '<script src="/js/jquery.min.js"></script><script src="/js/theme.js"></script>',
    "library file": '<script src="/js/jquery-3.7.1.min.js"></script>',
    "brackets": f'<script>window["location"] = "{CASINO}";</script>',
    "brackets href": f"<script>top['location']['href'] = '{CASINO}';</script>",
    "brackets replace": f'<script>self["location"]["replace"]("{CASINO}");</script>',
    # no navigation at all: the other site laid over the whole window
    "covering frame": f'<body><iframe src="{CASINO}" style="position:fixed;top:0;left:0;'
    'width:100%;height:100%;z-index:99999;border:0"></iframe>',
}


THEME = "".join(f"function menu{i}(a) {{ return a.toggle({i}); }}\n" for i in range(2000))
MINIFIED = "/*! jQuery v3.7.1 */\n!function(e,t){" + "var n=e.document;" * 500 + "}(window);\n"
SCRIPT_FILES = {
    path: (200, {"Content-Type": "application/javascript"}, code.encode())
    for path, code in {
        "/js/theme.js": f'{THEME};(function(){{ window.location.replace("{CASINO}"); }})();\n',
        "/js/jquery-3.7.1.min.js": f'{MINIFIED}window.location="{CASINO}";\n',
        "/js/jquery.min.js": MINIFIED,
        "/js/pay.js": 'function pay() { location.href = "https://bank.example/"; }\n'
        '$("#pay").click(pay);\n',
    }.items()
}


def hijacked(how: str, title: str) -> Page:
    if how == "302 to a login path":
        return (302, {"Location": CASINO + "/login?return=/s/2"}, b"")
    code = HIJACKS_11.get(how) or HIJACKS_12[how]
    head, body = ("", code) if code.startswith("<body") else (code, "<body>")
    return html(
        f"<html><head>{head}</head>{body}<h2 class='title'>{title}</h2>"
        f"<div class='desc'>شرح کامل {title}</div></body></html>"
    )


@pytest.mark.parametrize("how", [*HIJACKS_11, *HIJACKS_12])
def test_hijacks_wrapped_hidden_or_posing_as_a_sign_on_are_caught(
    portal: Site, tmp_path: Path, how: str
) -> None:
    """Round 10 read a meta refresh and a top-level script line only: a timer, jQuery's
    ready, ``<body onload>`` or a target built of pieces got past (red team round 11, F03),
    and a casino's «/login» was taken for a sign-on page, with no alert and the link
    checker calling it working (F05). A refresh after 4 KB, an infected script file and
    ``window["location"]`` got past that (red team round 12, F01). Each is withheld,
    alerted and marked broken."""
    portal.pages.update(SCRIPT_FILES)
    run(portal, tmp_path)
    for n in (2, 5, 7):
        portal.pages[f"/s/{n}"] = hijacked(how, TITLES[n - 1])
    for _ in range(2):
        report = run(portal, tmp_path)
        assert report.status is CrawlStatus.SUSPECT, report.summary()
        assert "sent_away" in report.alert_kinds, (report.alerts, report.error_samples)
        assert report.errors["offsite_redirect"] == 3, report.summary()
        assert (report.retired, report.missing) == (0, 0), report.retirement
    assert titles(tmp_path) == set(TITLES)
    worker = Worker(worker_config(tmp_path))
    try:
        # the link checker reads no page: its 200 must not clear the crawl's mark
        worker._check_links(selectors_registration(PORTAL, portal.origin))
        marked = worker.registry.broken_links([doc.id for doc in indexed(tmp_path)])
    finally:
        worker.registry.close()
    assert sorted(check.url.rsplit("/", 1)[1] for check in marked.values()) == ["2", "5", "7"]


def test_a_theme_file_every_page_runs_infected_in_an_auto_portal_is_caught(tmp_path: Path) -> None:
    """Red team round 12 (F01): the portal's own ``/js/site.js``, included by every page and
    read by ``auto`` for the menus it names, gets one line appended that sends every visitor
    to a casino. The pages are unchanged; every one of them now sends its visitors away: the
    crawl is suspect, the services are kept, and their deep links are marked broken."""
    pages = AgencyPages("اداره کل ثبت اسناد و املاک استان سمنان")
    head = '<script src="/js/site.js"></script>'
    services = {
        f"/fa/khadamat/{n}": f"صدور سند مالکیت نوع {t}" for n, t in zip("1234", "۱۲۳۴", strict=True)
    }
    site_pages = {
        "/": pages.page("صفحه اصلی", '<a href="/fa/khadamat">خدمات</a>', head),
        "/fa/khadamat": pages.page(
            "خدمات",
            "<ul>" + "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in services.items()),
            head,
        ),
        **{path: pages.service(title) for path, title in services.items()},
    }
    for path in services:  # the service pages run the theme file too
        status, headers, body = site_pages[path]
        site_pages[path] = (status, headers, body.replace(b"</head>", head.encode() + b"</head>"))
    theme = 'function menu() { $(".menu").toggle(); }\n$(".open").click(menu);\n'
    script = (200, {"Content-Type": "application/javascript"}, theme.encode())
    with serve({**site_pages, "/js/site.js": script}) as site:
        first = crawl_sites({PORTAL: site}, tmp_path, "ثبت اسناد")
        assert first.reports[PORTAL].status is CrawlStatus.COMPLETE, first.reports[PORTAL].summary()
        assert set(first.found[PORTAL].values()) == set(services.values()), (
            first.asked,
            first.reports[PORTAL].summary(),
        )
        infected = theme + f';(function(){{ window.location.replace("{CASINO}"); }})();\n'
        site.pages["/js/site.js"] = (
            200,
            {"Content-Type": "application/javascript"},
            infected.encode(),
        )
        again = crawl_sites({PORTAL: site}, tmp_path, "ثبت اسناد")
    report = again.reports[PORTAL]
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert "sent_away" in report.alert_kinds, (report.alerts, report.error_samples)
    assert set(again.found[PORTAL].values()) == set(services.values())
    registry = Registry(crawl_options(tmp_path)["registry_url"])
    try:
        marked = registry.broken_links([doc.id for doc in indexed(tmp_path)])
    finally:
        registry.close()
    assert {check.url.removeprefix(site.origin) for check in marked.values()} == set(services)


ORDINARY_SCRIPTS = {
    # a payment button inside jQuery's ready: runs on a click, not as the page loads
    "click in ready": '<script>$(document).ready(function(){ $("#pay").click(function(){'
    ' location.href = "https://sep.shaparak.ir/pay"; }); });</script>',
    # the portal's own pages by script as it loads: a language switch, an https switch, a frame
    "own pages": '<script>$(function(){ if (lang == "en") { location.replace("/en/" + p); } });'
    'if (location.protocol == "http:") location.href = location.href.replace("http:", "https:");'
    "if (top != self) { top.location = self.location; }</script>",
    "method": '<script>var app = { go: function() { location.href = "https://bank.example/"; } };'
    "</script>",
    # the portal's own script file, whose payment function runs on a click
    "click in a script file": '<script src="/js/pay.js"></script>',
    # a library file as published, and one the portal does not serve
    "library file": '<script src="/js/jquery.min.js"></script><script src="/js/none.js"></script>',
    # a map embedded in the page, not laid over it
    "embedded frame": '<iframe src="https://maps.example/embed" style="width:100%;height:400px">'
    "</iframe>",
}


@pytest.mark.parametrize("how", list(ORDINARY_SCRIPTS))
def test_ordinary_script_navigation_is_no_hijack(portal: Site, tmp_path: Path, how: str) -> None:
    portal.pages.update(SCRIPT_FILES)
    for n in (2, 5, 7):
        portal.pages[f"/s/{n}"] = html(
            f"<html><head>{ORDINARY_SCRIPTS[how]}</head><body><h2 class='title'>{TITLES[n - 1]}"
            f"</h2><div class='desc'>شرح کامل {TITLES[n - 1]}</div></body></html>"
        )
    report = run(portal, tmp_path)
    assert report.status is CrawlStatus.COMPLETE and not report.alerts, report.summary()
    assert titles(tmp_path) == set(TITLES)


def test_a_script_that_navigates_on_a_click_is_no_hijack(portal: Site, tmp_path: Path) -> None:
    """Only a script sending every visitor away as the page loads counts: a button's
    function to the national window («my.gov.ir») is a service page's ordinary link."""
    script = '<script>function apply() { location.href = "https://my.gov.ir/apply"; }</script>'
    portal.pages["/s/3"] = html(
        f"<html><head>{script}</head><body><h2 class='title'>{TITLES[2]}</h2>"
        f"<div class='desc'>شرح کامل {TITLES[2]}</div></body></html>"
    )
    report = run(portal, tmp_path)
    assert report.status is CrawlStatus.COMPLETE and not report.alerts, report.summary()
    assert titles(tmp_path) == set(TITLES)
