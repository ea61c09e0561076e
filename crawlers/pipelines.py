"""Item pipeline: validate → normalise → identify → index (batched), in that order.

Each stage owns one thing. Items are untrusted portal content until
NormalizePipeline has reduced every value to plain, normalised text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from w3lib.html import remove_tags, remove_tags_with_content, replace_entities

from crawlers.charset import replacement_share
from crawlers.extract import squash
from crawlers.items import ServiceItem
from crawlers.mojibake import unmangle
from indexer.backend import IndexingError, SearchBackend
from indexer.documents import ServiceDocument, canonical_url, service_id
from indexer.fields import default_vocabulary
from indexer.normalize import normalize, spelled_alike
from indexer.topics import default_taxonomy
from registry.registration import domain_allowed, unsafe_link_reason

if TYPE_CHECKING:
    from collections.abc import Sequence

    from crawlers.spiders.portal import PortalSpider
    from registry.reports import CrawlReport

MAX_TITLE = 300
MAX_TEXT = 5000
# Text that is more than this share U+FFFD was decoded with no encoding that fits: indexing it
# would put «������» before citizens, so the service is dropped and reported instead.
MAX_REPLACEMENT_SHARE = 0.2


class SpiderBound:
    """Pipelines reach the spider (registration, crawl state) through the crawler."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def spider(self) -> PortalSpider:
        return self.crawler.spider  # type: ignore[return-value]


class ValidatePipeline(SpiderBound):
    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ServiceItem):
            raise DropItem(f"unexpected item type {type(item).__name__}")
        if not item.url or not item.url.startswith(("http://", "https://")):
            raise DropItem(f"service without a valid URL ({item.url!r})")
        try:
            reason = unsafe_link_reason(canonical_url(item.url))  # /go would refuse it
        except ValueError:
            reason = "a malformed host or port"
        if reason:
            raise DropItem(f"service URL {item.url!r} has {reason}")
        if not domain_allowed(item.url, self.spider.allowed_domains):
            raise DropItem(f"service URL {item.url} is outside the registered domains")
        if self.spider.excluded(item.url):
            raise DropItem(f"service URL {item.url} matches the registration's exclude list")
        if not plain_text(item.title):
            # What a page showed this time says nothing of whether its service is gone (a
            # page that died half-way, red team round 7): the service found there is kept.
            self.spider.state.withhold(item.url, {})
            raise DropItem(f"service at {item.url} has no title")
        share = max(
            replacement_share(item.title), replacement_share(f"{item.title} {item.description}")
        )
        if share > MAX_REPLACEMENT_SHARE:
            self.spider.state.report.error(
                "unreadable_text", f"{item.url}: {share:.0%} of its text is replacement characters"
            )
            raise DropItem(f"service at {item.url} is unreadable (wrong encoding)")
        return item


# Characters that show nothing, beyond the joiners and marks normalize() drops: a word joiner,
# Hangul and Braille blanks, variation selectors, tag characters. A title made of them alone
# is a result with no visible name (red team round 6); inside words they only hinder matching.
_BLANK = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180e\u2060-\u2064\u206a-\u206f\u2800\u3164"
    "\ufe00-\ufe0f\uffa0\U000e0000-\U000e007f]"
)


def plain_text(value: str, limit: int = MAX_TEXT) -> str:
    """Markup-free display text: Persian encoded twice put back (crawlers.mojibake), tags and
    scripts dropped, entities decoded, blanks dropped, normalised."""
    text = unmangle(value)
    if "<" in text:
        text = remove_tags(remove_tags_with_content(text, which_ones=("script", "style")))
    text = squash(_BLANK.sub("", replace_entities(text)))
    return normalize(text)[:limit]


class NormalizePipeline(SpiderBound):
    def process_item(self, item: ServiceItem) -> ServiceItem:
        item.title = plain_text(item.title, MAX_TITLE)
        item.description = plain_text(item.description)
        item.category = plain_text(item.category, MAX_TITLE)
        cleaned = {plain_text(k, MAX_TITLE): plain_text(v) for k, v in item.fields.items()}
        # one vocabulary (indexer/data/fields.yaml): «هزینه», «تعرفه» and `fee` are all `fee`
        item.fields = default_vocabulary().canonical({k: v for k, v in cleaned.items() if k and v})
        if not item.description and "description" in item.fields:
            item.description = item.fields.pop("description")
        return item


class IdentifyPipeline(SpiderBound):
    """The deep link is the canonical final URL; the id derives from it. The service is
    filed under a province-wide domain: the registrar's correction, else the rules."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.overrides: dict[str, str] = {}

    def open_spider(self) -> None:
        self.overrides = self.spider.context.registry.topic_overrides(self.spider.registration.id)

    def process_item(self, item: ServiceItem) -> ServiceDocument:
        url = canonical_url(item.url)
        registration = self.spider.registration
        if item.fetched:
            self.spider.state.fetched.append(service_id(url))
        if item.truncated:
            self.spider.state.cut_short.add(service_id(url))
        if item.moved_from:
            self.spider.state.redirected[service_id(url)] = _canonical(item.moved_from)
        doc = ServiceDocument(
            id=service_id(url),
            portal_id=registration.id,
            agency=registration.agency,
            url=url,
            title=item.title,
            description=item.description,
            category=item.category,
            fields=dict(item.fields),
        )
        topic = self.overrides.get(doc.id) or default_taxonomy().classify(doc)
        return replace(doc, topic=topic)


class IndexPipeline(SpiderBound):
    """Batched upserts; counts new/updated/unchanged against what the index held at open.

    A service belongs to one portal. When this crawl finds a page that is already the
    service of another portal (their ``allowed_domains`` overlap, which registration
    allows only explicitly), the first portal keeps it: the service is not moved
    silently. The conflict is an error (kind ``conflict``) in this crawl's report and in
    the other portal's newest report, naming the URL and both portals.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.batch_size = crawler.settings.getint("DARGAH_UPSERT_BATCH", 100)
        self.others: dict[str, str] = {}  # service id -> the other portal that owns it
        self.conflicts: dict[str, list[str]] = {}  # owner portal -> conflict details
        self.pending: list[ServiceDocument] = []
        # services under a canonical link not yet seen to exist (crawlers.dedupe), by its id
        self.waiting: dict[str, ServiceDocument] = {}
        # (host, path, query) -> (scheme, id) of the portal's indexed services, read when a
        # first new service is found
        self.addresses: dict[tuple[str, str, str], tuple[str, str]] | None = None
        # (path, query) -> id of an indexed service on a host the registration no longer lists
        self.unregistered: dict[tuple[str, str], str] = {}
        # a new title -> the known services this crawl found renamed to it
        self.retitled: dict[str, list[ServiceDocument]] = {}
        # service id -> how this crawl counted it: "new", "updated" or "unchanged"
        self.counted: dict[str, str] = {}

    def open_spider(self) -> None:
        registration, context = self.spider.registration, self.spider.context
        # Read once for the whole crawl: the stand-in check asks it too (crawlers.middlewares).
        self.spider.state.indexed = context.backend.portal_hashes(registration.id)
        # Only a portal whose domains overlap this one's can hold one of its URLs.
        for other, _theirs, _mine in context.registry.overlapping_portals(registration):
            for sid in context.backend.portal_hashes(other.id):
                self.others.setdefault(sid, other.id)

    def process_item(self, doc: ServiceDocument) -> ServiceDocument:
        state = self.spider.state
        if doc.url in state.unconfirmed:  # its canonical link's page is still to show it
            self.waiting[doc.id] = doc
            return doc
        self.waiting.pop(doc.id, None)  # that page's own item, or the confirmed one
        if doc.id in state.seen:  # the same page reached twice in one crawl
            self.redirected_here(doc)  # this time through an old URL of it, perhaps
            return doc
        state.seen.add(doc.id)
        report = state.report
        if doc.id in state.reasked:  # not listed, but its own page shows it (crawlers.evidence)
            report.unlisted += 1
        owner = self.others.get(doc.id)
        if owner is not None:
            report.error("conflict", f"{doc.url}: already a service of portal {owner}; kept there")
            self.conflicts.setdefault(owner, []).append(
                f"{doc.url}: also found by portal {doc.portal_id}; kept here"
            )
            return doc
        previous = state.indexed.get(doc.id)
        if previous is not None and previous != doc.content_hash and self.not_shown(doc):
            return doc
        report.services_found += 1
        self.crawler.stats.inc_value("dargah/services_found")
        if previous is not None:
            self.redirected_here(doc)  # an indexed URL sends here: one service, this one
        if previous == doc.content_hash:
            report.unchanged += 1
            self.counted[doc.id] = "unchanged"
            return doc
        self.counted[doc.id] = "updated"
        if previous is not None:
            report.updated += 1
            state.changed.append(doc)  # stored when the crawl closes unless it is suspect
            return doc
        old = self.moved_from(doc)
        if old is not None:
            report.updated += 1
            state.changed.append(doc)
            state.moved[old] = doc.id
            return doc
        self.counted[doc.id] = "new"
        report.new += 1
        state.added.append(doc.id)  # taken back if the crawl turns out suspect
        state.new_titles.append(doc.title)  # weighed against the portal's words (a burst)
        self.pending.append(doc)
        if len(self.pending) >= self.batch_size or len(state.fetched) >= self.batch_size:
            self.flush()
        return doc

    def not_shown(self, doc: ServiceDocument) -> bool:
        """Whether a known service's page showed something else this time (red team round 8):
        the service is then withheld, kept as it was, and the crawl is partial.

        - A page that ends before ``</body>`` and lost text the service had (PHP dying
          half-way): ``truncated_page``.
        - A stand-in no sign knows, read through the registration's own selectors (a title
          selector ``h1`` reads a firewall's «Request Rejected»): its heading became the title
          and none of the service's description, or none of its fields, is left.
        - Known services renamed in one crawl to one same title (a holiday «اطلاعیه» on
          several service pages): a title many services' pages share is no one service's.

        An agency renaming a service keeps its text and gives it a name of its own: that
        rename is stored as before."""
        state = self.spider.state
        before = self.spider.context.backend.get(doc.id)
        if before is None:
            return False
        if doc.id in state.cut_short and (lost := _lost(before, doc, partly=True)):
            self.hold(doc, "truncated_page", f"the page ends before </body> and lost {lost}")
            return True
        if spelled_alike(before.title, doc.title):
            return False
        if lost := _lost(before, doc, partly=False):
            self.hold(doc, "service_not_shown", f"showed «{doc.title[:80]}» and lost {lost}")
            return True
        same = self.retitled.setdefault(normalize(doc.title), [])
        same.append(doc)
        if len(same) < 2:
            return False
        why = f"showed «{doc.title[:80]}», as {len(same) - 1} other service page(s) did"
        if len(same) == 2:  # the first was taken as a rename: taken back
            self.take_back(same[0], why)
        self.hold(doc, "service_not_shown", why)
        return True

    def hold(self, doc: ServiceDocument, kind: str, why: str) -> None:
        state = self.spider.state
        state.report.error(kind, f"{doc.url}: {why}; the service is kept as it was")
        state.withheld.add(doc.id)

    def take_back(self, doc: ServiceDocument, why: str) -> None:
        """Uncount a service already taken as renamed: its change is not stored."""
        state = self.spider.state
        if not any(other is doc for other in state.changed):
            return  # not taken as a change
        state.changed = [other for other in state.changed if other is not doc]
        state.report.updated -= 1
        state.report.services_found -= 1
        self.crawler.stats.inc_value("dargah/services_found", -1)
        self.hold(doc, "service_not_shown", why)

    def moved_from(self, doc: ServiceDocument) -> str | None:
        """The id of the indexed service this new URL replaces, when this crawl has not found
        it itself. Ids hash the URL, so a portal moving its pages would have every service
        indexed twice until the old copies retire. The move is the service's new URL, stored
        when the crawl closes (crawlers.monitor). Two signs of a move:

        - an indexed URL of the portal answered with permanent redirects only (301, 308) to
          this page, on the same host or its www./bare twin: a new path scheme (red team
          round 9, ``/s/3`` → ``/fa/service/3.aspx``), a new host name;
        - the same address under the other scheme: a portal moving from http to https
          (red team round 8), whose listing already links the new URLs;
        - the same path and query on a new host, where the indexed one's host is no longer
          registered: a portal moved to a new domain and re-registered under it alone (red
          team round 10).
        """
        state = self.spider.state
        if not state.indexed:
            return None
        old = self.redirected_from(doc)
        if old is not None:
            return old
        if self.addresses is None:
            backend, portal = self.spider.context.backend, self.spider.registration.id
            allowed = list(self.spider.registration.allowed_domains)
            self.addresses, self.unregistered = {}, {}
            for known in backend.documents([portal]):
                scheme, address = _address(known.url)
                self.addresses[address] = (scheme, known.id)
                if not domain_allowed(known.url, allowed):
                    self.unregistered[address[1:]] = known.id
        scheme, address = _address(doc.url)
        other_scheme, old = self.addresses.get(address, (scheme, ""))
        if other_scheme == scheme:
            old = self.unregistered.get(address[1:], "")
        if not old or old in state.seen or old in state.moved:
            return None
        return old

    def redirected_from(self, doc: ServiceDocument) -> str | None:
        """The indexed service, not found in this crawl, whose URL answered with permanent
        redirects to this page, on any host of the registration (a portal moved to a new
        domain and re-registered with both, red team round 10). Not the homepage: a removed
        page sent there is gone, not moved (crawlers.linkcheck reads it so too)."""
        state = self.spider.state
        if urlsplit(doc.url).path in ("", "/"):
            return None
        for url in state.redirected.pop(doc.id, []):
            old = service_id(url)
            if old in state.indexed and old not in state.seen and old not in state.moved:
                return old
        return None

    def redirected_here(self, doc: ServiceDocument) -> None:
        """An indexed URL redirecting permanently to a page already counted in this crawl
        (the page was reached first through a new link, or is indexed itself): that URL is
        the same service, moved here, not a service of its own to be missed."""
        old = self.redirected_from(doc)
        if old is None or self.spider.state.moved.get(old) is not None:
            return
        self.spider.state.moved[old] = doc.id
        if self.counted.get(doc.id) == "new":  # stored as new: it is the old one, moved
            self.counted[doc.id] = "updated"
            self.spider.state.report.new -= 1
            self.spider.state.report.updated += 1

    def merge_duplicates(self) -> None:
        """Copies of a service merged into the copy kept (crawlers.dedupe) are that service,
        not others: one passed on before the kept copy came is no longer counted, and an
        indexed or stored copy is dropped when the crawl closes, as a moved service's old
        copy is (crawlers.monitor.drop_moved), so it is neither missed nor listed twice."""
        state = self.spider.state
        for copy in list(state.duplicates):
            kept = _final(state.duplicates, copy)
            if kept == copy:
                continue
            self.uncount(copy)
            if copy in state.indexed or copy in state.added:
                state.moved[copy] = kept
        for old, new in state.moved.items():
            state.moved[old] = _final(state.duplicates, new)

    def uncount(self, copy: str) -> None:
        """Take back what this crawl counted for a copy merged into another."""
        state, report = self.spider.state, self.spider.state.report
        counted = self.counted.pop(copy, None)
        if counted is None:
            return
        state.seen.discard(copy)
        report.services_found -= 1
        if counted == "new":
            report.new -= 1  # stored: dropped as the copy it is, or taken back if suspect
        elif counted == "updated":
            report.updated -= 1
            state.changed = [doc for doc in state.changed if doc.id != copy]
        else:
            report.unchanged -= 1

    def flush(self) -> None:
        """Store the pending services, and clear the broken mark of every service found."""
        state = self.spider.state
        if state.fetched:
            fetched, state.fetched = state.fetched, []
            try:
                self.spider.context.registry.clear_broken_links(fetched)
            except Exception as exc:  # the next link check clears them instead
                self.spider.state.report.error("registry_error", f"broken marks kept: {exc}")
        if self.pending:
            batch, self.pending = self.pending, []
            store(self.spider.context.backend, self.spider.state.report, batch)

    def close_spider(self) -> None:
        # A canonical link whose page never showed the service (a 404, an old CMS path):
        # the service keeps the URL of the page it was found on.
        state = self.spider.state
        while self.waiting:
            _, doc = self.waiting.popitem()
            own = state.unconfirmed.pop(doc.url)
            state.fetched.append(service_id(own))  # read on its own page
            self.process_item(replace(doc, id=service_id(own), url=own))
        self.merge_duplicates()
        self.flush()
        context = self.spider.context
        for owner, details in self.conflicts.items():
            if owner in context.crawling:  # its report is still open: it is added there
                context.conflicts.setdefault(owner, []).extend(details)
                continue
            try:
                context.registry.add_run_errors(owner, "conflict", details)
            except Exception as exc:  # this crawl's report still names the conflict
                self.spider.state.report.error("conflict", f"not noted on {owner}: {exc}")


def _lost(before: ServiceDocument, after: ServiceDocument, *, partly: bool) -> str:
    """What of the text a service had its page no longer shows ("" if nothing): its
    description, or every field it had; ``partly``: also any one of them missing or cut
    (only the start of what it was: the rest of the page never came)."""

    def lost(had: str, has: str) -> bool:
        return bool(had) and (not has or (partly and has != had and had.startswith(has)))

    found = []
    if lost(before.description, after.description):
        found.append("its description")
    fields = [
        name for name, value in before.fields.items() if lost(value, after.fields.get(name, ""))
    ]
    if fields and (partly or len(fields) == len(before.fields)):
        found.append("its " + ", ".join(fields))
    return " and ".join(found)


def _address(url: str) -> tuple[str, tuple[str, str, str]]:
    """(scheme, (host, path, query)) of a canonical URL: the port goes with the scheme."""
    parts = urlsplit(url)
    return parts.scheme, ((parts.hostname or "").lower(), parts.path, parts.query)


def _final(duplicates: dict[str, str], sid: str) -> str:
    """The copy ``sid`` was merged into, following merges of merges."""
    passed = {sid}
    while (sid := duplicates.get(sid, sid)) not in passed:
        passed.add(sid)
    return sid


def _canonical(urls: Sequence[str]) -> list[str]:
    """The canonical forms of ``urls`` that have one (a malformed one is left out)."""
    out = []
    for url in urls:
        try:
            out.append(canonical_url(url))
        except ValueError:
            continue
    return out


def store(backend: SearchBackend, report: CrawlReport, batch: Sequence[ServiceDocument]) -> None:
    """Upsert ``batch``; what was not stored is an error of the report, never an exception
    that ends the crawl."""
    try:
        backend.upsert(batch)
    except IndexingError as exc:  # the rest of the batch was stored: name only the lost
        report_index_failures(report, batch, exc)
    except Exception as exc:  # e.g. a full disk: the crawl goes on, but is FAILED
        report.error("write_error", f"{len(batch)} services not stored in the index: {exc}")


def report_index_failures(
    report: CrawlReport, batch: Sequence[ServiceDocument], exc: IndexingError
) -> None:
    """One ``index_error`` per service the index refused, by its page URL and the reason;
    the services of the batch that were stored are not counted as lost."""
    urls = {doc.id: doc.url for doc in batch}
    for doc_id, reason in exc.failures.items():
        report.error("index_error", f"{urls.get(doc_id, doc_id)}: {reason}")
