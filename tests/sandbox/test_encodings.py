"""The legacy portal speaks windows-1256 with Arabic yeh/kaf; the modern one sends BOMs."""

from __future__ import annotations

import json

import httpx
import parsel
import pytest

from sandbox import Province, ground_truth

MRUD_LISTING = "/Default.aspx?tabid=50"
META_ONLY = "/Default.aspx?tabid=55&ServiceID=156"  # ServiceID divisible by 6: old template


def test_mrud_listing_declares_windows_1256_in_the_header(
    province: Province, http: httpx.Client
) -> None:
    response = http.get(province.portals["mrud-alborz"].origin + MRUD_LISTING)
    assert response.headers["content-type"] == "text/html; charset=windows-1256"
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")
    text = response.content.decode("windows-1256")
    assert "گواهينامه صلاحيت پيمانكاري" in text  # Arabic yeh and kaf, as old CMSs store them
    assert "ی" not in text and "ک" not in text


def test_some_mrud_pages_name_the_charset_only_in_meta(
    province: Province, http: httpx.Client
) -> None:
    response = http.get(province.portals["mrud-alborz"].origin + META_ONLY)
    assert response.headers["content-type"] == "text/html"
    assert (
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256" />'
        in response.content
    )
    title = (
        parsel.Selector(text=response.content.decode("cp1256"))
        .css("#dnn_ctr455_ServiceDetail_lblTitle::text")
        .get()
    )
    expected = next(g.title for g in ground_truth("mrud-alborz") if g.path == META_ONLY)
    assert title == expected.replace("ی", "ي").replace("ک", "ك")


def test_mrud_prints_codes_in_latin_digits_and_karaj_in_persian(
    province: Province, http: httpx.Client
) -> None:
    mrud = http.get(province.portals["mrud-alborz"].origin + "/Default.aspx?tabid=55&ServiceID=195")
    assert '<span id="dnn_ctr455_ServiceDetail_lblCode">195</span>' in mrud.content.decode("cp1256")
    karaj = http.get(province.portals["karaj-municipality"].origin + "/eservices/service/195")
    assert '<dd class="code">۱۹۵</dd>' in karaj.text


@pytest.mark.parametrize(
    ("path", "bom"),
    [("/fa/services/1005", True), ("/fa/services/1001", False), ("/fa/about", True), ("/", False)],
)
def test_tax_pages_with_and_without_bom(
    province: Province, http: httpx.Client, path: str, bom: bool
) -> None:
    response = http.get(province.portals["tax-alborz"].origin + path)
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf") is bom
    assert "<!doctype html>" in response.content.decode("utf-8-sig")[:20]


def _jsonld(text: str) -> list[dict[str, object]]:
    blocks = parsel.Selector(text=text).css('script[type="application/ld+json"]::text').getall()
    return [json.loads(b) for b in blocks]


def test_tax_service_pages_carry_government_service(province: Province, http: httpx.Client) -> None:
    origin = province.portals["tax-alborz"].origin
    truth = ground_truth("tax-alborz")[4]
    (data,) = _jsonld(http.get(origin + truth.path).content.decode("utf-8-sig"))
    assert data["@type"] == "GovernmentService"
    assert data["name"] == truth.title
    assert data["url"] == origin + truth.path
    assert data["provider"] == {
        "@type": "GovernmentOrganization",
        "name": "اداره کل امور مالیاتی استان البرز",
        "url": origin + "/",
    }


@pytest.mark.parametrize(
    ("path", "kind"), [("/fa/news/1", "NewsArticle"), ("/fa/about", "AboutPage")]
)
def test_tax_other_pages_carry_no_government_service(
    province: Province, http: httpx.Client, path: str, kind: str
) -> None:
    (data,) = _jsonld(
        http.get(province.portals["tax-alborz"].origin + path).content.decode("utf-8-sig")
    )
    assert data["@type"] == kind
