"""Persian analysis throughput beside hazm's own Normalizer on the same text."""

from __future__ import annotations

from pathlib import Path

from hazm import Normalizer

from bench.corpus import documents
from bench.stats import rate, row
from indexer.normalize import analyze, normalize


def _texts() -> list[str]:
    """Real seed pages when shared/ is beside the project, else the synthetic corpus."""
    seeds = sorted((Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("*.txt"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in seeds) or "\n".join(
        f"{d.title} {d.description}" for d in documents(3000)
    )
    # Documents of a service listing's size, not one huge string.
    chunks = [text[i : i + 400] for i in range(0, len(text), 400)]
    return chunks * max(1, 4000 // len(chunks))


def run() -> list[str]:
    texts = _texts()
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    hazm_normalizer = Normalizer()

    def over(func: object) -> float:
        for text in texts[:200]:  # lazy tables and word lists load outside the clock
            func(text)  # type: ignore[operator]

        def work() -> int:
            for text in texts:
                func(text)  # type: ignore[operator]
            return 1

        return megabytes * rate(work)

    hazm_rate = over(hazm_normalizer.normalize)
    lines = []
    for name, func in (("normalize() (display)", normalize), ("analyze() (index/query)", analyze)):
        ours = over(func)
        lines.append(
            row(name, f"{ours:6.1f} MB/s", "hazm Normalizer.normalize", f"{hazm_rate:6.1f} MB/s",
                ours / hazm_rate)
        )
    return lines
