"""The unseen province serves what its committed ground truth says, in the CMS's own shapes."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import httpx
import pytest

from sandbox.province import Province
from sandbox.unseen import (
    DATA_DIR,
    PORTAL_IDS,
    build_sites,
    ground_truth,
    render,
    start_unseen,
)

_PERSIAN = str.maketrans("يك", "یک")


@pytest.fixture(scope="module")
def unseen() -> Iterator[Province]:
    with start_unseen() as running:
        yield running


@pytest.mark.parametrize("portal_id", PORTAL_IDS)
def test_committed_file_is_generated_from_the_catalogue(portal_id: str) -> None:
    committed = (DATA_DIR / portal_id / "ground_truth.json").read_text(encoding="utf-8")
    assert committed == render(build_sites()[portal_id]), (
        "run: python -m sandbox.unseen --write-ground-truth"
    )


@pytest.mark.parametrize("portal_id", PORTAL_IDS)
def test_every_service_url_and_alias_shows_its_title(portal_id: str, unseen: Province) -> None:
    origin = unseen.portals[portal_id].origin
    truth = ground_truth(portal_id)
    assert 15 <= len(truth) <= 60
    for entry in truth:
        for path in (entry.path, *entry.aliases):
            answer = httpx.get(origin + path)
            assert answer.status_code == 200, path
            text = answer.text.translate(_PERSIAN)
            if portal_id != "fani-qazvin":  # the single-page app renders in the browser
                assert entry.title.replace("\u200c", "") in text.replace("\u200c", ""), path


def test_the_spa_feed_lists_every_service(unseen: Province) -> None:
    origin = unseen.portals["fani-qazvin"].origin
    url: str | None = origin + "/jsonapi/node/service?page[offset]=0&page[limit]=8"
    titles = []
    while url:
        data = httpx.get(url).json()
        titles += [item["attributes"]["title"] for item in data["data"]]
        url = (data["links"].get("next") or {}).get("href")
    assert titles == [t.title for t in ground_truth("fani-qazvin")]


def test_the_gzipped_sitemap_index_is_named_in_robots_txt(unseen: Province) -> None:
    origin = unseen.portals["standard-qazvin"].origin
    robots = httpx.get(origin + "/robots.txt").text
    assert f"Sitemap: {origin}/sitemap_index.xml.gz" in robots
    index = gzip.decompress(httpx.get(origin + "/sitemap_index.xml.gz").content).decode()
    assert "services.xml.gz" in index
    assert httpx.get(origin + "/sitemap.xml").status_code == 404


def test_the_joomla_calendar_never_ends(unseen: Province) -> None:
    origin = unseen.portals["jahad-qazvin"].origin
    page = httpx.get(origin + "/fa/taqvim/monthcalendar/1520/3/-")
    assert page.status_code == 200 and "/fa/taqvim/monthcalendar/1520/4/-" in page.text
