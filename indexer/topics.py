"""The province-wide taxonomy: which service domain a service belongs to.

Agencies file services under their own category labels; citizens browse by a
handful of domains that national portals share («ساختمان، مسکن و شهرسازی»,
«مالیات و عوارض», ...). The domains and the rules that assign them are data
(``indexer/data/topics.yaml``) so they can be tuned without code; the crawler
assigns a domain when it indexes a service, and a registrar's correction (kept
by the registry) wins over the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from indexer.documents import ServiceDocument
from indexer.fields import label_key

OTHER = "other"
_WEIGHTS = (("category", 3), ("title", 2), ("keywords", 1), ("agency", 1))


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    words: tuple[str, ...]  # in matching form (label_key)


@dataclass(frozen=True)
class LifeEvent:
    label: str
    q: str  # the search that starts it


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]  # display order; ``other`` last
    life_events: tuple[LifeEvent, ...]

    @classmethod
    def parse(cls, data: Any, source: str = "topics.yaml") -> Taxonomy:
        """Refuses a malformed table with a message naming the file and the entry."""
        if not isinstance(data, dict) or not isinstance(data.get("domains"), list):
            raise ValueError(f"{source}: needs a `domains:` list")
        topics: list[Topic] = []
        for n, entry in enumerate(data["domains"], 1):
            if not isinstance(entry, dict) or not entry.get("id") or not entry.get("label"):
                raise ValueError(f"{source}: domain #{n} needs an `id` and a `label`")
            words = tuple(label_key(str(w)) for w in entry.get("words") or [])
            topics.append(Topic(str(entry["id"]), str(entry["label"]), words))
        other = data.get("other") or {}
        topics.append(Topic(OTHER, str(other.get("label") or "سایر خدمات"), ()))
        ids = [t.id for t in topics]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{source}: a domain id is listed twice")
        events = tuple(
            LifeEvent(str(e["label"]), str(e["q"])) for e in data.get("life_events") or []
        )
        return cls(tuple(topics), events)

    def get(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def label(self, topic_id: str) -> str:
        found = self.get(topic_id)
        return found.label if found is not None else topic_id

    def classify(self, doc: ServiceDocument) -> str:
        """The domain id whose words best match the service (``other`` when none does)."""
        texts = {
            "category": doc.category,
            "title": doc.title,
            "keywords": " ".join(doc.keywords),
            "agency": doc.agency,
        }
        padded = {name: " " + label_key(text) for name, text in texts.items()}
        best, best_score = OTHER, 0
        for topic in self.topics:
            score = sum(
                weight
                for name, weight in _WEIGHTS
                for word in topic.words
                if " " + word in padded[name]
            )
            if score > best_score:
                best, best_score = topic.id, score
        return best


@cache
def default_taxonomy() -> Taxonomy:
    source = resources.files("indexer") / "data" / "topics.yaml"
    return Taxonomy.parse(yaml.safe_load(source.read_text(encoding="utf-8")))
