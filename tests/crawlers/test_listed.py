"""Services a listing describes in place: which blocks are services, and which are not."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from crawlers.strategies.listed import listed_services

URL = "https://rahdari.example/khadamat"
FORMS = "https://eservices.rahdari.example/Service/Request"


def page(body: str) -> HtmlResponse:
    doc = (
        f'<html lang="fa" dir="rtl"><head><title>میز خدمت</title></head><body>{body}</body></html>'
    )
    return HtmlResponse(url=URL, body=doc.encode("utf-8"))


def accordion_card(n: int, title: str, action: str = "درخواست خدمت", target: str = "") -> str:
    target = target or f"{FORMS}?sid={n}"
    return f"""<div class="card"><div class="card-header"><h5><button class="btn btn-link"
    data-toggle="collapse" data-target="#c{n}">{title}</button></h5></div>
    <div id="c{n}" class="collapse"><div class="card-body"><p>این خدمت برای متقاضیان واجد شرایط
    ارائه می‌شود و درخواست آن الکترونیکی است.</p><p><strong>مدارک لازم:</strong> کارت ملی</p>
    <p><strong>هزینه:</strong> رایگان</p><a class="btn" href="{target}">{action}</a>
    <a href="/forms/form-{n}.pdf">دانلود فرم</a></div></div></div>"""


TITLES = ["صدور کارت هوشمند رانندگان", "صدور بارنامه الکترونیکی", "تمدید پروانه فعالیت"]


def test_accordion_cards_are_services_at_their_request_forms() -> None:
    found = listed_services(page("".join(accordion_card(n, t) for n, t in enumerate(TITLES))))
    assert [(s.url, s.title) for s in found] == [
        (f"{FORMS}?sid={n}", t) for n, t in enumerate(TITLES)
    ]
    first = found[0]
    assert first.fields == {"مدارک لازم": "کارت ملی", "هزینه": "رایگان"}
    assert first.description.startswith("این خدمت برای متقاضیان")
    assert first.fetched is False  # the listing names the form; nothing fetched it


def test_details_blocks_and_other_action_words_count_too() -> None:
    blocks = "".join(
        f"<details><summary>{t}</summary><p>شرح کوتاه خدمت</p>"
        f'<a href="/e/{n}">ورود به سامانه</a></details>'
        for n, t in enumerate(TITLES)
    )
    found = listed_services(page(blocks))
    assert [s.title for s in found] == TITLES
    assert found[1].url == "https://rahdari.example/e/1"


@pytest.mark.parametrize(
    ("case", "body"),
    [
        (  # the block links a page of its own: that page is the service's, judged there
            "own page",
            "".join(
                accordion_card(n, f'<a href="/service/{n}">{t}</a>') for n, t in enumerate(TITLES)
            ),
        ),
        (  # a FAQ: no block starts a service
            "faq",
            "".join(f"<details><summary>{t}؟</summary><p>پاسخ پرسش</p></details>" for t in TITLES),
        ),
        (  # every block leads to the same login: the portal's door, not one service's
            "one target",
            "".join(
                accordion_card(n, t, "ورود به سامانه", "https://my.example/login")
                for n, t in enumerate(TITLES)
            ),
        ),
        (  # one service's page whose field blocks each have a button
            "one service's fields",
            "<h1>صدور پروانه ساختمانی</h1>"
            '<div><h3>مدارک لازم</h3><p>سند</p><a href="/request?x=1">ثبت درخواست</a></div>'
            "<div><h3>مراحل انجام کار</h3><p>بازدید</p>"
            '<a href="/request?x=2">ثبت درخواست</a></div>',
        ),
        ("a single block", accordion_card(1, TITLES[0])),
        (  # a script link or a file is no place to start a service
            "no page",
            "".join(
                accordion_card(n, t, target=f"/forms/{n}.pdf")
                + accordion_card(n + 9, t, target="#")
                for n, t in enumerate(TITLES)
            ),
        ),
    ],
)
def test_blocks_that_are_not_services_of_their_own(case: str, body: str) -> None:
    assert listed_services(page(body)) == [], case
