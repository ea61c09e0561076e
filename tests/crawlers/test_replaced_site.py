"""Another agency's site answered on the portal's address replaces nothing (red team round 9).

A provincial multi-site CMS that lost a host binding answers agency A's domain with agency B's
site. The crawl found as many services as before, all of them new and none of A's: it was
`complete`, B's services were indexed under A's name and all of A's retired. Such a crawl is
`suspect` now (alert ``replaced``), while a first crawl and an agency's small change are not.
"""

from __future__ import annotations

from pathlib import Path

from crawl_helpers import FAST, Page, Site, crawl, html, selectors_registration, serve

from indexer.backends import open_backend
from registry.portals import Registry
from registry.reports import CrawlStatus
from search_ui.dashboard_text import alert_labels

PORTAL = "replaced"
A = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴۵۶"]
B = [f"ثبت درخواست پروانه بهره‌برداری چاه نوع {n}" for n in "۱۲۳۴۵۶"]


def service(title: str) -> Page:
    return html(f'<h2 class="title">{title}</h2><div class="desc">شرح کامل {title}</div>')


def show(site: Site, titles: dict[int, str]) -> None:
    """The homepage lists ``titles`` (by number), each at /s/<number>."""
    links = "".join(f'<a class="svc" href="/s/{n}">{t}</a> ' for n, t in titles.items())
    site.pages["/"] = html(f"<html><body>{links}</body></html>")
    site.pages.update({f"/s/{n}": service(t) for n, t in titles.items()})


def titles(tmp: Path) -> set[str]:
    backend = open_backend(tmp / "index", readonly=True)
    try:
        return {doc.title for doc in backend.documents([PORTAL])}
    finally:
        backend.close()


def test_another_agencys_site_on_the_portals_address_is_suspect(tmp_path: Path) -> None:
    with serve({}) as site:
        show(site, dict(enumerate(A, 1)))
        registration = selectors_registration(PORTAL, site.origin)
        [first] = crawl([registration], tmp_path, overrides=FAST)
        # a first crawl: every service is new, and nothing was indexed to be replaced
        assert first.status is CrawlStatus.COMPLETE and first.alert_kinds == [], first.summary()
        show(site, {100 + n: t for n, t in enumerate(B, 1)})  # A's own pages still answer
        reports = [crawl([registration], tmp_path, overrides=FAST)[0] for _ in range(2)]
    for report in reports:
        assert report.status is CrawlStatus.SUSPECT, report.summary()
        assert report.alert_kinds == ["replaced"], report.alerts
        assert (report.new, report.missing, report.retired) == (0, 0, 0), report.summary()
    assert titles(tmp_path) == set(A)  # none of B's under A's name, none of A's retired
    assert "وبگاه نهاد دیگری" in alert_labels(reports[0])[0]


def test_a_smaller_site_with_the_same_paths_is_suspect(tmp_path: Path) -> None:
    """Agency B's smaller site answers A's host at A's own paths (red team round 10, F05):
    half of A's URLs show B's services under B's titles, the rest answer 404. Each rename
    was under the rename threshold and each URL counted as found; both crawls were complete,
    and A lost every service."""
    with serve({}) as site:
        show(site, dict(enumerate(A, 1)))
        registration = selectors_registration(PORTAL, site.origin)
        crawl([registration], tmp_path, overrides=FAST)
        for n in range(1, len(A) + 1):
            del site.pages[f"/s/{n}"]
        show(site, dict(enumerate(B[:3], 1)))
        reports = [crawl([registration], tmp_path, overrides=FAST)[0] for _ in range(2)]
    for report in reports:
        assert report.status is CrawlStatus.SUSPECT, report.summary()
        assert "replaced" in report.alert_kinds, report.alerts
        assert report.retired == 0, report.summary()
    assert titles(tmp_path) == set(A)


def test_a_small_change_and_a_re_registered_portal_are_believed(tmp_path: Path) -> None:
    with serve({}) as site:
        show(site, dict(enumerate(A, 1)))
        registration = selectors_registration(PORTAL, site.origin)
        crawl([registration], tmp_path, overrides=FAST)
        # the agency removes two services and adds two: most of the old ones are found
        show(site, {n: t for n, t in enumerate(A, 1) if n <= 4} | {105: B[0], 106: B[1]})
        # ... pages and all: a page still showing its service keeps it (crawlers.evidence)
        for n in range(5, len(A) + 1):
            del site.pages[f"/s/{n}"]
        [changed] = crawl([registration], tmp_path, overrides=FAST)
        assert changed.status is CrawlStatus.COMPLETE, changed.summary()
        assert (changed.new, changed.missing) == (2, 2), changed.summary()
        # a site rebuilt under new URLs is suspect until the registrar accepts it
        for path in [p for p in site.pages if p.startswith("/s/")]:
            del site.pages[path]  # the old site's pages gone with it
        show(site, {200 + n: t for n, t in enumerate(B, 1)})
        [rebuilt] = crawl([registration], tmp_path, overrides=FAST)
        assert rebuilt.alert_kinds == ["replaced"], rebuilt.summary()
        registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
        try:
            registry.add_portal(registration, replace=True)
        finally:
            registry.close()
        [accepted] = crawl([registration], tmp_path, overrides=FAST)
    assert accepted.status is CrawlStatus.COMPLETE, accepted.summary()
    assert accepted.alert_kinds == [] and accepted.new == len(B), accepted.summary()
