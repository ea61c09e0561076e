"""Citizens' wording: polite question words, spoken possessives and everyday vocabulary
(issue 8, item 4) find the service the way the service words it, on the real index."""

from __future__ import annotations

import pytest

from indexer.backend import SearchQuery
from indexer.normalize import analyze_groups, be_variants, glued_be, spoken_forms
from indexer.ranking import required, stopwords, written_forms
from indexer.synonyms import SYNONYM_WEIGHT, default_synonyms
from indexer.tantivy_backend import TantivyBackend
from tests.indexer.factories import make_doc

PASSPORT = make_doc("passport", "صدور گذرنامه", "درخواست گذرنامه زیارتی", agency="پلیس گذرنامه")
FINES = make_doc("fines", "استعلام خلافی خودرو", "مشاهده جرایم رانندگی پلاک")
BIRTH = make_doc("birth", "صدور شناسنامه نوزاد", "ثبت ولادت فرزند", agency="ثبت احوال")
RECORD = make_doc("record", "ارائه سوابق مصرف برق", "سابقه قبوض مشترک", agency="توزیع برق")
THEATRE = make_doc("theatre", "صدور مجوز اجرای نمایش", agency="اداره کل فرهنگ و ارشاد اسلامی")
TRUST = make_doc("trust", "صدور مجوز نماد اعتماد الکترونیکی", agency="مرکز توسعه تجارت الکترونیکی")
MINE = make_doc("mine", "صدور پروانه بهره برداری معدن", agency="سازمان صنعت، معدن و تجارت")
CERT_AGENCY = "مرکز صدور گواهی الکترونیکی"
ISSUE = make_doc("issue", "صدور گواهی امضای الکترونیکی", agency=CERT_AGENCY)
REVOKE = make_doc("revoke", "ابطال گواهی امضای الکترونیکی", agency=CERT_AGENCY)
# Shares words with the polite wrapping only: it must not pass for a complete match.
DECOY = make_doc("decoy", "کارت ملی چطور", "کجا میتوانم", agency="ثبت احوال")


@pytest.fixture
def filled(backend: TantivyBackend) -> TantivyBackend:
    backend.upsert([PASSPORT, FINES, BIRTH, RECORD, DECOY, THEATRE, TRUST, MINE, ISSUE, REVOKE])
    return backend


def search(backend: TantivyBackend, text: str) -> tuple[list[str], bool]:
    page = backend.search(SearchQuery(text))
    return [h.document.title for h in page.hits], page.partial


def test_polite_and_question_words_are_optional() -> None:
    words = analyze_groups("لطفا بگید چطور میتونم شناسنامه بگیرم؟")
    assert [w.key for w, need in zip(words, required(words), strict=True) if need] == ["شناسنامه"]
    assert {"لطفا", "چطور", "کجا", "میخوام"} <= stopwords()
    assert "شناسنامه" not in stopwords() and "راهنمایی" not in stopwords()


def test_a_polite_question_is_a_complete_match_of_its_subject(filled: TantivyBackend) -> None:
    found, partial = search(filled, "چطور میتونم گذرنامه بگیرم؟")
    assert found[0] == "صدور گذرنامه" and not partial


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("پاسپورت", "صدور گذرنامه"),
        ("پاسپورتم", "صدور گذرنامه"),  # the spoken possessive of a listed word
        ("جریمه ماشین", "استعلام خلافی خودرو"),
        ("شناسنامه بچه", "صدور شناسنامه نوزاد"),
        ("سابقه مصرف برق", "ارائه سوابق مصرف برق"),  # an Arabic broken plural
        ("تئاتر", "صدور مجوز اجرای نمایش"),  # the office writes «نمایش» (a play)
        ("اینماد", "صدور مجوز نماد اعتماد الکترونیکی"),  # the trust mark by its site's name
        ("صمت", "صدور پروانه بهره برداری معدن"),  # the agency by its acronym
        ("گواهی امضام باطل شده", "ابطال گواهی امضای الکترونیکی"),  # «باطل» for «ابطال»
    ],
)
def test_citizen_words_find_the_services_wording(
    filled: TantivyBackend, query: str, title: str
) -> None:
    found, _ = search(filled, query)
    assert found and found[0] == title


def test_a_question_asking_which_permit_is_a_complete_match(backend: TantivyBackend) -> None:
    # «مجوزی» written once elsewhere: read as typed, it weighed as the query's rarest word
    # and no service saying «مجوز» matched it.
    anywhere = make_doc("any", "راهنمای سامانه", "برای هر مجوزی به سامانه مراجعه کنید")
    backend.upsert([THEATRE, anywhere])
    found, partial = search(backend, "برای اجرای نمایش چه مجوزی لازمه")
    assert found[0] == "صدور مجوز اجرای نمایش" and not partial


def test_rewritings_that_read_alike_are_searched_once() -> None:
    alike = default_synonyms().readings(analyze_groups("جریمه"), fold=False)
    keys = [[w.key for w in r.words] for r in alike]
    assert len(keys) == len({tuple(k) for k in keys})
    readings = default_synonyms().readings(analyze_groups("پاسپورتم"), fold=False)
    assert [([w.key for w in r.words], r.weight) for r in readings[1:]] == [
        (["گذرنامه"], SYNONYM_WEIGHT)
    ]


def test_two_listed_phrases_are_also_read_both_the_agencies_way() -> None:
    readings = default_synonyms().readings(analyze_groups("جریمه ماشینم"), fold=False)
    found = [([w.key for w in r.words], r.weight) for r in readings]
    assert found[0] == (["جریمه", "ماشینم"], 1.0)
    assert found[1] == (["جرایم", "خودرو"], pytest.approx(SYNONYM_WEIGHT**2))
    assert (["جریمه", "خودرو"], SYNONYM_WEIGHT) in found  # each rewriting alone stays


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        ("ملیم", "ملی"),  # possessive clitic
        ("شناسنامه‌ام", "شناسنامه"),
        ("اشتباهه", "اشتباه"),  # spoken «است»
        ("خونه", "خانه"),  # spoken «ون» for «ان», before «خون»
        ("ساختمون", "ساختمان"),
        ("ببندم", "بستن"),  # subjunctive verb -> infinitive
        ("بفروشم", "فروش"),  # ... or its present stem as a noun
        ("پرداختم", "پرداخت"),  # past first person -> past stem
        # the silent «ه» a clitic drops in spoken writing
        ("بچم", "بچه"),
        ("شناسنامشو", "شناسنامه"),
        ("پروندمو", "پرونده"),
        ("یارانمو", "یارانه"),
        ("گواهیناممو", "گواهینامه"),
        # a clitic on a spoken «ون»: «خونه» + «مون» / «ام»
        ("خونمون", "خانه"),
        ("خونه‌ام", "خانه"),
        # a spoken plural «ا» for «ها», with or without a clitic
        ("قبضامو", "قبض"),
        ("مدارکا", "مدارک"),
        ("خبرنگارای", "خبرنگار"),  # ... and the ezafe: «خبرنگارای خارجی»
    ],
)
def test_spoken_forms_offer_the_written_word(spoken: str, written: str) -> None:
    (key,) = [g.key for g in analyze_groups(spoken)]
    forms = spoken_forms(key)
    assert written in forms
    if spoken in ("خونه", "خونمون"):  # the house before blood
        assert forms.index("خانه") < forms.index("خون")


@pytest.mark.parametrize("word", ["دریای", "کالای"])
def test_a_short_word_with_an_ezafe_is_no_spoken_plural(word: str) -> None:
    assert word[:-2] not in spoken_forms(word)  # «دریای» is not «دری», «کالای» not «کال»


@pytest.mark.parametrize(("spoken", "first"), [("ماشینم", "ماشین"), ("نامم", "نام"), ("بچم", "بچ")])
def test_the_word_under_a_clitic_comes_before_its_spellings(spoken: str, first: str) -> None:
    """«نامم» is «نام» before it is «نامه»: the vocabulary takes the first form it knows."""
    (key,) = [g.key for g in analyze_groups(spoken)]
    assert spoken_forms(key)[0] == first


@pytest.mark.parametrize(
    ("word", "other"),
    [("جابهجایی", "جابجایی"), ("جابجایی", "جابهجایی"), ("بهروزرسانی", "بروزرسانی")],
)
def test_be_inside_a_word_has_two_spellings(word: str, other: str) -> None:
    assert other in be_variants(word)


@pytest.mark.parametrize("word", ["برق", "بهره", "ثبت", "کسب"])
def test_words_without_an_inner_be_have_no_other_spelling(word: str) -> None:
    # «برق» is not «بهرق», and «بهره» (a word of its own) is not «بره»
    assert be_variants(word) == ()


@pytest.mark.parametrize(
    ("word", "other"),
    [("جابهجایی", "جابجایی"), ("بهروزرسانی", "بروزرسانی"), ("بهره", "بهره"), ("برق", "برق")],
)
def test_both_spellings_of_an_inner_be_share_one_glued_key(word: str, other: str) -> None:
    # what a listed phrase is looked up by (indexer.synonyms), however «به» is written
    assert glued_be(word) == glued_be(other) == other


def test_the_vocabulary_decides_which_spoken_form_is_meant() -> None:
    vocabulary = {"کارت": 5, "ملی": 9, "خانه": 2, "خون": 7}
    known = lambda key: vocabulary.get(key, 0)  # noqa: E731
    groups = written_forms(analyze_groups("کارت ملیم خونه"), known)
    assert [g.parts[-1:] for g in groups] == [(), ("ملی",), ("خانه",)]
    # a word the portals use is never rewritten, even when a form of it is known too
    vocabulary["ملیم"] = 1
    assert written_forms(analyze_groups("ملیم"), known)[0].parts == ()


def test_a_spoken_form_the_synonyms_list_is_taken_though_no_service_uses_it() -> None:
    """«بچم» is «بچه» for the synonyms («فرزند»), which no service writes; a spoken form
    neither the index nor the synonyms know is still left alone."""
    known = lambda key: {"مدرسه": 3}.get(key, 0)  # noqa: E731
    listed = {"بچه", "افغانی"}
    groups = written_forms(analyze_groups("مدرسه بچم افغانیه"), known, listed)
    assert [g.parts[-1:] for g in groups] == [(), ("بچه",), ("افغانی",)]
    assert written_forms(analyze_groups("بچم"), known)[0].parts == ()
    readings = default_synonyms().readings(groups)
    assert {s.key for w in readings[0].words for s in w.synonyms} >= {"فرزند", "اتباع"}


# The second pass of the citizen vocabulary (indexer/data/synonyms.yaml): how citizens
# say it -> the agency's name for the service, each among services sharing some of the
# citizen's words, so a wrong reading would put another one first.
AGENCY_SERVICES = [
    make_doc("bill", "رسیدگی به اعتراض صورتحساب برق", "بررسی قبض مشترک", agency="توزیع برق"),
    make_doc("pay", "پرداخت قبض برق", "قبض برق مشترکان", agency="توزیع برق"),
    make_doc("gas", "رفع قطعی گاز", "امداد گاز ۱۹۴", agency="شرکت گاز"),
    make_doc("gas-new", "درخواست اشتراک گاز", "گاز منزل", agency="شرکت گاز"),
    make_doc("taxi", "نوسازی ناوگان تاکسیرانی", "جایگزینی خودروهای قدیمی", agency="شهرداری"),
    make_doc("taxi-card", "صدور کارت تاکسی", "رانندگان تاکسی", agency="شهرداری"),
    make_doc("deed", "ثبت مبایعه‌نامه", "قرارداد خرید و فروش ملک", agency="ثبت اسناد"),
    make_doc("notary", "استعلام دفتر اسناد رسمی", "نشانی و سردفتر", agency="ثبت اسناد"),
    make_doc("heirs", "گواهی انحصار وراثت", "تقسیم ترکه متوفی", agency="دادگستری"),
    make_doc(
        "agencies",
        "شکایت از دستگاه‌های اجرایی",
        "رسیدگی به شکایات مردمی",
        agency="بازرسی استان",
    ),
    make_doc("criminal", "ثبت شکایت کیفری", "شکواییه", agency="دادگستری"),
    make_doc("exam", "ثبت نام آزمون سراسری", "سازمان سنجش", agency="آموزش و پرورش"),
    make_doc("self", "بیمه خویش‌فرما", "ثبت نام بیمه اختیاری", agency="تامین اجتماعی"),
    make_doc("dole", "بیمه بیکاری", "مقرری بیمه", agency="تامین اجتماعی"),
    make_doc("tax-amnesty", "بخشودگی جرایم مالیاتی", "دیرکرد", agency="امور مالیاتی"),
    make_doc("tax-fine", "پرداخت جریمه مالیات", "دیرکرد", agency="امور مالیاتی"),
]


@pytest.fixture
def agencies(backend: TantivyBackend) -> TantivyBackend:
    backend.upsert(AGENCY_SERVICES)
    return backend


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("قبض برقم زیاد اومده", "رسیدگی به اعتراض صورتحساب برق"),
        ("گاز قطعه", "رفع قطعی گاز"),
        ("تاکسی فرسوده عوض کنم", "نوسازی ناوگان تاکسیرانی"),
        ("قولنامه", "ثبت مبایعه‌نامه"),
        ("محضر", "استعلام دفتر اسناد رسمی"),
        ("ارث پدرم", "گواهی انحصار وراثت"),
        ("از یه اداره شکایت دارم", "شکایت از دستگاه‌های اجرایی"),
        ("کنکور", "ثبت نام آزمون سراسری"),
        ("بیمه آزاد", "بیمه خویش‌فرما"),
        ("بخشش جریمه مالیات", "بخشودگی جرایم مالیاتی"),
    ],
)
def test_a_citizens_wording_finds_the_agencys_service(
    agencies: TantivyBackend, query: str, title: str
) -> None:
    found, _ = search(agencies, query)
    assert found and found[0] == title


def test_the_citizens_own_words_still_rank_first(agencies: TantivyBackend) -> None:
    # «قبض» also reads «صورتحساب», but a service saying «قبض برق» is still found as typed
    found, partial = search(agencies, "پرداخت قبض برق")
    assert found[0] == "پرداخت قبض برق" and not partial


# The third pass: a PROBLEM or an ACT as citizens describe it, read as the service that
# remedies it; each among services that share the citizen's other words.
REMEDY_SERVICES = [
    make_doc("gas-back", "وصل مجدد گاز", "پس از پرداخت بدهی", agency="شرکت گاز"),
    make_doc("gas-sub", "درخواست اشتراک گاز", "گاز منزل", agency="شرکت گاز"),
    make_doc("bill-copy", "صدور قبض المثنی", "قبض آب و برق", agency="توزیع برق"),
    make_doc("bill-pay", "پرداخت قبض", "قبض برق و آب", agency="توزیع برق"),
    make_doc("licence-copy", "صدور المثنی پروانه رانندگی", "گواهینامه", agency="راهور"),
    make_doc("licence-renew", "تمدید پروانه رانندگی", "گواهینامه", agency="راهور"),
    make_doc("card-track", "پیگیری کارت ملی", "وضعیت صدور", agency="ثبت احوال"),
    make_doc("card-new", "صدور کارت ملی", "کارت هوشمند", agency="ثبت احوال"),
    make_doc("refund", "استرداد وجه", "عودت مبلغ", agency="امور مالیاتی"),
    make_doc("wallet", "کیف پول", "پول الکترونیک", agency="امور مالیاتی"),
    make_doc("late", "ثبت نام خارج از مهلت", "آزمون استخدامی", agency="آموزش و پرورش"),
    make_doc("signup", "ثبت نام", "آزمون استخدامی", agency="آموزش و پرورش"),
    make_doc("amnesty", "بخشودگی جرایم", "دیرکرد", agency="امور مالیاتی"),
    make_doc("fine", "پرداخت جریمه", "جریمه", agency="امور مالیاتی"),
    make_doc("seal", "فک پلمب واحد صنفی", "مغازه", agency="اصناف"),
    make_doc("sim", "فعال سازی مجدد سیم کارت", "المثنی سیم کارت", agency="مخابرات"),
    make_doc("sim-sale", "فروش سیم کارت", "سیم کارت اعتباری", agency="مخابرات"),
    make_doc("shop", "صدور پروانه کسب", "مغازه", agency="اصناف"),
    make_doc("sale", "نقل و انتقال ملک", "خرید و فروش خانه", agency="ثبت اسناد"),
]


@pytest.fixture
def remedies(backend: TantivyBackend) -> TantivyBackend:
    backend.upsert(REMEDY_SERVICES)
    return backend


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("گاز قطع شده", "وصل مجدد گاز"),
        ("قبضم نیومده", "صدور قبض المثنی"),
        ("گواهینامه ام گم شده", "صدور المثنی پروانه رانندگی"),
        ("کارت ملیم هنوز نرسیده", "پیگیری کارت ملی"),
        ("میخوام پولمو پس بگیرم", "استرداد وجه"),
        ("از ثبت نام جا موندم", "ثبت نام خارج از مهلت"),
        ("جریمه ام رو ببخشن", "بخشودگی جرایم"),
        ("سیم کارت سوخته", "فعال سازی مجدد سیم کارت"),
        ("فروش خونه", "نقل و انتقال ملک"),
    ],
)
def test_a_citizens_problem_finds_the_service_that_remedies_it(
    remedies: TantivyBackend, query: str, title: str
) -> None:
    found, _ = search(remedies, query)
    assert found and found[0] == title


@pytest.mark.parametrize("query", ["نیومده", "نرسیده", "اجازه دارم", "جنس"])
def test_words_that_say_little_alone_are_not_rewritten(query: str) -> None:
    # the second pass read these as «پیگیری», «مجوز», «کالا» in any query
    assert len(default_synonyms().readings(analyze_groups(query), fold=False)) == 1


def test_a_service_in_the_citizens_own_words_still_comes_first(backend: TantivyBackend) -> None:
    # «پس گرفتن» also reads «استرداد», but the service that says it as typed leads
    backend.upsert(
        [
            make_doc("own", "پس گرفتن شکایت", "انصراف شاکی", agency="دادگستری"),
            make_doc("agency", "استرداد شکایت", "انصراف شاکی", agency="دادگستری"),
        ]
    )
    found, partial = search(backend, "پس گرفتن شکایت")
    assert found[:2] == ["پس گرفتن شکایت", "استرداد شکایت"] and not partial


@pytest.mark.parametrize(
    ("query", "content"),
    [
        ("ممنون میشم بگید چه جوری گذرنامه بگیرم", ["گذرنامه"]),
        ("کارفرما بیمه نمیده", ["کارفرما", "بیمه"]),
        ("صدور کارت ملی چقدر طول میکشه", ["صدور", "کارت", "ملی"]),
    ],
)
def test_spoken_light_verbs_are_optional(query: str, content: list[str]) -> None:
    # «میشم», «جوری», «نمیده», «میکشه»: a service never says them
    words = analyze_groups(query)
    assert [w.key for w, need in zip(words, required(words), strict=True) if need] == content


@pytest.mark.parametrize(
    "typed", ["سیم کارتم سوخته", "سیمکارت سوخته", "سیم‌کارت سوخته", "سیم کارت سوخته"]
)
def test_a_listed_phrase_is_found_however_it_is_spaced(typed: str) -> None:
    readings = default_synonyms().readings(analyze_groups(typed), fold=False)
    rewritten = [" ".join(g.key for g in r.words) for r in readings[1:]]
    assert any(text.startswith("تعویض") for text in rewritten), rewritten
