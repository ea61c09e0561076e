"""Recognising maintenance, login, parked, not-found and error pages (Persian and English)."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from crawlers.pagecheck import stand_in
from sandbox.site import MAINTENANCE_PAGE


def page(body: str, title: str = "") -> HtmlResponse:
    html = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    return HtmlResponse("https://portal.example.ir/", body=html.encode(), encoding="utf-8")


@pytest.mark.parametrize(
    ("response", "kind", "by_title"),
    [
        (page("", "سامانه در حال به‌روزرسانی است"), "maintenance", True),
        (HtmlResponse("https://a.ir/", body=MAINTENANCE_PAGE.encode()), "maintenance", True),
        (page("<p>پوزش، وبگاه در حال تعمیر و نگهداری است.</p>"), "maintenance", False),
        (page("<h1>سايت موقتاً در دسترس نيست</h1>"), "maintenance", True),  # Arabic yeh
        (page("<h1>We'll be back soon</h1><p>Down for maintenance.</p>"), "maintenance", True),
        (
            page('<h1>ورود به سامانه</h1><input name="u"><input type="password" name="p">'),
            "login",
            True,
        ),
        (page('<form>Please log in <input type="password"></form>', "Portal"), "login", False),
        (
            page("<h1>portal.ir</h1><p>This domain is for sale! Buy this domain.</p>"),
            "parked",
            False,
        ),
        (page("<p>این دامنه به فروش می‌رسد</p>", "این دامنه برای فروش است"), "parked", True),
        # soft 404s: answered 200, often echoing the address asked for
        (
            page("<h1>صفحه مورد نظر یافت نشد</h1><p>نشانی /s/12 وجود ندارد</p>", "صفحه یافت نشد"),
            "not_found",
            True,
        ),
        (page("<h1>خطای ۴۰۴</h1>", "پورتال"), "not_found", True),
        (page("<p>متاسفانه صفحه درخواستی شما وجود ندارد.</p>", "پورتال"), "not_found", False),
        (page("<h1>Page not found</h1>", "404"), "not_found", True),
        (page("<h1>Server Error in '/' Application.</h1>", "Runtime Error"), "error", True),
        (page("<p>خطای داخلی سرور</p>", "پورتال"), "error", False),
    ],
)
def test_stand_in_pages_are_recognised(response: HtmlResponse, kind: str, by_title: bool) -> None:
    found = stand_in(response)
    assert found is not None and (found.kind, found.by_title) == (kind, by_title)


@pytest.mark.parametrize(
    "response",
    [
        # A portal header's login link is not a login wall (no password field).
        page('<a href="/login">ورود به سامانه</a><h1>صدور پروانه ساختمان</h1><p>مدارک لازم</p>'),
        # A real service about repairs, and a long page that mentions maintenance once.
        page("<h1>مجوز تعمیرات ساختمان</h1><p>برای تعمیرات اساسی ساختمان</p>"),
        # a service about errors, or about what was not found, is no error page
        page("<h1>اصلاح قبض</h1><p>اگر در صدور قبض خطایی رخ داده باشد درخواست دهید</p>"),
        page("<h1>اعلام اشیای پیدا شده</h1><p>اگر مالک یافت نشد، تحویل می‌شود</p>"),
        page(
            "<h1>خدمات شهری</h1>"
            + "<p>شرح خدمت صدور پروانه.</p>" * 80
            + "<p>تعمیر و نگهداری سامانه</p>"
        ),
    ],
)
def test_real_pages_are_not_stand_ins(response: HtmlResponse) -> None:
    assert stand_in(response) is None
