"""Small text helpers shared by the API and the UI."""

from __future__ import annotations

import re
import unicodedata

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# Zero-width (non-)joiners are part of Persian spelling (می‌خواهم); other format
# characters (bidi overrides, BOM, ...) only hide or reorder text.
_KEEP_FORMAT = {"\u200c", "\u200d"}
_SPACES = re.compile(r"\s+")


def persian_digits(value: object) -> str:
    return str(value).translate(_PERSIAN_DIGITS)


def clean_query(text: str) -> str:
    """Drop control and invisible formatting characters, collapse whitespace."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp"):
            out.append(" ")
        elif (cat == "Cf" and ch not in _KEEP_FORMAT) or cat in ("Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return _SPACES.sub(" ", "".join(out)).strip()
