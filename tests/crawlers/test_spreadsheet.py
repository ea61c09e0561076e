"""Addresses read from a «شناسنامه خدمات» workbook, and the workbooks that are refused."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from crawlers.spreadsheet import MAX_UNPACKED_BYTES, addresses, is_workbook


def _book(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_cell_addresses_and_hyperlinks_are_read_in_sheet_order() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["عنوان", "نشانی"])
    sheet.append(["صدور پروانه", "https://x.ir/fa/s/1"])
    sheet.append(["تمدید پروانه", "مشاهده"])
    sheet.cell(row=3, column=2).hyperlink = "https://x.ir/fa/s/2"
    sheet.append(["استعلام", "/fa/s/3"])
    sheet.append(["یادداشت", "برای اطلاعات بیشتر به /fa/help مراجعه کنید"])  # prose, no address
    data = io.BytesIO()
    book.save(data)
    assert addresses(data.getvalue()) == ["https://x.ir/fa/s/1", "https://x.ir/fa/s/2", "/fa/s/3"]


def test_a_workbook_that_unpacks_too_big_or_is_no_workbook_gives_nothing() -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", b"\0" * (MAX_UNPACKED_BYTES + 1))
    assert len(bomb.getvalue()) < 1_000_000  # a small download...
    assert addresses(bomb.getvalue()) == []  # ...never unpacked
    assert addresses(b"PK\x03\x04 not really a zip") == []
    assert addresses("<html>شناسنامه خدمات</html>".encode()) == []


def test_a_workbook_is_told_by_its_type_its_name_or_its_parts() -> None:
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert is_workbook(kind, "", "/DownloadFile.ashx", b"")
    assert is_workbook("application/octet-stream", 'attachment; filename="s.xlsx"', "/d", b"")
    assert is_workbook("application/octet-stream", "", "/d", _book([["a"]]))
    assert not is_workbook("text/html", "", "/fa/page/shenasname", b"<html></html>")
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    assert not is_workbook("application/octet-stream", "", "/d", docx.getvalue())
