"""«mv,hki» is «پروانه» typed with the keyboard still in English: offer the Persian words.

A frequent no-result cause on Persian sites; mapping the QWERTY keys to the
standard Persian layout (ISIRI 9147) recovers what the person meant.
"""

from __future__ import annotations

_QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,\\"
_PERSIAN = "ضصثقفغعهخحجچشسیبلاتنمکگظطزرذدپوپ"
_LAYOUT = str.maketrans(_QWERTY, _PERSIAN) | str.maketrans("CH", "ژآ")


def persian_layout(text: str) -> str | None:
    """The text as typed on a Persian keyboard, or None if it is not Latin-keyboard text."""
    if not any("a" <= ch.lower() <= "z" for ch in text):
        return None
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        return None
    converted = "".join(
        ch.translate(_LAYOUT) if ch in "CH" else ch.lower().translate(_LAYOUT) for ch in text
    )
    return converted if converted != text else None
