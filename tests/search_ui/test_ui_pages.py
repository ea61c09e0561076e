"""The server-rendered search page, read as HTML (no JavaScript involved)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from indexer.backend import MAX_QUERY_CHARS


class Links(HTMLParser):
    """Collects <a> elements as (href, attributes, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, dict[str, str | None], str]] = []
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open.append((dict(attrs).get("href") or "", dict(attrs), []))

    def handle_data(self, data: str) -> None:
        for _, _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, attrs, text = self._open.pop()
            self.links.append((href, attrs, " ".join("".join(text).split())))


def links(html: str) -> list[tuple[str, dict[str, str | None], str]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def page(client: TestClient, **params: str) -> str:
    response = client.get("/", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return str(response.text)


def test_landing_page_offers_examples_and_agencies(gateway_client):
    html = page(gateway_client)
    assert '<html lang="fa" dir="rtl">' in html
    assert '<label for="q">' in html and 'role="search"' in html
    hrefs = {href: text for href, _, text in links(html)}
    assert hrefs["/?" + urlencode({"q": "پروانه ساختمان"})] == "پروانه ساختمان"
    assert hrefs["/?agency=shahrdari-tabriz"] == "شهرداری تبریز ۹ خدمت"
    assert hrefs["/?agency=maliat"] == "اداره کل امور مالیاتی استان ۲ خدمت"


def test_results_show_title_agency_domain_and_jalali_date(gateway_client, populated_gateway):
    permit = populated_gateway.docs["permit"]
    html = page(gateway_client, q="پروانه ساختمان مسکونی")
    title_link = next(a for a in links(html) if a[0] == f"/services/{permit.id}")
    assert title_link[2] == "صدور پروانه ساختمان مسکونی"
    direct = next(a for a in links(html) if a[0] == f"/go/{permit.id}")  # the direct way stays
    assert direct[2].startswith("ورود مستقیم به خدمت")
    article = html[html.index(f'id="hit-{permit.id}"') :]
    article = article[: article.index("</article>")]
    assert "شهرداری تبریز" in article and "شهرسازی" in article
    assert '<span class="hit-domain" dir="ltr">www.tabriz.ir</span>' in article
    assert "به‌روزرسانی ۱۴۰۵/۰۹/۰۲" in article  # 2026-11-22 20:45 UTC is already 09/02 in Tehran
    assert "<mark>" in article
    # no link anywhere points straight at a portal: every way out goes through /go
    assert not any(href.startswith("http") for href, _, _ in links(html))


def test_agency_facet_filters_and_can_be_removed(gateway_client):
    html = page(gateway_client, q="پروانه ساختمان")
    facet = next(a for a in links(html) if a[0].endswith("agency=rah-shahrsazi"))
    assert facet[2].endswith("۲")  # Persian digit count
    filtered = page(gateway_client, q="پروانه ساختمان", agency="rah-shahrsazi")
    assert "شهرداری تبریز</span>" not in filtered.split("<aside")[0]  # no other agency's hits
    selected = [a for a in links(filtered) if a[1].get("aria-current") == "true"]
    assert len(selected) == 1
    assert selected[0][2].startswith("اداره کل راه و شهرسازی")
    removal = [
        href
        for href, attrs, _ in links(filtered)
        if "برداشتن پالایه" in (attrs.get("aria-label") or "")
    ]
    assert removal and all("agency=" not in href for href in removal)


def test_paging_links_use_persian_digits(gateway_client):
    html = page(gateway_client, q="پروانه ساختمان", size="3")
    assert "صفحه ۱ از ۳" in html
    pager = html[html.index('class="pager"') :]
    pages = [(href, text) for href, _, text in links(pager)]
    second_page = "/?" + urlencode({"q": "پروانه ساختمان", "size": 3, "page": 2})
    assert (second_page, "صفحه ۲") in pages
    assert any(text == "بعدی ←" for _, text in pages)
    second = page(gateway_client, q="پروانه ساختمان", size="3", page="2")
    assert 'aria-current="page"' in second and "صفحه ۲ از ۳" in second


def test_no_results_page_helps(gateway_client):
    html = page(gateway_client, q="زیردریایی")
    assert "خدمتی برای «زیردریایی» پیدا نشد" in html
    assert "املای واژه‌ها" in html
    hrefs = [href for href, _, _ in links(html)]
    assert "/?agency=polis-rahvar" in hrefs  # browse an agency instead
    assert any(h.startswith("/?q=") for h in hrefs)  # example queries


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "</title><script>alert(1)</script>",
    ],
)
def test_the_query_is_escaped_wherever_it_is_shown(gateway_client, hostile):
    html = page(gateway_client, q=hostile)
    assert "<script>alert" not in html and "<img src=x" not in html


def test_hostile_titles_and_descriptions_are_escaped(gateway_client, populated_gateway):
    hostile = populated_gateway.docs["hostile_title"]
    html = page(gateway_client, q="پروانه ساختمان تجاری")
    assert f"/go/{hostile.id}" in html
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; پروانه ساختمان تجاری" in html
    # ours only: <script src="/static/autocomplete.js"> and <script src="/static/layout.js">
    assert html.count("<script") == 2
    assert html.count('<script src="/static/') == 2
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html


def test_too_long_query_explains_itself(gateway_client):
    response = gateway_client.get("/", params={"q": "ب" * (MAX_QUERY_CHARS + 50)})
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert "حداکثر ۲۰۰ نویسه" in response.text
    assert 'name="q"' in response.text  # the form is still there to fix it


def test_bad_page_number_still_shows_results(gateway_client):
    response = gateway_client.get("/", params={"q": "گواهینامه", "page": "سوم"})
    assert response.status_code == 422
    assert "شماره صفحه" in response.text
    assert "تمدید گواهینامه رانندگی" in response.text


def test_static_assets_are_served_locally(gateway_client):
    html = page(gateway_client)
    assert not re.search(r"""(src|href)=["']https?://""", html)  # nothing from a CDN
    css = gateway_client.get("/static/dargah.css")
    assert css.status_code == 200 and "Vazirmatn-Variable.woff2" in css.text
    font = gateway_client.get("/static/fonts/Vazirmatn-Variable.woff2")
    assert font.status_code == 200 and font.content[:4] == b"wOF2"
    assert gateway_client.get("/static/fonts/OFL.txt").status_code == 200
    assert gateway_client.get("/static/../routes.py").status_code == 404


def test_pages_run_only_the_gateways_own_script_files(gateway_client):
    response = gateway_client.get("/", params={"q": "پروانه"})
    directives = response.headers["content-security-policy"].split(";")
    policy = dict(part.strip().split(" ", 1) for part in directives)
    assert policy["script-src"] == "'self'"  # no inline script, no eval, no other origin
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", response.text, flags=re.S)
    assert scripts == ["", ""]  # two scripts, each loaded from a file
    assert '<script src="/static/autocomplete.js" defer>' in response.text
    js = gateway_client.get("/static/autocomplete.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert "innerHTML" not in js.text  # crawled titles go in as text only


def test_the_search_box_is_a_plain_form_until_the_script_enhances_it(gateway_client):
    html = page(gateway_client)
    form = html[html.index("<form") : html.index("</form>")]
    assert 'action="/"' in form and 'name="q"' in form
    assert 'role="combobox"' not in form  # claimed only once the script can keep the promise
    assert 'data-suggest-url="/api/suggest"' in form


def suggestion_links(html: str) -> list[tuple[str, str]]:
    block = html[html.index('<p class="suggest') :] if 'class="suggest' in html else ""
    block = block[: block.find("</p>")]
    return [(href, " ".join(text.split())) for href, _, text in links(block)]


def test_a_query_typed_in_the_wrong_layout_shows_the_persian_words_results(gateway_client):
    html = gateway_client.get("/", params={"q": "',hidkhli"}).text
    assert html.count('class="suggest') == 1
    assert "منظورتان" not in html and "صفحه‌کلید روی حروف انگلیسی" in html
    assert "نتایج برای «گواهینامه» نشان داده شده است" in html
    back = "/?" + urlencode({"q": "',hidkhli", "exact": 1})
    assert suggestion_links(html) == [(back, "جستجو برای «',hidkhli»")]


def test_the_link_back_to_the_typed_query_keeps_the_filters(gateway_client):
    html = gateway_client.get("/", params={"q": "',hidkhli", "agency": "polis-rahvar"}).text
    expected = "/?" + urlencode({"agency": "polis-rahvar", "q": "',hidkhli", "exact": 1})
    assert suggestion_links(html) == [(expected, "جستجو برای «',hidkhli»")]


def text_of(html: str, element_id: str) -> str:
    """The text of the element with this id, whitespace collapsed, tags dropped."""
    start = html.index(f'id="{element_id}"')
    block = html[html.index(">", start) + 1 : html.index("</h1>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


@pytest.mark.parametrize(
    ("typed", "meant", "heading"),
    [
        ("تعویز پلاک", "تعویض پلاک", "۱ خدمت برای «تعویض پلاک»"),
        ("پروانع ساختمان", "پروانه ساختمان", "۹ خدمت برای «پروانه ساختمان»"),  # 8 + 1 related
    ],
)
def test_a_misspelled_query_that_found_nothing_shows_the_corrections_results_as_such(
    gateway_client, typed, meant, heading
):
    html = page(gateway_client, q=typed)
    assert text_of(html, "results-heading").startswith(heading)  # not «… برای «typed»»
    assert html.count('class="suggest') == 1
    notice = re.sub(r"<[^>]+>", "", html[html.index('class="suggest corrected"') :])
    assert notice.split(">", 1)[1].startswith(
        f"نتایج برای «{meant}» نشان داده شده است؛ جستجو برای «{typed}»"
    )
    back = "/?" + urlencode({"q": typed, "exact": 1})
    assert (back, f"جستجو برای «{typed}»") in [(h, t.strip()) for h, _, t in links(html)]
    assert "منظورتان" not in html  # the correction is already applied, not offered
    assert f"<title>{meant} — " in html
    as_typed = page(gateway_client, q=typed, exact="1")  # the link back: no correction
    assert 'class="suggest' not in as_typed and f"<title>{typed} — " in as_typed


def test_a_search_matching_only_part_of_the_query_says_so(gateway_client):
    html = page(gateway_client, q="تمدید پروانه ماهیگیری")
    assert "نتیجه‌ای با همه واژه‌ها پیدا نشد؛ خدمات مرتبط:" in html
    assert "نتیجه‌ای با همه واژه‌ها" not in page(gateway_client, q="تمدید پروانه ساختمان")


def test_services_like_a_lone_match_are_listed_apart_from_it(gateway_client, populated_gateway):
    html = page(gateway_client, q="نهضت ملی مسکن")
    assert "۱ خدمت" in html  # the count is of matches only
    matches, related = html.split('<section class="related"', 1)
    assert f'id="hit-{populated_gateway.docs["housing"].id}"' in matches
    assert "خدمات مشابه «ثبت‌نام طرح نهضت ملی مسکن»" in related
    assert '<h3 class="hit-title">' in related and "<mark>" not in related.split("</section>")[0]
    # a page the matches fill has no such list
    assert 'class="related"' not in page(gateway_client, q="پروانه ساختمان", size="3")


def test_a_corrected_searchs_filters_and_pages_stay_on_the_correction(gateway_client):
    html = page(gateway_client, q="پروانع ساختمان", size="3")
    pager = html[html.index('class="pager"') :]
    second_page = "/?" + urlencode({"q": "پروانه ساختمان", "size": 3, "page": 2})
    assert second_page in [href for href, _, _ in links(pager)]
    facet = next(href for href, _, _ in links(html) if "agency=rah-shahrsazi" in href)
    assert facet == "/?" + urlencode({"q": "پروانه ساختمان", "agency": "rah-shahrsazi", "size": 3})


def test_a_well_spelled_query_gets_no_suggestion(gateway_client):
    assert 'class="suggest"' not in page(gateway_client, q="تعویض پلاک")


def test_unknown_pages_are_persian_but_unknown_api_paths_stay_json(gateway_client):
    page_404 = gateway_client.get("/خدمات/قدیمی")
    assert page_404.status_code == 404
    assert "این صفحه پیدا نشد" in page_404.text and 'name="q"' in page_404.text
    api_404 = gateway_client.get("/api/nothing-here")
    assert api_404.status_code == 404
    assert api_404.headers["content-type"] == "application/json"
    # bilingual, as every other API error (red team round 12: Starlette's bare «Not Found»)
    assert api_404.json() == {
        "detail": "این نشانی در API درگاه وجود ندارد؛ نشانی‌های API در /docs فهرست شده‌اند."
        " / No such API path; the API's paths are listed at /docs."
    }


def test_a_citizen_page_opened_with_the_wrong_method_is_a_persian_page(gateway_client):
    """Red team 13 F08: a GET of the address a refused rating form leaves in the address bar
    (a new tab, a restored tab), or a form posted where none is taken, answered English JSON
    «Method Not Allowed». It is the Persian error page with the search box, as a 404 is."""
    service_id = gateway_client.get("/api/search", params={"q": "پروانه ساختمان"}).json()[
        "results"
    ][0]["id"]
    for method, path in (
        ("GET", f"/services/{service_id}/rating"),
        ("GET", f"/services/{service_id}/report"),
        ("GET", "/dashboard/logout"),
        ("POST", "/"),
        ("POST", f"/go/{service_id}"),
    ):
        answer = gateway_client.request(method, path, follow_redirects=False)
        assert answer.status_code == 405, (method, path)
        assert answer.headers["content-type"].startswith("text/html"), (method, path)
        assert "این نشانی را نمی‌توان این‌گونه باز کرد" in answer.text
        assert 'name="q"' in answer.text and "Method Not Allowed" not in answer.text
    assert "POST" in gateway_client.get(f"/services/{service_id}/rating").headers["allow"]
    api = gateway_client.post("/api/search")
    assert api.status_code == 405 and api.headers["content-type"] == "application/json"
