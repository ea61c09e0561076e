"""The external judged sets: real service records the code was never written against.

``external/services.yaml`` holds 318 published service records of 60 Iranian agencies and
``external/judgments.yaml`` 424 queries judged from those records before anything was run
(provenance and rules: ``external/README.md``). ``fresh/`` is a second set in the same format
(160 records of 59 other agencies, 241 queries, split ``fresh``) that nobody tuning the engine
has looked at: it is reported, never tuned on and never listed query by query
(``fresh/README.md``). The records are indexed straight into a temporary index of the
configured backend, the way ``tests/conftest.py`` fills the gateway, and every query is also
run through the baselines of ``baselines.py`` on the same records.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from tests.relevance.baselines import ANALYZERS, Bm25, Record
from tests.relevance.harness import (
    Judged,
    Report,
    Search,
    backend_search,
    evaluate_search,
)

if TYPE_CHECKING:
    from indexer.backend import SearchBackend
    from indexer.documents import ServiceDocument

FOLDER = Path(__file__).with_name("external")
SERVICES = FOLDER / "services.yaml"
JUDGMENTS = FOLDER / "judgments.yaml"
CLASSES = (
    "exact",
    "colloquial",
    "short",
    "arabic",
    "zwnj",
    "digits",
    "typo",
    "morphology",
    "keyboard",
    "finglish",
    "agency",
    "polite",
)
SPLITS = ("dev", "heldout")
FRESH_FOLDER = Path(__file__).with_name("fresh")
FRESH_SERVICES = FRESH_FOLDER / "services.yaml"
FRESH_JUDGMENTS = FRESH_FOLDER / "judgments.yaml"
# One split: the whole fresh set is the honest figure, so there is nothing to tune on.
FRESH_SPLITS = ("fresh",)
# Variant robustness is about spelling: the same words written or typed another way should
# keep the canonical query's top result. Colloquial, shorter, inflected or polite rewordings
# may fairly rank otherwise, so they are not counted.
SPELLING_CLASSES = frozenset({"arabic", "zwnj", "digits", "typo", "keyboard", "finglish"})
GAIN_RELEVANT = 2.0
GAIN_RELATED = 1.0
CRAWLED_AT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

# Issue 8's "done when" on this set; today's engine does not meet them. The engine work turns
# them on (tests/relevance/test_external.py) — never lower them to make a run pass.
EXTERNAL_FLOORS = {
    "ndcg": 0.92,  # overall nDCG@10, each split
    "recall": 0.92,  # overall recall@10, each split
    "margin_over_lucene": 0.05,  # nDCG@10 above the lucene-fa baseline of the same run
    "robustness": 0.99,  # variant queries keep the canonical query's top result
    "keyboard_ndcg": 0.80,  # Persian typed on an English keyboard layout
    "finglish_ndcg": 0.80,
    "suggestion_rate": 0.01,  # did-you-mean on correctly spelled queries: below this
}


def load_services(path: Path = SERVICES) -> list[ServiceDocument]:
    from indexer.documents import ServiceDocument, service_id

    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    docs = []
    for item in spec["services"]:
        docs.append(
            ServiceDocument(
                id=service_id(item["url"]),
                portal_id=item["portal"],
                agency=item["agency"],
                url=item["url"],
                title=item["title"],
                description=item.get("description", ""),
                category=item.get("category", ""),
                crawled_at=CRAWLED_AT,
            )
        )
    if len({d.id for d in docs}) != len(docs):
        raise ValueError(f"{path}: two records share a url")
    return docs


def load_judgments(
    docs: list[ServiceDocument], path: Path = JUDGMENTS, splits: Sequence[str] = SPLITS
) -> list[Judged]:
    """Judged queries with graded gains resolved by published title (or «title @ agency»)."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_title: dict[str, list[ServiceDocument]] = defaultdict(list)
    by_agency: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        by_title[d.title].append(d)
        by_agency[d.agency].append(d.id)

    def resolve(intent_id: str, ref: str) -> list[str]:
        title, _, agency = ref.partition(" @ ")
        found = [d.id for d in by_title.get(title, []) if not agency or d.agency == agency]
        if not found:
            raise ValueError(f"{path.name}: intent {intent_id!r} names unknown {ref!r}")
        return found

    judged: list[Judged] = []
    for intent in spec["intents"]:
        iid = intent["id"]
        gains: dict[str, float] = {}
        for ref in intent.get("related", []):
            gains.update(dict.fromkeys(resolve(iid, ref), GAIN_RELATED))
        for agency in intent.get("relevant_agency", []):
            if agency not in by_agency:
                raise ValueError(f"{path.name}: intent {iid!r} names unknown {agency!r}")
            gains.update(dict.fromkeys(by_agency[agency], GAIN_RELEVANT))
        for ref in intent.get("relevant", []):
            gains.update(dict.fromkeys(resolve(iid, ref), GAIN_RELEVANT))
        if not gains:
            raise ValueError(f"{path.name}: intent {iid!r} has no judged services")
        split = intent["split"]
        if split not in splits or intent["class"] not in CLASSES:
            raise ValueError(f"{path.name}: intent {iid!r}: bad split or class")
        judged.append(Judged(iid, intent["class"], intent["query"], gains, None, split))
        for cls, texts in (intent.get("variants") or {}).items():
            if cls not in CLASSES:
                raise ValueError(f"{path.name}: intent {iid!r}: unknown class {cls!r}")
            for text in texts:
                judged.append(Judged(iid, cls, text, gains, intent["query"], split))
    return judged


def records(docs: list[ServiceDocument]) -> list[Record]:
    return [Record(d.id, d.title, d.description, d.agency) for d in docs]


def baseline_searches(recs: Sequence[Record]) -> dict[str, Search]:
    """BM25 over each baseline analyzer, on exactly the records the gateway indexed.

    Built once per set of records (about 3 s): the judged queries, their spelling variants and
    the utility measure of one set, on either backend, all read the same three indexes."""
    return dict(_baselines(tuple(recs)))


@cache
def _baselines(recs: tuple[Record, ...]) -> dict[str, Search]:
    out: dict[str, Search] = {}
    for name, analyzer in ANALYZERS.items():
        index = Bm25(recs, analyzer)

        def search(text: str, index: Bm25 = index) -> tuple[list[str], str | None]:
            return index.search(text), None

        out[name] = search
    return out


def systems(gateway: Search, recs: Sequence[Record]) -> dict[str, Search]:
    """The gateway's search, then each baseline's on the same records: every figure of
    ``make eval`` puts these side by side, computed in one run."""
    return {"gateway": gateway, **baseline_searches(recs)}


def evaluate_all(
    gateway: Search, judged: list[Judged], recs: list[Record], classes: tuple[str, ...]
) -> dict[str, Report]:
    """The gateway and every baseline on the same judged queries, in one run."""
    robust = SPELLING_CLASSES if classes == CLASSES else None
    return {
        name: evaluate_search(search, judged, classes, robust)
        for name, search in systems(gateway, recs).items()
    }


@contextmanager
def embedded_backend(services: Path = SERVICES) -> Iterator[SearchBackend]:
    """The records of ``services`` alone in a new embedded (tantivy) index."""
    from indexer.backends import open_backend

    docs = load_services(services)
    with tempfile.TemporaryDirectory(prefix="dargah-external-") as tmp:
        backend = open_backend(Path(tmp) / "index")
        try:
            backend.upsert(docs)
            yield backend
        finally:
            backend.close()


@contextmanager
def elasticsearch_backend(services: Path = SERVICES) -> Iterator[SearchBackend]:
    """The records of ``services`` alone in a throwaway index of the live test cluster."""
    from tests.contract.live import live_backend

    with live_backend("dargah-external") as backend:
        backend.rebuild(load_services(services))
        yield backend


def run(
    backend: SearchBackend,
    services: Path = SERVICES,
    judgments: Path = JUDGMENTS,
    splits: Sequence[str] = SPLITS,
) -> dict[str, Report]:
    """Reports of the gateway (on ``backend``, which holds the records of ``services``) and of
    the baselines on the same records, over every judged query of ``judgments``."""
    docs = load_services(services)
    judged = load_judgments(docs, judgments, splits)
    return evaluate_all(backend_search(backend), judged, records(docs), CLASSES)


def run_fresh(backend: SearchBackend) -> dict[str, Report]:
    """``run`` on the fresh set; ``backend`` must hold the fresh records alone."""
    return run(backend, FRESH_SERVICES, FRESH_JUDGMENTS, FRESH_SPLITS)


def floor_failures(reports: dict[str, Report]) -> list[str]:
    """Which of the issue's floors the gateway misses, per split (empty when all are met)."""
    misses = []
    for split in SPLITS:
        gw = reports["gateway"].only(split)
        rows = gw.rows()
        overall = rows["all"]
        lucene = reports["lucene-fa"].only(split).rows()["all"]
        checks = [
            ("ndcg", overall["ndcg"], EXTERNAL_FLOORS["ndcg"]),
            ("recall", overall["recall"], EXTERNAL_FLOORS["recall"]),
            ("robustness", overall["robustness"], EXTERNAL_FLOORS["robustness"]),
            (
                "nDCG margin over lucene-fa",
                overall["ndcg"] - lucene["ndcg"],
                EXTERNAL_FLOORS["margin_over_lucene"],
            ),
            ("keyboard nDCG", rows["keyboard"]["ndcg"], EXTERNAL_FLOORS["keyboard_ndcg"]),
            ("finglish nDCG", rows["finglish"]["ndcg"], EXTERNAL_FLOORS["finglish_ndcg"]),
        ]
        for name, value, floor in checks:
            if not value >= floor:
                misses.append(f"{split}: {name} {value:.3f} < {floor:.2f}")
        rate = gw.suggestion_rate()
        if not rate < EXTERNAL_FLOORS["suggestion_rate"]:
            misses.append(f"{split}: did-you-mean on correct queries {rate:.1%}")
    return misses
