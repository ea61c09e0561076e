"""Committed ground-truth files: the service URLs a perfect crawler finds on each portal.

Regenerate with ``python -m sandbox --write-ground-truth`` after changing the catalogue; a test
checks the committed files still equal what the portals serve.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from sandbox.portals import build_sites
from sandbox.site import GroundTruthService, Site

PORTAL_IDS: tuple[str, ...] = (
    "mrud-alborz",
    "tax-alborz",
    "karaj-municipality",
    "abfa-alborz",
    "sabt-alborz",
    "ostandari-alborz",
)
DATA_DIR = Path(__file__).parent / "data"


def render(site: Site) -> str:
    entries = [{"path": g.path, "title": g.title} for g in site.ground_truth()]
    return json.dumps(entries, ensure_ascii=False, indent=1) + "\n"


def ground_truth(portal_id: str) -> list[GroundTruthService]:
    """The committed ground truth of a portal (titles in Persian letters, as people read them)."""
    if portal_id not in PORTAL_IDS:
        raise KeyError(f"unknown sandbox portal {portal_id!r}; known: {', '.join(PORTAL_IDS)}")
    text = (resources.files("sandbox") / "data" / portal_id / "ground_truth.json").read_text(
        "utf-8"
    )
    return [GroundTruthService(path=e["path"], title=e["title"]) for e in json.loads(text)]


def write_all(root: Path) -> list[Path]:
    written = []
    for portal_id, site in build_sites().items():
        path = root / portal_id / "ground_truth.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(site), encoding="utf-8")
        written.append(path)
    return written
