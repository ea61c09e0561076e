"""The JSON API's errors that no route writes: an unknown /api/ path, a method the path does
not take. Said in Persian and English like every other API error (red team round 12: Starlette's
bare {"detail": "Not Found"} / {"detail": "Method Not Allowed"})."""

from __future__ import annotations

import re

import pytest

PERSIAN = re.compile(r"[\u0600-\u06ff]")


def test_an_unknown_api_path_is_a_bilingual_404(gateway_client):
    response = gateway_client.get("/api/servicez")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    fa, en = response.json()["detail"].split(" / ", 1)
    assert fa == "این نشانی در API درگاه وجود ندارد؛ نشانی‌های API در /docs فهرست شده‌اند."
    assert en == "No such API path; the API's paths are listed at /docs."


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/api/search?q=x"), ("PUT", "/api/services/abc")]
)
def test_a_method_the_path_does_not_take_is_a_bilingual_405(gateway_client, method, path):
    response = gateway_client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"  # kept, as Starlette sends it
    fa, en = response.json()["detail"].split(" / ", 1)
    assert fa == f"این نشانی روش {method} را نمی‌پذیرد؛ روش‌های پذیرفته: GET."
    assert en == f"Method {method} is not allowed on this path; allowed: GET."


def test_a_routes_own_error_is_kept_as_it_wrote_it(gateway_client):
    response = gateway_client.get("/api/services/no-such-service")
    assert response.status_code == 404
    assert response.json() == {"detail": "خدمت یافت نشد / service not found"}


def test_the_pages_not_found_stays_the_persian_page(gateway_client):
    response = gateway_client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "این صفحه پیدا نشد" in response.text and PERSIAN.search(response.text)
