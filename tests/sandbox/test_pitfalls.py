"""robots.txt, redirects, dead links, a slow page and a JavaScript shell over a JSON feed."""

from __future__ import annotations

import time

import httpx
import parsel

from sandbox import Province
from sandbox.portals.sabt import DEAD_LINK, MISSING_FILE, REDIRECTED, SLOW, old_path


def test_sabt_robots_disallows_search_and_admin(province: Province, http: httpx.Client) -> None:
    robots = http.get(province.portals["sabt-alborz"].origin + "/robots.txt").text
    rules = [line for line in robots.splitlines() if line and not line.startswith("#")]
    assert rules == ["User-agent: *", "Disallow: /search", "Disallow: /admin"]


def test_sabt_links_to_the_forbidden_paths(province: Province, http: httpx.Client) -> None:
    page = parsel.Selector(http.get(province.portals["sabt-alborz"].origin + "/fa/services").text)
    hrefs = page.css("a::attr(href)").getall()
    assert any(h.startswith("/search") for h in hrefs)
    assert any(h.startswith("/admin") for h in hrefs)


def test_sabt_redirect_chain_ends_at_the_service_page(
    province: Province, http: httpx.Client
) -> None:
    origin = province.portals["sabt-alborz"].origin
    first = http.get(origin + old_path(REDIRECTED[0]))
    assert (first.status_code, first.headers["location"]) == (301, f"/fa/service/{REDIRECTED[0]}")
    second = http.get(origin + first.headers["location"])
    assert (second.status_code, second.headers["location"]) == (
        302,
        f"/fa/services/view/{REDIRECTED[0]}",
    )
    final = http.get(origin + second.headers["location"])
    assert final.status_code == 200
    listing = http.get(origin + "/fa/services").text
    assert old_path(REDIRECTED[0]) in listing.replace("&amp;", "&")


def test_sabt_dead_links_404(province: Province, http: httpx.Client) -> None:
    origin = province.portals["sabt-alborz"].origin
    listing = http.get(origin + "/fa/services").text
    for path in (DEAD_LINK, MISSING_FILE):
        assert path in listing
        assert http.get(origin + path).status_code == 404


def test_sabt_slow_page_takes_its_time(province: Province, http: httpx.Client) -> None:
    origin = province.portals["sabt-alborz"].origin
    slow = province.portals["sabt-alborz"].site.slow_seconds  # type: ignore[attr-defined]
    started = time.monotonic()
    assert http.get(f"{origin}/fa/services/view/{SLOW}").status_code == 200
    assert time.monotonic() - started >= slow
    started = time.monotonic()
    http.get(f"{origin}/fa/services/view/{SLOW + 1}")
    assert time.monotonic() - started < slow


def test_abfa_list_page_is_an_empty_shell(province: Province, http: httpx.Client) -> None:
    origin = province.portals["abfa-alborz"].origin
    page = parsel.Selector(http.get(origin + "/services").text)
    assert page.css("#service-list").attrib["data-source"] == "/api/services?page=1"
    assert page.css("#service-list *").getall() == []
    script = http.get(origin + page.css("script[src]").attrib["src"])
    assert "fetch(url)" in script.text


def test_abfa_feed_paginates_to_every_service(province: Province, http: httpx.Client) -> None:
    origin = province.portals["abfa-alborz"].origin
    url: str | None = "/api/services?page=1"
    pages, items = 0, []
    while url:
        body = http.get(origin + url).json()
        items += body["data"]["items"]
        url = body["links"]["next"]
        pages += 1
    assert pages == 5
    assert len(items) == len({i["url"] for i in items}) == 60
    assert set(items[0]) >= {"title", "url", "description", "category"}
    detail = http.get(origin + items[-1]["url"])
    assert detail.status_code == 200
    assert items[-1]["title"] in detail.text
    assert http.get(origin + "/api/services?page=6").status_code == 404
