"""Addresses in a downloaded catalogue published only as a PDF («فهرست خدمات ۱۴۰۳.pdf»).

Agencies publish their service identity cards (شناسنامه خدمات) as a PDF too, often exported
from Word: each line's title is a link to the service's page, stored as a link annotation
(``/Subtype /Link`` with a ``/URI`` action, ISO 32000 §12.5.6.5), and sometimes the address
is printed in the text as well. A PDF is untrusted input, read with pypdf only within bounds:
the file's size, the pages read, the annotations and addresses taken; and any error pypdf
raises on a broken or hostile file means no addresses, never a failed crawl.
"""

from __future__ import annotations

import io
import itertools
import re
from typing import Any

MAX_BYTES = 8 * 1024 * 1024  # a catalogue of hundreds of lines is tens of kilobytes
MAX_PAGES = 50  # pages whose link annotations are read
MAX_TEXT_PAGES = 20  # pages whose text is searched for printed addresses (slower to read)
MAX_ANNOTATIONS = 500  # annotations read on one page
MAX_ADDRESSES = 2000

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


def addresses(body: bytes) -> list[str]:
    """The targets of the URI link annotations of the first pages, then the ``http(s)://``
    addresses printed in their text, in page order; nothing from a file that is too big, is
    not a PDF or cannot be read."""
    if len(body) > MAX_BYTES or b"%PDF-" not in body[:1024]:
        return []
    try:
        return _read(body)
    except Exception:  # a malformed PDF fails pypdf in many ways (its errors, ValueError, …)
        return []


def _read(body: bytes) -> list[str]:
    from pypdf import PdfReader  # imported when a PDF is met: most crawls meet none

    reader = PdfReader(io.BytesIO(body), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")  # an owner password only (printing, copying): readable as is
    found: list[str] = []
    pages = list(itertools.islice(reader.pages, MAX_PAGES))
    for page in pages:
        annotations = _resolved(page.get("/Annots")) or []
        for annotation in itertools.islice(annotations, MAX_ANNOTATIONS):
            uri = _link_target(_resolved(annotation))
            if uri:
                found.append(uri)
        if len(found) >= MAX_ADDRESSES:
            break
    for page in pages[:MAX_TEXT_PAGES]:
        if len(found) >= MAX_ADDRESSES:
            break
        found += [m.rstrip(".,;:") for m in _PRINTED.findall(page.extract_text() or "")]
    return list(dict.fromkeys(found))[:MAX_ADDRESSES]


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
