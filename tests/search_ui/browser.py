"""Headless Chromium for the browser tests: Debian's build, one guarded page per test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Dialog, Page, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@contextmanager
def open_page(browser: Browser, viewport: ViewportSize, timeout_ms: int) -> Iterator[Page]:
    """A Persian-locale page that refuses every dialog: crawled markup must never run as
    script, so any alert() it managed to raise fails the test once the page is closed."""
    context = browser.new_context(viewport=viewport, locale="fa-IR")
    context.set_default_timeout(timeout_ms)
    page = context.new_page()
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    yield page
    context.close()
    assert dialogs == [], f"markup ran as script: {dialogs}"
