"""What one citizen's search costs the cluster in round trips (issue 8's partial matching).

Each request is a loopback or network round trip on the citizen's path; the engine's own
latency hides them on a small index. A search whose words no service has together, whose
partial matches fill the page, needs three: the vocabulary (the words' document
frequencies, the joinable pairs and the words a partial match is weighed by, all at once),
the complete matches (which count the whole index in the same answer) and the partial ones.
It used to need five: the weighing words asked again and a ``_count``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from indexer.backend import SearchQuery
from indexer.elasticsearch.backend import ElasticsearchBackend
from tests.contract.live import live_backend, skip_without_cluster
from tests.relevance import external


@pytest.fixture(scope="module")
def backend() -> Iterator[ElasticsearchBackend]:
    skip_without_cluster()
    with live_backend("dargah-round-trips") as live:
        live.rebuild(external.load_services())  # real records (tests/relevance/external)
        yield live


def _counting(backend: ElasticsearchBackend, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    sent: Counter[str] = Counter()
    search, count = backend.client.search, backend.client.count

    def counted_search(**request: Any) -> Any:
        sent["vocabulary" if "vocabulary" in request.get("aggs", {}) else "search"] += 1
        return search(**request)

    def counted_count(**request: Any) -> Any:
        sent["count"] += 1
        return count(**request)

    monkeypatch.setattr(backend.client, "search", counted_search)
    monkeypatch.setattr(backend.client, "count", counted_count)
    return sent


def test_a_search_filled_by_partial_matches_takes_three_round_trips(
    backend: ElasticsearchBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = _counting(backend, monkeypatch)
    page = backend.search(SearchQuery(text="تغییر نام قبض برق", size=10))
    assert page.partial and len(page.hits) == 10  # a full page: no related services asked
    assert sent == Counter({"vocabulary": 1, "search": 2}), sent


def test_partial_matches_are_weighed_by_the_whole_index_under_a_filter(
    backend: ElasticsearchBackend,
) -> None:
    # the weights come from the global count in the complete matches' answer: a filter
    # (a post_filter) must not shrink it, or filtered pages would rank otherwise
    text = "تغییر نام قبض برق"
    whole = backend.search(SearchQuery(text=text, size=10))
    agency = whole.hits[0].document.portal_id
    filtered = backend.search(SearchQuery(text=text, size=10, agency=agency))
    expected = [h.document.id for h in whole.hits if h.document.portal_id == agency]
    assert [h.document.id for h in filtered.hits][: len(expected)] == expected
