"""What the pipelines make of crawled text before it is stored and shown."""

from __future__ import annotations

import pytest

from crawlers.pipelines import plain_text


@pytest.mark.parametrize(
    ("crawled", "shown"),
    [
        ("<b>صدور پروانه</b> &amp; تمدید", "صدور پروانه & تمدید"),
        ("<script>alert(1)</script>تمدید پروانه", "تمدید پروانه"),
        # titles that show nothing (red team round 6, F11): dropped as having no title
        ("\u2060\u2060\u2060", ""),
        ("\u3164\u3164", ""),
        ("\u2800\u2800\u2800", ""),
        ("\u180e", ""),
        ("\U000e0041\U000e0042", ""),
        # inside a title they only hinder matching
        ("صدور\u2060 پروانه\u3164", "صدور پروانه"),
        ("کارت\ufe0f ملی", "کارت ملی"),
        # a title an old PHP/MySQL portal encoded as UTF-8 twice (red team 6, F08)
        ("ØµØ¯ÙˆØ± Ù¾Ø±ÙˆØ§Ù†Ù‡", "صدور پروانه"),
    ],
)
def test_plain_text(crawled: str, shown: str) -> None:
    assert plain_text(crawled) == shown
