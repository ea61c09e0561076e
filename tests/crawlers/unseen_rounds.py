"""What every round of the unseen province's tests does the same way: read a served page, crawl
the round's portals with ``strategy: auto`` alone, and say what a crawl got wrong.

A round's test module keeps only what is its own: the markup checks of its styles, and any
floor below «every service found, nothing else indexed»."""

from __future__ import annotations

import html
from pathlib import Path

import httpx

from registry.reports import CrawlReport, CrawlStatus
from sandbox.unseen import UnseenProvince, auto_registration, ground_truth
from tests.crawlers.crawl_helpers import Crawled, crawl
from tests.crawlers.unseen_score import Score, indexed, score

# A shared test machine can be slow to answer: no page may be lost to an impatient time-out.
PATIENT = {"DOWNLOAD_TIMEOUT": 30, "RETRY_TIMES": 2}
_PERSIAN = str.maketrans("يك", "یک")


def folded(text: str) -> str:
    """Arabic ي/ك as Persian, no half-spaces: how a title is looked for in a page."""
    return text.translate(_PERSIAN).replace("\u200c", "")


def decoded(body: bytes) -> str:
    """A page's text: UTF-8 (with or without a BOM), else windows-1256 (the older Persian CMSs
    that declare no charset or a wrong one), entities resolved."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = body.decode("cp1256")
    return html.unescape(text)


def fetch(
    client: httpx.Client, province: UnseenProvince, portal_id: str, path: str
) -> httpx.Response:
    return client.get(province.portals[portal_id].origin + path)


def fetch_page(client: httpx.Client, province: UnseenProvince, portal_id: str, path: str) -> str:
    """The page as text, after any redirect (a bare id's 301 to its slug URL)."""
    response = fetch(client, province, portal_id, path)
    assert response.status_code == 200, path
    return decoded(response.content)


def crawl_auto(province: UnseenProvince, portal_ids: tuple[str, ...], tmp: Path) -> Crawled:
    """Each portal registered with its homepage and ``strategy: auto`` only, crawled once
    together into ``tmp``."""
    for portal in province.portals.values():
        portal.clear_requests()  # what the sandbox tests asked is not the crawl's
    regs = [
        auto_registration(p, province.portals[p].origin, province.portals[p].agency)
        for p in portal_ids
    ]
    reports = crawl(regs, tmp, overrides=PATIENT)
    return Crawled(tmp, {r.portal_id: r for r in reports}, 0.0)


def scored(province: UnseenProvince, crawled: Crawled, portal_id: str) -> Score:
    origin = province.portals[portal_id].origin
    docs = indexed(crawled.tmp, portal_id)
    return score(origin, ground_truth(portal_id), docs, province.origins(portal_id))


def problems(
    result: Score, report: CrawlReport, recall_floor: float = 1.0, precision_floor: float = 1.0
) -> list[str]:
    """What a registrar would see wrong with one portal's crawl; empty when nothing is."""
    found = []
    if report.status is not CrawlStatus.COMPLETE:
        found.append(report.summary())
    if result.recall < recall_floor:
        found.append(f"missed: {result.missed}")
    if result.duplicates:
        found.append(f"one service indexed twice: {result.duplicates}")
    if result.misnamed:
        found.append(f"a service under another name: {result.misnamed}")
    if result.precision < precision_floor:
        found.append(f"not services: {result.wrong}")
    return found
