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
        # ...and hidden by the other inline styles spam uses (red team round 7, F03)
        ('<p>خدمت</p><span style="font-size:0">کازینو</span>', "خدمت"),
        ('<p>خدمت</p><span style="opacity: 0">کازینو</span>', "خدمت"),
        ('<p>خدمت</p><div style="height:0;overflow:hidden">کازینو</div>', "خدمت"),
        ('<p>خدمت</p><div style="position:absolute;left:-9999px">کازینو</div>', "خدمت"),
        ('<p>خدمت</p><p style="text-indent:-5000px">کازینو</p>', "خدمت"),
        # ...and the same styles as a browser reads them (red team round 12, F05)
        ('<p>خدمت</p><span style="display:\n none">کازینو</span>', "خدمت"),
        ('<p>خدمت</p><span style="display:n\\6f ne">کازینو</span>', "خدمت"),
        ('<p>خدمت</p><span style="opacity:.0 !important">کازینو</span>', "خدمت"),
        ('<p>خدمت</p><span style="/* x */font-size:0rem">کازینو</span>', "خدمت"),
        ('<p>خدمت</p><span style="position:absolute;clip:rect(0,0,0,0)">کازینو</span>', "خدمت"),
        # screen-reader text repeating the page's own link is the page's text
        (
            '<a href="/s">خدمت</a><span style="position:absolute;clip-path:inset(50%);'
            'width:1px;height:1px">خدمت</span>',
            "خدمت خدمت",
        ),
        ('<p>خدمت</p><p style="display:none;display:block">مدارک</p>', "خدمت مدارک"),
        # a small font, a faded note or a negative margin are shown
        ('<p>خدمت</p><small style="font-size:0.8em;opacity:0.6">یادداشت</small>', "خدمت یادداشت"),
        ('<p>خدمت</p><p style="margin-left:-10px;height:0.5em">یادداشت</p>', "خدمت یادداشت"),
        # a closed accordion or tab is hidden by its stylesheet, and is still the page's text
        (
            '<p>خدمت</p><div class="collapse" style="color: gray">مدارک لازم</div>',
            "خدمت مدارک لازم",
        ),
    ],
)
def test_text_of(markup: str, text: str) -> None:
    assert text_of(Selector(text=f"<div>{markup}</div>").xpath("//div")[0]) == text
