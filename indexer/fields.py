"""One vocabulary for a service's details: documents, fee, duration, channel, ...

Portals label the same detail in many ways and registration recipes name their
fields freely, so nothing could show «the fee» of every service alike. The
mapping is data (``indexer/data/fields.yaml``): the crawler applies it when it
normalises an item, and readers apply it again so documents indexed before the
vocabulary existed still display (mapping is idempotent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from indexer.normalize import normalize

Channel = Literal["online", "in_person", "both"]

_ZWNJ = "\u200c"
_TRIM = re.compile(r"[\s:：.\-–—]+$")


def label_key(label: str) -> str:
    """Matching form of a label: normalised, half-spaces as spaces, lower case, no colon."""
    text = normalize(label).replace(_ZWNJ, " ").replace("_", " ").lower()
    return _TRIM.sub("", " ".join(text.split()))


@dataclass(frozen=True)
class FieldVocabulary:
    """The documented field names, their Persian labels and the aliases that map to them."""

    labels: dict[str, str]  # name -> Persian label, in display order
    aliases: dict[str, str]  # label_key(alias) -> name
    online_words: tuple[str, ...]
    in_person_words: tuple[str, ...]

    @classmethod
    def parse(cls, data: Any, source: str = "fields.yaml") -> FieldVocabulary:
        """Refuses a malformed table with a message naming the file and the entry."""
        if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
            raise ValueError(f"{source}: needs a `fields:` mapping")
        labels: dict[str, str] = {}
        aliases: dict[str, str] = {}
        for name, entry in data["fields"].items():
            if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
                raise ValueError(f"{source}: field {name!r} needs a `label`")
            labels[str(name)] = entry["label"]
            for alias in [name, *(entry.get("aliases") or [])]:
                key = label_key(str(alias))
                if aliases.get(key, name) != name:
                    raise ValueError(f"{source}: alias {alias!r} names two fields")
                aliases[key] = str(name)
        words = data.get("channel_words") or {}
        return cls(
            labels=labels,
            aliases=aliases,
            online_words=tuple(label_key(w) for w in words.get("online", [])),
            in_person_words=tuple(label_key(w) for w in words.get("in_person", [])),
        )

    def name_of(self, label: str) -> str:
        """The vocabulary name of a label, or the label itself when nothing matches.

        Exact match first, then the longest alias the label starts with at a word
        boundary («مدارک مورد نیاز برای نقل و انتقال» → documents).
        """
        key = label_key(label)
        if key in self.aliases:
            return self.aliases[key]
        best = ""
        for alias in self.aliases:
            if len(alias) > len(best) and key.startswith(alias + " "):
                best = alias
        return self.aliases[best] if best else label

    def canonical(self, fields: dict[str, str]) -> dict[str, str]:
        """Fields under their vocabulary names; two labels of one name keep the first."""
        out: dict[str, str] = {}
        for label, value in fields.items():
            out.setdefault(self.name_of(label), value)
        return out

    def channel(self, fields: dict[str, str], text: str = "") -> Channel | None:
        """Online, in person or both: from the channel field, else from the service's text."""
        source = fields.get("channel") or text
        folded = label_key(source)
        online = any(w in folded for w in self.online_words)
        for word in self.online_words:  # «غیرحضوری» must not count as «حضوری»
            folded = folded.replace(word, " ")
        in_person = any(w in folded for w in self.in_person_words)
        if online and in_person:
            return "both"
        if online:
            return "online"
        if in_person:
            return "in_person"
        return None


@cache
def default_vocabulary() -> FieldVocabulary:
    source = resources.files("indexer") / "data" / "fields.yaml"
    return FieldVocabulary.parse(yaml.safe_load(source.read_text(encoding="utf-8")))
