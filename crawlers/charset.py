"""Deciding a page's encoding from its bytes when its label is wrong.

Iranian portals often label windows-1256 pages as UTF-8 (read as «������») or
serve UTF-8 labelled ISO-8859-1 (read as «Ù¾Ø±...»). Scrapy believes the label.
Here, a page whose text shows either sign is decoded again with each candidate
(the HTTP label, the <meta> label, UTF-8, windows-1256): bytes that are valid UTF-8 are
UTF-8, otherwise the one that yields Persian letters without replacement characters or
mojibake wins; the crawl report
counts an ``encoding_mismatch`` naming the page, the label and the encoding used.

A page that declares no charset at all (no HTTP label, no ``<meta>``, no BOM) is guessed
by Scrapy's detector, which reads each page apart: a short windows-1256 page can come out
as «’ѕж— гћж“» (mac-cyrillic). Such a guess shows no mojibake sign, so it is judged by its
letters instead (:func:`undeclared_encoding`): when windows-1256 reads the bytes as Arabic
script and the guess does not, windows-1256 is used.
"""

from __future__ import annotations

import re
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

REPLACEMENT = "\ufffd"
# UTF-8 Arabic-script bytes (lead D8–DB) read as a Western (cp1252/latin-1) or an Arabic
# (windows-1256) single-byte charset: a lead letter followed by a continuation byte's symbol.
_MOJIBAKE = re.compile(
    "[ØÙÚÛ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
    "|[طظ][\u0080-\u00bf\u2013-\u2122\u0152\u0153\u0192\u02c6]"
)
_PERSIAN = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")
CANDIDATES = ("utf-8", "cp1256")
# Any Arabic-script letter (Arabic, Persian, Urdu forms and presentation forms).
_ARABIC_SCRIPT = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]")
# Non-ASCII letters of other scripts a single-byte misreading yields: Latin-1 and Latin
# Extended accents, Greek, Cyrillic.
_FOREIGN_LETTER = re.compile("[\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
MIN_ARABIC_SHARE = 0.8  # of the non-ASCII letters, for windows-1256 to replace a guess
MIN_ARABIC_LETTERS = 20  # a page with fewer is no evidence either way
MAX_SNIFFED = 200_000  # bytes of a page judged by its letters


def badness(text: str) -> int:
    """Replacement characters and mojibake pairs: the signs of a wrong decoding."""
    return text.count(REPLACEMENT) + len(_MOJIBAKE.findall(text))


def score(text: str) -> int:
    """Persian letters, less a heavy price for every sign of a wrong decoding."""
    return len(_PERSIAN.findall(text)) - 4 * badness(text)


def replacement_share(text: str) -> float:
    """Share of U+FFFD among the non-space characters (0 for empty text)."""
    visible = [c for c in text if not c.isspace()]
    return visible.count(REPLACEMENT) / len(visible) if visible else 0.0


def arabic_share(text: str) -> tuple[float, int]:
    """Share of Arabic-script letters among the non-ASCII letters of ``text`` (Arabic
    script against the Cyrillic or Latin-1 letters a wrong single-byte reading gives), and
    their number."""
    arabic = len(_ARABIC_SCRIPT.findall(text))
    foreign = len(_FOREIGN_LETTER.findall(text))
    return (arabic / (arabic + foreign) if arabic + foreign else 0.0), arabic


def declares_charset(response: TextResponse) -> bool:
    """Whether the page names its encoding (HTTP label, ``<meta>``, BOM): a page that does is
    judged by :func:`best_encoding`'s signs, not by its letters."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    body = response.body[:4096]
    boms = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
    return bool(
        http_content_type_encoding(content_type)
        or html_body_declared_encoding(body)
        or body.startswith(boms)
    )


def undeclared_encoding(response: TextResponse) -> str | None:
    """windows-1256 for a page that declares nothing, is not UTF-8, and reads as Arabic
    script in windows-1256 (at least :data:`MIN_ARABIC_SHARE` of its non-ASCII letters)
    while the detector's guess reads less of it; else None. A detector guesses each page
    apart, so one page of a windows-1256 site can come out as Cyrillic letters."""
    chosen = resolve_encoding(response.encoding) or response.encoding
    if chosen == "cp1256" or declares_charset(response):
        return None
    body = response.body[:MAX_SNIFFED]
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(body) - 3:  # not merely a sequence cut at the sniffing bound
            share, letters = arabic_share(body.decode("cp1256", errors="replace"))
            if share >= MIN_ARABIC_SHARE and letters >= MIN_ARABIC_LETTERS:
                guessed, _ = arabic_share(response.text[: len(body)])
                return "cp1256" if guessed < share else None
    return None


def best_encoding(response: TextResponse) -> str | None:
    """The encoding to read ``response`` with, when it is not the one Scrapy chose; else None."""
    if undeclared := undeclared_encoding(response):
        return undeclared
    current = response.text
    if not badness(current):
        return None
    chosen = resolve_encoding(response.encoding) or response.encoding
    try:
        response.body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # valid UTF-8 is UTF-8: single-byte Persian text practically never is
        return "utf-8" if chosen != "utf-8" else None
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    labels = [
        http_content_type_encoding(content_type),
        html_body_declared_encoding(response.body),
        *CANDIDATES,
    ]
    best, best_score = None, score(current)
    for label in dict.fromkeys(resolve_encoding(e) or e for e in labels if e):
        if label == chosen:
            continue
        try:
            text = response.body.decode(label, errors="replace")
        except LookupError:
            continue
        # It must read as Persian: a page the portal itself stored as «����» decodes to no
        # letters in any charset, and stays as it is (the pipeline refuses to index it).
        if _PERSIAN.search(text) and (candidate := score(text)) > best_score:
            best, best_score = label, candidate
    return best


class CharsetMiddleware:
    """Downloader middleware re-reading pages whose label disagrees with their bytes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Any:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        encoding = best_encoding(response)
        if encoding is None:
            return response
        declared = response.encoding
        spider: Any = self.crawler.spider
        state = getattr(spider, "state", None)
        # A page that declares nothing was guessed, not mislabelled: no error of the portal's.
        if state is not None and declares_charset(response):
            state.report.error(
                "encoding_mismatch",
                f"{response.url}: labelled {declared}, read as {encoding} (the bytes say so)",
            )
        return response.replace(encoding=encoding)
