"""YAML that people edit (the synonyms list, portal registrations), read strictly.

Plain YAML keeps the last of a key given twice, silently: a maintainer adding «قبض برق»
under ``expand`` a second time would drop the first entry's alternatives, and a
registration with ``id: a`` then ``id: b`` would register ``b`` without a word.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["read_yaml"]


class _UniqueKeyLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise ValueError(f"{key!r} is listed twice (lines {seen[key]} and {line})")
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def read_yaml(text: str, source: str = "") -> Any:
    """The document in ``text``; ValueError (naming ``source``, when given) for a key given
    twice. The loader's own errors, ``yaml.YAMLError``, pass through."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader
    except ValueError as error:
        raise ValueError(f"{source}: {error}" if source else str(error)) from None
