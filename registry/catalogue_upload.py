"""Reading an agency's declared service catalogue (CSV or JSON) into checked rows.

Every problem is collected with where it is before anything is stored, so a
file with one bad row is refused as a whole and the catalogue in force stays.
Columns (CSV header / JSON keys): ``title`` (required), ``service_id`` and
``url`` (optional); the Persian headers «عنوان», «شناسه» and «نشانی» work too.

A CSV row is placed by its line in the file; a JSON service by its position
in the list (item 1, 2, ...), because JSON is often sent on one line
(minified), where every service would share line 1.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from indexer.documents import canonical_url
from indexer.normalize import normalize
from registry.records import DeclaredService

MAX_BYTES = 2_000_000
MAX_ROWS = 5000
MAX_TITLE = 300
MAX_JSON_DEPTH = 8  # a list of services, each an object of strings: 2 levels are enough
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")
_ALIASES = {
    "title": "title",
    "عنوان": "title",
    "عنوان خدمت": "title",
    "service_id": "service_id",
    "id": "service_id",
    "شناسه": "service_id",
    "شناسه خدمت": "service_id",
    "url": "url",
    "نشانی": "url",
    "آدرس": "url",
}


class CatalogueError(ValueError):
    """The file was refused; ``problems`` lists (number, message) pairs, 0 = whole file.

    ``unit`` says what the numbers count: ``"line"`` (CSV lines) or ``"item"``
    (services of a JSON list, 1-based).
    """

    def __init__(self, problems: list[tuple[int, str]], unit: str = "line") -> None:
        self.problems = problems
        self.unit = unit
        super().__init__("; ".join(f"{unit} {n}: {msg}" if n else msg for n, msg in problems[:20]))


def parse_catalogue(data: bytes, fmt: str) -> list[DeclaredService]:
    """Check and normalise a catalogue file; :class:`CatalogueError` names every bad line."""
    if len(data) > MAX_BYTES:
        raise CatalogueError([(0, f"file is larger than {MAX_BYTES // 1_000_000} MB")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueError([(0, f"file is not UTF-8 text (byte {exc.start})")]) from exc
    if fmt == "csv":
        records, unit = _csv_records(text), "line"
    elif fmt == "json":
        records, unit = _json_records(text), "item"
    else:
        raise CatalogueError([(0, f"unknown format {fmt!r}: use csv or json")])
    services: list[DeclaredService] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for line, record in records:
        if len(services) + len(problems) >= MAX_ROWS:
            problems.append((line, f"more than {MAX_ROWS} services"))
            break
        if isinstance(record, str):  # the row could not even be read as a record
            problems.append((line, record))
            continue
        try:
            service = _service(line, record)
        except ValueError as exc:
            problems.append((line, str(exc)))
            continue
        key = (service.title, service.url)
        if key in seen:
            problems.append((line, f"duplicate of {unit} {seen[key]}"))
            continue
        seen[key] = line
        services.append(service)
    if problems:
        raise CatalogueError(problems, unit)
    if not services:
        raise CatalogueError([(0, "the catalogue lists no services")], unit)
    return services


def _service(line: int, record: Mapping[str, Any]) -> DeclaredService:
    fields: dict[str, str] = {}
    for key, value in record.items():
        name = _ALIASES.get(normalize(str(key)).strip().lower())
        if name is None:
            raise ValueError(f"unknown column {key!r} (use title, service_id, url)")
        if value is not None and not isinstance(value, str | int):
            raise ValueError(f"{name} must be text")
        fields[name] = "" if value is None else str(value).strip()
    title = normalize(fields.get("title", "")).strip()
    if not title:
        raise ValueError("title is missing")
    if len(title) > MAX_TITLE:
        raise ValueError(f"title is longer than {MAX_TITLE} characters")
    service_id = fields.get("service_id", "")
    if len(service_id) > 64:
        raise ValueError("service_id is longer than 64 characters")
    url = fields.get("url", "")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"url {url!r} is not an absolute http(s) URL")
        url = canonical_url(url)
    return DeclaredService(line=line, title=title, service_id=service_id, url=url)


def _csv_records(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CatalogueError([(1, f"not valid CSV: {exc}")]) from exc
    if not header or not any(h.strip() for h in header):
        raise CatalogueError([(1, "the first line must name the columns (title, service_id, url)")])
    names = [h.strip() for h in header]
    if "title" not in {_ALIASES.get(normalize(n).lower()) for n in names}:
        raise CatalogueError([(1, "there is no title column (title, service_id, url)")])
    start = reader.line_num + 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue  # blank lines are harmless
            if len(row) != len(names):
                yield line, f"has {len(row)} columns, the header has {len(names)}"
                continue
            yield line, dict(zip(names, row, strict=True))
    except csv.Error as exc:
        raise CatalogueError([(reader.line_num, f"not valid CSV: {exc}")]) from exc


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text`` (strings skipped), without parsing it.

    Checked before :func:`json.loads`, whose recursion a file nested 100,000 deep
    would exhaust (a server error instead of a refusal naming the problem).
    """
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _json_records(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Items of a JSON array (or of ``{"services": [...]}``), numbered by position from 1."""
    if (depth := json_depth(text)) > MAX_JSON_DEPTH:
        raise CatalogueError(
            [(0, f"JSON nested {depth} levels deep; a catalogue needs at most {MAX_JSON_DEPTH}")],
            "item",
        )
    try:
        document = json.loads(text)
    except RecursionError as exc:
        raise CatalogueError([(0, "JSON nested too deeply")], "item") from exc
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise CatalogueError([(0, f"not valid JSON: {exc.msg} ({where})")], "item") from exc
    if isinstance(document, dict) and isinstance(document.get("services"), list):
        items = document["services"]
    elif isinstance(document, list):
        items = document
    else:
        raise CatalogueError(
            [(0, 'expected a JSON list of services or {"services": [...]}')], "item"
        )
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            yield number, item
        else:
            yield number, "each service must be a JSON object"
