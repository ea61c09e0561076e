"""A person in headless Chromium: search, narrow by agency, follow a result to the portal.

The gateway runs under uvicorn; the deep links point at the sandbox province's live
portals, which are registered in the registry exactly as an operator would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from dargah.app import create_app
from dargah.settings import Settings
from indexer.backends import open_backend
from indexer.documents import ServiceDocument, service_id
from registry.portals import Registry
from sandbox import Province, start_province
from tests.live_server import serve_app
from tests.search_ui.browser import DESKTOP, open_page

pytestmark = pytest.mark.browser

SCREENSHOT = Path("/tmp/dargah-ui.png")
HOSTILE_TITLE = "<script>window.__xss = 1; alert('xss')</script> پروانه ساختمان ویژه"
OFFSITE_TITLE = "پروانه ساختمان فوری"


@dataclass(frozen=True)
class LiveGateway:
    base: str
    province: Province
    docs: dict[str, ServiceDocument]  # by URL


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
        id=service_id(url),
        portal_id=karaj.id,
        agency=karaj.agency,
        url=url,
        title=HOSTILE_TITLE,
        description="<img src=x onerror=alert(2)> پروانه ساختمان",
        category="پروانه ساختمان",
    )
    url = "http://127.0.2.99:8080/phishing/permit"  # nobody registered this host
    docs[url] = ServiceDocument(
        id=service_id(url),
        portal_id=karaj.id,
        agency=karaj.agency,
        url=url,
        title=OFFSITE_TITLE,
        description="دریافت پروانه ساختمان بدون مدارک",
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
        with serve_app(create_app(settings)) as base:
            yield LiveGateway(base, province, docs)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with open_page(browser, DESKTOP, timeout_ms=10_000) as page:
        yield page


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
    page.locator(f"#hit-{doc.id}").locator("xpath=ancestor::article").locator(".hit-go").click()
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
    hit = page.locator("article", has=page.locator(".hit-title", has_text="پروانه ساختمان فوری"))
    hit.locator(".hit-go").click()
    page.wait_for_load_state()
    assert page.url.startswith(live_gateway.base + "/go/")  # still on the gateway
    assert page.locator("h1").inner_text() == "پیوند این خدمت قابل اعتماد نیست"
    assert page.evaluate("document.documentElement.lang") == "fa"
    page.get_by_role("link", name="بازگشت به جستجوی خدمات").click()
    page.wait_for_url(live_gateway.base + "/")

    response = page.goto(f"{live_gateway.base}/go/ffffffffffffffff")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "خدمت پیدا نشد"


# --- autocomplete and «منظورتان … بود؟» ------------------------------------------------------

SUGGEST_SCREENSHOT = Path("/tmp/dargah-autocomplete.png")
DID_YOU_MEAN_SCREENSHOT = Path("/tmp/dargah-did-you-mean.png")


def _options(page: Page) -> list[str]:
    return page.locator("#q-suggestions [role=option] .suggestion-title").all_inner_texts()


def test_typing_lists_services_and_arrow_keys_with_enter_open_one(live_gateway, page):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_gateway.base + "/")
    box = page.get_by_role("combobox", name="چه خدمتی لازم دارید؟")
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("تمديد پروانه ساختمان م", delay=30)  # Arabic yeh, as old keyboards type

    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    # the list of the last keystroke's prefix: a slower machine may show an earlier one first
    expect(page.locator("#q-suggestions [role=option] .suggestion-title")).to_have_text(
        ["تمدید پروانه ساختمان مسکونی"]
    )

    box.fill("")
    box.press_sequentially("تمدید پروانه سا", delay=30)
    page.get_by_role("option").nth(2).wait_for()  # (wait_for_function would need eval: CSP)
    first = page.locator("#q-suggestions [role=option] .suggestion-title").first
    expect(first).to_have_text(re.compile("^تمدید پروانه سا"))  # the last prefix's list
    titles = _options(page)
    assert titles[0].startswith("تمدید پروانه ساختمان")  # titles starting so come first
    assert all(t.startswith("تمدید پروانه") for t in titles)
    assert box.get_attribute("aria-activedescendant") is None
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("ArrowUp")
    box.press("ArrowUp")  # from the first option up wraps to the last
    active = page.locator('#q-suggestions [aria-selected="true"]')
    assert active.count() == 1
    assert box.get_attribute("aria-activedescendant") == active.get_attribute("id")
    assert active.locator(".suggestion-title").inner_text() == titles[-1]
    box.press("ArrowDown")  # and down from the last wraps to the first
    assert active.locator(".suggestion-title").inner_text() == titles[0]
    assert page.evaluate("document.activeElement.id") == "q"  # focus never leaves the box
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SUGGEST_SCREENSHOT))

    box.press("Enter")
    doc = next(d for d in live_gateway.docs.values() if d.title == titles[0])
    page.wait_for_url(doc.url)  # straight to the service page, through /go
    assert titles[0] in page.locator("h1").first.inner_text()
    assert not [e for e in errors if "Content Security Policy" in e]


def test_escape_closes_the_list_and_enter_then_searches_the_text(live_gateway, page):
    page.goto(live_gateway.base + "/")
    box = page.get_by_role("combobox")
    box.press_sequentially("نوبت‌دهی", delay=30)
    page.get_by_role("listbox").wait_for()
    box.press("ArrowDown")
    box.press("Escape")
    assert page.get_by_role("listbox").is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "نوبت‌دهی"  # Escape closed the list, kept the text
    box.press("Enter")
    page.wait_for_url("**/?q=*")
    assert page.locator(".hit").count() > 0
    assert "نوبت‌دهی" in page.locator("h1").inner_text()


def test_clicking_a_suggestion_opens_it_and_titles_stay_text(live_gateway, page):
    page.goto(live_gateway.base + "/")
    box = page.get_by_role("combobox")
    box.press_sequentially("پروانه ساختمان وی", delay=30)
    option = page.get_by_role("option").filter(has_text="پروانه ساختمان ویژه")
    assert option.locator(".suggestion-title").inner_text() == HOSTILE_TITLE
    assert page.evaluate("window.__xss") is None
    assert "شهرداری کرج" in option.inner_text()

    box.fill("")
    box.press_sequentially("واگذاری انشعاب آب ص", delay=30)
    page.get_by_role("option").filter(has_text="واگذاری انشعاب آب صنعتی").click()
    doc = next(d for d in live_gateway.docs.values() if d.title == "واگذاری انشعاب آب صنعتی")
    page.wait_for_url(doc.url)


def test_a_spelling_slip_shows_the_corrections_results_and_says_so(live_gateway, page):
    page.goto(live_gateway.base + "/")
    box = page.get_by_role("combobox")
    box.fill("انشعاب فاضلاپ")  # one letter wrong: found nothing as typed
    box.press("Enter")
    page.wait_for_url("**/?q=*")
    heading = page.get_by_role("heading", level=1)
    assert "برای «انشعاب فاضلاب»" in heading.inner_text()
    assert "فاضلاپ" not in heading.inner_text()
    note = page.locator("p.suggest")
    assert note.inner_text() == (
        "نتایج برای «انشعاب فاضلاب» نشان داده شده است؛ جستجو برای «انشعاب فاضلاپ»"
    )
    assert page.locator(".hit").count() > 0
    note.get_by_role("link").click()  # «search instead for» what was typed
    page.wait_for_url("**/?q=*exact=1*")
    assert page.get_by_role("combobox").input_value() == "انشعاب فاضلاپ"
    assert page.locator("p.suggest").count() == 0


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("hkauhf", "انشعاب"),  # typed with the keyboard still on English
    ],
)
def test_a_keyboard_slip_shows_the_retyped_querys_results(live_gateway, page, typed, meant):
    page.goto(live_gateway.base + "/")
    box = page.get_by_role("combobox")
    box.fill(typed)
    box.press("Enter")
    page.wait_for_url("**/?q=*")
    line = page.locator("p.suggest")
    assert line.count() == 1
    assert line.inner_text().startswith(f"نتایج برای «{meant}» نشان داده شده است؛")
    assert "صفحه‌کلید" in line.inner_text()
    page.evaluate("document.fonts.ready")
    line.screenshot(path=str(DID_YOU_MEAN_SCREENSHOT))
    assert page.locator(".hit").count() > 0
    line.get_by_role("link").click()  # back to exactly what was typed: nothing found
    page.wait_for_url("**/?q=*exact=1*")
    assert page.get_by_role("combobox").input_value() == typed
    assert page.locator(".hit").count() == 0


def test_without_javascript_the_form_still_searches(live_gateway, browser):
    context = browser.new_context(java_script_enabled=False, locale="fa-IR")
    try:
        page = context.new_page()
        page.goto(live_gateway.base + "/")
        box = page.get_by_label("چه خدمتی لازم دارید؟")
        assert box.get_attribute("role") is None  # no combobox promised without its script
        box.fill("انشعاب آب")
        box.press("Enter")
        page.wait_for_url("**/?q=*")
        assert page.locator(".hit").count() == 10
        assert page.locator("#q-suggestions").count() == 0
    finally:
        context.close()
