"""Every portal is its own origin, answers, records requests, and can go down and come back."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from sandbox import PORTAL_IDS, Province, ground_truth, start_province
from sandbox.portals import build_sites


def test_portal_ids_are_the_portals_built() -> None:
    assert tuple(build_sites()) == PORTAL_IDS


def test_each_portal_is_a_separate_loopback_host(province: Province) -> None:
    hosts = [urlsplit(p.origin).hostname for p in province.portals.values()]
    assert hosts == [f"127.0.1.{n}" for n in range(1, len(PORTAL_IDS) + 1)]
    assert list(province.portals) == list(PORTAL_IDS)


@pytest.mark.parametrize("portal_id", PORTAL_IDS)
def test_homepage_answers_with_persian_html(
    province: Province, http: httpx.Client, portal_id: str
) -> None:
    portal = province.portals[portal_id]
    response = http.get(portal.origin + "/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'dir="rtl"' in response.text
    assert "/" in portal.requests


def test_unknown_path_is_404(province: Province, http: httpx.Client) -> None:
    for portal in province.portals.values():
        assert http.get(portal.origin + "/no/such/page").status_code == 404


def test_fixed_port_puts_every_portal_on_the_same_port() -> None:
    with start_province(host_prefix="127.0.3.", port=0) as first:
        port = urlsplit(first.portals["tax-alborz"].origin).port
    # The ephemeral port just freed is reusable as a fixed port on every address.
    assert port is not None
    with start_province(host_prefix="127.0.3.", port=port) as fixed:
        assert {urlsplit(p.origin).port for p in fixed.portals.values()} == {port}
        assert (
            httpx.get(fixed.portals["abfa-alborz"].origin + "/", trust_env=False).status_code == 200
        )


def test_stopped_portal_refuses_connections_then_comes_back_on_the_same_origin() -> None:
    with start_province(host_prefix="127.0.4.") as province:
        portal = province.portals["karaj-municipality"]
        origin = portal.origin
        province.stop_portal("karaj-municipality")
        with pytest.raises(httpx.ConnectError):
            httpx.get(origin + "/", trust_env=False)
        other = province.portals["tax-alborz"].origin
        assert httpx.get(other + "/", trust_env=False).status_code == 200
        province.start_portal("karaj-municipality")
        assert portal.origin == origin
        assert httpx.get(origin + "/eservices", trust_env=False).status_code == 200


def test_hidden_service_404s_and_leaves_listings() -> None:
    with (
        start_province(host_prefix="127.0.5.") as province,
        httpx.Client(trust_env=False) as http,
    ):
        mrud = province.portals["mrud-alborz"]
        first = ground_truth("mrud-alborz")[0]
        assert first.path in http.get(mrud.origin + "/Default.aspx?tabid=50").text.replace(
            "&amp;", "&"
        )
        mrud.hide(first.path)
        assert http.get(mrud.origin + first.path).status_code == 404
        assert first.path not in http.get(mrud.origin + "/Default.aspx?tabid=50").text.replace(
            "&amp;", "&"
        )

        abfa = province.portals["abfa-alborz"]
        gone = ground_truth("abfa-alborz")[3]
        abfa.hide(gone.path)
        feed = http.get(abfa.origin + "/api/services?page=1").json()
        assert gone.path not in [item["url"] for item in feed["data"]["items"]]
        assert feed["data"]["total"] == len(ground_truth("abfa-alborz")) - 1

        tax = province.portals["tax-alborz"]
        retired = ground_truth("tax-alborz")[-1]
        tax.hide(retired.path)
        assert retired.path not in http.get(tax.origin + "/sitemaps/services.xml").text
        assert http.get(tax.origin + retired.path).status_code == 404

        with pytest.raises(KeyError):
            mrud.hide("/Default.aspx?tabid=40")


def test_requests_are_recorded_with_their_query(province: Province, http: httpx.Client) -> None:
    portal = province.portals["mrud-alborz"]
    portal.clear_requests()
    http.get(portal.origin + "/Default.aspx?tabid=50&page=2")
    assert portal.requests == ["/Default.aspx?tabid=50&page=2"]
