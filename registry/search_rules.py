"""The registrar's search rules: citizen vocabulary kept as data, applied at query time.

A *synonym* makes a phrase citizens type also read as the agencies' wording
(«پاسپورت» → «گذرنامه»); a *best bet* shows a chosen service first for a phrase.
Phrases are stored as their analysed keys, so any spelling of the phrase (Arabic
letters, half-spaces) finds the rule. Writes go through
:mod:`gateway_api.registrar`, which audits them; nothing is reindexed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, insert, select, update

from registry.schema import search_rules
from registry.store import Store, now, utc

MAX_PHRASE_CHARS = 200
# A citizen's phrase or an agency's wording is a few words (titles run 3-8). A longer one is a
# paste gone wrong, and a synonym's target is OR-ed into every query with its phrase: refused.
MAX_RULE_WORDS = 8
RULES_TTL = 5.0  # seconds another process's change may take to reach this one


class SearchRuleError(ValueError):
    """A rule refused. ``field`` is the part at fault (``phrase`` or ``target``), ``reason``
    what is wrong (``no_words``, ``too_many_words``, ``unknown_service``), ``words`` how many
    it has; the message says it in English, ``fa`` in Persian (the API gives both, the
    dashboard the Persian)."""

    def __init__(self, field: str, reason: str, message: str, words: int = 0) -> None:
        super().__init__(message)
        self.field, self.reason, self.words = field, reason, words

    @property
    def fa(self) -> str:
        if self.reason == "unknown_service":
            return "شناسه خدمت در درگاه پیدا نشد؛ بهترین پیشنهاد باید به خدمتی نمایه‌شده برسد."
        part = "عبارت" if self.field == "phrase" else "مقصد"
        if self.reason == "too_many_words":
            return (
                f"{part} قاعده {_fa_digits(self.words)} واژه دارد؛ "
                f"بیش از {_fa_digits(MAX_RULE_WORDS)} واژه پذیرفته نیست."
            )
        return f"{part} قاعده را بنویسید؛ واژه‌ای در آن نیست."


def _fa_digits(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


class RuleKind(StrEnum):
    SYNONYM = "synonym"
    BEST_BET = "best_bet"


@dataclass(frozen=True)
class SearchRule:
    id: int
    kind: RuleKind
    phrase: str  # analysed key: what queries are compared with
    shown: str  # as the registrar typed it
    target: str  # synonym: the alternative phrase; best bet: a service id
    created_by: str
    created_at: datetime


def phrase_key(text: str) -> str:
    """The words of ``text`` as token keys: any spelling of a phrase gives one key."""
    from indexer.normalize import analyze_groups

    return " ".join(g.key for g in analyze_groups(text))[:MAX_PHRASE_CHARS]


class SearchRulesStore(Store):
    _rules_cache: tuple[float, list[SearchRule]] | None = None

    def cached_search_rules(self) -> list[SearchRule]:
        """:meth:`search_rules`, read at most every RULES_TTL seconds (searches ask each
        time); this process's own writes are seen at once."""
        cached = self._rules_cache
        if cached is None or time.monotonic() - cached[0] > RULES_TTL:
            cached = self._rules_cache = (time.monotonic(), self.search_rules())
        return cached[1]

    def add_search_rule(
        self, kind: RuleKind, phrase: str, target: str, created_by: str
    ) -> SearchRule:
        key = _words("phrase", phrase)
        if kind is RuleKind.SYNONYM:
            _words("target", target)
        elif not target.strip():
            raise SearchRuleError("target", "no_words", "the target is empty")
        values = {
            "kind": kind.value,
            "phrase": key,
            "shown": phrase.strip()[:MAX_PHRASE_CHARS],
            "target": target.strip()[:MAX_PHRASE_CHARS],
            "created_by": created_by[:100],
            "created_at": now(),
        }
        with self._engine.begin() as conn:
            rule_id = conn.execute(insert(search_rules).values(**values)).inserted_primary_key
        self._rules_cache = None
        assert rule_id is not None
        return _rule({"id": int(rule_id[0]), **values})

    def search_rules(self, kind: RuleKind | None = None) -> list[SearchRule]:
        query = select(search_rules).order_by(search_rules.c.id)
        if kind is not None:
            query = query.where(search_rules.c.kind == kind.value)
        with self._engine.connect() as conn:
            return [_rule(row._mapping) for row in conn.execute(query)]

    def retarget_best_bets(self, moved: Mapping[str, str]) -> int:
        """Best bets to services found at a new URL (old id -> new id: ids hash the URL)
        follow them there, as the services' pages did. How many were moved."""
        changed = 0
        with self._engine.begin() as conn:
            for old, new in moved.items():
                changed += conn.execute(
                    update(search_rules)
                    .where(search_rules.c.kind == RuleKind.BEST_BET.value)
                    .where(search_rules.c.target == old)
                    .values(target=new)
                ).rowcount
        if changed:
            self._rules_cache = None
        return changed

    def delete_search_rule(self, rule_id: int) -> SearchRule | None:
        with self._engine.begin() as conn:
            row = conn.execute(select(search_rules).where(search_rules.c.id == rule_id)).first()
            if row is None:
                return None
            conn.execute(delete(search_rules).where(search_rules.c.id == rule_id))
        self._rules_cache = None
        return _rule(row._mapping)


def _words(field: str, text: str) -> str:
    """``text``'s key, when it has between one and MAX_RULE_WORDS words."""
    key = phrase_key(text)
    if not key:
        raise SearchRuleError(field, "no_words", f"the {field} {text[:60]!r} has no words")
    count = len(key.split())
    if count > MAX_RULE_WORDS:
        raise SearchRuleError(
            field,
            "too_many_words",
            f"the {field} has {count} words; a search rule's {field} has at most {MAX_RULE_WORDS}",
            count,
        )
    return key


def _rule(row: object) -> SearchRule:
    data = dict(row)  # type: ignore[call-overload]
    return SearchRule(
        id=int(data["id"]),
        kind=RuleKind(data["kind"]),
        phrase=data["phrase"],
        shown=data["shown"],
        target=data["target"],
        created_by=data["created_by"],
        created_at=utc(data["created_at"]),
    )
