"""Adverts a hacked portal shows as services (crawlers/spam.py, data/spam_signs.yaml): what is
one and what is a service that only names the subject."""

from __future__ import annotations

import pytest

from crawlers.items import ServiceItem
from crawlers.spam import spam_in


def item(title: str, description: str = "", **fields: str) -> ServiceItem:
    return ServiceItem(url="https://p.ir/s/1", title=title, description=description, fields=fields)


@pytest.mark.parametrize(
    ("title", "description"),
    [
        ("کازینو آنلاین معتبر", ""),
        ("صدور پروانه ساختمان", "بهترین سایت شرط‌بندی فوتبال با بونوس ۱۰۰ درصد"),
        ("صدور پروانه ساختمان", "بازي انفجار با واريز فوري"),  # Arabic yeh
        ("Online CASINO free spins", ""),
        ("ثبت نام در 1xBet", ""),
        ("خرید ویاگرا اصل", ""),
    ],
)
def test_an_advert_is_found_in_the_title_or_the_description(title: str, description: str) -> None:
    assert spam_in(item(title, description)) is not None


def test_an_advert_is_found_in_a_field() -> None:
    assert spam_in(item("صدور پروانه", fee="رایگان؛ پوکر آنلاین")) is not None


@pytest.mark.parametrize(
    "title",
    [
        "گزارش سایت‌های قمار و شرط‌بندی به پلیس فتا",  # a service about betting is a service
        "شرایط صدور پروانه کسب",
        "مجوز برگزاری مسابقات ورزشی",
        "ثبت شکایت از تبلیغات غیرمجاز",
        "صدور کارت بهداشت",
    ],
)
def test_a_service_is_not_an_advert(title: str) -> None:
    assert spam_in(item(title, f"شرح {title}")) is None


@pytest.mark.parametrize(
    ("title", "description"),
    [
        # the cyber police's and the judiciary's services about gambling sites (red team 10)
        (
            "گزارش سایت‌های شرط‌بندی آنلاین و کازینو",
            "شهروندان می‌توانند نشانی سایت‌های کازینو و شرط‌بندی آنلاین را برای پیگیری قضایی"
            " گزارش کنند",
        ),
        ("اعلام جرم علیه سایت‌های شرط‌بندی فوتبال", "از طریق سامانه www.cyberpolice.ir"),
        ("هشدار درباره خطرات بازی انفجار", "آموزش خانواده‌ها برای پیشگیری"),
        ("پیگیری شکایت از کلاهبرداری کازینو آنلاین", "ثبت نام در سامانه و ثبت شکایت"),
    ],
)
def test_a_service_about_gambling_sites_is_not_an_advert(title: str, description: str) -> None:
    assert spam_in(item(title, description)) is None


@pytest.mark.parametrize(
    ("title", "description"),
    [
        ("کازینو آنلاین", ""),  # the subject alone, with no service about it
        ("گزارش سایت کازینو", "ثبت نام کنید و جایزه بگیرید"),  # a report word, an advert's prize
        ("گزارش سایت‌های قمار", "بهترین سایت شرط بندی آنلاین"),
        ("پیگیری درخواست", "کازینو bet90.com"),  # a domain to go to
    ],
)
def test_an_advert_that_borrows_a_service_word_is_still_one(title: str, description: str) -> None:
    assert spam_in(item(title, description)) is not None
