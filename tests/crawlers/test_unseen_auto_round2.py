"""``strategy: auto`` alone on the unseen province's second round: four more portal styles.

ASP.NET WebForms paged by ``__doPostBack`` (``barq-zanjan``; ``barq-zanjan-norelated`` has no
GET link at all to the grid's pages 2-3), Drupal 9 (``saorg``), Bootstrap tabs + accordion
whose services have no page of their own (``rahdari-hamedan``: the deep links are forms on
the request system, a sibling origin, read off each card by :mod:`crawlers.strategies.listed`)
and a Rayan-style windows-1256 portal routed by its query string (``pmo-bushehr``). Each is
registered with its homepage and ``strategy: auto`` only, crawled once, and scored against
the committed ground truth with :mod:`unseen_score`.

The first tests check the sandbox itself (ground truth, form posts); they crawl nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from sandbox.province import MAX_FORM_BYTES
from sandbox.unseen import (
    PORTAL_IDS_ROUND2,
    UnseenProvince,
    ground_truth,
    start_round,
)
from sandbox.unseen.webforms import GRID, WebFormsSite
from tests.crawlers.crawl_helpers import Crawled
from tests.crawlers.unseen_rounds import crawl_auto, problems, scored


@pytest.fixture(scope="module")
def round2() -> Iterator[UnseenProvince]:
    with start_round(2) as running:
        yield running


# ---- the sandbox: what the crawl is measured against


def test_the_accordion_links_each_service_to_the_request_system(round2: UnseenProvince) -> None:
    portal = round2.portals["rahdari-hamedan"]
    requests = round2.origins("rahdari-hamedan")["requests"]
    assert requests != portal.origin and requests.startswith(f"http://{portal.host}:")
    page = httpx.get(portal.origin + "/khadamat").text
    ajax = httpx.get(portal.origin + "/khadamat/ajax/tab.php?cat=4").text
    for entry in ground_truth("rahdari-hamedan"):
        assert entry.origin == "requests"
        assert requests + entry.path in page + ajax, entry.title


def _grid_titles(html: str) -> list[str]:
    return re.findall(r'_lnkTitle" href="[^"]*">([^<]*)<', html)


def _viewstate(html: str) -> str:
    found = re.search(r'name="__VIEWSTATE" id="__VIEWSTATE" value="([^"]*)"', html)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("portal_id", ["barq-zanjan", "barq-zanjan-norelated"])
def test_the_webforms_grid_pages_by_postback(portal_id: str, round2: UnseenProvince) -> None:
    portal = round2.portals[portal_id]
    listing = portal.origin + "/Services/ServiceList.aspx"
    first = httpx.get(listing).text
    assert "javascript:__doPostBack('ctl00$cph$gvServices','Page$2')" in first
    states, titles = {_viewstate(first)}, _grid_titles(first)
    for n in (2, 3):
        form = {"__EVENTTARGET": GRID, "__EVENTARGUMENT": f"Page${n}", "__VIEWSTATE": "x"}
        answer = httpx.post(listing, data=form)
        assert answer.status_code == 200 and "ETag" not in answer.headers
        assert f"<span>{n}</span>" in answer.text and "'Page$1'" in answer.text
        states.add(_viewstate(answer.text))
        titles += _grid_titles(answer.text)
    assert len(states) == 3  # a fresh __VIEWSTATE per grid page
    assert len(titles) == len(set(titles)) == len(ground_truth(portal_id))
    assert (listing, "Page$3") in [
        (portal.origin + t, f["__EVENTARGUMENT"]) for t, f in portal.posts
    ]
    # any other post (the category filter, an unknown page) shows the page a GET shows
    for other in ({"__EVENTTARGET": "ctl00$cph$ddlCategory"}, {"__EVENTARGUMENT": "Page$2"}):
        assert _grid_titles(httpx.post(listing, data=other).text) == _grid_titles(first)
    nine = {"__EVENTTARGET": GRID, "__EVENTARGUMENT": "Page$9"}
    assert _grid_titles(httpx.post(listing, data=nine).text) == _grid_titles(first)


@pytest.mark.parametrize("portal_id", ["barq-zanjan", "barq-zanjan-norelated"])
def test_only_related_links_reach_the_later_grid_pages_by_get(
    portal_id: str, round2: UnseenProvince
) -> None:
    """Without «خدمات مرتبط» no detail page links another service: grid pages 2-3 are
    reachable by POST only (the home page's «پرکاربردترین خدمات» aside)."""
    site = round2.portals[portal_id].site
    assert isinstance(site, WebFormsSite)
    origin = round2.portals[portal_id].origin
    linked: set[int] = set()
    for spec in site.order[:10]:
        page = httpx.get(origin + site.service_path(spec)).text
        linked |= {int(n) for n in re.findall(r"servicedetail\.aspx\?serviceid=(\d+)", page)}
    later = {s.number for s in site.order[10:]}
    if portal_id == "barq-zanjan":
        assert linked & later
    else:
        assert not linked


def test_a_form_post_is_capped(round2: UnseenProvince) -> None:
    origin = round2.portals["barq-zanjan"].origin
    big = b"x=" + b"y" * MAX_FORM_BYTES
    ctype = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = httpx.post(origin + "/Services/ServiceList.aspx", content=big, headers=ctype)
    assert answer.status_code == 413
    home = httpx.get(origin + "/").text
    assert httpx.post(origin + "/", data={"a": "b"}).text == home  # a plain post: as a GET


# ---- the crawl


@pytest.fixture(scope="module")
def auto_crawl(round2: UnseenProvince, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    return crawl_auto(round2, PORTAL_IDS_ROUND2, tmp_path_factory.mktemp("unseen-round2"))


@pytest.mark.slow
@pytest.mark.parametrize("portal_id", PORTAL_IDS_ROUND2)
def test_auto_finds_the_services_of_each_round2_portal(
    portal_id: str, round2: UnseenProvince, auto_crawl: Crawled
) -> None:
    result = scored(round2, auto_crawl, portal_id)
    found = problems(result, auto_crawl.reports[portal_id])
    assert not found, f"{result.found}/{result.expected}: {found}"


@pytest.mark.slow
def test_the_postback_only_grid_pages_were_asked_by_post(
    round2: UnseenProvince, auto_crawl: Crawled
) -> None:
    posts = round2.portals["barq-zanjan-norelated"].posts
    asked = [(f.get("__EVENTTARGET"), f.get("__EVENTARGUMENT")) for _, f in posts]
    assert {(GRID, "Page$2"), (GRID, "Page$3")} <= set(asked), asked
    assert len(asked) == len(set(asked)), "a grid page was posted for twice"
