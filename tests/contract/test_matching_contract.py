"""Matching a citizen notices, the same on every backend (see conftest.py): a query word the
services do not use no longer hides them, complete matches rank above partial ones and the
page says when only part of the query matched, rare words count more than common ones, and
did-you-mean never overrides a query that is spelled correctly.

Written from the failure patterns of issue 8 (colloquial extra words, plural forms, «کارت
ملی» led by a bus ticket, «اسم» → «است», «شهرگ» → «شهر», «آمپراز», half-space compounds)
before the matching was changed; the expected results are what a citizen would expect.
"""

from __future__ import annotations

from indexer.backend import SearchBackend, SearchPage, SearchQuery
from tests.indexer.factories import make_doc, matched_titles

BARQ = {"portal": "barq", "agency": "شرکت توزیع نیروی برق", "category": "برق"}


def search(backend: SearchBackend, text: str, size: int = 10) -> SearchPage:
    return backend.search(SearchQuery(text, size=size))


def titles(page: SearchPage) -> list[str]:
    return matched_titles(page)


def first_and_complete(backend: SearchBackend, *cases: tuple[str, str]) -> None:
    """Each (typed, title): the service comes first, as a match of every word."""
    for typed, title in cases:
        page = search(backend, typed)
        assert titles(page)[0] == title, typed
        assert not page.partial, typed


def test_a_word_no_service_uses_does_not_hide_the_services(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "درخواست انشعاب برق", **BARQ),
            make_doc("b", "اعلام خاموشی و قطع برق", **BARQ),
            make_doc("c", "پرداخت قبض آب"),
        ]
    )
    page = search(backend, "برق رفته")
    assert set(titles(page)) == {"درخواست انشعاب برق", "اعلام خاموشی و قطع برق"}
    assert page.partial  # «رفته» matched nothing: the page must say only part matched


def test_a_partial_match_naming_another_utility_is_left_out(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "رفع قطعی گاز", portal="gas", agency="شرکت گاز استان"),
            make_doc("b", "وصل مجدد انشعاب آب", portal="abfa", agency="شرکت آب و فاضلاب"),
            make_doc("c", "گزارش شکستگی لوله", portal="abfa", agency="شرکت آب و فاضلاب"),
            make_doc("d", "معرفی نامه انشعاب آب، برق و گاز", portal="sanat"),
            make_doc("e", "پرداخت قبض برق", **BARQ),
            *(make_doc(f"other{n}", f"خدمت شماره {n}") for n in range(10)),
        ]
    )
    # nothing matches «قطعی آب» completely; by IDF «قطعی» outweighs «آب», and the gas
    # company's outage service led the water query
    page = search(backend, "قطعی آب")
    assert page.partial
    assert "رفع قطعی گاز" not in titles(page)
    assert {"وصل مجدد انشعاب آب", "معرفی نامه انشعاب آب، برق و گاز"} <= set(titles(page))
    # the gas query still finds it, and a title naming every utility stays for each
    assert titles(search(backend, "قطعی گاز"))[0] == "رفع قطعی گاز"
    assert "معرفی نامه انشعاب آب، برق و گاز" in titles(search(backend, "قطعی برق"))
    # a query naming no utility leaves nothing out
    assert "رفع قطعی گاز" in titles(search(backend, "قطعی"))


def test_a_partial_match_of_a_query_naming_a_utility_is_that_utilitys(
    backend: SearchBackend,
) -> None:
    abfa = {"portal": "abfa", "agency": "شرکت آب و فاضلاب"}
    backend.upsert(
        [
            make_doc("a", "انتقال قطعی سند مالکیت", portal="sanat", agency="شرکت شهرک‌های صنعتی"),
            make_doc("b", "وصل مجدد انشعاب", **abfa),  # the utility only in the agency's name
            make_doc("c", "تغییر قطر انشعاب آب", **abfa),
            *(make_doc(f"other{n}", f"خدمت شماره {n}") for n in range(10)),
        ]
    )
    # nothing matches «قطعی آب» completely; «قطعی» alone (a final deed) is no water service,
    # and by IDF it outweighed «آب»: the deed led a water outage query
    page = search(backend, "قطعی آب")
    assert page.partial
    assert "انتقال قطعی سند مالکیت" not in [hit.document.title for hit in page.hits]
    assert {"وصل مجدد انشعاب", "تغییر قطر انشعاب آب"} <= set(titles(page))
    # the word alone still finds it
    assert titles(search(backend, "قطعی"))[0] == "انتقال قطعی سند مالکیت"


def test_services_like_the_first_result_are_not_another_utilitys(backend: SearchBackend) -> None:
    telecom = {"portal": "tci", "agency": "شرکت مخابرات"}
    backend.upsert(
        [
            make_doc("a", "تغییر نام پرونده", portal="abfa", agency="شرکت آب و فاضلاب"),
            make_doc("b", "تغییر نام تلفن", **telecom),
            make_doc("c", "تغییر نام مالک", portal="sabt", agency="سازمان ثبت"),
            *(make_doc(f"other{n}", f"خدمت شماره {n}") for n in range(10)),
        ]
    )
    # the page is filled with services like «تغییر نام پرونده», but a water query is not
    # about a telephone line
    page = search(backend, "تغییر نام پرونده آب")
    assert titles(page)[0] == "تغییر نام پرونده"
    shown = [hit.document.title for hit in page.hits]
    assert "تغییر نام مالک" in shown
    assert "تغییر نام تلفن" not in shown
    # without the utility's name, it is like the first result as much as any
    assert "تغییر نام تلفن" in [
        hit.document.title for hit in search(backend, "تغییر نام پرونده").hits
    ]


def test_complete_matches_rank_above_partial_ones_and_are_not_flagged(
    backend: SearchBackend,
) -> None:
    backend.upsert(
        [
            make_doc("a", "صدور کارت بلیت اتوبوس"),
            make_doc("b", "صدور کارت ملی هوشمند"),
            make_doc("c", "کارت سوخت خودرو"),
            make_doc("d", "تعویض کارت ملی"),
        ]
    )
    page = search(backend, "صدور کارت ملی")
    assert titles(page)[0] == "صدور کارت ملی هوشمند"  # every word
    assert set(titles(page)[1:2]) == {"تعویض کارت ملی"}  # the two rarer words
    assert not page.partial
    only_part = search(backend, "کارت ملی بانکی")
    assert only_part.partial  # no service says «بانکی»: the best ones match only part
    assert set(titles(only_part)[:2]) == {"صدور کارت ملی هوشمند", "تعویض کارت ملی"}


def test_only_part_matched_is_said(backend: SearchBackend) -> None:
    backend.upsert([make_doc("a", "صدور کارت بلیت اتوبوس"), make_doc("b", "بلیت قطار")])
    page = search(backend, "بلیت هواپیما")
    assert page.partial
    assert page.total == 2
    assert search(backend, "بلیت قطار").partial is False


def test_rare_words_count_more_than_common_ones(backend: SearchBackend) -> None:
    common = [make_doc(f"c{i}", f"درخواست خدمت شماره {i}") for i in range(8)]
    backend.upsert([*common, make_doc("p", "گواهی عدم سوء پیشینه")])
    page = search(backend, "درخواست پیشینه")
    # «پیشینه» carries the query; «درخواست» alone (in every other service) is not enough.
    assert titles(page) == ["گواهی عدم سوء پیشینه"]
    assert page.partial


def test_a_partial_match_covering_more_of_the_query_ranks_higher(backend: SearchBackend) -> None:
    # No service has every word of «قبض آب به نام خریدار». The one whose description carries
    # three of them (the file moved to the buyer's name) answers it better than a title
    # carrying two, however much more a title word weighs.
    backend.upsert(
        [
            make_doc("a", "اصلاح نام مشترک روی قبض", agency="آب و فاضلاب"),
            make_doc(
                "b",
                "انتقال پرونده",
                "تغییر پرونده اشتراک آب به نام خریدار ملک",
                agency="آب و فاضلاب",
            ),
            make_doc("c", "پرداخت قبض آب", agency="آب و فاضلاب"),
            make_doc("d", "ثبت نام خط تلفن", agency="مخابرات"),
            make_doc("e", "صدور قبض المثنی", agency="برق"),
        ]
    )
    page = search(backend, "قبض آب به نام خریدار")
    assert page.partial
    assert titles(page)[:2] == ["انتقال پرونده", "اصلاح نام مشترک روی قبض"]


def test_a_long_query_no_service_covers_enough_of_finds_its_rarest_words(
    backend: SearchBackend,
) -> None:
    # Four words count and none holds a third of the query's weight, so no service is a
    # partial match by the usual rule; the services matching any of its words follow, the
    # rarest word's first, rather than the typing-error neighbours of every word.
    backend.upsert(
        [
            *(make_doc(f"f{i}", f"خدمت شماره {i}") for i in range(12)),
            *(make_doc(f"d{i}", f"فعال سازی خط دائمی نوع {i}") for i in range(3)),
            *(make_doc(f"m{i}", f"گواهینامه بندر امام نوع {i}") for i in range(3)),
            *(make_doc(f"j{i}", f"نماز جماعت کارکنان نوع {i}") for i in range(3)),
            make_doc("z", "استقرار روحانی در مناطق محروم"),
        ]
    )
    page = search(backend, "روستای ما امام جماعت نداره چطوری یه روحانی دائمی بیاد")
    assert page.partial
    assert titles(page)[0] == "استقرار روحانی در مناطق محروم"
    assert not any(t.startswith("خدمت شماره") for t in titles(page))


def test_plural_and_broken_forms_find_the_service(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "دستورالعمل ساخت تابلوهای برق", **BARQ),
            make_doc("b", "فهرست مناقصات عمومی"),
            make_doc("c", "پرداخت قبض آب"),
            make_doc("d", "صدور قبوض آب بهای شهرک صنعتی"),
            make_doc("e", "ارائه سوابق مصارف برق", **BARQ),
        ]
    )
    assert titles(search(backend, "تابلو برق"))[0] == "دستورالعمل ساخت تابلوهای برق"
    assert titles(search(backend, "مناقصه دولتی")) == ["فهرست مناقصات عمومی"]
    # an Arabic broken plural and its singular find each other, the form typed first
    assert titles(search(backend, "قبض آب")) == ["پرداخت قبض آب", "صدور قبوض آب بهای شهرک صنعتی"]
    assert titles(search(backend, "سابقه مصرف برق")) == ["ارائه سوابق مصارف برق"]


def test_a_relational_adjective_and_its_noun_find_each_other(backend: SearchBackend) -> None:
    """«پروانه ساختمانی» is how many citizens name the building permit, and a portal may
    write «عوارض ساختمانی» where the citizen types «عوارض ساختمان»: the adjective is its
    noun, and the form typed ranks first."""
    backend.upsert(
        [
            make_doc("a", "تمدید پروانه ساختمان مسکونی"),
            make_doc("b", "تمدید پروانه تاکسیرانی"),
            make_doc("c", "استعلام عوارض ساختمانی"),
            make_doc("d", "پرداخت عوارض ساختمان"),
            make_doc("e", "تنظیم صورتمجلس تفکیکی آپارتمان"),
        ]
    )
    page = search(backend, "تمدید پروانه ساختمانی")
    assert not page.partial  # every word matched: the adjective by its noun
    assert titles(page)[0] == "تمدید پروانه ساختمان مسکونی"
    assert titles(search(backend, "عوارض ساختمانی"))[:2] == [
        "استعلام عوارض ساختمانی",
        "پرداخت عوارض ساختمان",
    ]
    assert titles(search(backend, "عوارض ساختمان"))[:2] == [
        "پرداخت عوارض ساختمان",
        "استعلام عوارض ساختمانی",
    ]
    assert titles(search(backend, "صورتمجلس تفکیک"))[0] == "تنظیم صورتمجلس تفکیکی آپارتمان"


def test_another_plural_of_the_same_noun_matches_every_word(backend: SearchBackend) -> None:
    """Portals and citizens write a noun's plurals alike: the Arabic «ین» of a participle
    («مالکین» for «مالکان») and the «ات» of a noun in «ت» («شکایات» of «شکایت»). A query with
    one form matches every word of a title with the other, so the page never says that only
    part of it matched."""
    cases = [
        ("استعلام املاک مالکین", "املاک مالکان"),
        ("صدور کارت مشمولان", "کارت مشمولین"),
        ("رسیدگی به شکایات مردمی", "شکایت مردمی"),
        ("ساعات کاری دفاتر پیشخوان", "ساعت کاری دفاتر"),
    ]
    backend.upsert(
        [make_doc(str(i), title) for i, (title, _) in enumerate(cases)]
        + [make_doc("no-plural", "تامین اجتماعی کارگران")]
    )
    for title, query in cases:
        page = search(backend, query)
        assert not page.partial and titles(page)[0] == title, query


def test_a_correct_word_is_never_corrected(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "تغییر نام در شناسنامه", "این خدمت برای تغییر نام است"),
            make_doc("b", "نقشه شهر"),
            make_doc("c", "ترخیص کالا از گمرک"),
        ]
    )
    for text in ("اسم", "شهرک", "کالای وارداتی"):
        page = search(backend, text)
        assert page.suggestion is None, text
        assert not page.corrected, text
    assert titles(search(backend, "ترخیص کالای"))[0] == "ترخیص کالا از گمرک"


def test_a_typo_goes_to_the_nearest_word_not_a_shorter_one(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "واگذاری زمین در شهرک‌های صنعتی"),
            make_doc("b", "نقشه شهر"),
            make_doc("c", "افزایش آمپراژ کنتور", **BARQ),
            make_doc("d", "قطع برق کمتر از آمپر مجاز", **BARQ),
        ]
    )
    page = search(backend, "شهرگ")
    assert page.suggestion == "شهرک" and page.corrected
    assert titles(page) == ["واگذاری زمین در شهرک‌های صنعتی"]
    page = search(backend, "آمپراز")
    assert page.suggestion == "آمپراژ" and page.corrected
    assert titles(page)[0] == "افزایش آمپراژ کنتور"


def test_results_of_the_typed_query_are_never_replaced(backend: SearchBackend) -> None:
    backend.upsert([make_doc("a", "ثبت نام آزمون"), make_doc("b", "ثبت نام مدرسه")])
    page = search(backend, "ثبت نام مدرسه")
    assert titles(page)[0] == "ثبت نام مدرسه"
    assert page.suggestion is None and not page.corrected


def test_a_half_spaced_compound_ranks_as_the_spaced_words(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "نقل و انتقال سند خودرو"),
            make_doc("b", "انتقال خودرو به شهرستان"),
            make_doc("c", "نقل قول از سند"),
            make_doc("d", "تعویض پلاک خودرو"),
        ]
    )
    spaced = titles(search(backend, "نقل و انتقال سند"))
    assert spaced[0] == "نقل و انتقال سند خودرو"
    assert titles(search(backend, "نقل‌وانتقال سند")) == spaced
    assert titles(search(backend, "نقل‌و‌انتقال سند")) == spaced
    # the «و» glued to its word, or every half-space stripped, as citizens and CMSes write it
    assert titles(search(backend, "نقل وانتقال سند")) == spaced
    assert titles(search(backend, "نقلوانتقال سند")) == spaced


def test_a_title_with_a_glued_and_is_found_by_the_spaced_words(backend: SearchBackend) -> None:
    # Portals write «ورود وخروج» as often as «ورود و خروج»: the title must not hide «خروج».
    backend.upsert(
        [
            make_doc("a", "مجوز ورود وخروج تجهیزات حرفه ای"),
            make_doc("b", "مجوز ورود کالا"),
            make_doc("c", "صدور مجوز حمل‌ونقل بار"),
            make_doc("d", "مجوز حمل سلاح"),
        ]
    )
    page = search(backend, "مجوز ورود و خروج تجهیزات")
    assert titles(page)[0] == "مجوز ورود وخروج تجهیزات حرفه ای" and not page.partial
    assert titles(search(backend, "خروج تجهیزات")) == ["مجوز ورود وخروج تجهیزات حرفه ای"]
    for typed in ("حمل و نقل بار", "حملونقل بار", "حمل ونقل بار"):
        page = search(backend, typed)
        assert titles(page)[0] == "صدور مجوز حمل‌ونقل بار" and not page.partial, typed


def test_the_ezafe_written_out_finds_the_word(backend: SearchBackend) -> None:
    # «پروانه‌ی ساختمان» (the ezafe written «ه‌ی») is «پروانۀ ساختمان» is «پروانه ساختمان»
    backend.upsert(
        [
            make_doc("a", "صدور پروانه ساختمان مسکونی"),
            make_doc("b", "صدور پروانه کسب"),
            make_doc("c", "تمدید پروانه‌ی اشتغال"),
        ]
    )
    plain = titles(search(backend, "پروانه ساختمان"))
    assert plain[0] == "صدور پروانه ساختمان مسکونی"
    for typed in ("پروانه‌ی ساختمان", "پروانه ی ساختمان", "پروانۀ ساختمان"):
        assert titles(search(backend, typed)) == plain, typed
    assert titles(search(backend, "پروانه اشتغال")) == ["تمدید پروانه‌ی اشتغال"]


def test_registrar_synonyms_apply_to_the_query_that_carries_them(backend: SearchBackend) -> None:
    backend.upsert([make_doc("a", "تعویض پلاک خودرو"), make_doc("b", "خرید خودرو")])
    plain = backend.search(SearchQuery("نمره خودرو"))
    assert plain.partial
    ruled = backend.search(SearchQuery("نمره خودرو", synonyms=(("نمره", "پلاک"),)))
    assert not ruled.partial and titles(ruled)[0] == "تعویض پلاک خودرو"


def test_the_two_spellings_of_a_word_with_be_find_each_other(backend: SearchBackend) -> None:
    # «جابه‌جایی» (standard) and «جابجایی» (as common): portals use both, citizens too.
    backend.upsert(
        [
            make_doc("a", "جابه‌جایی علمک", agency="شرکت گاز"),
            make_doc("b", "جابجایی کنتور", agency="شرکت آب"),
            make_doc("c", "جمع‌آوری علمک", agency="شرکت گاز"),
        ]
    )
    for typed in ("جابجایی علمک", "جابه‌جایی علمک", "جابه جایی علمک"):
        page = search(backend, typed)
        assert titles(page)[0] == "جابه‌جایی علمک", typed
        assert not page.partial, typed
    assert titles(search(backend, "جابه‌جایی کنتور"))[0] == "جابجایی کنتور"


def test_spoken_forms_of_words_find_the_written_service(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "تعویض کارت ملی", agency="ثبت احوال"),
            make_doc("b", "صدور گواهی پایان کار ساختمان", agency="شهرداری"),
            make_doc("c", "بستن صفر دوم", agency="مخابرات"),
            make_doc("d", "کارت سوخت", agency="نفت"),
            make_doc("e", "صدور شناسنامه نوزاد", agency="ثبت احوال"),
            make_doc("f", "انتقال خون", agency="انتقال خون"),
            make_doc("g", "انشعاب گاز خانه مسکونی", agency="گاز"),
        ]
    )
    # a clitic, spoken «ون» for «ان», a first-person verb, a clitic that drops the silent
    # «ه» («شناسنامشو»), a clitic on a spoken «ون» («خونمون» is the house, not blood):
    # each is a complete match
    first_and_complete(
        backend,
        ("کارت ملیم", "تعویض کارت ملی"),
        ("پایان کار ساختمون", "صدور گواهی پایان کار ساختمان"),
        ("صفر دوم ببندم", "بستن صفر دوم"),
        ("شناسنامشو نوزاد", "صدور شناسنامه نوزاد"),
        ("انشعاب گاز خونمون", "انشعاب گاز خانه مسکونی"),
    )


def test_a_participle_finds_the_service_of_its_verb(backend: SearchBackend) -> None:
    """«قطع شده» is one word of the lexicon («قطع‌شده»); a citizen's «انشعاب قطع شده» must
    still find the service that says «قطع»."""
    backend.upsert(
        [
            make_doc("a", "قطع موقت انشعاب آب", agency="آب و فاضلاب"),
            make_doc("b", "واگذاری انشعاب فاضلاب", agency="آب و فاضلاب"),
            make_doc("c", "قطع درخت", agency="شهرداری"),
        ]
    )
    first_and_complete(backend, ("انشعاب قطع شده", "قطع موقت انشعاب آب"))


def test_a_number_finds_its_spelled_out_form(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "صدور گواهی کدپستی ده رقمی", agency="پست"),
            make_doc("b", "بستن صفر دوم", agency="مخابرات"),
            make_doc("c", "کدپستی محل کار", agency="پست"),
        ]
    )
    first_and_complete(
        backend,
        ("کد پستی 10 رقمی", "صدور گواهی کدپستی ده رقمی"),
        ("بستن 00", "بستن صفر دوم"),
    )


def test_two_words_one_portal_writes_as_one_keep_the_others_title_first(
    backend: SearchBackend,
) -> None:
    # One portal writes «صدورشناسنامه», so the vocabulary joins the citizen's «صدور
    # شناسنامه»: the title written as typed must still come first for its own exact title.
    backend.upsert(
        [
            make_doc("a", "صدورشناسنامه اولیه رایانه ای", agency="ثبت احوال استان الف"),
            make_doc("b", "صدور شناسنامه اولیه", agency="ثبت احوال استان ب"),
            make_doc("c", "صدور کارت ملی اولیه", agency="ثبت احوال استان ب"),
        ]
    )
    assert titles(search(backend, "صدور شناسنامه اولیه"))[:2] == [
        "صدور شناسنامه اولیه",
        "صدورشناسنامه اولیه رایانه ای",
    ]
    assert titles(search(backend, "صدورشناسنامه اولیه رایانه ای"))[0] == (
        "صدورشناسنامه اولیه رایانه ای"
    )


def test_two_words_run_together_find_the_spaced_service(backend: SearchBackend) -> None:
    backend.upsert(
        [
            make_doc("a", "درخواست گواهی عدم سوء پیشینه", agency="پلیس"),
            make_doc("b", "درخواست صدور گواهی پایان کار", agency="شهرداری"),
            make_doc("c", "صدور گواهی کدپستی", agency="پست"),
        ]
    )
    for typed, title in (
        ("گواهی عدم سوءپیشینه", "درخواست گواهی عدم سوء پیشینه"),
        ("گواهی پایانکار", "درخواست صدور گواهی پایان کار"),
    ):
        page = search(backend, typed)
        assert titles(page) == [title], typed  # complete, and alone: «گواهی» is not enough
        assert not page.partial, typed


def test_a_listed_word_typed_as_two_still_reads_as_listed(backend: SearchBackend) -> None:
    # «گازکشی» is listed (→ «انشعاب گاز»); typed spaced it must read the same
    backend.upsert([make_doc("a", "نصب انشعاب گاز", agency="شرکت گاز"), make_doc("b", "کشف گاز")])
    for typed in ("گازکشی", "گاز کشی"):
        assert titles(search(backend, typed))[0] == "نصب انشعاب گاز", typed


def test_a_plural_whose_singular_only_the_portals_know_finds_the_singular(
    backend: SearchBackend,
) -> None:
    # hazm's lexicon has no «دامداری», so only the index can say «دامداری‌ها» is its plural
    backend.upsert(
        [
            make_doc("a", "صدور مجوز بهسازی دامداری ها", agency="جهاد کشاورزی"),
            make_doc("b", "صدور مجوز نوسازی دامداری", agency="جهاد کشاورزی"),
            make_doc("c", "صدور مجوز حفاری", agency="شهرداری"),
        ]
    )
    page = search(backend, "مجوز دامداری‌ها")
    assert set(titles(page)[:2]) == {"صدور مجوز بهسازی دامداری ها", "صدور مجوز نوسازی دامداری"}
    assert not page.partial


def test_a_compound_under_an_ezafe_or_a_plural_is_the_compound(backend: SearchBackend) -> None:
    # «آب بهای واحدها» is «آب‌بها» with an ezafe, «گواهی نامه های» is «گواهی‌نامه» in the plural:
    # the citizen's plain compound must find them as complete matches
    backend.upsert(
        [
            make_doc("a", "صدور قبوض آب بهای واحدهای مستقر در شهرک صنعتی", agency="شهرک‌ها"),
            make_doc("b", "تمدید گواهی نامه های رانندگی", agency="پلیس راهور"),
            make_doc("c", "صدور مجوز شهرک صنعتی", agency="شهرک‌ها"),
        ]
    )
    first_and_complete(
        backend,
        ("آب بها شهرک صنعتی", "صدور قبوض آب بهای واحدهای مستقر در شهرک صنعتی"),
        ("آب‌بها", "صدور قبوض آب بهای واحدهای مستقر در شهرک صنعتی"),
        ("تمدید گواهینامه", "تمدید گواهی نامه های رانندگی"),
    )


def test_a_latin_query_matching_only_part_as_typed_is_read_as_finglish(
    backend: SearchBackend,
) -> None:
    backend.upsert(
        [
            make_doc("a", "صدور گواهی کد پستی ده رقمی", agency="شرکت ملی پست"),
            make_doc("b", "راهنمای پرداخت با QR code", "اسکن کد QR", agency="شهرداری"),
            # a detail's name is not text of the service: «code» and «fee» find nothing here
            make_doc("c", "صدور مجوز حفاری", fields={"code": "۲۱۲", "fee": "رایگان"}),
        ]
    )
    page = search(backend, "code posti")  # «code» is in one description, «posti» nowhere
    assert titles(page)[0] == "صدور گواهی کد پستی ده رقمی"
    assert (page.suggestion, page.corrected) == ("کد پستی", True)
    whole = search(backend, "QR code")  # every word found as typed: left alone
    assert titles(whole) == ["راهنمای پرداخت با QR code"] and not whole.corrected
    assert search(backend, "fee").total == 0
    assert titles(search(backend, "۲۱۲")) == ["صدور مجوز حفاری"]  # the value still is


def test_finglish_neighbours_are_read_as_a_phrase_of_the_titles(backend: SearchBackend) -> None:
    """«ejraye namayesh»: «ejraye» alone reads best as the commoner «اجرایی», but with its
    neighbour it is the titles' phrase «اجرای نمایش» (the ezafe a Finglish «ye» writes)."""
    backend.upsert(
        [
            make_doc("a", "صدور مجوز اجرای نمایش", agency="اداره ارشاد"),
            make_doc("b", "پروانه نمایش فیلم", agency="اداره ارشاد"),
            *(make_doc(f"e{n}", f"دستورالعمل اجرایی شماره {n}") for n in range(3)),
        ]
    )
    page = search(backend, "ejraye namayesh")
    assert (page.suggestion, page.corrected) == ("اجرای نمایش", True)
    assert titles(page)[0] == "صدور مجوز اجرای نمایش"
    assert not page.partial
    # a costlier spelling is never taken for a phrase: «ghabz bargh» stays «قبض برق»
    backend.upsert([make_doc("c", "صدور قبض برق"), make_doc("d", "صدور المثنی برگه اعزام")])
    assert search(backend, "almosana bargh").suggestion == "المثنی برق"


def test_an_english_word_finds_the_service_of_its_persian_word(backend: SearchBackend) -> None:
    """«tax» was read on the keyboard as «فشط» and found nothing (issue 8): the English name
    of a service is citizen vocabulary (synonyms.yaml), searched as typed, not retyped."""
    backend.upsert(
        [
            make_doc("a", "استرداد مالیات تکلیفی", agency="امور مالیاتی"),
            make_doc("b", "صدور گذرنامه", agency="پلیس"),
            make_doc("c", "پرداخت قبض آب", agency="آب و فاضلاب"),
            make_doc("d", "پرداخت قبض برق", agency="توزیع برق"),
        ]
    )
    first_and_complete(
        backend,
        ("tax", "استرداد مالیات تکلیفی"),
        ("passport", "صدور گذرنامه"),
        ("water bill", "پرداخت قبض آب"),
        ("Electricity Bill", "پرداخت قبض برق"),
    )
    assert not search(backend, "tax").corrected


def test_english_words_inside_finglish_are_read_as_english(backend: SearchBackend) -> None:
    """«mojavez tax», «taviz sim card», «komision madeh 5»: the Finglish words are read as
    Persian, the English name of a service (alone, as a phrase or run together) as typed,
    and a number as the number it is."""
    backend.upsert(
        [
            make_doc("a", "صدور مجوز مالیاتی", agency="امور مالیاتی"),
            make_doc("b", "صدور مجوز حفاری", agency="شهرداری"),
            make_doc("c", "تعویض سیم‌کارت", agency="مخابرات"),
            make_doc("d", "تعویض پلاک", agency="پلیس"),
            make_doc("e", "کرد و کار", agency="پلیس"),
            make_doc("f", "اعتراض در کمیسیون ماده ۱۰۰", agency="شهرداری"),
            make_doc("g", "درخواست در کمیسیون ماده ۵", agency="شهرداری"),
        ]
    )
    for typed, title in (
        ("mojavez tax", "صدور مجوز مالیاتی"),
        ("taviz sim card", "تعویض سیم‌کارت"),
        ("taviz simcard", "تعویض سیم‌کارت"),
        ("komision madeh 5", "درخواست در کمیسیون ماده ۵"),
    ):
        page = search(backend, typed)
        assert titles(page)[0] == title, typed
        assert page.corrected and not page.partial, typed


def test_a_keyboard_slip_is_read_in_the_forms_a_search_reads(backend: SearchBackend) -> None:
    """Persian typed on the English layout is read as Persian when a word of it is found the
    way a search finds it (a clitic, a synonym), not only as typed («پاسپورت بگیرم»)."""
    backend.upsert(
        [
            make_doc("a", "صدور گذرنامه", agency="پلیس"),
            make_doc("b", "تعویض سیم کارت خراب", agency="مخابرات"),
            make_doc("c", "حل اختلاف", agency="شورا"),
        ]
    )
    for typed, meant, first in (
        ("\\hs\\,vj f'dvl", "پاسپورت بگیرم", "صدور گذرنامه"),
        ("sdl ;hvjl s,oji", "سیم کارتم سوخته", "تعویض سیم کارت خراب"),
    ):
        page = search(backend, typed)
        assert titles(page)[:1] == [first], typed
        assert (page.suggestion, page.suggestion_reason) == (meant, "keyboard"), typed


def test_a_finglish_reading_that_reads_more_words_replaces_partial_matches_as_typed(
    backend: SearchBackend,
) -> None:
    """As typed, «mojavez vorood asnad post» matched one description's Latin «post»; the
    Finglish reading matches three of its four words in the service meant."""
    backend.upsert(
        [
            make_doc("a", "صدور مجوز ورود اسناد", agency="وزارت فرهنگ"),
            make_doc("b", "صدور گواهی کدپستی", "post code of the address", agency="شرکت ملی پست"),
        ]
    )
    page = search(backend, "mojavez vorood asnad post")
    assert titles(page)[0] == "صدور مجوز ورود اسناد"
    assert (page.suggestion_reason, page.corrected) == ("finglish", True)
    # a reading that reads no more words than the query as typed leaves its matches alone
    assert not search(backend, "post code").corrected


def test_a_spoken_form_of_a_synonym_finds_the_agencys_word(backend: SearchBackend) -> None:
    """«بچه‌م» and «افغانیه» are spoken forms of «بچه» and «افغانی», words no service writes
    but the synonyms read as «فرزند» and «اتباع»."""
    backend.upsert(
        [
            make_doc("a", "صدور مجوز تحصیل فرزندان اتباع", agency="استانداری"),
            make_doc("b", "ثبت نام مدارس غیر دولتی", agency="آموزش و پرورش"),
            make_doc("c", "صدور کارت اقامت", agency="استانداری"),
        ]
    )
    assert titles(search(backend, "مدرسه بچه‌م افغانیه"))[0] == "صدور مجوز تحصیل فرزندان اتباع"


PRESS = {"agency": "اداره کل فرهنگ و ارشاد اسلامی", "portal": "ershad", "category": "مطبوعات"}


def test_a_short_first_page_is_filled_with_services_like_the_first_result(
    backend: SearchBackend,
) -> None:
    """«دکه روزنامه فروشی» finds the one service with a «دکه». Services sharing the agency's
    words with it, not the citizen's, follow it, marked: its own office's first, then
    another agency's that shares more of them."""
    backend.upsert(
        [
            make_doc("a", "پروانه فروش مطبوعات در دکه های مطبوعاتی", **PRESS),
            make_doc("b", "مجوز تأسیس مرکز توزیع مطبوعات", "توزیع مطبوعات در استان", **PRESS),
            make_doc("c", "پرداخت قبض آب", "پرداخت قبض آب و فاضلاب"),
            make_doc("d", "صدور کارت خبرنگاری", **PRESS),
            make_doc("e", "مجوز فروش مطبوعات خارجی", portal="bazargani", agency="بازرگانی"),
        ]
    )
    page = search(backend, "دکه روزنامه فروشی")
    assert [(h.document.title, h.related) for h in page.hits] == [
        ("پروانه فروش مطبوعات در دکه های مطبوعاتی", False),
        ("مجوز تأسیس مرکز توزیع مطبوعات", True),
        ("مجوز فروش مطبوعات خارجی", True),
    ]
    assert page.total == 1  # the count is of matches: the related service is not one
    assert "<mark>" not in page.hits[1].snippet_html  # nothing of the query is in it
    # a full page, a later page and a search that found nothing are left as they are
    assert [h.related for h in search(backend, "دکه", size=1).hits] == [False]
    assert not backend.search(SearchQuery("دکه", page=2)).hits
    assert not search(backend, "هواپیما").hits


def test_a_word_hazm_lists_as_a_stopword_that_names_the_act_must_match(
    backend: SearchBackend,
) -> None:
    """hazm's stop word list was built for news text and has «تغییر», «پخش», «تعیین»: in
    «تغییر کاربری» the word is the service (a change of land use), not filler. With it
    optional, every service about «کاربری» was a complete match of «تغییر کاربری» and the
    page never said that none changes anything (indexer/data/content_words.yaml)."""
    backend.upsert(
        [
            make_doc("a", "ابطال مجوز کاربری اراضی", portal="arazi"),
            make_doc("b", "استعلام کاربری ملک", portal="arazi"),
            make_doc("c", "ثبت شرکت پخش دارو", portal="fda"),
            *(make_doc(f"other{n}", f"خدمت شماره {n} شرکت") for n in range(6)),
        ]
    )
    page = search(backend, "تغییر کاربری")
    assert set(titles(page)) == {"ابطال مجوز کاربری اراضی", "استعلام کاربری ملک"}
    assert page.partial  # no service changes a land use: the page says only part matched
    first_and_complete(backend, ("شرکت پخش", "ثبت شرکت پخش دارو"))
    assert search(backend, "شرکت پخش").total == 1  # «پخش» is required: not every «شرکت»
    backend.upsert([make_doc("d", "تغییر کاربری اراضی زراعی", portal="arazi")])
    first_and_complete(backend, ("تغییر کاربری", "تغییر کاربری اراضی زراعی"))
