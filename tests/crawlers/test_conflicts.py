"""Two portals that find the same page: the service is never moved silently (issue 12).

Registering overlapping portals takes an explicit permission; when it was given and two
crawls find one URL, the first portal keeps the service and both crawl reports say so.
"""

from __future__ import annotations

from pathlib import Path

from crawl_helpers import crawl, html, serve

from indexer.backends import open_backend
from registry.portals import Registry
from registry.registration import Registration

SERVICE = """<html><head><script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "GovernmentService", "name": "{title}"}}
</script></head><body><h1>{title}</h1></body></html>"""
HOME = '<html><body><a href="/s/1">یک</a> <a href="/s/2">دو</a></body></html>'


def registration(portal_id: str, origin: str, agency: str) -> Registration:
    return Registration.parse(
        {"id": portal_id, "agency": agency, "homepage": origin + "/", "strategy": "structured"}
    )


def test_a_second_portal_finding_the_same_pages_takes_nothing_and_both_reports_say_so(
    tmp_path: Path,
) -> None:
    pages = {
        "/": html(HOME),
        "/s/1": html(SERVICE.format(title="پرداخت مالیات")),
        "/s/2": html(SERVICE.format(title="استرداد مالیات")),
    }
    with serve(pages) as site:
        first = registration("tax-alborz", site.origin, "اداره کل امور مالیاتی البرز")
        second = registration("tax-copy", site.origin, "نسخه دوم مالیات")
        [report] = crawl([first], tmp_path)
        assert report.services_found == 2
        registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
        try:
            registry.add_portal(second)  # the registrar allowed the overlap explicitly
        finally:
            registry.close()
        [copy] = crawl([second], tmp_path)
        [again] = crawl([first], tmp_path)

    backend = open_backend(tmp_path / "index", readonly=True)
    try:
        assert len(backend.portal_hashes("tax-alborz")) == 2  # still the first portal's
        assert backend.portal_hashes("tax-copy") == {}
    finally:
        backend.close()
    assert copy.errors["conflict"] == 2 and copy.new == 0
    assert any(
        "/s/1" in s and "tax-alborz" in s for s in copy.error_samples if s.startswith("conflict")
    )
    # the first portal's report says it too, and its next crawl finds all its services
    registry = Registry(f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    try:
        reports = [r for _, r in registry.runs("tax-alborz")]
    finally:
        registry.close()
    noted = reports[1]  # the crawl before the copy's: the newest when the copy ran
    assert noted.errors["conflict"] == 2
    assert any("tax-copy" in s for s in noted.error_samples)
    assert again.services_found == 2 and again.unchanged == 2 and again.retired == 0
