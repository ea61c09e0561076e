"""Related services on a short first page (indexer/related.py), where the contract suite
cannot reach: a cluster that goes away between the matches and the services like them."""

from __future__ import annotations

import pytest

from indexer.backend import BackendUnavailableError, SearchPage, SearchQuery
from indexer.related import MAX_RELATED, with_related
from indexer.tantivy_backend import TantivyBackend
from tests.indexer.factories import make_doc, matched_titles

PRESS = {"agency": "اداره کل فرهنگ و ارشاد اسلامی", "portal": "ershad"}


@pytest.fixture
def press(backend: TantivyBackend) -> TantivyBackend:
    backend.upsert(
        [
            make_doc("a", "پروانه فروش مطبوعات در دکه های مطبوعاتی", **PRESS),
            *(make_doc(f"m{i}", f"مجوز انتشار مطبوعات شماره {i}", **PRESS) for i in range(30)),
            *(make_doc(f"w{i}", f"پرداخت قبض آب شماره {i}", portal="abfa") for i in range(60)),
        ]
    )
    return backend


def test_the_matches_survive_a_cluster_lost_while_finding_related_services(
    press: TantivyBackend,
) -> None:
    calls: list[SearchQuery] = []

    def failing_after_the_matches(query: SearchQuery) -> SearchPage:
        calls.append(query)
        if len(calls) > 1:
            raise BackendUnavailableError("the cluster stopped answering")
        return press._search(query)  # the engine's search, without its own filling

    page = with_related(failing_after_the_matches, SearchQuery("دکه روزنامه"))
    assert matched_titles(page) == ["پروانه فروش مطبوعات در دکه های مطبوعاتی"]
    assert len(page.hits) == 1 and len(calls) == 2


def test_a_large_page_gets_no_more_than_max_related(press: TantivyBackend) -> None:
    page = press.search(SearchQuery("دکه روزنامه", size=50))
    assert len(matched_titles(page)) == 1
    assert len(page.hits) == 1 + MAX_RELATED


def test_a_seeds_stopwords_do_not_use_up_the_words_it_is_searched_by(
    backend: TantivyBackend,
) -> None:
    # Six words of any kind ended at «المللی»: the sibling sharing «قرآن» was never found.
    waqf = {"agency": "اداره کل اوقاف و امور خیریه", "portal": "oghaf"}
    backend.upsert(
        [
            make_doc("cup", "برگزاری مسابقات ملی و بین المللی قرآن کریم", **waqf),
            make_doc("class", "آموزش قرآنی و شناسایی نیروهای مستعد حفظ قرآن", **waqf),
            make_doc("fair", "برگزاری نمایشگاه ملی صنایع دستی", portal="miras"),
        ]
    )
    page = backend.search(SearchQuery("مسابقات بین المللی قرآن کریم"))
    related = [hit.document.title for hit in page.hits if hit.related]
    assert related[0] == "آموزش قرآنی و شناسایی نیروهای مستعد حفظ قرآن", related
