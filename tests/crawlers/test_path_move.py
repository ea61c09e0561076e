"""A portal that moves its service pages to new URLs keeps one copy of each (red team round 9).

The old URLs answer a permanent redirect (301, 308) to the new ones: the portal saying where the
service lives now. Service ids hash the URL, so before, the crawl stored every service again under
its new id while the old copies stayed: search listed each twice until they retired.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crawl_helpers import FAST, Page, crawl, crawl_options, html, selectors_registration, serve

from indexer.backends import open_backend
from indexer.documents import ServiceDocument
from registry.portals import Registry
from registry.registration import Registration
from registry.reports import CrawlStatus
from registry.search_rules import RuleKind

PORTAL = "pathmove"
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴"]


def service(title: str) -> Page:
    return html(f'<h2 class="title">{title}</h2><div class="desc">شرح کامل {title}</div>')


def pages() -> dict[str, Page]:
    links = "".join(f'<a class="svc" href="/s/{n}">{t}</a> ' for n, t in enumerate(TITLES, 1))
    services = {f"/s/{n}": service(t) for n, t in enumerate(TITLES, 1)}
    return {"/": html(f"<html><body>{links}</body></html>"), **services}


def indexed(tmp: Path) -> list[ServiceDocument]:
    backend = open_backend(tmp / "index", readonly=True)
    try:
        return list(backend.documents([PORTAL]))
    finally:
        backend.close()


def urls(tmp: Path) -> set[str]:
    backend = open_backend(tmp / "index", readonly=True)
    try:
        return {doc.url.split("/", 3)[3] for doc in backend.documents([PORTAL])}
    finally:
        backend.close()


def test_a_permanent_redirect_to_a_new_path_moves_the_service_in_place(tmp_path: Path) -> None:
    with serve(pages()) as site:
        registration = selectors_registration(PORTAL, site.origin)
        first = crawl([registration], tmp_path, overrides=FAST)[0]
        assert first.services_found == len(TITLES), first.summary()
        for n, title in enumerate(TITLES, 1):
            site.pages[f"/fa/service/{n}.aspx"] = service(title)
        site.pages["/s/1"] = (301, {"Location": "/fa/service/1.aspx"}, b"")
        # a chain of permanent redirects: the trailing slash first, then the new path
        site.pages["/s/2"] = (308, {"Location": "/s/2/"}, b"")
        site.pages["/s/2/"] = (301, {"Location": "/fa/service/2.aspx"}, b"")
        # a temporary redirect says nothing of where the page lives: the old URL stays
        # indexed (and is missed) while the page it led to is a new one
        site.pages["/s/3"] = (302, {"Location": "/fa/service/3.aspx"}, b"")
        [moved] = crawl([registration], tmp_path, overrides=FAST)
    assert moved.status is CrawlStatus.COMPLETE, moved.summary()
    assert urls(tmp_path) == {
        "fa/service/1.aspx",
        "fa/service/2.aspx",
        "s/3",
        "fa/service/3.aspx",
        "s/4",
    }
    assert (moved.new, moved.updated, moved.unchanged) == (1, 2, 1), moved.summary()
    assert moved.missing == 1, moved.summary()


@pytest.mark.parametrize("both", [False, True], ids=["new-domain-alone", "both-domains"])
def test_a_portal_moved_to_a_new_domain_and_re_registered_keeps_one_copy(
    tmp_path: Path, both: bool
) -> None:
    """The agency moves its portal to a new domain, the old one answering 301 to the same
    page there, and the registrar re-registers it under the new domain, alone or with the
    old (red team round 10, F03): the next crawl listed every service twice, and the crawl
    after retired the old copies with the best bets that named them."""
    with serve(pages()) as old, serve(pages(), host="127.0.0.2") as new:
        crawl([selectors_registration(PORTAL, old.origin)], tmp_path, overrides=FAST)
        old.pages.update({path: (301, {"Location": new.origin + path}, b"") for path in old.pages})
        registry = Registry(crawl_options(tmp_path)["registry_url"])
        try:
            [third] = [doc.id for doc in indexed(tmp_path) if doc.title == TITLES[2]]
            registry.add_search_rule(RuleKind.BEST_BET, "مجوز ویژه", third, "registrar")
            moved = selectors_registration(PORTAL, new.origin)
            if both:
                hosts = ["127.0.0.1", "127.0.0.2"]
                data = moved.model_dump(mode="json", exclude_none=True)
                moved = Registration.parse({**data, "allowed_domains": hosts})
            registry.add_portal(moved, replace=True)
            reports = [crawl([moved], tmp_path, overrides=FAST)[0] for _ in range(2)]
            [bet] = registry.search_rules(RuleKind.BEST_BET)
        finally:
            registry.close()
    for report in reports:
        assert report.status is CrawlStatus.COMPLETE, report.summary()
        assert report.retired == 0, report.summary()
    if not both:  # found where the indexed copies were; with both, found first and then moved
        assert reports[0].new == 0, reports[0].summary()
    docs = indexed(tmp_path)
    assert sorted(doc.title for doc in docs) == sorted(TITLES)
    assert {doc.url.split("/", 3)[2] for doc in docs} == {new.origin.split("//")[1]}
    assert bet.target == next(doc.id for doc in docs if doc.title == TITLES[2]) != third


def test_a_permanent_redirect_to_an_indexed_page_is_missed_until_it_retires(
    tmp_path: Path,
) -> None:
    """The portal merges service 1 into service 4's page: /s/1 now says «see that service».
    It was dropped at once, as a move, with nothing in the report (red team round 12, F08);
    it is missed instead, and retires after ``retire_after_misses`` crawls, its best bet
    following it to the service it was merged into."""
    with serve(pages()) as site:
        registration = selectors_registration(PORTAL, site.origin)
        crawl([registration], tmp_path, overrides=FAST)
        [first] = [doc.id for doc in indexed(tmp_path) if doc.title == TITLES[0]]
        [fourth] = [doc.id for doc in indexed(tmp_path) if doc.title == TITLES[3]]
        registry = Registry(crawl_options(tmp_path)["registry_url"])
        try:
            registry.add_search_rule(RuleKind.BEST_BET, "مجوز ویژه", first, "registrar")
            site.pages["/s/1"] = (301, {"Location": "/s/4"}, b"")
            # /s/4 is no longer linked: reached only through the redirect
            links = "".join(
                f'<a class="svc" href="/s/{n}">{t}</a> ' for n, t in enumerate(TITLES[:3], 1)
            )
            site.pages["/"] = html(f"<html><body>{links}</body></html>")
            [merged] = crawl([registration], tmp_path, overrides=FAST)
            assert merged.status is CrawlStatus.COMPLETE, merged.summary()
            assert urls(tmp_path) == {"s/1", "s/2", "s/3", "s/4"}
            assert (merged.new, merged.missing, merged.retired) == (0, 1, 0), merged.summary()
            assert "redirect permanently to another indexed service" in merged.retirement
            [retired] = crawl([registration], tmp_path, overrides=FAST)
            [bet] = registry.search_rules(RuleKind.BEST_BET)
        finally:
            registry.close()
    assert (retired.missing, retired.retired) == (0, 1), retired.summary()
    assert urls(tmp_path) == {"s/2", "s/3", "s/4"}
    assert bet.target == fourth


def test_service_pages_redirected_into_one_other_service_are_kept_and_alerted(
    tmp_path: Path,
) -> None:
    """A redirect rule too broad (or a hostile one) sends three service pages to a fourth
    (red team round 12, F08): the three vanished in the next crawl, a complete one with no
    alert, retired=0 and missing=0. The crawl is suspect now and keeps them; once the
    registrar accepts the portal as it is (re-registering it), they are missed and retire
    after ``retire_after_misses`` crawls (a move to a URL no service had still moves at
    once: test_a_permanent_redirect_to_a_new_path_moves_the_service_in_place)."""
    with serve(pages()) as site:
        registration = selectors_registration(PORTAL, site.origin)
        crawl([registration], tmp_path, overrides=FAST)
        for n in (1, 2, 4):
            site.pages[f"/s/{n}"] = (301, {"Location": site.origin + "/s/3"}, b"")
        [suspect] = crawl([registration], tmp_path, overrides=FAST)
        assert suspect.status is CrawlStatus.SUSPECT, suspect.summary()
        assert "merged" in suspect.alert_kinds, suspect.alerts
        assert "3 service page(s)" in suspect.alerts[0]
        assert urls(tmp_path) == {"s/1", "s/2", "s/3", "s/4"}
        registry = Registry(crawl_options(tmp_path)["registry_url"])
        try:
            registry.add_portal(registration, replace=True)
        finally:
            registry.close()
        reports = [crawl([registration], tmp_path, overrides=FAST)[0] for _ in range(2)]
    assert [r.status for r in reports] == [CrawlStatus.COMPLETE] * 2, reports[0].summary()
    assert [(r.missing, r.retired) for r in reports] == [(3, 0), (0, 3)], reports[0].retirement
    assert "3 of them redirect permanently" in reports[0].retirement
    assert urls(tmp_path) == {"s/3"}
