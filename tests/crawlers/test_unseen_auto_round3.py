"""``strategy: auto`` alone on the unseen province's third round: four more portal styles.

A Sitefinity-like portal whose services listing is paged by ``<button onclick>`` plus one
icon-only ``<a rel="next">`` (``shahrak-kerman``), one big services ``<table>`` whose links say
«مشاهده»/«جزئیات» while the title sits in another cell (``mokhaberat-bushehr``), a Laravel/Vue
site whose service sections are ``<details><summary><h3>`` blocks (``sabt-mazandaran``) and a
Joomla 1.5 portal in windows-1256 with a wrong or missing charset (``gas-khuzestan``). Each is
registered with its homepage and ``strategy: auto`` only, crawled once, and scored against the
committed ground truth with :mod:`unseen_score`.

The first tests check the sandbox itself (ground truth, served titles); they crawl nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from sandbox.unseen import (
    PORTAL_IDS_ROUND3,
    UnseenProvince,
    ground_truth,
    start_round,
)
from tests.crawlers.crawl_helpers import Crawled
from tests.crawlers.unseen_rounds import crawl_auto, problems, scored


@pytest.fixture(scope="module")
def round3() -> Iterator[UnseenProvince]:
    with start_round(3) as running:
        yield running


# ---- the sandbox: what the crawl is measured against


def test_the_joomla_portal_declares_no_or_a_wrong_charset(round3: UnseenProvince) -> None:
    origin = round3.portals["gas-khuzestan"].origin
    home = httpx.get(origin + "/")
    assert home.headers["Content-Type"] == "text/html; charset=iso-8859-1"
    assert b"charset=windows-1256" in home.content
    article = httpx.get(origin + ground_truth("gas-khuzestan")[0].path)
    assert article.headers["Content-Type"] == "text/html"
    assert b"charset" not in article.content


def test_the_sitefinity_pager_has_one_link_only(round3: UnseenProvince) -> None:
    origin = round3.portals["shahrak-kerman"].origin
    first = httpx.get(origin + "/fa/services").text
    assert "onclick=\"window.location.href='/fa/services?page=3'\"" in first
    assert first.count('rel="next"') == 1 and 'href="/fa/services?page=3"' not in first


# ---- the crawl


@pytest.fixture(scope="module")
def auto_crawl(round3: UnseenProvince, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    return crawl_auto(round3, PORTAL_IDS_ROUND3, tmp_path_factory.mktemp("unseen-round3"))


@pytest.mark.slow
@pytest.mark.parametrize("portal_id", PORTAL_IDS_ROUND3)
def test_auto_finds_the_services_of_each_round3_portal(
    portal_id: str, round3: UnseenProvince, auto_crawl: Crawled
) -> None:
    result = scored(round3, auto_crawl, portal_id)
    found = problems(result, auto_crawl.reports[portal_id])
    assert not found, f"{result.found}/{result.expected}: {found}"
