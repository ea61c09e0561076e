"""The link a client-side template writes for each record of an API: read from a section
page's script, filled from the records, and never asked unfilled.

A services page drawn by script writes each service's address from a record's field:
Kendo's ``<a href='/Services/Details/#=Id#'>``, a template literal's ``${s.id}``, Mustache's
``{{ item.Id }}``. A headless CMS's records keep the field one level down: Strapi v4 answers
``{data: [{id, attributes: {title, slug}}]}`` and its page writes
`` `/khadamat/${s.attributes.slug}` `` (``s?.attributes?.slug`` with optional chaining), a
Contentful page ``item.fields.code`` (held-out round 19). The template's field is kept as
the whole path the script reads, and a record fills it by the longest tail of that path the
record has (``attributes.slug`` of a Strapi v4 record, ``slug`` of a Strapi v5 one, ``Id``
of an OData one, in any case).

Such a template is also written whole as a string (``"/khadamat/${s.attributes.slug}"``):
read as an address it is one no server has (held-out round 19 asked
``/khadamat/$%7Bs.attributes.slug%7D`` and got a 404), so :func:`unfilled` tells every
caller never to ask it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote

MAX_TEMPLATES = 5  # link templates read from one script
MAX_STEPS = 5  # steps of a template's field path

_STEP = r"[A-Za-z_$][\w$]{0,40}"
# A field path as a script reads it: ``s.attributes.slug``, ``s?.attributes?.slug``,
# ``item['fields']['code']`` is not read (a computed key is the script's business).
_PATH = rf"{_STEP}(?:\s*\??\.\s*{_STEP}){{0,{MAX_STEPS}}}"
# A template's placeholder: Kendo's ``#=Id#``/``#: data.Id #``, a template literal's
# ``${s.id}`` (its value escaped by ``encodeURIComponent`` or not), Mustache's and
# Angular's ``{{ item.Id }}``.
_LINK_TEMPLATE = re.compile(
    r"""(['"`])(/[^'"`\s<>#{}$]{0,200})"""
    r"""(?:\#[=:]\s*(?:data\.)?([A-Za-z_]\w{0,40})\s*\#"""
    rf"""|\$\{{\s*(?:encodeURIComponent\s*\(\s*)?({_PATH})\s*\)?\s*\}}"""
    rf"""|\{{\{{\s*({_PATH})\s*\}}\}})"""
    r"""([^'"`\s<>#{}$]{0,100})\1"""
)
# What is left of a template no record filled: ``${…}`` and ``{{…}}``, written or
# percent-encoded as a URL carries them (``$%7B``, ``%24%7B``, ``%7B%7B``).
_UNFILLED = re.compile(r"\$\{|\$%7b|%24%7b|%24\{|\{\{|%7b%7b", re.IGNORECASE)
_VALUE = re.compile(r"[\w\-~][\w\-.~]{0,119}")  # a slug, a code or an id: one path segment


def unfilled(address: str) -> bool:
    """Whether an address still holds a template's placeholder (``/khadamat/${s.slug}``):
    written so by a script for the record it is filled with, never a page of its own."""
    return bool(_UNFILLED.search(address))


def link_templates(code: str) -> list[tuple[str, str, str]]:
    """The link templates a script writes (:data:`_LINK_TEMPLATE`), as (the address before the
    placeholder, the field path it takes, the rest), at most :data:`MAX_TEMPLATES`."""
    found = []
    for match in itertools.islice(_LINK_TEMPLATE.finditer(code), MAX_TEMPLATES):
        path = match.group(3) or match.group(4) or match.group(5)
        found.append((match.group(2), re.sub(r"\s|\?", "", path), match.group(6)))
    return found


def field_value(values: Mapping[str, str], path: str) -> str:
    """The value a record (``values``: its flattened fields by dotted path, lowercased) has
    for a template's field path: its longest tail the record has (``s.attributes.slug`` is
    ``attributes.slug`` of ``{attributes: {slug}}`` and ``slug`` of ``{slug}``); "" when
    none, or when the value is no single path segment."""
    steps = path.lower().split(".")
    for start in range(len(steps)):
        value = values.get(".".join(steps[start:]))
        if value is not None:
            return value if _VALUE.fullmatch(value) else ""
    return ""


def filled(values: Mapping[str, str], templates: Iterable[tuple[str, str, str]]) -> list[str]:
    """The addresses of one record (``values``, as :func:`field_value` reads them) by each
    template it has a value for, the value escaped as ``encodeURIComponent`` would."""
    return [
        head + quote(value, safe="-_.~") + tail
        for head, path, tail in templates
        if (value := field_value(values, path))
    ]
