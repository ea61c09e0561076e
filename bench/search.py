"""Indexing rate and search latency on a synthetic province-sized index.

Baselines in the same run: the bare tantivy engine on the same documents
(default tokenizer, raw text, no Persian analysis, its own query parser), and
SQLite FTS5 with bm25() — the alternative embedded engine we rejected.
"""

from __future__ import annotations

import random
import sqlite3
import string
import tempfile
from itertools import batched
from pathlib import Path

import tantivy

from bench.corpus import documents, queries, services
from bench.stats import Latency, latency, rate, row
from gateway_api.search import SuggestParams, suggest
from indexer.backend import MAX_QUERY_CHARS, SearchQuery
from indexer.documents import ServiceDocument
from indexer.tantivy_backend import TantivyBackend

BATCH = 1000
FLOOR_P99_RATIO = 3.0  # issue 9: search p99 on 100k services ≤ 3× bare tantivy, same run
FLOOR_SERVICES = 100_000


def _bare_tantivy(path: Path, docs: list[ServiceDocument]) -> tuple[float, Latency]:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True)
    builder.add_text_field("description")
    path.mkdir()
    index = tantivy.Index(builder.build(), path=str(path))

    def load() -> int:
        writer = index.writer(64_000_000)
        for chunk in batched(docs, BATCH):
            for doc in chunk:
                writer.add_document(tantivy.Document(title=doc.title, description=doc.description))
            writer.commit()
        writer.wait_merging_threads()
        return len(docs)

    docs_per_s = rate(load)
    index.reload()
    searcher = index.searcher()

    def query(text: str) -> object:
        parsed = index.parse_query_lenient(text, ["title", "description"])[0]
        return searcher.search(parsed, 10).hits

    return docs_per_s, latency(query, queries(1000))


def _fts5(path: Path, docs: list[ServiceDocument]) -> Latency:
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE s USING fts5(title, description)")
    db.executemany("INSERT INTO s VALUES (?, ?)", ((d.title, d.description) for d in docs))
    db.commit()

    def query(text: str) -> object:
        terms = " OR ".join('"' + w.replace('"', "") + '"' for w in text.split())
        sql = "SELECT rowid FROM s WHERE s MATCH ? ORDER BY bm25(s, 4.0, 1.0) LIMIT 10"
        return db.execute(sql, (terms,)).fetchall()

    result = latency(query, queries(300))
    db.close()
    return result


def prefixes(docs: list[ServiceDocument], count: int = 1000) -> list[str]:
    """What a citizen has typed so far: whole words of a title, then part of the next."""
    out = []
    for n, doc in enumerate(docs[:: max(1, len(docs) // count)][:count]):
        words = doc.title.split()
        whole = words[: n % 3]
        partial = words[len(whole)][: 2 + n % 4] if len(words) > len(whole) else ""
        out.append(" ".join([*whole, partial]).strip())
    return out


def _completion(backend: TantivyBackend, docs: list[ServiceDocument], search: Latency) -> str:
    """Autocomplete latency (target: p99 under 20 ms) against a full search in the same run."""
    ours = latency(lambda p: backend.complete(p), prefixes(docs))
    return _beside_search("complete() 8 titles (<20 ms)", ours, search)


def _beside_search(name: str, ours: Latency, search: Latency) -> str:
    """A row of ``ours`` against the ordinary full search of the same run (p99 ratio)."""
    return row(name, str(ours), "search top-10 (full)", str(search), ours.p99_ms / search.p99_ms)


def run(count: int) -> list[str]:
    docs = list(documents(count))
    lines = []
    with tempfile.TemporaryDirectory(prefix="dargah-bench-") as tmp:
        backend = TantivyBackend(Path(tmp) / "ours")

        def load() -> int:
            for chunk in batched(docs, BATCH):
                backend.upsert(list(chunk))
            return len(docs)

        ours_rate = rate(load)
        bare_rate, bare_latency = _bare_tantivy(Path(tmp) / "bare", docs)
        lines.append(
            row(
                f"indexing ({count:,} services)",
                f"{ours_rate:8.0f} docs/s",
                "bare tantivy, no analysis",
                f"{bare_rate:8.0f} docs/s",
                ours_rate / bare_rate,
            )
        )
        ours_latency = latency(lambda q: backend.search(SearchQuery(q)), queries(1000))
        ratio = ours_latency.p99_ms / bare_latency.p99_ms
        lines.append(
            row(
                "search top-10 (full)",
                str(ours_latency),
                "bare tantivy query",
                str(bare_latency),
                ratio,
            )
        )
        if count >= FLOOR_SERVICES:  # on a small index the fixed costs decide the ratio
            lines.append(
                f"floor: search p99 ≤ {FLOOR_P99_RATIO:g}× bare tantivy's: {ratio:.2f}× "
                f"{'ok' if ratio <= FLOOR_P99_RATIO else 'FAILED'}"
            )
        lines.append(_completion(backend, docs, ours_latency))
        lines.append(_hostile_latin(backend, ours_latency))
        lines.append(_related_cost(Path(tmp) / "province"))
        fts = _fts5(Path(tmp) / "fts.sqlite3", docs)
        lines.append(
            row(
                "search top-10 (full)",
                str(ours_latency),
                "SQLite FTS5 bm25()",
                str(fts),
                ours_latency.p99_ms / fts.p99_ms,
            )
        )
        # what a search box sends while typing: the first two thirds of a query
        prefixes = [q[: max(2, len(q) * 2 // 3)] for q in queries(1000)]
        bare_complete = latency(backend.complete, prefixes)
        api_complete = latency(
            lambda q: suggest(backend, SuggestParams.model_validate({"q": q})), prefixes
        )
        lines.append(
            row(
                "autocomplete (/api/suggest)",
                str(api_complete),
                "backend.complete() alone",
                str(bare_complete),
                api_complete.p99_ms / bare_complete.p99_ms,
            )
        )
        backend.close()
    return lines


def _hostile_latin(backend: TantivyBackend, search: Latency) -> str:
    """Latin letters at random, as long as a query may be (MAX_QUERY_CHARS): a search that
    finds nothing as typed reads every word as Finglish (indexer/latin.py), the costliest
    path a query can take, against the ordinary queries of the same run. Before the reading
    was bounded (MAX_FINGLISH_LETTERS) each took about 7 s."""
    rng = random.Random(7)
    letters = string.ascii_lowercase + " "
    hostile = ["".join(rng.choice(letters) for _ in range(MAX_QUERY_CHARS)) for _ in range(30)]
    ours = latency(lambda q: backend.search(SearchQuery(q)), hostile, warmup=2)
    return _beside_search("search, 200 random Latin chars", ours, search)


def _related_cost(path: Path) -> str:
    """What filling short pages with related services costs (indexer/related.py).

    On 100,000 services the pages of title words are full, so the search row above never
    fills one. Here the sandbox province's services, one each: about half of the same
    queries match fewer than 10 of them. Baseline: the engine's search alone on the same
    queries, in the same run."""
    backend = TantivyBackend(path)
    backend.upsert(list(services()))
    asked = queries(1000)
    filled = sum(
        any(hit.related for hit in backend.search(SearchQuery(q)).hits) for q in asked[:200]
    )
    ours = latency(lambda q: backend.search(SearchQuery(q)), asked)
    alone = latency(lambda q: backend._search(SearchQuery(q)), asked)
    backend.close()
    return row(
        f"search, short pages filled ({filled / 2:.0f}%)",
        str(ours),
        "the same, matches only",
        str(alone),
        ours.p99_ms / alone.p99_ms,
    )
