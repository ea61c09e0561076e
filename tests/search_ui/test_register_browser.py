"""The registrar registers a portal from the dashboard: paste, preview, save, first crawl queued.

The preview crawls a sample of a real sandbox portal (Scrapy in a subprocess)
and stores nothing; saving registers it and queues its first crawl. The
preview API answers the same, for the registrar's token only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml
from playwright.sync_api import Browser

from dargah.app import create_app
from dargah.settings import Settings
from indexer.backends import open_backend
from registry.portals import Registry
from registry.records import JobStatus, TokenKind
from sandbox import ground_truth, start_province
from sandbox.province import Province
from sandbox.registry import template
from sandbox.unseen import start_unseen
from tests.live_server import serve_app
from tests.search_ui.browser import DESKTOP, open_page

pytestmark = pytest.mark.browser

PORTAL = "sabt-alborz"  # 50 services, a paginated list, redirects, a dead link, a slow page
PREVIEW_SECONDS = 30  # the registrar waits at most this for a preview of 50 services


@dataclass(frozen=True)
class Live:
    base: str
    data_dir: Path
    admin_token: str
    agency_token: str
    province: Province
    unseen: Province


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    data_dir = tmp_path_factory.mktemp("register-live")
    settings = Settings(
        data_dir=data_dir, allow_private_addresses=True, preview_timeout_seconds=PREVIEW_SECONDS
    )
    open_backend(settings.backend).close()
    registry = Registry(settings.registry_url)
    _, admin_token = registry.create_token(TokenKind.ADMIN, label="bootstrap (CLI)")
    registry.close()
    with (
        start_province(host_prefix="127.0.6.", slow_seconds=0.5) as province,
        start_unseen(host_prefix="127.0.7.") as unseen,
        serve_app(create_app(settings)) as base,
    ):
        admin = {"Authorization": f"Bearer {admin_token}"}
        doc = {"id": "karaj-municipality", "agency": "شهرداری کرج", "homepage": "http://127.0.6.3/"}
        assert httpx.post(f"{base}/api/admin/portals", json=doc, headers=admin).status_code == 201
        issued = httpx.post(
            f"{base}/api/admin/agencies/karaj-municipality/tokens", json={}, headers=admin
        )
        yield Live(base, data_dir, admin_token, issued.json()["token"], province, unseen)


def sabt_document(live: Live) -> str:
    portal = live.province.portals[PORTAL]
    return template(PORTAL).replace("{origin}", portal.origin).replace("{host}", portal.host)


def test_registrar_previews_saves_and_queues_the_first_crawl(browser: Browser, live: Live) -> None:
    registry = Registry(f"sqlite:///{live.data_dir / 'registry.sqlite3'}")
    with open_page(browser, DESKTOP, timeout_ms=(PREVIEW_SECONDS + 5) * 1000) as page:
        page.goto(live.base + "/dashboard/login")
        page.get_by_label("توکن دسترسی").fill(live.admin_token)
        page.get_by_role("button", name="ورود").click()
        page.wait_for_load_state()
        page.get_by_role("link", name="ثبت وبگاه تازه").click()
        page.get_by_label("سند ثبت").fill(sabt_document(live))
        page.get_by_role("button", name="پیش‌نمایش").click()
        page.locator("#preview").wait_for()
        rows = page.locator("#preview-services tbody tr")
        assert rows.count() == len(ground_truth(PORTAL)) == 50
        titles = page.locator("#preview-services tbody").inner_text()
        assert all(g.title in titles for g in ground_truth(PORTAL)[:5])
        page.screenshot(path="/tmp/dargah-dashboard-register.png", full_page=True)
        assert registry.get_portal(PORTAL) is None  # a preview stores nothing

        page.get_by_role("button", name="ذخیره و آغاز نخستین خزش").click()
        page.wait_for_url("**/dashboard?done=registered")
        assert "نخستین خزش آن در صف است" in page.locator("p.notice").inner_text()
    assert registry.get_portal(PORTAL) is not None
    assert [j.portal_id for j in registry.jobs(PORTAL, status=JobStatus.QUEUED)] == [PORTAL]
    registry.close()


def test_a_refused_document_names_the_field_and_stores_nothing(
    browser: Browser, live: Live
) -> None:
    with open_page(browser, DESKTOP, timeout_ms=10_000) as page:
        page.goto(live.base + "/dashboard/login")
        page.get_by_label("توکن دسترسی").fill(live.admin_token)
        page.get_by_role("button", name="ورود").click()
        page.goto(live.base + "/dashboard/portals/new")
        page.get_by_label("سند ثبت").fill("id: x\nagency: ثبت\nhomepage: ftp://x\nstrategy: auto")
        page.get_by_role("button", name="ذخیره و آغاز نخستین خزش").click()
        assert "homepage" in page.locator("#register-errors").inner_text()


def test_preview_api_infers_a_registration_for_auto(live: Live) -> None:
    portal = live.unseen.portals["behzisti-qazvin"]
    doc = {"id": portal.id, "agency": portal.agency, "homepage": portal.origin + "/"}
    admin = {"Authorization": f"Bearer {live.admin_token}"}
    answer = httpx.post(
        f"{live.base}/api/admin/portals/preview", json=doc, headers=admin, timeout=60
    )
    assert answer.status_code == 200, answer.text
    preview = answer.json()
    assert len(preview["services"]) == len(ground_truth_unseen("behzisti-qazvin"))
    reasons = {s["reason"] for s in preview["skipped"]}
    assert "not service" in reasons  # listings, the service desk's info page
    assert any(r.startswith("duplicate of ") for r in reasons)  # the same service, two groups
    inferred = yaml.safe_load(preview["inferred"])
    assert inferred["ignore_query_params"] == ["CategoryID"]
    assert inferred.get("strategy", "auto") == "auto"
    agency = {"Authorization": f"Bearer {live.agency_token}"}
    refused = httpx.post(f"{live.base}/api/admin/portals/preview", json=doc, headers=agency)
    assert refused.status_code == 403
    bad = httpx.post(
        f"{live.base}/api/admin/portals/preview", json={**doc, "homepage": "x"}, headers=admin
    )
    assert bad.status_code == 422 and "homepage" in bad.text


def ground_truth_unseen(portal_id: str) -> list[object]:
    from sandbox.unseen import ground_truth as truth

    return list(truth(portal_id))
