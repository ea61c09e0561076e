"""Relevance evaluation of the search backend over the crawled sandbox province.

The index is built the way citizens get it: the sandbox portals are served over
loopback and crawled by the real crawler into a real index. Judgements come
from ``judgments.yaml`` (titles written by hand, resolved to service ids by
exact published title, so the analyser under test plays no part in judging).

Metrics, per query class and overall (top 10; gains are 1 for the sandbox's binary
judgements, 2 for «relevant» and 1 for «related» in the external set):

* nDCG@10 — DCG of the ranking over the ideal DCG of the best 10 judged services;
* recall@10 — judged services in the top 10 over min(|judged|, 10), so a
  broad intent with 40 matching services is not capped at 0.25;
* MRR — reciprocal rank of the first relevant service;
* zero-result rate — share of queries with no hits at all;
* variant robustness — share of variant queries whose top result is the
  canonical query's top result;
* did-you-mean on correct queries — share of correctly spelled queries (every class but
  typo, keyboard and Finglish) for which the gateway offered a correction.

The same judged queries are also run through the baselines of ``baselines.py`` on the
same records, so every figure has its stock-analyzer counterpart from the same run.
"""

from __future__ import annotations

import math
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from indexer.backend import SearchBackend, SearchQuery
from indexer.documents import ServiceDocument

JUDGMENTS = Path(__file__).with_name("judgments.yaml")
K = 10
CLASSES = ("canonical", "agency", "arabic", "zwnj", "digits", "plural", "synonym", "typo")
FLOORS = {"ndcg": 0.90, "recall": 0.95, "robustness": 0.98}
# Classes whose queries are spelled correctly: a did-you-mean there is a false alarm.
MISSPELT_CLASSES = frozenset({"typo", "keyboard", "finglish"})

# A search as the harness sees it: query text -> (ranked ids, suggestion offered or None).
Search = Callable[[str], tuple[list[str], str | None]]
# Searches in flight at once: a live cluster answers one in about 15 ms of waiting, which
# overlaps; an in-process search is left no slower (results are identical either way).
SEARCHES_AT_ONCE = 4


def search_all(search: Search, texts: Iterable[str]) -> dict[str, tuple[list[str], str | None]]:
    """Each distinct text of ``texts`` searched once, several at a time: the evaluation's
    thousands of queries then take the cluster's latency once per batch, not once each."""
    unique = list(dict.fromkeys(texts))
    with ThreadPoolExecutor(SEARCHES_AT_ONCE) as pool:
        return dict(zip(unique, pool.map(search, unique), strict=True))


@dataclass(frozen=True)
class Judged:
    """One judged query: its text, class, graded judgements and the canonical query it varies."""

    intent: str
    cls: str
    text: str
    gains: dict[str, float]  # service id -> gain (> 0); unjudged services gain 0
    canonical: str | None  # None for the canonical query itself
    split: str = "-"  # the external set: dev or heldout; the sandbox has no split

    @property
    def relevant(self) -> frozenset[str]:
        return frozenset(self.gains)


@dataclass
class Outcome:
    query: Judged
    ranked: list[str]
    ndcg: float
    recall: float
    rr: float
    robust: bool | None  # None for canonical queries
    suggestion: str | None = None


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    classes: Sequence[str] = CLASSES

    def only(self, split: str) -> Report:
        """The outcomes of one split (dev / heldout) of the judged queries."""
        return Report([o for o in self.outcomes if o.query.split == split], self.classes)

    def suggestion_rate(self) -> float:
        """Share of correctly spelled queries for which a correction was offered."""
        correct = [o for o in self.outcomes if o.query.cls not in MISSPELT_CLASSES]
        return _mean(float(o.suggestion is not None) for o in correct)

    def rows(self) -> dict[str, dict[str, float]]:
        groups: dict[str, list[Outcome]] = defaultdict(list)
        for o in self.outcomes:
            groups[o.query.cls].append(o)
            groups["all"].append(o)
        table = {}
        for cls in [*self.classes, "all"]:
            items = groups.get(cls, [])
            if not items:
                continue
            variants = [o for o in items if o.robust is not None]
            table[cls] = {
                "queries": float(len(items)),
                "ndcg": _mean(o.ndcg for o in items),
                "recall": _mean(o.recall for o in items),
                "mrr": _mean(o.rr for o in items),
                "zero": _mean(float(not o.ranked) for o in items),
                "robustness": _mean(float(bool(o.robust)) for o in variants)
                if variants
                else math.nan,
            }
        return table

    def render(self) -> str:
        head = (
            f"{'class':<10} {'queries':>7} {'nDCG@10':>8} {'recall@10':>9} "
            f"{'MRR':>6} {'zero':>6} {'robust':>7}"
        )
        lines = [head, "-" * len(head)]
        for cls, r in self.rows().items():
            robust = "—" if math.isnan(r["robustness"]) else f"{r['robustness']:.3f}"
            lines.append(
                f"{cls:<10} {int(r['queries']):>7} {r['ndcg']:>8.3f} {r['recall']:>9.3f} "
                f"{r['mrr']:>6.3f} {r['zero']:>6.3f} {robust:>7}"
            )
        return "\n".join(lines)

    def failures(self) -> list[str]:
        """Queries that miss relevant services or rank differently from their canonical form."""
        out = []
        for o in self.outcomes:
            if o.recall < 1.0 or o.ndcg < 0.9 or o.robust is False:
                out.append(
                    f"{o.query.split:<7} {o.query.cls:<10} {o.query.text!r}:"
                    f" nDCG {o.ndcg:.2f} recall {o.recall:.2f}"
                    f" robust {o.robust} suggestion {o.suggestion!r}"
                )
        return out


SYSTEM_COLUMNS = (("ndcg", "nDCG"), ("recall", "R@10"), ("mrr", "MRR"), ("zero", "zero"))


def compare(reports: dict[str, Report]) -> str:
    """One table, a row per query class, the systems side by side (the first is the gateway,
    whose variant robustness and did-you-mean rate are shown too)."""
    names = list(reports)
    first = reports[names[0]]
    rows = {name: r.rows() for name, r in reports.items()}
    width = 4 * 7
    head = f"{'class':<11}{'n':>4} " + " ".join(f"{n[:width]:^{width}}" for n in names)
    head += f" {'robust':>7}"
    sub = f"{'':<11}{'':>4} " + " ".join(
        "".join(f"{label:>7}" for _, label in SYSTEM_COLUMNS) for _ in names
    )
    lines = [head, sub, "-" * len(head)]
    for cls, r0 in rows[names[0]].items():
        cells = []
        for name in names:
            r = rows[name].get(cls)
            cells.append(
                "".join(f"{r[key]:>7.3f}" if r else f"{'':>7}" for key, _ in SYSTEM_COLUMNS)
            )
        robust = "—" if math.isnan(r0["robustness"]) else f"{r0['robustness']:.3f}"
        lines.append(f"{cls:<11}{int(r0['queries']):>4} " + " ".join(cells) + f" {robust:>7}")
    rate = first.suggestion_rate()
    if not math.isnan(rate):
        n = sum(1 for o in first.outcomes if o.query.cls not in MISSPELT_CLASSES)
        lines.append(
            f"did-you-mean offered on correctly spelled queries ({names[0]}): {rate:.1%} of {n}"
        )
    return "\n".join(lines)


def _mean(values: object) -> float:
    items = list(values)  # type: ignore[call-overload]
    return sum(items) / len(items) if items else math.nan


def load_judgments(
    backend: SearchBackend, catalogue: dict[str, list[tuple[str, str]]]
) -> list[Judged]:
    """Judged queries with relevant ids resolved from ``catalogue`` (portal -> [(id, title)])."""
    spec = yaml.safe_load(JUDGMENTS.read_text(encoding="utf-8"))
    by_title: dict[str, set[str]] = defaultdict(set)
    for services in catalogue.values():
        for doc_id, title in services:
            by_title[title].add(doc_id)
    judged: list[Judged] = []
    for intent in spec["intents"]:
        relevant: set[str] = set()
        for title in intent.get("relevant", []):
            if title not in by_title:
                raise ValueError(
                    f"judgments: intent {intent['id']!r} names unknown title {title!r}"
                )
            relevant |= by_title[title]
        for part in intent.get("relevant_contains", []):
            found = {i for t, ids in by_title.items() if part in t for i in ids}
            if not found:
                raise ValueError(f"judgments: intent {intent['id']!r}: no title contains {part!r}")
            relevant |= found
        if "relevant_agency" in intent:
            portal = intent["relevant_agency"]
            if portal not in catalogue:
                raise ValueError(
                    f"judgments: intent {intent['id']!r} names unknown portal {portal!r}"
                )
            relevant |= {doc_id for doc_id, _ in catalogue[portal]}
        if not relevant:
            raise ValueError(f"judgments: intent {intent['id']!r} has no relevant services")
        gains = dict.fromkeys(relevant, 1.0)
        judged.append(Judged(intent["id"], intent["class"], intent["query"], gains, None))
        for cls, texts in (intent.get("variants") or {}).items():
            if cls not in CLASSES:
                raise ValueError(f"judgments: intent {intent['id']!r}: unknown class {cls!r}")
            for text in texts:
                judged.append(Judged(intent["id"], cls, text, gains, intent["query"]))
    return judged


def backend_search(backend: SearchBackend) -> Search:
    """The gateway's search as the harness runs it: first page of 10, suggestion kept."""

    def search(text: str) -> tuple[list[str], str | None]:
        page = backend.search(SearchQuery(text=text, size=K))
        return [h.document.id for h in page.hits], page.suggestion

    return search


def evaluate(backend: SearchBackend, judged: list[Judged]) -> Report:
    return evaluate_search(backend_search(backend), judged)


def evaluate_search(
    search: Search,
    judged: list[Judged],
    classes: Sequence[str] = CLASSES,
    robust_classes: frozenset[str] | None = None,
) -> Report:
    """Run every judged query once through ``search`` and score it. Variant robustness is
    scored for variants of ``robust_classes`` (all classes when None)."""
    report = Report(classes=classes)
    tops: dict[str, str | None] = {}
    results = search_all(search, (q.text for q in judged))
    for q in judged:
        if q.canonical is None:
            ranked = results[q.text][0]
            tops[q.text] = ranked[0] if ranked else None
    for q in judged:
        ranked, suggestion = results[q.text]
        gains = [q.gains.get(doc_id, 0.0) for doc_id in ranked[:K]]
        ideal = sorted(q.gains.values(), reverse=True)[:K]
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        first = next((i for i, g in enumerate(gains) if g), None)
        robust = None
        if q.canonical is not None and (robust_classes is None or q.cls in robust_classes):
            robust = bool(ranked) and ranked[0] == tops.get(q.canonical)
        report.outcomes.append(
            Outcome(
                q,
                ranked,
                dcg / idcg,
                sum(1 for g in gains if g) / len(ideal),
                0.0 if first is None else 1 / (first + 1),
                robust,
                suggestion,
            )
        )
    return report


def catalogue_of(backend: SearchBackend, portal_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """portal -> [(id, ground-truth title)] of what the crawl indexed.

    Services are matched to the ground truth by URL path, so judgements use the
    titles as the catalogue spells them, whatever the portal's HTML made of them.
    """
    from indexer.documents import canonical_url
    from sandbox import ground_truth

    def path_of(url: str) -> str:
        parts = urlsplit(canonical_url(url))
        return parts.path + (f"?{parts.query}" if parts.query else "")

    out: dict[str, list[tuple[str, str]]] = {}
    for portal in portal_ids:
        titles = {path_of("http://sandbox" + s.path): s.title for s in ground_truth(portal)}
        services = []
        for doc_id in backend.portal_hashes(portal):
            doc = backend.get(doc_id)
            if doc is None:
                continue
            path = path_of(doc.url)
            if path in titles:
                services.append((doc_id, titles[path]))
        out[portal] = services
    return out


@contextmanager
def crawled_province() -> Iterator[Path]:
    """A directory holding the index of a fresh crawl of the whole sandbox province."""
    import sandbox
    from tests.crawlers.crawl_helpers import crawl

    with (
        tempfile.TemporaryDirectory(prefix="dargah-eval-") as tmp,
        sandbox.start_province(slow_seconds=0.2) as province,
    ):
        reports = crawl(province.registrations(), Path(tmp))
        failed = [r.portal_id for r in reports if not r.pages_fetched]
        if failed:
            raise RuntimeError(f"crawl of the sandbox fetched nothing from {failed}")
        yield Path(tmp) / "index"


def run(index_dir: Path) -> Report:
    """The report for the embedded index in ``index_dir``."""
    from indexer.backends import open_backend

    backend = open_backend(index_dir, readonly=True)
    try:
        return evaluate_backend(backend)
    finally:
        backend.close()


def evaluate_backend(backend: SearchBackend) -> Report:
    """The report for any backend holding the crawled sandbox province."""
    from sandbox import PORTAL_IDS

    catalogue = catalogue_of(backend, list(PORTAL_IDS))
    return evaluate(backend, load_judgments(backend, catalogue))


def compare_backend(backend: SearchBackend) -> dict[str, Report]:
    """The gateway and the baselines on the crawled sandbox province, in one run: the
    baselines index the very documents the crawl put in ``backend``."""
    from sandbox import PORTAL_IDS
    from tests.relevance.external import evaluate_all, records

    catalogue = catalogue_of(backend, list(PORTAL_IDS))
    found = (backend.get(doc_id) for services in catalogue.values() for doc_id, _ in services)
    docs = in_site_order([doc for doc in found if doc is not None])
    judged = load_judgments(backend, catalogue)
    return evaluate_all(backend_search(backend), judged, records(docs), CLASSES)


def in_site_order(docs: Iterable[ServiceDocument]) -> list[ServiceDocument]:
    """Crawled services by portal and address path: the order the crawl stored them in (and
    their ids, which hold the sandbox's port) changes from run to run, and a baseline's BM25
    breaks ties by that order, so its figures moved by up to 0.01 between identical runs."""
    return sorted(docs, key=lambda d: (d.portal_id, *urlsplit(d.url)[2:4]))


@contextmanager
def on_elasticsearch(index_dir: Path) -> Iterator[SearchBackend]:
    """The crawled province copied from the embedded index into a live test cluster
    (``GATEWAY_TEST_ELASTICSEARCH_URL``, see tests/contract/live.py), as ``dargah reindex
    --from-embedded`` moves a province; removed afterwards."""
    from indexer.backends import open_backend
    from indexer.elasticsearch.reindex import registered_documents
    from sandbox import PORTAL_IDS
    from tests.contract.live import live_backend

    source = open_backend(index_dir, readonly=True)
    try:
        with live_backend("dargah-relevance") as target:
            target.rebuild(registered_documents(source, list(PORTAL_IDS)))
            yield target
    finally:
        source.close()
