"""Crawl rate on the sandbox province beside raw Scrapy fetching the same service pages.

Both run in fresh processes with the same loopback-tuned settings (no
AutoThrottle, 8 requests per portal at once), and both are timed by their
own clocks inside the crawl, so process start-up is left out of either.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

import sandbox
from bench.stats import row
from crawlers.runner import run_crawls_in_subprocess
from dargah.settings import DEFAULT_USER_AGENT

LOOPBACK = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
}


class FetchOnly(Spider):
    """The baseline: fetch each URL, parse nothing, index nothing."""

    name = "fetch-only"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self) -> AsyncIterator[Request]:
        for url in self.urls:
            yield Request(url, dont_filter=True)

    def parse(self, response: Response) -> None:
        return None


def _fetch_only(urls: list[str], queue: Any) -> None:
    process = CrawlerProcess({**LOOPBACK, "USER_AGENT": DEFAULT_USER_AGENT, "ROBOTSTXT_OBEY": True})
    crawler = process.create_crawler(FetchOnly)
    process.crawl(crawler, urls=urls)
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    queue.put((stats.get("response_received_count", 0), stats["elapsed_time_seconds"]))


def run() -> list[str]:
    with sandbox.start_province(slow_seconds=0.0) as province, tempfile.TemporaryDirectory() as tmp:
        reports = run_crawls_in_subprocess(
            province.registrations(),
            index_dir=Path(tmp) / "index",
            registry_url=f"sqlite:///{Path(tmp) / 'registry.sqlite3'}",
            reports_dir=Path(tmp) / "reports",
            user_agent=DEFAULT_USER_AGENT,
            allow_private_addresses=True,
            retire_after_misses=2,
            log_progress=False,
            settings_overrides=LOOPBACK,
        )
        pages = sum(r.pages_fetched for r in reports)
        services = sum(r.services_found for r in reports)
        started = min(r.started_at for r in reports)
        finished = max(r.finished_at or r.started_at for r in reports)
        ours = pages / (finished - started).total_seconds()

        urls = [
            portal.origin + service.path
            for portal in province.portals.values()
            for service in sandbox.ground_truth(portal.id)
        ]
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        proc = ctx.Process(target=_fetch_only, args=(urls, queue))
        proc.start()
        fetched, seconds = queue.get(timeout=300)
        proc.join()
        baseline = fetched / seconds
    return [
        row(
            f"crawl ({pages} pages, {services} svc)",
            f"{ours:6.1f} pages/s",
            "raw Scrapy fetch, same pages",
            f"{baseline:6.1f} pages/s",
            ours / baseline,
        )
    ]
