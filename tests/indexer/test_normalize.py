"""Persian normalisation: what the UI shows and which spellings meet in search."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.normalize import analyze, analyze_groups, normalize, stem, with_madda, word_spans

ZWNJ = "\u200c"
SEEDS = Path("/work/shared/seeds")

DISPLAY_CASES = [
    # Arabic letter forms → Persian (real seed text, 001)
    (
        "رئيس امور توسعه دولت الكترونيك سازمان اداري و استخدامي كشور",
        "رئیس امور توسعه دولت الکترونیک سازمان اداری و استخدامی کشور",
    ),
    # the agency's hamza is kept in display text (tokens fold it: see test_hamza_...)
    ("مسؤول", "مسؤول"),
    ("أحمد إمام", "أحمد إمام"),
    ("تأسیس مؤسسه", "تأسیس مؤسسه"),
    ("مدرسة", "مدرسه"),
    ("يى", "یی"),
    # diacritics and tatweel removed
    ("مُحَمَّد", "محمد"),
    ("خـــدمات", "خدمات"),
    # whitespace collapsed; paragraphs kept as single line breaks
    ("  میز   خدمت\u00a0 الکترونیک ", "میز خدمت الکترونیک"),
    ("بند اول\r\n\r\n\r\nبند دوم", "بند اول\nبند دوم"),
    # half-spaces: hazm's affix spacing (seeds: «می توان», «دستگاه ها», «نامه هايي»)
    ("که می توان", f"که می{ZWNJ}توان"),
    ("مي گويد", f"می{ZWNJ}گوید"),
    ("میروم", f"می{ZWNJ}روم"),
    ("سازمان ها", f"سازمان{ZWNJ}ها"),
    ("دستگاه هاي اجرايي", f"دستگاه{ZWNJ}های اجرایی"),
    ("نامه هايي", f"نامه{ZWNJ}هایی"),
    ("حوزههای مرتبط", f"حوزه{ZWNJ}های مرتبط"),
    ("بزرگ ترین", f"بزرگ{ZWNJ}ترین"),
    # stray, doubled and space-adjacent ZWNJs dropped
    (f"علی{ZWNJ} {ZWNJ}رضا", "علی رضا"),
    (f"{ZWNJ}سلام{ZWNJ}", "سلام"),
    (f"کتاب{ZWNJ}{ZWNJ}ها", f"کتاب{ZWNJ}ها"),
    # invisible bidi controls are removed (they can spoof displayed text)
    ("خدمت\u202e\u200fها", "خدمتها"),
    # control characters from crawled pages (NUL, a terminal's escape, C1) are spaces
    ("صدور\x00پروانه\x1b[H ساختمان\x9b", "صدور پروانه [H ساختمان"),
    # one digit form: Persian
    ("سامانه 195", "سامانه ۱۹۵"),
    ("سامانه ١٩٥", "سامانه ۱۹۵"),
    ("17 تير 1397", "۱۷ تیر ۱۳۹۷"),
    # Persian punctuation hugs the preceding word
    ("اجرايي ،وزارتخانه", "اجرایی، وزارتخانه"),
    ("خوبی ؟", "خوبی؟"),
    # Latin text is left readable
    ("ISO 9001 Certificate", "ISO ۹۰۰۱ Certificate"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), DISPLAY_CASES)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(("text", "expected"), DISPLAY_CASES)
def test_normalize_is_idempotent(text: str, expected: str) -> None:
    assert normalize(expected) == expected


TOKEN_CASES = [
    ("سازمان‌ها", ["سازمانها", "~سازمان"]),  # stems are marked: exact words rank first
    ("سازمان ها", ["سازمانها", "~سازمان"]),
    ("سازمانها", ["سازمانها", "~سازمان"]),  # stem from hazm's lexicon
    ("گواهينامه", ["گواهینامه"]),
    ("گواهینامه", ["گواهینامه"]),
    (f"گواهی{ZWNJ}نامه", ["گواهینامه", "گواهی", "نامه"]),
    ("گواهی نامه", ["گواهینامه", "گواهی", "نامه"]),  # a known compound: one word, as above
    ("پروانه ساختمان", ["پروانه", "ساختمان", "پروانهساختمان"]),  # two words, pair key extra
    # a compound under an ezafe or a plural joins too, its stem the compound
    ("آب بهای", ["اببهای", "اب", "بهای", "~اببها"]),
    ("گواهی نامه های", ["گواهینامههای", "گواهی", "نامه", "~گواهینامه"]),
    ("۱۹۵", ["۱۹۵"]),
    ("١٩٥", ["۱۹۵"]),
    ("195", ["۱۹۵"]),
    ("ماده۱۷", ["ماده", "۱۷", "ماده۱۷"]),
    ("Driving LICENSE", ["driving", "license", "drivinglicense"]),
    # a dotted acronym is the word typed without its dots; a web address is not one
    ("کتاب (A.I.P)", ["کتاب", "aip", "کتابaip"]),
    ("V.H.F.", ["vhf"]),
    ("www.cao.ir", ["www", "cao", "ir", "wwwcao", "caoir"]),
    ("آیین‌نامه", ["اییننامه", "ایین", "نامه"]),
    ("آئین نامه", ["اییننامه", "ایین", "نامه"]),
    ("می روم", ["میروم", "~رفت#رو"]),  # verbs: hazm's lemma as the stem
    ("«میز خدمت»، (الکترونیک)!", ["میز", "خدمت", "الکترونیک", "میزخدمت", "خدمتالکترونیک"]),
    ("<b>alert(1)</b>", ["b", "alert", "۱", "b", "balert", "alert۱", "۱b"]),
    ("   ", []),
    # an «و» glued to its word splits off, as from a half-spaced «X‌وY» compound
    ("نقل وانتقال", ["نقل", "و", "انتقال", "نقلو", "وانتقال"]),
    ("ورود وخروج", ["ورود", "و", "خروج", "ورودو", "وخروج"]),
    ("حملونقل", ["حمل", "و", "نقل", "حملو", "ونقل"]),  # a CMS stripped the half-space
    # «فرهنگی» also carries its noun, the marked stem «~فرهنگ» (a relational adjective)
    ("فرهنگی وهنری", ["فرهنگی", "و", "هنری", "فرهنگیو", "وهنری", "~فرهنگ"]),
    ("واحد ورودی", ["واحد", "ورودی", "واحدورودی"]),  # words of their own stay whole
    ("گفتوگو", ["گفتوگو"]),  # a common word: hazm's «گفت‌وگو» is not split either
    ("فراخوانی", ["فراخوانی"]),  # no «X‌وY» compound of the lexicon: no inner «و» split
    # the ezafe «ه‌ی» is «ۀ» written out
    ("پروانه‌ی ساختمان", ["پروانه", "ساختمان", "پروانهساختمان"]),
    ("پروانه ی ساختمان", ["پروانه", "ساختمان", "پروانهساختمان"]),
    ("پروانۀ ساختمان", ["پروانه", "ساختمان", "پروانهساختمان"]),
]


@pytest.mark.parametrize(("text", "expected"), TOKEN_CASES)
def test_analyze(text: str, expected: list[str]) -> None:
    assert analyze(text) == expected


@pytest.mark.parametrize(
    "spellings",
    [
        ["گواهينامه", "گواهی‌نامه", "گواهی نامه", "گواهینامه"],
        ["سازمان‌ها", "سازمان ها", "سازمانها"],
        ["۱۹۵", "١٩٥", "195"],
        ["آیین‌نامه", "آئین نامه", "ایین نامه"],
        ["آب‌بهای", "آب بهای", "آببهای"],
        ["گواهی‌نامه", "گواهی نامه های", "گواهی‌نامه‌ها"],
    ],
)
def test_spellings_share_a_token(spellings: list[str]) -> None:
    common = set.intersection(*(set(analyze(s)) for s in spellings))
    assert common, f"no shared token among {spellings}"


@pytest.mark.parametrize("spelling", ["گواهينامه", "گواهی‌نامه", "گواهی نامه", "گواهینامه"])
def test_compound_spellings_make_one_identical_query(spelling: str) -> None:
    # Identical query groups give identical results and ranking, not merely overlapping ones.
    assert analyze_groups(spelling) == analyze_groups("گواهینامه")


@pytest.mark.parametrize(
    "spelling",
    ["نقل‌وانتقال", "نقل‌و‌انتقال", "نقل وانتقال", "نقل و‌انتقال"],
)
def test_and_compound_spellings_make_one_identical_query(spelling: str) -> None:
    # «نقلوانتقال», no compound of hazm's lexicon, is split by the index's vocabulary instead
    # (tests/indexer/test_ranking.py)
    assert analyze_groups(spelling) == analyze_groups("نقل و انتقال")


def test_query_groups_accept_compound_spellings() -> None:
    first, second = analyze_groups("پروانه ساختمان")
    assert first.key == "پروانه" and "پروانهساختمان" in first.compounds
    assert second.key == "ساختمان" and "پروانهساختمان" in second.compounds
    (single,) = analyze_groups("سازمان‌ها")
    assert single.key == "سازمانها" and single.parts == ("سازمان",)


@pytest.mark.parametrize(
    ("typed", "key", "head"),
    [
        ("قطع شده", "قطعشده", "قطع"),  # the lexicon's «قطع‌شده», joined in a query
        ("گم‌شده", "گمشده", "گم"),
        ("ثبت شده", "ثبتشده", "ثبت"),
    ],
)
def test_a_participle_keeps_its_head_as_an_alternative(typed: str, key: str, head: str) -> None:
    (word,) = analyze_groups(typed)
    assert word.key == key and head in word.parts


@pytest.mark.parametrize(
    ("typed", "word", "noun"),
    [
        ("چه مجوزی لازمه", "مجوزی", "مجوز"),  # the indefinite «ی» of a question
        ("چه مدارکی میخواد", "مدارکی", "مدارک"),
        ("یه مجوزی میخوام", "مجوزی", "مجوز"),
        ("چه کسی صادر میکند", "کسی", None),  # a word of its own keeps its form
        ("چه ماهی صید کنم", "ماهی", None),
        ("مجوزی", "مجوزی", None),  # nothing marks it indefinite: maybe a typo
    ],
)
def test_a_noun_after_a_question_word_drops_its_indefinite_ye(
    typed: str, word: str, noun: str | None
) -> None:
    (group,) = [g for g in analyze_groups(typed) if g.key == word]
    assert (noun in group.parts) if noun else not group.parts


def test_a_true_compound_does_not_accept_its_own_words() -> None:
    (word,) = analyze_groups("گواهی نامه")
    assert word.key == "گواهینامه" and not {"گواهی", "نامه"} & set(word.parts)


def test_word_spans_point_at_display_text() -> None:
    text = normalize("تمدید گواهی‌نامه رانندگی")
    spans = [(text[s:e], key) for s, e, key, _ in word_spans(text)]
    assert spans == [("تمدید", "تمدید"), ("گواهی‌نامه", "گواهینامه"), ("رانندگی", "رانندگی")]


def test_real_seed_text_has_no_arabic_forms_left() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not texts:
        pytest.skip("seed texts not available")
    for text in texts:
        display = normalize(text)
        assert not set("يكة٠١٢٣٤٥٦٧٨٩0123456789\u0640") & set(display)
        assert normalize(display) == display
        tokens = analyze(text)
        assert tokens and all(" " not in t and ZWNJ not in t for t in tokens)


def test_hamza_is_shown_as_written_but_matches_the_plain_spelling() -> None:
    assert normalize("تأسیس مؤسسه") == "تأسیس مؤسسه"
    assert analyze("تأسیس مؤسسه") == analyze("تاسیس موسسه")


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("مناقصات", "مناقصه"),  # «ات» of a word ending in «ه»
        ("شکایات", "شکایت"),  # «ات» in the place of a final «ت»
        ("ساعات", "ساعت"),
        ("مالیات", "مالیات"),  # a word of its own
        ("ثبات", "ثبات"),
        ("کالای", "کالا"),  # ezafe «ی» after a vowel
        ("برقم", "برق"),  # a possessive clitic, as citizens type
        ("گازمو", "گاز"),
        ("ساختمون", "ساختمان"),  # spoken «ون» for «ان»
        ("اسم", "اسم"),  # a word of its own keeps its form
        # the relational «ی» of an adjective hazm does not list, onto its common noun
        ("ساختمانی", "ساختمان"),
        ("مالیاتی", "مالیات"),
        ("تفکیکی", "تفکیک"),
        ("فرهنگی", "فرهنگ"),
        ("کشاورزی", "کشاورزی"),  # a word of its own
        ("برقی", "برقی"),
        ("مسکنی", "مسکنی"),  # a short noun: the spelling check reads «مسکونی»
        # the Arabic sound plural «ین» of a participle, onto its common singular
        ("مشترکین", "مشترک"),
        ("متقاضیین", "متقاضی"),
        ("شاغلین", "شاغل"),
        ("تامین", "تامین"),  # no participle: no plural
        ("سنگین", "سنگین"),
        ("ماشین", "ماشین"),
        ("استان", "استان"),
        # Arabic broken plurals, by their patterns, to a common word of the lexicon
        ("قبوض", "قبض"),
        ("اسناد", "سند"),
        ("اموال", "مال"),
        ("مصارف", "مصرف"),
        ("مراحل", "مرحله"),
        ("مقادیر", "مقدار"),
        ("سوابق", "سابقه"),
        ("لوایح", "لایحه"),
        ("نواحی", "ناحیه"),
        ("شرایط", "شرط"),
        ("وسایل", "وسیله"),
        ("دفاتر", "دفتر"),  # four letters: «فعالل»
        ("بنادر", "بندر"),
        ("جداول", "جدول"),
        ("اراضی", "اراضی"),  # no singular in the lexicon: kept
        ("حقوق", "حقوق"),
        # «ات» onto its commonest singular
        ("خدمات", "خدمت"),  # not «خدمه» (the crew)
        ("موسسات", "موسسه"),  # not «موسس» (a founder)
        ("مرسولات", "مرسوله"),
        # «ها» onto a word hazm lists with no count
        ("گواهیهای", "گواهی"),
        ("فرمها", "فرم"),
        ("کاربریهای", "کاربری"),
        # «یان» after a vowel
        ("دانشجویان", "دانشجو"),
        ("مددجویان", "مددجو"),
        ("روستاییان", "روستایی"),
        ("پایان", "پایان"),  # a word of its own
    ],
)
def test_stems_of_written_and_spoken_forms(word: str, base: str) -> None:
    assert stem(word) == base


@pytest.mark.parametrize(
    ("key", "written"),
    [
        ("اموزش", "آموزش"),
        ("اب", "آب"),
        ("درامد", "درآمد"),
        ("ایا", "آیا"),
        ("است", "است"),  # written without «آ»
        ("انشعاب", "انشعاب"),
        ("زیرساخت‌ها", "زیرساخت‌ها"),  # not a key: left as it is
        ("قلمبه‌سلمبه‌کاری", "قلمبه‌سلمبه‌کاری"),
    ],
)
def test_with_madda_writes_a_key_as_the_language_does(key: str, written: str) -> None:
    assert with_madda(key) == written
