"""Addresses read from a «شناسنامه خدمات» workbook, and the workbooks that are refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from crawl_helpers import FAST, crawl, html, serve
from openpyxl import Workbook

from crawlers.spreadsheet import (
    MAX_CELLS,
    MAX_CHARS,
    MAX_ROWS,
    MAX_SECONDS,
    MAX_UNPACKED_BYTES,
    addresses,
    is_workbook,
    read,
)
from crawlers.strategies.auto import MAX_WORKBOOKS
from registry.registration import Registration
from registry.reports import CrawlStatus


def _book(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_cell_addresses_then_hyperlinks_are_read_in_sheet_order() -> None:
    """Read streaming (red team round 13), a sheet's hyperlinks come after its cells' text."""
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
    assert addresses(data.getvalue()) == ["https://x.ir/fa/s/1", "/fa/s/3", "https://x.ir/fa/s/2"]


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


def _raw_book(rows: str, *, dimension: bool = True) -> bytes:
    """A minimal workbook whose one sheet's ``<sheetData>`` is ``rows``, packed tight: the
    small download a hostile portal serves (red team round 13)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
            '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats'
            '-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        # a <dimension> first, as Excel writes it: without one openpyxl scans the whole sheet
        # for it as it opens the workbook (within the time bound too)
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}">'
        + ('<dimension ref="A1"/>' if dimension else "")
        + f"<sheetData>{rows}</sheetData></worksheet>",
    }
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return data.getvalue()


def _address_row(number: int, address: str) -> str:
    return f'<row r="{number}"><c t="inlineStr"><is><t>{address}</t></is></c></row>'


def test_a_workbook_of_too_many_cells_is_cut_short_and_says_so() -> None:
    """Red team round 13: a 35 KB workbook of 550,000 one-character cells, under the size
    bound, was read whole. It is read up to the cell bound; what came before the cut stands."""
    filler = "".join(f'<row r="{r}">' + "<c><v>1</v></c>" * 48 + "</row>" for r in range(2, 2200))
    body = _raw_book(_address_row(1, "/fa/s/1") + filler)
    assert len(body) < 100_000 < MAX_UNPACKED_BYTES
    workbook = read(body, seconds=600)
    assert workbook.addresses == ["/fa/s/1"]
    assert workbook.cut_short == (
        f"cut short: more than {MAX_CELLS} cells or {MAX_CHARS} characters by sheet 1"
    )


def test_a_workbook_of_too_much_text_is_cut_short_and_says_so() -> None:
    rows = "".join(_address_row(r, f"/fa/s/{r}?" + "x" * 10_000) for r in range(1, 500))
    workbook = read(_raw_book(rows), seconds=600)
    assert 390 < len(workbook.addresses) < 410
    assert workbook.cut_short == (
        f"cut short: more than {MAX_CELLS} cells or {MAX_CHARS} characters by sheet 1"
    )


def test_a_workbook_of_too_many_rows_is_cut_short_and_says_so() -> None:
    rows = "".join(_address_row(r, f"/fa/s/{r}") for r in range(1, MAX_ROWS + 2))
    workbook = read(_raw_book(rows), seconds=600)
    assert workbook.addresses == [f"/fa/s/{r}" for r in range(1, MAX_ROWS + 1)]
    assert workbook.cut_short == f"cut short: sheet 1 has more than {MAX_ROWS} rows"


def test_one_endless_row_is_cut_short_by_the_time_bound() -> None:
    """A single row of millions of empty cells is parsed whole before openpyxl yields it: its
    bytes stop coming after the workbook's time, and the report hears why."""
    workbook = read(_raw_book('<row r="1">' + "<c/>" * 7_000_000 + "</row>"))
    assert workbook.addresses == []
    assert workbook.cut_short == f"cut short: {MAX_SECONDS:.0f} s spent on it"


def test_a_catalogue_workbook_within_the_bounds_is_not_cut_short() -> None:
    book = _book([["عنوان", "نشانی"]] + [[f"خدمت {n}", f"/fa/s/{n}"] for n in range(1, 3001)])
    workbook = read(book, seconds=600)
    assert len(workbook.addresses) == 3000 and workbook.cut_short == ""


def test_a_sheet_without_its_dimension_is_cut_short() -> None:
    """The red team's own file: no ``<dimension>``, so opening it scans its 550,000 cells."""
    filler = "".join(f'<row r="{r}">' + "<c><v>1</v></c>" * 100 + "</row>" for r in range(5500))
    workbook = read(_raw_book(filler, dimension=False))
    assert workbook.cut_short == f"cut short: {MAX_SECONDS:.0f} s spent on it"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_workbooks_from_a_download_handler_are_capped_and_cut_short_in_the_report(
    tmp_path: Path,
) -> None:
    """Red team round 13: six ``/download.php?file=N`` answering workbooks were all read (the
    cap counted only links ending in .xlsx), each whole, and the report said nothing. Five
    are read now, each within its bounds; the report says they were cut short and the crawl
    is partial, the sixth is a rejected page."""
    filler = "".join(f'<row r="{r}"><c><v>1</v></c></row>' for r in range(2, MAX_ROWS + 2))
    title = "صدور پروانه کسب"
    pages = {
        "/": html(
            "<html><head><title>اداره آزمایشی</title></head><body><h1>اداره آزمایشی</h1>"
            + "".join(
                f'<p><a href="/download.php?file={n}">شناسنامه خدمات {n}</a></p>' for n in range(6)
            )
            + "</body></html>"
        )
    }
    for n in range(6):
        book = _raw_book(_address_row(1, f"/fa/from-book/{n}") + filler)
        pages[f"/download.php?file={n}"] = (200, {"Content-Type": XLSX}, book)
        pages[f"/fa/from-book/{n}"] = html(
            f"<html><head><title>{title} {n}</title></head><body><h1>{title} {n}</h1>"
            f"<p>شرح کامل {title} و مدارک لازم برای دریافت آن.</p></body></html>"
        )
    with serve(pages) as site:
        registration = Registration.parse(
            {"id": "rt13xlsx", "agency": "اداره آزمایشی", "homepage": site.origin + "/"}
            | {"strategy": "auto"}
        )
        [report] = crawl([registration], tmp_path, overrides=FAST)
    assert len([p for p in site.requests if p.startswith("/download.php")]) == 6
    assert len([p for p in site.requests if p.startswith("/fa/from-book/")]) == MAX_WORKBOOKS
    assert report.errors["catalogue_cut_short"] == MAX_WORKBOOKS, report.summary()
    # by its rows, or by its time on a machine too loaded to read them within it
    cut = (f"more than {MAX_ROWS} rows", f"{MAX_SECONDS:.0f} s spent on it")
    assert any(
        "/download.php?file=" in line and any(why in line for why in cut)
        for line in report.error_samples
    ), report.error_samples
    assert report.rejected[f"workbook over the {MAX_WORKBOOKS} a crawl reads"] == 1
    assert report.status is CrawlStatus.PARTIAL, report.summary()
