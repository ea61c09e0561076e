"""Personal numbers a citizen may type, masked before a search or a comment is stored.

The privacy page promises that a national code, a phone or a card number typed into the
search box or a feedback comment is never kept. Citizens write them whole («۰۰۱۲۳۴۵۶۷۸»),
in groups («۶۰۳۷-۹۹۷۱-۲۳۴۵-۶۷۸۹», «۰۹۱۲ ۳۴۵ ۶۷۸۹», «۰۰۱-۲۳۴۵۶۷-۸»), so a run of five or
more digits counts with single spaces or dashes between its groups. A date («۱۴۰۳/۰۵/۱۲») or
a decimal keeps its form: neither is personal, and both say what a citizen looked for.
"""

from __future__ import annotations

import re

MASK = "#"
_DIGIT = "[0-9۰-۹٠-٩]"
# a digit, then at least four more, each after at most one space or dash: linear, since a
# separator is never a digit
_NUMBER = re.compile(f"{_DIGIT}(?:[ \u00a0\\-\u2010\u2011\u2012\u2013\u2014]?{_DIGIT}){{4,}}")


def mask_numbers(text: str) -> str:
    """``text`` with every personal-looking number replaced by «#»."""
    return _NUMBER.sub(MASK, text)
