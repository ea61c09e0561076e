"""Extension that keeps each crawl's report and closes it: status, retirement, storage.

The status rule is what protects the index: only a COMPLETE crawl (finished
normally, every entry page fetched, no page limit hit, no transient error)
may retire services, so an outage or a killed crawl never removes anything.
A crawl that would be complete but cannot be believed (far fewer services than
the last complete crawl found, every page the same body, maintenance, login or
parked pages) is SUSPECT instead: it raises an alert and retires nothing.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawlers.errors import INCOMPLETE_KINDS, WRITE_KINDS
from crawlers.pagecheck import body_fingerprint, government_host
from crawlers.pipelines import store
from crawlers.revalidate import is_not_modified
from crawlers.scriptfiles import SCRIPT_FILE
from indexer.documents import service_id
from indexer.normalize import STEM_MARK, normalize, spelled_alike, stopword_keys, word_spans
from registry.records import LinkCheck
from registry.reports import CrawlReport, CrawlStatus

if TYPE_CHECKING:
    from collections.abc import Iterable

    from crawlers.context import CrawlContext, CrawlState
    from crawlers.spiders.portal import PortalSpider

logger = logging.getLogger(__name__)


SAME_BODY_SHARE = 0.9  # pages sharing one body at which a crawl read nothing real
SAME_BODY_MIN_PAGES = 3
# Services renamed at once, of all the portal had, at which a crawl is suspect: an agency
# renames a service now and then; a defacement or a hijacked CMS renames them all.
RETITLED_MIN = 5
RETITLED_SHARE = 0.5
# Renames of the portal's last complete crawl this recent count with this crawl's: a defacer
# who renames a few services a crawl gets past a per-crawl threshold (red team round 6).
RETITLED_WINDOW = timedelta(days=7)
# Renames are also added up since the portal's last accepted baseline, its registration or
# re-registration (over at most this many of its latest runs): a defacer renaming two services
# a crawl stayed under the two-crawl window and defaced all eight titles in four crawls (red
# team 12). Only renames to titles foreign to the portal's own words add up there: an agency
# renaming a service now and then over months names it in its trade («پروانه», «عوارض»).
RETITLED_RUNS = 100
RENAMES_KEPT = 200  # renamed services a report keeps the old title and description of
# A crawl that found at most this share of the services the portal had (and at least as many
# new ones as old) found another site: a shared multi-site CMS answering the portal's host with
# another agency's site (red team round 9). An agency renaming a few pages finds most of them.
REPLACED_SHARE = 0.2
REPLACED_MIN = 5  # services the portal had, at least: a tiny portal may really be rebuilt
STAND_IN_SHARE = 0.5  # maintenance/login/parked pages among all pages at which a crawl is suspect
# Indexed services whose pages now redirect permanently into one same other indexed service,
# at which a crawl is suspect (red team 12: a CMS redirect rule too broad, or a hostile one,
# sent three service pages to a fourth). Fewer are missed and retire as any missing service.
MERGED_MIN = 3
# Advert items (crawlers.spam) at which a crawl is suspect: several, or this share of all the
# items it read. A hacked CMS adds dozens or defaces every page; one item that still reads as
# an advert is dropped by itself, and the portal's other services, new ones too, are kept
# (red team round 10: one police service about gambling sites took back a whole first crawl).
SPAM_MIN = 3
SPAM_SHARE = 0.25
# A burst of new services on an established portal whose titles share no words with what the
# portal had (red team 11: a hacked CMS adds forty «خرید مدرک دانشگاهی», «وام فوری» pages of
# trades no word list foresees). At least this many new ones, and as many as the portal had;
# of them, at least this share foreign: fewer than FOREIGN_KNOWN of a title's words (stems
# included) are words of the portal's titles, descriptions, categories or agency name. An
# agency adding forty services of its own names its trade in them («پروانه», «عوارض»).
BURST_MIN = 10
BURST_SHARE = 1.0
BURST_BASE_MIN = 5  # services a portal has before it is established (a first crawl: none)
BURST_FOREIGN_SHARE = 0.5
FOREIGN_KNOWN = 1 / 3
BURST_VOCABULARY_DOCS = 2000  # services read for the portal's vocabulary, at most
# ...counted over the crawls of a window, not one: a hacked CMS adding its pages in steps each
# under the threshold (9, then 16 on a portal of 8) got 25 through (red team 12). The new
# services the portal's recent complete crawls kept count with this crawl's, against what it
# had before them; a re-registration or the portal's first crawl ends the window.
BURST_WINDOW = timedelta(days=30)
BURST_WINDOW_RUNS = 40  # crawls read back, at most


def decide_status(state: CrawlState, reason: str) -> CrawlStatus:
    report = state.report
    if any(report.errors.get(kind) for kind in WRITE_KINDS):
        return CrawlStatus.FAILED
    if report.pages_fetched == 0 or state.entries_ok == 0:
        return CrawlStatus.FAILED
    incomplete = any(report.errors.get(kind) for kind in INCOMPLETE_KINDS)
    if reason == "finished" and not state.entries_failed and not incomplete:
        return CrawlStatus.COMPLETE
    return CrawlStatus.PARTIAL


class CrawlMonitor:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def spider(self) -> PortalSpider:
        return self.crawler.spider  # type: ignore[return-value]

    def spider_opened(self, spider: Any) -> None:
        state, context = self.spider.state, self.spider.context
        state.run_id = context.run_ids[state.portal_id]  # claimed by the runner
        context.crawling.add(state.portal_id)

    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        if request.url.endswith("/robots.txt") and not request.meta.get("entry"):
            return
        if request.meta.get(SCRIPT_FILE):  # read for the hijack check, not a page
            return
        state = self.spider.state
        state.report.pages_fetched += 1
        if is_not_modified(response):
            state.report.not_modified += 1
        if request.meta.get("entry") and 200 <= response.status < 300:
            state.entries_ok += 1
        if 200 <= response.status < 300 and response.body:
            state.bodies[body_fingerprint(response.body)] += 1

    def item_dropped(
        self, item: Any, response: Response, exception: Exception, spider: Any
    ) -> None:
        self.spider.state.report.error("dropped_item", str(exception)[:300])

    def spider_error(self, failure: Failure, response: Response, spider: Any) -> None:
        self.spider.state.report.error(
            "parse_error", f"{response.url}: {failure.getErrorMessage()}"[:300]
        )

    def spider_closed(self, spider: Any, reason: str) -> None:
        # Links Scrapy dropped for depth, without an errback: count them from its stats.
        report = self.spider.state.report
        stats = self.crawler.stats
        too_deep = stats.get_value("depth/request_ignored_count", 0)
        if too_deep:
            report.errors["depth_limit"] += too_deep - 1
            report.error("depth_limit", f"{too_deep} link(s) deeper than limits.max_depth skipped")
        finish(self.spider.context, self.spider.state, reason)


def finish(context: CrawlContext, state: CrawlState, reason: str) -> CrawlReport:
    """Close the report: decide the status, retire on COMPLETE only, record and write it."""
    report = state.report
    context.crawling.discard(state.portal_id)
    for detail in context.conflicts.pop(state.portal_id, []):
        report.error("conflict", detail)
    state.send_away_by_files()
    report.finish_reason = reason
    report.status = decide_status(state, reason)
    if removed_meanwhile(context, state):
        drop_removed(context, state)
        return record(context, state)
    try:
        raise_alerts(context, state)
    except Exception as exc:  # e.g. the registry locked: when in doubt, retire nothing
        logger.exception("checking the crawl of %s failed", state.portal_id)
        report.alert("check_failed", f"the crawl could not be checked: {exc}")
    if report.alerts and report.status in (CrawlStatus.COMPLETE, CrawlStatus.PARTIAL):
        report.status = CrawlStatus.SUSPECT  # partial or not: what was harvested stays
    mark_sent_away(context, state)
    kept = store_changed(context, state)
    dropped = drop_added(context, state)
    report.added_ids = state.added[: report.MAX_ADDED_IDS]  # what was kept (the burst window)
    if report.status is not CrawlStatus.SUSPECT and report.status is not CrawlStatus.FAILED:
        report.status = decide_status(state, reason)  # storing them may have failed
    if report.status is CrawlStatus.SUSPECT:
        report.retirement = (
            "nothing retired and no misses counted: the crawl is suspect ("
            + "; ".join(report.alerts)
            + ")"
            + (f"; {kept} changed service(s) kept as they were" if kept else "")
            + (f"; {dropped} new page(s) not kept" if dropped else "")
        )
    elif report.status is CrawlStatus.COMPLETE:
        try:
            retire(context, state)
        except Exception as exc:  # never lose the report over retirement
            logger.exception("retiring services of %s failed", state.portal_id)
            report.error("index_error", f"retirement failed: {exc}")
            report.status = CrawlStatus.PARTIAL
            report.retirement = "nothing retired: retirement failed (see errors)"
    elif report.status is CrawlStatus.PARTIAL and state.gone:
        try:
            retire_gone(context, state)
        except Exception as exc:  # never lose the report over retirement
            logger.exception("retiring gone services of %s failed", state.portal_id)
            report.error("index_error", f"retirement failed: {exc}")
            report.retirement = "nothing retired: retirement failed (see errors)"
    else:
        report.retirement = (
            f"nothing retired: the crawl was {report.status.value}, "
            "and only a complete crawl may retire services"
        )
    return record(context, state)


def mark_sent_away(context: CrawlContext, state: CrawlState) -> None:
    """Mark the deep links of pages that send every visitor off to another site broken: the
    gateway then tells a citizen the link does not work instead of sending them there (the
    next crawl or link check that finds the page well clears the mark)."""
    if not state.sent_away:
        return
    now = datetime.now(UTC)
    checks = [
        LinkCheck(service_id(page), state.portal_id, page, 200, target, now, "offsite_redirect")
        for page, target in state.sent_away.items()
    ]
    try:
        context.registry.record_link_checks(checks)
    except Exception as exc:  # the report still names the pages
        logger.exception("marking the links of %s failed", state.portal_id)
        state.report.error("registry_error", f"links sending visitors away not marked: {exc}")


def removed_meanwhile(context: CrawlContext, state: CrawlState) -> bool:
    """The portal was unregistered while it was crawled (and perhaps registered again: the
    crawl then followed a registration that is no more, and counted as unchanged services
    the removal had dropped). When the registry cannot say (say, locked), it was not:
    dropping a portal's services needs certainty."""
    try:
        return context.registry.registered_since(state.portal_id, state.report.started_at)
    except Exception:
        logger.exception("could not tell whether %s is still registered", state.portal_id)
        return False


def drop_removed(context: CrawlContext, state: CrawlState) -> None:
    """A portal removed during its crawl keeps nothing: the removal already dropped what was
    indexed, but the crawl went on storing services as it found them, which would come back
    to search with deep links to an unregistered site. Dropped here, whoever removed it."""
    report = state.report
    report.status = CrawlStatus.FAILED
    report.error("portal_removed", f"{state.portal_id} was unregistered during its crawl")
    try:
        ids = list(context.backend.portal_hashes(state.portal_id))
        context.backend.delete(ids)
        context.registry.forget_link_checks(ids)
    except Exception as exc:  # the worker's purge job drops them too
        logger.exception("dropping the services of removed portal %s failed", state.portal_id)
        report.error("index_error", f"services of the removed portal not dropped: {exc}")
        report.retirement = "the portal was removed during the crawl; dropping its services failed"
        return
    report.retirement = (
        f"the portal was removed during the crawl: its {len(ids)} indexed service(s) dropped"
    )
    try:
        if context.registry.get_portal(state.portal_id) is not None:  # registered again
            context.registry.enqueue_job(state.portal_id, "system:registered-again")
            report.retirement += "; registered again meanwhile: a new crawl is queued"
    except Exception:
        logger.exception("queueing a crawl of re-registered %s failed", state.portal_id)


def record(context: CrawlContext, state: CrawlState) -> CrawlReport:
    """Record the closed report: in the registry's run, and as a report file."""
    report = state.report
    report.finished_at = datetime.now(UTC)
    context.reports[state.portal_id] = report
    try:
        context.registry.finish_run(state.run_id, report)
    except Exception as exc:  # the report file and the exit status still say so
        logger.exception("recording the crawl of %s in the registry failed", state.portal_id)
        report.error("write_error", f"the registry did not record the crawl: {exc}")
        report.status = CrawlStatus.FAILED
    try:
        write_report(context, report)
    except OSError as exc:
        logger.exception("writing the crawl report of %s failed", state.portal_id)
        report.error("write_error", f"the report file was not written: {exc}")
        report.status = CrawlStatus.FAILED
    logger.info("%s", report.summary())
    return report


def store_changed(context: CrawlContext, state: CrawlState) -> int:
    """Store the services this crawl found changed, unless the crawl is suspect: a portal
    answering every service page with a soft 404 or a template would otherwise overwrite
    each service it lies about. (New services were stored as they came: nothing of what
    was harvested is lost when a crawl is killed.) How many were kept as they were."""
    report, changed = state.report, state.changed
    state.changed = []
    if report.status is CrawlStatus.SUSPECT:
        report.updated = 0
        restore(context, state)
        return len(changed)
    if changed:
        store(context.backend, report, changed)
    drop_moved(context, state)
    return 0


def drop_moved(context: CrawlContext, state: CrawlState) -> None:
    """Drop the old copies of services this crawl found at a new URL (an http → https move,
    a permanent redirect, an identical copy kept instead: crawlers.pipelines), once the new
    copy is stored: one service, at its new URL. An old copy the crawl also found itself (a
    portal serving both) stays."""
    moved, state.moved = state.moved, {}
    if not moved:
        return
    state.merged_into = merged_services(state, moved)
    try:
        stored = context.backend.portal_hashes(state.portal_id)
        old = [
            o
            for o, new in moved.items()
            if new in stored and o not in state.seen and o not in state.merged_into
        ]
        context.backend.delete(old)
        context.registry.forget_link_checks(old)
        # a best bet to the service follows it to its new URL (red team round 10)
        context.registry.retarget_best_bets({o: moved[o] for o in old})
    except Exception as exc:  # the old copies retire as missing services instead
        logger.exception("dropping the old copies of moved services of %s", state.portal_id)
        state.report.error("index_error", f"old copies of moved services not dropped: {exc}")


def merged_services(state: CrawlState, moved: dict[str, str]) -> dict[str, str]:
    """Of ``moved``, the services whose page redirects permanently to ANOTHER service the
    index already held when the crawl opened: old id -> that service's id.

    A move gives a service a new URL no other service has; a redirect into a page that is
    already a service of its own says "go there instead", whether the agency merged them or
    a CMS redirect rule sends several pages to one (red team round 12). Dropping the old
    ones at once, as moves, lost three services in one crawl with nothing in the report.
    They are kept instead, missed, and retire as any missing service does. Identical copies
    of one service (crawlers.dedupe) are not merges: they were one service already."""
    return {
        old: new
        for old, new in moved.items()
        if new != old
        and new in state.indexed
        and old in state.indexed
        and old not in state.duplicates
        and old not in state.seen
    }


def _merged(context: CrawlContext, state: CrawlState) -> str:
    """Why this crawl's redirects look like services collapsed into one, or "". A merged
    service a complete crawl has already missed was accepted then (after the registrar
    re-registered the portal): it is left to retire, not alerted on again."""
    merges = merged_services(state, state.moved)
    if merges:
        missed = context.registry.miss_counts(state.portal_id)
        merges = {old: new for old, new in merges.items() if old not in missed}
    if not merges:
        return ""
    _, into = Counter(merges.values()).most_common(1)[0]
    if into < MERGED_MIN:
        return ""
    return (
        f"{into} service page(s) now redirect permanently to one other indexed service"
        f" ({len(merges)} redirected into other services in all; a redirect rule too broad?);"
        " they are kept and nothing is missed"
    )


def drop_added(context: CrawlContext, state: CrawlState) -> int:
    """Take back the new services a suspect crawl stored as it went (a hacked homepage's
    links to new spam pages must not reach search under the agency's name); how many."""
    if state.report.status is not CrawlStatus.SUSPECT or not state.added:
        return 0
    added, state.added = state.added, []
    try:
        context.backend.delete(added)
    except Exception as exc:  # the report says so; the registrar sees the suspect crawl
        logger.exception("taking back the new services of %s failed", state.portal_id)
        state.report.error("index_error", f"{len(added)} new page(s) of a suspect crawl: {exc}")
        return 0
    state.report.new = 0
    return len(added)


def _rewritten(context: CrawlContext, state: CrawlState) -> tuple[set[str], int, int]:
    """(ids of services whose title this crawl changed, services whose description it wiped or
    replaced with text another service's new description has too, services the portal
    had). A defacer who keeps the titles puts one spam text in every description (red team
    round 7); the boilerplate filter then takes it for the site's chrome and wipes the rest.
    An agency rewriting its descriptions writes a different one for each service."""
    known = len(context.backend.portal_hashes(state.portal_id))
    renamed: set[str] = set()
    rewritten: list[str] = []  # the new descriptions of services whose description changed
    for doc in state.changed[:5000]:
        before = context.backend.get(doc.id)
        if before is None:
            continue
        if not spelled_alike(before.title, doc.title):
            renamed.add(doc.id)
        if before.description.strip() and normalize(before.description) != normalize(
            doc.description
        ):
            rewritten.append(normalize(doc.description))
    shared = Counter(rewritten)
    described = sum(1 for text in rewritten if not text or shared[text] > 1)
    return renamed, described, known


def raise_alerts(context: CrawlContext, state: CrawlState) -> None:
    """Name every reason not to believe this crawl (they make a complete crawl SUSPECT).

    Stand-in and same-body pages and renamed services are said whatever the status; "too
    few services" only of a crawl that would otherwise be complete or is not believed
    anyway (a partial crawl is expected to find fewer).
    """
    report = state.report
    if report.status is CrawlStatus.FAILED:
        return
    pages = sum(state.bodies.values())
    stand_ins = sum(state.stand_ins.values())
    for kind, count in state.stand_ins.most_common():
        if state.entry_stand_ins or stand_ins >= STAND_IN_SHARE * max(pages, 1):
            report.alert(
                f"{kind}_page",
                f"{count} of {pages} page(s) were a {kind} page instead of the portal's content",
            )
    if pages >= SAME_BODY_MIN_PAGES:
        _, same = state.bodies.most_common(1)[0]
        if same >= SAME_BODY_SHARE * pages:
            report.alert("same_body", f"{same} of {pages} pages had the same body")
    renamed, described, known = _rewritten(context, state)
    report.renamed = len(renamed)
    # A registrar who re-registered the portal since its last complete crawl accepts what
    # it now shows: its rewritten texts too, as a shrink or a new site (red team round 10).
    accepted = _registered_since_last_complete(context, state.portal_id)
    if not accepted and described >= RETITLED_MIN and described >= RETITLED_SHARE * known:
        report.alert(
            "redescribed",
            f"{described} of the {known} services lost their description or got one text"
            " shared with other services in this crawl (a defaced portal?); the old ones are kept",
        )
    if state.sent_away:
        page, target = next(iter(state.sent_away.items()))
        report.alert(
            "sent_away",
            f"{len(state.sent_away)} page(s) send every visitor to a site no government runs"
            f" ({page} to {target}; a hijacked portal?); their services are kept as they were",
        )
    if cloaked := _browsers_sent_away(context, state.portal_id):
        report.alert(
            "sent_away",
            f"the link check found {len(cloaked)} page(s) sending browsers to a site no"
            f" government runs while showing robots the page ({cloaked[0].url} to"
            f" {cloaked[0].final_url}; a hijacked portal?); their services are kept as they were",
        )
    if not accepted and (merged := _merged(context, state)):
        report.alert("merged", merged)
    spam = report.errors["spam"]
    if spam and (spam >= SPAM_MIN or spam >= SPAM_SHARE * (report.services_found + spam)):
        report.alert(
            "spam",
            f"{report.errors['spam']} page(s) showed adverts as services (gambling, betting,"
            " degrees, loans, pills; a hacked portal?); nothing they showed was taken",
        )
    retitled = _retitled(context, state, renamed, known, accepted)
    if retitled:
        report.alert("retitled", retitled)
    replaced = _replaced(context, state, renamed)
    if replaced:
        report.alert("replaced", replaced)
    elif not accepted and (burst := _burst(context, state)):
        reason, earlier = burst
        report.alert("burst", reason)
        state.added += earlier  # taken back with this crawl's (drop_added)
    if report.status is not CrawlStatus.COMPLETE and not report.alerts:
        return  # a partial crawl is expected to find fewer, unless it is not believed anyway
    baseline = _baseline(context, state.portal_id)
    report.baseline_services = baseline
    if baseline and report.services_found < context.suspect_below * baseline:
        report.alert(
            "too_few_services",
            f"{report.services_found} service(s) found, fewer than "
            f"{context.suspect_below:.0%} of the {baseline} of the last complete crawl",
        )


def _browsers_sent_away(context: CrawlContext, portal_id: str) -> list[LinkCheck]:
    """The portal's links the link checker found sending browsers off to a site no government
    runs (cloaking by User-Agent, red team round 12): this crawl, asking as a robot, is shown
    those pages and cannot see it; the mark stays until a link check finds them well."""
    return [
        check
        for check in context.registry.link_checks(portal_id, broken_only=True)
        if check.error.startswith(LinkCheck.BROWSER_SENT_AWAY)
        and not government_host(check.final_url)
    ]


def _replaced(context: CrawlContext, state: CrawlState, renamed: set[str]) -> str:
    """Why this crawl found another site instead of the portal's, or "".

    A shared multi-site CMS that lost a host binding answers the portal's host with another
    agency's site: every service is new, every old one missing, and the count may be the
    same, so "too few services" does not see it; stored, the other agency's services would
    be listed under this agency's name and all of its own retired. A service counts as found
    when its page was read, withheld, or moved to a new URL. A portal really rebuilt under
    new URLs looks the same: re-registering it accepts the new site, as for a shrink.
    """
    indexed = state.indexed
    if len(indexed) < REPLACED_MIN or _registered_since_last_complete(context, state.portal_id):
        return ""
    # Services reached only by being asked again at their old URLs (crawlers.evidence) do not
    # make the site its links lead to the portal's; nor does a page at a service's URL that
    # shows another service under another title (another site with the same paths, red
    # team 10): that is one more new service.
    reached = (state.seen | state.withheld | state.moved.keys()) - state.reasked - renamed
    found = len(reached & indexed.keys())
    new = state.report.new + len(renamed & indexed.keys())
    if found > REPLACED_SHARE * len(indexed) or new <= found:
        return ""
    return (
        f"{found} of the {len(indexed)} services the portal had were found, and {new} new"
        " or renamed ones (another site answered on its address?); they are not kept and"
        " nothing is missed"
    )


def _words(text: str) -> list[set[str]]:
    """The keys of each word of ``text`` (the word's own and its stems), stopwords, numbers
    and single letters left out: what says what a text is about."""
    stop = stopword_keys()
    words = []
    for _, _, key, extras in word_spans(normalize(text)):
        if key in stop or len(key) < 2 or key.isdigit():
            continue
        words.append({key, *(e.removeprefix(STEM_MARK) for e in extras)})
    return words


def _burst(context: CrawlContext, state: CrawlState) -> tuple[str, list[str]] | None:
    """Why the new services of this crawl and the portal's recent crawls look like another
    trade's pages put on the portal, and the earlier ones of them still indexed; or None.

    Independent of any word list: an established portal that gains, within a window of
    crawls (:func:`_recent_additions`), at least as many new services as it had before them,
    most of them titled in words none of its earlier services, nor its agency, ever used,
    was most likely given them by a hacked CMS, in one crawl or in steps. The crawl is then
    suspect: the new services are taken back, the window's foreign ones with them (they go
    on counting until the registrar accepts them), nothing is missed, what was stored before
    the window stays; re-registering the portal accepts them, as it accepts a rebuilt site.
    An agency growing steadily names its own trade in its new services and is believed."""
    if not state.new_titles:
        return None
    window = _recent_additions(context, state)
    earlier = [doc for doc_id in window if (doc := context.backend.get(doc_id)) is not None]
    recent = set(window)
    base = [doc_id for doc_id in state.indexed if doc_id not in recent]
    added = [*state.new_titles, *(doc.title for doc in earlier)]
    if len(base) < BURST_BASE_MIN or len(added) < max(BURST_MIN, BURST_SHARE * len(base)):
        return None
    vocabulary: set[str] = set()
    for doc_id in base[:BURST_VOCABULARY_DOCS]:
        doc = context.backend.get(doc_id)
        if doc is not None:
            text = " ".join([doc.title, doc.description[:2000], doc.category, doc.agency])
            vocabulary.update(*_words(text))
    foreign = [title for title in added if _foreign(title, vocabulary)]
    if not foreign or len(foreign) < BURST_FOREIGN_SHARE * len(added):
        return None
    steps = f" ({len(state.new_titles)} in this crawl, {len(earlier)} lately)" if earlier else ""
    reason = (
        f"{len(added)} new service(s){steps} on a portal that had {len(base)}, {len(foreign)}"
        f" of them in words its services never used (e.g. «{foreign[0][:80]}»; a hacked CMS?);"
        " they are not kept until the portal is registered again"
    )
    return reason, [doc.id for doc in earlier if _foreign(doc.title, vocabulary)]


def _foreign(title: str, vocabulary: set[str]) -> bool:
    """Whether fewer than :data:`FOREIGN_KNOWN` of a title's words are the portal's."""
    words = _words(title)
    known = sum(1 for keys in words if keys & vocabulary)
    return bool(words) and known < FOREIGN_KNOWN * len(words)


def _recent_additions(context: CrawlContext, state: CrawlState) -> list[str]:
    """Ids of the services the portal's complete crawls of the last :data:`BURST_WINDOW`
    added and the index still holds, newest crawl first. The window ends at the portal's
    re-registration (the registrar accepted what it showed then) and at a crawl of a portal
    not yet established (its first, which added everything it had)."""
    updated = context.registry.portal_updated_at(state.portal_id)
    now = datetime.now(UTC)
    found: dict[str, None] = {}
    for _, run in context.registry.runs(state.portal_id, limit=BURST_WINDOW_RUNS):
        if run.status is not CrawlStatus.COMPLETE:
            continue
        if now - run.started_at > BURST_WINDOW or (updated and updated > run.started_at):
            break
        if run.services_found - run.new < BURST_BASE_MIN:
            break
        found.update((doc_id, None) for doc_id in run.added_ids if doc_id in state.indexed)
    return list(found)


def _registered_since_last_complete(context: CrawlContext, portal_id: str) -> bool:
    """The registrar re-registered the portal after its last complete crawl: what is
    crawled may have changed on purpose. With no complete crawl on record, it was not."""
    last = context.registry.last_complete_run(portal_id)
    updated = context.registry.portal_updated_at(portal_id)
    return last is not None and updated is not None and updated > last.started_at


def _renamed_lately(context: CrawlContext, portal_id: str) -> CrawlReport | None:
    """The portal's last complete crawl, if it ran within the window: its renames count
    with this crawl's."""
    last = context.registry.last_complete_run(portal_id)
    if last is None or last.finished_at is None:
        return None
    return last if datetime.now(UTC) - last.finished_at <= RETITLED_WINDOW else None


def _retitled(
    context: CrawlContext, state: CrawlState, renamed: set[str], known: int, accepted: bool
) -> str:
    """Why this crawl's renames, with earlier ones, look like a defacement, or "".

    Two counts, each against RETITLED_MIN and RETITLED_SHARE of the portal: this crawl's
    renames with those of the last complete crawl within RETITLED_WINDOW (red team 6), and
    the services renamed to words foreign to the portal since its last accepted baseline,
    this crawl's included (red team 12). When either is reached, the titles (and
    descriptions) earlier crawls took are put back when the crawl closes (:func:`restore`),
    as this crawl's are not stored: a defacement is held back whole, not from its second
    half on. A crawl after the registrar re-registered the portal is its new baseline: its
    renames are accepted and not kept for later counts."""
    report = state.report
    if accepted or not renamed:
        return ""
    report.renamed_from = _titles_before(context, sorted(renamed)[:RENAMES_KEPT])
    last = _renamed_lately(context, state.portal_id)
    lately = last.renamed_from if last is not None else {}
    recent = report.renamed + (last.renamed if last is not None else 0)
    earlier = renames_since_baseline(context, state.portal_id)
    foreign: set[str] = set()
    if len(renamed | earlier.keys()) >= max(RETITLED_MIN, RETITLED_SHARE * known):
        foreign = _foreign_renames(context, state, renamed, earlier)
    undone = {sid: earlier.get(sid, old) for sid, old in lately.items()}
    if recent >= RETITLED_MIN and recent >= RETITLED_SHARE * known:
        with_last = f" (with the last crawl's, {recent})" if recent > report.renamed else ""
        why = f"{report.renamed} of the {known} services changed their titles in this crawl"
        why += with_last
    elif len(foreign) >= RETITLED_MIN and len(foreign) >= RETITLED_SHARE * known:
        why = (
            f"{len(foreign)} of the {known} services were renamed in words the portal never"
            f" used since it was registered, {len(foreign & renamed)} in this crawl"
        )
    else:
        return ""
    undone |= {sid: earlier[sid] for sid in foreign - renamed}
    state.restore = {sid: old for sid, old in undone.items() if sid not in renamed}
    restored = f", and {len(state.restore)} renamed by earlier crawls are put back"
    return f"{why} (a defaced portal?); the titles kept are the old ones" + (
        restored if state.restore else ""
    )


def renames_since_baseline(context: CrawlContext, portal_id: str) -> dict[str, list[str]]:
    """Services renamed since the portal's last accepted baseline (:func:`since_baseline`):
    id -> [title, description] before the first of those renames."""
    before: dict[str, list[str]] = {}
    for run in since_baseline(context, portal_id):  # newest first
        before.update(run.renamed_from)  # an older rename's title wins: the first one
    return before


def since_baseline(context: CrawlContext, portal_id: str) -> list[CrawlReport]:
    """The portal's crawls whose changes were stored since its last accepted baseline, newest
    first (at most RETITLED_RUNS runs are read): what it changed a little at a time.

    The baseline is the portal's registration or its last re-registration: a registrar
    re-registers a portal to accept what it now shows (a shrink, a new site, renamed
    services). Complete and partial crawls store what they found changed; a suspect crawl
    stores nothing, and a failed one judged nothing. A partial crawl counts (one page kept
    failing must not hide a slow defacement)."""
    since = context.registry.portal_updated_at(portal_id)
    stored = []
    for _, run in context.registry.runs(portal_id, limit=RETITLED_RUNS):  # newest first
        if since is not None and run.started_at <= since:
            break
        if run.status in (CrawlStatus.COMPLETE, CrawlStatus.PARTIAL):
            stored.append(run)
    return stored


def _titles_before(context: CrawlContext, ids: list[str]) -> dict[str, list[str]]:
    """id -> [title, description] the index holds (this crawl's changes are not stored yet)."""
    before = {}
    for sid in ids:
        doc = context.backend.get(sid)
        if doc is not None:
            before[sid] = [doc.title, doc.description]
    return before


def _foreign_renames(
    context: CrawlContext, state: CrawlState, renamed: set[str], earlier: dict[str, list[str]]
) -> set[str]:
    """Of the services this crawl and earlier ones renamed, those whose title now is in
    words foreign to the portal (as ``_burst`` weighs a new title): fewer than FOREIGN_KNOWN
    of them are words of its services as they were before any of these renames, or of its
    agency. An agency renaming a service names it in its own trade."""
    titles = {doc.id: doc.title for doc in state.changed if doc.id in renamed}
    texts = [old for pair in earlier.values() for old in pair]
    for sid in earlier.keys() - renamed:
        if (doc := context.backend.get(sid)) is not None:
            titles[sid] = doc.title
            texts.append(doc.agency)
    # the index holds this crawl's renamed services as they were: their old words count
    others = [sid for sid in state.indexed if sid not in earlier]
    for sid in others[:BURST_VOCABULARY_DOCS]:
        if (doc := context.backend.get(sid)) is not None:
            texts.append(" ".join([doc.title, doc.description[:2000], doc.category, doc.agency]))
    vocabulary = {key for text in texts for keys in _words(text) for key in keys}
    return {sid for sid, title in titles.items() if _foreign(title, vocabulary)}


def restore(context: CrawlContext, state: CrawlState) -> None:
    """Put back the titles and descriptions earlier complete crawls took from services that
    this suspect crawl's `retitled` alert counted as one defacement with its own renames
    (red team 12: the first defaced titles stayed in search)."""
    kept, state.restore = state.restore, {}
    docs = []
    for sid, (title, description) in kept.items():
        doc = context.backend.get(sid)
        if doc is not None and (doc.title, doc.description) != (title, description):
            docs.append(replace(doc, title=title, description=description))
    if docs:
        store(context.backend, state.report, docs)


def _baseline(context: CrawlContext, portal_id: str) -> int | None:
    """Services the portal had: its last complete crawl's count, else what the index holds.

    None (nothing to compare with) when the portal was re-registered since its last
    complete crawl: a registrar who changed what is crawled (start pages, exclusions)
    expects a different count, and re-registering is how a real shrink is accepted.
    """
    last = context.registry.last_complete_run(portal_id)
    if last is None:
        return len(context.backend.portal_hashes(portal_id)) or None
    updated = context.registry.portal_updated_at(portal_id)
    if updated is not None and updated > last.started_at:
        return None
    return last.services_found


def retire_gone(context: CrawlContext, state: CrawlState) -> None:
    """A partial crawl counts as missing only the services whose own URL answered that it is
    gone (404, 410, a soft 404: ``state.gone``), and retires those missing N times in a row.

    One page that always fails (over the size limit, a permanent 500, an endless ``rel=next``
    chain) made every crawl partial, and a removed service was never retired (red team round
    8). A partial crawl is uncertain about what it did not reach, not about what it did. But
    a portal answering 404 everywhere is misconfigured, not emptied: as for a complete crawl,
    nothing is missed when it found fewer than ``suspect_below`` of the portal's services.
    """
    report = state.report
    indexed = set(context.backend.portal_hashes(state.portal_id))
    gone = (state.gone & indexed) - state.seen - state.withheld
    partial = "the crawl was partial, and only services whose own page answered 404/410 count"
    if not gone:
        report.retirement = f"nothing retired: {partial}, and none did"
        return
    baseline = _baseline(context, state.portal_id) or len(indexed)
    if report.services_found < context.suspect_below * baseline:
        report.retirement = (
            f"nothing retired: {partial}, but it found {report.services_found} of the"
            f" {baseline} services, too few to believe {len(gone)} page(s) are gone"
        )
        return
    retire(context, state, only=gone)
    report.retirement = f"{partial}: {report.retirement}"


def retire(context: CrawlContext, state: CrawlState, only: set[str] | None = None) -> None:
    """Count misses of a complete crawl; retire what was missing N times in a row.

    The report says what happened and why: how many were retired (with the
    first few deep links) and how many are missing but kept for now. ``only``: the
    services a partial crawl may count missing (:func:`retire_gone`).
    """
    report, n = state.report, context.retire_after_misses
    indexed = set(context.backend.portal_hashes(state.portal_id))
    seen = state.seen | state.withheld  # a page withheld this time is not a page gone
    retired = context.registry.record_misses(state.portal_id, seen, indexed, n, only=only)
    report.retired_urls = [
        doc.url for sid in retired[: report.MAX_SAMPLES] if (doc := context.backend.get(sid))
    ]
    context.backend.delete(retired)
    context.registry.forget_link_checks(retired)
    report.retired = len(retired)
    missing = context.registry.miss_counts(state.portal_id)
    report.missing = len(missing)
    crawls = "complete crawl" if n == 1 else f"{n} consecutive complete crawls"
    parts = []
    if retired:
        parts.append(f"retired {len(retired)} service(s) missing from {crawls}")
    if report.missing:
        parts.append(
            f"{report.missing} service(s) missing from this crawl kept until missing from {crawls}"
        )
    if merged := _merged_missing(context, state, set(retired), missing.keys()):
        parts.append(merged)
    report.retirement = "; ".join(parts) or "nothing retired: every indexed service was found"


def _merged_missing(
    context: CrawlContext, state: CrawlState, retired: set[str], missing: Iterable[str]
) -> str:
    """What the report says of services whose page redirects into another service (missed
    like any other, :func:`merged_services`), and the best bets of those retired follow
    them to the service they were merged into, as a moved service's do."""
    merges = state.merged_into
    if not merges:
        return ""
    context.registry.retarget_best_bets({o: n for o, n in merges.items() if o in retired})
    count = sum(1 for sid in [*missing, *retired] if sid in merges)
    if not count:
        return ""
    return (
        f"{count} of them redirect permanently to another indexed service (merged into it?):"
        " missed, not dropped as moved"
    )


def write_report(context: CrawlContext, report: CrawlReport) -> None:
    write_report_file(context.reports_dir, report)


def write_report_file(reports_dir: Path, report: CrawlReport) -> None:
    """``reports_dir/<portal>/<start time>.json``: a run closed later overwrites its file."""
    folder = reports_dir / report.portal_id
    folder.mkdir(parents=True, exist_ok=True)
    stamp = report.started_at.strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}.json"
    path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
