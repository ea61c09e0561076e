"""The embedded index as citizens meet it: finding, ranking, filtering, paging, snippets."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from indexer.backend import MAX_PAGE_SIZE, SearchQuery
from indexer.backends import open_backend
from indexer.tantivy_backend import TantivyBackend
from tests.indexer.factories import make_doc, matched_titles

LICENCE = make_doc("licence-renew", "تمدید گواهينامه رانندگی", "تمدید گواهی‌نامه پایه دو و یک")
LICENCE_NEW = make_doc("licence-new", "صدور گواهی نامه رانندگی", "صدور برای اولین بار")
PASSPORT = make_doc(
    "passport",
    "صدور گذرنامه",
    "درخواست گذرنامه زیارتی",
    portal="passport",
    agency="پلیس مهاجرت و گذرنامه",
    category="سفر",
)
TOLL = make_doc(
    "toll",
    "پرداخت عوارض آزادراهی",
    "پرداخت عوارض با سامانه ۱۴۱",
    portal="roads",
    agency="سازمان راهداری و حمل و نقل جاده‌ای",
    category="حمل و نقل",
)
COMPLAINT = make_doc(
    "complaint",
    "ثبت شکایت از اپراتور",
    "سامانه 195 شکایات ارتباطی سازمانها",
    portal="ict",
    agency="اداره کل ارتباطات",
    category="ارتباطات",
)
ALL = [LICENCE, LICENCE_NEW, PASSPORT, TOLL, COMPLAINT]


def titles(backend: TantivyBackend, text: str, **kw: object) -> list[str]:
    return matched_titles(backend.search(SearchQuery(text, **kw)))  # type: ignore[arg-type]


@pytest.fixture
def filled(backend: TantivyBackend) -> TantivyBackend:
    backend.upsert(ALL)
    return backend


def test_upsert_get_round_trip(filled: TantivyBackend) -> None:
    assert filled.count() == len(ALL)
    assert filled.get(PASSPORT.id) == PASSPORT
    assert filled.get("no-such-id") is None


def test_upsert_replaces_by_id(filled: TantivyBackend) -> None:
    renamed = make_doc("passport", "تمدید گذرنامه", portal="passport", agency="پلیس مهاجرت")
    filled.upsert([renamed])
    assert filled.count() == len(ALL)
    assert filled.get(PASSPORT.id) == renamed
    assert titles(filled, "تمدید گذرنامه")[0] == "تمدید گذرنامه"
    assert titles(filled, "زیارتی") == []  # the old description is gone from the index


def test_delete(filled: TantivyBackend) -> None:
    filled.delete([TOLL.id, "unknown"])
    assert filled.count() == len(ALL) - 1
    assert filled.get(TOLL.id) is None
    assert titles(filled, "عوارض") == []


def test_portal_hashes(filled: TantivyBackend) -> None:
    assert filled.portal_hashes("police") == {
        LICENCE.id: LICENCE.content_hash,
        LICENCE_NEW.id: LICENCE_NEW.content_hash,
    }
    assert filled.portal_hashes("nobody") == {}


def test_title_match_ranks_above_description_match(backend: TantivyBackend) -> None:
    in_title = make_doc("a", "پرداخت قبض برق", "خدمات مشترکان")
    in_description = make_doc("b", "خدمات مشترکان", "پرداخت قبض برق")
    backend.upsert([in_description, in_title])
    assert titles(backend, "قبض برق") == ["پرداخت قبض برق", "خدمات مشترکان"]


def test_agency_name_matches(filled: TantivyBackend) -> None:
    assert titles(filled, "راهداری") == ["پرداخت عوارض آزادراهی"]


@pytest.mark.parametrize("spelling", ["گواهينامه", "گواهی‌نامه", "گواهی نامه", "گواهینامه"])
def test_licence_spellings_find_the_same_services(filled: TantivyBackend, spelling: str) -> None:
    found = titles(filled, spelling)
    assert set(found) == {LICENCE.title, LICENCE_NEW.title}


@pytest.mark.parametrize("number", ["۱۹۵", "١٩٥", "195"])
def test_digits_in_any_script(filled: TantivyBackend, number: str) -> None:
    assert titles(filled, number) == [COMPLAINT.title]


@pytest.mark.parametrize("spelling", ["سازمانها", "سازمان‌ها", "سازمان ها", "سازمان"])
def test_plural_spellings(filled: TantivyBackend, spelling: str) -> None:
    assert COMPLAINT.title in titles(filled, spelling)


def test_complete_matches_first_then_partial(filled: TantivyBackend) -> None:
    page = filled.search(SearchQuery("صدور گذرنامه"))
    assert titles(filled, "صدور گذرنامه")[0] == PASSPORT.title and not page.partial
    # no service has both words: services with either, and the page says so
    page = filled.search(SearchQuery("گذرنامه عوارض"))
    assert set(titles(filled, "گذرنامه عوارض")) == {PASSPORT.title, TOLL.title}
    assert page.partial


def test_query_syntax_is_just_text(filled: TantivyBackend) -> None:
    for text in ["title:صدور AND (", '"', "*", "id:" + PASSPORT.id, "\\", "-صدور"]:
        page = filled.search(SearchQuery(text))
        assert all(h.document.id for h in page.hits)
    assert titles(filled, "-صدور") == titles(filled, "صدور")


def test_filters(filled: TantivyBackend) -> None:
    assert set(titles(filled, "صدور")) == {LICENCE_NEW.title, PASSPORT.title}
    assert titles(filled, "صدور", agency="passport") == [PASSPORT.title]
    assert titles(filled, "صدور", category="رانندگی") == [LICENCE_NEW.title]
    assert titles(filled, "صدور", agency="roads") == []


def test_empty_query_browses_a_filter_by_title(filled: TantivyBackend) -> None:
    page = filled.search(SearchQuery("", agency="police"))
    assert page.total == 2
    assert [h.document.title for h in page.hits] == sorted([LICENCE.title, LICENCE_NEW.title])
    whole = filled.search(SearchQuery("  "))
    assert whole.total == 0 and whole.hits == []
    assert sum(f.count for f in whole.facets["agency"]) == len(ALL)


def test_facets_count_per_agency_and_category_ignoring_own_filter(
    filled: TantivyBackend,
) -> None:
    page = filled.search(SearchQuery("صدور", agency="passport"))
    agencies = {f.value: (f.label, f.count) for f in page.facets["agency"]}
    assert agencies == {"passport": ("پلیس مهاجرت و گذرنامه", 1), "police": ("پلیس راهور", 1)}
    categories = {f.value: f.count for f in page.facets["category"]}
    assert categories == {"سفر": 1}


def test_agency_facet_names_the_agency_as_its_services_do(backend: TantivyBackend) -> None:
    old = make_doc("fee", "پرداخت عوارض نوسازی", "عوارض", portal="city", agency="شهرداری کرج")
    backend.upsert([old])
    assert [f.label for f in backend.search(SearchQuery("عوارض")).facets["agency"]] == [
        "شهرداری کرج"
    ]
    # the agency renamed in a later crawl: the facet follows the commit
    backend.upsert([make_doc("fee", old.title, "عوارض", portal="city", agency="شهرداری کلانشهر")])
    assert [f.label for f in backend.search(SearchQuery("عوارض")).facets["agency"]] == [
        "شهرداری کلانشهر"
    ]
    # one portal, two spellings: the name of the services that matched
    backend.upsert(
        [make_doc("permit", "صدور پروانه", "پروانه", portal="city", agency="شهرداری منطقه دو")]
    )
    labels = {f.value: f.label for f in backend.search(SearchQuery("پروانه")).facets["agency"]}
    assert labels == {"city": "شهرداری منطقه دو"}
    labels = {f.value: f.label for f in backend.search(SearchQuery("عوارض")).facets["agency"]}
    assert labels == {"city": "شهرداری کلانشهر"}


def test_pagination(backend: TantivyBackend) -> None:
    docs = [make_doc(f"s{i}", f"خدمت شماره {i}", "درخواست خدمت") for i in range(25)]
    backend.upsert(docs)
    pages = [backend.search(SearchQuery("خدمت", page=p, size=10)) for p in (1, 2, 3, 4)]
    assert [p.total for p in pages] == [25] * 4
    ids = [h.document.id for p in pages for h in p.hits]
    assert [len(p.hits) for p in pages] == [10, 10, 5, 0]
    assert sorted(ids) == sorted(d.id for d in docs)
    huge = backend.search(SearchQuery("خدمت", size=10_000))
    assert len(huge.hits) == min(25, MAX_PAGE_SIZE)
    for weird in (0, -3):
        assert backend.search(SearchQuery("خدمت", page=weird, size=10)).hits == pages[0].hits
    deep = backend.search(SearchQuery("خدمت", page=10**9, size=10))
    assert (deep.total, deep.hits) == (25, [])
    assert backend.search(SearchQuery("", agency="police", page=10**9)).hits == []


def test_snippet_marks_matches_and_escapes_hostile_text(backend: TantivyBackend) -> None:
    hostile = make_doc(
        "x",
        "تمدید کارت",
        'تمدید <script>alert("x")</script> <img src=x onerror=alert(1)> کارت & هزینه',
    )
    backend.upsert([hostile])
    (hit,) = backend.search(SearchQuery("تمدید")).hits
    html = hit.snippet_html
    assert "<mark>تمدید</mark>" in html
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    (hit,) = backend.search(SearchQuery("script")).hits
    assert "&lt;<mark>script</mark>&gt;" in hit.snippet_html


def test_snippet_marks_compound_spelled_apart(filled: TantivyBackend) -> None:
    page = filled.search(SearchQuery("گواهینامه", agency="police"))
    snippets = {h.document.id: h.snippet_html for h in page.hits}
    assert "<mark>گواهی‌نامه</mark>" in snippets[LICENCE.id]


def test_long_description_snippet_is_cut_around_the_match(backend: TantivyBackend) -> None:
    filler = " ".join(["متن"] * 200)
    backend.upsert([make_doc("long", "عنوان", f"{filler} واژه‌کلیدی نادر {filler}")])
    (hit,) = backend.search(SearchQuery("نادر")).hits
    assert "<mark>نادر</mark>" in hit.snippet_html
    assert hit.snippet_html.startswith("…") and hit.snippet_html.endswith("…")
    assert len(hit.snippet_html) < 400


def test_readonly_backend_refuses_writes_but_sees_commits(tmp_path: Path) -> None:
    writer = open_backend(tmp_path / "ix")
    reader = open_backend(tmp_path / "ix", readonly=True)
    assert reader.count() == 0
    writer.upsert([PASSPORT])
    assert reader.count() == 1 and reader.get(PASSPORT.id) == PASSPORT
    with pytest.raises(PermissionError):
        reader.upsert([TOLL])


def test_index_survives_reopening(tmp_path: Path) -> None:
    first = TantivyBackend(tmp_path / "ix")
    first.upsert(ALL)
    first.close()
    again = TantivyBackend(tmp_path / "ix")
    assert again.count() == len(ALL)
    assert titles(again, "عوارض") == [TOLL.title]


def test_last_word_matches_as_a_prefix(filled: TantivyBackend) -> None:
    assert titles(filled, "تمدید گواه") == [LICENCE.title]
    assert set(titles(filled, "گواهی")) == {LICENCE.title, LICENCE_NEW.title}
    (hit,) = filled.search(SearchQuery("آزادراه")).hits
    assert hit.document == TOLL


@pytest.mark.parametrize(("typo", "title"), [("گذرنامع", PASSPORT.title), ("عوارظ", TOLL.title)])
def test_typos_are_forgiven_when_nothing_matches_exactly(
    filled: TantivyBackend, typo: str, title: str
) -> None:
    assert titles(filled, typo) == [title]


def test_junk_text_is_indexed_without_breaking(backend: TantivyBackend) -> None:
    junk = make_doc(
        "junk",
        "خدمت " + "ب" * 70_000,
        "data:image/png;base64," + "QUJD" * 20_000 + " توضیح",
        category="دسته " * 10_000,
        agency="اداره " * 10_000,
    )
    backend.upsert([junk])
    assert backend.get(junk.id) == junk
    assert titles(backend, "توضیح") == [junk.title]
    assert backend.search(SearchQuery("", category=junk.category)).total == 1


def test_index_of_another_schema_version_is_refused_with_advice(tmp_path: Path) -> None:
    TantivyBackend(tmp_path / "ix").upsert([PASSPORT])
    (tmp_path / "ix" / "dargah-schema.json").write_text('{"version": 0}', encoding="utf-8")
    with pytest.raises(RuntimeError, match="rebuild"):
        TantivyBackend(tmp_path / "ix")


def test_index_of_older_tokens_is_refused_though_its_fields_are_the_same(tmp_path: Path) -> None:
    from indexer.normalize import ANALYSIS_VERSION
    from indexer.tantivy_backend import SCHEMA_VERSION

    TantivyBackend(tmp_path / "ix").upsert([PASSPORT])
    stamp = {"version": SCHEMA_VERSION, "analysis": ANALYSIS_VERSION - 1}
    (tmp_path / "ix" / "dargah-schema.json").write_text(json.dumps(stamp), encoding="utf-8")
    with pytest.raises(RuntimeError, match="dargah reindex"):
        TantivyBackend(tmp_path / "ix", readonly=True)


def test_facets_are_counted_beside_the_ranking_and_close_stops_their_threads(
    tmp_path: Path,
) -> None:
    """The facet aggregation runs in the backend's own threads while the ranking search runs
    (docs/architecture.md); closing the backend leaves no thread behind."""

    def facet_threads() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name.startswith("dargah-facets")}

    others = facet_threads()  # other tests' backends
    backend = TantivyBackend(tmp_path / "index")
    backend.upsert(ALL)
    page = backend.search(SearchQuery("صدور"))
    assert {f.value: f.count for f in page.facets["agency"]} == {"police": 1, "passport": 1}
    mine = facet_threads() - others
    assert mine
    backend.close()
    assert not any(t.is_alive() for t in mine)
    # A closed backend still answers (the pool starts again on demand).
    assert backend.search(SearchQuery("صدور")).total == 2
    backend.close()
