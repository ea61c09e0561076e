"""The blind sets (``blind/README.md``): only their shape is checked; their figures are a
report of ``make eval``, never a floor."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indexer.normalize import analyze
from sandbox import PORTAL_IDS
from sandbox.groundtruth import ground_truth
from tests.relevance import blind, external


@pytest.mark.parametrize(
    ("services", "judgments", "records", "queries"),
    [
        (blind.SERVICES, blind.JUDGMENTS, 75, 300),
        (blind.SET4_SERVICES, blind.SET4_JUDGMENTS, 65, 300),
        (blind.SET5_SERVICES, blind.SET5_JUDGMENTS, 60, 300),
        (blind.SET6_SERVICES, blind.SET6_JUDGMENTS, 45, 300),
        (blind.SET7_SERVICES, blind.SET7_JUDGMENTS, 44, 240),
        (blind.SET8_SERVICES, blind.SET8_JUDGMENTS, 44, 237),
        (blind.SET9_SERVICES, blind.SET9_JUDGMENTS, 37, 228),
        (blind.SET10_SERVICES, blind.SET10_JUDGMENTS, 25, 232),
        (blind.SET11_SERVICES, blind.SET11_JUDGMENTS, 34, 213),
    ],
    ids=[
        "records",
        "transport",
        "food-land",
        "waqf-trade",
        "relief-nationals",
        "licensed-custody",
        "elite-mining",
        "tribes-freezone",
        "games-fuel",
    ],
)
def test_a_records_set_resolves_covers_every_class_and_both_splits(
    services: Path, judgments: Path, records: int, queries: int
) -> None:
    docs = external.load_services(services)
    # load_judgments raises on any judged title or agency that names no record
    judged = external.load_judgments(docs, judgments, external.SPLITS)
    assert len(docs) >= records and len(judged) >= queries
    # set 10's writer wrote no morphology or agency-naming query (blind/README.md)
    missing = {"morphology", "agency"} if judgments == blind.SET10_JUDGMENTS else set()
    assert {q.cls for q in judged} == set(external.CLASSES) - missing
    assert {q.split for q in judged} == set(external.SPLITS)


def test_the_records_sets_share_no_agency_with_the_other_sets_or_each_other() -> None:
    sets = [external.load_services(f) for f in blind.RECORDS]
    others = external.load_services() + external.load_services(external.FRESH_SERVICES)
    seen = {d.agency for d in others}
    for docs in sets:
        ours = {d.agency for d in docs}
        assert not ours & seen
        seen |= ours


def test_the_sandbox_set_judges_services_of_the_sandbox_province() -> None:
    # the pages show some titles with other digits or letters than the ground truth keeps
    titles = {tuple(analyze(g.title)) for portal in PORTAL_IDS for g in ground_truth(portal)}
    spec = yaml.safe_load(blind.SANDBOX_JUDGMENTS.read_text(encoding="utf-8"))
    assert spec["written_at"] and len(spec["intents"]) >= 100
    for intent in spec["intents"]:
        for ref in (*intent.get("relevant", []), *intent.get("related", [])):
            assert tuple(analyze(ref.partition(" @ ")[0])) in titles, (intent["id"], ref)
        assert intent["split"] in external.SPLITS and intent["class"] in external.CLASSES
        assert set(intent.get("variants") or {}) <= set(external.CLASSES), intent["id"]
