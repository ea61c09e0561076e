"""Registration documents validate against the schema and point at the running origins."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from registry.registration import Registration, Strategy
from sandbox import PORTAL_IDS, Province
from sandbox.registry import registration, template

REGISTRATIONS = Path(__file__).parents[2] / "sandbox" / "registrations"

EXPECTED = {
    "mrud-alborz": Strategy.SELECTORS,
    "tax-alborz": Strategy.STRUCTURED,
    "karaj-municipality": Strategy.SELECTORS,
    "abfa-alborz": Strategy.JSON_FEED,
    "sabt-alborz": Strategy.SELECTORS,
    "ostandari-alborz": Strategy.AUTO,
}


def test_one_document_per_portal() -> None:
    assert sorted(p.stem for p in REGISTRATIONS.glob("*.yaml")) == sorted(PORTAL_IDS)


@pytest.mark.parametrize("portal_id", PORTAL_IDS)
def test_filled_template_validates_with_the_expected_strategy(
    portal_id: str, tmp_path: Path
) -> None:
    text = template(portal_id)
    assert "{origin}" in text
    filled = tmp_path / f"{portal_id}.yaml"
    filled.write_text(
        text.replace("{origin}", "http://127.0.1.9:8081").replace("{host}", "127.0.1.9")
    )
    loaded = Registration.load(filled)  # the same path the CLI takes
    assert loaded.id == portal_id
    assert loaded.strategy is EXPECTED[portal_id]
    assert loaded.allowed_domains == ["127.0.1.9"]
    assert loaded == registration(portal_id, "http://127.0.1.9:8081")


def test_tax_starts_from_its_sitemap() -> None:
    reg = registration("tax-alborz", "http://127.0.1.2:8081")
    assert reg.sitemap is not None and reg.sitemap.sitemap_urls == ["/sitemap.xml"]
    assert reg.absolute(reg.sitemap.sitemap_urls[0]) == "http://127.0.1.2:8081/sitemap.xml"


def test_ostandari_has_no_recipe() -> None:
    raw = yaml.safe_load(template("ostandari-alborz"))
    assert not {"selectors", "json_feed", "sitemap", "structured", "exclude"} & set(raw)


def test_province_registrations_use_the_running_origins(province: Province) -> None:
    regs = {r.id: r for r in province.registrations()}
    assert list(regs) == list(PORTAL_IDS)
    for portal_id, portal in province.portals.items():
        assert regs[portal_id].homepage == portal.origin + "/"
        assert regs[portal_id].agency == portal.agency
        assert all(u.startswith(portal.origin + "/") for u in regs[portal_id].start_urls)
