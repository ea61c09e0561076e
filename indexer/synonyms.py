"""Curated synonyms and abbreviations, applied to queries only.

The list is data (``indexer/data/synonyms.yaml``) so maintainers can edit it
without touching code. Each query is rewritten into a few *readings*: the
query as typed, and the query with one synonym phrase replaced by each of its
alternatives. A backend searches all readings at once and scores a document by
its best reading (a dis_max of the readings' queries), the rewritten ones
weighted by :data:`SYNONYM_WEIGHT`, so wording the citizen typed wins ties and
a query whose words only match through a synonym ranks exactly as the
synonym's own query would. Expanding queries rather than documents keeps the
index unchanged when the list changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from indexer.normalize import QueryWord, analyze_groups, glued_be
from indexer.yaml_data import read_yaml

__all__ = ["SYNONYM_WEIGHT", "Reading", "Synonyms", "default_synonyms"]

SYNONYM_WEIGHT = 0.9
MAX_READINGS = 6  # the typed query plus at most five rewritings


@dataclass(frozen=True)
class Reading:
    """One way to read a query: its words and how much a match through it counts."""

    words: list[QueryWord]
    weight: float


def _longer(query: Sequence[QueryWord], reading: Sequence[QueryWord]) -> float:
    """How much less a reading counts for being longer than the query: an engine sums its
    words, so «لوازم اندازه گیری» read for «کنتور» would score three words for one."""
    return min(1.0, len(query) / len(reading)) if reading else 1.0


def _glued(keys: Sequence[str]) -> tuple[str, ...]:
    return tuple(map(glued_be, keys))


def _keys(phrase: str) -> tuple[str, ...]:
    return tuple(g.key for g in analyze_groups(phrase))


class Synonyms:
    """Phrase (as token keys) -> alternative phrases (as text)."""

    def __init__(self, rules: Mapping[tuple[str, ...], Sequence[str]]) -> None:
        self._rules = {k: tuple(v) for k, v in rules.items() if k}
        # The same phrases with their words run together: a listed phrase is found however
        # the query spaces it («گاز کشی» / «گازکشی», «سیم کارتم» / «سیم‌کارت»).
        self._joined: dict[str, tuple[str, ...]] = {}
        for key, alternatives in self._rules.items():
            self._joined.setdefault("".join(key), alternatives)
        # The same phrases with an inner «به» glued, as half the portals and citizens write
        # it: «جابه‌جایی کنتور» is the listed «جابجایی کنتور».
        self._glued: dict[tuple[str, ...], tuple[str, ...]] = {}
        for key, alternatives in self._rules.items():
            self._glued.setdefault(_glued(key), alternatives)
        # one word more than the longest phrase: a listed compound may be typed as two words
        self._longest = max((len(k) for k in self._rules), default=-1) + 1
        self.words = frozenset(word for key in self._rules for word in key)
        """Every word of a listed phrase: words a search reads though no service may use
        them («آبفا»), which a Finglish reading may keep (:mod:`indexer.latin`)."""
        self.phrases = frozenset(
            spelling
            for key in self._rules
            if len(key) > 1
            for spelling in (" ".join(key), "".join(key))
        )
        """Every listed phrase of several words, spaced and run together («sim card»,
        «simcard»): a Latin query keeps them as typed rather than read as Finglish."""

    @classmethod
    def parse(cls, data: Any, source: str = "synonyms") -> Synonyms:
        """Rules from the YAML structure; a bad entry is named in the error."""
        if not isinstance(data, dict):
            raise ValueError(f"{source}: expected a mapping with 'equivalent' and/or 'expand'")
        unknown = set(data) - {"equivalent", "expand"}
        if unknown:
            raise ValueError(f"{source}: unknown sections {sorted(unknown)}")
        rules: dict[tuple[str, ...], list[str]] = {}

        def add(phrase: Any, alternatives: list[Any], where: str) -> None:
            if not isinstance(phrase, str) or not all(isinstance(a, str) for a in alternatives):
                raise ValueError(f"{source}: {where}: entries must be text, got {phrase!r}")
            key = _keys(phrase)
            if not key:
                raise ValueError(f"{source}: {where}: {phrase!r} has no words")
            targets = rules.setdefault(key, [])
            for alt in alternatives:
                if _keys(alt) != key and alt not in targets:
                    targets.append(alt)

        for n, group in enumerate(data.get("equivalent") or [], start=1):
            if not isinstance(group, list) or len(group) < 2:
                raise ValueError(f"{source}: equivalent #{n}: a group needs two or more phrases")
            for phrase in group:
                add(phrase, [p for p in group if p != phrase], f"equivalent #{n}")
        expand = data.get("expand") or {}
        if not isinstance(expand, dict):
            raise ValueError(f"{source}: 'expand' must map a phrase to a list of phrases")
        for phrase, alternatives in expand.items():
            if not isinstance(alternatives, list) or not alternatives:
                raise ValueError(f"{source}: expand {phrase!r}: give a list of phrases")
            add(phrase, alternatives, f"expand {phrase!r}")
        return cls(rules)

    def with_rules(self, pairs: Sequence[tuple[str, str]]) -> Synonyms:
        """These rules plus ``pairs`` of (phrase, alternative): the registrar's synonyms,
        added per query so a change needs no restart and no reindex."""
        rules: dict[tuple[str, ...], list[str]] = {k: list(v) for k, v in self._rules.items()}
        for phrase, alternative in pairs:
            key = _keys(phrase)
            if key and _keys(alternative) != key:
                targets = rules.setdefault(key, [])
                if alternative not in targets:
                    targets.insert(0, alternative)  # the registrar's word first
        return Synonyms(rules)

    @classmethod
    def load(cls, path: Path) -> Synonyms:
        return cls.parse(read_yaml(path.read_text(encoding="utf-8"), str(path)), str(path))

    def readings(self, words: list[QueryWord], *, fold: bool = True) -> list[Reading]:
        """The query as typed, then one rewriting per (synonym phrase, alternative),
        and when several phrases are rewritten, one reading with each rewritten.

        With ``fold``, a one-word alternative of one word («مجوز» for «پروانه») is not a
        reading of its own: it joins the word's alternatives (:attr:`QueryWord.synonyms`)
        at SYNONYM_WEIGHT, so «صدور پروانه» is one query in which either word fills the
        second place. A reading is a whole query that the engine scores on every match:
        «اینترنتی دفتر خدمات», read five ways, cost five times one. Partial matching
        reads every alternative apart (``fold=False``), because how much a word counts
        there depends on which of its synonyms matched.

        A phrase is looked up as typed, then by its words' stems, so the
        spoken possessive or plural of a listed word («ماشینم», «پاسپورتم»)
        is rewritten like the word itself.
        """
        folded = list(words)
        spans: list[tuple[int, int, list[list[QueryWord]]]] = []  # (start, size, rewritings)
        for start, size, alternatives in self._matches(words):
            rewritings = []
            for alt in alternatives:
                groups = analyze_groups(alt)
                word = folded[start]
                if fold and size == 1 and len(groups) == 1:
                    if all(s.key != groups[0].key for s in word.synonyms):
                        folded[start] = word._replace(synonyms=(*word.synonyms, groups[0]))
                else:
                    rewritings.append(groups)
            if rewritings:
                spans.append((start, size, rewritings))
        out = [Reading(folded, 1.0)]
        for n, (start, size, rewritings) in enumerate(spans):
            if len(out) >= MAX_READINGS:
                del spans[n:]  # as if the query ended here
                break
            for groups in rewritings:
                # the other words keep their own reading (a spoken form resolved
                # by the vocabulary stays resolved)
                reading = [*folded[:start], *groups, *folded[start + size :]]
                if all(r.words != reading for r in out):  # «جرائم», «جرایم»: one
                    out.append(Reading(reading, SYNONYM_WEIGHT * _longer(words, reading)))
        if len(spans) > 1:
            # Two listed phrases («جریمه ماشینم»): also read both the agencies' way
            # («خلافی خودرو»), each substitution costing its weight, right after the
            # query as typed so the cap never drops it.
            both = list(folded)
            for start, size, rewritings in reversed(spans):
                both[start : start + size] = rewritings[0]
            if all(r.words != both for r in out):
                out.insert(1, Reading(both, SYNONYM_WEIGHT ** len(spans) * _longer(words, both)))
        return out[:MAX_READINGS]

    def _matches(self, words: list[QueryWord]) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, size, alternatives) of each listed phrase in ``words``, longest first."""
        keys = [w.key for w in words]
        stems = [w.parts[0] if w.parts else w.key for w in words]
        found = []
        i = 0
        while i < len(keys):
            for size in range(min(self._longest, len(keys) - i), 0, -1):
                alternatives = (
                    self._rules.get(tuple(keys[i : i + size]))
                    or self._rules.get(tuple(stems[i : i + size]))
                    or self._joined.get("".join(keys[i : i + size]))
                    or self._joined.get("".join(stems[i : i + size]))
                    or self._glued.get(_glued(keys[i : i + size]))
                )
                if alternatives:
                    found.append((i, size, alternatives))
                    i += size
                    break
            else:
                i += 1
        return found


@cache
def default_synonyms() -> Synonyms:
    """The curated list shipped with the gateway, read once on first use."""
    source = resources.files("indexer") / "data" / "synonyms.yaml"
    text = source.read_text(encoding="utf-8")
    return Synonyms.parse(read_yaml(text, "synonyms.yaml"), "synonyms.yaml")
