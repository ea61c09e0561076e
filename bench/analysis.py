"""Persian analysis throughput beside hazm's own Normalizer on the same text.

analyze() keeps per-chunk and per-word results (service text has a small
vocabulary), so repeating the same text would time dict hits. Its rows
therefore never see a text twice with warm caches: real seed pages with the
caches emptied before every pass, and thousands of distinct service documents
with the caches emptied once before the clock starts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from hazm import Normalizer

from bench.corpus import documents
from bench.stats import row
from indexer.normalize import analyze, clear_caches, normalize

PASSES = 30  # passes over the seed pages (about 60 KB each)
DOCUMENTS = 4000  # distinct synthetic service documents (about 2.7 MB)


def _seed_chunks() -> list[str]:
    """Real seed pages cut to a service listing's size, or the synthetic corpus without shared/."""
    seeds = sorted((Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("*.txt"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in seeds) or "\n".join(
        f"{d.title} {d.description}" for d in documents(300, seed=1)
    )
    return [text[i : i + 400] for i in range(0, len(text), 400)]


def _megabytes(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def throughput(
    func: Callable[[str], object],
    texts: list[str],
    passes: int = 1,
    before: Callable[[], None] | None = None,
) -> float:
    """MB/s of ``func`` over ``passes`` passes of ``texts``.

    ``before`` runs off the clock before each pass (after the warm-up, too).
    """
    for text in texts[:50]:  # lazy tables and word lists load outside the clock
        func(text)
    elapsed = 0.0
    for _ in range(passes):
        if before is not None:
            before()
        start = time.perf_counter()
        for text in texts:
            func(text)
        elapsed += time.perf_counter() - start
    return passes * _megabytes(texts) / elapsed


def run() -> list[str]:
    seeds = _seed_chunks()
    service = [f"{d.title}\n{d.description}" for d in documents(DOCUMENTS)]
    hazm = Normalizer().normalize
    hazm_seeds = throughput(hazm, seeds, PASSES)
    hazm_service = throughput(hazm, service)
    cold = clear_caches
    cases = [
        ("normalize() (display)", throughput(normalize, seeds, PASSES), hazm_seeds),
        ("analyze() seeds, cold", throughput(analyze, seeds, PASSES, before=cold), hazm_seeds),
        ("analyze() distinct docs", throughput(analyze, service, before=cold), hazm_service),
    ]
    hazm_name = "hazm Normalizer.normalize"
    return [
        row(name, f"{ours:6.1f} MB/s", hazm_name, f"{base:6.1f} MB/s", ours / base)
        for name, ours, base in cases
    ]
