"""Persian encoded as UTF-8 twice is put back; real text is never touched."""

from __future__ import annotations

import pytest

from crawlers.mojibake import unmangle

TITLES = ["صدور پروانه ساختمان", "تمدید گواهی‌نامه فنی", "ثبت شکایت (فوری)", "پرداخت قبض ۱۲۳"]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("reading", ["cp1252", "latin-1", "cp1256"])
def test_text_encoded_twice_is_put_back(title: str, reading: str) -> None:
    try:
        mangled = title.encode("utf-8").decode(reading)
    except UnicodeDecodeError:  # windows-1252 leaves five bytes undefined: replaced as read
        mangled = title.encode("utf-8").decode(reading, "replace")
    assert unmangle(mangled) == title


@pytest.mark.parametrize(
    "text",
    [
        *TITLES,
        "طرح طبقه‌بندی مشاغل",  # many ط/ظ of its own
        "ظرفیت پذیرش طلاب",
        "Øresund bridge",  # a real Ø
        "Café Müller — ½ price",
        "خدمات ۲۴ ساعته Ù",
        "",
    ],
)
def test_real_text_is_left_alone(text: str) -> None:
    assert unmangle(text) == text
