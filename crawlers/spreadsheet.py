"""Addresses in a downloaded catalogue: a «شناسنامه خدمات» published only as a CSV, an
Excel (.xlsx) or a Word (.docx) file.

Agencies are asked to publish their service identity cards (شناسنامه خدمات: شناسه خدمت,
عنوان, نوع, نشانی صفحه خدمت) on their portals, and many do it as a spreadsheet to download.
Each row's page is then the only way in to a service. A workbook is a zip of XML parts:
it is read with openpyxl, but only after its parts are checked against a size bound (a small
download may unpack to gigabytes), and only its cells' text and hyperlinks are taken.

It is read in Scrapy's reactor thread, so what it costs is bounded as the PDF reader's is
(:mod:`crawlers.pdfcatalogue`). Red team round 13: a 35 KB workbook unpacking to 9 MB of
one-character cells, under the size bound, held the crawl 11 s and 370 MB in openpyxl's full
mode. It is read in openpyxl's read-only (streaming) mode, one row at a time, within bounds on
the rows, the cells and the characters read and on the time spent: its bytes stop coming after
:data:`MAX_SECONDS` (:class:`_Timed`), even inside one enormous row. A workbook cut short by
them says so (:attr:`Workbook.cut_short`): what it lists past the cut was not seen. Streaming
cannot tie a hyperlink to its cell, so a sheet's hyperlinks (its relationships) follow the
addresses in its cells' text.

A Word document is a zip of XML parts too (OOXML, ECMA-376): each linked title is a
``<w:hyperlink r:id="rId12">`` in ``word/document.xml`` whose target is the relationship
``rId12`` of ``word/_rels/document.xml.rels`` (``TargetMode="External"``), or an older
``HYPERLINK "…"`` field. Only those two parts are read, after the same size check, with the
untrusted-XML parser of :mod:`crawlers.xmlcatalogue` (no DTD, no entities).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import time
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook

from crawlers import xmlcatalogue

_XLSX_TYPE = "spreadsheetml"
_DOCX_TYPE = "wordprocessingml"
_DOCUMENT = "word/document.xml"
_RELATIONSHIPS = "word/_rels/document.xml.rels"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_FIELD = re.compile(r'HYPERLINK\s+"([^"\s]{1,500})"')
MAX_UNPACKED_BYTES = 32 * 1024 * 1024  # a catalogue of thousands of rows is a few MB
MAX_ROWS = 5000
MAX_SHEETS = 10
MAX_COLUMNS = 50  # cells of a row read (a catalogue has a handful of columns)
MAX_CELLS = 100_000  # cells read in one workbook (5,000 rows of 20)
MAX_CHARS = 4_000_000  # characters of cell text read in one workbook
MAX_SECONDS = 2.0  # spent on one workbook, however it is spent
_SHEET_RELATIONSHIPS = re.compile(r"xl/worksheets/_rels/[^/]+\.rels")


def is_address(text: str) -> bool:
    """A cell holding a page's address (``http(s)://…`` or a ``/path``), not prose."""
    return text.startswith(("http://", "https://", "/")) and " " not in text


def csv_addresses(text: str) -> list[str]:
    """The addresses in a CSV file's cells («نشانی»: a service's page), in row order."""
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    cells = (cell.strip() for row in itertools.islice(rows, 2000) for cell in row)
    return [cell for cell in cells if is_address(cell)]


def is_workbook(content_type: str, disposition: str, path: str, body: bytes) -> bool:
    """An .xlsx download, by its type, its offered file name, its path, or its zip parts."""
    named = (content_type + " " + disposition + " " + path).lower()
    if _XLSX_TYPE in named or ".xlsx" in named:
        return True
    return body[:2] == b"PK" and b"xl/workbook.xml" in body[:65536]


@dataclass(frozen=True)
class Workbook:
    addresses: list[str] = field(default_factory=list)
    cut_short: str = ""  # why the workbook was not read to its end ("" when it was)


class _OutOfTime(Exception):
    """The workbook's time (:data:`MAX_SECONDS`) is spent."""


class _Timed(io.BytesIO):
    """A workbook's bytes that are refused past a deadline. openpyxl unpacks each part from
    them as it parses, a few kilobytes at a time, so a part whose XML costs too much (one row
    of a million cells, a bloated shared-strings table) stops within the workbook's time."""

    def __init__(self, body: bytes, deadline: float) -> None:
        super().__init__(body)
        self.deadline = deadline

    def read(self, size: int | None = -1) -> bytes:
        if time.monotonic() > self.deadline:
            raise _OutOfTime
        return super().read(size)


def addresses(body: bytes) -> list[str]:
    """The addresses of :func:`read`."""
    return read(body).addresses


def read(body: bytes, seconds: float = MAX_SECONDS) -> Workbook:
    """Every cell text that is an address (``http(s)://…`` or a ``/path``), sheet by sheet,
    then the sheets' hyperlinks, and why the reading stopped short of the end if it did;
    nothing from a workbook that is not one or unpacks too big. ``seconds``: the time it may
    take (tests of the other bounds give more, so a loaded machine cannot change what they
    read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            if not _small(package):
                return Workbook()
            links = _hyperlinks(package)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return Workbook()
    found: list[str] = []
    deadline = time.monotonic() + seconds
    overtime = f"{seconds:.0f} s spent on it"
    try:
        book = load_workbook(_Timed(body, deadline), read_only=True, data_only=True)
    except _OutOfTime:
        # openpyxl scans a sheet without a ``<dimension>`` for one as it opens the workbook
        return _done(found, links, overtime)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, TypeError, EOFError):
        return Workbook()
    try:
        why = _read_cells(book.worksheets[:MAX_SHEETS], found, deadline)
    except _OutOfTime:
        why = overtime
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, TypeError, EOFError):
        why = ""  # a broken sheet: what was read before it stands
    finally:
        book.close()
    return _done(found, links, why)


def _read_cells(sheets: list[Any], found: list[str], deadline: float) -> str:
    """Append the address cells of ``sheets`` to ``found``, row by row; why the reading
    stopped short of their end ("" when it did not)."""
    cells = chars = 0
    for number, sheet in enumerate(sheets, 1):
        sheet.reset_dimensions()  # a declared size (A1:XFD1048576) is no promise of cells
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        for count, row in enumerate(rows, 1):
            if count > MAX_ROWS:
                return f"sheet {number} has more than {MAX_ROWS} rows"
            if time.monotonic() > deadline:
                raise _OutOfTime  # however the time went: opening, parsing, this loop
            texts = [value.strip() for value in row if isinstance(value, str)]
            cells += sum(value is not None for value in row)
            chars += sum(len(text) for text in texts)
            found += [text for text in texts if is_address(text)]
            if cells > MAX_CELLS or chars > MAX_CHARS:
                return f"more than {MAX_CELLS} cells or {MAX_CHARS} characters by sheet {number}"
    return ""


def _hyperlinks(package: zipfile.ZipFile) -> list[str]:
    """The targets of the worksheets' hyperlink relationships, part by part; a part over the
    untrusted-XML parser's size bound is not unpacked."""
    found: list[str] = []
    parts = [i for i in package.infolist() if _SHEET_RELATIONSHIPS.fullmatch(i.filename)]
    for info in parts[:MAX_SHEETS]:
        if info.file_size > xmlcatalogue.MAX_BYTES:
            continue
        rels = xmlcatalogue.parse(package.read(info))
        for relation in rels.iter() if rels is not None else ():
            if relation.get("Type") == _HYPERLINK and relation.get("Target"):
                found.append(relation.get("Target", "").strip())
    return found


def _done(found: list[str], links: list[str], why: str) -> Workbook:
    """The workbook's addresses, cells' before hyperlinks', each once and at most two a row
    (an address and a hyperlink): what follows from it stays within a catalogue's size."""
    unique = list(dict.fromkeys([*found, *links]))[: MAX_ROWS * 2]
    return Workbook(unique, f"cut short: {why}" if why else "")


def _small(package: zipfile.ZipFile) -> bool:
    """A package that unpacks within :data:`MAX_UNPACKED_BYTES`, by the sizes its directory
    declares (zipfile reads a member no further than its declared size)."""
    return sum(info.file_size for info in package.infolist()) <= MAX_UNPACKED_BYTES


def is_document(content_type: str, disposition: str, path: str, body: bytes) -> bool:
    """A .docx download, by its type, its offered file name, its path, or its zip parts."""
    named = (content_type + " " + disposition + " " + path).lower()
    if _DOCX_TYPE in named or ".docx" in named:
        return True
    return body[:2] == b"PK" and _DOCUMENT.encode() in body[:65536]


def document_addresses(body: bytes) -> list[str]:
    """The targets of a Word document's hyperlinks, in the order its text shows them, then
    its other hyperlink relationships; nothing from a file that is no .docx or unpacks too
    big."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            if not _small(package):
                return []
            document = xmlcatalogue.parse(package.read(_DOCUMENT))
            names = package.namelist()
            rels = None
            if _RELATIONSHIPS in names:
                rels = xmlcatalogue.parse(package.read(_RELATIONSHIPS))
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return []
    targets = {}
    for relation in rels.iter() if rels is not None else ():
        if relation.get("Type") == _HYPERLINK and relation.get("Id") and relation.get("Target"):
            targets[relation.get("Id")] = relation.get("Target", "").strip()
    found: list[str] = []
    if document is not None:
        for element in document.iter(_W + "hyperlink", _W + "instrText"):
            if element.tag == _W + "instrText":
                found += _FIELD.findall(element.text or "")
            elif element.get(_R_ID) in targets:
                found.append(targets[element.get(_R_ID, "")])
    found += list(targets.values())
    return list(dict.fromkeys(t for t in found if t))[:MAX_ROWS]
