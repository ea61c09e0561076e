"""``strategy: auto`` alone on the unseen province's fourth round: three more portal styles.

A WordPress + Elementor site whose every heading (site name, post title, «مدارک مورد نیاز»,
footer «تماس با ما») is an ``h2.elementor-heading-title`` in a widget box of its own
(``entezami-semnan``), a SharePoint 2010 site whose title is only in
``span#ctl00_PlaceHolderMain_lblTitle``, served as UTF-8 with a BOM (``gas-kurdistan``), and a
«میز خدمت» portal whose listing links are service codes and whose title is only in a ``<dl>``
and in ``<title>`` (``mokhaberat-gilan``). The three are registered with their homepage and
``strategy: auto`` only, crawled once together, and scored against the committed ground truth
with :mod:`unseen_score`.

The first tests check the sandbox itself (ground truth, served titles); they crawl nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from crawl_helpers import crawl
from unseen_score import indexed, score

from registry.reports import CrawlStatus
from sandbox.catalogue import persian_digits
from sandbox.unseen import (
    DATA_DIR,
    PORTAL_IDS_ROUND4,
    UnseenProvince,
    auto_registration,
    build_sites_round4,
    ground_truth,
    render,
    start_unseen_round4,
)

RECALL_FLOOR = 0.85
PRECISION_FLOOR = 0.95
PATIENT = {"DOWNLOAD_TIMEOUT": 30, "RETRY_TIMES": 2}
_PERSIAN = str.maketrans("يك", "یک")


@pytest.fixture(scope="module")
def round4() -> Iterator[UnseenProvince]:
    with start_unseen_round4() as running:
        yield running


def _folded(text: str) -> str:
    return text.translate(_PERSIAN).replace("\u200c", "")


def _page(client: httpx.Client, round4: UnseenProvince, portal_id: str, path: str) -> str:
    """The page as text (UTF-8, BOM or not), after the redirect of a shortlink."""
    answer = client.get(round4.portals[portal_id].origin + path)
    assert answer.status_code == 200, path
    return html.unescape(answer.content.decode("utf-8-sig"))


# ---- the sandbox: what the crawl is measured against


@pytest.mark.parametrize("portal_id", PORTAL_IDS_ROUND4)
def test_committed_file_is_generated_from_the_catalogue(portal_id: str) -> None:
    committed = (DATA_DIR / portal_id / "ground_truth.json").read_text(encoding="utf-8")
    assert committed == render(build_sites_round4()[portal_id]), (
        "run: python -m sandbox.unseen --write-ground-truth"
    )


@pytest.mark.parametrize("portal_id", PORTAL_IDS_ROUND4)
def test_every_service_url_and_alias_shows_its_title(
    portal_id: str, round4: UnseenProvince
) -> None:
    truth = ground_truth(portal_id)
    assert 15 <= len(truth) <= 60
    assert all(not entry.origin for entry in truth)  # no sibling origins in this round
    with httpx.Client(follow_redirects=True) as client:
        for entry in truth:
            for path in (entry.path, *entry.aliases):
                page = _page(client, round4, portal_id, path)
                assert _folded(entry.title) in _folded(page), path


def test_the_title_is_only_where_each_style_puts_it(round4: UnseenProvince) -> None:
    with httpx.Client(follow_redirects=True) as client:
        # Elementor: the post title is one more h2.elementor-heading-title among the page's
        elementor = ground_truth("entezami-semnan")[0]
        page = _page(client, round4, "entezami-semnan", elementor.path)
        headings = re.findall(
            r'<h2 class="elementor-heading-title[^"]*">(?:<a [^>]*>)?([^<]+)', page
        )
        assert elementor.title in headings and "مدارک مورد نیاز" in headings
        assert len(headings) >= 5 and "<h1" not in page
        # SharePoint: a BOM; <title> names the layout and the only <h1> the site
        sharepoint = ground_truth("gas-kurdistan")[0]
        origin = round4.portals["gas-kurdistan"].origin
        assert client.get(origin + sharepoint.path).content.startswith(b"\xef\xbb\xbf")
        page = _page(client, round4, "gas-kurdistan", sharepoint.path)
        span = '<span id="ctl00_PlaceHolderMain_lblTitle" class="ms-pageTitle">'
        assert f"{span}{sharepoint.title}</span>" in page
        assert re.search(r"<title>\s*جزئيات خدمت\s*</title>", page)
        site_heading = page.split("<h1", 1)[1].split("</h1>", 1)[0]
        assert page.count("<h1") == 1 and sharepoint.title not in site_heading
        # «میز خدمت»: generic headings, the title in the profile's <dl> and after the site name
        miz = ground_truth("mokhaberat-gilan")[0]
        page = _page(client, round4, "mokhaberat-gilan", miz.path)
        assert (
            "<h1>شناسنامه خدمت</h1>" in page and f"<dt>عنوان خدمت</dt><dd>{miz.title}</dd>" in page
        )
        assert f"<title>میز خدمت مخابرات گیلان - {miz.title}</title>" in page
        code = persian_digits(miz.path.removeprefix("/service/"))  # the link names the code only
        listing = _page(client, round4, "mokhaberat-gilan", "/services")
        assert f'title="مشاهده شناسنامه">{code}</a></td><td>{miz.title}</td>' in listing


# ---- the crawl


@pytest.mark.slow
def test_auto_finds_the_services_of_each_round4_portal(
    round4: UnseenProvince, tmp_path: Path
) -> None:
    regs = [
        auto_registration(p, round4.portals[p].origin, round4.portals[p].agency)
        for p in PORTAL_IDS_ROUND4
    ]
    reports = {r.portal_id: r for r in crawl(regs, tmp_path, overrides=PATIENT)}
    failures: dict[str, list[str]] = {}
    for portal_id in PORTAL_IDS_ROUND4:
        report = reports[portal_id]
        result = score(
            round4.portals[portal_id].origin,
            ground_truth(portal_id),
            indexed(tmp_path, portal_id),
        )
        problems = []
        if report.status is not CrawlStatus.COMPLETE:
            problems.append(report.summary())
        if result.recall < RECALL_FLOOR:
            problems.append(f"missed: {result.missed}")
        if result.duplicates:
            problems.append(f"one service indexed twice: {result.duplicates}")
        if result.misnamed:
            problems.append(f"a service under another name: {result.misnamed}")
        if result.precision < PRECISION_FLOOR:
            problems.append(f"not services: {result.wrong}")
        if problems:  # all three portals are checked before the test fails
            failures[f"{portal_id} {result.found}/{result.expected}"] = problems
    assert not failures, failures
