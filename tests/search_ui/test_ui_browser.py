"""A person in headless Chromium: search, narrow by agency, follow a result to the portal.

The gateway runs under uvicorn; the deep links point at the sandbox province's live
portals, which are registered in the registry exactly as an operator would.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

from dargah.app import create_app
from dargah.settings import Settings
from indexer.backends import open_backend
from indexer.documents import ServiceDocument, service_id
from indexer.registry import Registry
from sandbox import Province, start_province

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOT = Path("/tmp/dargah-ui.png")
HOSTILE_TITLE = "<script>window.__xss = 1; alert('xss')</script> پروانه ساختمان ویژه"
OFFSITE_TITLE = "پروانه ساختمان فوری"


@dataclass(frozen=True)
class LiveGateway:
    base: str
    province: Province
    docs: dict[str, ServiceDocument]  # by URL


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _index_province(settings: Settings, province: Province) -> dict[str, ServiceDocument]:
    """Every sandbox service as a perfect crawl would index it, plus two poisoned records."""
    docs: dict[str, ServiceDocument] = {}
    for portal in province.portals.values():
        for spec in portal.site.specs:
            url = portal.origin + portal.site.service_path(spec)
            docs[url] = ServiceDocument(
                id=service_id(url),
                portal_id=portal.id,
                agency=portal.agency,
                url=url,
                title=spec.title,
                description=spec.description,
                category=spec.category,
                fields={"مدت انجام": spec.duration, "هزینه": spec.fee},
            )
    karaj = province.portals["karaj-municipality"]
    url = karaj.origin + "/eservices/service/150?from=hostile"
    docs[url] = ServiceDocument(
        id=service_id(url), portal_id=karaj.id, agency=karaj.agency, url=url,
        title=HOSTILE_TITLE, description="<img src=x onerror=alert(2)> پروانه ساختمان",
        category="پروانه ساختمان",
    )
    url = "http://127.0.2.99:8080/phishing/permit"  # nobody registered this host
    docs[url] = ServiceDocument(
        id=service_id(url), portal_id=karaj.id, agency=karaj.agency, url=url,
        title=OFFSITE_TITLE, description="دریافت پروانه ساختمان بدون مدارک",
        category="پروانه ساختمان",
    )
    backend = open_backend(settings.index_dir)
    backend.upsert(list(docs.values()))
    backend.close()
    registry = Registry(settings.registry_url)
    for reg in province.registrations():
        registry.add_portal(reg)
    registry.close()
    return docs


@pytest.fixture(scope="module")
def live_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveGateway]:
    with start_province() as province:
        settings = Settings(data_dir=tmp_path_factory.mktemp("live-gateway"))
        docs = _index_province(settings, province)
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        try:
            yield LiveGateway(f"http://127.0.0.1:{port}", province, docs)
        finally:
            server.should_exit = True
            thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (`make browser` installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    yield page
    context.close()
    assert dialogs == [], f"crawled markup ran as script: {dialogs}"


def test_search_filter_and_follow_a_result_to_the_portal(live_gateway, page):
    page.goto(live_gateway.base + "/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.get_by_label("چه خدمتی لازم دارید؟").fill("پروانه ساختمان")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=*")

    assert page.locator(".hit").count() == 10
    facet_agencies = set(page.locator("#facet-agency + ul .facet-label").all_inner_texts())
    assert {"شهرداری کرج", "اداره کل راه و شهرسازی استان البرز"} <= facet_agencies
    assert page.locator(".hit-title a").first.inner_text()  # titles are links
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('1rem Vazirmatn')")
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.locator("aside.facets a", has_text="شهرداری کرج").click()
    page.wait_for_url("**agency=karaj-municipality*")
    assert set(page.locator(".hit-agency").all_inner_texts()) == {"شهرداری کرج"}
    selected = page.locator('aside.facets a[aria-current="true"]')
    assert "شهرداری کرج" in selected.inner_text()

    title = "صدور پروانه ساختمان مسکونی"
    doc = next(d for d in live_gateway.docs.values() if d.title == title)
    page.locator(".hit-title a", has_text=title).click()
    page.wait_for_url(doc.url)
    assert page.url == doc.url
    assert page.url.startswith(live_gateway.province.portals["karaj-municipality"].origin)
    assert title in page.locator("h1").first.inner_text()


def test_crawled_markup_is_shown_as_text_never_run(live_gateway, page):
    page.goto(live_gateway.base + "/?q=" + "پروانه ساختمان ویژه")
    hostile = page.locator(".hit-title a", has_text="پروانه ساختمان ویژه")
    assert hostile.inner_text() == HOSTILE_TITLE
    assert page.locator(".hit-snippet", has_text="onerror").count() == 1
    assert page.evaluate("window.__xss") is None  # and the page fixture saw no alert()


def test_keyboard_users_can_skip_to_results_and_page_through(live_gateway, page):
    page.goto(live_gateway.base + "/?q=" + "صدور")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "رفتن به محتوای اصلی"
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")
    assert page.evaluate("document.activeElement.id") == "main"
    page.locator("nav.pager a[rel=next]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2*")
    assert page.locator('nav.pager a[aria-current="page"]').inner_text().endswith("۲")


def test_links_outside_registered_portals_stop_at_a_persian_page(live_gateway, page):
    page.goto(live_gateway.base + "/?q=" + "پروانه ساختمان فوری")
    page.locator(".hit-title a", has_text="پروانه ساختمان فوری").click()
    page.wait_for_load_state()
    assert page.url.startswith(live_gateway.base + "/go/")  # still on the gateway
    assert page.locator("h1").inner_text() == "پیوند این خدمت قابل اعتماد نیست"
    assert page.evaluate("document.documentElement.lang") == "fa"
    page.get_by_role("link", name="بازگشت به جستجوی خدمات").click()
    page.wait_for_url(live_gateway.base + "/")

    response = page.goto(f"{live_gateway.base}/go/ffffffffffffffff")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "خدمت پیدا نشد"
