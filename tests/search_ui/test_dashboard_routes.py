"""The dashboards over HTTP: login by token, cookie flags, CSRF, who may see which agency."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dargah.app import create_app
from registry.portals import Registry
from registry.records import JobStatus, LinkCheck, TokenKind
from registry.reports import CrawlReport, CrawlStatus
from tests.search_ui.dashboard_forms import csrf_of, login

HOSTILE = "<script>alert('catalogue')</script> خدمت ساختگی"


@dataclass(frozen=True)
class Dashboards:
    client_factory: Callable[[], TestClient]
    registry: Registry
    admin: str
    tabriz: str  # token of the Tabriz municipality (agency "shahrdari-tabriz")
    maliat: str
    docs: dict[str, Any]


@pytest.fixture(scope="module")
def dash(tmp_path_factory: pytest.TempPathFactory, gateway_builder: Any) -> Iterator[Dashboards]:
    data = gateway_builder(tmp_path_factory.mktemp("dashboards"))
    registry = Registry(data.settings.registry_url)
    _, admin = registry.create_token(TokenKind.ADMIN, label="ict")
    _, tabriz = registry.create_token(TokenKind.AGENCY, agency_id="shahrdari-tabriz")
    _, maliat = registry.create_token(TokenKind.AGENCY, agency_id="maliat")
    csv = (
        "title,service_id,url\n"
        "صدور پروانه ساختمان مسکونی,,\n"
        "تمديد پروانه ساختمان,,\n"  # Arabic ي: still the same service
        f"{HOSTILE},,\n"
        "صدور مجوز حفاری معابر,,\n"
    )
    from registry.catalogue_upload import parse_catalogue

    registry.save_catalogue(
        "shahrdari-tabriz", parse_catalogue(csv.encode(), "csv"), uploaded_by="test", source="csv"
    )
    run_id = registry.start_run("shahrdari-tabriz")
    report = CrawlReport(portal_id="shahrdari-tabriz", status=CrawlStatus.PARTIAL)
    report.pages_fetched = 40
    report.error("http_500", "https://www.tabriz.ir/eservices/list?page=3: server error")
    registry.finish_run(run_id, report)
    # The tax portal's last crawl met a maintenance page and found almost nothing.
    suspect = CrawlReport(portal_id="maliat", status=CrawlStatus.SUSPECT, services_found=0)
    suspect.baseline_services = 37
    suspect.alert("maintenance_page", "1 of 1 page(s) were a maintenance page")
    suspect.alert("too_few_services", "0 service(s) found, fewer than 50% of the 37")
    registry.finish_run(registry.start_run("maliat"), suspect)
    permit = data.docs["permit"]
    registry.record_link_checks(
        [
            LinkCheck(
                service_id=permit.id,
                portal_id=permit.portal_id,
                url=permit.url,
                status=404,
                final_url="https://www.tabriz.ir/notfound",
                checked_at=datetime.now(UTC),
                error="http_404",
            )
        ]
    )
    for text, hits in (("پروانه ساختمان", 5), ("پروانه ساختمان", 5), ("مجوز حفاری", 0)):
        registry.log_query(text, hits)
    app = create_app(data.settings)

    def client() -> TestClient:
        return TestClient(app, follow_redirects=False)

    with client():  # runs the lifespan once so the app's registry is open
        yield Dashboards(client, registry, admin, tabriz, maliat, data.docs)
    registry.close()


@pytest.fixture
def signed_in(dash: Dashboards) -> Iterator[Callable[[str], TestClient]]:
    clients: list[TestClient] = []

    def make(token: str) -> TestClient:
        client = dash.client_factory()
        client.__enter__()
        clients.append(client)
        response = login(client, token)
        assert response.status_code == 303, response.text
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def test_dashboard_without_session_sends_to_login(dash: Dashboards) -> None:
    with dash.client_factory() as client:
        for path in ("/dashboard", "/dashboard/agency/shahrdari-tabriz"):
            response = client.get(path)
            assert response.status_code == 303
            assert response.headers["location"] == "/dashboard/login"
        page = client.get("/dashboard/login")
        assert '<html lang="fa" dir="rtl">' in page.text
        assert 'type="password"' in page.text and 'method="post"' in page.text


def test_login_sets_a_safe_session_cookie_and_never_echoes_the_token(
    dash: Dashboards, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with dash.client_factory() as client:
        response = login(client, dash.admin)
        assert dash.admin not in caplog.text
        assert response.status_code == 303 and response.headers["location"] == "/dashboard"
        cookie = next(
            c for c in response.headers.get_list("set-cookie") if c.startswith("dargah_session=")
        )
        flags = {part.strip().lower() for part in cookie.split(";")}
        assert {"httponly", "path=/", "samesite=lax"} <= flags
        assert "secure" not in flags  # plain http in tests; over https it is set (next test)
        assert dash.admin not in cookie and dash.admin not in response.headers["location"]
        overview = client.get("/dashboard")
        assert overview.status_code == 200 and dash.admin not in overview.text
        assert overview.headers["cache-control"] == "no-store"


def test_session_cookie_is_secure_over_https(dash: Dashboards) -> None:
    with TestClient(
        dash.client_factory().app, base_url="https://testserver", follow_redirects=False
    ) as client:
        response = login(client, dash.tabriz)
        cookie = next(
            c for c in response.headers.get_list("set-cookie") if c.startswith("dargah_session=")
        )
        assert "secure" in {part.strip().lower() for part in cookie.split(";")}


@pytest.mark.parametrize(
    "token",
    ["dargah_not-a-real-token-at-all", "garbage", "", "x" * 5000],
    ids=["unknown", "malformed", "empty", "long"],
)
def test_failed_login_says_so_in_persian_without_hints(dash: Dashboards, token: str) -> None:
    with dash.client_factory() as client:
        response = login(client, token)
        assert response.status_code == 401
        assert "ورود ناموفق بود. توکن واردشده معتبر نیست." in response.text
        assert not any(
            c.startswith("dargah_session=") for c in response.headers.get_list("set-cookie")
        )
        assert client.get("/dashboard").status_code == 303


def test_revoked_token_cannot_log_in_and_its_sessions_end(dash: Dashboards) -> None:
    info, secret = dash.registry.create_token(TokenKind.AGENCY, agency_id="maliat")
    with dash.client_factory() as client:
        assert login(client, secret).status_code == 303
        assert client.get("/dashboard/agency/maliat").status_code == 200
        dash.registry.revoke_token(info.id)
        assert client.get("/dashboard/agency/maliat").status_code == 303  # back to login
        assert login(client, secret).status_code == 401


def test_login_form_needs_its_csrf_cookie(dash: Dashboards) -> None:
    """A forged cross-site login form (no matching cookie) cannot sign anyone in."""
    with dash.client_factory() as client:
        response = client.post("/dashboard/login", data={"token": dash.admin, "csrf": "forged"})
        assert response.status_code == 403
        assert "منقضی" in response.text
        assert not any(
            c.startswith("dargah_session=") for c in response.headers.get_list("set-cookie")
        )


def test_logout_needs_csrf_then_ends_the_session(dash: Dashboards, signed_in: Any) -> None:
    client = signed_in(dash.admin)
    html = client.get("/dashboard").text
    assert client.post("/dashboard/logout", data={"csrf": "nope"}).status_code == 403
    assert client.get("/dashboard").status_code == 200  # still signed in
    stolen = client.cookies.get("dargah_session")
    response = client.post("/dashboard/logout", data={"csrf": csrf_of(html)})
    assert response.status_code == 303 and response.headers["location"] == "/dashboard/login"
    assert client.get("/dashboard").status_code == 303
    # the old cookie is dead on the server too, not just deleted in this browser
    assert dash.registry.session_principal(stolen or "") is None


def test_admin_overview_shows_the_province(dash: Dashboards, signed_in: Any) -> None:
    html = signed_in(dash.admin).get("/dashboard").text
    assert "نمای کلی پوشش خدمات استان" in html
    for name in ("شهرداری تبریز", "اداره کل امور مالیاتی استان", "پلیس راهور استان"):
        assert name in html
    assert 'href="/dashboard/agency/shahrdari-tabriz"' in html
    assert "۵۰٪" in html  # 2 of 4 declared Tabriz services found
    assert 'class="bar-fill' in html and "<svg" in html  # a drawn bar, no script
    assert "<script" not in html
    assert "پروانه ساختمان" in html and "مجوز حفاری" in html  # top and zero-result queries
    zero = html[html.index("جستجوهای بی‌نتیجه") :]
    assert "مجوز حفاری" in zero
    assert "ناقص" in html and "خطای ۵۰۰" in html  # crawl health of the partial crawl


def test_agency_sees_its_own_coverage(dash: Dashboards, signed_in: Any) -> None:
    client = signed_in(dash.tabriz)
    assert client.get("/dashboard").headers["location"] == "/dashboard/agency/shahrdari-tabriz"
    html = client.get("/dashboard/agency/shahrdari-tabriz").text
    assert '<strong id="coverage-percent">۵۰٪</strong>' in html
    missing = html[html.index('id="missing"') : html.index('id="broken"')]
    assert "صدور مجوز حفاری معابر" in missing
    assert "&lt;script&gt;alert(&#39;catalogue&#39;)&lt;/script&gt;" in missing  # escaped
    assert "<script>alert" not in html
    matched = html[html.index('id="matched"') :]
    assert "تمدید پروانه ساختمان" in matched and "عنوان یکسان" in matched
    broken = html[html.index('id="broken"') : html.index('id="crawls"')]
    assert "خطای ۴۰۴" in broken and "https://www.tabriz.ir/notfound" in broken
    assert "ناقص" in html and "server error" in html  # the partial crawl and its error


def test_a_suspect_crawl_alerts_the_registrar_and_the_agency(
    dash: Dashboards, signed_in: Any
) -> None:
    for client, path in (
        (signed_in(dash.admin), "/dashboard"),
        (signed_in(dash.maliat), "/dashboard/agency/maliat"),
    ):
        html = client.get(path).text
        assert "مشکوک" in html and "status-suspect" in html
        assert "هشدار: این خزش مشکوک است" in html
        assert "به‌روزرسانی / تعمیر" in html  # the reason: a maintenance page
        assert "تنها ۰ خدمت پیدا شد" in html and "۳۷" in html
        assert "هیچ خدمتی حذف نشد" in html


@pytest.mark.parametrize("path", ["/dashboard/agency/maliat", "/dashboard/agency/no-such-agency"])
def test_another_agency_page_is_the_same_404_as_none(
    dash: Dashboards, signed_in: Any, path: str
) -> None:
    response = signed_in(dash.tabriz).get(path)
    assert response.status_code == 404
    assert "این صفحه پیدا نشد" in response.text
    assert "اداره کل امور مالیاتی" not in response.text


def test_agency_cannot_post_to_another_agency(dash: Dashboards, signed_in: Any) -> None:
    client = signed_in(dash.tabriz)
    csrf = csrf_of(client.get("/dashboard/agency/shahrdari-tabriz").text)
    crawl = client.post(
        "/dashboard/agency/maliat/crawl", data={"csrf": csrf, "portal_id": "maliat"}
    )
    assert crawl.status_code == 404
    # nor through its own page naming another agency's portal
    crawl = client.post(
        "/dashboard/agency/shahrdari-tabriz/crawl", data={"csrf": csrf, "portal_id": "maliat"}
    )
    assert crawl.status_code == 404
    upload = client.post(
        "/dashboard/agency/maliat/catalogue",
        data={"csrf": csrf},
        files={"catalogue": ("c.csv", "title\nخدمت\n".encode(), "text/csv")},
    )
    assert upload.status_code == 404
    assert not dash.registry.jobs("maliat")
    assert dash.registry.catalogue("maliat") is None


def test_admin_may_open_any_agency(dash: Dashboards, signed_in: Any) -> None:
    client = signed_in(dash.admin)
    assert client.get("/dashboard/agency/maliat").status_code == 200
    assert client.get("/dashboard/agency/no-such-agency").status_code == 404


def test_recrawl_button_queues_one_job_and_needscsrf_of(dash: Dashboards, signed_in: Any) -> None:
    client = signed_in(dash.tabriz)
    html = client.get("/dashboard/agency/shahrdari-tabriz").text
    assert "درخواست خزش دوباره" in html
    refused = client.post(
        "/dashboard/agency/shahrdari-tabriz/crawl", data={"portal_id": "shahrdari-tabriz"}
    )
    assert refused.status_code == 403 and "درخواست پذیرفته نشد" in refused.text
    assert not dash.registry.jobs("shahrdari-tabriz", status=JobStatus.QUEUED)
    done = client.post(
        "/dashboard/agency/shahrdari-tabriz/crawl",
        data={"portal_id": "shahrdari-tabriz", "csrf": csrf_of(html)},
    )
    assert done.status_code == 303
    jobs = dash.registry.jobs("shahrdari-tabriz", status=JobStatus.QUEUED)
    assert len(jobs) == 1 and jobs[0].requested_by.startswith("agency:shahrdari-tabriz:")
    after = client.get(done.headers["location"]).text
    assert "درخواست خزش دوباره ثبت شد" in after and "خزش در صف" in after
    assert any(e.action == "crawl.request" for e in dash.registry.audit_log(10))


def test_another_session_csrf_token_is_refused(dash: Dashboards, signed_in: Any) -> None:
    mine = signed_in(dash.maliat)
    theirs = signed_in(dash.maliat)
    their_csrf = csrf_of(theirs.get("/dashboard/agency/maliat").text)
    assert csrf_of(mine.get("/dashboard/agency/maliat").text) != their_csrf
    response = mine.post(
        "/dashboard/agency/maliat/crawl", data={"portal_id": "maliat", "csrf": their_csrf}
    )
    assert response.status_code == 403


def test_catalogue_upload_reports_bad_lines_and_keeps_the_old_one(
    dash: Dashboards, signed_in: Any
) -> None:
    client = signed_in(dash.tabriz)
    csrf = csrf_of(client.get("/dashboard/agency/shahrdari-tabriz").text)
    before = dash.registry.catalogue("shahrdari-tabriz")
    bad = (
        "title,url\n"
        "صدور پروانه ساختمان مسکونی,\n"
        ",https://www.tabriz.ir/a\n"  # line 3: no title
        "تمدید پروانه,javascript:alert(1)\n"  # line 4: not a web address
    )
    response = client.post(
        "/dashboard/agency/shahrdari-tabriz/catalogue",
        data={"csrf": csrf},
        files={"catalogue": ("services.csv", bad.encode(), "text/csv")},
    )
    assert response.status_code == 422
    errors = response.text[response.text.index('id="upload-errors"') :]
    errors = errors[: errors.index("</div>")]
    assert "خط ۳" in errors and "خط ۴" in errors and "خط ۲" not in errors
    assert dash.registry.catalogue("shahrdari-tabriz") == before


def test_catalogue_upload_json_becomes_the_catalogue_in_force(
    dash: Dashboards, signed_in: Any
) -> None:
    client = signed_in(dash.maliat)
    csrf = csrf_of(client.get("/dashboard/agency/maliat").text)
    body = '[\n  {"title": "ثبت‌نام مالیات بر ارزش افزوده"},\n  {"title": "صدور کارت بازرگانی"}\n]'
    response = client.post(
        "/dashboard/agency/maliat/catalogue",
        data={"csrf": csrf},
        files={"catalogue": ("services.json", body.encode(), "application/json")},
    )
    assert response.status_code == 303
    html = client.get(response.headers["location"]).text
    assert "بارگذاری شد" in html
    assert '<strong id="coverage-percent">۵۰٪</strong>' in html
    missing = html[html.index('id="missing"') : html.index('id="broken"')]
    assert "صدور کارت بازرگانی" in missing


def test_catalogue_upload_without_session_changes_nothing(dash: Dashboards) -> None:
    with dash.client_factory() as client:
        response = client.post(
            "/dashboard/agency/polis-rahvar/catalogue",
            files={"catalogue": ("c.csv", "title\nخدمت\n".encode(), "text/csv")},
        )
        assert response.status_code == 303
        assert dash.registry.catalogue("polis-rahvar") is None


def test_registrar_adds_and_renames_agencies_and_each_counts_once(
    dash: Dashboards, signed_in: Any
) -> None:
    client = signed_in(dash.admin)
    html = client.get("/dashboard").text
    before = len(dash.registry.agencies())
    # a second portal of the Tabriz municipality: one agency with two portals, not two agencies
    second = dash.registry.get_portal("shahrdari-tabriz")
    assert second is not None
    doc = second.model_dump() | {"id": "tabriz-eservices", "agency_id": "shahrdari-tabriz"}
    dash.registry.add_portal(type(second).model_validate(doc))
    try:
        html = client.get("/dashboard").text
        count = html[html.index('aria-label="خلاصه"') :].split("</strong>")[0]
        assert count.endswith(f"{_fa(before)}")
        added = client.post(
            "/dashboard/agencies",
            data={"agency_id": "police-alborz", "name": "فراجا البرز", "csrf": csrf_of(html)},
        )
        assert added.status_code == 303, added.text
        page = client.get(added.headers["location"]).text
        assert "دستگاه ثبت شد" in page and "police-alborz" in page and "هنوز وبگاهی ندارد" in page
        summary = page[page.index('aria-label="خلاصه"') :].split("</strong>")[0]
        assert summary.endswith(_fa(before))  # an agency without portals covers nothing yet
        bad = client.post(
            "/dashboard/agencies",
            data={"agency_id": "Police Alborz", "name": "x", "csrf": csrf_of(page)},
        )
        assert bad.status_code == 422 and "دستگاه ثبت نشد" in bad.text
        renamed = client.post(
            "/dashboard/agencies/police-alborz/rename",
            data={"name": "فرماندهی انتظامی البرز", "csrf": csrf_of(page)},
        )
        assert renamed.status_code == 303
        assert dash.registry.agency("police-alborz").name == "فرماندهی انتظامی البرز"  # type: ignore[union-attr]
        agency = signed_in(dash.tabriz)
        refused = agency.post(
            "/dashboard/agencies",
            data={
                "agency_id": "x-y",
                "name": "نه",
                "csrf": csrf_of(agency.get("/dashboard/agency/shahrdari-tabriz").text),
            },
        )
        assert refused.status_code == 404 and dash.registry.agency("x-y") is None
        tabriz = agency.get("/dashboard/agency/shahrdari-tabriz").text
        assert "tabriz-eservices" in tabriz  # the agency's page covers all its portals
    finally:
        dash.registry.remove_portal("tabriz-eservices")


def _fa(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_links_our_rules_refused_show_as_a_configuration_problem_not_broken(
    dash: Dashboards, signed_in: Any
) -> None:
    client = signed_in(dash.admin)
    before = client.get("/dashboard").text
    assert "مشکل پیکربندی" not in before
    check = LinkCheck(
        service_id="cfg-1",
        portal_id="maliat",
        url="http://10.0.0.5/khedmat",
        status=None,
        final_url="",
        checked_at=datetime.now(UTC),
        error="refused_private_address: 10.0.0.5 is 10.0.0.5",
    )
    dash.registry.record_link_checks([check])
    try:
        html = client.get("/dashboard").text
        assert "مشکل پیکربندی" in html and "GATEWAY_ALLOW_PRIVATE_ADDRESSES" in html
        stats = html[html.index('aria-label="خلاصه"') :]
        broken_before = before[before.index('aria-label="خلاصه"') :]
        assert stats.split("پیوند خراب")[0] == broken_before.split("پیوند خراب")[0]
    finally:
        dash.registry.forget_link_checks(["cfg-1"])


def test_the_catalogue_template_downloads_and_uploads_as_it_is(
    dash: Dashboards, signed_in: Any
) -> None:
    from registry.catalogue_upload import parse_catalogue

    client = signed_in(dash.tabriz)
    page = client.get("/dashboard/agency/shahrdari-tabriz").text
    assert 'href="/dashboard/catalogue-template.csv"' in page
    template = dash.client_factory().get("/dashboard/catalogue-template.csv")
    assert template.status_code == 200
    assert template.headers["content-type"].startswith("text/csv")
    assert "attachment" in template.headers["content-disposition"]
    rows = parse_catalogue(template.content, "csv")  # the upload accepts it unchanged
    assert [r.title for r in rows] == ["صدور پروانه ساختمان", "تمدید پروانه کسب"]


def test_a_registration_that_is_not_yaml_is_refused_in_persian_with_its_place(
    dash: Dashboards, signed_in: Any
) -> None:
    """Red team round 12: the «ثبت وبگاه تازه» form answered a YAML syntax error with PyYAML's
    English («while parsing a flow sequence … expected ',' or ']'»)."""
    client = signed_in(dash.admin)
    csrf = csrf_of(client.get("/dashboard/portals/new").text)
    response = client.post(
        "/dashboard/portals/new",
        data={"document": "id: rt12\nselectors: [a.svc, h2", "csrf": csrf, "action": "preview"},
    )
    assert response.status_code == 422
    errors = response.text[response.text.index('id="register-errors"') :]
    assert "متن ثبت YAML یا JSON درستی نیست: در خط ۲، ستون ۲۲" in errors
    assert "با «]» بسته نشده" in errors and "(«[» در خط ۲، ستون ۱۲ باز شده است)" in errors
    assert "while parsing" not in response.text and "unicode string" not in response.text
