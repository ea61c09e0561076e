"""The unseen province serves what its committed ground truth says, in the CMS's own shapes."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import httpx
import pytest

from sandbox.unseen import (
    CMS,
    DATA_DIR,
    ROUNDS,
    UnseenProvince,
    ground_truth,
    render,
    start_round,
    start_unseen,
)
from tests.crawlers.unseen_rounds import decoded, folded

EVERY_PORTAL = [(n, portal_id) for n, spec in ROUNDS.items() for portal_id in spec.portal_ids]
SPA = "fani-qazvin"  # a single-page app: its pages are shells the browser fills


@pytest.fixture(scope="module")
def unseen() -> Iterator[UnseenProvince]:
    with start_unseen() as running:
        yield running


@pytest.fixture(scope="module", params=sorted(ROUNDS))
def served(request: pytest.FixtureRequest) -> Iterator[tuple[int, UnseenProvince]]:
    """Each round in turn, on ephemeral ports of its own hosts."""
    with start_round(request.param) as running:
        yield request.param, running


@pytest.mark.parametrize(("number", "portal_id"), EVERY_PORTAL)
def test_committed_file_is_generated_from_the_catalogue(number: int, portal_id: str) -> None:
    committed = (DATA_DIR / portal_id / "ground_truth.json").read_text(encoding="utf-8")
    assert committed == render(ROUNDS[number].build()[portal_id]), (
        "run: python -m sandbox.unseen --write-ground-truth"
    )


def test_portal_ids_and_hosts_are_unique_across_rounds() -> None:
    ids = [portal_id for _, portal_id in EVERY_PORTAL]
    assert len(set(ids)) == len(ids) and set(ids) == set(CMS)
    hosts = [spec.host_prefix for spec in ROUNDS.values()]
    assert len(set(hosts)) == len(hosts)


def test_every_service_url_and_alias_shows_its_title(served: tuple[int, UnseenProvince]) -> None:
    number, province = served
    with httpx.Client(follow_redirects=True) as client:
        for portal_id in ROUNDS[number].portal_ids:
            origins = {"": province.portals[portal_id].origin, **province.origins(portal_id)}
            truth = ground_truth(portal_id)
            assert 10 <= len(truth) <= 60, portal_id
            assert len({entry.title for entry in truth}) == len(truth), portal_id
            for entry in truth:
                for path in (entry.path, *entry.aliases):
                    answer = client.get(origins[entry.origin] + path)
                    assert answer.status_code == 200, (portal_id, path)
                    if portal_id != SPA:
                        page = folded(decoded(answer.content))
                        assert folded(entry.title) in page, (portal_id, path)


def test_the_spa_feed_lists_every_service(unseen: UnseenProvince) -> None:
    origin = unseen.portals["fani-qazvin"].origin
    url: str | None = origin + "/jsonapi/node/service?page[offset]=0&page[limit]=8"
    titles = []
    while url:
        data = httpx.get(url).json()
        titles += [item["attributes"]["title"] for item in data["data"]]
        url = (data["links"].get("next") or {}).get("href")
    assert titles == [t.title for t in ground_truth("fani-qazvin")]


def test_the_gzipped_sitemap_index_is_named_in_robots_txt(unseen: UnseenProvince) -> None:
    origin = unseen.portals["standard-qazvin"].origin
    robots = httpx.get(origin + "/robots.txt").text
    assert f"Sitemap: {origin}/sitemap_index.xml.gz" in robots
    index = gzip.decompress(httpx.get(origin + "/sitemap_index.xml.gz").content).decode()
    assert "services.xml.gz" in index
    assert httpx.get(origin + "/sitemap.xml").status_code == 404


def test_the_joomla_calendar_never_ends(unseen: UnseenProvince) -> None:
    origin = unseen.portals["jahad-qazvin"].origin
    page = httpx.get(origin + "/fa/taqvim/monthcalendar/1520/3/-")
    assert page.status_code == 200 and "/fa/taqvim/monthcalendar/1520/4/-" in page.text
