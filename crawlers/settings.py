"""Scrapy settings for the Dargah crawler: polite production defaults.

Per-portal values (limits, user agent, the private-address switch) are layered
on top by :func:`portal_settings`, so one process can crawl many portals with
each its own limits. Tests make loopback crawls fast by passing overrides, not
by changing these defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from registry.registration import Limits

BOT_NAME = "dargah"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

ROBOTSTXT_OBEY = True
# Cookies, one jar per portal and crawl, in memory only: ASP.NET sessions (a WebForms pager's
# postback is refused without its session) and firewalls that set a test cookie by sending
# the visitor back to the page it asked for; without them such a portal is a redirect loop.
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False  # no control ports on a crawler host
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

# Politeness: few parallel requests per portal, adaptive delay from latency.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_ENABLED = True
REDIRECT_MAX_TIMES = 5
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024  # a service page is never this big; protects memory
DEPTH_PRIORITY = 1  # breadth-first: listings before deep detail chains
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

DOWNLOADER_MIDDLEWARES = {
    # Before Scrapy's offsite (50) and robots.txt (100): refuse early, even redirects.
    "crawlers.middlewares.AddressGuardMiddleware": 40,
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawlers.middlewares.NamedOffsiteMiddleware": 50,  # names what it refuses
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.ReportedRobotsTxtMiddleware": 100,  # says when it could not read them
    # Closer to the downloader than Scrapy's redirects (600): names a redirect loop.
    "crawlers.middlewares.RedirectLoopMiddleware": 650,
    # Conditional GET on recrawls (crawlers.revalidate), where Scrapy's own cache sits.
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
    "crawlers.revalidate.RevalidatingCacheMiddleware": 900,
    # After decompression (590) and the cache (900) on the way back: sees the final bytes.
    "crawlers.charset.CharsetMiddleware": 560,
    # Scrapy's meta refresh, reading the same refresh sent as a ``Refresh`` header too.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawlers.middlewares.RefreshMiddleware": 580,
    # Next to the meta refresh (580): a stub page that sends its visitor on by script.
    "crawlers.scriptnav.ScriptRedirectMiddleware": 575,
}

# Incremental recrawls: switched on per run when the runner is given a cache directory.
HTTPCACHE_ENABLED = False
HTTPCACHE_POLICY = "crawlers.revalidate.RevalidatePolicy"
HTTPCACHE_STORAGE = "crawlers.revalidate.LastCrawlCacheStorage"  # one file per portal, bounded
HTTPCACHE_EXPIRATION_SECS = 0
# Pages a crawl did not reach stay for the next one while this young, newest first, within this.
DARGAH_HTTPCACHE_KEEP_DAYS = 14
DARGAH_HTTPCACHE_CARRY_BYTES = 32 * 1024 * 1024
# A stored copy fetched whole longer ago is fetched whole again (validators can lie).
DARGAH_HTTPCACHE_REFETCH_DAYS = 7

SPIDER_MIDDLEWARES = {
    # Clears descriptions that are page chrome (footers, menus) before items reach the pipeline.
    "crawlers.boilerplate.BoilerplateMiddleware": 900,
    # One URL per service: canonical links, tracking parameters, identical copies merged.
    "crawlers.dedupe.OneUrlPerService": 925,
    "crawlers.middlewares.StandInPageMiddleware": 950,  # next to the callback: sees its output
    # The registered domains' script files the pages include, read for a hijack in one.
    "crawlers.scriptfiles.ScriptFilesMiddleware": 940,
    # Farthest from the callback: counts the requests that really leave for the scheduler.
    "crawlers.middlewares.LinkBudgetMiddleware": 50,
}

ITEM_PIPELINES = {
    "crawlers.pipelines.ValidatePipeline": 100,
    "crawlers.pipelines.NormalizePipeline": 200,
    "crawlers.spam.SpamPipeline": 250,  # adverts a hacked portal shows as services
    "crawlers.pipelines.IdentifyPipeline": 300,
    "crawlers.pipelines.IndexPipeline": 400,
}

EXTENSIONS = {
    "crawlers.monitor.CrawlMonitor": 10,
    # Indexed services the crawl did not reach are asked at their own URLs before they are
    # counted missing (crawlers.evidence), at most DARGAH_EVIDENCE_MAX a crawl.
    "crawlers.evidence.AskUnreached": 20,
}

# The lookup Twisted connects with refuses non-public addresses (DNS rebinding); installed
# once per process from the CrawlerProcess's settings (crawlers.resolver).
TWISTED_DNS_RESOLVER = "crawlers.resolver.PublicAddressResolver"

# Dargah's own settings (read by the middleware, pipelines and monitor).
DARGAH_ALLOW_PRIVATE_ADDRESSES = False
DARGAH_UPSERT_BATCH = 100
DARGAH_EVIDENCE_MAX = 500


def portal_settings(
    limits: Limits,
    *,
    user_agent: str,
    allow_private_addresses: bool,
    http_cache_dir: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The per-portal layer on top of this module (applied at ``spider`` priority).

    ``http_cache_dir`` turns on conditional recrawls, keeping pages and their
    validators there (one file per portal).
    """
    values: dict[str, Any] = {
        "USER_AGENT": user_agent,
        "CLOSESPIDER_PAGECOUNT": limits.max_pages,
        "DEPTH_LIMIT": limits.max_depth,
        "DOWNLOAD_DELAY": limits.download_delay,
        "DOWNLOAD_TIMEOUT": limits.timeout,
        "DARGAH_ALLOW_PRIVATE_ADDRESSES": allow_private_addresses,
    }
    if limits.download_delay:
        # AutoThrottle never goes below DOWNLOAD_DELAY; start there, not at the default.
        values["AUTOTHROTTLE_START_DELAY"] = limits.download_delay
    if http_cache_dir is not None:
        http_cache_dir.mkdir(parents=True, exist_ok=True)
        values["HTTPCACHE_ENABLED"] = True
        values["HTTPCACHE_DIR"] = str(http_cache_dir.resolve())
    values.update(overrides or {})
    return values
