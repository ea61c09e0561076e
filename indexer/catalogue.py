"""Reading an agency's declared service catalogue (CSV or JSON) into checked rows.

Every problem is collected with its line number before anything is stored, so
a file with one bad row is refused as a whole and the catalogue in force stays.
Columns (CSV header / JSON keys): ``title`` (required), ``service_id`` and
``url`` (optional); the Persian headers «عنوان», «شناسه» and «نشانی» work too.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from indexer.documents import canonical_url
from indexer.normalize import normalize
from indexer.records import DeclaredService

MAX_BYTES = 2_000_000
MAX_ROWS = 5000
MAX_TITLE = 300
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
    """The file was refused; ``problems`` lists (line, message) pairs, line 0 = whole file."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"line {n}: {msg}" if n else msg for n, msg in problems[:20]))


def parse_catalogue(data: bytes, fmt: str) -> list[DeclaredService]:
    """Check and normalise a catalogue file; :class:`CatalogueError` names every bad line."""
    if len(data) > MAX_BYTES:
        raise CatalogueError([(0, f"file is larger than {MAX_BYTES // 1_000_000} MB")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueError([(0, f"file is not UTF-8 text (byte {exc.start})")]) from exc
    if fmt == "csv":
        records = _csv_records(text)
    elif fmt == "json":
        records = _json_records(text)
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
            problems.append((line, f"duplicate of line {seen[key]}"))
            continue
        seen[key] = line
        services.append(service)
    if problems:
        raise CatalogueError(problems)
    if not services:
        raise CatalogueError([(0, "the catalogue lists no services")])
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


def _json_records(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Items of a JSON array (or of ``{"services": [...]}``) with the line each starts on."""
    decoder = json.JSONDecoder()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError([(exc.lineno, f"not valid JSON: {exc.msg}")]) from exc
    if isinstance(document, dict) and isinstance(document.get("services"), list):
        pos = text.index("[", _key_end(text, decoder))
    elif isinstance(document, list):
        pos = text.index("[")
    else:
        raise CatalogueError([(1, 'expected a JSON list of services or {"services": [...]}')])
    pos += 1
    while True:
        pos = _skip(text, pos)
        if text[pos] == "]":
            return
        item, end = decoder.raw_decode(text, pos)
        line = text.count("\n", 0, pos) + 1
        if isinstance(item, dict):
            yield line, item
        else:
            yield line, "each service must be a JSON object"
        pos = _skip(text, end)
        if text[pos] == ",":
            pos += 1


def _key_end(text: str, decoder: json.JSONDecoder) -> int:
    """Position just after the ``"services"`` key of the top-level object."""
    pos = text.index("{") + 1
    while True:
        key, pos = decoder.raw_decode(text, _skip(text, pos))
        pos = _skip(text, pos) + 1  # the colon
        if key == "services":
            return pos
        _value, pos = decoder.raw_decode(text, _skip(text, pos))
        pos = _skip(text, pos) + 1  # the comma


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos
