"""The walking skeleton's promise, on the crawled sandbox: a citizen's spelling doesn't matter."""

from __future__ import annotations

import pytest
from crawl_helpers import Crawled

from indexer.backend import SearchQuery
from indexer.backends import open_backend

# Each row: spellings a citizen may type for one intent; all must bring the same top results.
SPELLINGS = [
    ("گواهینامه", "گواهينامه", "گواهی‌نامه", "گواهی نامه"),  # joined, Arabic yeh, ZWNJ, space
    ("۱۹۵", "195", "١٩٥"),  # Persian, Latin, Arabic-Indic digits
    ("پروانه ساختمان", "پروانه‌ ساختمان", "پروانة ساختمان"),
]


@pytest.mark.parametrize("spellings", SPELLINGS, ids=lambda s: s[0])
def test_spelling_variants_bring_the_same_top_results(
    first_crawl: Crawled, spellings: tuple[str, ...]
) -> None:
    backend = open_backend(first_crawl.tmp / "index", readonly=True)
    try:
        tops = {
            text: [hit.document.id for hit in backend.search(SearchQuery(text=text, size=5)).hits]
            for text in spellings
        }
    finally:
        backend.close()
    canonical = tops[spellings[0]]
    assert canonical, f"{spellings[0]!r} found nothing"
    for text, ids in tops.items():
        assert ids == canonical, f"{text!r} ranks differently from {spellings[0]!r}"


def test_licence_query_finds_services_of_several_agencies(first_crawl: Crawled) -> None:
    backend = open_backend(first_crawl.tmp / "index", readonly=True)
    try:
        page = backend.search(SearchQuery(text="گواهینامه"))
    finally:
        backend.close()
    agencies = {facet.value for facet in page.facets["agency"]}
    assert len(agencies) >= 4, agencies
