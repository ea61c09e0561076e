"""Synonym rewriting and did-you-mean, as pure functions (no index)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.normalize import analyze_groups
from indexer.spelling import correct_word, suggest
from indexer.synonyms import SYNONYM_WEIGHT, Synonyms, default_synonyms

VOCAB = {"مسکونی": 5, "مسکن": 9, "هوشمند": 3, "کنتور": 4, "پروانه": 8, "ساختمان": 8, "عوارض": 6}


def known(key: str) -> int:
    return VOCAB.get(key, 0)


def readings(synonyms: Synonyms, text: str) -> list[tuple[list[str], float]]:
    """Every rewriting apart (as partial matching reads them)."""
    found = synonyms.readings(analyze_groups(text), fold=False)
    return [([w.key for w in r.words], r.weight) for r in found]


def folded(synonyms: Synonyms, text: str) -> list[tuple[list[str], float]]:
    """The readings complete matching searches: each word with its one-word synonyms."""
    return [
        ([w.key + "".join(f"|{s.key}" for s in w.synonyms) for w in r.words], r.weight)
        for r in synonyms.readings(analyze_groups(text))
    ]


@pytest.mark.parametrize(
    ("query", "rewritten", "weight"),
    [
        ("مجوز ساختمان", ["پروانه", "ساختمان"], SYNONYM_WEIGHT),  # equivalent, both ways
        ("پروانه ساختمان", ["مجوز", "ساختمان"], SYNONYM_WEIGHT),
        # abbreviation → phrase: three words where one was typed count a third each, or
        # the phrase's sum outscored the services saying what the citizen typed
        ("سمن", ["سازمان", "مردم", "نهاد"], SYNONYM_WEIGHT / 3),
        ("کارکرد کنتور", ["کارکرد", "لوازم", "اندازهگیری"], SYNONYM_WEIGHT * 2 / 3),
        ("پرداخت عوارض ماشین", ["پرداخت", "عوارض", "خودرو"], SYNONYM_WEIGHT),
        ("مسکن و شهرسازی", ["راه", "و", "شهرسازی"], SYNONYM_WEIGHT),  # the longest phrase wins
        # the list says «جابجایی کنتور»; the standard spelling with «به» is the same phrase
        ("جابه‌جایی کنتور", ["تغییر", "مکان", "کنتور"], SYNONYM_WEIGHT * 2 / 3),
        ("جابه جایی کنتور", ["تغییر", "مکان", "کنتور"], SYNONYM_WEIGHT * 2 / 3),
    ],
)
def test_shipped_list_rewrites_queries(query: str, rewritten: list[str], weight: float) -> None:
    found = readings(default_synonyms(), query)
    assert found[0][1] == 1.0  # the query as typed comes first and counts fully
    assert (rewritten, pytest.approx(weight)) in found


def test_one_word_synonyms_are_alternatives_of_their_word_not_readings() -> None:
    # the engine scores each reading on every match: «صدور پروانه» read twice cost twice
    assert folded(default_synonyms(), "صدور پروانه ساختمان") == [
        (["صدور", "پروانه|مجوز", "ساختمان"], 1.0)
    ]
    # a phrase for a phrase is still a reading of its own, the folded words kept in it
    assert folded(default_synonyms(), "اداره ثبت پروانه") == [
        (["اداره", "ثبت", "پروانه|مجوز"], 1.0),
        (["ثبت", "اسناد", "پروانه|مجوز"], SYNONYM_WEIGHT),
    ]


def test_one_way_entries_stay_one_way() -> None:
    assert readings(default_synonyms(), "خودرو") == [(["خودرو"], 1.0)]


def test_a_query_without_synonyms_is_read_once() -> None:
    assert readings(default_synonyms(), "تعویض پلاک") == [(["تعویض", "پلاک"], 1.0)]


def test_file_can_be_edited_without_code(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.yaml"
    path.write_text("equivalent:\n  - [کارت ملی, شناسنامه]\nexpand:\n  بنزین: [سوخت]\n", "utf-8")
    synonyms = Synonyms.load(path)
    assert (["شناسنامه"], SYNONYM_WEIGHT) in readings(synonyms, "کارت ملی")
    assert (["سوخت"], SYNONYM_WEIGHT) in readings(synonyms, "بنزین")


def test_a_phrase_listed_twice_is_refused_not_silently_dropped(tmp_path: Path) -> None:
    # plain YAML keeps the last of two equal keys: the first entry's words would vanish
    path = tmp_path / "synonyms.yaml"
    path.write_text("expand:\n  قبض برق: [صورتحساب]\n  بنزین: [سوخت]\n  قبض برق: [فیش]\n", "utf-8")
    twice = r"synonyms.yaml: 'قبض برق' is listed twice \(lines 2 and 4\)"
    with pytest.raises(ValueError, match=twice):
        Synonyms.load(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["a"], "expected a mapping"),
        ({"synonyms": []}, "unknown sections"),
        ({"equivalent": [["تنها"]]}, "two or more"),
        ({"expand": {"ماشین": "خودرو"}}, "give a list"),
        ({"expand": {"...": ["خودرو"]}}, "has no words"),
    ],
)
def test_bad_entries_are_named(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Synonyms.parse(data, "synonyms.yaml")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("مسکنی", "مسکونی"),  # a left-out «و» beats dropping «ی» to the commoner «مسکن»
        ("هوشمتد", "هوشمند"),  # ت and ن are neighbouring keys
        ("کنتوز", "کنتور"),  # ز and ر too
        ("عوراض", "عوارض"),  # swapped letters
        ("پروانهساختمان", "پروانه ساختمان"),  # a missing space
        ("کنتور", None),  # known words are left alone
        ("خیابان", None),  # nothing close enough
        ("مس", None),  # too short to guess
    ],
)
def test_correct_word(word: str, expected: str | None) -> None:
    assert correct_word(word, known) == expected


def test_suggest_keeps_the_rest_of_the_query_as_typed() -> None:
    assert suggest("نصب كنتور هوشمتد", known) == "نصب کنتور هوشمند"
    assert suggest("کنتور هوشمند", known) is None
