"""A service about gambling sites is a service; one advert is dropped by itself (red team 10, F06).

The cyber police (FATA) and the judiciary offer «گزارش سایت‌های شرط‌بندی آنلاین و کازینو».
The spam signs matched «کازینو» anywhere, and one matching item made the crawl `suspect`: a
newly registered police portal ended its first crawl with no service at all, and an indexed
one stayed suspect for good (nothing stored, nothing retired). Adverts a hacked portal shows
(red teams 6 to 8, tests/crawlers/test_withheld_pages.py) are still caught.
"""

from __future__ import annotations

from pathlib import Path

from crawl_helpers import (
    FAST,
    Page,
    Site,
    crawl,
    html,
    indexed_titles,
    selectors_registration,
    serve,
)

from registry.reports import CrawlReport, CrawlStatus

PORTAL = "fata"
TITLES = [f"صدور گواهی شماره {n} برای شهروندان" for n in "۱۲۳۴۵۶۷۸"]
REPORT_TITLE = "گزارش سایت‌های شرط‌بندی آنلاین و کازینو"
REPORT_TEXT = (
    "شهروندان می‌توانند نشانی سایت‌های کازینو و شرط‌بندی آنلاین را برای پیگیری قضایی"
    " به پلیس فتا گزارش کنند"
)


def home(links: dict[str, str]) -> Page:
    anchors = "".join(f'<a class="svc" href="{path}">{title}</a> ' for path, title in links.items())
    return html(f"<html><head><title>پلیس فتا</title></head><body>{anchors}</body></html>")


def service(title: str, description: str | None = None) -> Page:
    text = f"شرح کامل {title}" if description is None else description
    return html(
        f'<html><body><h2 class="title">{title}</h2><div class="desc">{text}</div></body></html>'
    )


def pages(extra: dict[str, tuple[str, str]]) -> dict[str, Page]:
    links = {f"/s/{n}": t for n, t in enumerate(TITLES, 1)} | {p: t for p, (t, _) in extra.items()}
    found = {f"/s/{n}": service(t) for n, t in enumerate(TITLES, 1)}
    found |= {path: service(title, text) for path, (title, text) in extra.items()}
    return {"/": home(links), **found}


def run(site: Site, state: Path) -> CrawlReport:
    [report] = crawl([selectors_registration(PORTAL, site.origin)], state, overrides=FAST)
    return report


def titles(state: Path) -> set[str]:
    return indexed_titles(state, PORTAL)


def test_a_police_service_about_gambling_sites_is_indexed_on_a_first_crawl(tmp_path: Path) -> None:
    with serve(pages({"/s/9": (REPORT_TITLE, REPORT_TEXT)})) as site:
        report = run(site, tmp_path)
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert "spam" not in report.alert_kinds, report.alerts
    assert not report.errors["spam"]
    assert titles(tmp_path) == {*TITLES, REPORT_TITLE}


def test_a_police_service_about_gambling_sites_added_later_leaves_the_portal_believed(
    tmp_path: Path,
) -> None:
    """Added to an indexed portal, it made every crawl suspect: the service was never
    searchable, and a service the police removed was never retired."""
    with serve(pages({})) as site:
        assert run(site, tmp_path).status is CrawlStatus.COMPLETE
        site.pages.update(pages({"/s/9": (REPORT_TITLE, REPORT_TEXT)}))
        site.pages["/"] = home(
            {f"/s/{n}": t for n, t in enumerate(TITLES[:7], 1)} | {"/s/9": REPORT_TITLE}
        )
        del site.pages["/s/8"]
        reports = [run(site, tmp_path) for _ in range(2)]
    assert [r.status for r in reports] == [CrawlStatus.COMPLETE] * 2, reports[-1].summary()
    assert reports[-1].retired == 1, reports[-1].retirement
    assert titles(tmp_path) == {*TITLES[:7], REPORT_TITLE}


def test_one_advert_on_a_first_crawl_is_dropped_and_the_other_services_kept(
    tmp_path: Path,
) -> None:
    advert = ("کازینو آنلاین معتبر با بونوس ۱۰۰ درصد", "ثبت نام کنید و جایزه بگیرید")
    with serve(pages({"/x/1": advert})) as site:
        report = run(site, tmp_path)
    assert report.errors["spam"] == 1, report.summary()
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert titles(tmp_path) == set(TITLES)


def test_several_adverts_on_a_first_crawl_still_make_it_suspect(tmp_path: Path) -> None:
    adverts = {
        "/x/1": ("کازینو آنلاین معتبر", "ثبت نام کنید و جایزه بگیرید"),
        "/x/2": ("بهترین سایت شرط بندی فوتبال", "واریز فوری"),
        "/x/3": ("بازی انفجار", "ورود به سایت bet90.com"),
    }
    with serve(pages(adverts)) as site:
        report = run(site, tmp_path)
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert "spam" in report.alert_kinds, report.alerts
    assert titles(tmp_path) == set()  # a hacked portal's first crawl keeps nothing
