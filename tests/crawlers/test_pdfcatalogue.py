"""Addresses read from a catalogue published as a PDF, and the PDFs that give none."""

from __future__ import annotations

import io

from crawl_helpers import written_pdf
from pypdf import PdfWriter
from pypdf.annotations import Link

from crawlers.pdfcatalogue import MAX_BYTES, addresses, is_pdf


def _linked(uris: list[str], *, to_page: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    for number, uri in enumerate(uris):
        writer.add_annotation(number % 2, Link(rect=(50, 700 - number * 30, 540, 720), url=uri))
    if to_page:  # a table of contents' link to another page of the file: no address
        writer.add_annotation(0, Link(rect=(50, 100, 540, 120), target_page_index=1))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _printed(text: str) -> bytes:
    """A hand-written one-page PDF showing ``text`` and linking nothing."""
    stream = f"BT /F1 11 Tf 60 750 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return written_pdf(objects)


def test_link_annotations_are_read_page_after_page() -> None:
    uris = ["https://x.ir/fa/service/1", "https://x.ir/fa/service/2", "/fa/service/3"]
    assert addresses(_linked(uris, to_page=True)) == [uris[0], uris[2], uris[1]]


def test_addresses_printed_in_the_text_are_read() -> None:
    found = addresses(_printed("1. https://x.ir/fa/service/7. Sharh-e khedmat"))
    assert found == ["https://x.ir/fa/service/7"]


def test_a_broken_or_too_big_pdf_gives_nothing() -> None:
    whole = _linked(["https://x.ir/fa/service/1"])
    assert addresses(whole[: len(whole) // 3]) == []
    assert addresses(b"%PDF-1.7\n" + b"\x00garbage" * 1000) == []
    assert addresses(b"<html>not a pdf</html>") == []
    assert addresses(b"%PDF-1.4\n" + b" " * MAX_BYTES) == []


def test_a_pdf_is_known_by_its_type_its_path_or_its_signature() -> None:
    assert is_pdf("application/pdf", "/fa/DownloadFile.aspx", b"")
    assert is_pdf("", "/uploads/list.PDF", b"")
    assert is_pdf("application/octet-stream", "/fa/DownloadFile.aspx", b"%PDF-1.4\n")
    assert not is_pdf("text/html", "/fa/khadamat", b"<html>")
