"""A portal that lies (maintenance, one page for every URL, a parked domain) never loses services.

The sandbox's municipality portal (90 services) is crawled once as it is, then made to
answer every URL with a 200 page that is not its content. Those crawls are `suspect`:
they raise an alert with the reason, count no misses and retire nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from crawl_helpers import crawl

import sandbox
from indexer.backends import open_backend
from registry.portals import Registry
from registry.registration import Registration
from registry.reports import CrawlReport, CrawlStatus
from sandbox.site import MAINTENANCE_PAGE

pytestmark = pytest.mark.slow

KARAJ = "karaj-municipality"

# One page for every URL, with links the karaj recipe follows and nothing that says
# "maintenance": only its sameness gives it away.
SAME_PAGE = """<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>شهرداری کرج</title></head><body><h1>به درگاه شهرداری کرج خوش آمدید</h1>
<div class="accordion"><a class="category-more" href="/eservices/category/1">همه خدمات</a>
<a class="category-more" href="/eservices/category/2">همه خدمات</a></div>
<ul class="service-list">
<li><a class="service-link" href="{s1}">خدمت</a></li>
<li><a class="service-link" href="{s2}">خدمت</a></li>
<li><a class="service-link" href="{s3}">خدمت</a></li></ul>
<h1 class="service-title">خدمت</h1><div class="service-description"><p>به زودی</p></div>
</body></html>"""

PARKED_PAGE = """<!DOCTYPE html><html><head><title>karaj.ir</title></head><body>
<h1>karaj.ir</h1><p>This domain is for sale! Contact the owner to buy this domain.</p>
</body></html>"""


@pytest.fixture(scope="module")
def province() -> Iterator[sandbox.Province]:
    with sandbox.start_province(host_prefix="127.0.6.", slow_seconds=0.2) as running:
        yield running


def karaj(province: sandbox.Province) -> Registration:
    return next(r for r in province.registrations() if r.id == KARAJ)


def indexed_count(state: Path) -> int:
    backend = open_backend(state / "index", readonly=True)
    try:
        return len(backend.portal_hashes(KARAJ))
    finally:
        backend.close()


def crawl_standing_in(province: sandbox.Province, state: Path, page: str) -> CrawlReport:
    portal = province.portals[KARAJ]
    portal.answer_everything_with(page)
    try:
        [report] = crawl([karaj(province)], state)
    finally:
        portal.answer_everything_with(None)
    return report


def test_a_portal_under_maintenance_keeps_all_its_services_over_two_crawls(
    province: sandbox.Province, tmp_path: Path
) -> None:
    [good] = crawl([karaj(province)], tmp_path)
    assert good.status is CrawlStatus.COMPLETE, good.summary()
    assert good.services_found == indexed_count(tmp_path) == 90

    for _ in range(2):
        report = crawl_standing_in(province, tmp_path, MAINTENANCE_PAGE)
        assert report.status is CrawlStatus.SUSPECT, report.summary()
        assert (report.retired, report.missing) == (0, 0)
        assert {"maintenance_page", "too_few_services"} <= set(report.alert_kinds)
        assert report.baseline_services == 90
        assert report.errors["maintenance_page"] >= 1
        assert "suspect" in report.retirement and "90" in " ".join(report.alerts)
        assert "ALERT: " in report.summary()  # what `dargah crawl` prints
        assert indexed_count(tmp_path) == 90

    registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    try:
        assert registry.miss_counts(KARAJ) == {}  # misses were not even counted
        [(_, last), *_] = registry.runs(KARAJ)
        assert last.status is CrawlStatus.SUSPECT and last.alerts
    finally:
        registry.close()
    # The report file says it too, with the reason.
    newest = max((tmp_path / "reports" / KARAJ).glob("*.json"))
    data = json.loads(newest.read_text(encoding="utf-8"))
    assert data["status"] == "suspect" and "maintenance_page" in data["alert_kinds"]

    # Back to normal: a complete crawl, nothing missing.
    [again] = crawl([karaj(province)], tmp_path)
    assert again.status is CrawlStatus.COMPLETE, again.summary()
    assert (again.retired, again.missing, again.alerts) == (0, 0, [])


def indexed_titles(state: Path) -> dict[str, str]:
    backend = open_backend(state / "index", readonly=True)
    try:
        return {doc.url: doc.title for doc in backend.documents([KARAJ])}
    finally:
        backend.close()


def test_every_url_answering_the_same_page_is_suspect(
    province: sandbox.Province, tmp_path: Path
) -> None:
    [good] = crawl([karaj(province)], tmp_path)
    assert good.status is CrawlStatus.COMPLETE
    before = indexed_titles(tmp_path)
    # the page links three real services, which it then stands in for
    first = sorted(urlsplit(url).path for url in before)[:3]
    page = SAME_PAGE.format(s1=first[0], s2=first[1], s3=first[2])
    for _ in range(2):
        report = crawl_standing_in(province, tmp_path, page)
        assert report.status is CrawlStatus.SUSPECT, report.summary()
        assert "same_body" in report.alert_kinds, report.alerts
        assert report.pages_fetched >= 3 and report.retired == 0
        # the page reads as a service («خدمت») at the three addresses that hold one: one
        # title on three services' pages is none of theirs (red team round 8, F05), so none is
        # taken as changed, and a suspect crawl would overwrite nothing anyway
        assert report.updated == 0, report.summary()
        assert report.errors["service_not_shown"] == 3, report.summary()
    assert indexed_count(tmp_path) == 90
    assert indexed_titles(tmp_path) == before


# A soft 404 in the portal's own layout (the recipe reads its title), echoing the address.
SOFT_404 = """<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>صفحه یافت نشد | شهرداری کرج</title></head><body>
<h1 class="service-title">صفحه مورد نظر یافت نشد</h1>
<div class="service-description"><p>نشانی {path} در این درگاه وجود ندارد.</p></div></body></html>"""


def test_soft_404s_on_the_service_pages_replace_no_service(
    province: sandbox.Province, tmp_path: Path
) -> None:
    [good] = crawl([karaj(province)], tmp_path)
    assert good.status is CrawlStatus.COMPLETE
    before = indexed_titles(tmp_path)
    portal = province.portals[KARAJ]
    portal.answer_some_with(
        lambda path: SOFT_404.format(path=path) if path.startswith("/eservices/service/") else None
    )
    try:
        [report] = crawl([karaj(province)], tmp_path)
    finally:
        portal.answer_some_with(None)
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert "not_found_page" in report.alert_kinds, report.alerts
    assert (report.services_found, report.updated, report.retired) == (0, 0, 0)
    assert indexed_titles(tmp_path) == before  # none titled «صفحه مورد نظر یافت نشد»


def test_a_parked_domain_is_suspect_even_on_its_first_crawl(
    province: sandbox.Province, tmp_path: Path
) -> None:
    report = crawl_standing_in(province, tmp_path, PARKED_PAGE)
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert report.alert_kinds == ["parked_page"]
    assert report.baseline_services is None  # nothing to compare with: the page said it
    assert report.services_found == 0


def test_a_portal_that_really_shrank_is_accepted_by_re_registering_it(
    province: sandbox.Province, tmp_path: Path
) -> None:
    [good] = crawl([karaj(province)], tmp_path)
    assert good.status is CrawlStatus.COMPLETE and good.services_found == 90
    portal = province.portals[KARAJ]
    gone = [g.path for g in sandbox.ground_truth(KARAJ)[:60]]
    for path in gone:
        portal.hide(path)
    try:
        [shrunk] = crawl([karaj(province)], tmp_path)
        assert shrunk.status is CrawlStatus.SUSPECT, shrunk.summary()
        assert shrunk.alert_kinds == ["too_few_services"] and shrunk.missing == 0
        registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
        try:
            registry.add_portal(karaj(province), replace=True)  # the registrar accepts it
        finally:
            registry.close()
        [accepted] = crawl([karaj(province)], tmp_path)
    finally:
        for path in gone:
            portal.unhide(path)
    assert accepted.status is CrawlStatus.COMPLETE, accepted.summary()
    assert accepted.baseline_services is None and accepted.missing == 60
