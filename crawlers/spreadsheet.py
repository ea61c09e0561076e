"""Addresses in a downloaded catalogue: a «شناسنامه خدمات» published only as a CSV, an
Excel (.xlsx) or a Word (.docx) file.

Agencies are asked to publish their service identity cards (شناسنامه خدمات: شناسه خدمت,
عنوان, نوع, نشانی صفحه خدمت) on their portals, and many do it as a spreadsheet to download.
Each row's page is then the only way in to a service. A workbook is a zip of XML parts:
it is read with openpyxl, but only after its parts are checked against a size bound (a small
download may unpack to gigabytes), and only its cells' text and hyperlinks are taken.

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
import zipfile

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


def addresses(body: bytes) -> list[str]:
    """Every cell text that is an address (``http(s)://…`` or a ``/path``) and every cell's
    hyperlink, in sheet order; nothing from a workbook that is not one or unpacks too big."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            if not _small(package):
                return []
        book = load_workbook(io.BytesIO(body), data_only=True)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, TypeError):
        return []
    found: list[str] = []
    for sheet in book.worksheets[:MAX_SHEETS]:
        for row in itertools.islice(sheet.iter_rows(), MAX_ROWS):
            for cell in row:
                link = getattr(cell, "hyperlink", None)
                if link is not None and link.target:
                    found.append(str(link.target).strip())
                if isinstance(cell.value, str) and is_address(cell.value.strip()):
                    found.append(cell.value.strip())
    book.close()
    return list(dict.fromkeys(found))


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
