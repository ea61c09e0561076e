"""Spelling-variant robustness, as issue 8 measures it: the same words written another way.

Issue 8's hidden set found that «5 of 197 spelling variants change the top 5, all of them
«X و Y» compounds». This module makes such variants mechanically from every judged query
(nobody writes or judges them, so nothing here can be tuned to), runs each beside its
original through a search, and counts the variants whose top 5 differs from the original's.
The rewrites are the ways Iranian portals and citizens write the same words: Arabic letter
forms (the CMSes of many agencies), Latin or Arabic-Indic digits, a half-space written as a
space or dropped, a space written as a half-space, an «و» glued to the next word («نقل
وانتقال») or to both («نقلوانتقال»), no madda, no hamza seat, diacritics, tatweel, doubled
spaces and a question mark.

It is stricter than the harness's own ``robustness`` column in one way (the whole top 5 must
stay, not the first result) and looser in another (only spellings, never other words: the
harness's variants include typos, keyboard layout and Finglish with their own words).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from indexer.backend import SearchBackend
from tests.relevance import external
from tests.relevance.harness import Search, backend_search, search_all

TOP = 5
ZWNJ = "\u200c"
_LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC_INDIC_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹0123456789", "٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩")
_AND = re.compile(r"(?<=\S) و (?=\S)")
_AFFIX_SPACE = re.compile(r"(?<=\S) (ها|های|هایی|تر|ترین)(?=\s|$)")
_MI_SPACE = re.compile(r"(^|\s)(ن?می) (?=\S)")
_LAST_YEH = re.compile(r"ی(?=\s|$)")
_LAST_HEH = re.compile(r"ه(?=\s|$)")
_FIRST_JOINING = re.compile(r"([بتسشنمک])(?=[^\W\d_])")
_TWO_LETTERS = re.compile(r"([^\W\d_])([^\W\d_])")

# kind -> rewrite; a rewrite that leaves the query as it was is no variant
REWRITES: dict[str, Callable[[str], str]] = {
    "arabic_yeh_kaf": lambda q: q.replace("ی", "ي").replace("ک", "ك"),
    "arabic_final_yeh": lambda q: _LAST_YEH.sub("ى", q),
    "teh_marbuta": lambda q: _LAST_HEH.sub("ة", q),
    "latin_digits": lambda q: q.translate(_LATIN_DIGITS),
    "persian_digits": lambda q: q.translate(_PERSIAN_DIGITS),
    "arabic_digits": lambda q: q.translate(_ARABIC_INDIC_DIGITS),
    "half_space_as_space": lambda q: q.replace(ZWNJ, " "),
    "half_space_dropped": lambda q: q.replace(ZWNJ, ""),
    "space_as_half_space": lambda q: _MI_SPACE.sub(
        rf"\1\2{ZWNJ}", _AFFIX_SPACE.sub(rf"{ZWNJ}\1", q)
    ),
    "and_half_spaced": lambda q: _AND.sub(f"{ZWNJ}و{ZWNJ}", q),
    "and_glued": lambda q: _AND.sub(" و", q),
    "and_glued_both": lambda q: _AND.sub("و", q),
    "no_madda": lambda q: q.replace("آ", "ا"),
    "no_hamza_seat": lambda q: q.replace("أ", "ا").replace("ؤ", "و").replace("ئ", "ی"),
    "diacritic": lambda q: _TWO_LETTERS.sub(lambda m: m.group(1) + "\u064e" + m.group(2), q, 1),
    "tatweel": lambda q: _FIRST_JOINING.sub("\\1\u0640", q, 1),
    "spaces_doubled": lambda q: q.replace(" ", "  "),
    "question_mark": lambda q: q + "؟",
}


def spelling_variants(text: str) -> dict[str, str]:
    """Every rewrite of ``text`` that changes it, by kind."""
    out = {}
    for kind, rewrite in REWRITES.items():
        variant = rewrite(text)
        if variant != text:
            out[kind] = variant
    return out


@dataclass(frozen=True)
class VariantReport:
    variants: int
    changed: int
    changed_by_kind: Counter[str]
    variants_by_kind: Counter[str]

    @property
    def robustness(self) -> float:
        return 1 - self.changed / self.variants if self.variants else float("nan")


def measure(search: Search, texts: Iterable[str]) -> VariantReport:
    """How many spelling variants of ``texts`` keep the original's top 5 under ``search``."""
    changed: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    rewrites = {text: spelling_variants(text) for text in texts}
    found = search_all(search, chain(rewrites, *(v.values() for v in rewrites.values())))
    for text, written in rewrites.items():
        top = found[text][0][:TOP]
        for kind, variant in written.items():
            seen[kind] += 1
            if found[variant][0][:TOP] != top:
                changed[kind] += 1
    return VariantReport(seen.total(), changed.total(), changed, seen)


def run(
    backend: SearchBackend,
    services: Path = external.SERVICES,
    judgments: Path = external.JUDGMENTS,
    splits: Sequence[str] = external.SPLITS,
) -> dict[str, VariantReport]:
    """The gateway (on ``backend``, holding the records of ``services``) and the baselines on
    the same records, over the spelling variants of every judged query of ``judgments``."""
    docs = external.load_services(services)
    texts = persian_texts(j.text for j in external.load_judgments(docs, judgments, splits))
    searches = external.systems(backend_search(backend), external.records(docs))
    return {name: measure(search, texts) for name, search in searches.items()}


def persian_texts(texts: Iterable[str]) -> list[str]:
    """The queries written in Persian letters (Latin-letter ones have no such spellings)."""
    return [t for t in dict.fromkeys(texts) if not re.search("[A-Za-z]", t)]


def render(reports: dict[str, VariantReport]) -> str:
    """One line per system, then the kinds that changed a top 5 of the first (the gateway)."""
    lines = [f"{'system':<11}{'variants':>9}{'changed':>9}{'robust':>9}"]
    for name, r in reports.items():
        lines.append(f"{name:<11}{r.variants:>9}{r.changed:>9}{r.robustness:>9.4f}")
    first = next(iter(reports.values()))
    for kind, n in sorted(first.changed_by_kind.items()):
        lines.append(f"  changed by {kind}: {n} of {first.variants_by_kind[kind]}")
    return "\n".join(lines)
