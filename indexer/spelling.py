"""Did-you-mean: correcting query words against the index's own vocabulary.

Backend-neutral: the caller passes ``known(key) -> document frequency`` over
the index's word vocabulary (tantivy: ``doc_freq`` on the ``vocab`` field;
Elasticsearch: a terms lookup or the term suggester on the same field). A word
is corrected only when it is unknown; candidates are one edit away, and an
edit between neighbouring keys of the Persian keyboard (ISIRI 9147) costs
half, since that is the commonest slip, and restoring a left-out long vowel (ا و ی) costs
less than other edits. A missing space («پروانهساختمان») is a
split into two known words. Half-spaces need no edit: token keys carry none.
Ties go to the more frequent word.

A correction must never hurt a query that was right: a common word of the
language (hazm's lexicon: «اسم», «شهرک», «کالای») is never corrected, even when
no service uses it, and no word is corrected into a stopword («اسم» → «است»)
or split around one («آمپراز» → «آمپر از»). Letters that sound alike (ز ذ ض ظ ژ,
س ص ث, ت ط, ه ح, ق غ) cost as little as neighbouring keys: «آمپراز» → «آمپراژ».
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from functools import cache

from indexer.normalize import is_common_word, normalize, stopword_keys, word_spans

__all__ = ["correct_word", "suggest", "two_words"]

_ROWS = ("ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپو")
_ALPHABET = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
ADJACENT_COST = 0.5
VOWEL_COST = 0.7  # a left-out long vowel («مسکنی» for «مسکونی») is the next commonest slip
EDIT_COST = 1.0
SPLIT_COST = 0.8
_VOWELS = "اوی"
MIN_WORD = 3  # shorter words have too many neighbours to guess from
_SOUND_ALIKE = ("زذضظژ", "سصث", "تط", "هح", "قغ")


@cache
def _adjacent() -> dict[str, frozenset[str]]:
    """Keys touching each key on the standard Persian layout (same row, row above/below)."""
    near: dict[str, set[str]] = {}

    def link(a: str, b: str) -> None:
        near.setdefault(a, set()).add(b)
        near.setdefault(b, set()).add(a)

    for r, row in enumerate(_ROWS):
        for i, ch in enumerate(row):
            if i + 1 < len(row):
                link(ch, row[i + 1])
            if r + 1 < len(_ROWS):
                below = _ROWS[r + 1]
                for j in (i - 1, i):
                    if 0 <= j < len(below):
                        link(ch, below[j])
    for group in _SOUND_ALIKE:
        for a in group:
            for b in group:
                if a != b:
                    link(a, b)
    return {k: frozenset(v) for k, v in near.items()}


def _edits(word: str) -> Iterator[tuple[str, float]]:
    near = _adjacent()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            yield head + tail[1:], EDIT_COST  # deletion
            for ch in _ALPHABET:
                if ch != tail[0]:
                    cost = ADJACENT_COST if ch in near.get(tail[0], ()) else EDIT_COST
                    yield head + ch + tail[1:], cost  # substitution
        if len(tail) > 1:
            yield head + tail[1] + tail[0] + tail[2:], EDIT_COST  # transposition
        for ch in _ALPHABET:
            yield head + ch + tail, VOWEL_COST if ch in _VOWELS else EDIT_COST  # insertion


def correct_word(key: str, known: Callable[[str], int]) -> str | None:
    """The best known word one edit from the unknown ``key``, or two words it splits into.

    Never for a common word, never into a stopword (see the module docstring).
    """
    if len(key) < MIN_WORD or not key.isalpha() or known(key) or is_common_word(key):
        return None
    stop = stopword_keys()
    best: tuple[float, int, str] | None = None
    seen: set[str] = set()
    for candidate, cost in _edits(key):
        if candidate in seen or len(candidate) < 2 or candidate in stop:
            continue
        seen.add(candidate)
        df = known(candidate)
        if df and (best is None or (cost, -df) < best[:2]):
            best = (cost, -df, candidate)
    for left, right in two_words(key):
        if left in stop or right in stop:
            continue
        df = min(known(left), known(right))
        if df and (best is None or (SPLIT_COST, -df) < best[:2]):
            best = (SPLIT_COST, -df, f"{left} {right}")
    return best[2] if best else None


def two_words(key: str) -> list[tuple[str, str]]:
    """Every way to read ``key`` as two words of two letters or more run together
    («پروانهساختمان»): what did-you-mean and the query's vocabulary stage
    (:func:`indexer.ranking.join_split_words`) ask the vocabulary about."""
    return [(key[:i], key[i:]) for i in range(2, len(key) - 1)]


def _as_written(word: str, key: str, fix: str) -> str:
    """The correction in the citizen's own letters where it keeps them: keys are folded
    («آمپراز» → «امپراز»), so the edit is replayed on the word as typed («آمپراژ»)."""
    if len(word) != len(key):  # a removed hamza or half-space: no letter-by-letter map
        return fix
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, key, fix, autojunk=False).get_opcodes():
        out.append(word[i1:i2] if op == "equal" else fix[j1:j2])
    return "".join(out)


def suggest(text: str, known: Callable[[str], int]) -> str | None:
    """``text`` with each unknown word replaced by its correction; None if nothing changed."""
    display = normalize(text)
    out: list[str] = []
    pos = 0
    changed = False
    for start, end, key, _ in word_spans(display):
        fix = correct_word(key, known)
        if fix is not None:
            out.append(display[pos:start])
            out.append(_as_written(display[start:end], key, fix))
            pos = end
            changed = True
    out.append(display[pos:])
    return "".join(out) if changed else None
