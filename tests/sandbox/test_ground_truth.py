"""The committed ground truth is exactly what the portals serve and list."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import httpx
import parsel
import pytest

from sandbox import PORTAL_IDS, Province, ground_truth
from sandbox.groundtruth import DATA_DIR, render
from sandbox.portals import build_sites

_PERSIAN = str.maketrans("يك", "یک")


def _relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _text(response: httpx.Response) -> str:
    charset = "windows-1256" if b"charset=windows-1256" in response.content[:600] else "utf-8-sig"
    return response.content.decode(charset).translate(_PERSIAN)


@pytest.mark.parametrize("portal_id", PORTAL_IDS)
def test_committed_file_is_generated_from_the_catalogue(portal_id: str) -> None:
    committed = (DATA_DIR / portal_id / "ground_truth.json").read_text(encoding="utf-8")
    assert committed == render(build_sites()[portal_id]), (
        "run: python -m sandbox --write-ground-truth"
    )


def test_province_has_400_distinct_services() -> None:
    paths = [(pid, g.path) for pid in PORTAL_IDS for g in ground_truth(pid)]
    assert len(paths) >= 400
    assert len(set(paths)) == len(paths)
    for pid in PORTAL_IDS:
        titles = [g.title for g in ground_truth(pid)]
        assert len(set(titles)) == len(titles), pid
        assert all(t and "ي" not in t and "ك" not in t for t in titles)


def test_unknown_portal_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="no-such-portal"):
        ground_truth("no-such-portal")


@pytest.mark.parametrize("portal_id", PORTAL_IDS)
def test_every_service_page_is_served_with_its_title(
    province: Province, http: httpx.Client, portal_id: str
) -> None:
    origin = province.portals[portal_id].origin
    for truth in ground_truth(portal_id):
        response = http.get(origin + truth.path)
        assert response.status_code == 200, truth.path
        assert f">{truth.title}<" in _text(response), truth.path


# -- the listings a crawler walks lead to exactly the ground truth ------------------------------


def _walk(http: httpx.Client, origin: str, start: str, links: str, pagination: str) -> set[str]:
    """Follow pagination from ``start`` and collect the service links of every listing page."""
    seen, queue, found = set(), [start], set()
    while queue:
        page = queue.pop()
        if page in seen:
            continue
        seen.add(page)
        selector = parsel.Selector(_text(http.get(origin + page)))
        found |= {
            _relative(urljoin(origin + page, h))
            for h in selector.css(links + "::attr(href)").getall()
        }
        queue += [
            _relative(urljoin(origin + page, h))
            for h in selector.css(pagination + "::attr(href)").getall()
        ]
    return found


def _resolve(http: httpx.Client, origin: str, paths: Iterable[str]) -> set[str]:
    """Follow redirects; keep the final paths that answer 200."""
    final = set()
    for path in paths:
        response = http.get(origin + path, follow_redirects=True)
        if response.status_code == 200:
            final.add(_relative(str(response.url)))
    return final


def test_mrud_table_pages_list_the_ground_truth(province: Province, http: httpx.Client) -> None:
    origin = province.portals["mrud-alborz"].origin
    found = _walk(http, origin, "/Default.aspx?tabid=50", "td.ServiceTitle a", "div.Pager a")
    assert found == {g.path for g in ground_truth("mrud-alborz")}


def test_tax_sitemap_lists_services_and_other_pages(province: Province, http: httpx.Client) -> None:
    origin = province.portals["tax-alborz"].origin
    index = http.get(origin + "/sitemap.xml").text
    locs = []
    for child in re.findall(r"<loc>([^<]+)</loc>", index):
        locs += re.findall(r"<loc>([^<]+)</loc>", http.get(child).text)
    services = set()
    for loc in locs:
        for block in (
            parsel.Selector(_text(http.get(loc)))
            .css("script[type='application/ld+json']::text")
            .getall()
        ):
            if json.loads(block)["@type"] == "GovernmentService":
                services.add(_relative(loc))
    assert services == {g.path for g in ground_truth("tax-alborz")}
    assert len(locs) > len(services)  # news and static pages are in the sitemap too


def test_karaj_categories_list_the_ground_truth(province: Province, http: httpx.Client) -> None:
    origin = province.portals["karaj-municipality"].origin
    start = parsel.Selector(http.get(origin + "/eservices").text)
    found = set()
    for category in start.css("div.accordion a.category-more::attr(href)").getall():
        found |= _walk(http, origin, category, "ul.service-list a.service-link", "a.no-pagination")
    assert found == {g.path for g in ground_truth("karaj-municipality")}


def test_sabt_listing_resolves_to_the_ground_truth(province: Province, http: httpx.Client) -> None:
    origin = province.portals["sabt-alborz"].origin
    linked = _walk(
        http, origin, "/fa/services", "div.service-list a.service-item", "ul.pagination a"
    )
    assert len(linked) == len(ground_truth("sabt-alborz")) + 1  # plus the dead link
    assert _resolve(http, origin, linked) == {g.path for g in ground_truth("sabt-alborz")}


def test_ostandari_service_desk_lists_the_ground_truth(
    province: Province, http: httpx.Client
) -> None:
    origin = province.portals["ostandari-alborz"].origin
    found = _walk(http, origin, "/mizekhedmat/services", "ul.service-list a", "div.pager a")
    assert found == {g.path for g in ground_truth("ostandari-alborz")}
    news = _walk(http, origin, "/news", "ul.news-list a", "div.pager a")
    assert len(news) == 12 and not news & found
    article = parsel.Selector(http.get(origin + sorted(news)[0]).text)
    assert article.css('meta[property="og:type"]::attr(content)').get() == "article"
    assert article.css("article.news-article time").get() is not None


# -- text the demo's search acceptance relies on ------------------------------------------------


def _all_titles() -> dict[str, str]:
    return {f"{pid}{g.path}": g.title for pid in PORTAL_IDS for g in ground_truth(pid)}


@pytest.mark.parametrize(
    ("spelling", "portal_id"),
    [
        ("گواهینامه", "mrud-alborz"),  # served as «گواهينامه» (Arabic yeh)
        ("گواهی‌نامه", "tax-alborz"),  # with ZWNJ
        ("گواهی نامه", "karaj-municipality"),  # with a space
        ("گواهینامه", "abfa-alborz"),  # joined
        ("گواهینامه", "ostandari-alborz"),
        ("پروانه ساختمان", "karaj-municipality"),
        ("پروانه ساختمان", "mrud-alborz"),
    ],
)
def test_search_terms_appear_in_several_spellings(spelling: str, portal_id: str) -> None:
    assert any(spelling in g.title for g in ground_truth(portal_id))


def test_mrud_serves_the_arabic_yeh_spelling(province: Province, http: httpx.Client) -> None:
    origin = province.portals["mrud-alborz"].origin
    raw = http.get(origin + "/Default.aspx?tabid=50&page=2").content.decode("windows-1256")
    assert "گواهينامه" in raw


def test_195_appears_in_persian_and_latin_digits() -> None:
    titles = _all_titles()
    assert any("۱۹۵" in t for t in titles.values())
    assert "/Default.aspx?tabid=55&ServiceID=195" in {g.path for g in ground_truth("mrud-alborz")}


def test_plural_spellings_occur_naturally() -> None:
    from sandbox.catalogue import abfa, mrud, ostandari, sabt, tax

    text = " ".join(
        s.description for module in (abfa, mrud, ostandari, sabt, tax) for s in module.services()
    ) + " ".join(s.title for s in ostandari.services())
    for spelling in ("سازمانها", "سازمان ها", "سازمان‌ها"):
        assert spelling in text
