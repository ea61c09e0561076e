"""A citizen in headless Chromium, on a desktop and on a phone: browse by domain from an empty
box to a service page and on to the agency's portal; developers: /docs lists the operations.

Screenshots go to /tmp (never the repository) for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from dargah.app import create_app
from dargah.settings import Settings
from registry.portals import Registry
from registry.records import TokenKind
from sandbox import start_province
from tests.live_server import serve_app
from tests.search_ui.browser import DESKTOP, open_page
from tests.search_ui.test_ui_browser import LiveGateway, _index_province

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


@dataclass(frozen=True)
class CitizenGateway(LiveGateway):
    settings: Settings


@pytest.fixture(scope="module")
def live_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CitizenGateway]:
    """The sandbox province indexed as a perfect crawl would, behind a live gateway."""
    with start_province() as province:
        settings = Settings(data_dir=tmp_path_factory.mktemp("citizen-gateway"))
        docs = _index_province(settings, province)
        with serve_app(create_app(settings)) as base:
            yield CitizenGateway(base, province, docs, settings)


@pytest.fixture(params=sorted(SIZES))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    with open_page(browser, SIZES[request.param], timeout_ms=10_000) as page:
        yield request.param, page


def test_browse_from_an_empty_box_to_a_service_and_its_portal(
    live_gateway: LiveGateway,
    sized_page: tuple[str, Page],
) -> None:
    size, page = sized_page
    page.goto(live_gateway.base + "/")
    domains = page.locator("ul.topics a")
    assert domains.count() >= 8
    page.evaluate("document.fonts.ready")
    page.screenshot(path=f"/tmp/dargah-browse-{size}.png", full_page=True)

    page.locator("ul.topics a", has_text="ساختمان، مسکن و شهرسازی").click()
    page.wait_for_url("**topic=housing*")
    assert "موضوع: ساختمان، مسکن و شهرسازی" in page.locator(".active-filters").inner_text()
    title = "صدور پروانه ساختمان مسکونی"
    doc = next(d for d in live_gateway.docs.values() if d.title == title)
    page.goto(live_gateway.base + f"/?topic=housing&agency={doc.portal_id}&q=پروانه ساختمان")
    page.locator(".hit-title a", has_text=title).first.click()
    page.wait_for_url(f"**/services/{doc.id}")
    assert page.locator("h1").inner_text() == title
    facts = page.locator(".service-facts").inner_text()
    assert "هزینه" in facts and "مدت انجام" in facts
    assert "ساختمان، مسکن و شهرسازی" in page.locator(".service-meta").inner_text()
    go = page.locator("a.button-go")
    box = go.bounding_box()
    assert box is not None and box["y"] + box["height"] <= SIZES[size]["height"]  # no scrolling
    page.screenshot(path=f"/tmp/dargah-service-{size}.png", full_page=True)

    go.click()
    page.wait_for_url(doc.url)
    assert title in page.locator("h1").first.inner_text()


def test_docs_list_the_api_operations(live_gateway: LiveGateway, browser: Browser) -> None:
    with open_page(browser, DESKTOP, timeout_ms=15_000) as page:
        page.goto(live_gateway.base + "/docs")
        page.locator(".opblock-summary-path").first.wait_for()
        paths = set(page.locator(".opblock-summary-path").all_inner_texts())
        assert {"/api/search", "/api/suggest", "/api/services/{service_id}"} <= {
            p.replace("\u200b", "") for p in paths
        }
        assert page.locator("text=Unable to render this definition").count() == 0


def test_on_a_phone_filters_come_before_the_results(
    live_gateway: LiveGateway,
    browser: Browser,
) -> None:
    with open_page(browser, PHONE, timeout_ms=10_000) as page:
        page.goto(live_gateway.base + "/?q=پروانه ساختمان")
        panel = page.locator("details.filter-panel")
        first_hit = page.locator(".hit").first.bounding_box()
        summary = panel.locator("summary").bounding_box()
        assert summary is not None and first_hit is not None
        assert summary["y"] < first_hit["y"] < PHONE["height"]  # results start on screen one
        assert panel.get_attribute("open") is None  # folded until asked for
        header = page.locator("header.masthead").bounding_box()
        assert header is not None and header["height"] < 200
        page.screenshot(path="/tmp/dargah-results-phone.png", full_page=False)
        panel.locator("summary").click()
        page.locator("#facet-topic + ul a").first.click()
        page.wait_for_url("**topic=*")


def test_a_rating_and_a_report_reach_the_agencys_dashboard(
    live_gateway: CitizenGateway, sized_page: tuple[str, Page]
) -> None:
    size, page = sized_page
    title = "صدور پروانه ساختمان مسکونی"
    doc = next(d for d in live_gateway.docs.values() if d.title == title)
    page.goto(f"{live_gateway.base}/services/{doc.id}")
    rating_form = page.locator("form", has=page.get_by_text("ثبت امتیاز"))
    rating_form.get_by_label("۴").check()
    rating_form.get_by_label("توضیح کوتاه (اختیاری)").fill(f"نوبت‌دهی کند بود ({size})")
    rating_form.get_by_role("button", name="ثبت امتیاز").click()
    page.wait_for_url("**sent=rating*")
    assert "امتیاز شما ثبت شد" in page.locator("#feedback [role=status]").inner_text()
    report_form = page.locator("form", has=page.get_by_text("ارسال گزارش"))
    report_form.get_by_label("اطلاعات این صفحه نادرست یا قدیمی است").check()
    report_form.get_by_label("توضیح کوتاه (اختیاری)").fill("هزینه تغییر کرده است")
    report_form.get_by_role("button", name="ارسال گزارش").click()
    page.wait_for_url("**sent=report*")
    page.locator("#feedback").scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/dargah-feedback-{size}.png", full_page=True)

    registry = Registry(live_gateway.settings.registry_url)
    agency_id = registry.portal_agency(doc.portal_id) or doc.portal_id
    _, secret = registry.create_token(TokenKind.AGENCY, agency_id=agency_id, label=size)
    registry.close()
    page.goto(live_gateway.base + "/dashboard/login")
    page.get_by_label("توکن دسترسی").fill(secret)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_url(f"**/dashboard/agency/{agency_id}")
    feedback = page.locator("#feedback")
    assert f"نوبت‌دهی کند بود ({size})" in feedback.inner_text()
    report = feedback.locator("li.report", has_text="هزینه تغییر کرده است")
    assert "اطلاعات این صفحه نادرست یا قدیمی است" in report.inner_text()
    assert title in report.inner_text()
    feedback.screenshot(path=f"/tmp/dargah-agency-feedback-{size}.png")
    report.get_by_role("button", name="رسیدگی شد").click()
    page.wait_for_url("**done=report*")
    assert page.locator("#feedback li.report", has_text="هزینه تغییر کرده است").count() == 0
