"""GET /api/search and /api/services on a real tantivy index and SQLite registry."""

from __future__ import annotations

import math
from typing import Any

import pytest
from fastapi.testclient import TestClient

from indexer.backend import MAX_QUERY_CHARS


def search(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_search_finds_the_service_across_agencies(gateway_client, populated_gateway):
    body = search(gateway_client, q="پروانه ساختمان")
    ids = [r["id"] for r in body["results"]]
    assert populated_gateway.docs["permit"].id in ids
    assert populated_gateway.docs["road_permit"].id in ids  # another agency's permit
    assert {r["agency_id"] for r in body["results"]} >= {"shahrdari-tabriz", "rah-shahrsazi"}
    assert populated_gateway.docs["licence"].id not in ids  # unrelated service


def test_results_carry_what_a_page_needs(gateway_client, populated_gateway):
    permit = populated_gateway.docs["permit"]
    body = search(gateway_client, q="پروانه ساختمان مسکونی")
    result = next(r for r in body["results"] if r["id"] == permit.id)
    assert result == {
        "id": permit.id,
        "title": "صدور پروانه ساختمان مسکونی",
        "agency": "شهرداری تبریز",
        "agency_id": "shahrdari-tabriz",
        "category": "شهرسازی",
        "topic": "housing",  # indexed without a topic: filed by the rules on reading
        "topic_label": "ساختمان، مسکن و شهرسازی",
        "snippet": result["snippet"],
        "url": "https://www.tabriz.ir/services/building-permit",
        "go_url": f"/go/{permit.id}",
        "page_url": f"/services/{permit.id}",
        "domain": "www.tabriz.ir",
        "crawled_at": "2026-11-22T20:45:00Z",
        "broken": False,  # not checked yet: nothing says it is broken
        "related": False,  # a match of the query
    }
    assert "<mark>پروانه</mark>" in result["snippet"]
    assert body["query"] == "پروانه ساختمان مسکونی"


def test_a_short_first_page_is_filled_with_related_services_after_the_matches(
    gateway_client, populated_gateway
):
    body = search(gateway_client, q="نهضت ملی مسکن")
    results = body["results"]
    assert body["total"] == 1 and body["match"] == "complete"  # one match, counted alone
    assert results[0]["id"] == populated_gateway.docs["housing"].id
    assert not results[0]["related"]
    assert len(results) > 1 and all(r["related"] for r in results[1:])
    assert all("<mark>" not in r["snippet"] for r in results[1:])  # the query is not in them
    # the agency filter holds for the related services too
    filtered = search(gateway_client, q="نهضت ملی مسکن", agency="rah-shahrsazi")
    assert {r["agency_id"] for r in filtered["results"]} == {"rah-shahrsazi"}


def test_facets_count_agencies_and_categories_of_all_matches(gateway_client):
    body = search(gateway_client, q="پروانه ساختمان")
    agencies = {f["value"]: f for f in body["facets"]["agency"]}
    assert agencies["shahrdari-tabriz"]["label"] == "شهرداری تبریز"
    assert sum(f["count"] for f in agencies.values()) == body["total"]
    categories = {f["value"]: f["count"] for f in body["facets"]["category"]}
    assert categories["مجوزها"] == 2  # road permit + engineer licence
    assert sum(categories.values()) == body["total"]


def test_agency_filter_keeps_other_agencies_in_the_facet(gateway_client):
    body = search(gateway_client, q="پروانه ساختمان", agency="rah-shahrsazi")
    assert body["total"] == 2
    assert {r["agency_id"] for r in body["results"]} == {"rah-shahrsazi"}
    # the agency facet ignores its own filter so a person can switch agency
    assert "shahrdari-tabriz" in {f["value"] for f in body["facets"]["agency"]}


def test_category_filter(gateway_client):
    body = search(gateway_client, q="گواهینامه", category="گواهینامه")
    assert body["total"] == 2
    assert {r["category"] for r in body["results"]} == {"گواهینامه"}


def test_browsing_an_agency_without_a_query(gateway_client):
    body = search(gateway_client, agency="polis-rahvar")
    titles = {r["title"] for r in body["results"]}
    assert titles == {
        "صدور گواهینامه رانندگی پایه سوم",
        "تمدید گواهینامه رانندگی",
        "تعویض پلاک خودرو",
    }


def test_an_empty_request_returns_nothing_but_all_agencies(gateway_client):
    body = search(gateway_client)
    assert body["total"] == 0 and body["results"] == []
    assert len(body["facets"]["agency"]) == 4


def test_paging_walks_through_all_results_once(gateway_client):
    first = search(gateway_client, q="پروانه ساختمان", size=3)
    assert first["pages"] == math.ceil(first["total"] / 3) >= 2
    seen: list[str] = []
    for page in range(1, first["pages"] + 1):
        body = search(gateway_client, q="پروانه ساختمان", size=3, page=page)
        assert body["page"] == page and body["total"] == first["total"]
        seen += [r["id"] for r in body["results"]]
    assert len(seen) == len(set(seen)) == first["total"]
    beyond = search(gateway_client, q="پروانه ساختمان", size=3, page=first["pages"] + 1)
    assert beyond["results"] == [] and beyond["total"] == first["total"]


@pytest.mark.parametrize(
    ("params", "parameter", "persian"),
    [
        ({"q": "ا" * (MAX_QUERY_CHARS + 1)}, "q", "عبارت جستجو"),
        ({"q": "x" * 10_000}, "q", "عبارت جستجو"),
        ({"q": "پروانه", "page": 0}, "page", "شماره صفحه"),
        ({"q": "پروانه", "page": -3}, "page", "شماره صفحه"),
        ({"q": "پروانه", "page": "دوم"}, "page", "شماره صفحه"),
        ({"q": "پروانه", "page": 10**9}, "page", "شماره صفحه"),
        ({"q": "پروانه", "size": 0}, "size", "تعداد نتایج"),
        ({"q": "پروانه", "size": 51}, "size", "تعداد نتایج"),
        ({"q": "پروانه", "size": "1.5"}, "size", "تعداد نتایج"),
        ({"q": "پروانه", "agency": "a" * 500}, "agency", "شناسه دستگاه"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(gateway_client, params, parameter, persian):
    response = gateway_client.get("/api/search", params=params)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["parameter"] == parameter
    assert persian in problem["message_fa"]
    assert f"'{parameter}'" in problem["message_en"]
    assert problem["message"] == f"{problem['message_fa']} / {problem['message_en']}"


@pytest.mark.parametrize(
    "query",
    [
        "!!!؟؟؟...،،،",
        '"""',
        "((( ]]] {{{",
        "title:پروانه AND OR NOT",
        "* ? ~ ^ : + -",
        "\x00\x01\x1b[31m",
        "\u202eپروانه\u202c",  # right-to-left override
        "🏠🏗️" * 20,
        "ا" * MAX_QUERY_CHARS,
        " ".join(["پروانه"] * 28),  # many words, just under the limit
        "'; DROP TABLE portals; --",
        "%00%ff\ufffd",
        "ـــــ",  # only kashida
    ],
)
def test_absurd_queries_get_an_answer_not_a_crash(gateway_client, query):
    body = search(gateway_client, q=query)
    assert body["total"] >= 0
    assert not any(ord(ch) < 32 or ch in "\u202e\u202c" for ch in body["query"])


def test_control_characters_are_dropped_from_the_query(gateway_client, populated_gateway):
    body = search(gateway_client, q="پروانه\x00 \u202eساختمان\t")
    assert body["query"] == "پروانه ساختمان"
    assert populated_gateway.docs["permit"].id in {r["id"] for r in body["results"]}


def test_zero_width_non_joiner_is_part_of_the_word(gateway_client, populated_gateway):
    body = search(gateway_client, q="نوبت‌دهی")
    assert body["query"] == "نوبت\u200cدهی"
    assert populated_gateway.docs["credentials"].id in {r["id"] for r in body["results"]}


def test_snippets_escape_crawled_markup(gateway_client, populated_gateway):
    hostile = populated_gateway.docs["hostile_title"]
    body = search(gateway_client, q="پروانه ساختمان تجاری")
    result = next(r for r in body["results"] if r["id"] == hostile.id)
    assert "<img" not in result["snippet"]
    assert "&lt;img src=x onerror=" in result["snippet"]
    assert result["snippet"].replace("<mark>", "").replace("</mark>", "").count("<") == 0
    # JSON carries the title as data; whoever renders it must escape it (the UI does)
    assert result["title"].startswith("<script>")


def test_service_details(gateway_client, populated_gateway):
    permit = populated_gateway.docs["permit"]
    response = gateway_client.get(f"/api/services/{permit.id}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "صدور پروانه ساختمان مسکونی"
    assert body["fields"]["duration"] == "۱۵ روز کاری"  # indexed as «مدت انجام»
    assert body["go_url"] == f"/go/{permit.id}"


@pytest.mark.parametrize("service_id", ["0000000000000000", "x" * 300, "<script>", "پروانه"])
def test_unknown_service_is_404_json(gateway_client, service_id):
    response = gateway_client.get(f"/api/services/{service_id}")
    assert response.status_code == 404
    assert response.json() == {"detail": "خدمت یافت نشد / service not found"}


def test_agencies_lists_registered_portals_with_counts(gateway_client):
    response = gateway_client.get("/api/agencies")
    assert response.status_code == 200
    counts = {a["value"]: a["count"] for a in response.json()}
    assert counts == {"shahrdari-tabriz": 9, "rah-shahrsazi": 3, "polis-rahvar": 3, "maliat": 2}


def test_openapi_documents_the_response_models(gateway_client):
    schema = gateway_client.get("/openapi.json").json()
    search_op = schema["paths"]["/api/search"]["get"]
    names = {p["name"] for p in search_op["parameters"]}
    assert names >= {"q", "agency", "category", "page", "size"}
    ok = search_op["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/SearchResponse")
    assert "422" in search_op["responses"]
    assert "/go/{service_id}" in schema["paths"]
    assert "/" not in schema["paths"]  # the HTML page is not an API
    assert gateway_client.get("/docs").status_code == 200


def test_health_of_the_embedded_index(gateway_client):
    response = gateway_client.get("/api/health")
    assert response.status_code == 200
    body = response.json()["cluster"]
    assert (body["backend"], body["status"], body["degraded"]) == ("embedded", "green", False)
    assert body["message_fa"] == "جستجوی خدمات سالم است."
