"""Citizens' feedback on the service page: stored anonymously, guarded, read by the agency."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from dargah.app import create_app
from registry.feedback import ReportKind
from registry.portals import Registry
from registry.records import JobKind, TokenKind
from tests.search_ui.dashboard_forms import csrf_of, login


@dataclass
class Site:
    client: TestClient
    registry: Registry

    def stored(self) -> Registry:
        """The registry once the citizens' queued writes are written (they never wait)."""
        flush = getattr(self.registry, "flush", None)
        assert flush is None or flush(timeout=30)
        return self.registry


@pytest.fixture
def site(tmp_path) -> Iterator[Site]:
    from tests.conftest import build_gateway

    data = build_gateway(tmp_path)
    with TestClient(create_app(data.settings), follow_redirects=False) as client:
        yield Site(client, client.app.state.registry)  # type: ignore[attr-defined]


def token(client: TestClient, service_id: str) -> str:
    html = client.get(f"/services/{service_id}").text
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def permit_id(site: Site) -> str:
    body = site.client.get("/api/search", params={"q": "صدور پروانه ساختمان مسکونی"}).json()
    return str(body["results"][0]["id"])


def test_a_rating_is_stored_without_anything_personal_and_shown_as_an_average(site: Site):
    sid = permit_id(site)
    posted = site.client.post(
        f"/services/{sid}/rating",
        data={"rating": "4", "comment": "خوب بود <b>ولی</b> کند", "token": token(site.client, sid)},
    )
    assert posted.status_code == 303 and posted.headers["location"].endswith("sent=rating#feedback")
    [rating] = site.stored().ratings("shahrdari-tabriz")
    assert (rating.service_id, rating.rating) == (sid, 4)
    assert rating.comment == "خوب بود <b>ولی</b> کند"  # kept as text; every page escapes it
    page = site.client.get(posted.headers["location"]).text
    assert "امتیاز شما ثبت شد" in page and "از ۱ امتیاز" in page
    columns = {c["name"] for c in inspect(site.registry._engine).get_columns("service_ratings")}
    assert columns == {"id", "at", "service_id", "portal_id", "agency_id", "rating", "comment"}


def test_a_phone_or_national_code_typed_into_a_comment_is_masked_before_it_is_stored(
    site: Site,
):
    sid = permit_id(site)
    for path, fields in (
        ("rating", {"rating": "1"}),
        ("report", {"kind": "wrong_info"}),
    ):
        posted = site.client.post(
            f"/services/{sid}/{path}",
            data={
                **fields,
                "comment": "تماس بگیرید ۰۹۱۲ ۳۴۵ ۶۷۸۹ کد ملی ۰۰۱۲۳۴۵۶۷۸ ماده ۱۰۰",
                "token": token(site.client, sid),
            },
        )
        assert posted.status_code == 303, posted.text
    [rating] = site.stored().ratings("shahrdari-tabriz")
    [report] = site.stored().reports("shahrdari-tabriz")
    assert rating.comment == report.comment == "تماس بگیرید # کد ملی # ماده ۱۰۰"


def test_numbers_written_with_other_separators_are_masked_in_a_comment(site: Site):
    """Red team 13 F05: spaced and en dashes, dots, slashes, «،» and `_` between the groups."""
    sid = permit_id(site)
    comment = (
        "کارت ۶۰۳۷/۹۹۷۱/۲۳۴۵/۶۷۸۹ موبایل ۰۹۱۲ – ۳۴۵ – ۶۷۸۹ کد ملی ۰۰۱.۲۳۴.۵۶۷۸"
        " تلفن ۰۹۱۲،۳۴۵،۶۷۸۹ یا 0912_345_6789 نوبت ۱۴۰۳/۰۵/۱۲"
    )
    posted = site.client.post(
        f"/services/{sid}/rating",
        data={"rating": "2", "comment": comment, "token": token(site.client, sid)},
    )
    assert posted.status_code == 303, posted.text
    [rating] = site.stored().ratings("shahrdari-tabriz")
    assert rating.comment == "کارت # موبایل # کد ملی # تلفن # یا # نوبت ۱۴۰۳/۰۵/۱۲"


def test_a_bad_rating_or_a_foreign_post_is_refused_with_a_reason(site: Site):
    sid = permit_id(site)
    good = token(site.client, sid)
    missing = site.client.post(f"/services/{sid}/rating", data={"comment": "x", "token": good})
    assert missing.status_code == 422 and "امتیازی انتخاب نشده بود" in missing.text
    forged = site.client.post(f"/services/{sid}/rating", data={"rating": "1", "token": "x.1"})
    assert forged.status_code == 403 and "منقضی" in forged.text
    other_site = site.client.post(
        f"/services/{sid}/rating",
        data={"rating": "1", "token": good},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert other_site.status_code == 403 and "وبگاه دیگری" in other_site.text
    assert site.stored().ratings("shahrdari-tabriz") == []


def test_one_client_is_limited_per_ten_minutes(site: Site):
    sid = permit_id(site)
    good = token(site.client, sid)
    codes = [
        site.client.post(f"/services/{sid}/rating", data={"rating": "5", "token": good}).status_code
        for _ in range(7)
    ]
    assert codes == [303] * 5 + [429] * 2
    assert len(site.stored().ratings("shahrdari-tabriz")) == 5


def test_a_reported_broken_link_queues_a_link_check_and_long_comments_are_cut(site: Site):
    sid = permit_id(site)
    posted = site.client.post(
        f"/services/{sid}/report",
        data={"kind": "broken_link", "comment": "ی" * 1000, "token": token(site.client, sid)},
    )
    assert posted.status_code == 303
    [report] = site.stored().reports("shahrdari-tabriz")
    assert report.kind is ReportKind.BROKEN_LINK and len(report.comment) == 300
    assert [j.kind for j in site.stored().jobs("shahrdari-tabriz")] == [JobKind.LINK_CHECK]
    # the check runs; more reports within the hour ask the agency's server for nothing more
    job = site.stored().claim_job([JobKind.LINK_CHECK])
    assert job is not None
    site.stored().finish_job(job.id, ok=True)
    for _ in range(3):
        again = site.client.post(
            f"/services/{sid}/report",
            data={"kind": "broken_link", "token": token(site.client, sid)},
        )
        assert again.status_code == 303
    assert len(site.stored().reports("shahrdari-tabriz")) == 4
    assert len(site.stored().jobs("shahrdari-tabriz")) == 1
    wrong = site.client.post(
        f"/services/{sid}/report", data={"kind": "hack", "token": token(site.client, sid)}
    )
    assert wrong.status_code == 422 and "نوع مشکل انتخاب نشده بود" in wrong.text


def signed_in(site: Site, kind: TokenKind, agency_id: str | None = None) -> TestClient:
    _, secret = site.registry.create_token(kind, agency_id=agency_id, label="t")
    client = TestClient(site.client.app, follow_redirects=False)
    assert login(client, secret).status_code == 303
    return client


def test_the_agency_reads_its_feedback_and_marks_a_report_handled(site: Site):
    sid = permit_id(site)
    site.client.post(
        f"/services/{sid}/rating",
        data={
            "rating": "2",
            "comment": "<script>alert(1)</script> صف طولانی",
            "token": token(site.client, sid),
        },
    )
    site.client.post(
        f"/services/{sid}/report",
        data={"kind": "in_person", "comment": "باید حضوری رفت", "token": token(site.client, sid)},
    )
    tabriz = signed_in(site, TokenKind.AGENCY, "shahrdari-tabriz")
    page = tabriz.get("/dashboard/agency/shahrdari-tabriz").text
    assert 'id="ratings-count">۱<' in page and 'id="reports-open">۱<' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; صف طولانی" in page and "<script>alert" not in page
    assert "نیاز دارد که در این صفحه گفته نشده" in page and "باید حضوری رفت" in page
    [report] = site.stored().reports("shahrdari-tabriz")
    action = f"/dashboard/agency/shahrdari-tabriz/reports/{report.id}/handled"
    other = signed_in(site, TokenKind.AGENCY, "maliat")  # another agency cannot touch it
    other_page = other.get("/dashboard/agency/maliat").text
    assert other.post(action, data={"csrf": csrf_of(other_page)}).status_code == 404
    assert tabriz.post(action, data={"csrf": "forged"}).status_code == 403
    done = tabriz.post(action, data={"csrf": csrf_of(page)})
    assert done.status_code == 303
    after = tabriz.get(done.headers["location"]).text
    assert 'id="reports-open">۰<' in after and "رسیدگی‌شده علامت خورد" in after
    # the registrar sees the province's figures
    admin = signed_in(site, TokenKind.ADMIN)
    overview = admin.get("/dashboard").text
    assert 'id="province-ratings">۱<' in overview and "شهرداری تبریز" in overview


def test_the_registrar_corrects_a_services_domain(site: Site):
    sid = permit_id(site)
    admin = signed_in(site, TokenKind.ADMIN)
    csrf = csrf_of(admin.get("/dashboard").text)
    unknown = admin.post(
        "/dashboard/topics", data={"service_id": sid, "topic": "space", "csrf": csrf}
    )
    assert unknown.status_code == 422 and "«space»" in unknown.text
    done = admin.post("/dashboard/topics", data={"service_id": sid, "topic": "city", "csrf": csrf})
    assert done.status_code == 303
    assert site.registry.topic_override(sid) == "city"
    assert site.client.get(f"/api/services/{sid}").json()["topic"] == "city"  # shown at once
    assert JobKind.CRAWL in {j.kind for j in site.stored().jobs("shahrdari-tabriz")}  # re-filed
    tabriz = signed_in(site, TokenKind.AGENCY, "shahrdari-tabriz")
    page = tabriz.get("/dashboard/agency/shahrdari-tabriz").text
    refused = tabriz.post(
        "/dashboard/topics", data={"service_id": sid, "topic": "tax", "csrf": csrf_of(page)}
    )
    assert refused.status_code == 403 and site.registry.topic_override(sid) == "city"


def test_comments_keep_the_half_space_and_lose_control_characters():
    from gateway_api.feedback import clean_comment

    assert clean_comment("نوبت\u200cدهی\n\tکند\u202e بود\x00") == "نوبت\u200cدهی کند بود"
