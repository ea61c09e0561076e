"""Latin-letter queries (indexer/latin.py): the keyboard left on English, and Finglish
read through the index's own vocabulary."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

import pytest

from indexer import latin
from indexer.latin import (
    MAX_FINGLISH_LETTERS,
    candidate_keys,
    finglish_candidates,
    is_latin,
    keyboard_layout,
    latin_rewrites,
    slip_candidates,
)

VOCABULARY = {
    "قبض": 5,
    "برق": 9,
    "قطعی": 2,
    "مالیات": 4,
    "ملیت": 1,
    "گواهینامه": 3,
    "تمدید": 2,
    "انشعاب": 3,
}


def known(key: str) -> int:
    return VOCABULARY.get(key, 0)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ghabz bargh", "قبض برق"),
        ("ghatei bargh", "قطعی برق"),
        ("maliat", "مالیات"),
        ("enshebab bargh", "انشعاب برق"),  # one letter too many (issue 8's own example)
    ],
)
def test_finglish_becomes_the_words_the_index_uses(typed: str, meant: str) -> None:
    assert (meant, "finglish") in latin_rewrites(typed, known)


def test_a_last_ye_is_the_ezafe_after_a_vowel() -> None:
    vocabulary = {"اجرای": 2, "اجرایی": 2, "نمایش": 3}  # as used as each other
    known = lambda key: vocabulary.get(key, 0)  # noqa: E731
    assert ("اجرای نمایش", "finglish") in latin_rewrites("ejraye namayesh", known)


def test_a_last_ei_is_the_adjective_after_a_silent_he() -> None:
    # «fani herfei» is «فنی حرفه‌ای» (keyed without its half-space), not the rarer «عرفی»
    # that a last «ei» read as «ی» reached first; and the reading shown keeps the half-space
    vocabulary = {"فنی": 4, "حرفهای": 4, "عرفی": 1, "رایانهای": 2, "شناسنامه": 3}
    known = lambda key: vocabulary.get(key, 0)  # noqa: E731
    assert ("فنی حرفه\u200cای", "finglish") in latin_rewrites("fani herfei", known)
    assert ("شناسنامه رایانه\u200cای", "finglish") in latin_rewrites("shenasname rayanei", known)


def test_a_reading_is_shown_with_the_madda_the_keys_fold() -> None:
    # keys fold «آ» to «ا»: the reading a citizen is shown still writes «آموزش», «آب»
    vocabulary = {"اموزش": 3, "رانندگی": 2, "قبض": 5, "اب": 4}
    known = lambda key: vocabulary.get(key, 0)  # noqa: E731
    assert ("آموزش رانندگی", "finglish") in latin_rewrites("amoozesh ranandegi", known)
    assert ("قبض آب", "finglish") in latin_rewrites("ghabz ab", known)


def test_last_letters_are_read_as_written() -> None:
    vocabulary = {"صنایع": 2, "سن": 9, "کد": 5, "پست": 20, "پستی": 2, "کوچک": 3}
    known = lambda key: vocabulary.get(key, 0)  # noqa: E731
    # a last «e» may be «ع»; a last «i» is «ی», however much more used the word without it is
    assert (("صنایع کوچک", "finglish")) in latin_rewrites("sanaye koochak", known)
    assert ("کد پستی", "finglish") in latin_rewrites("code posti", known)


@pytest.mark.parametrize("number", ["5", "۵"])
def test_a_number_in_finglish_is_kept(number: str) -> None:
    vocabulary = {"کمیسیون": 3, "ماده": 6}
    known = lambda key: vocabulary.get(key, 0)  # noqa: E731
    # the number is what tells «کمیسیون ماده ۵» from «کمیسیون ماده ۱۰۰»
    rewrites = latin_rewrites(f"komision madeh {number}", known)
    assert (f"کمیسیون ماده {number}", "finglish") in rewrites
    # a number alone is no reading of the words nothing reads
    assert latin_rewrites(f"xqzt {number}", known) == []


def test_an_english_word_the_synonyms_know_is_kept_as_typed() -> None:
    vocabulary = {"مجوز": 8, "کد": 5, "پستی": 2}
    known = lambda key: vocabulary.get(key, 0)  # noqa: E731
    english = {"tax", "code"}.__contains__
    # «tax» has no Finglish spelling the index knows: the search reads it through the synonyms
    assert ("مجوز tax", "finglish") in latin_rewrites("mojavez tax", known, english)
    # a Finglish spelling the index knows still wins: «code posti» is «کد پستی»
    assert ("کد پستی", "finglish") in latin_rewrites("code posti", known, english)
    # a query of English words alone is searched as typed, never offered as its own reading
    assert latin_rewrites("tax", known, english) == []


def test_neighbours_are_read_as_a_phrase_a_title_has() -> None:
    vocabulary = {"اجرای": 2, "اجرایی": 9, "نمایش": 3, "برق": 9, "برگه": 2, "المثنی": 3}
    known = lambda key: vocabulary.get(key, 0)  # noqa: E731
    titles = {"اجراینمایش": 1, "المثنیبرگه": 1}
    asked: list[list[str]] = []

    def phrase(keys: Sequence[str]) -> dict[str, int]:
        asked.append(list(keys))
        return {key: titles.get(key, 0) for key in keys}

    assert latin_rewrites("ejraye namayesh", known)[-1] == ("اجرایی نمایش", "finglish")
    assert latin_rewrites("ejraye namayesh", known, phrase=phrase)[-1] == (
        "اجرای نمایش",
        "finglish",
    )
    # every two-word term is counted at once (one request to a cluster)
    assert len(asked) == 1 and "اجرایینمایش" in asked[0]
    # only a cheaper spelling a commoner word had won over: «bargh» is never «برگه»
    assert latin_rewrites("almosana bargh", known, phrase=phrase)[-1] == ("المثنی برق", "finglish")


def test_an_english_phrase_is_kept_whole() -> None:
    vocabulary = {"تعویض": 3, "کرد": 4}
    known = lambda key: vocabulary.get(key, 0)  # noqa: E731
    english = {"sim", "card", "sim card", "simcard"}.__contains__
    # word by word, «card» is the Finglish «کرد»; the synonyms read the phrase «sim card»
    assert ("تعویض sim card", "finglish") in latin_rewrites("taviz sim card", known, english)
    assert ("تعویض simcard", "finglish") in latin_rewrites("taviz simcard", known, english)


def test_the_keyboard_reading_comes_first_when_the_index_knows_it() -> None:
    assert latin_rewrites("rfq fvr", known)[0] == ("قبض برق", "keyboard")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("fvrl", "برقم"),  # a clitic: «برقم» is «برق»
        ("lhgdhjihd", "مالیاتهای"),  # a plural: «مالیات‌های» is «مالیات»
        ("jlndn',hidkhli", "تمدیدگواهینامه"),  # two words run together
        ("\\hs\\,vj f'dvl", "پاسپورت بگیرم"),  # a word of the language only a synonym finds
    ],
)
def test_the_keyboard_reading_is_offered_for_the_words_a_search_reads(
    typed: str, meant: str
) -> None:
    """Before, a keyboard reading was offered only when the index had one of its words as
    typed: «پاسپورت بگیرم» typed on the English layout found nothing, and its Finglish
    reading of punctuation keys could replace the results with any short word."""
    assert latin_rewrites(typed, known)[0] == (meant, "keyboard")


def test_nothing_the_index_does_not_know_is_offered() -> None:
    assert latin_rewrites("tax", known) == []  # not «فشط», not «تاکس»
    assert latin_rewrites("qqqq", known) == []
    assert latin_rewrites("قبض برق", known) == []  # Persian already


def test_a_word_without_any_known_spelling_is_left_out() -> None:
    assert latin_rewrites("tamdid xyzzy", known) == [("تمدید", "finglish")]


def test_candidates_are_bounded_and_cheapest_first() -> None:
    candidates = finglish_candidates("gavahinameh")
    assert "گواهینامه" in candidates and len(candidates) <= 3000
    assert finglish_candidates("maliat")[0] == "مالیات"
    assert finglish_candidates("") == [] and finglish_candidates("۱۲۳") == []


def test_keyboard_layout_and_latin_detection() -> None:
    assert keyboard_layout("mv,hki") == "پروانه"
    assert is_latin("tax") and not is_latin("tax مالیات") and not is_latin("۱۴۰۴")


def test_the_older_windows_layout_reads_m_as_hamza_yeh_when_the_index_says_so() -> None:
    # «ارائه خدمات» typed on the older Windows Persian layout (M is «ئ» there, «پ» on the
    # standard one): the index knows «ارائه», not «اراپه», so the reading takes «ئ».
    from indexer.normalize import analyze

    vocabulary = {analyze("ارائه")[0]: 5, analyze("خدمات")[0]: 9, analyze("پروانه")[0]: 3}
    known = lambda key: vocabulary.get(key, 0)  # noqa: E731
    assert latin_rewrites("hvhmi onlhj", known)[0] == ("ارائه خدمات", "keyboard")
    # the standard layout's «پ» stays where the index knows it
    assert latin_rewrites("mv,hki", known)[0] == ("پروانه", "keyboard")


def test_a_stopword_cheaper_than_the_known_spelling_is_read_as_the_stopword() -> None:
    vocabulary = {"اب": 5, "قطع": 3, "شود": 2}  # «شود» is in some description; «شده» in none
    known = lambda key: vocabulary.get(key, 0)  # noqa: E731
    assert ("آب قطع شده", "finglish") in latin_rewrites("ab ghat shode", known)


def test_the_ain_finglish_leaves_off_at_the_end_is_put_back() -> None:
    known = lambda key: {"قطع": 3, "ممنوع": 1}.get(key, 0)  # noqa: E731
    assert ("قطع", "finglish") in latin_rewrites("ghat", known)
    assert ("ممنوع", "finglish") in latin_rewrites("mamnoo", known)


def test_a_word_no_service_has_is_kept_when_a_search_understands_it() -> None:
    """«abfa» is a synonym of «آب و فاضلاب» and «seil» (flood) a common word: kept, the
    reading says what was read; a word that is neither is still left out."""
    known = lambda key: {"کرج": 4, "خسارت": 2}.get(key, 0)  # noqa: E731
    understood = lambda key: key == "ابفا"  # noqa: E731
    assert ("آبفا کرج", "finglish") in latin_rewrites("abfa karaj", known, understood)
    assert ("خسارت سیل", "finglish") in latin_rewrites("khesarat seil", known)
    assert ("کرج", "finglish") in latin_rewrites("karaj xqzv", known, understood)


def test_a_word_of_the_language_reads_surer_than_a_known_word_with_a_letter_left_out() -> None:
    """«sarmaye» is «سرمایه» (the index has only «سرمایه‌گذاری»), not the «سریع» of some other
    service read with its «m» left out."""
    known = lambda key: {"سریع": 3, "البرز": 5}.get(key, 0)  # noqa: E731
    assert ("سرمایه البرز", "finglish") in latin_rewrites("sarmaye alborz", known)
    # a letter too many still finds the index's word when the language has no reading
    assert ("انشعاب برق", "finglish") in latin_rewrites("enshebab bargh", globals()["known"])


def test_only_a_citizens_length_of_latin_is_read_as_finglish() -> None:
    """A Latin query's words past MAX_FINGLISH_LETTERS letters are left out of the reading,
    like words nothing reads: 200 random letters had every word's spellings searched, 7 s of
    one request (the judged Latin queries have at most 37 letters)."""
    tokens = ["ghabz", "bargh", *["enshebab"] * 8]  # 5, 10, 18, …, 58, 66, 74 letters
    reading = dict((kind, text) for text, kind in latin_rewrites(" ".join(tokens), known))
    assert sum(len(t) for t in tokens[:8]) <= MAX_FINGLISH_LETTERS < sum(map(len, tokens[:9]))
    assert reading["finglish"] == " ".join(["قبض", "برق", *["انشعاب"] * 6])


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("enshebab", "انشعاب"),  # one letter too many: read without it
        ("enshebabenshebab", None),  # 16 letters: run-together words or noise, not a slip
    ],
)
def test_a_letter_too_many_is_looked_for_in_words_of_a_citizens_length(
    typed: str, meant: str | None
) -> None:
    assert (meant in slip_candidates(typed)) if meant else slip_candidates(typed) == []


def test_elasticsearch_fetches_the_keys_of_the_words_read_only() -> None:
    # Elasticsearch asks for every key a reading may look up before reading (candidate_keys):
    # a word past MAX_FINGLISH_LETTERS is not read, so none of its spellings are fetched
    read = "ghabz bargh " + " ".join(["enshebab"] * 6)  # 58 letters
    assert "مالیات" in candidate_keys("maliat")
    assert "مالیات" not in candidate_keys(f"{read} maliat")
    assert "مالیات" in candidate_keys(f"{read[:-9]} maliat")  # 50 + 6 letters: read


def test_a_word_spelled_many_ways_stops_its_search_with_the_cheapest_spellings() -> None:
    # every letter of it has several spellings: 3,000 of them took 134,000 steps (1 s)
    vowels = finglish_candidates("aeiouaeiouaeiouaeiw")
    assert 0 < len(vowels) < 3000
    assert "گواهینامه" in finglish_candidates("gavahinameh")  # a citizen's word: all of them
    assert len(finglish_candidates("gavahinameh")) == 1728


class _CountedHeap:
    """heapq, counting the steps of the spelling searches (one pop each)."""

    def __init__(self) -> None:
        self.pops = 0
        self.heappush = heapq.heappush

    def heappop(self, heap: list[tuple[int, int, str]]) -> tuple[int, int, str]:
        self.pops += 1
        return heapq.heappop(heap)


@pytest.mark.parametrize("read", [latin_rewrites, candidate_keys])
def test_a_crafted_latin_query_costs_no_more_than_a_citizens(
    read: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four 14-letter words of vowels, each spelled thousands of ways and then each with a
    letter left out, took 265,000 steps of spelling search (1.3 s of one request); a
    citizen's query takes at most 28,000. The query's searches now share MAX_QUERY_STEPS,
    and the words they have no steps left for are left out, like words nothing reads."""
    counted = _CountedHeap()
    monkeypatch.setattr(latin, "heapq", counted)
    latin._search.cache_clear()
    crafted = "oaeiuoaeiuoaei uoaeiuoaeiuoae iuoaeiuoaeiuoa eiuoaeiuoaeiuo"
    read(crafted, known) if read is latin_rewrites else read(crafted)
    assert 0 < counted.pops <= latin.MAX_QUERY_STEPS
    # a citizen's query is read as before, its words' slips included
    counted.pops = 0
    assert ("انشعاب برق", "finglish") in latin_rewrites("enshebab bargh", known)
    assert counted.pops > 0
