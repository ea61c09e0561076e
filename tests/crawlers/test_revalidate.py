"""What a recrawl asks conditionally, and when it fetches a page whole again."""

from __future__ import annotations

from time import time

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.settings import Settings

from crawlers.revalidate import FETCHED_HEADER, RevalidatePolicy

DAY = 86400.0
PAST = "Wed, 21 Oct 2015 07:28:00 GMT"
FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT"


def asked(etag: str | None, last_modified: str | None, fetched_days_ago: float) -> dict[str, str]:
    headers = {FETCHED_HEADER.decode(): str(time() - fetched_days_ago * DAY)}
    if etag:
        headers["ETag"] = etag
    if last_modified:
        headers["Last-Modified"] = last_modified
    stored = HtmlResponse("https://portal.ir/s/1", body=b"<html></html>", headers=headers)
    request = Request("https://portal.ir/s/1")
    policy = RevalidatePolicy(Settings({"DARGAH_HTTPCACHE_REFETCH_DAYS": 7}))
    assert policy.is_cached_response_fresh(stored, request) is False  # always asks the portal
    return {k.decode(): v[0].decode() for k, v in request.headers.items()}


@pytest.mark.parametrize(
    ("etag", "last_modified", "days", "conditional"),
    [
        ('"a1"', PAST, 1, {"If-None-Match": '"a1"', "If-Modified-Since": PAST}),
        (None, PAST, 6, {"If-Modified-Since": PAST}),
        # a date in the future would have every later change answered 304 (red team 6, F09)
        ('"a1"', FUTURE, 1, {"If-None-Match": '"a1"'}),
        (None, FUTURE, 1, {}),
        (None, "yesterday", 1, {}),
        # validators can lie (one ETag on every page): a copy fetched whole a week ago is
        # fetched whole again
        ('"a1"', PAST, 8, {}),
    ],
)
def test_what_a_recrawl_asks(
    etag: str | None, last_modified: str | None, days: float, conditional: dict[str, str]
) -> None:
    assert asked(etag, last_modified, days) == conditional
