"""Link checks that tell the truth (issue 12): a link our own rules refused is a
configuration problem, not a broken link; a crawl that finds a page clears its broken mark."""

from __future__ import annotations

from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from crawl_helpers import Page, crawl, html, serve, worker_config

from crawlers.worker import Worker
from indexer.documents import canonical_url, service_id
from registry.portals import Registry
from registry.records import LinkCheck
from registry.registration import Registration

SERVICE = """<html><head><script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "GovernmentService", "name": "{title}"}}
</script></head><body><h1>{title}</h1></body></html>"""
HOME = '<html><body><a href="/s/1">یک</a> <a href="/s/2">دو</a></body></html>'
PAGES = {
    "/": html(HOME),
    "/s/1": html(SERVICE.format(title="پرداخت عوارض")),
    "/s/2": html(SERVICE.format(title="صدور پروانه")),
}


def portal(origin: str) -> Registration:
    return Registration.parse(
        {"id": "karaj", "agency": "شهرداری کرج", "homepage": origin + "/", "strategy": "structured"}
    )


def registry_of(tmp: Path) -> Registry:
    return Registry(f"sqlite:///{tmp / 'registry.sqlite3'}")


def test_a_successful_crawl_clears_the_broken_mark_at_once(tmp_path: Path) -> None:
    with serve(PAGES) as site:
        reg = portal(site.origin)
        crawl([reg], tmp_path)
        first = service_id(canonical_url(site.origin + "/s/1"))
        registry = registry_of(tmp_path)
        try:  # the page was down at the last link check
            registry.record_link_checks(
                [
                    LinkCheck(
                        first, reg.id, site.origin + "/s/1", 503, "", datetime.now(UTC), "http_503"
                    )
                ]
            )
            assert set(registry.broken_links([first])) == {first}
            [report] = crawl([reg], tmp_path)  # it answers again
            assert report.services_found == 2
            assert registry.broken_links([first]) == {}  # no «پیوند خراب» for citizens any more
            check = registry.link_check(first)
            assert check is not None and check.status == 200 and not check.error
        finally:
            registry.close()


def test_a_link_refused_by_our_private_address_rule_is_a_configuration_problem(
    tmp_path: Path,
) -> None:
    with serve(PAGES) as site:
        reg = portal(site.origin)
        crawl([reg], tmp_path)  # a sandbox crawl (private addresses allowed)
        # `dargah worker` run without the sandbox setting
        config = worker_config(tmp_path, allow_private_addresses=False)
        worker = Worker(config)
        try:
            assert worker._check_links(reg) == 0  # nothing broken
        finally:
            worker.registry.close()
    registry = registry_of(tmp_path)
    try:
        ids = [service_id(canonical_url(site.origin + p)) for p in ("/s/1", "/s/2")]
        assert registry.broken_links(ids) == {}
        assert registry.link_checks(reg.id, broken_only=True) == []
        problems = registry.link_check_problems()
        assert {c.service_id for c in problems} == set(ids)
        assert all(c.error.startswith("refused_private_address") for c in problems)
    finally:
        registry.close()


def test_a_page_that_sends_browsers_away_but_shows_robots_the_page_stays_broken(
    tmp_path: Path,
) -> None:
    """Cloaking by User-Agent (red team round 12): a hacked portal shows any agent naming
    «bot» the page and 302s browsers to a casino. The crawl and the honest request saw working
    pages, and /go sent every citizen to the casino. The link check now asks as a browser too:
    the links are broken, a crawl (shown the page) does not clear them, and it is suspect with
    the ``sent_away`` alert, its services kept as they were."""
    with serve({}, host="127.0.0.3") as casino:

        def cloaked(request: BaseHTTPRequestHandler) -> Page | None:
            robot = "bot" in request.headers.get("User-Agent", "").lower()
            if request.path.startswith("/s/") and not robot:
                return 302, {"Location": casino.origin + "/"}, b""
            return None

        with serve(PAGES, answer=cloaked) as site:
            reg = portal(site.origin)
            [first] = crawl([reg], tmp_path)
            assert (first.status.value, first.alerts) == ("complete", [])
            worker = Worker(worker_config(tmp_path))
            try:
                assert worker._check_links(reg) == 2
            finally:
                worker.registry.close()
            ids = [service_id(canonical_url(site.origin + p)) for p in ("/s/1", "/s/2")]
            registry = registry_of(tmp_path)
            try:
                marks = registry.broken_links(ids)
                assert {c.error for c in marks.values()} == {"browser_sent_away: 127.0.0.3"}
                assert {c.final_url for c in marks.values()} == {casino.origin + "/"}
                [again] = crawl([reg], tmp_path)
                assert again.services_found == 2
                assert (again.status.value, again.alert_kinds) == ("suspect", ["sent_away"])
                assert set(registry.broken_links(ids)) == set(ids)  # still broken
            finally:
                registry.close()
