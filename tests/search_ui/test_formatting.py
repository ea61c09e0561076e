"""How values read on the page: Jalali dates, Persian digits, page windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from search_ui.formatting import jalali_date, page_window, persian_digits, query_url


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 23, 12, 0, tzinfo=UTC), "۱۴۰۵/۰۹/۰۲"),
        (datetime(2026, 11, 22, 20, 29, tzinfo=UTC), "۱۴۰۵/۰۹/۰۱"),  # 23:59 in Tehran
        (datetime(2026, 11, 22, 20, 30, tzinfo=UTC), "۱۴۰۵/۰۹/۰۲"),  # midnight in Tehran
        (datetime(2026, 3, 20, 21, 0, tzinfo=UTC), "۱۴۰۵/۰۱/۰۱"),  # Nowruz
        (datetime(2026, 11, 23, 1, 0, tzinfo=timezone(timedelta(hours=5))), "۱۴۰۵/۰۹/۰۱"),
        (datetime(2026, 11, 23, 12, 0), "۱۴۰۵/۰۹/۰۲"),  # naive: taken as UTC
    ],
)
def test_jalali_date_in_tehran_time(moment, expected):
    assert jalali_date(moment) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(0, "۰"), (1405, "۱۴۰۵"), ("صفحه 12", "صفحه ۱۲"), ("۳", "۳")]
)
def test_persian_digits(value, expected):
    assert persian_digits(value) == expected


@pytest.mark.parametrize(
    ("current", "last", "expected"),
    [
        (1, 1, []),
        (1, 3, [1, 2, 3]),
        (1, 20, [1, 2, 3, None, 20]),
        (10, 20, [1, None, 8, 9, 10, 11, 12, None, 20]),
        (20, 20, [1, None, 18, 19, 20]),
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_page_window(current, last, expected):
    assert page_window(current, last) == expected


@pytest.mark.parametrize(
    ("params", "changes", "expected"),
    [
        ({}, {}, "/"),
        ({"q": "پروانه"}, {"page": 2}, "/?q=%D9%BE%D8%B1%D9%88%D8%A7%D9%86%D9%87&page=2"),
        ({"q": "a", "agency": "x"}, {"agency": None}, "/?q=a"),
        ({"q": "", "agency": "x"}, {}, "/?agency=x"),
        ({"q": "a&b=c"}, {}, "/?q=a%26b%3Dc"),
    ],
)
def test_query_url(params, changes, expected):
    assert query_url(params, **changes) == expected
