"""Whether an element's inline ``style`` hides its text, read as a browser reads the style.

A hacked CMS hides its SEO text in the page with an inline style (red team rounds 6 and 7).
Matching the attribute as text (``'display:none'`` after removing spaces) missed the same
style written as browsers still read it (red team round 12): a newline after the colon,
``!important``, ``font-size:0em``, a CSS escape (``display:n\\6f ne``), and the other ways
CSS hides text (``transform:scale(0)``, ``color:transparent``, a clipped 1-pixel box). The
declarations are parsed here: comments dropped, escapes decoded, case and every whitespace
folded, the last (or the ``!important``) declaration of a property the one that counts.

The clipped box is also how sites write text for screen readers («رفتن به محتوای اصلی», an
icon link's name): it is told apart (:data:`CLIPPED`) so that a reader can keep such text
where the page also shows it (:mod:`crawlers.extract`).
"""

from __future__ import annotations

import re
from functools import lru_cache

HIDDEN = "hidden"  # no browser shows the text
CLIPPED = "clipped"  # clipped to nothing: hidden from sight, read by screen readers

_COMMENT = re.compile(r"/\*.*?(\*/|$)", re.DOTALL)
_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|(.))", re.DOTALL)
_SPACE = re.compile(r"\s+")
_IMPORTANT = re.compile(r"!important$")
_ZERO = re.compile(r"[+-]?(?:0+\.?0*|\.0+)(?:[a-z]+|%)?")
_NEGATIVE = re.compile(r"-\d|-\.\d")
_SCALED_AWAY = re.compile(r"scale(?:x|y|3d)?\([+-]?(?:0+\.?0*|\.0+)[,)]")
_NO_ALPHA = re.compile(r"(?:rgba?|hsla?)\(.*[,/][+-]?(?:0+\.?0*|\.0+)%?\)")
_CLIP_RECT = re.compile(r"rect\((?:(?:0|1px|0px)(?:,|(?=[01]))?){4}\)")
_CLIP_PATH = re.compile(r"inset\((?:50|100)%\)|circle\(0(?:px|%)?\)|polygon\(\)")
_ONE_PIXEL = re.compile(r"(?:0|1)(?:px)?")


def _unescape(style: str) -> str:
    """CSS escapes decoded (``n\\6f ne`` is ``none``; ``\\:`` is ``:``)."""

    def one(found: re.Match[str]) -> str:
        if found.group(1):
            try:
                return chr(int(found.group(1), 16))
            except (ValueError, OverflowError):
                return "\ufffd"
        return found.group(2)

    return _ESCAPE.sub(one, style)


def declarations(style: str) -> dict[str, str]:
    """The properties an inline style sets, each to the value that counts (the last, or
    the last ``!important`` one), lowercase, without whitespace or ``!important``."""
    text = _unescape(_COMMENT.sub("", style[:4000])).lower()
    found: dict[str, str] = {}
    important: set[str] = set()
    for declaration in text.split(";"):
        name, colon, value = declaration.partition(":")
        name, value = _SPACE.sub("", name), _SPACE.sub("", value)
        if not colon or not name:
            continue
        weighty = bool(_IMPORTANT.search(value))
        value = _IMPORTANT.sub("", value)
        if name in important and not weighty:
            continue
        if weighty:
            important.add(name)
        found[name] = value
    return found


def _zero(value: str | None) -> bool:
    return value is not None and bool(_ZERO.fullmatch(value))


@lru_cache(maxsize=4096)
def hides(style: str) -> str | None:
    """:data:`HIDDEN` when the style hides its element's text from everyone, :data:`CLIPPED`
    when it clips it to nothing (screen-reader text), else None."""
    css = declarations(style)
    get = css.get
    if get("display") == "none" or get("visibility") in ("hidden", "collapse"):
        return HIDDEN
    if _zero(get("opacity")) or _zero(get("font-size")):
        return HIDDEN
    if _SCALED_AWAY.search(get("transform") or ""):
        return HIDDEN
    color = get("color") or ""
    if color == "transparent" or _NO_ALPHA.fullmatch(color):
        return HIDDEN
    if get("overflow") == "hidden" and (_zero(get("height")) or _zero(get("width"))):
        return HIDDEN
    if _NEGATIVE.match(get("text-indent") or ""):
        return HIDDEN
    placed = get("position") in ("absolute", "fixed")
    if placed and (_NEGATIVE.match(get("left") or "") or _NEGATIVE.match(get("top") or "")):
        return HIDDEN
    if _CLIP_PATH.fullmatch(get("clip-path") or ""):
        return CLIPPED
    if placed and _CLIP_RECT.fullmatch(get("clip") or ""):
        return CLIPPED
    tiny = all(_ONE_PIXEL.fullmatch(get(side) or "") for side in ("width", "height"))
    if placed and tiny and get("overflow") == "hidden":
        return CLIPPED  # a 1-pixel box with its overflow cut: nothing of the text shows
    return None
