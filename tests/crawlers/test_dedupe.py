"""Clean URLs: what a portal's links carry that is no part of the page, and what is."""

from __future__ import annotations

import pytest

from crawlers.dedupe import clean_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://p.ir/s?id=3&utm_source=sms&fbclid=x", "https://p.ir/s?id=3"),
        ("https://p.ir/services/12?ref=home", "https://p.ir/services/12"),
        # the registration's own parameters, whatever their case
        ("https://p.ir/s?ServiceId=3&CategoryID=9", "https://p.ir/s?ServiceId=3"),
        # a session token is dropped; a short «sid» names the service itself
        ("https://p.ir/s?sid=4f1c9ae07b2d4e58a9c3&id=3", "https://p.ir/s?id=3"),
        ("https://p.ir/Service/Request?sid=112", "https://p.ir/Service/Request?sid=112"),
        # a route in the query (Rayan's portals) stays exactly as written, not «news%2F2411=»
        (
            "https://p.ir/Portal/home/?news/2411/279113/%D8%B9%D9%86%D9%88%D8%A7%D9%86&utm_medium=x",
            "https://p.ir/Portal/home/?news/2411/279113/%D8%B9%D9%86%D9%88%D8%A7%D9%86",
        ),
        ("https://p.ir/s?b=2&a=1", "https://p.ir/s?b=2&a=1"),  # order kept: listings may need it
        # a Java servlet's session in the path (Liferay before the cookie is set)
        (
            "https://p.ir/web/guest/khadamat;jsessionid=8F3C2A91D0B4E7F6?p_p_id=101&cur=2",
            "https://p.ir/web/guest/khadamat?p_p_id=101&cur=2",
        ),
        ("https://p.ir/a;JSESSIONID=AB12/b", "https://p.ir/a/b"),
        ("https://p.ir/s;v=2/x", "https://p.ir/s;v=2/x"),  # other path parameters are kept
    ],
)
def test_clean_url(url: str, expected: str) -> None:
    assert clean_url(url, ["categoryid"]) == expected
