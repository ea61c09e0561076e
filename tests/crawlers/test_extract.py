"""The visible text of crawled markup: what a citizen would read on the page."""

from __future__ import annotations

import pytest
from parsel import Selector

from crawlers.extract import text_of


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>صدور  پروانه</p><p>ساختمان</p>", "صدور پروانه ساختمان"),
        ("<p>خدمت</p><script>var x = 'کد';</script><style>p{}</style>", "خدمت"),
        # what the markup hides is not the page's (red team round 6, F07: a hacked CMS's spam)
        ("<p>خدمت</p><span hidden>کازینو آنلاین</span>", "خدمت"),
        ('<p>خدمت</p><div style="display: none">شرط بندی</div>', "خدمت"),
        ('<p>خدمت</p><div style="DISPLAY:NONE;color:red">بت</div>', "خدمت"),
        ('<p>خدمت</p><p style="visibility : hidden">گواهینامه گواهینامه</p>', "خدمت"),
        ('<p>خدمت</p><i aria-hidden="true">»</i>', "خدمت"),
        ("<p>خدمت</p><template><p>الگو</p></template>", "خدمت"),
        # a closed accordion or tab is hidden by its stylesheet, and is still the page's text
        (
            '<p>خدمت</p><div class="collapse" style="color: gray">مدارک لازم</div>',
            "خدمت مدارک لازم",
        ),
    ],
)
def test_text_of(markup: str, text: str) -> None:
    assert text_of(Selector(text=f"<div>{markup}</div>").xpath("//div")[0]) == text
