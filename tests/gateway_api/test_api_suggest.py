"""GET /api/suggest (autocomplete) and the «منظورتان … بود؟» suggestion of /api/search,
on a real tantivy index."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from gateway_api.search import MAX_SUGGEST_CHARS, MAX_SUGGESTIONS
from indexer.latin import keyboard_layout as persian_layout

LICENCES = {"صدور گواهینامه رانندگی پایه سوم", "تمدید گواهینامه رانندگی"}


def suggest(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/suggest", params=params)
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def titles(client: TestClient, q: str) -> set[str]:
    return {entry["title"] for entry in suggest(client, q=q)}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("گواهینا", LICENCES),
        ("گواهينا", LICENCES),  # Arabic yeh, as old keyboards type it
        ("گواهي‌نا", LICENCES),  # Arabic yeh and a half-space inside the compound
        ("گواهی نا", LICENCES),  # the half-space typed as a space
        ("  گواهینا\u200f ", LICENCES),  # stray spaces and a bidi mark
        ("تمدید گو", {"تمدید گواهینامه رانندگی"}),
        ("تعويض پلا", {"تعویض پلاک خودرو"}),
        ("ثبت‌نام مال", {"ثبت‌نام مالیات بر ارزش افزوده"}),
        ("زیردریا", set()),
    ],
)
def test_a_prefix_in_any_spelling_completes_service_titles(gateway_client, typed, expected):
    assert titles(gateway_client, typed) == expected


def test_a_completion_names_the_service_its_agency_and_a_safe_link(
    gateway_client, populated_gateway
):
    plate = populated_gateway.docs["plate"]
    assert suggest(gateway_client, q="تعویض پل") == [
        {
            "id": plate.id,
            "title": "تعویض پلاک خودرو",
            "agency": "پلیس راهور استان",
            "go_url": f"/go/{plate.id}",
        }
    ]
    # the link is the gateway's checked redirect, never the portal URL itself
    redirect = gateway_client.get(f"/go/{plate.id}")
    assert redirect.status_code == 302 and redirect.headers["location"] == plate.url


def test_titles_starting_with_the_prefix_come_first(gateway_client):
    entries = suggest(gateway_client, q="پروانه")
    assert entries and entries[0]["title"].startswith("پروانه")


def test_limit_caps_the_list(gateway_client):
    everything = suggest(gateway_client, q="پروانه")
    assert len(everything) > 2
    assert suggest(gateway_client, q="پروانه", limit=2) == everything[:2]


@pytest.mark.parametrize("q", ["", "   ", "\u200c", "\x00\x1b", "\u202e\u202c"])
def test_nothing_typed_offers_nothing(gateway_client, q):
    assert suggest(gateway_client, q=q) == []


def test_no_q_at_all_offers_nothing(gateway_client):
    assert suggest(gateway_client) == []


@pytest.mark.parametrize(
    ("params", "parameter", "persian"),
    [
        ({"q": "ا" * (MAX_SUGGEST_CHARS + 1)}, "q", "حداکثر ۱۰۰ نویسه"),
        ({"q": "x" * 10_000}, "q", "حداکثر ۱۰۰ نویسه"),
        ({"q": "پرو", "limit": 0}, "limit", "تعداد پیشنهادها"),
        ({"q": "پرو", "limit": MAX_SUGGESTIONS + 1}, "limit", "تعداد پیشنهادها"),
        ({"q": "پرو", "limit": "همه"}, "limit", "تعداد پیشنهادها"),
        ({"q": "پرو", "limit": -1}, "limit", "تعداد پیشنهادها"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(gateway_client, params, parameter, persian):
    response = gateway_client.get("/api/suggest", params=params)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["parameter"] == parameter
    assert persian in problem["message_fa"]
    assert f"'{parameter}'" in problem["message_en"]


def test_search_keeps_its_own_query_limit_in_messages(gateway_client):
    response = gateway_client.get("/api/search", params={"q": "ا" * 201})
    (problem,) = response.json()["detail"]
    assert "حداکثر ۲۰۰ نویسه" in problem["message_fa"] and "200" in problem["message_en"]


@pytest.mark.parametrize(
    "q",
    [
        "!!!؟؟؟...،،،",
        '"""',
        "((( ]]] {{{",
        "title:پرو*",
        "* ? ~ ^ : + -",
        "\ufffd%00%ff",
        "🏠🏗️" * 10,
        "ا" * MAX_SUGGEST_CHARS,
        " ".join(["پروانه"] * 14),
        "ـــ",  # only kashida
        "{max} {fa_max} {0}",
        "'; DROP TABLE portals; --",
        "<script>",
    ],
)
def test_absurd_input_gets_an_answer_not_a_crash(gateway_client, q):
    entries = suggest(gateway_client, q=q)
    assert all(set(entry) == {"id", "title", "agency", "go_url"} for entry in entries)


def test_hostile_titles_are_data_to_escape(gateway_client, populated_gateway):
    hostile = populated_gateway.docs["hostile_title"]
    entries = suggest(gateway_client, q="<script>alert")
    assert all(e["id"] != hostile.id or e["title"] == hostile.title for e in entries)


def test_openapi_documents_suggest(gateway_client):
    schema = gateway_client.get("/openapi.json").json()
    op = schema["paths"]["/api/suggest"]["get"]
    assert {p["name"] for p in op["parameters"]} == {"q", "limit"}
    q = next(p for p in op["parameters"] if p["name"] == "q")
    assert q["schema"]["maxLength"] == MAX_SUGGEST_CHARS
    ok = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["type"] == "array" and ok["items"]["$ref"].endswith("/Suggestion")
    assert "422" in op["responses"]
    suggestion = schema["components"]["schemas"]["Suggestion"]
    assert set(suggestion["properties"]) == {"id", "title", "agency", "go_url"}
    search = schema["components"]["schemas"]["SearchResponse"]["properties"]
    assert {"suggestion", "suggestion_reason", "corrected"} <= set(search)


# --- «منظورتان … بود؟» in /api/search ---------------------------------------------------------


def search(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("q", ["پروانه ساختمان", "گواهینامه", "تعویض پلاک", ""])
def test_a_well_spelled_query_gets_no_suggestion(gateway_client, q):
    body = search(gateway_client, q=q)
    assert body["suggestion"] is None and body["suggestion_reason"] is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("mv,hki shojlhk", "پروانه ساختمان"),
        ("',hidkhli", "گواهینامه"),
    ],
)
def test_a_query_typed_on_the_latin_layout_shows_the_persian_words_results(
    gateway_client, typed, meant
):
    body = search(gateway_client, q=typed)
    assert (body["suggestion"], body["suggestion_reason"]) == (meant, "keyboard")
    assert body["corrected"] and body["total"] > 0  # the results are the retyped query's
    assert body["total"] == search(gateway_client, q=meant)["total"]
    # «search instead for …»: exactly what was typed, which finds nothing
    exact = search(gateway_client, q=typed, exact=True)
    assert exact["total"] == 0 and not exact["corrected"] and exact["match"] == "none"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("tamdid govahiname", "تمدید گواهینامه"),
        ("pelak khodro", "پلاک خودرو"),
        ("maliat", "مالیات"),
    ],
)
def test_finglish_shows_the_persian_words_results(gateway_client, typed, meant):
    body = search(gateway_client, q=typed)
    assert (body["suggestion"], body["suggestion_reason"]) == (meant, "finglish")
    assert body["corrected"] and body["total"] > 0


@pytest.mark.parametrize("typed", ["qqqq", "xyzzy plugh", "zvwq"])
def test_a_latin_query_whose_conversions_find_nothing_gets_no_suggestion(gateway_client, typed):
    body = search(gateway_client, q=typed)
    assert body["total"] == 0 and body["suggestion"] is None and not body["corrected"]


def test_an_english_service_name_finds_its_persian_services_as_typed(gateway_client):
    """«tax» was read on the keyboard as «فشط» (issue 8); it is a listed English name."""
    body = search(gateway_client, q="tax")
    assert body["total"] > 0 and body["suggestion"] is None and not body["corrected"]
    assert "مالیات" in body["results"][0]["title"]


def test_the_api_says_when_only_part_of_the_query_matched(gateway_client):
    body = search(gateway_client, q="تمدید پروانه ماهیگیری")
    assert body["match"] == "partial" and body["total"] > 0
    assert body["results"][0]["title"] == "تمدید پروانه ساختمان"
    assert search(gateway_client, q="تمدید پروانه ساختمان")["match"] == "complete"
    assert search(gateway_client, q="ماهیگیری")["match"] == "none"


def test_latin_text_that_means_nothing_in_persian_either_gets_no_suggestion(gateway_client):
    body = search(gateway_client, q="qqqq")
    assert body["total"] == 0 and body["suggestion"] is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("گواهینامح", "گواهینامه"),  # last letter one key away
        ("پروانه ساختمن", "پروانه ساختمان"),  # a letter dropped
        ("تعویز پلاک", "تعویض پلاک"),  # a homophone letter
    ],
)
def test_a_misspelled_query_suggests_the_indexed_spelling(gateway_client, typed, meant):
    body = search(gateway_client, q=typed)
    assert (body["suggestion"], body["suggestion_reason"]) == (meant, "spelling")
    assert search(gateway_client, q=meant)["total"] > 0


# --- the keyboard layout mapping ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("mv,hki shojlhk", "پروانه ساختمان"),
        ("',hidkhli", "گواهینامه"),
        ("Hfd", "آبی"),
        ("پروانه", None),
        ("پروانه abc", None),  # mixed on purpose: leave it alone
        ("1405", None),
        ("", None),
    ],
)
def test_persian_layout(typed, meant):
    assert persian_layout(typed) == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("تعویز پلاک", "تعویض پلاک"),
        ("پروانع ساختمان", "پروانه ساختمان"),
        ("مالیت", "مالیات"),
    ],
)
def test_a_misspelled_query_that_found_nothing_answers_with_the_corrections_results(
    gateway_client, typed, meant
):
    body = search(gateway_client, q=typed)
    assert body["corrected"] is True
    assert (body["query"], body["suggestion"], body["suggestion_reason"]) == (
        typed,
        meant,
        "spelling",
    )
    own = search(gateway_client, q=meant)
    assert own["corrected"] is False
    assert body["total"] == own["total"] > 0
    assert [r["id"] for r in body["results"]] == [r["id"] for r in own["results"]]
    assert body["facets"] == own["facets"]


@pytest.mark.parametrize("q", ["تعویض پلاک", "زیردریایی", ""])
def test_other_searches_are_not_corrected(gateway_client, q):
    """Well spelled, or hopeless."""
    assert search(gateway_client, q=q)["corrected"] is False
