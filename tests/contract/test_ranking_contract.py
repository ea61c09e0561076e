"""Ranking a citizen notices, the same on every backend (see conftest.py): exact forms over
other inflections, synonyms, agency names, split words, did-you-mean and diversity.

These are the embedded backend's behaviours (docs/search-quality.md); run against a live
cluster they check that Elasticsearch ranks with the same shared rules (indexer/ranking.py).
"""

from __future__ import annotations

from indexer.backend import SearchBackend, SearchQuery
from tests.indexer.factories import make_doc, matched_titles


def titles(backend: SearchBackend, text: str, size: int = 10) -> list[str]:
    return matched_titles(backend.search(SearchQuery(text, size=size)))


def test_inflections_meet_and_the_exact_form_ranks_first(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "شکایت از مهندسان ناظر"),
            make_doc("b", "شکایت از مهندس ناظر"),
            make_doc("c", "کنتورهای هوشمند"),
        ]
    )
    assert titles(backend, "مهندس ناظر") == ["شکایت از مهندس ناظر", "شکایت از مهندسان ناظر"]
    assert titles(backend, "مهندسان ناظر") == ["شکایت از مهندسان ناظر", "شکایت از مهندس ناظر"]
    assert titles(backend, "کنتور هوشمند") == ["کنتورهای هوشمند"]


def test_a_synonym_finds_the_service_and_the_word_typed_wins(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "صدور پروانه حفاری"),
            make_doc("b", "پرداخت عوارض خودرو"),
            make_doc("c", "صدور مجوز تبلیغات"),
        ]
    )
    # The complete match through the synonym first; services with only «مجوز» may follow.
    assert titles(backend, "مجوز حفاری")[:1] == ["صدور پروانه حفاری"]
    assert titles(backend, "عوارض ماشین") == ["پرداخت عوارض خودرو"]
    # The word typed beats its synonym: «مجوز» first, «پروانه» after.
    assert titles(backend, "صدور مجوز") == ["صدور مجوز تبلیغات", "صدور پروانه حفاری"]


def test_the_words_typed_beat_a_longer_synonym_of_one_of_them(backend: SearchBackend) -> None:
    # «لوازم اندازه گیری» is listed for «کنتور»: read that way the query has three words, and
    # an engine sums its words. The service saying what the citizen typed comes first.
    power = {"portal": "bargh", "agency": "شرکت توزیع نیروی برق", "category": "برق"}
    backend.upsert(
        [
            make_doc("a", "اعلام کارکرد کنتور توسط مشترک", **power),
            make_doc(
                "b",
                "آزمایش لوازم اندازه گیری",
                "در صورتی که مشترک نسبت به کارکرد لوازم اندازه گیری معترض باشد کنتور وی"
                " مورد آزمایش قرار می‌گیرد",
                **power,
            ),
        ]
    )
    assert titles(backend, "کارکرد کنتور") == [
        "اعلام کارکرد کنتور توسط مشترک",
        "آزمایش لوازم اندازه گیری",
    ]


def test_a_query_naming_an_agency_brings_its_services_first(backend: SearchBackend) -> None:
    sabt = {"portal": "sabt", "agency": "اداره کل ثبت اسناد و املاک", "category": "املاک"}
    backend.upsert(
        [
            make_doc("x", "ثبت درخواست استعلام اسناد رسمی", portal="tax", agency="امور مالیاتی"),
            make_doc("y", "ثبت اسناد تجاری در سامانه", portal="tax", agency="امور مالیاتی"),
            make_doc("a", "صدور سند المثنی", **sabt),
            make_doc("b", "افراز املاک مشاعی", **sabt),
        ]
    )
    top = [h.document.portal_id for h in backend.search(SearchQuery("ثبت اسناد")).hits]
    assert top[:2] == ["sabt", "sabt"]


def test_a_misspelt_query_shows_the_corrected_results(backend: SearchBackend) -> None:
    backend.upsert([make_doc("a", "نصب کنتور هوشمند"), make_doc("b", "تعویض کنتور معیوب")])
    page = backend.search(SearchQuery("کنتور هوشمتد"))
    assert page.suggestion == "کنتور هوشمند"
    assert page.corrected  # the hits are the suggestion's, and the page says so
    assert matched_titles(page) == ["نصب کنتور هوشمند"]
    exact = backend.search(SearchQuery("کنتور هوشمند"))
    assert exact.suggestion is None and not exact.corrected


def test_a_word_the_portals_use_is_not_corrected(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "صدور پروانه ساختمان مسکونی"),
            make_doc("b", "تمدید پروانه ساختمان مسکونی"),
            make_doc("c", "درخواست پروانه ساختمان مسکنی"),  # the portal's own typo
        ]
    )
    page = backend.search(SearchQuery("پروانه ساختمان مسکنی"))
    assert page.hits[0].document.title == "درخواست پروانه ساختمان مسکنی"
    assert page.suggestion is None  # «مسکنی» is in the vocabulary: nothing to correct


def test_a_spaced_compound_ranks_as_the_joined_word(backend: SearchBackend) -> None:
    backend.upsert(
        [make_doc(f"n{i}", f"نوبت‌دهی دفتر منطقه {i}") for i in range(3)]
        + [make_doc("x", "نوبت اول دهی")]
    )
    assert titles(backend, "نوبت دهی") == titles(backend, "نوبتدهی") == titles(backend, "نوبت‌دهی")


def test_near_duplicates_of_one_agency_take_turns(backend: SearchBackend) -> None:
    cities = ["کرج", "فردیس", "نظرآباد", "طالقان", "اشتهارد", "هشتگرد"]
    backend.upsert(
        [make_doc(f"t{c}", f"نوبت‌دهی اداره مالیات {c}", portal="tax") for c in cities]
        + [make_doc("r", "نوبت‌دهی دفتر ثبت اسناد", portal="sabt", agency="ثبت اسناد")]
        + [make_doc("w", "نوبت‌دهی امور مشترکین آب", portal="abfa", agency="آبفا")]
    )
    top = [h.document.portal_id for h in backend.search(SearchQuery("نوبت دهی", size=4)).hits]
    assert top.count("tax") == 2 and {"sabt", "abfa"} <= set(top)
    # Nothing is lost: the waiting near-duplicates follow, and pages do not repeat.
    everything = [h.document.id for h in backend.search(SearchQuery("نوبت دهی", size=8)).hits]
    pages = [
        h.document.id
        for page in (1, 2)
        for h in backend.search(SearchQuery("نوبت دهی", size=4, page=page)).hits
    ]
    assert pages == everything and len(set(everything)) == 8


def test_stopwords_do_not_rank_complete_matches(backend: SearchBackend) -> None:
    """Among services matching every word, one whose description says «در» more often does
    not rank higher (Lucene's Persian analyzer drops stopwords too); the words still count
    as a phrase."""
    backend.upsert(
        [
            make_doc("a", "تمدید پروانه کسب", "ارائه در دفتر در شهر در استان"),
            make_doc("b", "تمدید پروانه کسب", "ارائه الف دفتر الف شهر الف استان"),
            make_doc("c", "پروانه کسب در کرج", "ارائه الف دفتر الف شهر الف استان"),
        ]
    )
    hits = backend.search(SearchQuery("پروانه کسب در")).hits
    scores = {h.document.url.rsplit("/", 1)[1]: h.score for h in hits}
    assert hits[0].document.title == "پروانه کسب در کرج"  # the phrase, «در» and all
    assert scores["a"] == scores["b"]


def test_services_scoring_alike_follow_their_portals_numbering(backend: SearchBackend) -> None:
    # indexed in another order than the portal numbers them, as a crawl may
    numbered = [
        ("service/1000", "تمدید پروانه ساختمان ورزشی"),
        ("service/152", "تمدید پروانه ساختمان آموزشی"),
        ("service/20", "تمدید پروانه ساختمان مسکونی"),
        ("service/151", "تمدید پروانه ساختمان تجاری"),
    ]
    backend.upsert([make_doc(path, title, portal="karaj") for path, title in numbered])
    assert titles(backend, "تمدید پروانه ساختمان") == [
        "تمدید پروانه ساختمان مسکونی",
        "تمدید پروانه ساختمان تجاری",
        "تمدید پروانه ساختمان آموزشی",
        "تمدید پروانه ساختمان ورزشی",
    ]
