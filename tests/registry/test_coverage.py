"""Coverage matching: declared services against crawled ones, across Persian spelling variants."""

from __future__ import annotations

import pytest

from indexer.documents import ServiceDocument, service_id
from registry.coverage import MatchReason, match_services
from registry.records import DeclaredService

CRAWLED = {
    "licence": "صدور گواهی‌نامه رانندگی پایه ۲",
    "permit": "صدور پروانه ساختمان",
    "card": "تمدید کارت بازرگانی",
    "fee": "پرداخت عوارض نوسازی",
}


def doc(key: str) -> ServiceDocument:
    url = f"https://portal.ir/services/{key}"
    return ServiceDocument(service_id(url), "portal", "دستگاه", url, CRAWLED[key])


DOCS = [doc(k) for k in CRAWLED]


@pytest.mark.parametrize(
    ("declared", "expected", "reason"),
    [
        ("صدور گواهی‌نامه رانندگی پایه ۲", "licence", MatchReason.TITLE),
        ("صدور گواهينامه رانندگي پايه 2", "licence", MatchReason.TITLE),  # Arabic ي, Latin 2
        ("صدور گواهی نامه رانندگی پایه ٢", "licence", MatchReason.TITLE),  # space, Arabic-Indic ٢
        ("صدور  گواهی‌نامهٔ رانندگی  پایه ۲", "licence", MatchReason.TITLE),  # hamza, spaces
        ("تمديد كارت بازرگاني", "card", MatchReason.TITLE),  # Arabic ي and ك
        ("تمدید کارت‌بازرگانی", "card", MatchReason.TITLE),  # ZWNJ instead of space
        ("صدور پروانه‌های ساختمان", "permit", MatchReason.SIMILAR_TITLE),
        ("پرداخت عوارض نوسازي شهري", "fee", MatchReason.SIMILAR_TITLE),
    ],
)
def test_spelling_variants_match_with_their_reason(
    declared: str, expected: str, reason: MatchReason
) -> None:
    matches, missing, _ = match_services([DeclaredService(2, declared)], DOCS)
    assert missing == []
    assert [(m.service.title, m.reason) for m in matches] == [(CRAWLED[expected], reason)]


@pytest.mark.parametrize(
    "declared",
    ["صدور گواهی‌نامه رانندگی پایه ۳", "صدور پروانه کسب", "تمدید کارت ملی", "پرداخت قبض آب"],
)
def test_different_services_are_not_matched(declared: str) -> None:
    matches, missing, undeclared = match_services([DeclaredService(2, declared)], DOCS)
    assert matches == [] and [d.title for d in missing] == [declared]
    assert len(undeclared) == len(DOCS)


def test_url_and_id_matches_come_first_and_each_service_matches_once() -> None:
    declared = [
        DeclaredService(2, "عنوان دیگر", url="https://portal.ir/services/permit"),
        DeclaredService(3, "صدور پروانه ساختمان"),  # its service is taken by line 2's URL
        DeclaredService(4, "هرچه", service_id=DOCS[2].id),
    ]
    matches, missing, undeclared = match_services(declared, DOCS)
    assert [(m.declared.line, m.service.title, m.reason) for m in matches] == [
        (2, CRAWLED["permit"], MatchReason.URL),
        (4, CRAWLED["card"], MatchReason.SERVICE_ID),
    ]
    assert [d.line for d in missing] == [3]
    assert {d.title for d in undeclared} == {CRAWLED["licence"], CRAWLED["fee"]}


def test_only_pairs_that_cannot_be_similar_are_left_uncompared() -> None:
    # The shortcut that spares a 5000-row catalogue its quadratic comparisons (registry/
    # coverage.py, _NearTitles) must leave out no pair SequenceMatcher would call similar:
    # titles edited at random, short and long, against every crawled title.
    from difflib import SequenceMatcher
    from random import Random

    from registry.coverage import SIMILAR, _NearTitles, title_key

    rng = Random(7)
    letters = "ابپتثجچحخدرزسشصطعفقکگلمنوهی "
    base = [title_key(t) for t in CRAWLED.values()]
    base += ["".join(rng.choice(letters) for _ in range(rng.randint(5, 160))) for _ in range(30)]
    keys = {str(i): k for i, k in enumerate(base)}
    near = _NearTitles(keys)
    checked = 0
    for _ in range(150):
        title = list(rng.choice(base))
        for _ in range(rng.randint(0, 1 + len(title) // 12)):
            at = rng.randrange(len(title))
            if rng.random() < 0.5:
                del title[at]
            else:
                title.insert(at, rng.choice(letters))
        key = "".join(title)
        similar = {
            i
            for i, k in keys.items()
            if SequenceMatcher(None, key, k, autojunk=False).ratio() >= SIMILAR
        }
        assert similar <= set(near.candidates(key)), key
        checked += len(similar)
    assert checked > 50  # the edits leave many titles similar: the test compares something
