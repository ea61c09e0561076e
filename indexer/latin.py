"""Latin-letter queries that mean Persian words: the keyboard left on English, and Finglish.

* «rxud fvr» is «قبض برق» typed with the keyboard still on English: mapping the
  QWERTY keys to the standard Persian layout (ISIRI 9147) recovers it exactly.
* «ghabz bargh» is «قبض برق» written in Latin letters (Finglish). There is no
  single spelling rule (short vowels are not written in Persian, «gh» is «ق» or
  «غ», «s» is «س», «ص» or «ث» …), so each Latin word generates its Persian
  candidates from a small table, cheapest first, and the *index's vocabulary*
  picks among them: only a word some service uses can come out.

The backends try these rewritings only when a Latin query found nothing, and
show a rewriting's results only when it finds something (see
:func:`latin_rewrites`); «tax» never becomes «فشط». The ``finglish`` package on
PyPI was measured against this table (docs/search-quality.md): it needs a
6.9 MB word list loaded at import and picks one spelling from general Persian
frequencies («maliat» → «ملیت», not «مالیات»), where the index's own words are
the better judge of what a citizen of this gateway means.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer.normalize import QueryWord

__all__ = [
    "candidate_keys",
    "finglish_candidates",
    "is_latin",
    "keyboard_layout",
    "latin_rewrites",
    "slip_candidates",
]

_QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,\\"
_PERSIAN = "ضصثقفغعهخحجچشسیبلاتنمکگظطزرذدپوپ"
_LAYOUT = str.maketrans(_QWERTY, _PERSIAN) | str.maketrans("CH", "ژآ")
_LATIN_WORD = re.compile(r"[a-z']+")
# A Finglish query's words and numbers: «komision madeh 5» is «کمیسیون ماده ۵», and the number
# is what tells «ماده ۵» from «ماده ۱۰۰» (the index folds either writing of a digit).
_LATIN_TOKEN = re.compile(r"[a-z']+|\d+")

# Finglish: Latin letters (longest first) -> Persian spellings, the likeliest first.
# Each spelling after the first costs one step more.
_MIDDLE: dict[str, tuple[str, ...]] = {
    "kh": ("خ", "خو"),  # «khast» is «خواست»
    "gh": ("ق", "غ"),
    "sh": ("ش",),
    "ch": ("چ",),
    "zh": ("ژ",),
    "aa": ("ا", "آ"),
    "ee": ("ی",),
    "oo": ("و",),
    "ou": ("و",),
    "ei": ("ی", "عی", "ئی"),
    "ey": ("ی",),
    "a": ("ا", "", "ع"),
    "b": ("ب",),
    "c": ("ک", "س"),
    "d": ("د",),
    "e": ("", "ع", "ی", "ه"),
    "f": ("ف",),
    "g": ("گ",),
    "h": ("ه", "ح"),
    "i": ("ی", "", "ئ", "یی"),
    "j": ("ج", "ژ"),
    "k": ("ک",),
    "l": ("ل",),
    "m": ("م",),
    "n": ("ن",),
    "o": ("و", "", "ع"),
    "p": ("پ",),
    "q": ("ق", "غ"),
    "r": ("ر",),
    "s": ("س", "ص", "ث", "ز"),
    "t": ("ت", "ط"),
    "u": ("و",),
    "v": ("و",),
    "w": ("و",),
    "x": ("خ", "کس"),
    "y": ("ی",),
    "z": ("ز", "ذ", "ض", "ظ"),
    "'": ("ع", "ئ", ""),
}
# A word's first vowel is written with an alef (or ain); its last «e»/«a» is often «ه».
_START: dict[str, tuple[str, ...]] = {
    "aa": ("آ", "عا"),
    "a": ("ا", "آ", "ع"),
    "e": ("ا", "ع"),
    "ei": ("ای", "عی"),
    "i": ("ای", "ا", "عی"),
    "o": ("ا", "او", "ع"),
    "ou": ("او",),
    "oo": ("او",),
    "u": ("او",),
}
_END: dict[str, tuple[str, ...]] = {
    "e": ("ه", "ی", "", "ع"),  # «sanaye» is «صنایع»
    "a": ("ا", "ه", "ی"),
    "i": ("ی",),  # a last «i» is written: «posti» is «پستی», never «پست»
    "ye": ("ی", "یه", "یی"),  # the ezafe after a vowel: «ejraye» is «اجرای», «emzaye» «امضای»
    # the adjective in «ای» after a silent «ه» («herfei» is «حرفه‌ای», «rayanei» «رایانه‌ای»)
    # or in «یی» after a vowel («ghazaei» is «غذایی»)
    "ei": ("ی", "ه\u200cای", "یی", "عی", "ئی"),
}
MAX_CANDIDATES = 3000  # per word: enough for 10-letter words, bounded for the vocabulary lookup
# Of a Finglish word's spellings, the first UNDERSTOOD_CANDIDATES are tried as words a search
# understands without the index (a stopword, a synonym's word, a common word), and the first
# AIN_CANDIDATES with the «ع» Finglish leaves off at a word's end.
UNDERSTOOD_CANDIDATES = 10
FAR_COMMONER = 10  # times the corpus count of the cheapest common word, to be read instead
AIN_CANDIDATES = 50
# A Finglish word no service knows in any spelling may carry one letter too many («enshebab»
# for «ensheab», «انشعاب»): the word without each of its letters in turn is tried then, the
# first SLIP_CANDIDATES spellings of each.
MIN_SLIP_WORD = 5
MAX_SLIP_WORD = 14  # a longer word is run-together words or noise, not one word with a slip
SLIP_CANDIDATES = 100
MAX_WORD = 20
# Letters of a Latin query read as Finglish; later words are left out like words nothing reads.
# A citizen's Finglish query has a few short words (the 336 judged Latin queries of
# tests/relevance: at most 37 letters, words of at most 12); 200 characters of random letters
# had every word's spellings and slips searched, 7 s of the request's CPU (`make bench`,
# «search, 200 random Latin chars»).
MAX_FINGLISH_LETTERS = 60
# Steps of one word's cheapest-first spelling search. A word whose every letter has several
# spellings («aeiouaeiouaeiouaeiw») took 134,000 steps (1 s) for its 3,000 spellings; the
# judged Latin words take at most 15,000 («amoozeshgah»), and at most 1,400 for the 100
# spellings of a word with a letter left out, so their spellings are unchanged.
MAX_SPELLING_STEPS = 30_000
STEPS_PER_SPELLING = 30
# Steps of all the spelling searches of one Latin query, its words' and their slips'. The
# judged Latin queries would take at most 28,000 with every word's slips searched (as
# Elasticsearch fetches them); four 14-letter words of vowels took 265,000 (1.3 s of the
# request's CPU), now this many.
MAX_QUERY_STEPS = 40_000


def is_latin(text: str) -> bool:
    """Text with Latin letters and no Persian ones (digits of either writing are no letters):
    a keyboard slip or Finglish."""
    return any("a" <= ch.lower() <= "z" for ch in text) and not any(
        "\u0600" <= ch <= "\u06ff" and not ch.isdigit() for ch in text
    )


def keyboard_layout(text: str) -> str | None:
    """The text as typed on a Persian keyboard, or None if it is not Latin-keyboard text."""
    if not is_latin(text):
        return None
    converted = _retype(text, _LAYOUT)
    return converted if converted != text else None


def _retype(text: str, layout: Mapping[int, int | str]) -> str:
    """Each key of ``text`` as ``layout`` writes it (Shift+C and Shift+H: «ژ», «آ»)."""
    return "".join(
        ch.translate(layout) if ch in "CH" else ch.lower().translate(layout) for ch in text
    )


# The older Windows «Persian» layout, still common in Iran, has «ئ» on the M key where the
# standard layout has «پ» (both have «پ» on the backslash key): «ارائه» typed on it is «hvhmi».
_LEGACY_LAYOUT = _LAYOUT | {ord("m"): "ئ"}


def _known_layout(text: str, known: Callable[[str], int]) -> str | None:
    """:func:`keyboard_layout`, each word read with the M key of the layout whose reading
    the index knows (the standard one when both or neither)."""
    retyped = keyboard_layout(text)
    if retyped is None or "m" not in text.lower():
        return retyped
    from indexer.normalize import analyze

    words = []
    for typed, word in zip(text.split(" "), retyped.split(" "), strict=True):
        if "m" in typed.lower():
            legacy = _retype(typed, _LEGACY_LAYOUT)
            keys, legacy_keys = analyze(word)[:1], analyze(legacy)[:1]
            if legacy_keys and not any(map(known, keys)) and known(legacy_keys[0]):
                word = legacy
        words.append(word)
    return " ".join(words)


def _options(word: str, i: int) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(letters consumed, spellings) of the Latin letters at position ``i``."""
    for size in (2, 1):
        part = word[i : i + size]
        if len(part) < size:
            continue
        if i == 0 and part in _START:
            yield size, _START[part]
        elif i + size == len(word) and part in _END:
            yield size, _END[part]
        elif part in _MIDDLE:
            yield size, _MIDDLE[part]


def finglish_candidates(word: str) -> list[str]:
    """Persian spellings of one Finglish word, cheapest first (at most MAX_CANDIDATES)."""
    return list(_Steps().spellings(word))


@lru_cache(maxsize=128)  # a search's words and their one-letter-shorter forms; ≤ 200 KB each
def _search(word: str, limit: int, steps: int) -> tuple[tuple[str, ...], int]:
    """(spellings, steps taken): the first ``limit`` spellings of ``word``, cheapest first,
    found in at most ``steps`` steps.

    Kept for the last words asked: one search asks for a word's spellings several times
    (its lookup keys, its reading, its phrases), and a long word's take milliseconds
    («gavahinameh»: 1,728 spellings, 5 ms). The search is cheapest first, so the first
    ``limit`` spellings are those of a longer list: a caller wanting a few asks for a few
    (:func:`slip_candidates`)."""
    word = word.lower()[:MAX_WORD]
    if not word or not _LATIN_WORD.fullmatch(word):
        return (), 0
    end = len(word)
    moves = [  # (next position, spelling, cost) from each position
        [
            (i + size, spelling, n + (1 if size == 1 and word[i : i + 2] in _MIDDLE else 0))
            for size, spellings in _options(word, i)
            for n, spelling in enumerate(spellings)
        ]
        for i in range(end)
    ]
    heap: list[tuple[int, int, str]] = [(0, 0, "")]  # (cost, position, Persian so far)
    out: list[str] = []
    seen: set[str] = set()
    taken = 0
    for taken in range(1, steps + 1):
        if not heap or len(out) >= limit:
            taken -= 1
            break
        cost, i, built = heapq.heappop(heap)
        if i == end:
            if built and built not in seen:
                seen.add(built)
                out.append(built)
            continue
        for j, spelling, extra in moves[i]:
            heapq.heappush(heap, (cost + extra, j, built + spelling))
    return tuple(out), taken


class _Steps:
    """The steps one Latin query's spelling searches may still take (MAX_QUERY_STEPS).

    A word asked again is charged once. Once they are spent, a word gets the spellings
    its remaining steps find, then none: it is left out like a word nothing reads."""

    def __init__(self, steps: int = MAX_QUERY_STEPS) -> None:
        self.left = steps
        self.charged: dict[tuple[str, int], tuple[str, ...]] = {}

    def spellings(self, word: str, limit: int = MAX_CANDIDATES) -> tuple[str, ...]:
        if (word, limit) not in self.charged:
            cap = min(MAX_SPELLING_STEPS, STEPS_PER_SPELLING * limit, self.left)
            found, taken = _search(word, limit, cap)
            self.left -= taken
            self.charged[word, limit] = found
        return self.charged[word, limit]


def slip_candidates(word: str, steps: _Steps | None = None) -> list[str]:
    """Persian spellings of ``word`` with one Latin letter left out, cheapest first (see
    SLIP_CANDIDATES): what :func:`latin_rewrites` tries when no spelling of the word is known."""
    word = word.lower()[:MAX_WORD]
    if not MIN_SLIP_WORD <= len(word) <= MAX_SLIP_WORD:
        return []
    steps = steps or _Steps()
    shorter = dict.fromkeys(word[:i] + word[i + 1 :] for i in range(len(word)))
    lists = [steps.spellings(w, SLIP_CANDIDATES) for w in shorter]
    ranked = sorted((n, c) for found in lists for n, c in enumerate(found))
    return list(dict.fromkeys(c for _, c in ranked))


def latin_rewrites(
    text: str,
    known: Callable[[str], int],
    understood: Callable[[str], bool] = lambda _: False,
    phrase: Callable[[Sequence[str]], Mapping[str, int]] | None = None,
) -> list[tuple[str, str]]:
    """(Persian text, "keyboard" or "finglish") readings of a Latin query, to try in order.

    The keyboard reading is offered when it reads as Persian (:func:`_reads_as_persian`);
    the Finglish reading takes, per word, the cheapest candidate the index knows (the most
    used one among the next few; :func:`_finglish_spelling` says when another reading wins,
    and which words ``understood`` by a search though no service has them are kept),
    leaving out the words nothing reads; ``phrase`` (how many services' titles have each of
    some two-word terms, :func:`indexer.normalize.joined_pairs`) then reads neighbours as a
    title's phrase (:func:`_in_phrases`). The caller still searches each and shows one only
    if it finds services.
    """
    from indexer.normalize import with_madda

    if not is_latin(text):
        return []
    out: list[tuple[str, str]] = []
    retyped = _known_layout(text, known)
    if retyped is not None and _reads_as_persian(retyped, known):
        out.append((retyped, "keyboard"))
    tokens = _LATIN_TOKEN.findall(text.lower())
    english = _english_phrases(tokens, understood)
    read = _words_read(tokens)
    steps = _Steps()
    persian = [
        t
        if t.isdigit() or i in english
        else _finglish_spelling(t, known, understood, steps)
        if i < read
        else None
        for i, t in enumerate(tokens)
    ]
    if phrase is not None:
        persian = _in_phrases(tokens, persian, known, phrase, steps)
    # A word nothing reads is left out (partial matching would ignore it anyway); the
    # rest must still find services for the reading to show, and a number alone is no reading.
    reading = " ".join(with_madda(p) for p in persian if p)  # shown: «آموزش», not «اموزش»
    if any(p and not p.isdigit() for p in persian) and reading != " ".join(tokens):
        out.append((reading, "finglish"))
    return out


def _words_read(tokens: Sequence[str]) -> int:
    """How many of a Latin query's first tokens fit in the MAX_FINGLISH_LETTERS letters read
    as Finglish (what :func:`latin_rewrites` reads and :func:`candidate_keys` fetches)."""
    return sum(1 for letters in accumulate(map(len, tokens)) if letters <= MAX_FINGLISH_LETTERS)


def _finglish_spelling(
    word: str, known: Callable[[str], int], understood: Callable[[str], bool], steps: _Steps
) -> str | None:
    """The Persian spelling of one Finglish word, or None when nothing reads it.

    The cheapest spelling the index knows, unless a cheaper one among the first few is a
    stopword, which a search reads without the index («shode» is «شده», not «شود»).
    Failing those: a spelling the index knows with the «ع» a Finglish word leaves off at
    its end («ghat» is «قطع», «mamnoo» «ممنوع»); the word as typed when a search
    understands it as English (a service's English name in the synonyms: «gallery»); a cheap
    spelling a search understands («abfa» is «آبفا», a synonym of «آب و فاضلاب») or a common
    word of the language («seil» is «سیل», «sarmaye» «سرمایه»), which at least shows the
    citizen what was read; last, a spelling the index knows with a letter too many
    (:func:`slip_candidates`), which reads less surely than a word of the language
    («sarmaye» is not «سریع»)."""
    from indexer.normalize import is_common_word, lexicon_frequency, stopword_keys

    candidates = steps.spellings(word)
    found = _known_spelling(candidates, known)
    cheaper = candidates[: candidates.index(found)] if found else candidates
    stop = stopword_keys()
    said = next((c for c in cheaper[:UNDERSTOOD_CANDIDATES] if _key(c) in stop), None)
    if said is not None:
        return said
    if found is not None:
        return found
    with_ain = [c + "ع" for c in candidates[:AIN_CANDIDATES] if not c.endswith("ع")]
    found = _known_spelling(with_ain, known)
    if found is not None:
        return found
    if understood(word):
        return word  # an English word the synonyms list: «mojavez tax» is «مجوز tax»
    first = candidates[:UNDERSTOOD_CANDIDATES]
    found = next((c for c in first if understood(_key(c))), None)
    common = [(c, lexicon_frequency(_key(c))) for c in first if is_common_word(_key(c))]
    if found is None and common:
        # the cheapest, unless a later one is a far commoner word: «sarmaye» is «سرمایه», not
        # the ezafe form «سرمای»; «seil» stays «سیل» (flood), though «سل» is as common
        cheapest, least = common[0]
        far = [c for c, count in common if count >= FAR_COMMONER * max(least, 1)]
        found = far[0] if far else cheapest
    return found or _known_spelling(slip_candidates(word, steps), known)


MAX_ENGLISH_PHRASE = 3  # words


def _english_phrases(tokens: list[str], understood: Callable[[str], bool]) -> set[int]:
    """Positions of the words of English phrases a search understands as typed («taviz sim
    card» keeps «sim card», which the synonyms read as «سیم‌کارت»; word by word, «card»
    would be read as the Finglish «کرد»), longest first."""
    kept: set[int] = set()
    i = 0
    while i < len(tokens):
        sizes = range(min(MAX_ENGLISH_PHRASE, len(tokens) - i), 1, -1)
        size = next((n for n in sizes if understood(" ".join(tokens[i : i + n]))), 1)
        if size > 1:
            kept.update(range(i, i + size))
        i += size
    return kept


PHRASE_ALTERNATIVES = 5  # spellings of a word tried with its neighbour's


def _in_phrases(
    tokens: list[str],
    persian: list[str | None],
    known: Callable[[str], int],
    phrase: Callable[[Sequence[str]], Mapping[str, int]],
    steps: _Steps,
) -> list[str | None]:
    """Each two neighbouring Finglish words read as a phrase some title has, when their own
    readings are no such phrase and other spellings of theirs are: «ejraye namayesh» is
    «اجرای نمایش» (the titles' phrase), not «اجرایی نمایش» («اجرایی» is the commoner word).

    Every two-word term this may look at is counted in one ``phrase`` call (one request to a
    cluster): a word's alternatives after its neighbour's choice are among those it had."""
    out = list(persian)
    alternatives = [  # none for a word not read, or kept as typed (a number, English)
        _known_alternatives(token, read, known, steps)
        if read and read != token and not read.isdigit()
        else []
        for token, read in zip(tokens, out, strict=True)
    ]
    asked = [
        _key(x) + _key(y) for first, second in pairwise(alternatives) for x in first for y in second
    ]
    counts = phrase(asked) if asked else {}
    for i in range(len(tokens) - 1):
        a, b = out[i], out[i + 1]
        if not alternatives[i] or not alternatives[i + 1] or not a or not b:
            continue
        if counts.get(_key(a) + _key(b)):
            continue
        first = _known_alternatives(tokens[i], a, known, steps)
        second = _known_alternatives(tokens[i + 1], b, known, steps)
        pairs = [
            (m + n, x, y)
            for m, x in enumerate(first)
            for n, y in enumerate(second)
            if counts.get(_key(x) + _key(y))
        ]
        if pairs:
            _, out[i], out[i + 1] = min(pairs)
    return out


def _known_alternatives(
    word: str, chosen: str, known: Callable[[str], int], steps: _Steps
) -> list[str]:
    """The chosen spelling of a Finglish word, then the cheaper ones the index knows (a more
    used word may have won over them: «اجرایی» over «اجرای»); never a costlier one («برق» is
    not «برگه» because a title says «المثنی برگه»)."""
    candidates = steps.spellings(word)
    cheaper = candidates[: candidates.index(chosen)] if chosen in candidates else []
    others = [c for c in cheaper if known(_key(c))]
    return [chosen, *others[: PHRASE_ALTERNATIVES - 1]]


def _reads_as_persian(retyped: str, known: Callable[[str], int]) -> bool:
    """Whether a keyboard reading is Persian a citizen typed: one of its words is a word of
    the index, in the forms a search reads it («کارتم» is «کارت», «جریمه‌های» is «جریمه»,
    «سوپیشینه» is «سو» + «پیشینه»), or a word of hazm's lexicon («پاسپورت», which only a
    synonym finds). Finglish read on the keyboard is no word at all («ghabz» is «لاشذئ»)."""
    from indexer.normalize import analyze_groups, is_lexicon_word

    for group in analyze_groups(retyped):
        if any(map(known, _read_forms(group))):
            return True
        if any(len(w) >= 3 and is_lexicon_word(w) for w in (group.key, *group.parts)):
            return True
    return False


def _read_forms(group: QueryWord) -> list[str]:
    """The words a search reads a query word as, to ask the vocabulary about: its key and
    stems, its spoken forms, and the halves of the two words it may be run together from."""
    from indexer.normalize import spoken_forms
    from indexer.spelling import two_words

    halves = [h for pair in two_words(group.key) for h in pair if len(h) >= 3]
    return [group.key, *group.parts, *spoken_forms(group.key), *halves]


def _key(word: str) -> str:
    """The token key of a candidate (keys fold «آ», the hamza forms and the half-space)."""
    return word.replace("آ", "ا").replace("ئ", "ی").replace("\u200c", "")


def candidate_keys(text: str) -> list[str]:
    """Every key :func:`latin_rewrites` may look up for ``text`` (to fetch them at once)."""
    from indexer.normalize import analyze_groups

    keys = []
    tokens = _LATIN_TOKEN.findall(text.lower())
    steps = _Steps()
    for w in tokens[: _words_read(tokens)]:
        if w.isdigit():
            continue
        candidates = steps.spellings(w)
        keys += [_key(c) for c in (*candidates, *slip_candidates(w, steps))]
        keys += [_key(c) + "ع" for c in candidates[:AIN_CANDIDATES]]
    retyped = keyboard_layout(text)
    if retyped is not None:
        keys += [k for g in analyze_groups(retyped) for k in _read_forms(g)]
        keys += [g.key for g in analyze_groups(_retype(text, _LEGACY_LAYOUT))]
    return keys


def _known_spelling(candidates: Sequence[str], known: Callable[[str], int]) -> str | None:
    """The first candidate the index knows; among the next few, a much more used one."""
    found = [(n, c, known(_key(c))) for n, c in enumerate(candidates)]
    used = [(n, c, df) for n, c, df in found if df]
    if not used:
        return None
    first = used[0][0]
    close = [u for u in used if u[0] <= first + 20]
    return max(close, key=lambda u: (u[2], -u[0]))[1]
