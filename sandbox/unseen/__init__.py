"""The unseen province (استان قزوین): seven portals in CMS markup the crawler was not written for.

Kept apart from the demo province (:mod:`sandbox`): it exists to measure
``strategy: auto`` on material its rules were not tuned against. Each portal
is its own loopback origin (127.0.2.1, 127.0.2.2, ...) with committed ground
truth in ``sandbox/unseen/data/<id>/ground_truth.json`` (regenerate with
``python -m sandbox.unseen --write-ground-truth``).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from registry.registration import Registration
from sandbox.province import Province, RunningPortal
from sandbox.unseen.base import UnseenSite, UnseenTruth

PORTAL_IDS: tuple[str, ...] = (
    "behzisti-qazvin",
    "taavon-qazvin",
    "miras-qazvin",
    "jahad-qazvin",
    "standard-qazvin",
    "daraei-qazvin",
    "fani-qazvin",
)
CMS: dict[str, str] = {
    "behzisti-qazvin": "Tetis PORTAL",
    "taavon-qazvin": "DotNetNuke",
    "miras-qazvin": "WordPress + Yoast",
    "jahad-qazvin": "Joomla",
    "standard-qazvin": "microdata + gzipped sitemap index",
    "daraei-qazvin": "«شناسنامه خدمت» tables",
    "fani-qazvin": "single-page app over JSON:API",
}
DATA_DIR = Path(__file__).parent / "data"


def build_sites() -> dict[str, UnseenSite]:
    from sandbox.unseen import dnn, joomla, microdata, shenasname, spa, tetis, wordpress

    sites: list[UnseenSite] = [
        tetis.TetisSite(),
        dnn.DnnSite(),
        wordpress.WordPressSite(),
        joomla.JoomlaSite(),
        microdata.MicrodataSite(),
        shenasname.ShenasnameSite(),
        spa.SpaSite(),
    ]
    return {site.id: site for site in sites}


def start_unseen(host_prefix: str = "127.0.2.", port: int = 0) -> Province:
    portals: dict[str, RunningPortal] = {}
    try:
        for index, (portal_id, site) in enumerate(build_sites().items(), start=1):
            portals[portal_id] = RunningPortal(site, f"{host_prefix}{index}", port)
    except OSError:
        for running in portals.values():
            running.stop()
        raise
    return Province(portals)


def render(site: UnseenSite) -> str:
    entries = [
        {"path": t.path, "title": t.title, "category": t.category, "aliases": list(t.aliases)}
        for t in site.truth()
    ]
    return json.dumps(entries, ensure_ascii=False, indent=1) + "\n"


def ground_truth(portal_id: str) -> list[UnseenTruth]:
    if portal_id not in PORTAL_IDS:
        raise KeyError(f"unknown unseen portal {portal_id!r}; known: {', '.join(PORTAL_IDS)}")
    text = (resources.files("sandbox.unseen") / "data" / portal_id / "ground_truth.json").read_text(
        "utf-8"
    )
    return [
        UnseenTruth(e["path"], e["title"], e.get("category", ""), tuple(e.get("aliases", ())))
        for e in json.loads(text)
    ]


def write_all(root: Path) -> list[Path]:
    written = []
    for portal_id, site in build_sites().items():
        path = root / portal_id / "ground_truth.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(site), encoding="utf-8")
        written.append(path)
    return written


def auto_registration(portal_id: str, origin: str, agency: str) -> Registration:
    """The minimal registration a registrar tries first: the homepage and ``strategy: auto``."""
    return Registration.parse(
        {
            "id": portal_id,
            "agency": agency,
            "homepage": origin.rstrip("/") + "/",
            "strategy": "auto",
            "limits": {"max_pages": 400},
        }
    )
