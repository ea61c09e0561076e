"""The dashboards fed by real use: searches citizens made, crawl outcomes in Persian,
and a catalogue sent as one-line JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dargah.app import create_app
from registry.portals import Registry
from registry.records import TokenKind
from registry.reports import CrawlReport, CrawlStatus
from tests.search_ui.dashboard_forms import csrf_of, login

AGENCY = "polis-rahvar"


@dataclass
class Site:
    client: TestClient
    registry: Registry
    admin: str
    agency: str
    docs: dict[str, Any]


@pytest.fixture
def site(tmp_path, gateway_builder) -> Iterator[Site]:
    data = gateway_builder(tmp_path)
    registry = Registry(data.settings.registry_url)
    _, admin = registry.create_token(TokenKind.ADMIN)
    _, agency = registry.create_token(TokenKind.AGENCY, agency_id=AGENCY)
    with TestClient(create_app(data.settings), follow_redirects=False) as client:
        yield Site(client, registry, admin, agency, data.docs)
    registry.close()


def sign_in(client: TestClient, token: str) -> None:
    response = login(client, token)
    assert response.status_code == 303, response.text


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_the_overview_lists_what_citizens_searched(site: Site) -> None:
    for q in ("گواهینامه", "گواهينامه", "مالیات", "زیردریایی", "مالیات ماهیگیری"):
        site.client.get("/", params={"q": q})
    site.client.get("/api/search", params={"q": "زیردریایی"})
    site.client.get("/api/suggest", params={"q": "گواهی"})  # typing is not searching
    sign_in(site.client, site.admin)
    html = site.client.get("/dashboard").text
    top = section(html, "top-heading")
    listed = re.findall(r"<li><span>([^<]+)</span><span class=\"count\">([^<]+)</span>", top)
    assert sorted(listed[:2]) == [("زیردریایی", "۲ بار"), ("گواهینامه", "۲ بار")]
    assert sorted(listed[2:]) == [("مالیات", "۱ بار"), ("مالیات ماهیگیری", "۱ بار")]
    zero = section(html, "zero-heading")
    assert "زیردریایی" in zero and "گواهینامه" not in zero and "مالیات" not in zero
    assert "گواهی</span>" not in top
    weak = section(html, "weak-heading")  # only «مالیات» matched: beside the zero-result ones
    assert "مالیات ماهیگیری" in weak and "زیردریایی" not in weak and "گواهینامه" not in weak


def record_run(registry: Registry, portal_id: str, **figures: Any) -> None:
    run_id = registry.start_run(portal_id)
    report = CrawlReport(portal_id=portal_id)
    for name, value in figures.items():
        setattr(report, name, value)
    registry.finish_run(run_id, report)


def test_crawl_outcomes_are_told_in_persian(site: Site) -> None:
    record_run(
        site.registry,
        AGENCY,
        status=CrawlStatus.COMPLETE,
        pages_fetched=12,
        services_found=9,
        not_modified=7,
        retired=2,
        missing=3,
        retirement="retired 2 service(s) missing from 3 consecutive complete crawls; ...",
    )
    record_run(
        site.registry,
        "maliat",
        status=CrawlStatus.PARTIAL,
        pages_fetched=4,
        finish_reason="closespider_pagecount",
        retirement="nothing retired: the crawl was partial, ...",
    )
    sign_in(site.client, site.admin)
    overview = site.client.get("/dashboard").text
    health = section(overview, "health-heading")
    assert "۱۲ صفحه، ۷ بدون تغییر (پاسخ ۳۰۴)" in health
    assert "حذف ۲، پیدا نشده ۳" in health
    assert "۲ خدمت که در چند خزش کامل پیاپی پیدا نشد از درگاه حذف شد" in health
    assert "۳ خدمت در این خزش پیدا نشد و تا خزش‌های کامل بعدی در درگاه می‌ماند" in health
    assert "فقط خزش کامل می‌تواند خدمتی را از درگاه حذف کند" in health  # maliat's partial crawl
    assert "خزش به سقف صفحه‌ها (۴ صفحه، limits.max_pages) رسید" in health  # and why
    assert "retired" not in overview and "nothing retired" not in overview  # no English

    agency = site.client.get(f"/dashboard/agency/{AGENCY}").text
    crawls = section(agency, "crawls-heading")
    assert "(۷ صفحه بدون تغییر، پاسخ ۳۰۴)" in crawls
    assert "حذف ۲، پیدا نشده ۳" in crawls
    assert "۲ خدمت که در چند خزش کامل پیاپی پیدا نشد از درگاه حذف شد" in crawls
    assert "retired" not in agency


def test_a_complete_crawl_that_found_everything_says_so(site: Site) -> None:
    record_run(site.registry, AGENCY, status=CrawlStatus.COMPLETE, pages_fetched=5)
    sign_in(site.client, site.agency)
    crawls = section(site.client.get(f"/dashboard/agency/{AGENCY}").text, "crawls-heading")
    assert "همه خدمات پیشین پیدا شدند؛ خدمتی حذف نشد." in crawls
    assert "بدون تغییر" not in crawls  # no 304s: nothing to say


def upload(site: Site, body: str, name: str = "services.json") -> Any:
    csrf = csrf_of(site.client.get(f"/dashboard/agency/{AGENCY}").text)
    return site.client.post(
        f"/dashboard/agency/{AGENCY}/catalogue",
        data={"csrf": csrf},
        files={"catalogue": (name, body.encode(), "application/json")},
    )


def test_a_minified_json_catalogue_uploads_and_its_errors_name_items(site: Site) -> None:
    sign_in(site.client, site.agency)
    titles = ["تعویض پلاک خودروها", "تمدید گواهینامه‌های رانندگی", "صدور کارت سوخت"]
    body = json.dumps([{"title": t} for t in titles], ensure_ascii=False, separators=(",", ":"))
    response = upload(site, body, name="catalogue")  # no extension: recognised as JSON
    assert response.status_code == 303, response.text
    html = site.client.get(response.headers["location"]).text
    assert '<strong id="coverage-percent">۶۶٫۷٪</strong>' in html  # 2 of 3 found
    missing = section(html, "missing-heading")
    assert '<td data-label="ردیف فهرست">۳</td>' in missing and "صدور کارت سوخت" in missing

    bad = json.dumps(
        [{"title": "تعویض پلاک"}, {"title": ""}, {"title": "تعويض پلاک"}], ensure_ascii=False
    )
    refused = upload(site, bad)
    assert refused.status_code == 422
    errors = refused.text[refused.text.index('id="upload-errors"') :]
    errors = errors[: errors.index("</div>")]
    assert "ردیف ۲: " in errors and "ردیف ۳: " in errors and "خط " not in errors
    assert "تکراری است؛ همان ردیف ۱." in errors and "عنوان خدمت نوشته نشده است." in errors
    assert not re.search("[A-Za-z]{3,}", re.sub("<[^>]*>", "", errors.split(">", 1)[1]))
    assert len(site.registry.catalogue(AGENCY).services) == 3  # the first one stays in force


def test_the_registrar_adds_a_synonym_and_a_best_bet_from_the_dashboard(site: Site) -> None:
    site.client.get("/", params={"q": "نمره خودرو"})  # only «خودرو» matches: a weak search
    sign_in(site.client, site.admin)
    html = site.client.get("/dashboard").text
    assert "نمره خودرو" in section(html, "weak-heading")
    csrf = csrf_of(html)
    added = site.client.post(
        "/dashboard/search-rules",
        data={"kind": "synonym", "phrase": "نمره", "target": "پلاک", "csrf": csrf},
    )
    assert added.status_code == 303 and added.headers["location"] == "/dashboard?done=rule"
    body = site.client.get("/api/search", params={"q": "نمره خودرو"}).json()
    assert body["match"] == "complete" and body["results"][0]["title"] == "تعویض پلاک خودرو"
    chosen = next(d for d in site.docs.values() if d.title == "تمدید گواهینامه رانندگی")
    site.client.post(
        "/dashboard/search-rules",
        data={"kind": "best_bet", "phrase": "گواهینامه", "target": chosen.id, "csrf": csrf},
    )
    results = site.client.get("/api/search", params={"q": "گواهینامه"}).json()["results"]
    assert results[0]["id"] == chosen.id
    rules = section(site.client.get("/dashboard").text, "rules-heading")
    assert "نمره ← پلاک" in rules and chosen.id in rules
    refused = site.client.post(
        "/dashboard/search-rules",
        data={"kind": "best_bet", "phrase": "گذرنامه", "target": "nothing", "csrf": csrf},
    )
    assert refused.status_code == 422 and "شناسه خدمت در درگاه پیدا نشد" in refused.text
    too_long = site.client.post(
        "/dashboard/search-rules",
        data={"kind": "synonym", "phrase": "نمره", "target": "پلاک " * 12, "csrf": csrf},
    )
    assert too_long.status_code == 422
    assert "مقصد قاعده ۱۲ واژه دارد؛ بیش از ۸ واژه پذیرفته نیست" in too_long.text
    forged = site.client.post(
        "/dashboard/search-rules",
        data={"kind": "synonym", "phrase": "الف", "target": "ب", "csrf": "forged"},
    )
    assert forged.status_code == 403
    rule_id = site.registry.search_rules()[0].id
    deleted = site.client.post(f"/dashboard/search-rules/{rule_id}/delete", data={"csrf": csrf})
    assert deleted.status_code == 303
    assert [r.kind.value for r in site.registry.search_rules()] == ["best_bet"]
    actions = [e.action for e in site.registry.audit_log()]
    assert actions.count("search_rule.create") == 2 and "search_rule.delete" in actions


def test_an_agency_cannot_add_search_rules(site: Site) -> None:
    sign_in(site.client, site.agency)
    csrf = csrf_of(site.client.get(f"/dashboard/agency/{AGENCY}").text)
    response = site.client.post(
        "/dashboard/search-rules",
        data={"kind": "synonym", "phrase": "نمره", "target": "پلاک", "csrf": csrf},
    )
    assert response.status_code == 403 and site.registry.search_rules() == []
