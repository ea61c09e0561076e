"""Addresses in a downloaded catalogue published only as a PDF («فهرست خدمات ۱۴۰۳.pdf»).

Agencies publish their service identity cards (شناسنامه خدمات) as a PDF too, often exported
from Word: each line's title is a link to the service's page, stored as a link annotation
(``/Subtype /Link`` with a ``/URI`` action, ISO 32000 §12.5.6.5), and sometimes the address
is printed in the text as well. A PDF is untrusted input, read with pypdf only within bounds:
the file's size, the pages read, the annotations and addresses taken; and any error pypdf
raises on a broken or hostile file means no addresses, never a failed crawl.

It is read in Scrapy's reactor thread, so what it costs is bounded too (red team round 12: a
10 KB PDF whose pages share one stream inflating to 3 MB held the crawl 12 s, and pypdf's own
cap is 75 MB a stream): what one stream may inflate to, what the pages read for text inflate
to together, and the time spent on one file. A catalogue cut short by them says so
(:attr:`Catalogue.cut_short`): what it lists past the cut was not seen.
"""

from __future__ import annotations

import io
import itertools
import re
import time
from dataclasses import dataclass, field
from typing import Any

MAX_BYTES = 8 * 1024 * 1024  # a catalogue of hundreds of lines is tens of kilobytes
MAX_PAGES = 50  # pages whose link annotations are read
MAX_TEXT_PAGES = 20  # pages whose text is searched for printed addresses (slower to read)
MAX_ANNOTATIONS = 500  # annotations read on one page
MAX_ADDRESSES = 2000
MAX_STREAM_BYTES = 1024 * 1024  # what one stream may inflate to (a text page is kilobytes)
MAX_INFLATED = 4 * 1024 * 1024  # page content inflated for its text, all pages together
MAX_SECONDS = 2.0  # spent on one file, checked between pages
# pypdf's limits for this reading (its defaults are 75 MB a stream and 2 million parsed
# elements a content stream): one page's text can cost no more than about a second.
_PYPDF_LIMITS = {
    "zlib_maximum_output_length": MAX_STREAM_BYTES,
    "lzw_maximum_output_length": MAX_STREAM_BYTES,
    "run_length_maximum_output_length": MAX_STREAM_BYTES,
    "brotli_maximum_output_length": MAX_STREAM_BYTES,
    "array_based_stream_maximum_output_length": MAX_STREAM_BYTES,
    "stream_decoding_work_maximum_length": 4 * MAX_STREAM_BYTES,
    "stream_parsing_work_maximum_count": 100_000,
    "xform_maximum_invocations_per_extraction": 200,
}

_PDF_TYPE = "application/pdf"
_PRINTED = re.compile(r"https?://[^\s<>()\"']{1,300}")


def is_pdf(content_type: str, path: str, body: bytes) -> bool:
    """A PDF download, by its type, its path, or the file's own signature (``%PDF-``): a
    ``DownloadFile.aspx?id=5`` may serve one as ``application/octet-stream``."""
    return (
        _PDF_TYPE in content_type.lower()
        or path.lower().endswith(".pdf")
        or body[:1024].lstrip().startswith(b"%PDF-")
    )


@dataclass(frozen=True)
class Catalogue:
    addresses: list[str] = field(default_factory=list)
    cut_short: str = ""  # why the file was not read to its end ("" when it was)


def addresses(body: bytes) -> list[str]:
    """The addresses of :func:`read`."""
    return read(body).addresses


def read(body: bytes) -> Catalogue:
    """The targets of the URI link annotations of the first pages, then the ``http(s)://``
    addresses printed in their text, in page order; nothing from a file that is too big, is
    not a PDF or cannot be read."""
    if len(body) > MAX_BYTES or b"%PDF-" not in body[:1024]:
        return Catalogue()
    from pypdf import apply_configuration  # imported when a PDF is met: most crawls meet none

    try:
        with apply_configuration(None, **_PYPDF_LIMITS):
            return _read(body, time.monotonic() + MAX_SECONDS)
    except Exception:  # a malformed PDF fails pypdf in many ways (its errors, ValueError, …)
        return Catalogue()


def _read(body: bytes, deadline: float) -> Catalogue:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    reader = PdfReader(io.BytesIO(body), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")  # an owner password only (printing, copying): readable as is
    found: list[str] = []
    pages = list(itertools.islice(reader.pages, MAX_PAGES))
    for number, page in enumerate(pages, 1):
        if time.monotonic() > deadline:
            return _cut(found, f"{MAX_SECONDS:.0f} s spent before page {number}'s links")
        annotations = _resolved(page.get("/Annots")) or []
        for annotation in itertools.islice(annotations, MAX_ANNOTATIONS):
            uri = _link_target(_resolved(annotation))
            if uri:
                found.append(uri)
        if len(found) >= MAX_ADDRESSES:
            break
    inflated = 0
    for number, page in enumerate(pages[:MAX_TEXT_PAGES], 1):
        if len(found) >= MAX_ADDRESSES:
            break
        if time.monotonic() > deadline:
            return _cut(found, f"{MAX_SECONDS:.0f} s spent before page {number}'s text")
        try:
            contents = page.get_contents()
            inflated += len(contents.get_data()) if contents is not None else 0
            if inflated > MAX_INFLATED:
                return _cut(found, f"its text inflates past {MAX_INFLATED} bytes by page {number}")
            text = page.extract_text() or ""
        except LimitReachedError:
            return _cut(found, f"page {number}'s content inflates or parses past the limits")
        found += [m.rstrip(".,;:") for m in _PRINTED.findall(text)]
    return Catalogue(list(dict.fromkeys(found))[:MAX_ADDRESSES])


def _cut(found: list[str], why: str) -> Catalogue:
    return Catalogue(list(dict.fromkeys(found))[:MAX_ADDRESSES], f"cut short: {why}")


def _resolved(value: Any) -> Any:
    """An indirect object's value (``12 0 R``), or the value itself."""
    return value.get_object() if hasattr(value, "get_object") else value


def _link_target(annotation: Any) -> str | None:
    """A link annotation's ``/URI`` action target, as text, or None."""
    if not hasattr(annotation, "get") or annotation.get("/Subtype") != "/Link":
        return None
    action = _resolved(annotation.get("/A"))
    if not hasattr(action, "get") or action.get("/S") != "/URI":
        return None
    uri = _resolved(action.get("/URI"))
    if isinstance(uri, bytes):  # a byte string: an address is ASCII (7-bit) by the standard
        uri = uri.decode("latin-1")
    uri = str(uri or "").strip()
    return uri if uri and " " not in uri else None
