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
        # outage and removal notices in other common wordings (red team round 6)
        (page("<h1>این بخش از سایت در دست تعمیر است</h1>", "در دست تعمیر"), "maintenance", True),
        (page("<h1>سایت موقتاً غیرفعال است</h1>", "اطلاعیه"), "maintenance", True),
        (page("<p>درگاه پرداخت موقتاً بسته است.</p>", "پورتال"), "maintenance", False),
        (page("<h1>خطا در اتصال به پایگاه داده</h1>", "خطا"), "error", True),
        (
            page("<center><h1>502 Bad Gateway</h1></center><hr>nginx", "502 Bad Gateway"),
            "error",
            True,
        ),
        (page("<h1>Error establishing a database connection</h1>", ""), "error", True),
        (page("<h2>متاسفانه مطلب مورد نظر حذف شده است</h2>", "پورتال"), "not_found", True),
        (page("<h2>صفحه درخواستی در دسترس نیست</h2>", "پورتال"), "not_found", True),
        (page("<p>لینک نامعتبر است.</p>", "پورتال"), "not_found", False),
        # a page that died half-way, and a CDN's browser check (red team round 7)
        (page(""), "error", True),
        (
            page("<br><b>Fatal error</b>: Uncaught PDOException in /var/www/db.php:3"),
            "error",
            False,
        ),
        (page("<p>در حال بررسی مرورگر شما</p>", "ArvanCloud"), "challenge", False),
        (page("<h1>Checking your browser</h1>", "Just a moment..."), "challenge", True),
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
        # What the page's surroundings say on every page is not what the page is: a sidebar
        # login box, an announcement bar in the header (red team round 6, F01).
        page(
            '<aside class="login"><h2>ورود به سامانه</h2><form><input name="user">'
            '<input type="password" name="pass"></form></aside>'
            "<main><h1>صدور پروانه ساختمان</h1><p>مدارک لازم: سند مالکیت</p></main>",
            "صدور پروانه ساختمان",
        ),
        page(
            '<header><h2 class="notice">اطلاعیه: سامانه پرداخت عوارض امشب در حال به‌روزرسانی'
            " است</h2></header><h1>پرداخت عوارض نوسازی</h1><p>پرداخت برخط عوارض</p>",
            "پرداخت عوارض نوسازی",
        ),
        page(
            '<div class="right-sidebar"><b>ورود به سامانه</b><input type="password"></div>'
            "<p>فهرست خدمات شهرداری</p>",
            "میز خدمت",
        ),
        page("<marquee>سایت در روز جمعه در حال به‌روزرسانی است</marquee><p>خدمات</p>", "خانه"),
        # a service about a removed or lost document is no soft 404
        page("<h1>صدور المثنی سند مفقود شده</h1><p>برای سندی که از دست رفته است</p>"),
        # an app's shell shows no text until its script runs: no «white screen»
        page('<div id="root"></div><script src="/main.js"></script>'),
    ],
)
def test_real_pages_are_not_stand_ins(response: HtmlResponse) -> None:
    assert stand_in(response) is None
