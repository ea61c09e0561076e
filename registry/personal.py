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
"""

from __future__ import annotations

import re

MASK = "#"
_DIGIT = "[0-9۰-۹٠-٩]"
# spaces (also no-break and narrow), dashes of every width, dot, slash, underscore, the Latin,
# Persian and Arabic commas, the Arabic decimal and thousands marks, an asterisk
_SEP = "[ \u00a0\u202f\u2009\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212./_,\u060c\u066b\u066c*]"
_DATE = (
    f"(?<!{_DIGIT}){_DIGIT}{{2,4}}/{_DIGIT}{{1,2}}/{_DIGIT}{{1,2}}"
    f"(?!{_DIGIT}|{_SEP}{{1,3}}{_DIGIT})"  # nothing more attached: not a card in slashes
)
# a digit, then at least four more, each after at most three separators: linear, since a
# separator is never a digit
_NUMBER = f"{_DIGIT}(?:{_SEP}{{0,3}}{_DIGIT}){{4,}}"
_FOUND = re.compile(f"(?P<date>{_DATE})|{_NUMBER}")


def _mask(found: re.Match[str]) -> str:
    return found.group() if found.group("date") else MASK


def mask_numbers(text: str) -> str:
    """``text`` with every personal-looking number replaced by «#»."""
    return _FOUND.sub(_mask, text)
