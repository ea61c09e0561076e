"""Services named with a stand-in's words are services (red team 11, F08).

The maintenance, error and not-found signs (crawlers/data/page_signs.yaml) matched anywhere in
a title: «سامانه تعمیر و نگهداری تجهیزات پزشکی» was a maintenance page, «گزارش خطایی رخ داده
در قبض» an error page, «اعلام نشانی نامعتبر پستی» a soft 404. A portal whose <title> carries
such a system's name got no service, for good; a new portal lost those services. A sign now
counts only where it ends what it is said in; a portal answering every page with a notice is
still not believed.
"""

from __future__ import annotations

from pathlib import Path

from crawl_helpers import FAST, Page, crawl, html, indexed_titles, selectors_registration, serve

from registry.reports import CrawlReport, CrawlStatus

PORTAL = "rt11names"
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴۵۶۷۸"]
NAMED_ALIKE = [
    "سامانه تعمیر و نگهداری تجهیزات پزشکی",
    "ثبت درخواست در سامانه جامع تعمیر و نگهداری مدارس",
    "گزارش خطایی رخ داده در قبض",
    "اعلام نشانی نامعتبر پستی",
    "فعال سازی مجدد سامانه غیرفعال شده",
]
SITE = "سامانه جامع تعمیر و نگهداری مدارس"


def service(title: str, site: str = "") -> Page:
    head = f"<title>{title} | {site}</title>" if site else f"<title>{title}</title>"
    return html(
        f'<html><head>{head}</head><body><h2 class="title">{title}</h2>'
        f'<div class="desc">شرح کامل {title}: مدارک لازم، مراحل و هزینه‌ها</div></body></html>'
    )


def portal(titles: list[str], site: str = "") -> dict[str, Page]:
    name = site or "اداره آزمایشی"
    links = "".join(f'<a class="svc" href="/s/{n}">{t}</a> ' for n, t in enumerate(titles, 1))
    home = html(
        f"<html><head><title>{name}</title></head><body><h1>{name}</h1>{links}</body></html>"
    )
    return {"/": home, **{f"/s/{n}": service(t, site) for n, t in enumerate(titles, 1)}}


def run(origin: str, state: Path) -> CrawlReport:
    [report] = crawl([selectors_registration(PORTAL, origin)], state, overrides=FAST)
    return report


def titles(state: Path) -> set[str]:
    return indexed_titles(state, PORTAL)


def test_a_portal_named_like_a_maintenance_notice_is_crawled(tmp_path: Path) -> None:
    with serve(portal(TITLES, SITE)) as site:
        reports = [run(site.origin, tmp_path) for _ in range(2)]
    assert [r.status for r in reports] == [CrawlStatus.COMPLETE] * 2, reports[-1].summary()
    assert not reports[-1].errors["maintenance_page"], reports[-1].summary()
    assert titles(tmp_path) == set(TITLES)


def test_services_named_like_stand_ins_are_indexed(tmp_path: Path) -> None:
    with serve(portal(TITLES + NAMED_ALIKE)) as site:
        report = run(site.origin, tmp_path)
    assert report.status is CrawlStatus.COMPLETE, report.summary()
    assert titles(tmp_path) == {*TITLES, *NAMED_ALIKE}


def test_a_portal_answering_every_page_with_a_notice_is_still_not_believed(
    tmp_path: Path,
) -> None:
    notice = html(
        "<html><head><title>سامانه در حال تعمیر و نگهداری است</title></head><body>"
        "<h1>پوزش؛ سامانه موقتاً در دسترس نیست. لطفاً بعداً مراجعه کنید</h1></body></html>"
    )
    with serve(portal(TITLES)) as site:
        assert run(site.origin, tmp_path).status is CrawlStatus.COMPLETE
        site.pages = {path: notice for path in site.pages}
        report = run(site.origin, tmp_path)
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert "maintenance_page" in report.alert_kinds, report.alerts
    assert titles(tmp_path) == set(TITLES)
