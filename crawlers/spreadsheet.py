"""Addresses in a downloaded catalogue: a «شناسنامه خدمات» published only as a CSV or an
Excel (.xlsx) file.

Agencies are asked to publish their service identity cards (شناسنامه خدمات: شناسه خدمت,
عنوان, نوع, نشانی صفحه خدمت) on their portals, and many do it as a spreadsheet to download.
Each row's page is then the only way in to a service. A workbook is a zip of XML parts:
it is read with openpyxl, but only after its parts are checked against a size bound (a small
download may unpack to gigabytes), and only its cells' text and hyperlinks are taken.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile

from openpyxl import load_workbook

_XLSX_TYPE = "spreadsheetml"
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
            if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED_BYTES:
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
