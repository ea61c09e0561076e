"""``strategy: auto`` alone on the unseen province: seven CMSs the rules were not written for.

Each portal is registered the way a registrar tries first (homepage + auto);
the crawl must find its services under their own names, once each, and the
report must say where it looked and why it skipped pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from registry.registration import Registration
from sandbox.province import Province
from sandbox.unseen import (
    PORTAL_IDS,
    UnseenProvince,
    auto_registration,
    ground_truth,
    start_unseen,
)
from tests.crawlers.crawl_helpers import Crawled, crawl
from tests.crawlers.unseen_rounds import PATIENT, crawl_auto, problems, scored
from tests.crawlers.unseen_score import indexed, score

pytestmark = pytest.mark.slow

RECALL_FLOOR = 0.85
PRECISION_FLOOR = 0.95


@pytest.fixture(scope="module")
def unseen() -> Iterator[UnseenProvince]:
    with start_unseen() as running:
        yield running


def registration(unseen: UnseenProvince, portal_id: str, **extra: object) -> Registration:
    portal = unseen.portals[portal_id]
    base = auto_registration(portal_id, portal.origin, portal.agency)
    return Registration.parse({**base.model_dump(mode="json"), **extra})


@pytest.fixture(scope="module")
def auto_crawl(unseen: UnseenProvince, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    return crawl_auto(unseen, PORTAL_IDS, tmp_path_factory.mktemp("unseen"))


@pytest.mark.parametrize("portal_id", PORTAL_IDS)
def test_auto_finds_the_services_of_each_unseen_portal(
    portal_id: str, unseen: UnseenProvince, auto_crawl: Crawled
) -> None:
    result = scored(unseen, auto_crawl, portal_id)
    found = problems(result, auto_crawl.reports[portal_id])
    assert not found, f"{result.found}/{result.expected}: {found}"


def test_report_names_the_sections_and_the_rejected_news(auto_crawl: Crawled) -> None:
    report = auto_crawl.reports["miras-qazvin"]
    assert any("%D8%AE%D8%AF%D9%85%D8%A7%D8%AA" in url for url in report.sections)  # «خدمات»
    assert report.rejected["news"] >= 4
    assert 1 <= len(report.rejected_samples["news"]) <= 3
    assert any(line.startswith("rejected as news:") for line in report.explanation())


def test_copies_of_one_service_are_merged_and_named(auto_crawl: Crawled) -> None:
    """Tetis lists some services under two groups: one service, the copy named in the report."""
    report = auto_crawl.reports["behzisti-qazvin"]
    assert report.merged_count >= 1
    assert all(" -> " in line and "CategoryID" in line for line in report.merged)
    assert report.rejected["duplicate"] == report.merged_count


def test_tracking_parameters_and_missing_slashes_never_reach_the_index(
    auto_crawl: Crawled,
) -> None:
    urls = [url for url, _ in indexed(auto_crawl.tmp, "miras-qazvin")]
    assert urls and not [u for u in urls if "utm_" in u or not u.endswith("/")]


def test_endless_calendar_and_english_mirror_are_not_walked(
    unseen: UnseenProvince, auto_crawl: Crawled
) -> None:
    asked = unseen.portals["jahad-qazvin"].requests
    assert not [p for p in asked if "taqvim" in p or p.startswith("/en/")]


def test_ignore_query_params_keeps_one_url_per_service(
    unseen: UnseenProvince, tmp_path: Path
) -> None:
    tetis = registration(unseen, "behzisti-qazvin", ignore_query_params=["CategoryID"])
    [report] = crawl([tetis], tmp_path, overrides=PATIENT)
    urls = [url for url, _ in indexed(tmp_path, "behzisti-qazvin")]
    assert len(urls) == len(ground_truth("behzisti-qazvin")) == report.services_found
    assert not [u for u in urls if "CategoryID" in u]
    result = scored(unseen, Crawled(tmp_path, {report.portal_id: report}, 0.0), "behzisti-qazvin")
    assert (result.recall, result.precision) == (1.0, 1.0)


@pytest.fixture(scope="module")
def demo_auto_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Province, Crawled]]:
    """The demo province registered with nothing but ``strategy: auto`` (its own registrations
    use careful recipes): six more portals the rules were not written for."""
    import sandbox

    with sandbox.start_province(host_prefix="127.0.8.", slow_seconds=0.5) as demo:
        tmp = tmp_path_factory.mktemp("demo-auto")
        regs = [auto_registration(p.id, p.origin, p.agency) for p in demo.portals.values()]
        reports = crawl(regs, tmp, overrides=PATIENT)
        yield demo, Crawled(tmp, {r.portal_id: r for r in reports}, 0.0)


def test_auto_alone_on_the_demo_province(demo_auto_crawl: tuple[Province, Crawled]) -> None:
    import sandbox
    from sandbox.unseen.base import UnseenTruth

    demo, crawled = demo_auto_crawl
    for portal_id in sandbox.PORTAL_IDS:
        truth = [UnseenTruth(g.path, g.title) for g in sandbox.ground_truth(portal_id)]
        result = score(demo.portals[portal_id].origin, truth, indexed(crawled.tmp, portal_id))
        assert result.recall >= RECALL_FLOOR, (portal_id, result.missed[:5])
        assert result.precision >= PRECISION_FLOOR, (portal_id, result.wrong[:5])
