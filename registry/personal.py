"""Personal numbers a citizen may type, masked before a search or a comment is stored.

The privacy page promises that a national code, a phone or a card number typed into the
search box or a feedback comment is never kept. Citizens write them whole («۰۰۱۲۳۴۵۶۷۸»),
in groups («۶۰۳۷-۹۹۷۱-۲۳۴۵-۶۷۸۹», «۰۹۱۲ ۳۴۵ ۶۷۸۹», «۰۰۱-۲۳۴۵۶۷-۸»), and with any of the
separators a keyboard or a word processor offers: spaced dashes «۰۹۱۲ - ۳۴۵ - ۶۷۸۹», an en
or em dash, dots «۰۰۱.۲۳۴.۵۶۷۸», slashes «۶۰۳۷/۹۹۷۱/۲۳۴۵/۶۷۸۹», `_`, commas «،» «,» and `*`.
So a run of five or more digits (Persian, Arabic-Indic or Latin) counts as one number when
at most three separator characters stand between its groups (red team 11 F04, red team 13
F05). Only a date written with slashes («۱۴۰۳/۰۵/۱۲»: 2–4, 1–2 and 1–2 digits, nothing more
attached) keeps its form: it is not personal, and it says what a citizen looked for.

Numbers are found on a folded view of the text, one entry per visible character (red team 14
F07): any character whose NFKC form is a decimal digit is a digit (full-width «００１２…»,
which a phone keyboard's full-width mode types, and every other script's digits too), the
tatweel «ـ» and every Unicode space and dash are separators, and invisible format characters
(the half-space ZWNJ that Shift+Space types between groups, ZWJ, the bidi marks) are left out
of the view altogether. A number found there is masked in the text itself, from its first digit
to its last; everything else stays as the citizen wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MASK = "#"
# the view has one character per kind: "0" a digit, "/" a slash, "-" any other separator,
# "x" anything else
_DIGIT = "0"
_SEP = "[-/]"
# spaces (also no-break and narrow) and dashes of every width are found by their Unicode
# category; besides them: dot, underscore, the Latin, Persian and Arabic commas, the Arabic
# decimal and thousands marks, an asterisk and the tatweel
_SEPARATORS = frozenset("._,\u060c\u066b\u066c*\u0640\u2212")
_DATE = (
    f"(?<!{_DIGIT}){_DIGIT}{{2,4}}/{_DIGIT}{{1,2}}/{_DIGIT}{{1,2}}"
    f"(?!{_DIGIT}|{_SEP}{{1,3}}{_DIGIT})"  # nothing more attached: not a card in slashes
)
# a digit, then at least four more, each after at most three separators: linear, since a
# separator is never a digit
_NUMBER = f"{_DIGIT}(?:{_SEP}{{0,3}}{_DIGIT}){{4,}}"
_FOUND = re.compile(f"(?P<date>{_DATE})|{_NUMBER}")


@lru_cache(maxsize=4096)
def _kind(ch: str) -> str:
    """What ``ch`` is in the folded view; "" for an invisible format character (left out)."""
    if unicodedata.category(ch) == "Cf":
        return ""
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        return "x"
    if folded.isdecimal():
        return "0"
    if folded == "/":
        return "/"
    if folded in _SEPARATORS or unicodedata.category(folded) in ("Zs", "Pd"):
        return "-"
    return "x"


def mask_numbers(text: str) -> str:
    """``text`` with every personal-looking number replaced by «#»."""
    view: list[str] = []
    at: list[int] = []  # where each character of the view is in ``text``
    for i, ch in enumerate(text):
        if kind := _kind(ch):
            view.append(kind)
            at.append(i)
    out: list[str] = []
    done = 0
    for found in _FOUND.finditer("".join(view)):
        if found.group("date"):
            continue
        out.append(text[done : at[found.start()]])
        out.append(MASK)
        done = at[found.end() - 1] + 1
    out.append(text[done:])
    return "".join(out)
