"""Try a registration before saving it: crawl a bounded sample, store nothing, explain.

A preview runs the real spider and strategy in a fresh process (Twisted's
reactor cannot restart), with the index and registry left out: items stop
after validation and normalisation, exactly as the index would receive them.
It returns the services found (title, category, fields, deep link), the pages
skipped with the reason for each, the errors, and for ``auto`` the
registration the crawl amounts to, as YAML the registrar can save.
"""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Self, cast

import yaml
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.utils.reactor import install_reactor, is_reactor_installed

from crawlers import settings as crawl_settings
from crawlers.context import CrawlContext
from crawlers.items import ServiceItem
from crawlers.pipelines import SpiderBound
from crawlers.runner import _base_settings, await_child
from crawlers.spiders.portal import PortalSpider
from crawlers.strategies.auto import AutoStrategy
from indexer.documents import canonical_url
from registry.registration import Registration

SAMPLE_PAGES = 120  # pages fetched at most
SAMPLE_SECONDS = 20.0  # the crawl stops after this, whatever it has found


class PreviewError(RuntimeError):
    """The preview could not run (not: the portal had no services)."""


@dataclass
class Preview:
    portal_id: str
    strategy: str
    pages_fetched: int = 0
    seconds: float = 0.0
    finish_reason: str = ""  # "finished", "closespider_pagecount" (sample cut), ...
    services: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # url, reason
    errors: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    inferred: str | None = None  # YAML of the registration auto inferred

    @property
    def sampled(self) -> bool:
        """True when the sample limits cut the crawl: the portal may have more services."""
        return self.finish_reason != "finished"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "sampled": self.sampled}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        data = {k: v for k, v in data.items() if k != "sampled"}
        return cls(**data)

    def lines(self) -> list[str]:
        """The preview for a terminal."""
        out = [
            f"{self.portal_id} ({self.strategy}): {len(self.services)} service(s) from "
            f"{self.pages_fetched} page(s) in {self.seconds:.1f} s"
            + (" — sample only, the portal may have more" if self.sampled else "")
        ]
        for url in self.sections:
            out.append(f"  section followed: {url}")
        for url in self.sitemaps:
            out.append(f"  sitemap read: {url}")
        out.append("services:")
        for service in self.services:
            category = f" [{service['category']}]" if service["category"] else ""
            out.append(f"  - {service['title']}{category}")
            out.append(f"    {service['url']}")
            for name, value in service["fields"].items():
                out.append(f"    {name}: {value[:80]}")
        if self.skipped:
            out.append("skipped pages:")
            out += [f"  - {s['reason']}: {s['url']}" for s in self.skipped]
        if self.errors:
            out.append("errors:")
            out += [f"  - {e}" for e in self.errors]
        if self.inferred:
            out.append("inferred registration (save it as a file and adjust):")
            out += ["  " + line for line in self.inferred.splitlines()]
        return out


class CollectPipeline(SpiderBound):
    """Last pipeline stage of a preview: keep the normalised item, index nothing."""

    def process_item(self, item: ServiceItem) -> ServiceItem:
        self.spider.collected.append(item)
        return item


def run_preview(
    registration: Registration,
    *,
    user_agent: str,
    allow_private_addresses: bool,
    max_pages: int = SAMPLE_PAGES,
    seconds: float = SAMPLE_SECONDS,
    settings_overrides: dict[str, Any] | None = None,
) -> Preview:
    """One preview in this process (once per process: the reactor cannot restart)."""
    started = time.monotonic()
    base = _base_settings(settings_overrides, allow_private_addresses=allow_private_addresses)
    if not is_reactor_installed():
        install_reactor(base["TWISTED_REACTOR"], base["ASYNCIO_EVENT_LOOP"])
    limits = registration.limits.model_copy(
        update={"max_pages": min(registration.limits.max_pages, max_pages)}
    )
    settings = base.copy()
    values = crawl_settings.portal_settings(
        limits,
        user_agent=user_agent,
        allow_private_addresses=allow_private_addresses,
        overrides=settings_overrides,
    )
    values.update(
        {
            "ITEM_PIPELINES": {
                "crawlers.pipelines.ValidatePipeline": 100,
                "crawlers.pipelines.NormalizePipeline": 200,
                "crawlers.spam.SpamPipeline": 250,
                "crawlers.preview.CollectPipeline": 300,
            },
            "EXTENSIONS": {"crawlers.monitor.CrawlMonitor": None},  # records runs: not here
            "CLOSESPIDER_TIMEOUT": seconds,
            "AUTOTHROTTLE_START_DELAY": max(registration.limits.download_delay, 0.1),
        }
    )
    settings.setdict(values, priority="spider")
    # A preview stores nothing: the spider gets no index and no registry.
    context = CrawlContext(
        backend=cast(Any, None),
        registry=cast(Any, None),
        reports_dir=Path("."),
        retire_after_misses=0,
    )
    process = CrawlerProcess(base)
    crawler = Crawler(PortalSpider, settings)
    process.crawl(crawler, registration=registration, context=context)
    process.start()
    spider = cast(PortalSpider, crawler.spider)
    state = spider.state
    report = state.report
    preview = Preview(
        portal_id=registration.id,
        strategy=registration.strategy.value,
        pages_fetched=int(crawler.stats.get_value("response_received_count", 0)),
        seconds=time.monotonic() - started,
        finish_reason=str(crawler.stats.get_value("finish_reason", "")),
        services=list(_services(spider.collected, state.unconfirmed).values()),
        skipped=[{"url": url, "reason": reason} for url, reason in state.skipped],
        errors=list(report.error_samples),
        sections=list(report.sections),
        merged=list(report.merged),
    )
    strategy = spider.strategy
    if isinstance(strategy, AutoStrategy):
        preview.sitemaps = list(strategy.sitemaps)
        doc = strategy.inferred(report.merged)
        Registration.parse(doc)  # what is printed must be saveable as is
        preview.inferred = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    return preview


def _services(items: list[ServiceItem], unconfirmed: dict[str, str]) -> dict[str, dict[str, Any]]:
    """By deep link, as the index would keep them: a service read again under the same link
    (its canonical page, crawlers.dedupe) once; a canonical link whose page never showed the
    service is not its link."""
    services: dict[str, dict[str, Any]] = {}
    for i in items:
        url = unconfirmed.get(canonical_url(i.url), i.url)
        services[url] = {
            "title": i.title,
            "category": i.category,
            "url": url,
            "description": i.description[:300],
            "fields": i.fields,
        }
    return services


def _child(results: Any, registration: Registration, options: dict[str, Any]) -> None:
    try:
        results.put(("ok", run_preview(registration, **options).to_dict()))
    except Exception as exc:  # reported to the caller, who names the portal
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def preview_in_subprocess(
    registration: Registration, *, timeout: float = 60, **options: Any
) -> Preview:
    """:func:`run_preview` in a fresh spawned process; raises PreviewError if it fails."""
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    proc = ctx.Process(target=_child, args=(results, registration, options), daemon=True)
    proc.start()
    status, data = await_child(proc, results, timeout, "the preview process", PreviewError)
    if status != "ok":
        raise PreviewError(str(data))
    return Preview.from_dict(data)
