"""Persian text normalisation: one analysis for indexing and querying alike.

Two layers:

* :func:`normalize` gives *display* text (what the UI shows and snippets are cut
  from): Arabic letter forms → Persian (ي ى → ی, ك → ک; the hamza of «تأسیس»,
  «مؤسسه» is the agency's spelling and stays), diacritics/tatweel/invisible controls
  removed, whitespace collapsed, half-spaces (ZWNJ) fixed the way hazm does it
  («می روم» → «می‌روم», «سازمان ها» → «سازمان‌ها», «میروم» → «می‌روم»), and all
  digits unified to **Persian digits** (۰–۹): the UI is Persian, and one digit
  form means «۱۹۵», «١٩٥» and «195» are the same string everywhere.
* :func:`analyze` gives *index/query tokens*. Spelling variants that readers
  consider the same word must meet, so tokens are folded harder than display
  text: Latin lower-cased, «آ»→«ا», «ئ»→«ی», «ۀ»→«ه», hamza dropped, and the
  ZWNJ parts of a word joined («سازمان‌ها» → «سازمانها»). Word splitting by a
  space is the remaining gap («گواهی نامه» vs «گواهینامه»), closed from both
  sides by *extra* tokens appended after the positional word tokens: the
  concatenation of every adjacent word pair, the parts of ZWNJ-joined words
  («گواهی‌نامه» also yields «گواهی» and «نامه»), and the base of a plural
  («سازمان‌ها» and, via hazm's lexicon, «سازمانها» also yield «سازمان»).
  Extras come after the words so word positions stay intact for phrase queries.

Speed: hazm's own Normalizer runs its tokenizer and lexicon over every word
(~1.5 MB/s). Here the work is a handful of compiled regular expressions over the
whole text, each skipped when its trigger substring is absent and written to
start with a literal where possible (the regex engine then jumps between
candidates); hazm's tables, verb list and lexicon are loaded lazily, once, and
only consulted for the few words that need them. Tokens are assembled from a
cache of each distinct whitespace-separated chunk (see :func:`clear_caches`).
Deliberately left out of hazm's pipeline: lexicon-driven
token joining (the pair tokens cover it for search), shortening of repeated
letters, and quote/decimal restyling (they would alter URLs and codes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache
from itertools import chain, compress, count, pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "STEM_MARK",
    "QueryWord",
    "analyze",
    "analyze_groups",
    "analyze_split",
    "clear_caches",
    "is_common_word",
    "is_lexicon_word",
    "joined_pairs",
    "lexicon_frequency",
    "normalize",
    "stem",
    "stopword_keys",
    "word_spans",
]

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
STEM_MARK = "~"  # prefix of stem tokens: «~سازمان» is "a form of سازمان"
MAX_TOKEN_CHARS = 40  # longer "words" are junk; engines also refuse giant terms
# Raised whenever the tokens a text is indexed under change: an index built under another
# version must be rebuilt from its stored services (`dargah reindex`). 1: until 2026-11-26;
# 2: a compound under an ezafe or plural joins, Arabic broken plurals stem by pattern, and
# a service detail's name is no longer indexed (indexer.ranking.indexed_fields); 3: an «و»
# glued to its word splits off («نقل وانتقال», «حملونقل»), and the ezafe «ه‌ی» folds to «ه»;
# 4: a relational adjective stems to its noun («ساختمانی» → «ساختمان»), and the Arabic plural
# «ین» of a participle to its singular («مشترکین» → «مشترک»); 5: the plural «ات» of a noun
# ending in «ت» stems to it («شکایات» → «شکایت»); 6: four-letter broken plurals stem
# («دفاتر» → «دفتر», «بنادر» → «بندر»), and a dotted Latin acronym is one word («A.I.P»);
# 7: a plural in «ها» of a word hazm lists with no count stems («گواهی‌ها», «فرم‌ها»), and
# a plural in «ات» to its commonest singular («خدمات» → «خدمت», «موسسات» → «موسسه»), and
# «یان» after a vowel («دانشجویان» → «دانشجو»).
ANALYSIS_VERSION = 7


def _display_table() -> dict[int, str | None]:
    """Character replacements for display text, from hazm's tables plus our own."""
    cached = _cached_lexicon()
    if cached is not None:
        return dict(cached["display"])
    return _build_display_table()


def _build_display_table() -> dict[int, str | None]:
    from hazm.constants import (
        SPECIAL_CHARS_PATTERNS,
        TRANSLATION_DST,
        TRANSLATION_SRC,
        UNICODE_REPLACEMENTS,
    )

    table: dict[int, str | None] = {}
    for src, dst in zip(TRANSLATION_SRC, TRANSLATION_DST, strict=True):
        table[ord(src)] = dst
    # hazm's table maps NBSP and the curly quotes; we keep quotes as published.
    for quote in "“”":
        table.pop(ord(quote), None)
    for old, new in UNICODE_REPLACEMENTS:  # ligatures such as ﷼ → ریال
        for ch in old.strip("()").split("|"):
            if len(ch) == 1:
                table[ord(ch)] = new
    table.update(
        {
            ord("ٱ"): "ا",
            ord("ٲ"): "ا",
            ord("ٳ"): "ا",
            ord("ة"): "ه",
            ord("ى"): "ی",
            ord("ي"): "ی",
            ord("ك"): "ک",
        }
    )
    for digits in ("0123456789", "٠١٢٣٤٥٦٧٨٩"):
        for src, dst in zip(digits, PERSIAN_DIGITS, strict=True):
            table[ord(src)] = dst
    table[ord("%")] = "٪"
    # Diacritics (fathatan … sukun, superscript alef), Quranic marks, tatweel.
    for cp in [*range(0x064B, 0x0653), 0x0670, 0x0640]:
        table[cp] = None
    special = SPECIAL_CHARS_PATTERNS[0][0].strip("[]")
    for ch in special.encode("ascii").decode("unicode_escape"):
        table[ord(ch)] = None
    # Invisible characters that break matching and can be abused to spoof text:
    # ZWSP, ZWJ, LRM/RLM, bidi embeddings/overrides/isolates, BOM, soft hyphen.
    for cp in [
        0x200B,
        0x200D,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        0x2066,
        0x2067,
        0x2068,
        0x2069,
        0xFEFF,
        0x00AD,
    ]:
        table[cp] = None
    # Control characters (NUL, ESC, the C1 range): crawled text is untrusted, and an escape
    # sequence in a title would act on the terminal of an operator running `dargah search`.
    # They become spaces: a NUL between two words kept them apart before it was dropped.
    for cp in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0)]:
        table[cp] = " "
    # Every other space becomes a plain space; line breaks become "\n".
    for cp in [0x09, 0x0B, 0x0C, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]:
        table[cp] = " "
    for cp in [0x0D, 0x85, 0x2028, 0x2029]:
        table[cp] = "\n"
    return table


@cache
def _display() -> tuple[re.Pattern[str], dict[str, str]]:
    """(pattern of characters to replace, their replacements), built on first use.

    str.translate with a dict costs a dict lookup per character (~15 MB/s); a
    regex finds the few characters that need replacing in C (~600 MB/s), and
    str.replace then swaps each distinct one. No replacement contains a
    replaced character, so the order of the replacements does not matter.
    """
    table = {chr(k): v or "" for k, v in _display_table().items()}
    assert not any(ch in table for v in table.values() for ch in v)
    pattern = re.compile("[" + "".join(re.escape(c) for c in table) + "]")
    return pattern, table


def _unify_chars(text: str) -> str:
    chars, table = _display()
    found = chars.findall(text)
    if found:
        for ch in set(found):
            text = text.replace(ch, table[ch])
    return text


_EZAFE_YEH = re.compile(rf"ه{ZWNJ}ی(?![^\W\d_])")


def _fold(text: str) -> str:
    """Token keys fold further than display text (see module docstring).

    The hamza forms are folded here, not in display text: «تأسیس» and «مؤسسه» are
    shown as the agency wrote them and still meet «تاسیس» and «موسسه».
    """
    text = text.replace("آ", "ا").replace("ئ", "ی").replace("ۀ", "ه")
    if ZWNJ + "ی" in text:  # the ezafe «ه‌ی» is «ۀ» written out: «پروانه‌ی» is «پروانۀ»
        text = _EZAFE_YEH.sub("ه", text)
    if "أ" in text or "إ" in text or "ؤ" in text:
        text = text.replace("أ", "ا").replace("إ", "ا").replace("ؤ", "و")
    return text.replace("ء", "").replace(ZWNJ, "")


_SPACES = re.compile(r" {2,}")
# Blank lines and spaces around line breaks (once spaces are single: each run
# of spaces and line breaks becomes one "\n"; starting with the literal is fast).
_LINES = re.compile(r"\n[\n ]+")
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
# A ZWNJ not between two letters (written to start with the literal: much faster).
_ZWNJ_STRAY = re.compile(rf"{ZWNJ}(?:(?<![^\W\d_]{ZWNJ})|(?![^\W\d_]))")

_PUNC_AFTER = r"\.:!،؛؟»\]\)\}"
_PUNC_BEFORE = r"«\[\(\{"
# hazm's AFFIX_SPACING_PATTERNS, precompiled (plus «هایی» next to «ها», «های»),
# each behind a cheap test for what it needs so most texts skip most patterns.
_AFFIXES: list[tuple[Callable[[str], object], re.Pattern[str], str]] = [
    (lambda t: " ی " in t, re.compile(r"([^ ]ه) ی "), "\\1" + ZWNJ + "ی "),
    (
        # «ن?می » after a line start or a space: needed by the pattern, and found
        # fast because it starts with a literal (the pattern cannot).
        re.compile(r"می (?:(?<=(?<![^ \n])می )|(?<=(?<![^ \n])نمی ))").search,
        re.compile(r"(^| )(ن?می) ", re.M),
        "\\1\\2" + ZWNJ,
    ),
    (
        lambda t: " تر" in t or " گر" in t or " ها" in t,
        re.compile(
            rf" (?=[تگه])(?<=[^\n\d {_PUNC_AFTER}{_PUNC_BEFORE}]{{2}} )(تر(ین?)?|گری?|ها(یی?)?)"
            rf"(?=[ \n{_PUNC_AFTER}{_PUNC_BEFORE}]|$)",
            re.M,
        ),
        ZWNJ + "\\1",
    ),
    (
        lambda t: "ه ا" in t,
        # «([^ ]ه) (ا…)» with the test of the letter before moved behind the
        # literal «ه ا», so the regex engine can search for the literal.
        re.compile(rf"ه ا(?<=[^ ]ه ا)(م|یم|ش|ند|ی|ید|ت)(?=[ \n{_PUNC_AFTER}]|$)", re.M),
        "ه" + ZWNJ + "ا\\1",
    ),
    (lambda t: "هها" in t, re.compile(r"(ه)(ها)"), "\\1" + ZWNJ + "\\2"),
]
# Persian punctuation sits on the preceding word and is followed by a space.
_PUNCT_BEFORE = re.compile(r" +([،؛؟])")
_PUNCT_AFTER = re.compile(r"([،؛؟])(?=[^\s\d،؛؟»)\]])")
# «\bن?می…» as «می…» preceded by a word boundary or by «ن» at one: starting
# with the literal lets the regex engine jump between candidates.
_MI_WORD = re.compile(r"می(?:(?<!\wمی)|(?<=(?<!\w)نمی))[آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی]+")

# A word: letters, possibly joined by ZWNJ; or a run of digits. Letters and
# digits are split («ماده۱۷» → «ماده», «۱۷») so both spellings meet.
_WORD = re.compile(rf"[^\W\d_]+(?:{ZWNJ}[^\W\d_]+)*|\d+")


_CACHE_DIRS: list[Path] = []  # set by use_lexicon_cache(), from the composition root
_CACHE_FORMAT = 3


def use_lexicon_cache(directory: Path) -> None:
    """Keep the tables this module builds from hazm's lexicon in ``directory``.

    Building them (reading hazm's 180,000-word lexicon, conjugating its verbs) costs about
    a second of CPU; loading them back costs a fifth of that. That is what lets a process
    that analyses a few words — ``dargah search`` — start fast. The file is named by the
    hazm version and a digest of this module's source, so a new hazm or a change here
    builds a new one; a cache that cannot be read or written is rebuilt or skipped. The
    composition root calls this with a directory under the data dir: the cache is
    ``marshal`` data, so it must be our own file, never another party's.
    """
    _CACHE_DIRS[:] = [directory]
    _LOADED.clear()


def _cache_path(directory: Path) -> Path:
    import hashlib
    from importlib.metadata import version

    source = hashlib.sha1(Path(__file__).read_bytes(), usedforsecurity=False).hexdigest()[:12]
    return directory / f"hazm-{version('hazm')}-{source}-v{_CACHE_FORMAT}.marshal"


_LOADED: dict[str, dict[str, Any] | None] = {}  # "tables" -> the cache's tables, once read


def _cached_lexicon() -> dict[str, Any] | None:
    """The lexicon tables from the cache (built and stored on first use); None: no cache."""
    if "tables" in _LOADED:
        return _LOADED["tables"]
    if not _CACHE_DIRS:
        return None
    _LOADED["tables"] = None  # while the tables are built, the builders read hazm itself
    _LOADED["tables"] = _load_or_build(_CACHE_DIRS[0])
    return _LOADED["tables"]


def _load_or_build(directory: Path) -> dict[str, Any] | None:
    import marshal
    import os
    import tempfile

    try:
        path = _cache_path(directory)
    except Exception:  # hazm's metadata or this file unreadable: build as without a cache
        return None
    try:
        data: dict[str, Any] = marshal.loads(path.read_bytes())
        if isinstance(data, dict) and data.get("format") == _CACHE_FORMAT:
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass
    from hazm import stopwords_list
    from hazm.constants import SUFFIXES

    data = {
        "format": _CACHE_FORMAT,
        "display": _build_display_table(),
        "skip": ("می", "نمی", *SUFFIXES),
        "compounds": tuple(_build_compounds()),
        "joinable": tuple(_build_joinable()),
        "lemma": _build_lemma_table(),
        "madda": _build_madda_table(),
        "mi_verbs": {k: v for k, v in _verb_table().items() if _is_mi_form(k)},
        "mi_words": frozenset(w for w, _, _ in _lexicon_words() if _is_mi_form(w)),
        "stopwords": tuple(stopwords_list()),
        "verb_stems": tuple(_build_verb_stems()),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".lexicon-")
        with os.fdopen(handle, "wb") as file:
            file.write(marshal.dumps(data))
        os.replace(temporary, path)  # atomic: a concurrent reader sees all or nothing
    except OSError:
        pass  # a read-only data dir: this process has the tables anyway
    return data


def hazm_stopwords() -> list[str]:
    """hazm's stop word list (from the lexicon cache when there is one)."""
    cached = _cached_lexicon()
    if cached is not None:
        return list(cached["stopwords"])
    from hazm import stopwords_list

    return list(stopwords_list())


@cache
def _lexicon_words() -> list[tuple[str, int, tuple[str, ...]]]:
    """hazm's lexicon (word, corpus frequency, tags), read once for every table built from it:
    reading it is most of the cost of a cold start (``dargah search``)."""
    from hazm import words_list

    return words_list()


@cache
def _verb_table() -> dict[str, str]:
    """Conjugated verb -> hazm lemma («می‌روم» -> «رفت#رو»), built exactly as hazm's
    ``Lemmatizer`` builds its ``verbs`` (later verbs of the reversed file win), but without
    the word tokenizer it also builds, which reads the whole lexicon again."""
    from hazm import Conjugation
    from hazm.utils import default_verbs

    with open(default_verbs, encoding="utf-8") as file:
        verbs = list(reversed([line.strip() for line in file if line]))
    conjugation = Conjugation()
    table = {"است": "#است"}
    for verb in verbs:
        for tense in conjugation.get_all(verb):
            table[tense] = verb
    return table


@cache
def _verbs() -> frozenset[str]:
    cached = _cached_lexicon()
    if cached is not None:  # only «می‌…»/«نمی‌…» forms are ever asked about
        return frozenset(cached["mi_verbs"])
    return frozenset(_verb_table())


def _is_mi_form(word: str) -> bool:
    return word.startswith(("می" + ZWNJ, "نمی" + ZWNJ))


@cache
def _compounds() -> frozenset[str]:
    """Token keys of hazm's ZWNJ compounds in use («گواهی‌نامه», «ثبت‌نام», «آیین‌نامه»).

    Citizens and portals write these joined, half-spaced or with a full space;
    merging a spaced pair into the compound (as hazm's token_spacing does)
    gives all three spellings one key, so they rank identically.
    """
    cached = _cached_lexicon()
    if cached is not None:
        return frozenset(cached["compounds"])
    return _build_compounds()


def _build_compounds() -> frozenset[str]:
    return frozenset(_fold(word) for word, freq, _ in _lexicon_words() if ZWNJ in word and freq > 0)


@cache
def _joinable() -> frozenset[str]:
    """The compounds of :func:`_compounds` and their inflected forms, as two keys run
    together: «آب بهای» and «گواهی نامه‌ها» are «آب‌بها» and «گواهی‌نامه» under an ezafe or
    a plural, and join like them (the joined word's stem is then the compound)."""
    cached = _cached_lexicon()
    if cached is not None:
        return frozenset(cached["joinable"])
    return _build_joinable()


def _build_joinable() -> frozenset[str]:
    compounds = _compounds()
    inflected = (
        form
        for word in compounds
        for form in (word + "ها", word + "های", word + "ات", word + "ان", word + "ی")
        if stem(form) == word  # only forms the stemmer takes back to the compound
    )
    return compounds.union(inflected)


def _join_compounds(
    raw: list[str], keys: list[str], extras: list[tuple[str, ...]], pairs: list[str]
) -> tuple[list[str], list[str], list[tuple[str, ...]]]:
    """(raw, keys, extras of each word) with compound pairs joined, left to right.

    ``pairs`` are the adjacent pairs of ``keys``, which the caller has anyway.
    """
    compounds = _joinable()
    out_raw: list[str] = []
    out_keys: list[str] = []
    out_extras: list[tuple[str, ...]] = []
    pos = 0  # words before pos are emitted
    for i in compress(count(), map(compounds.__contains__, pairs)):
        if i < pos:  # word i is already the second half of a compound
            continue
        out_raw += raw[pos:i]
        out_keys += keys[pos:i]
        out_extras += extras[pos:i]
        word = raw[i] + ZWNJ + raw[i + 1]
        out_raw.append(word)
        out_keys.append(pairs[i])
        out_extras.append(_extras_of(word, pairs[i]))
        pos = i + 2
    out_raw += raw[pos:]
    out_keys += keys[pos:]
    out_extras += extras[pos:]
    return out_raw, out_keys, out_extras


def joined_pairs(keys: Sequence[str]) -> list[str]:
    """Each two neighbouring keys run together («ثبت», «درخواست» → «ثبتدرخواست»). Indexed
    with every text, so a compound is found however it is spaced, and a phrase of the
    query is found by its pairs' terms, without reading word positions."""
    return [a + b for a, b in pairwise(keys)]


def _separate_mi(match: re.Match[str]) -> str:
    word = match.group(0)  # «می…»; a «ن» before it makes «نمی…»
    start = match.start()
    negated = start > 0 and match.string[start - 1] == "ن"
    candidate = "می" + ZWNJ + word[2:]
    return candidate if ("ن" + candidate if negated else candidate) in _verbs() else word


def normalize(text: str) -> str:
    """Display-safe Persian normalisation (idempotent)."""
    text = _unify_chars(text)
    if ZWNJ in text:
        if ZWNJ + ZWNJ in text:
            text = _ZWNJ_RUN.sub(ZWNJ, text)
        text = _ZWNJ_STRAY.sub("", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if "\n" in text:
        if " \n" in text:
            text = text.replace(" \n", "\n")
        text = _LINES.sub("\n", text)
    text = text.strip()
    for needed, pattern, repl in _AFFIXES:
        if needed(text):
            text = pattern.sub(repl, text)
    if "،" in text or "؛" in text or "؟" in text:
        if " ،" in text or " ؛" in text or " ؟" in text:
            text = _PUNCT_BEFORE.sub(r"\1", text)
        text = _PUNCT_AFTER.sub(r"\1 ", text)
    if "می" in text:
        text = _MI_WORD.sub(_separate_mi, text)
    return text


def spelled_alike(a: str, b: str) -> bool:
    """Whether two texts are the same words however they are spaced, half-spaced or lettered:
    «گواهی نامه های» and «گواهی‌نامه‌های», «ي» and «ی», «تأسیس» and «تاسیس».

    A portal that runs a typography fixer (a «ویراستار» pass) respells every title at once;
    that is not a renamed service, and must not read as a defaced portal."""
    return "".join(_fold(normalize(a)).split()) == "".join(_fold(normalize(b)).split())


@cache
def _skip_parts() -> frozenset[str]:
    """ZWNJ parts that are affixes, not words of their own."""
    cached = _cached_lexicon()
    if cached is not None:
        return frozenset(cached["skip"])
    from hazm.constants import SUFFIXES

    return frozenset({"می", "نمی", *SUFFIXES})


# The analysis of a text is the concatenation of the analyses of its
# whitespace-separated chunks (no word contains whitespace), except where a
# compound pair spans two chunks. Service text has a small vocabulary, so each
# distinct chunk and word is analysed once and then found in a dict; the rest
# is C-level list plumbing. Full caches are cleared, not evicted piecemeal.
_CACHE_MAX = 200_000  # entries per cache
# lower-cased chunk -> (words, keys, extras of each word, all its extras)
_Chunk = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...], tuple[str, ...]]
_CHUNKS: dict[str, _Chunk] = {}
_WORD_EXTRAS: dict[str, tuple[str, ...]] = {}  # word -> its extras


def _chunks(text: str) -> list[_Chunk]:
    """The cached analyses of the chunks of normalised ``text``."""
    chunks = text.lower().split()
    found = list(map(_CHUNKS.get, chunks))
    if None in found:
        for i, known in enumerate(found):
            if known is None:
                found[i] = _chunk(chunks[i])
    return found  # type: ignore[return-value]


def _split_and(word: str) -> list[str]:
    """«نقل‌وانتقال», «نقل‌و‌انتقال» → «نقل», «و», «انتقال»: half-spaced «X و Y» compounds.

    Written with half-spaces they are one word; written with spaces, three. Both
    spellings are common for the same phrase, so the compound becomes the spaced
    words (positions, phrases and the pair tokens then treat them alike). A
    common word of its own («بهره‌وری», «جست‌وجو») and verbs («می‌وزد») are kept.
    """
    if ZWNJ + "و" not in word:
        return [word]
    found = _lemma_table().get(_fold(word))
    if found is not None and found[0] >= _COMMON_WORD_FREQ:
        return [word]
    parts = word.split(ZWNJ)
    out: list[str] = [parts[0]]
    joined = True  # whether the next part continues out[-1] (a ZWNJ inside one word)
    for part in parts[1:]:
        head = out[-1]
        and_word = part == "و" or (part.startswith("و") and len(part) >= 4)
        if and_word and len(head) >= 2 and head not in ("می", "نمی") and joined:
            out.append("و")
            if part == "و":
                joined = False
                continue
            out.append(part[1:])
        elif not joined:
            out.append(part)
        else:
            out[-1] = head + ZWNJ + part
        joined = True
    return out


_GLUED_INFLECTIONS = ("هایی", "های", "ها", "ات", "ان", "ی", "")


def _is_word(key: str) -> bool:
    """A common word, or an adjective in «ی» of one («ورودی», «هنری»: hazm counts «ورود», «هنر»)."""
    if lexicon_frequency(key) >= _COMMON_WORD_FREQ:  # most are: no stem needed
        return True
    return is_common_word(key) or (key[-1] == "ی" and is_common_word(key[:-1]))


def _split_glued_and(word: str) -> list[str]:
    """«وانتقال» → «و», «انتقال»; «حملونقل» → «حمل», «و», «نقل»: an «و» glued to its word.

    «نقل وانتقال», «ورود وخروج» (a space before the «و», none after) are as common on the
    portals as «نقل و انتقال», and an «X‌وY» compound loses its half-spaces when a CMS
    strips them («حمل‌ونقل» → «حملونقل»). Both become the spaced words, as the half-spaced
    compound does (:func:`_split_and`), so every spelling meets. Only when the glued word is
    no common word and its parts are («واحد», «وکیل», «گفتوگو» stay whole), and a word with an
    inner «و» only when hazm's lexicon has it as a half-spaced compound.
    """
    if len(word) < 4:
        return [word]
    key = _fold(word)
    if key[0] == "و" and word[0] == "و":
        if _is_word(key) or not _is_word(key[1:]):
            return [word]
        return ["و", word[1:]]
    if ZWNJ in word or len(word) != len(key):
        return [word]
    compounds = _compounds()  # the cheap test first: most words with an «و» are no compound
    for ending in _GLUED_INFLECTIONS:
        base = key[: len(key) - len(ending)]
        if base in compounds and not _is_word(key):
            for at in range(2, len(base) - 2):
                if base[at] == "و" and is_common_word(base[:at]) and is_common_word(base[at + 1 :]):
                    return [word[:at], "و", word[at + 1 :]]
    return [word]


# A Latin acronym written with dots («A.I.P», «V.H.F.»): one word, as typed without them
# (Lucene's ClassicFilter does the same).
_ACRONYM = re.compile(r"(?<![A-Za-z.])[A-Za-z](?:\.[A-Za-z]){1,}(?![A-Za-z])\.?")


def _chunk(chunk: str) -> _Chunk:
    if "." in chunk:
        chunk = _ACRONYM.sub(lambda m: m.group().replace(".", ""), chunk)
    words = (chunk,) if chunk.isalpha() else tuple(_WORD.findall(chunk))  # mostly one word
    if ZWNJ in chunk and ZWNJ + "و" in chunk:
        words = tuple(part for word in words for part in _split_and(word))
    if "و" in chunk:
        words = tuple(part for word in words for part in _split_glued_and(word))
    keys = tuple(map(_fold, words))
    if len(words) == 1:
        if len(keys[0]) > MAX_TOKEN_CHARS:
            found: _Chunk = ((), (), (), ())
        else:
            extras = _extras_of(words[0], keys[0])
            found = (words, keys, (extras,), extras)
    else:
        if words and max(map(len, keys)) > MAX_TOKEN_CHARS:
            # Longer "words" are junk (base64, URLs run together), not words.
            kept = [i for i, k in enumerate(keys) if len(k) <= MAX_TOKEN_CHARS]
            words = tuple(words[i] for i in kept)
            keys = tuple(keys[i] for i in kept)
        per_word = tuple(map(_extras_of, words, keys))
        found = (words, keys, per_word, tuple(chain.from_iterable(per_word)))
    if len(_CHUNKS) >= _CACHE_MAX:
        _CHUNKS.clear()
    _CHUNKS[chunk] = found
    return found


def _extras_of(word: str, key: str) -> tuple[str, ...]:
    """Compound parts and the marked stem of one word (``key`` is its folded form)."""
    found = _WORD_EXTRAS.get(word)
    if found is None:
        extras = _word_extras(word, key) if ZWNJ in word else []
        base = stem(key, word)
        if base != key:
            extras.append(STEM_MARK + base)
        if len(_WORD_EXTRAS) >= _CACHE_MAX:
            _WORD_EXTRAS.clear()
        found = _WORD_EXTRAS[word] = tuple(extras)
    return found


def clear_caches() -> None:
    """Forget every per-chunk and per-word result (the lexicon tables stay loaded).

    For benchmarks that must not credit the caches with text they have already seen.
    """
    _CHUNKS.clear()
    _WORD_EXTRAS.clear()
    stem.cache_clear()
    _verb_lemma.cache_clear()


def _fold_words(text: str) -> tuple[list[str], list[str]]:
    """(raw words with ZWNJ, folded token keys) of already-normalised text."""
    found = _chunks(text)
    keys = list(chain.from_iterable(map(itemgetter(1), found)))
    if not keys:
        return [], []
    raw = list(chain.from_iterable(map(itemgetter(0), found)))
    extras = list(chain.from_iterable(map(itemgetter(2), found)))
    raw, keys, _ = _join_compounds(raw, keys, extras, joined_pairs(keys))
    return raw, keys


def _word_extras(raw: str, key: str) -> list[str]:
    """The words of a ZWNJ compound («گواهی‌نامه» → «گواهی», «نامه»); affixes are not words."""
    if ZWNJ not in raw:
        return []
    parts = raw.split(ZWNJ)
    if parts[0] in ("می", "نمی"):
        return []
    skip = _skip_parts()
    words = [_fold(p) for p in parts if p not in skip and len(p) > 1]
    return words if len(words) > 1 else []


# Inflectional suffixes, longest first: plurals («ها», «ان», «ات», «گان» of «ه»-words),
# comparatives («تر», «ترین») and the plural-plus-ezafe forms.
_STEM_SUFFIXES = ("هایی", "های", "ترین", "گان", "ها", "تر", "ان", "ات")
_MIN_BASE_FREQ = 20  # hazm corpus counts: rarer "bases" are accidents of the suffix rules
# Letters a noun needs before the relational «ی» comes off it: shorter nouns one letter
# from an adjective are more often a typo's accident («مسکنی» for «مسکونی») than its base.
_MIN_RELATIONAL_BASE = 5


@cache
def _lemma_table() -> dict[str, tuple[int, bool]]:
    """Token key -> (corpus frequency, tagged only plural) of hazm's lexicon words."""
    cached = _cached_lexicon()
    if cached is not None:
        lemma: dict[str, tuple[int, bool]] = cached["lemma"]
        return lemma
    return _build_lemma_table()


def _build_lemma_table() -> dict[str, tuple[int, bool]]:
    table: dict[str, tuple[int, bool]] = {}
    for word, freq, tags in _lexicon_words():
        key = _fold(_unify_chars(word))
        plural = "PL" in tags or tags == ("0",) or freq == 0
        old = table.get(key)
        if old is None or freq > old[0]:
            table[key] = (freq, plural)
    return table


@cache
def _madda_table() -> dict[str, str]:
    """Token key -> its spelling with «آ», for hazm's lexicon words most often written so."""
    cached = _cached_lexicon()
    if cached is not None:
        madda: dict[str, str] = cached["madda"]
        return madda
    return _build_madda_table()


def _build_madda_table() -> dict[str, str]:
    commonest: dict[str, tuple[int, str]] = {}
    for word, freq, _ in _lexicon_words():
        word = _unify_chars(word)
        key = _fold(word)
        if key not in commonest or freq > commonest[key][0]:
            commonest[key] = (freq, word)
    return {
        key: word
        for key, (_, word) in commonest.items()
        if "آ" in word and word.replace("آ", "ا") == key
    }


def with_madda(word: str) -> str:
    """«اموزش» → «آموزش», «قبض اب» → «قبض آب»: a word spelled as a key is spelled (keys fold
    «آ» to «ا») written the way the language writes it.

    For the readings of Latin queries (:mod:`indexer.latin`): they are spelled from the
    index's keys, and a citizen shown «منظورتان: اموزش رانندگی» sees a misspelling. A word
    the lexicon writes without «آ», or does not know, is left as it is.
    """
    return _madda_table().get(word, word) if _fold(word) == word else word


@cache
def _verb_lemma(raw: str) -> str | None:
    """hazm's verb lemma of a word, as ``Lemmatizer().lemmatize(raw)`` gives it: a word of the
    lexicon is its own lemma (no verb), else a conjugated verb its «past#present» lemma."""
    cached = _cached_lexicon()
    if cached is not None and _is_mi_form(raw):  # the only words it is asked about
        if raw in cached["mi_words"]:
            return None
        lemma = cached["mi_verbs"].get(raw)
    else:
        if raw in _lexicon_word_set():
            return None
        lemma = _verb_table().get(raw)
    return _fold(lemma) if lemma is not None else None


@cache
def _lexicon_word_set() -> frozenset[str]:
    return frozenset(word for word, _, _ in _lexicon_words())


@lru_cache(maxsize=200_000)
def stem(key: str, raw: str = "") -> str:
    """The stem of a token key: the lexicon word under its inflection, else the key.

    Guarded by hazm's lexicon in both directions: a word that is a word of its
    own («استان», «مالیات», «تنها») keeps its form, and a suffix is only removed
    when what remains is a common word («مهندسان» → «مهندس», «تجمعات» → «تجمع»,
    «رانندگان» → «راننده», «سازمان‌ها» → «سازمان», «بزرگ‌تر» → «بزرگ»), as is the
    relational «ی» of an adjective hazm does not list («ساختمانی» → «ساختمان») and the
    Arabic plural «ین» of a participle, which hazm lists as a word («مشترکین» → «مشترک»).
    Verbs with «می‌»/«نمی‌» get hazm's lemma («می‌روم» → «رفت#رو»).
    """
    table = _lemma_table()
    own = table.get(key)
    if key.endswith("ین") and len(key) >= 6:
        # The Arabic sound plural «ین» of a participle: «مشمولین» is «مشمولان» is «مشمول»,
        # «مالکین», «متقاضیین», «شاغلین». hazm lists these plurals as words of their own, so
        # the guard is the singular's form: a participle («م…», or «فاعل»: «شاغل», «وارث»)
        # and a common word («تامین», «سنگین», «ماشین» are no plurals).
        single = key[:-2]
        if _common_singular(single) and (
            single.startswith("م") or (len(single) == 4 and single[1] == "ا")
        ):
            return single
    if own is not None and not own[1] and own[0] > 0:
        return key
    if raw.startswith(("می" + ZWNJ, "نمی" + ZWNJ)):
        return _verb_lemma(raw) or key
    if key.endswith("یان") and key[:-3].endswith(("و", "ا")):
        # «یان» after a vowel: «دانشجویان» is «دانشجو», «مددجویان», «آقایان».
        found = table.get(key[:-3])
        if found is not None and found[0] >= _MIN_BASE_FREQ and not found[1]:
            return key[:-3]
    if key.endswith("ییان") and key[:-2] in table:
        return key[:-2]  # «روستاییان» is «روستایی», an adjective hazm lists with no count
    if key.endswith(_STEM_SUFFIXES):
        for suffix in _STEM_SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                base = key[: -len(suffix)]
                # «گان» and «ات» drop a final «ه»: «رانندگان», «مناقصات» (of «مناقصه»); «ات»
                # also takes the place of a final «ت»: «شکایات», «ساعات» (of «ساعت»).
                bases = (base + "ه",) if suffix == "گان" else (base, base + "ه")
                if suffix != "ات":
                    bases = bases[:1]
                elif len(base) >= 3:
                    bases = (*bases, base + "ت")
                if suffix.startswith("ها"):
                    # «ها» is a plural for sure: any word of the lexicon is a base, a rare
                    # one too, and one hazm lists with no count at all («گواهی‌ها»).
                    found = table.get(base)
                    if found is not None and (found[0] == 0 or not found[1]):
                        return base
                    continue
                # Of the singulars «ات» may come from, the commonest: «خدمات» is «خدمت»
                # (not «خدمه»), «موسسات» «موسسه» (not «موسس»), «محاسبات» «محاسبه».
                known = [
                    (found[0], candidate)
                    for candidate in bases
                    if (found := table.get(candidate)) is not None
                    and found[0] >= _MIN_BASE_FREQ
                    and not found[1]
                ]
                if known:
                    return max(known)[1]
    if key.endswith(("ای", "وی")) and len(key) > 3:
        # The ezafe «ی» after a vowel: «کالای وارداتی» is «کالا», «دانشجوی» is «دانشجو».
        found = table.get(key[:-1])
        if found is not None and found[0] >= _MIN_BASE_FREQ:
            return key[:-1]
    # The relational «ی» of an adjective made from a noun: «ساختمانی» is «ساختمان», «مالیاتی»,
    # «تفکیکی», «فرهنگی». Only for an adjective hazm does not list at all («کشاورزی»,
    # «رانندگی», «برقی», «آموزشی» keep their form) and onto a common noun long enough not to
    # be an accident of a typo («مسکنی» is «مسکونی» mistyped).
    if (
        own is None
        and len(key) > _MIN_RELATIONAL_BASE
        and key.endswith("ی")
        and not key.endswith(("ای", "وی", "یی"))
        and _common_singular(key[:-1])
    ):
        return key[:-1]
    if own is not None and own[1]:
        # A plural only (hazm tags it so) with no Persian suffix: an Arabic broken plural.
        singular = _broken_plural_singular(key)
        if singular is not None:
            return singular
    if own is None and len(key) >= 3:
        # Spoken forms citizens type: a possessive clitic («برقم», «گازمو», «کارتش») or
        # «ون» for «ان» («ساختمون», «خونه»); only onto a common word of the lexicon.
        for base in _spoken_bases(key):
            found = table.get(base)
            if found is not None and found[0] >= _COMMON_WORD_FREQ:
                return base
    return key


# Arabic broken plurals by their patterns (keys are folded: «ئ» is «ی»), each with the
# singulars it may come from, likeliest first: «قبوض» → «قبض», «اسناد» → «سند», «اموال» →
# «مال», «مقادیر» → «مقدار», «مراحل» → «مرحله», «مصارف» → «مصرف», «سوابق» → «سابقه», «لوایح» →
# «لایحه», «نواحی» → «ناحیه», «شرایط» → «شرط», «وسایل» → «وسیله».
_BROKEN_PLURALS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern), singulars)
    for pattern, singulars in (
        (r"^(.)(.)و(.)$", (r"\1\2\3",)),  # فعول
        (r"^ا(.)[وی]ا(.)$", (r"\1ا\2",)),  # افعال of a hollow root (اموال)
        (r"^ا(.)(.)ا(.)$", (r"\1\2\3",)),  # افعال
        (r"^م(.)ا(.)ی(.)$", (r"م\1\2ا\3", r"م\1\2و\3")),  # مفاعیل
        (r"^م(.)ا(.)(.)$", (r"م\1\2\3ه", r"م\1\2\3")),  # مفاعل
        (r"^(.)وا(.)(.)$", (r"\1ا\2\3ه", r"\1ا\2\3", r"\1ا\2ه")),  # فواعل
        (r"^(.)(.)ای(.)$", (r"\1\2ی\3ه", r"\1\2ا\3ه", r"\1\2\3")),  # فعائل
        (r"^(.)(.)ا(.)(.)$", (r"\1\2\3\4",)),  # فعالل of four letters: «بنادر», «دفاتر»
    )
)


def _broken_plural_singular(key: str) -> str | None:
    """The singular of an Arabic broken plural: the first of its pattern's singulars that
    hazm's lexicon has as a common word of its own, or None."""
    for pattern, singulars in _BROKEN_PLURALS:
        match = pattern.match(key)
        if match is None:
            continue
        for singular in singulars:
            word = match.expand(singular)
            if _common_singular(word):
                return word
    return None


def _common_singular(word: str) -> bool:
    """Whether hazm's lexicon has ``word`` as a common word of its own, not tagged only as a
    plural: what the Arabic plurals («قبوض», «مشترکین») and the relational «ی» («ساختمانی»)
    may be taken back to."""
    entry = _lemma_table().get(word)
    return entry is not None and not entry[1] and entry[0] >= _COMMON_WORD_FREQ


def _spoken_bases(key: str) -> Iterator[str]:
    for clitic in ("مو", "م", "ت", "ش"):
        if key.endswith(clitic):
            yield key[: -len(clitic)]
    if (written := _written_an(key)) is not None:
        yield written


def _written_an(key: str) -> str | None:
    """The word with its last spoken «ون» written «ان» («خونه» → «خانه»), or None."""
    at = key.rfind("ون")
    return key[:at] + "ان" + key[at + 2 :] if at > 0 else None


_COMMON_WORD_FREQ = 1000  # hazm corpus count above which a word is surely spelled right

# Spoken endings a citizen adds to a word, longest first: possessive and object clitics
# («قبضمو», «شناسنامه‌ام», «ماشینشون»), spoken «است» («اشتباهه», «کمه») and «را» («اینو»).
_SPOKEN_ENDINGS = (
    "هامون", "هاتون", "هاشون", "امون", "اتون", "اشون", "مون", "تون", "شون",
    "ام", "اش", "مو", "تو", "شو", "رو", "م", "ت", "ش", "ه", "و",
)  # fmt: skip
_PERSON_ENDINGS = ("یم", "ید", "ند", "م", "ی", "د", "ه", "ن")  # «ه», «ن»: spoken 3rd persons


def spoken_forms(key: str) -> tuple[str, ...]:
    """Written words an unknown query word may stand for, most likely first.

    Citizens type as they speak: a clitic or a spoken «است» on a noun («کارت ملیم»,
    «شناسنامه‌ام», «آدرس اشتباهه»), spoken «ون» for «ان» («خونه»), and verbs in the
    first person where a service names the act («ببندم» → «بستن», «بفروشم» → «فروش»,
    «پرداختم» → «پرداخت»). Only candidates: the index's vocabulary decides which, if
    any, is meant (:func:`indexer.ranking.written_forms`), so a word the portals use
    is never rewritten.
    """
    written = _written_an(key)
    # «خونه», «ساختمون»: the «ون» near the end comes first («خانه» before «خون», blood)
    out = [written] if written is not None and key.rfind("ون") >= len(key) - 3 else []
    for ending in _SPOKEN_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 2:
            out += _spoken_stems(key[: -len(ending)])
    if written is not None:
        out.append(written)
    out += _spoken_plural(key)
    out += _verb_forms(key)
    return tuple(dict.fromkeys(f for f in out if f != key))


def _spoken_stems(base: str) -> list[str]:
    """What is left of a word under a spoken ending, and the words it may be written as:
    a silent «ه» dropped before the clitic («بچم», «شناسنامشو», «پروندمو» are «بچه»,
    «شناسنامه», «پرونده» with «م»/«ش»), a spoken «ون» for «ان» («خونمون», «خونه‌ام» →
    «خانه»), and a spoken plural «ا» («قبضامو» → «قبض»)."""
    out = [base]
    if not base.endswith(("ه", "ا", "و", "ی")):
        out.append(base + "ه")
    written = [w for b in out if (w := _written_an(b)) is not None]
    if base.endswith("ون"):  # «خونمون» is «خانه» + «مون» before it is «خون» (blood)
        return [*reversed(written), *reversed(out), *_spoken_plural(base)]
    return out + written + _spoken_plural(base)


def _spoken_plural(key: str) -> list[str]:
    """The singular under a spoken plural «ا» for «ها» («کارا», «قبضا»), also with the ezafe
    («خبرنگارای خارجی» is «خبرنگارهای»); never of a word too short to be a noun with a
    plural («آقا», «جا»)."""
    if key.endswith("ا") and len(key) >= 4:
        return [key[:-1]]
    if key.endswith("ای") and len(key) >= 6:  # «دریای», «کالای»: a word of its own
        return [key[:-2]]
    return []


# Numbers citizens and portals write either way (keys hold Persian digits).
_NUMBER_WORDS = {
    "۰": "صفر", "۱": "یک", "۲": "دو", "۳": "سه", "۴": "چهار", "۵": "پنج", "۶": "شش",
    "۷": "هفت", "۸": "هشت", "۹": "نه", "۱۰": "ده", "۱۱": "یازده", "۱۲": "دوازده",
    "۱۳": "سیزده", "۱۴": "چهارده", "۱۵": "پانزده", "۲۰": "بیست", "۳۰": "سی",
    "۱۰۰": "صد", "۱۰۰۰": "هزار",
}  # fmt: skip
_WORD_NUMBERS = {word: number for number, word in _NUMBER_WORDS.items()}


def number_forms(key: str) -> tuple[str, ...]:
    """A number in the other way of writing it: «۱۰ رقمی» and «ده رقمی», «۰۰» and «صفر».
    Keys hold Persian digits."""
    if key in _NUMBER_WORDS:
        return (_NUMBER_WORDS[key],)
    if key in _WORD_NUMBERS:
        return (_WORD_NUMBERS[key],)
    if len(key) > 1 and set(key) == {"۰"}:  # «۰۰» for dialling abroad: «صفر دوم»
        return ("صفر",)
    return ()


def _glues_at(key: str, i: int) -> bool:
    """Whether ``key`` has, at ``i``, a «به» that may be written glued: not after another «ب»,
    and with three letters or more after it («بهره» keeps its «ه»)."""
    return (
        key[i] == "ب"
        and not (i and key[i - 1] == "ب")
        and key[i + 1 : i + 2] == "ه"
        and len(key) - i - 2 >= 3
    )


def be_variants(key: str) -> tuple[str, ...]:
    """The other spelling of a word with the preposition «به» inside it: «جابه‌جایی» and
    «جابجایی», «به‌روزرسانی» and «بروزرسانی». Both are common for the same word (the
    first is the standard one); which of them the portals use, the vocabulary says."""
    out = []
    for i, ch in enumerate(key[:-2]):
        if _glues_at(key, i):
            out.append(key[: i + 1] + key[i + 2 :])
        elif ch == "ب" and i and key[i - 1] != "ب" and key[i + 1] != "ه" and len(key) - i - 1 >= 2:
            out.append(key[: i + 1] + "ه" + key[i + 1 :])  # never «ب…» → «به…»: «برق»
    return tuple(out)


def glued_be(key: str) -> str:
    """The key with every «به» that :func:`be_variants` may glue written glued: one key for
    «جابه‌جایی» and «جابجایی», «به‌روزرسانی» and «بروزرسانی», where a phrase is looked up
    however the citizen spells it."""
    return "".join(ch for i, ch in enumerate(key) if not (i and _glues_at(key, i - 1)))


def _verb_forms(key: str) -> list[str]:
    """Infinitive and stems of a subjunctive, imperative or past first-person verb."""
    stems = _verb_stems()
    out: list[str] = []
    for ending in ("", *_PERSON_ENDINGS):
        if ending and not key.endswith(ending):
            continue
        body = key[: len(key) - len(ending)]
        if body.startswith(("ب", "ن")) and body[1:] in stems.past_of:  # «ببند»-م, «نکش»-ه
            present = body[1:]
            for past in stems.past_of[present]:
                out += [past + "ن", past]
            out.append(present)
        elif ending and body in stems.pasts:  # «پرداخت»-م
            out += [body, body + "ن"]
    return out


class _Stems(NamedTuple):
    past_of: dict[str, tuple[str, ...]]  # present stem -> past stems: «بند» -> («بست»,)
    pasts: frozenset[str]


@cache
def _verb_stems() -> _Stems:
    """hazm's verbs as stems (folded)."""
    cached = _cached_lexicon()
    pairs: list[tuple[str, str]] = (
        [tuple(p) for p in cached["verb_stems"]] if cached is not None else _build_verb_stems()
    )
    past_of: dict[str, tuple[str, ...]] = {}
    for past, present in pairs:
        past_of[present] = (*past_of.get(present, ()), past)
    return _Stems(past_of, frozenset(past for past, _ in pairs))


def _build_verb_stems() -> list[tuple[str, str]]:
    from hazm.utils import default_verbs

    out = []
    with open(default_verbs, encoding="utf-8") as file:
        for line in file:
            past, _, present = line.strip().partition("#")
            if past and present and " " not in present and len(present) >= 2:
                out.append((_fold(_unify_chars(past)), _fold(_unify_chars(present))))
    return out


def is_lexicon_word(key: str) -> bool:
    """A token key hazm's lexicon has at all, however rare («پاسپورت», «خونه»): a word of
    the language."""
    return key in _lemma_table()


def lexicon_frequency(key: str) -> int:
    """How often hazm's corpus has the word ``key`` itself (0 when its lexicon lacks it)."""
    found = _lemma_table().get(key)
    return found[0] if found is not None else 0


def is_common_word(key: str) -> bool:
    """A token key (or its stem) that is a common word of hazm's lexicon: spelled right.

    Did-you-mean never corrects such a word, even when no service uses it
    («اسم», «شهرک», «کالای»): it is what the citizen meant, not a typo.
    """
    table = _lemma_table()
    for candidate in dict.fromkeys((key, stem(key))):
        found = table.get(candidate)
        if found is not None and found[0] >= _COMMON_WORD_FREQ:
            return True
    return False


@cache
def stopword_keys() -> frozenset[str]:
    """hazm's stopwords as token keys."""
    from hazm import stopwords_list

    return frozenset(_fold(_unify_chars(w)) for w in stopwords_list())


def analyze(text: str) -> list[str]:
    """Index/query tokens: positional word keys first, then the extra keys.

    Extras: every adjacent pair joined, the words of ZWNJ compounds, and
    ``STEM_MARK + stem`` of each inflected word. Stems are marked so a query can
    weigh "same word" above "same stem" (exact matches rank first).
    """
    keys, extras = analyze_split(text)
    return keys + extras


def analyze_split(text: str) -> tuple[list[str], list[str]]:
    """:func:`analyze` as (positional word keys, extra keys): the words alone are the vocabulary."""
    found = _chunks(normalize(text))
    keys = list(chain.from_iterable(map(itemgetter(1), found)))
    if not keys:
        return [], []
    extras = joined_pairs(keys)
    if _joinable().isdisjoint(extras):  # no compound spans two chunks
        extras.extend(chain.from_iterable(map(itemgetter(3), found)))
        return keys, extras
    raw = list(chain.from_iterable(map(itemgetter(0), found)))
    per_word = list(chain.from_iterable(map(itemgetter(2), found)))
    raw, keys, per_word = _join_compounds(raw, keys, per_word, extras)
    extras = joined_pairs(keys)
    extras.extend(chain.from_iterable(per_word))
    return keys, extras


class QueryWord(NamedTuple):
    """One query word and the alternative keys that also satisfy it."""

    key: str
    compounds: tuple[str, ...]  # the word joined with its left / right neighbour
    parts: tuple[str, ...]  # its stem, when inflected («سازمان‌ها» → «سازمان»)
    # one-word synonyms that may stand in its place («پروانه» for «مجوز»): see
    # :meth:`indexer.synonyms.Synonyms.readings`
    synonyms: tuple[QueryWord, ...] = ()
    # the keys of the two words the query typed, when the vocabulary joined them into this
    # one («صدور شناسنامه» → «صدورشناسنامه»): :func:`indexer.ranking.phrase_variants`
    spaced: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """Keys matching the word as written (or as the plain word under its affix)."""
        return (self.key, *self.compounds, *self.parts)

    @property
    def stem_terms(self) -> tuple[str, ...]:
        """Index keys of words sharing this word's stem: ``~stem`` tokens."""
        return tuple(dict.fromkeys(STEM_MARK + k for k in (self.key, *self.parts)))


def analyze_groups(text: str) -> list[QueryWord]:
    """The query-side view of :func:`analyze`: the same keys, grouped per word.

    The alternatives are the extras :func:`analyze` indexes, so a query can
    demand each word while accepting any spelling of it. A compound's own words
    («گواهی», «نامه») are not alternatives: accepting either would turn
    «گواهی‌نامه» into «گواهی OR نامه».
    """
    raw, keys = _fold_words(normalize(text))
    groups: list[QueryWord] = []
    for i, (word, key) in enumerate(zip(raw, keys, strict=True)):
        compounds = []
        if i > 0:
            compounds.append(keys[i - 1] + key)
        if i + 1 < len(keys):
            compounds.append(key + keys[i + 1])
        base = stem(key, word)
        if base == key and i > 0 and raw[i - 1] in _INDEFINITE_BEFORE:
            base = _indefinite_base(key)
        parts = (base,) if base != key else ()
        head = _participle_head(word)
        if head:
            parts = (*parts, head)
        groups.append(QueryWord(key, tuple(dict.fromkeys(compounds)), parts))
    return groups


# Words after which a noun takes the indefinite «ی» of a question or a request: «چه مجوزی
# لازمه», «چه مدارکی», «یه مجوزی میخوام». Nothing else marks it: «مجوزی» alone may be a typo.
_INDEFINITE_BEFORE = frozenset({"چه", "یه", "یک", "کدوم", "کدام", "هیچ"})


def _indefinite_base(key: str) -> str:
    """The noun under an indefinite «ی» («مجوزی» → «مجوز», «سامانه‌ای» → «سامانه»), when the
    word is not a word of its own («چه کسی», «چه ماهی» keep theirs) and the noun is one;
    else ``key``. Without it «مجوزی», in one description only, weighed as the rarest word of
    «… صید ماهی تو دریا چه مجوزی لازمه», and no service carrying «مجوز» matched it."""
    table = _lemma_table()
    if table.get(key) is not None:
        return key
    for base in (key[:-2] if key.endswith("های") else "", key[:-1] if key.endswith("ی") else ""):
        found = table.get(base) if len(base) >= 2 else None
        if found is not None and found[0] >= _MIN_BASE_FREQ:
            return base
    return key


# Auxiliaries that make a participle of the word before them: the lexicon's compounds
# «قطع‌شده», «ثبت‌شده», «گم‌شده» join «قطع شده» in a query into one word, which without its
# head matched no title saying «قطع» («آب خونه قطع شده» missed «قطع موقت انشعاب آب»).
_AUXILIARY_PARTICIPLES = frozenset(
    {"شده", "نشده", "گردیده", "نگردیده", "کرده", "نکرده", "نموده", "گشته"}
)


def _participle_head(word: str) -> str | None:
    """The head of a participle compound («قطع‌شده» → «قطع»), an alternative of the query
    word like its stem; a true compound's own words are not («گواهی‌نامه»)."""
    head, _, tail = word.rpartition(ZWNJ)
    if len(head) < 2 or ZWNJ in head or tail not in _AUXILIARY_PARTICIPLES:
        return None
    return _fold(head)


def word_spans(text: str) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """(start, end, key, extra keys) of each word of already-normalised text.

    Lets snippets map analysed tokens back to the exact characters to mark.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few exotic case mappings change length
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return [(m.start(), m.end(), *_span_keys(m.group())) for m in _WORD.finditer(lowered)]


@lru_cache(maxsize=100_000)
def _span_keys(word: str) -> tuple[str, tuple[str, ...]]:
    """The key and extra keys of one word: snippets ask for the same words on every search."""
    key = _fold(word)
    base = stem(key, word)
    # «وانتقال» is marked for «انتقال», as the index holds it (:func:`_split_glued_and`)
    glued = _split_glued_and(word) if "و" in word else [word]
    parts = [_fold(w) for w in glued if w != "و"] if len(glued) > 1 else []
    return key, (*_word_extras(word, key), *parts, *([base] if base != key else []))
