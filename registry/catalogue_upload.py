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
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from indexer.documents import canonical_url
from indexer.normalize import normalize
from registry.records import DeclaredService

MAX_BYTES = 2_000_000
MAX_ROWS = 5000
MAX_TITLE = 300
MAX_SERVICE_ID = 64
MAX_JSON_DEPTH = 8  # a list of services, each an object of strings: 2 levels are enough
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
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


class Said(NamedTuple):
    """One problem in the agency's language and in English (the API and the CLI give both;
    the dashboard shows the Persian)."""

    fa: str
    en: str


class CatalogueError(ValueError):
    """The file was refused; ``problems`` lists (number, English message) pairs and
    ``persian`` the same problems in Persian, 0 = whole file.

    ``unit`` says what the numbers count: ``"line"`` (CSV lines) or ``"item"``
    (services of a JSON list, 1-based).
    """

    def __init__(self, problems: list[tuple[int, Said]], unit: str = "line") -> None:
        self.problems = [(n, said.en) for n, said in problems]
        self.persian = [(n, said.fa) for n, said in problems]
        self.unit = unit
        super().__init__(
            "; ".join(f"{unit} {n}: {msg}" if n else msg for n, msg in self.problems[:20])
        )


class _BadRow(ValueError):
    def __init__(self, said: Said) -> None:
        self.said = said
        super().__init__(said.en)


def _fa(number: int) -> str:
    return str(number).translate(_PERSIAN_DIGITS)


def _place(unit: str) -> str:
    return "ردیف" if unit == "item" else "خط"


def parse_catalogue(data: bytes, fmt: str) -> list[DeclaredService]:
    """Check and normalise a catalogue file; :class:`CatalogueError` names every bad line."""
    if len(data) > MAX_BYTES:
        mb = MAX_BYTES // 1_000_000
        raise CatalogueError(
            [(0, Said(f"پرونده بزرگ‌تر از {_fa(mb)} مگابایت است.", f"file is larger than {mb} MB"))]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        said = Said(
            f"پرونده متن UTF-8 نیست (بایت {_fa(exc.start)}).",
            f"file is not UTF-8 text (byte {exc.start})",
        )
        raise CatalogueError([(0, said)]) from exc
    if fmt == "csv":
        records, unit = _csv_records(text), "line"
    elif fmt == "json":
        records, unit = _json_records(text), "item"
    else:
        said = Said(
            f"قالب «{fmt}» شناخته نیست؛ پرونده CSV یا JSON بفرستید.",
            f"unknown format {fmt!r}: use csv or json",
        )
        raise CatalogueError([(0, said)])
    services: list[DeclaredService] = []
    problems: list[tuple[int, Said]] = []
    seen: dict[tuple[str, str], int] = {}
    for line, record in records:
        if len(services) + len(problems) >= MAX_ROWS:
            said = Said(
                f"بیش از {_fa(MAX_ROWS)} خدمت؛ فهرست را کوتاه‌تر کنید.",
                f"more than {MAX_ROWS} services",
            )
            problems.append((line, said))
            break
        if isinstance(record, Said):  # the row could not even be read as a record
            problems.append((line, record))
            continue
        try:
            service = _service(line, record)
        except _BadRow as exc:
            problems.append((line, exc.said))
            continue
        key = (service.title, service.url)
        if key in seen:
            first = seen[key]
            said = Said(
                f"تکراری است؛ همان {_place(unit)} {_fa(first)}.", f"duplicate of {unit} {first}"
            )
            problems.append((line, said))
            continue
        seen[key] = line
        services.append(service)
    if problems:
        raise CatalogueError(problems, unit)
    if not services:
        said = Said("در پرونده هیچ خدمتی نیامده است.", "the catalogue lists no services")
        raise CatalogueError([(0, said)], unit)
    return services


def _service(line: int, record: Mapping[str, Any]) -> DeclaredService:
    fields: dict[str, str] = {}
    for key, value in record.items():
        name = _ALIASES.get(normalize(str(key)).strip().lower())
        if name is None:
            raise _BadRow(
                Said(
                    f"ستون «{key}» شناخته نیست (ستون‌ها: title، service_id، url).",
                    f"unknown column {key!r} (use title, service_id, url)",
                )
            )
        if value is not None and not isinstance(value, str | int):
            raise _BadRow(Said(f"مقدار {name} باید متن باشد.", f"{name} must be text"))
        fields[name] = "" if value is None else str(value).strip()
    title = normalize(fields.get("title", "")).strip()
    if not title:
        raise _BadRow(Said("عنوان خدمت نوشته نشده است.", "title is missing"))
    if len(title) > MAX_TITLE:
        raise _BadRow(
            Said(
                f"عنوان خدمت بیش از {_fa(MAX_TITLE)} نویسه است.",
                f"title is longer than {MAX_TITLE} characters",
            )
        )
    service_id = fields.get("service_id", "")
    if len(service_id) > MAX_SERVICE_ID:
        raise _BadRow(
            Said(
                f"شناسه خدمت بیش از {_fa(MAX_SERVICE_ID)} نویسه است.",
                f"service_id is longer than {MAX_SERVICE_ID} characters",
            )
        )
    url = fields.get("url", "")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _BadRow(
                Said(
                    f"نشانی «{url}» نشانی کامل http یا https نیست.",
                    f"url {url!r} is not an absolute http(s) URL",
                )
            )
        url = canonical_url(url)
    return DeclaredService(line=line, title=title, service_id=service_id, url=url)


def _not_csv(exc: csv.Error) -> Said:
    return Said(f"CSV درستی نیست: {exc}", f"not valid CSV: {exc}")


def _csv_records(text: str) -> Iterator[tuple[int, dict[str, Any] | Said]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CatalogueError([(1, _not_csv(exc))]) from exc
    if not header or not any(h.strip() for h in header):
        said = Said(
            "خط نخست باید نام ستون‌ها باشد (title، service_id، url).",
            "the first line must name the columns (title, service_id, url)",
        )
        raise CatalogueError([(1, said)])
    names = [h.strip() for h in header]
    if "title" not in {_ALIASES.get(normalize(n).lower()) for n in names}:
        said = Said(
            "ستون عنوان (title یا «عنوان») در خط نخست نیست.",
            "there is no title column (title, service_id, url)",
        )
        raise CatalogueError([(1, said)])
    start = reader.line_num + 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue  # blank lines are harmless
            if len(row) != len(names):
                yield (
                    line,
                    Said(
                        f"{_fa(len(row))} ستون دارد و خط نخست {_fa(len(names))} ستون.",
                        f"has {len(row)} columns, the header has {len(names)}",
                    ),
                )
                continue
            yield line, dict(zip(names, row, strict=True))
    except csv.Error as exc:
        raise CatalogueError([(reader.line_num, _not_csv(exc))]) from exc


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


def _json_records(text: str) -> Iterator[tuple[int, dict[str, Any] | Said]]:
    """Items of a JSON array (or of ``{"services": [...]}``), numbered by position from 1."""
    if (depth := json_depth(text)) > MAX_JSON_DEPTH:
        said = Said(
            f"JSON تا {_fa(depth)} لایه تودرتو است؛ فهرست خدمات بیش از "
            f"{_fa(MAX_JSON_DEPTH)} لایه ندارد.",
            f"JSON nested {depth} levels deep; a catalogue needs at most {MAX_JSON_DEPTH}",
        )
        raise CatalogueError([(0, said)], "item")
    try:
        document = json.loads(text)
    except RecursionError as exc:
        said = Said("JSON بیش از اندازه تودرتو است.", "JSON nested too deeply")
        raise CatalogueError([(0, said)], "item") from exc
    except json.JSONDecodeError as exc:
        said = Said(
            f"JSON درستی نیست (خط {_fa(exc.lineno)}، ستون {_fa(exc.colno)}).",
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
        )
        raise CatalogueError([(0, said)], "item") from exc
    if isinstance(document, dict) and isinstance(document.get("services"), list):
        items = document["services"]
    elif isinstance(document, list):
        items = document
    else:
        said = Said(
            'پرونده JSON باید فهرستی از خدمات یا {"services": [...]} باشد.',
            'expected a JSON list of services or {"services": [...]}',
        )
        raise CatalogueError([(0, said)], "item")
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            yield number, item
        else:
            yield (
                number,
                Said("هر خدمت باید یک شیء JSON باشد.", "each service must be a JSON object"),
            )
