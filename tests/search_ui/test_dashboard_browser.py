"""The dashboards in headless Chromium, end to end on the sandbox province.

The registrar registers two sandbox portals through the admin API and issues an
agency token; the portals are crawled for real (Scrapy in a subprocess, as the
worker does); the agency signs in with its token, uploads its declared
catalogue through the page — every service its portal has, plus three it does
not — and sees exactly those three as missing, with the right coverage %.
Screenshots at desktop and phone width go to /tmp/dargah-dashboard-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from crawlers.linkcheck import Link, check_portal_links
from crawlers.runner import run_crawls_in_subprocess
from dargah.app import create_app
from dargah.settings import Settings
from indexer.backends import open_backend
from registry.portals import Registry
from registry.records import TokenKind
from registry.registration import Registration
from registry.reports import CrawlStatus
from sandbox import Province, ground_truth, start_province
from sandbox.registry import registration
from tests.crawlers.crawl_helpers import crawl_options
from tests.live_server import serve_app
from tests.search_ui.browser import DESKTOP, open_page

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp")
AGENCY = "abfa-alborz"  # the water company: a JSON-feed portal
OTHER = "tax-alborz"
DOWN = "ostandari-alborz"  # registered at an address where nothing answers
NOT_ON_PORTAL = (  # declared by the agency, but its portal has no page for them
    "ثبت درخواست لوله‌کشی فاضلاب صنعتی",
    "صدور مجوز حفر چاه خانگی",
    "بازدید رایگان از تصفیه‌خانه",
)
PHONE: ViewportSize = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Live:
    base: str
    admin_token: str
    agency_token: str
    declared_csv: Path
    portal_services: int
    broken_title: str  # a service whose page went away after the crawl


def _check_links(settings: Settings, reg: Registration) -> None:
    """What ``dargah worker`` does for a portal's deep links."""
    backend = open_backend(settings.backend, readonly=True)
    links = [
        Link(sid, doc.url) for sid in backend.portal_hashes(reg.id) if (doc := backend.get(sid))
    ]
    backend.close()
    checks = check_portal_links(
        reg, links, user_agent="DargahTestBot/0.1 (+tests)", allow_private_addresses=True
    )
    registry = Registry(settings.registry_url)
    registry.record_link_checks(checks)
    registry.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with start_province(host_prefix="127.0.3.", slow_seconds=0.5) as province:
        yield from _live(tmp_path_factory.mktemp("dashboard-live"), province)


def _live(data_dir: Path, province: Province) -> Iterator[Live]:
    settings = Settings(data_dir=data_dir)
    open_backend(settings.backend).close()  # an empty index for the read-only web process
    registry = Registry(settings.registry_url)
    _, admin_token = registry.create_token(TokenKind.ADMIN, label="bootstrap (CLI)")
    for text, hits in (
        ("قبض آب", 4),
        ("قبض آب", 4),
        ("انشعاب فاضلاب", 3),
        ("آب بها کد ۱۲۳۴۵۶۷۸۹۰", 0),
    ):
        registry.log_query(text, hits)
    registry.close()

    with serve_app(create_app(settings)) as base:
        # the registrar's part, through the admin API
        admin = {"Authorization": f"Bearer {admin_token}"}
        regs = {r.id: r for r in province.registrations()}
        regs[DOWN] = registration(DOWN, "http://127.0.3.250:9")  # nothing listens there
        for portal_id in (AGENCY, OTHER, DOWN):
            created = httpx.post(
                f"{base}/api/admin/portals",
                json=regs[portal_id].model_dump(mode="json"),
                headers=admin,
            )
            assert created.status_code == 201, created.text
        issued = httpx.post(f"{base}/api/admin/agencies/{AGENCY}/tokens", json={}, headers=admin)
        assert issued.status_code == 201, issued.text
        agency_token = issued.json()["token"]

        reports = run_crawls_in_subprocess(
            [regs[AGENCY], regs[OTHER], regs[DOWN]], timeout=120, **crawl_options(data_dir)
        )
        assert [r.status for r in reports] == [
            CrawlStatus.COMPLETE,
            CrawlStatus.COMPLETE,
            CrawlStatus.FAILED,
        ], reports
        # after the crawl the water company takes one service page down; the link checker notices
        gone = ground_truth(AGENCY)[5]
        province.portals[AGENCY].hide(gone.path)
        _check_links(settings, regs[AGENCY])

        titles = [s.title for s in ground_truth(AGENCY)]
        declared = data_dir / "declared.csv"
        lines = ["عنوان", *titles[:20], *NOT_ON_PORTAL, *titles[20:]]
        declared.write_text("\n".join(lines) + "\n", encoding="utf-8")
        yield Live(base, admin_token, agency_token, declared, len(titles), gone.title)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    errors: list[str] = []  # e.g. a Content-Security-Policy violation by an inline style
    with open_page(browser, DESKTOP, timeout_ms=15_000) as page:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        yield page
    # the only expected console errors are the deliberate 404 and 401 responses
    assert [e for e in errors if "status of 40" not in e] == []


def sign_in(page: Page, live: Live, token: str) -> None:
    page.goto(live.base + "/dashboard")
    assert page.url.endswith("/dashboard/login")
    page.get_by_label("توکن دسترسی").fill(token)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_load_state()
    assert token not in page.url


def shoot(page: Page, name: str) -> None:
    """Full-page screenshots at desktop and phone width; the phone one must not scroll sideways."""
    page.evaluate("document.fonts.ready")
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SHOTS / f"dargah-dashboard-{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{name}: the phone page scrolls sideways by {overflow}px"
    page.screenshot(path=str(SHOTS / f"dargah-dashboard-{name}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def missing_titles(page: Page) -> list[str]:
    return page.locator("#missing td.missing-title").all_inner_texts()


def test_agency_uploads_its_catalogue_and_sees_exactly_the_three_missing(
    live: Live, page: Page
) -> None:
    sign_in(page, live, live.agency_token)
    assert page.url.endswith(f"/dashboard/agency/{AGENCY}")
    assert page.evaluate("document.documentElement.dir") == "rtl"

    page.get_by_label("پرونده فهرست خدمات (CSV یا JSON)").set_input_files(live.declared_csv)
    page.get_by_role("button", name="بارگذاری").click()
    page.wait_for_url(f"**/dashboard/agency/{AGENCY}?done=catalogue")
    assert "بارگذاری شد" in page.locator(".notice").inner_text()

    assert sorted(missing_titles(page)) == sorted(NOT_ON_PORTAL)
    found, declared = live.portal_services, live.portal_services + len(NOT_ON_PORTAL)
    expected = f"{100 * found / declared:.1f}".replace(".", "٫").translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    )
    assert page.locator("#coverage-percent").inner_text() == expected + "٪"
    assert page.locator("#matched tbody tr").count() == found
    assert page.locator("#crawls .status-complete").count() >= 1  # the crawl's outcome
    broken = page.locator("#broken tbody tr")
    assert broken.count() == 1 and "خطای ۴۰۴" in broken.inner_text()
    assert live.broken_title in broken.inner_text()
    assert live.broken_title in (page.locator("#matched").text_content() or "")  # still found
    shoot(page, "agency")

    # another agency's page is "not found", exactly like an agency that does not exist
    response = page.goto(f"{live.base}/dashboard/agency/{OTHER}")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "این صفحه پیدا نشد"

    page.goto(f"{live.base}/dashboard/agency/{AGENCY}")
    page.get_by_role("button", name="درخواست خزش دوباره").click()
    page.wait_for_url("**done=crawl*")
    assert "درخواست خزش دوباره ثبت شد" in page.locator(".notice").inner_text()
    assert page.locator("#crawls .status-queued").count() == 1

    page.get_by_role("button", name="خروج").click()
    page.wait_for_url("**/dashboard/login")
    page.goto(f"{live.base}/dashboard/agency/{AGENCY}")
    assert page.url.endswith("/dashboard/login")


def test_registrar_sees_the_province_and_opens_an_agency(live: Live, page: Page) -> None:
    uploaded = httpx.put(  # the agency's declaration, this time through its API
        f"{live.base}/api/agency/catalogue",
        content=live.declared_csv.read_bytes(),
        headers={"Authorization": f"Bearer {live.agency_token}", "Content-Type": "text/csv"},
    )
    assert uploaded.status_code == 200, uploaded.text
    sign_in(page, live, live.admin_token)
    assert page.url.endswith("/dashboard")
    bars = page.locator("ul.bars > li")
    assert bars.count() == 3
    assert page.locator("svg.bar rect.bar-fill").count() >= 1
    health = page.locator("section[aria-labelledby=health-heading] table.data tbody tr")
    assert health.count() == 3 and page.locator("table.data .status-complete").count() == 2
    down = health.filter(has_text=DOWN)
    assert "ناموفق" in down.inner_text() and "هرگز" in down.inner_text()
    zero = page.locator("#zero-heading + p + ol").inner_text()
    assert "آب بها کد #" in zero  # the national-code-like number was never stored
    shoot(page, "overview")

    page.get_by_role("link", name="شرکت آب و فاضلاب استان البرز").first.click()
    page.wait_for_url(f"**/dashboard/agency/{AGENCY}")
    assert sorted(missing_titles(page)) == sorted(NOT_ON_PORTAL)


def test_failed_login_shows_a_persian_error(live: Live, page: Page) -> None:
    page.goto(live.base + "/dashboard/login")
    page.get_by_label("توکن دسترسی").fill("dargah_this-is-not-a-token")
    page.get_by_role("button", name="ورود").click()
    page.wait_for_load_state()
    assert page.locator("[role=alert]").inner_text() == "ورود ناموفق بود. توکن واردشده معتبر نیست."
    assert "dargah_this-is-not-a-token" not in page.content()
    shoot(page, "login")
