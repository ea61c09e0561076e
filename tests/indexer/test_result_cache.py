"""Repeated searches are answered from memory until the index changes (issue 9, item 3)."""

from __future__ import annotations

from pathlib import Path

from indexer.backend import SearchQuery
from indexer.result_cache import CachedBackend
from indexer.tantivy_backend import TantivyBackend
from tests.indexer.factories import make_doc


def test_a_repeated_search_is_answered_from_the_cache(tmp_path: Path) -> None:
    writer = TantivyBackend(tmp_path / "index")
    writer.upsert([make_doc("a", "صدور پروانه ساختمان", "درخواست آنلاین")])
    cached = CachedBackend(TantivyBackend(tmp_path / "index", readonly=True))
    first = cached.search(SearchQuery("پروانه ساختمان"))
    again = cached.search(SearchQuery("پروانه ساختمان"))
    assert again is first and (cached.hits, cached.misses) == (1, 1)
    other_page = cached.search(SearchQuery("پروانه ساختمان", page=2))
    assert other_page is not first and cached.misses == 2
    cached.close()
    writer.close()


def test_a_commit_by_another_writer_empties_the_cache(tmp_path: Path) -> None:
    writer = TantivyBackend(tmp_path / "index")
    writer.upsert([make_doc("a", "صدور پروانه ساختمان", "درخواست آنلاین")])
    cached = CachedBackend(TantivyBackend(tmp_path / "index", readonly=True))
    renewal = make_doc("b", "تمدید پروانه ساختمان", "درخواست آنلاین")
    assert cached.search(SearchQuery("پروانه")).total == 1
    assert cached.get(renewal.id) is None
    writer.upsert([renewal])  # a crawl commits
    assert cached.search(SearchQuery("پروانه")).total == 2
    assert cached.get(renewal.id) == renewal
    writer.delete([make_doc("a", "").id])
    assert cached.search(SearchQuery("پروانه")).total == 1
    cached.close()
    writer.close()


def test_without_generations_entries_expire(tmp_path: Path) -> None:
    """Elasticsearch has no commit stamp to watch: a short time-to-live bounds staleness."""

    class NoGenerations:
        def __init__(self, backend: TantivyBackend) -> None:
            self.search = backend.search
            self.close = backend.close

    writer = TantivyBackend(tmp_path / "index")
    writer.upsert([make_doc("a", "صدور پروانه ساختمان", "درخواست آنلاین")])
    now = [0.0]
    cached = CachedBackend(
        NoGenerations(TantivyBackend(tmp_path / "index", readonly=True)),  # type: ignore[arg-type]
        ttl_seconds=5,
        clock=lambda: now[0],
    )
    assert cached.search(SearchQuery("پروانه")).total == 1
    writer.upsert([make_doc("b", "تمدید پروانه ساختمان", "درخواست آنلاین")])
    assert cached.search(SearchQuery("پروانه")).total == 1  # within the time-to-live
    now[0] = 6.0
    assert cached.search(SearchQuery("پروانه")).total == 2
    cached.close()
    writer.close()
