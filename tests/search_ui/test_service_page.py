"""The gateway's own page per service, read as HTML."""

from __future__ import annotations

from tests.search_ui.test_ui_pages import links


def test_service_page_shows_details_under_persian_labels(gateway_client, populated_gateway):
    permit = populated_gateway.docs["permit"]
    response = gateway_client.get(f"/services/{permit.id}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<h1" in html and "صدور پروانه ساختمان مسکونی</h1>" in html
    assert "شهرداری تبریز" in html and "سند مالکیت، نقشه‌های معماری" in html
    # the document was indexed with raw labels («مدارک لازم», «مدت انجام»): mapped on reading
    assert "<dt>مدارک مورد نیاز</dt><dd>سند مالکیت، نقشه‌های مصوب، کارت ملی مالک</dd>" in html
    assert "<dt>مدت انجام</dt><dd>۱۵ روز کاری</dd>" in html
    assert "آخرین بار در وبگاه دستگاه دیده شد: ۱۴۰۵/۰۹/۰۲" in html
    go = next(a for a in links(html) if a[0] == f"/go/{permit.id}")
    assert go[2].startswith("ورود به خدمت در وبگاه شهرداری تبریز")
    assert not any(href.startswith("http") for href, _, _ in links(html))


def test_service_json_uses_the_vocabulary_too(gateway_client, populated_gateway):
    permit = populated_gateway.docs["permit"]
    data = gateway_client.get(f"/api/services/{permit.id}").json()
    assert data["fields"] == {
        "documents": "سند مالکیت، نقشه‌های مصوب، کارت ملی مالک",
        "duration": "۱۵ روز کاری",
    }
    assert data["page_url"] == f"/services/{permit.id}"


def test_unknown_service_is_a_persian_404_page(gateway_client):
    response = gateway_client.get("/services/ffffffffffffffff")
    assert response.status_code == 404
    assert "این صفحه پیدا نشد" in response.text


def test_hostile_text_on_the_service_page_is_escaped(gateway_client, populated_gateway):
    hostile = next(d for d in populated_gateway.docs.values() if "<script>" in d.title)
    html = gateway_client.get(f"/services/{hostile.id}").text
    assert "&lt;script&gt;alert(" in html and "<script>alert(" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html


def test_empty_box_offers_domains_to_browse(gateway_client, populated_gateway):
    html = gateway_client.get("/").text
    assert "مرور خدمات بر اساس موضوع" in html
    hrefs = {href: text for href, _, text in links(html)}
    assert hrefs["/?topic=housing"].startswith("ساختمان، مسکن و شهرسازی")
    browsed = gateway_client.get("/", params={"topic": "housing"}).text
    permit = populated_gateway.docs["permit"]
    assert f'href="/services/{permit.id}"' in browsed
    assert "موضوع: ساختمان، مسکن و شهرسازی" in browsed  # the active filter, removable
    assert 'id="facet-topic"' in browsed


def test_search_results_facet_by_domain(gateway_client):
    body = gateway_client.get("/api/search", params={"q": "پروانه"}).json()
    topics = {f["value"]: f for f in body["facets"]["topic"]}
    assert topics, body["facets"]
    one = next(iter(topics.values()))
    narrowed = gateway_client.get("/api/search", params={"q": "پروانه", "topic": one["value"]})
    assert narrowed.json()["total"] == one["count"]
    assert {r["topic"] for r in narrowed.json()["results"]} == {one["value"]}


def test_header_names_the_province_and_footer_links_about_and_privacy(gateway_client):
    html = gateway_client.get("/").text
    assert "درگاه یکپارچه خدمات استان البرز" in html  # GATEWAY_PROVINCE_NAME's default
    hrefs = {href for href, _, _ in links(html)}
    assert {"/about", "/privacy"} <= hrefs
    privacy = gateway_client.get("/privacy")
    assert privacy.status_code == 200 and "IP" in privacy.text and "#" in privacy.text
    assert gateway_client.get("/about").status_code == 200


def test_a_broken_go_link_page_keeps_the_header_and_search_box(gateway_client):
    page = gateway_client.get("/go/ffffffffffffffff")
    assert page.status_code == 404
    assert 'role="search"' in page.text and 'name="q"' in page.text
    assert "درگاه یکپارچه خدمات استان" in page.text
