"""The portal's own script files read for a hijack, as real themes lay them out (red team 14).

Small ``auto`` portals crawled twice together with the HTTP cache production crawls use
(conditional recrawls), clean the first time, their theme file infected the second: one line
that sends every visitor to a casino. The theme's file is the page's eleventh script, after
ten libraries, and asked with a version string (F01); it is the theme's minified build
``theme.min.js`` with the line written in front (F01); it keeps its ``ETag``, so the server
answers «304 Not Modified» to a crawler holding the clean copy while a citizen's browser,
holding none, runs the infected one (F02). A fourth portal, never infected, includes two dozen
files of its own, libraries and a minified theme whose payment function navigates on a click:
no hijack, a guide page in its services list left out, and the crawl's file budget kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from crawl_helpers import AgencyPages, Page, Site, SitesCrawled, crawl_options, serve

from crawlers.runner import run_crawls_in_subprocess
from crawlers.scriptfiles import MAX_CRAWL_FILES
from indexer.backends import open_backend
from registry.portals import Registry
from registry.reports import CrawlStatus

AGENCY = "اداره کل ثبت اسناد و املاک استان سمنان"
PAGES = AgencyPages(AGENCY)
CASINO = "https://casino.example/win"
HIJACK = f';(function(){{ window.location.replace("{CASINO}"); }})();'
JS = {"Content-Type": "application/javascript"}
THEME = 'function menu() { $(".menu").toggle(); }\n$(".open").click(menu);\n'
# the theme's own build: one long line, its payment function going away only on a click
MINIFIED = (
    "function menu(){$('.menu').toggle()}" * 80
    + 'function pay(){location.href="https://bank.example/pay"}$("#pay").click(pay);\n'
)
LIBS = [
    "jquery",
    "bootstrap.bundle",
    "popper",
    "swiper-bundle",
    "select2",
    "owl.carousel",
    "slick",
    "moment",
    "lodash",
    "fontawesome",
]
SERVICES = {
    f"/fa/khadamat/{n}": f"صدور سند مالکیت نوع {t}" for n, t in zip("1234", "۱۲۳۴", strict=True)
}
GUIDE = "/fa/khadamat/rahnama"


def library(name: str) -> Page:
    code = f"/*! {name} v3.7.1 */\n!function(e,t){{" + "var n=e.document;" * 200 + "}(window);\n"
    return 200, JS, code.encode()


def portal(head: str, files: dict[str, Page], guide: bool = False) -> dict[str, Page]:
    """Home, a services list and four service pages, every one including ``head``."""
    items = "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in SERVICES.items())
    if guide:
        items += f'<li><a href="{GUIDE}">راهنمای استفاده از سامانه</a></li>'
    site = {
        "/": PAGES.page("صفحه اصلی", '<a href="/fa/khadamat">خدمات</a>', head),
        "/fa/khadamat": PAGES.page("خدمات", f"<ul>{items}</ul>", head),
        GUIDE: PAGES.page(
            "راهنمای استفاده از سامانه",
            "<h1>راهنمای استفاده از سامانه</h1><p>این راهنما نحوه کار با سامانه را شرح می‌دهد."
            "</p><h3>چگونه ثبت‌نام کنم؟</h3><p>با شماره همراه خود وارد شوید.</p>",
            head,
        ),
    }
    for path, title in SERVICES.items():
        status, headers, body = PAGES.service(title)
        site[path] = (status, headers, body.replace(b"</head>", head.encode() + b"</head>"))
    return {**site, **files}


LIB_FILES = {f"/js/{n}.min.js": library(n) for n in LIBS}
LIB_TAGS = "".join(f'<script src="/js/{n}.min.js"></script>' for n in LIBS)
OWN_FILES = {f"/js/part{i}.js": (200, JS, THEME.encode()) for i in range(24)}
OWN_TAGS = "".join(f'<script src="/js/part{i}.js"></script>' for i in range(24))

# name -> (pages, the infected file: path -> page, or nothing)
PORTALS: dict[str, tuple[dict[str, Page], dict[str, Page]]] = {
    "eleventh": (
        portal(
            LIB_TAGS + '<script src="/js/site.js?v=3"></script>',
            {**LIB_FILES, "/js/site.js?v=3": (200, JS, THEME.encode())},
        ),
        {"/js/site.js?v=3": (200, JS, (THEME + HIJACK + "\n").encode())},
    ),
    "minified": (
        portal(
            '<script src="/js/jquery.min.js"></script><script src="/js/theme.min.js"></script>',
            {
                "/js/jquery.min.js": library("jQuery"),
                "/js/theme.min.js": (200, JS, MINIFIED.encode()),
            },
        ),
        {"/js/theme.min.js": (200, JS, (HIJACK + MINIFIED).encode())},
    ),
    "cloaked": (
        portal(
            '<script src="/js/site.js"></script>',
            {"/js/site.js": (200, {**JS, "ETag": '"theme-v1"'}, THEME.encode())},
        ),
        # the same ETag: a conditional request is answered 304, a browser's gets the file
        {"/js/site.js": (200, {**JS, "ETag": '"theme-v1"'}, (THEME + HIJACK + "\n").encode())},
    ),
    "ordinary": (
        portal(
            LIB_TAGS + OWN_TAGS + '<script src="/js/theme.min.js"></script>',
            {**LIB_FILES, **OWN_FILES, "/js/theme.min.js": (200, JS, MINIFIED.encode())},
            guide=True,
        ),
        {},
    ),
}
HOSTS = {name: f"127.0.61.{n}" for n, name in enumerate(PORTALS, start=1)}


def crawl_cached(sites: dict[str, Site], tmp: Path) -> SitesCrawled:
    """One crawl of every portal with the HTTP cache, as production crawls run."""
    from sandbox.unseen import auto_registration
    from tests.crawlers.unseen_score import indexed

    registrations = [auto_registration(k, s.origin, AGENCY) for k, s in sites.items()]
    asked = {k: len(s.requests) for k, s in sites.items()}
    reports = run_crawls_in_subprocess(
        registrations, timeout=120, http_cache_dir=tmp / "httpcache", **crawl_options(tmp)
    )
    found = {
        key: {url.removeprefix(site.origin): title for url, title in indexed(tmp, key)}
        for key, site in sites.items()
    }
    return SitesCrawled(
        found,
        {k: s.requests[asked[k] :] for k, s in sites.items()},
        {r.portal_id: r for r in reports},
    )


@pytest.fixture(scope="module")
def crawls(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[SitesCrawled, SitesCrawled, dict[str, Site], Path]]:
    tmp = tmp_path_factory.mktemp("script_files")
    with ExitStack() as stack:
        sites = {
            name: stack.enter_context(serve(pages, host=HOSTS[name]))
            for name, (pages, _) in PORTALS.items()
        }
        first = crawl_cached(sites, tmp)
        for name, (_, infected) in PORTALS.items():
            sites[name].pages.update(infected)
        again = crawl_cached(sites, tmp)
        yield first, again, sites, tmp


def marked_broken(tmp: Path, portal_id: str, site: Site) -> set[str]:
    backend = open_backend(tmp / "index", readonly=True)
    try:
        ids = [doc.id for doc in backend.documents([portal_id])]
    finally:
        backend.close()
    registry = Registry(crawl_options(tmp)["registry_url"])
    try:
        marked = registry.broken_links(ids)
    finally:
        registry.close()
    return {check.url.removeprefix(site.origin) for check in marked.values()}


def test_the_clean_portals_are_crawled_whole(
    crawls: tuple[SitesCrawled, SitesCrawled, dict[str, Site], Path],
) -> None:
    first = crawls[0]
    for name in PORTALS:
        report = first.reports[name]
        assert report.status is CrawlStatus.COMPLETE and not report.alerts, report.summary()
        assert set(first.found[name].values()) == set(SERVICES.values()), (name, first.asked[name])


@pytest.mark.parametrize("name", ["eleventh", "minified", "cloaked"])
def test_an_infected_theme_file_sends_every_page_away(
    crawls: tuple[SitesCrawled, SitesCrawled, dict[str, Site], Path], name: str
) -> None:
    """The eleventh script, a minified theme with the line in front, and a file answered 304
    to a conditional request: every page including it is withheld, kept, its link broken."""
    _, again, sites, tmp = crawls
    report = again.reports[name]
    assert report.status is CrawlStatus.SUSPECT, report.summary()
    assert "sent_away" in report.alert_kinds, (report.alerts, report.error_samples)
    assert set(again.found[name].values()) == set(SERVICES.values())
    assert marked_broken(tmp, name, sites[name]) == set(SERVICES)


def test_ordinary_script_files_are_no_hijack_and_their_reads_are_bounded(
    crawls: tuple[SitesCrawled, SitesCrawled, dict[str, Site], Path],
) -> None:
    """Two dozen files of the portal's own, ten libraries and a minified theme whose payment
    runs on a click: no hijack; the guide is left out; at most the crawl's file budget is
    read, the theme's file (the page's last) among them."""
    first, again, _, _ = crawls
    for crawl in (first, again):
        report = crawl.reports["ordinary"]
        assert report.status is CrawlStatus.COMPLETE and not report.alerts, report.summary()
        assert GUIDE not in crawl.found["ordinary"]
        files = {path for path in crawl.asked["ordinary"] if path.endswith(".js")}
        assert len(files) <= MAX_CRAWL_FILES, sorted(files)
        assert "/js/theme.min.js" in files
