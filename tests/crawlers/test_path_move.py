"""A portal that moves its service pages to new URLs keeps one copy of each (red team round 9).

The old URLs answer a permanent redirect (301, 308) to the new ones: the portal saying where the
service lives now. Service ids hash the URL, so before, the crawl stored every service again under
its new id while the old copies stayed: search listed each twice until they retired.
"""

from __future__ import annotations

from pathlib import Path

from crawl_helpers import FAST, Page, crawl, html, selectors_registration, serve

from crawlers.pipelines import _site
from indexer.backends import open_backend
from registry.reports import CrawlStatus

PORTAL = "pathmove"
TITLES = [f"صدور پروانه شماره {n} برای شهروندان" for n in "۱۲۳۴"]


def service(title: str) -> Page:
    return html(f'<h2 class="title">{title}</h2><div class="desc">شرح کامل {title}</div>')


def pages() -> dict[str, Page]:
    links = "".join(f'<a class="svc" href="/s/{n}">{t}</a> ' for n, t in enumerate(TITLES, 1))
    services = {f"/s/{n}": service(t) for n, t in enumerate(TITLES, 1)}
    return {"/": html(f"<html><body>{links}</body></html>"), **services}


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


def test_a_www_host_and_its_bare_twin_are_one_site() -> None:
    assert _site("https://www.Example.ir/s/1") == _site("http://example.ir:8080/x") == "example.ir"
    assert _site("https://mail.example.ir/") != _site("https://example.ir/")


def test_a_permanent_redirect_to_an_indexed_page_merges_into_it(tmp_path: Path) -> None:
    """The portal merges service 1 into service 4's page: /s/1 is that service now, dropped
    when the crawl closes rather than counted missing until it retires."""
    with serve(pages()) as site:
        registration = selectors_registration(PORTAL, site.origin)
        crawl([registration], tmp_path, overrides=FAST)
        site.pages["/s/1"] = (301, {"Location": "/s/4"}, b"")
        # /s/4 is no longer linked: reached only through the redirect
        links = "".join(
            f'<a class="svc" href="/s/{n}">{t}</a> ' for n, t in enumerate(TITLES[:3], 1)
        )
        site.pages["/"] = html(f"<html><body>{links}</body></html>")
        [merged] = crawl([registration], tmp_path, overrides=FAST)
    assert merged.status is CrawlStatus.COMPLETE, merged.summary()
    assert urls(tmp_path) == {"s/2", "s/3", "s/4"}
    assert (merged.new, merged.missing, merged.retired) == (0, 0, 0), merged.summary()
