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

import re
from collections.abc import Iterator

import httpx
import pytest

from sandbox.catalogue import persian_digits
from sandbox.unseen import (
    PORTAL_IDS_ROUND4,
    UnseenProvince,
    ground_truth,
    start_round,
)
from tests.crawlers.crawl_helpers import Crawled
from tests.crawlers.unseen_rounds import crawl_auto, fetch_page, problems, scored


@pytest.fixture(scope="module")
def round4() -> Iterator[UnseenProvince]:
    with start_round(4) as running:
        yield running


# ---- the sandbox: what the crawl is measured against


def test_the_title_is_only_where_each_style_puts_it(round4: UnseenProvince) -> None:
    with httpx.Client(follow_redirects=True) as client:
        # Elementor: the post title is one more h2.elementor-heading-title among the page's
        elementor = ground_truth("entezami-semnan")[0]
        page = fetch_page(client, round4, "entezami-semnan", elementor.path)
        headings = re.findall(
            r'<h2 class="elementor-heading-title[^"]*">(?:<a [^>]*>)?([^<]+)', page
        )
        assert elementor.title in headings and "مدارک مورد نیاز" in headings
        assert len(headings) >= 5 and "<h1" not in page
        # SharePoint: a BOM; <title> names the layout and the only <h1> the site
        sharepoint = ground_truth("gas-kurdistan")[0]
        origin = round4.portals["gas-kurdistan"].origin
        assert client.get(origin + sharepoint.path).content.startswith(b"\xef\xbb\xbf")
        page = fetch_page(client, round4, "gas-kurdistan", sharepoint.path)
        span = '<span id="ctl00_PlaceHolderMain_lblTitle" class="ms-pageTitle">'
        assert f"{span}{sharepoint.title}</span>" in page
        assert re.search(r"<title>\s*جزئيات خدمت\s*</title>", page)
        site_heading = page.split("<h1", 1)[1].split("</h1>", 1)[0]
        assert page.count("<h1") == 1 and sharepoint.title not in site_heading
        # «میز خدمت»: generic headings, the title in the profile's <dl> and after the site name
        miz = ground_truth("mokhaberat-gilan")[0]
        page = fetch_page(client, round4, "mokhaberat-gilan", miz.path)
        assert (
            "<h1>شناسنامه خدمت</h1>" in page and f"<dt>عنوان خدمت</dt><dd>{miz.title}</dd>" in page
        )
        assert f"<title>میز خدمت مخابرات گیلان - {miz.title}</title>" in page
        code = persian_digits(miz.path.removeprefix("/service/"))  # the link names the code only
        listing = fetch_page(client, round4, "mokhaberat-gilan", "/services")
        assert f'title="مشاهده شناسنامه">{code}</a></td><td>{miz.title}</td>' in listing


# ---- the crawl


@pytest.fixture(scope="module")
def auto_crawl(round4: UnseenProvince, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    return crawl_auto(round4, PORTAL_IDS_ROUND4, tmp_path_factory.mktemp("unseen-round4"))


@pytest.mark.slow
@pytest.mark.parametrize("portal_id", PORTAL_IDS_ROUND4)
def test_auto_finds_the_services_of_each_round4_portal(
    portal_id: str, round4: UnseenProvince, auto_crawl: Crawled
) -> None:
    result = scored(round4, auto_crawl, portal_id)
    found = problems(result, auto_crawl.reports[portal_id])
    assert not found, f"{result.found}/{result.expected}: {found}"
