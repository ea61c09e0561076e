"""Persian text that was encoded as UTF-8 twice, put back.

Old PHP/MySQL portals keep UTF-8 bytes in ``latin1`` tables and serve them encoded again:
«صدور» reaches the page as «ØµØ¯ÙˆØ±» (the bytes read as windows-1252) or «طµط¯ظˆط±» (read
as windows-1256). Stored as it is, such a title is shown to citizens as noise and no Persian
query finds it. The bytes are still all there, so the text is decoded the way it was meant.

A real Persian text is almost never the windows-1252 or -1256 reading of valid UTF-8 that
decodes to Arabic script: its letters' single-byte codes are not UTF-8 sequences. So a
repair is accepted only when the whole text decodes strictly and the result is Arabic script.
"""

from __future__ import annotations

import re

_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
# What each reading leaves behind: lead bytes 0xD8-0xDB of Arabic-script UTF-8.
_SIGNS = {"cp1252": re.compile("[ØÙÚÛ]"), "cp1256": re.compile("[طظعغ][^\u0600-\u06ff\\s]")}


def _cp1252_bytes(text: str) -> bytes | None:
    """The bytes a windows-1252 (or latin-1, as MySQL reads it) decoding came from."""
    out = bytearray()
    for ch in text:
        if ord(ch) < 256:
            out.append(ord(ch))
        elif ch == "\ufffd":
            # A byte windows-1252 leaves undefined, replaced when it was read. In Persian it is
            # almost always the second byte of «ف» (D9 81), the one common letter with one.
            out.append(0x81)
        else:
            try:
                out += ch.encode("cp1252")
            except UnicodeEncodeError:
                return None
    return bytes(out)


def unmangle(text: str) -> str:
    """``text`` decoded as it was meant when it is Persian encoded as UTF-8 twice, else itself."""
    for reading, sign in _SIGNS.items():
        if not sign.search(text):
            continue
        try:
            raw = _cp1252_bytes(text) if reading == "cp1252" else text.encode(reading)
            if raw is None:
                continue
            fixed = raw.decode("utf-8")
        except UnicodeError:
            continue
        if _ARABIC_LETTER.search(fixed) and len(fixed) < len(text):
            return fixed
    return text
