"""How values read in Persian: Jalali dates, Persian digits, query-string links."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import jdatetime

from gateway_api.text import persian_digits

__all__ = ["jalali_date", "page_window", "persian_digits", "query_url"]

_TEHRAN = ZoneInfo("Asia/Tehran")


def jalali_date(moment: datetime) -> str:
    """``۱۴۰۵/۰۹/۰۲`` in Tehran time: the calendar date a citizen would say."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(_TEHRAN)
    return persian_digits(jdatetime.date.fromgregorian(date=local.date()).strftime("%Y/%m/%d"))


def query_url(params: Mapping[str, object | None], **changes: object | None) -> str:
    """``/?…`` with ``changes`` applied; ``None`` or ``""`` drops a parameter."""
    merged = {**params, **changes}
    pairs = [(k, str(v)) for k, v in merged.items() if v is not None and v != ""]
    return "/?" + urlencode(pairs) if pairs else "/"


def page_window(current: int, last: int, radius: int = 2) -> list[int | None]:
    """Page numbers to show, ``None`` for a gap: 1 … 4 5 [6] 7 8 … 20."""
    if last <= 1:
        return []
    shown = {1, last, *range(max(1, current - radius), min(last, current + radius) + 1)}
    window: list[int | None] = []
    previous = 0
    for number in sorted(shown):
        if number - previous > 1:
            window.append(None)
        window.append(number)
        previous = number
    return window
