"""What one crawl shares with the rest of the process, and what it accumulates itself."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawlers.errors import GONE_KINDS, MISSED_KINDS, WITHHELD_KINDS
from crawlers.pagecheck import government_host, trusted_sign_on
from indexer.backend import SearchBackend
from indexer.documents import ServiceDocument, service_id
from registry.reports import CrawlReport

if TYPE_CHECKING:
    from protego import Protego

    from registry.portals import Registry


@dataclass
class CrawlContext:
    """Shared by all portals of one run: one index writer and one registry per process."""

    backend: SearchBackend
    registry: Registry
    reports_dir: Path
    retire_after_misses: int
    # A crawl finding fewer than this share of the services of the portal's last complete
    # crawl is suspect (GATEWAY_SUSPECT_BELOW).
    suspect_below: float = 0.5
    reports: dict[str, CrawlReport] = field(default_factory=dict)
    # portal id -> its run, started (claimed) before its crawler: one running run per portal
    run_ids: dict[str, int] = field(default_factory=dict)
    crawling: set[str] = field(default_factory=set)  # portals whose crawl is open right now
    # conflicts found by other portals for a portal still crawling: added to its report
    conflicts: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class CrawlState:
    """One portal's crawl as it happens: the report, plus what decides its final status."""

    portal_id: str
    report: CrawlReport = field(init=False)
    entries_expected: int = 0
    entries_ok: int = 0
    entries_failed: int = 0
    seen: set[str] = field(default_factory=set)  # service ids found in this crawl
    # service id -> content hash of the portal's services the index held when the crawl
    # opened (crawlers.pipelines.IndexPipeline reads it; none in a preview)
    indexed: dict[str, str] = field(default_factory=dict)
    # canonical link -> the URL of the page that named it, until that link's page has shown
    # the same service (crawlers.dedupe): if it never does, the page keeps its own URL
    unconfirmed: dict[str, str] = field(default_factory=dict)
    # service ids whose page the portal would not show this time (WITHHELD_KINDS): not missed
    withheld: set[str] = field(default_factory=set)
    # service ids whose own URL said the page is gone (404, 410, a soft 404) in this crawl:
    # missed even by a partial crawl (red team round 8)
    gone: set[str] = field(default_factory=set)
    # ids of services read from a page that ends before ``</body>`` (crawlers.pagecheck)
    cut_short: set[str] = field(default_factory=set)
    # service ids of the URLs first asked whose final answer came (a page, a failure): an
    # indexed service none of them is was not reached, and is asked again at the end
    # (crawlers.evidence); redirects the duplicate filter dropped never answer
    answered: set[str] = field(default_factory=set)
    reasked: set[str] = field(default_factory=set)  # ids asked again at the end of the crawl
    # host (netloc) -> its robots.txt rules, as the robots.txt middleware parsed them: once a
    # host (red team round 13), for the middleware and the auto strategy alike
    robots: dict[str, Protego] = field(default_factory=dict)
    bodies: Counter[str] = field(default_factory=Counter)  # body fingerprint -> pages
    stand_ins: Counter[str] = field(default_factory=Counter)  # "maintenance"... -> pages
    entry_stand_ins: int = 0  # entry pages that were stand-ins (maintenance, login, parked)
    fetched: list[str] = field(default_factory=list)  # found on their own page: not broken
    run_id: Any = None
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (url, reason), for previews
    # Services found changed: stored when the crawl closes, unless it is suspect (a portal that
    # lies must not overwrite what was harvested). New services are stored as they come.
    changed: list[ServiceDocument] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # ids of the new services stored
    new_titles: list[str] = field(default_factory=list)  # their titles (crawlers.monitor)
    # old id -> new id of services found at a new URL: under the other scheme of their URL
    # (an http → https move), or through a permanent redirect from it (a path move), or as
    # a copy of a service kept under another URL (crawlers.dedupe). The new copy is stored
    # as a change, the old one dropped with it
    moved: dict[str, str] = field(default_factory=dict)
    # service id -> the id of the identical copy kept instead (crawlers.dedupe): merged into
    # it when the crawl closes (crawlers.pipelines)
    duplicates: dict[str, str] = field(default_factory=dict)
    # old id -> id of the other indexed service its page now redirects to permanently (the
    # portal merged them, or a redirect rule too broad): kept and missed, not dropped as
    # moved (crawlers.monitor.merged_services, red team round 12)
    merged_into: dict[str, str] = field(default_factory=dict)
    # service id -> [title, description] to put back when the crawl closes suspect: services
    # earlier crawls renamed, counted with this crawl's renames as a defacement (red team 12)
    restore: dict[str, list[str]] = field(default_factory=dict)
    # service id -> canonical URLs that redirected permanently to its page in this crawl
    redirected: dict[str, list[str]] = field(default_factory=dict)
    # pages that send every visitor to a site no government runs, by a meta refresh or a
    # load-time script (a hijacked CMS, red team round 10): page -> where
    sent_away: dict[str, str] = field(default_factory=dict)
    # the registered domains' script files -> pages (first asked) that include them, and the
    # files that send every visitor of such a page away as it loads: file -> where
    # (crawlers.scriptfiles, red team round 12)
    script_users: dict[str, list[str]] = field(default_factory=dict)
    script_files_away: dict[str, str] = field(default_factory=dict)
    # module file -> the module files that import it: runs wherever they run (round 19)
    script_importers: dict[str, list[str]] = field(default_factory=dict)

    MAX_SKIPPED = 300

    def send_away(self, url: str, meta: Mapping[str, Any], target: str, how: str) -> None:
        """A page of the portal sends its visitors off the registered domains by ``how`` (a
        meta refresh, its script): its service is withheld, kept as it was, and the page
        named, unless the target is a trusted sign-on page (``login_redirect``, red team round 8;
        :func:`crawlers.pagecheck.trusted_sign_on`, round 11)."""
        page = first_asked(url, meta)
        # off the registered domains: a government's sign-on, or one sending back to the page
        if trusted_sign_on(target, back_to=page):
            self.report.error("login_redirect", f"{page}: sends visitors to sign in at {target}")
        else:
            self.report.error("offsite_redirect", f"{page}: {how} sends visitors to {target}")
            if not government_host(target):
                self.sent_away[page] = target
        self.withhold(url, meta)

    def send_away_by_files(self) -> None:
        """Every page that includes an infected script file sends its visitors where the file
        does, as if the page's own code did (:meth:`send_away`), and is named in the report as
        such a page is."""
        for file, target in self.script_files_away.items():
            for page in self.file_users(file):
                if page not in self.sent_away:
                    self.report.error(
                        "offsite_redirect",
                        f"{page}: its script file {file} sends visitors to {target}",
                    )
                    self.sent_away[page] = target
                    self.withhold(page, {})

    def file_users(self, file: str) -> list[str]:
        """The pages that run a script file: those that include it, and those that run a
        module file importing it, however deep (each file looked at once, 1,000 at most)."""
        pages: dict[str, None] = {}
        seen: set[str] = set()
        todo = [file]
        while todo and len(seen) < 1000:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                pages.update(dict.fromkeys(self.script_users.get(current, [])))
                todo += self.script_importers.get(current, [])
        return list(pages)

    def skip(self, reason: str, url: str) -> None:
        """A fetched page that is not indexed, and why (counted in the report)."""
        self.report.reject(reason, url)
        if len(self.skipped) < self.MAX_SKIPPED:
            self.skipped.append((url, reason))

    def withhold(self, url: str, meta: Mapping[str, Any]) -> None:
        """The portal would not show this page (401, 403, a login form): the service found
        there before, by the URL first asked (before a login redirect), is not missed."""
        self.withheld.add(service_id(first_asked(url, meta)))

    def gone_from(self, url: str, meta: Mapping[str, Any]) -> None:
        """The page first asked (before any redirect) answered that it is gone."""
        self.gone.add(service_id(first_asked(url, meta)))

    def failed(self, kind: str, url: str, meta: Mapping[str, Any], detail: str) -> None:
        """A page that could not be read (red team round 9). Only a failure that says "gone"
        (MISSED_KINDS) leaves a known service to be missed; any other failure of a known
        service's page withholds it (the first URL asked, before any redirect)."""
        self.report.error(kind, f"{url}: {detail}"[:300])
        sid = service_id(first_asked(url, meta))
        self.answered.add(sid)
        if kind in GONE_KINDS:
            self.gone.add(sid)
        elif kind not in MISSED_KINDS and (sid in self.indexed or kind in WITHHELD_KINDS):
            self.withheld.add(sid)

    def __post_init__(self) -> None:
        self.report = CrawlReport(portal_id=self.portal_id)


def first_asked(url: str, meta: Mapping[str, Any]) -> str:
    """The URL first asked for a response (or a failure) at ``url``, before any redirect:
    the service a withheld, gone or failed page is counted for."""
    return str((meta.get("redirect_urls") or [url])[0])
