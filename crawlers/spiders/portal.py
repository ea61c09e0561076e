"""The one spider: a registration says where to start and which strategy finds services."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from form2request import form2request
from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from twisted.python.failure import Failure

from crawlers.components import component_links
from crawlers.context import CrawlContext, CrawlState
from crawlers.dedupe import clean_url
from crawlers.errors import error_detail, error_kind
from crawlers.extract import fold, js_unescape, load_json
from crawlers.forms import FIELDS, FORMACTION, MAX_FORMS
from crawlers.items import ServiceItem
from crawlers.jsbind import (
    BINDINGS,
    Navigation,
    bound_template,
    called_addresses,
    inline_code,
    navigating_functions,
)
from crawlers.linktemplates import unfilled
from crawlers.weblinks import header_links
from registry.registration import Registration, domain_allowed


def compile_patterns(patterns: list[str], field: str) -> list[re.Pattern[str]]:
    """Registration regexes, refused with a message naming the field and the pattern."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise ValueError(f"invalid {field} regex {pattern!r}: {exc}") from exc
    return compiled


# A PDF or Word (.docx) file worth reading as a catalogue: its link's text or its file name
# names services («دریافت فهرست خدمات», «فهرست-خدمات-۱۴۰۳.pdf», «شناسنامه-خدمات.docx»). A
# portal links many documents (circulars, forms, reports, news attachments); only these are
# fetched, at most :data:`crawlers.strategies.auto.MAX_PDFS` a crawl, as .xlsx catalogues are.
SERVICES_NAMED = re.compile(r"خدمت|خدمات|services?|khadamat|khedmat", re.IGNORECASE)


def _document(url: str) -> bool:
    """A PDF or Word file: fetched only as a catalogue named for services."""
    return urlsplit(url).path.lower().endswith((".pdf", ".docx"))


def _services_named(text: str, url: str) -> bool:
    return bool(SERVICES_NAMED.search(fold(text) + " " + unquote(url)))


# A link to a print copy of the page it sits on (the same content in a bare template).
PRINT_LINK = re.compile(
    r"^((نسخه|نمایش|صفحه) )?(قابل )?چاپ(ی)?( این)?( صفحه| مطلب| خدمت)?$|^print\b", re.IGNORECASE
)
# Options of a select that navigates when changed («پرش به», the sub-sites of a portal).
_JUMP_MENU_OPTIONS = (
    "//select[contains(@onchange, 'location') or contains(@onchange, 'window.open')"
    " or contains(@onchange, 'href') or contains(@onchange, 'navigate')]//option/@value"
)
_URL_LIKE = re.compile(r"[/.?=]")
# Selects whose change runs a function (``onchange="jumpTo(this)"``): a jump menu when the
# page's own script defines that function to set ``location``.
_CHANGED = "//select[@onchange]"
_NAVIGATES = re.compile(r"\blocation\b|\bwindow\.open\(|\bnavigate\(")
# A page's address handed to a function of a script the page loads (SharePoint's list-view
# pager ``RefreshPageTo(event, "…AllItems.aspx?Paged=TRUE&p_ID=5…")``, its older
# ``SubmitFormPost("…")``): a string argument written as an address.
_ADDRESS_ARGUMENT = re.compile(
    r"""[\w$]\s*\((?:[^()'"]*,)?\s*(['"])((?:https?://|/|\.\.?/)[^'"\s<>]{1,500})\1"""
)
_ACTION = re.compile(r"(delete|remove|logout|logoff|signout)", re.IGNORECASE)
# Elements that go somewhere when clicked, by script: an older portal's table rows and buttons
# (``onclick="location.href='…'"``, ``window.open('…','main')``, ``href="javascript:…"``).
_SCRIPTED = "//*[@onclick] | //a[starts-with(normalize-space(@href), 'javascript:')]"
# Where a script framework's link goes (a clickable card's ``data-href``, AngularJS's
# ``ng-href``, Angular's ``routerLink``); a ``{{item.Key}}`` in it is filled from the JSON list
# the page binds (AngularJS ``ng-init="vm.services=[…]"``).
# A theme names its own attributes too (a Bootstrap modal's trigger carrying the service's
# page in ``data-detail-url``): any ``data-…-url``, ``-href`` or ``-link``, except the parts
# a section's script loads into the page (``data-url``, ``data-ajax-url``:
# :meth:`crawlers.strategies.auto.AutoStrategy.fragments`) and media.
_BOUND = (
    "//@data-href | //@data-link | //@ng-href | //@routerlink"
    " | //@*[starts-with(name(), 'data-') and not(name() = 'data-url')"
    " and (substring(name(), string-length(name()) - 3) = '-url'"
    " or substring(name(), string-length(name()) - 4) = '-href'"
    " or substring(name(), string-length(name()) - 4) = '-link')"
    " and not(contains(name(), 'ajax') or contains(name(), 'api') or contains(name(), 'next')"
    " or contains(name(), 'more') or contains(name(), 'load') or contains(name(), 'img')"
    " or contains(name(), 'image') or contains(name(), 'thumb') or contains(name(), 'icon')"
    " or contains(name(), 'video') or contains(name(), 'audio'))]"
)
_PLACEHOLDER = re.compile(r"\{\{\s*[A-Za-z_$][\w$]*\.([A-Za-z_$][\w$]*)\s*\}\}")
_BOUND_LIST = re.compile(r"[\w$.]+\s*=\s*(\[.*\])", re.DOTALL)
_ASSIGNED_LIST = re.compile(r"(?:\bvar|\blet|\bconst|\bwindow\.)\s*[\w$]+\s*=\s*\[")
# ...or a property of an object the script hands a framework: Vue's ``data: {services: [...]}``
_PROPERTY_LIST = re.compile(r"""(?:[{,]\s*)(?:[\w$]+|'[\w$]+'|"[\w$]+")\s*:\s*\[""")
_SCRIPT_GOES = re.compile(
    r"""(?:\blocation(?:\.href)?\s*=\s*|\blocation\.(?:assign|replace)\(\s*"""
    r"""|\bwindow\.open\(\s*)(['"])([^'"]{1,500})\1(\s*,\s*(['"])[^'"]*\4\s*,\s*['"][^'"]+)?"""
)


# A Livewire pager's button: ``gotoPage(3, 'page')``, ``nextPage('page')``, ``previousPage``.
_WIRE_PAGE = re.compile(
    r"\$?(?:\$wire\.)?(gotoPage|setPage|nextPage|previousPage)"
    r"(?:\(\s*(?:(\d{1,4})\s*,?\s*)?(?:['\"](\w{1,40})['\"])?\s*\))?"
)
MAX_WIRED_PAGES = 30  # pages one Livewire pager names (the rest through its next pages)
MAX_PAGE_NUMBER = 1000
_CALL = re.compile(r"^\s*(?:javascript:\s*)?(?:return\s+)?([A-Za-z_$][\w$]*)\s*\(")  # enterSite()
_FUNCTION = re.compile(
    r"\bfunction\s+([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*\{"
    r"|\b([A-Za-z_$][\w$]*)\s*=\s*(?:function\s*\([^)]*\)|\([^)]*\)\s*=>)\s*\{"
)


class PortalSpider(Spider):
    name = "portal"

    def __init__(self, registration: Registration, context: CrawlContext, **kwargs: Any) -> None:
        super().__init__(name=registration.id, **kwargs)
        from crawlers.strategies import strategy_for  # strategies import this module's type

        self.registration = registration
        self.context = context
        self.allowed_domains = list(registration.allowed_domains)
        self.exclude = compile_patterns(registration.exclude, "exclude")
        self.state = CrawlState(registration.id)
        self.collected: list[ServiceItem] = []  # previews keep items here instead of indexing
        # Frames too: an older portal may show its catalogue as another page in an <iframe>.
        # Spreadsheets too: an agency may publish its «شناسنامه خدمات» only as an .xlsx file
        # (crawlers.spreadsheet; the strategy bounds how many are fetched).
        # An inline SVG's links too: SVG 1.1 (Inkscape, Illustrator, chart exports) writes
        # them ``<a xlink:href>``, which the HTML parser keeps as an attribute of that name.
        # PDFs and Word files too, when named for services (:data:`SERVICES_NAMED`): a
        # catalogue published only as a document whose lines link the services' pages
        # (crawlers.pdfcatalogue, crawlers.spreadsheet). An ``<object data>`` or ``<embed
        # src>`` showing a page is a frame by another name (media by their extensions are not),
        # and so is Hotwire Turbo's ``<turbo-frame src>`` (crawlers.components).
        self._links = LinkExtractor(
            tags=("a", "area", "iframe", "frame", "object", "embed", "turbo-frame"),
            attrs=("href", "src", "xlink:href", "data"),
            deny_extensions=[e for e in IGNORED_EXTENSIONS if e not in ("xlsx", "pdf", "docx")],
        )
        self.strategy = strategy_for(self)

    async def start(self) -> AsyncIterator[Request]:
        for request in self.strategy.start_requests():
            yield request

    def request(
        self,
        url: str,
        callback: Callable[[Response], Iterable[Any]],
        *,
        entry: bool = False,
        meta: dict[str, Any] | None = None,
        priority: int = 0,
    ) -> Request:
        """Every request goes through here so every failure is counted in the report.

        ``entry`` marks the pages a complete crawl needs (start URLs, feeds,
        sitemaps). ``dont_filter`` stays off so offsite checks also apply to
        redirects of start URLs.
        """
        if entry:
            self.state.entries_expected += 1
        return Request(
            clean_url(url),  # tracking parameters only: listings may need the others
            callback=callback,
            errback=self.on_error,
            meta={**(meta or {}), "entry": entry},
            priority=priority,
        )

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        kind = error_kind(failure)
        detail = error_detail(failure)
        if kind == "size_limit":
            detail = f"larger than the download size limit, not read ({detail})"
        if request is None:
            self.state.report.error(kind, f"{url}: {detail}"[:300])
            return
        self.state.failed(kind, url, request.meta, detail)
        if request.meta.get("entry"):
            self.state.entries_failed += 1

    def excluded(self, url: str) -> bool:
        return any(p.search(url) for p in self.exclude)

    def follows(self, url: str) -> bool:
        """Worth fetching: on a registered domain and not excluded, and no script's link
        template left unfilled (``/khadamat/${s.slug}``: no page has that address)."""
        return url.startswith(("http://", "https://")) and (
            domain_allowed(url, self.allowed_domains)
            and not self.excluded(url)
            and not unfilled(url)
        )

    def links(self, response: TextResponse) -> list[str]:
        """On-portal, non-excluded links of a page, in page order: its links (never one to a
        print copy, «نسخه چاپی»), then where its jump menus go."""
        found = [
            link.url
            for page in (response, *inline_frames(response))
            for link in self._links.extract_links(page)
            if self.follows(link.url)
            and not PRINT_LINK.match(fold(link.text))
            and (not _document(link.url) or _services_named(link.text, link.url))
        ]
        return list(
            dict.fromkeys(
                found
                + self.components(response)
                + self.jump_targets(response)
                + self.clicked(response)
                + self.paged(response)
                + self.wired(response)
                + self.hashbang(response)
                + self.form_actions(response)
            )
        )

    def components(self, response: TextResponse) -> list[str]:
        """Where a page's web components link by their ``href`` (Material Web's
        ``<md-list-item href>``, a pager's ``<md-text-button href="?page=2">``: the ``<a>`` is
        in their shadow DOM, :mod:`crawlers.components`), under the rules of its ``<a>``
        links: never a print copy, a document only when named for services."""
        values = [
            href
            for href, text in component_links(response)
            if not PRINT_LINK.match(fold(text))
            and (not _document(response.urljoin(href)) or _services_named(text, href))
        ]
        return self._targets(response, values)

    def form_actions(self, response: TextResponse) -> list[str]:
        """Where a page's GET forms go when there is nothing to fill in them: to a browser
        they are links. A table whose titles are ``<button type="submit"
        formaction="…/Details/3">`` inside one form, or a list of one form a row (``<form
        action="…/Details/3"><button>``). The form's hidden fields go along as the query. A
        form or button sent by POST, or naming an action, is never followed; a form with
        fields to fill is a search (:meth:`crawlers.strategies.auto.AutoStrategy.service_search`
        sends a services search empty)."""
        values = []
        for form in response.xpath("//form")[:MAX_FORMS]:
            clicks = [False, *form.xpath(FORMACTION)[:500]]
            if form.xpath(FIELDS):
                clicks = clicks[1:]  # a search: only where its own buttons go
            for click in clicks:
                try:
                    sent = form2request(form, click=click)
                except (ValueError, KeyError, NotImplementedError):  # a form it cannot send
                    continue
                if sent.method == "GET" and not _ACTION.search(sent.url):
                    values.append(sent.url)
        return self._targets(response, values)

    def hashbang(self, response: TextResponse) -> list[str]:
        """The pages of an AJAX app's ``#!`` links, as the AJAX crawling scheme asks for them:
        ``/services#!/service/3`` is ``/services?_escaped_fragment_=/service/3``, the snapshot
        such a site serves crawlers (AngularJS's ``hashPrefix('!')``)."""
        values = []
        for href in response.xpath('//a/@href[contains(., "#!")]').getall()[:500]:
            page, _, state = response.urljoin(href.strip()).partition("#!")
            glue = "&" if urlsplit(page).query else "?"
            values.append(f"{page}{glue}_escaped_fragment_={quote(state, safe='/=:,')}")
        return self._targets(response, values)

    def paged(self, response: TextResponse) -> list[str]:
        """The next and previous pages a page announces in its head (``<link rel="next">``)
        or in the same relation sent as an HTTP ``Link`` header (RFC 8288: ``Link:
        </fa/khadamat?page=2>; rel="next"``): an infinite-scroll listing may link its later
        pages nowhere else, and to a crawler the header is the head's ``<link>`` moved out
        of the body."""
        rels = response.xpath(
            "//link[contains(concat(' ', normalize-space(@rel), ' '), ' next ')"
            " or contains(concat(' ', normalize-space(@rel), ' '), ' prev ')]/@href"
        )
        sent = header_links(response, {"next", "prev", "previous"})
        return self._targets(response, rels.getall()[:4] + sent[:4])

    def wired(self, response: TextResponse) -> list[str]:
        """A Livewire pager's pages: its buttons (``wire:click="gotoPage(2, 'page')"``,
        ``nextPage('page')``) have no address, but Livewire's ``WithPagination`` keeps the
        page in the query string, and the server answers ``?page=2`` with that page. Only
        the pages the pager names, at most :data:`MAX_WIRED_PAGES` a page."""
        calls = response.xpath("//@*[starts-with(name(), 'wire:click')]")
        if not calls:
            return []
        parts = urlsplit(response.url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        values = []
        for call in calls.getall()[:200]:
            found = _WIRE_PAGE.fullmatch(call.strip())
            if found is None:
                continue
            action, number, name = found.group(1), found.group(2), found.group(3) or "page"
            current = int(query[name]) if query.get(name, "").isdigit() else 1
            if action in ("gotoPage", "setPage"):
                page = int(number or 0)
            else:
                page = current + 1 if action == "nextPage" else current - 1
            if 1 <= page <= MAX_PAGE_NUMBER and page != current:
                values.append(parts._replace(query=urlencode({**query, name: page})).geturl())
        return self._targets(response, values[:MAX_WIRED_PAGES])

    def clicked(self, response: TextResponse) -> list[str]:
        """Where a page's scripted links go: rows and buttons whose click sets ``location``
        or opens a page in a frame, directly or through a function of the page's own script
        (a splash page's ``onclick="enterSite()"``), or that hand an address to a function of
        a script the page loads (SharePoint's pager, :data:`_ADDRESS_ARGUMENT`). Never a
        pop-up window (``window.open`` with a window's size: a print or share copy), one
        named like a print copy, nor an address naming an action (``delete``, ``logout``)."""
        values = []
        functions: dict[str, str] | None = None
        navigations: dict[str, Navigation] | None = None
        for node in response.xpath(_SCRIPTED)[:500]:
            code = node.attrib.get("onclick", "") + " " + node.attrib.get("href", "")
            if PRINT_LINK.match(fold(" ".join(node.xpath(".//text()").getall()).strip())):
                continue
            written = code
            if navigations is None:
                navigations = navigating_functions(inline_code(response))
            if built := called_addresses(written, navigations):
                values += [value for value in built if not _ACTION.search(value)]
                continue
            if not _SCRIPT_GOES.search(code) and (called := _CALL.search(code)):
                if functions is None:
                    functions = _page_functions(response)
                code = functions.get(called.group(1), "")
            goes = [value for _, value, popup, *_ in _SCRIPT_GOES.findall(code) if not popup]
            if not goes and "(" in written:
                goes = [a for _, a in _ADDRESS_ARGUMENT.findall(js_unescape(written))[:5]]
            values += [value for value in goes if not _ACTION.search(value)]
        scripted = [v for v in values if _URL_LIKE.search(v)]
        return self._targets(response, scripted + self.bound(response))

    @staticmethod
    def bound(response: TextResponse) -> list[str]:
        """The addresses a script framework binds to elements, templates filled in."""
        values, lists = [], None
        # a Vue, Alpine or Angular binding (``:href="'/fa/Service/Detail/' + s.id"``) is the
        # same template written as an expression (:func:`crawlers.jsbind.bound_template`)
        expressions = response.xpath(BINDINGS).getall()[:500]
        templates = [t for t in map(bound_template, expressions) if t is not None]
        for value in response.xpath(_BOUND).getall()[:500] + templates:
            value = value.strip()
            keys = _PLACEHOLDER.findall(value)
            if "{{" in value and not keys:
                continue  # a placeholder it cannot fill: no address
            if not keys:
                values.append(value)
                continue
            if len(set(keys)) != 1:
                continue
            if lists is None:
                lists = _bound_lists(response)
            for item in lists:
                filled = item.get(keys[0])
                if isinstance(filled, str | int) and str(filled).strip():
                    values.append(_PLACEHOLDER.sub(str(filled).strip(), value))
        return values[:1000]

    def jump_targets(self, response: TextResponse) -> list[str]:
        """Where a page's jump menus go: a ``<select onchange="location=this.value">`` of
        pages (an older portal's «سایت مناطق» or «ادارات تابعه»), or one whose change calls a
        function of the page that sets ``location`` (an ASP.NET «میز خدمت» listing its
        services only as ``<option value="/Portal/Service.aspx?sid=3">``), on-portal ones
        only."""
        values = response.xpath(_JUMP_MENU_OPTIONS).getall()[:100]
        functions: dict[str, str] | None = None
        for select in response.xpath(_CHANGED)[:20]:
            called = _CALL.search(select.attrib["onchange"])
            if called is None or _NAVIGATES.search(select.attrib["onchange"]):
                continue  # no function, or navigating itself: the options are above
            if functions is None:
                functions = _page_functions(response)
            if _NAVIGATES.search(functions.get(called.group(1), "")):
                values += select.xpath(".//option/@value").getall()[:200]
        return self._targets(response, [v for v in values if _URL_LIKE.search(v)])

    def _targets(self, response: TextResponse, values: list[str]) -> list[str]:
        """The on-portal pages that addresses written in a page's attributes lead to, once
        each, in page order (never a fragment of the page or a script)."""
        targets = []
        for value in (v.strip() for v in values):
            if not value or value.startswith(("#", "javascript:")):
                continue
            url = clean_url(response.urljoin(value))
            if self.follows(url):
                targets.append(url)
        return list(dict.fromkeys(targets))


MAX_INLINE_FRAMES = 10  # ``<iframe srcdoc>`` documents read on one page
MAX_SRCDOC = 500_000  # characters of one


def inline_frames(response: TextResponse) -> list[HtmlResponse]:
    """The documents a page writes into its ``<iframe srcdoc="…">`` (a list widget embedded
    whole, its markup HTML-escaped in the attribute): part of the page, as a browser shows
    them. Their links resolve against the page's own URL, the base URL a srcdoc document
    takes from its parent (HTML: «about:srcdoc»)."""
    if not isinstance(response, HtmlResponse):
        return []
    return [
        HtmlResponse(url=response.url, body=srcdoc[:MAX_SRCDOC], encoding="utf-8")
        for srcdoc in response.xpath("//iframe/@srcdoc").getall()[:MAX_INLINE_FRAMES]
        if srcdoc.strip()
    ]


def _page_functions(response: TextResponse) -> dict[str, str]:
    """The bodies (their first 1000 characters) of the functions a page's inline script
    defines (``function enterSite() {…}``, ``var enterSite = function () {…}``), by name."""
    found: dict[str, str] = {}
    for code in response.xpath("//script[not(@src)]/text()").getall()[:20]:
        for match in itertools.islice(_FUNCTION.finditer(code), 100):
            found.setdefault(
                match.group(1) or match.group(2), code[match.end() : match.end() + 1000]
            )
    return found


def _bound_lists(response: TextResponse) -> list[dict[str, Any]]:
    """The objects of the JSON lists a page binds in ``ng-init``, or assigns in its inline
    script for a controller to bind (``var model = [{"Id": 12, …}];``) or hands a framework
    as a property (Vue's ``data: {services: [{"id": 21, …}]}``, Alpine's ``x-data``): at most
    1000."""
    items: list[dict[str, Any]] = []
    for init in response.xpath("//@ng-init").getall()[:20]:
        found = _BOUND_LIST.search(init)
        if not found:
            continue
        try:
            data = load_json(found.group(1).encode("utf-8"))
        except ValueError:
            continue
        if isinstance(data, list):
            items += [item for item in data if isinstance(item, dict)]
    decoder = json.JSONDecoder()
    for state in response.xpath("//@x-data").getall()[:20]:  # Alpine's ``{"services": [...]}``
        for listed in itertools.islice(_PROPERTY_LIST.finditer(state[:200_000]), 10):
            try:
                data, _ = decoder.raw_decode(state, listed.end() - 1)
            except ValueError:
                continue
            if isinstance(data, list):
                items += [item for item in data if isinstance(item, dict)]
    for code in response.xpath("//script[not(@src)]/text()").getall()[:20]:
        assigned_lists = itertools.chain(
            itertools.islice(_ASSIGNED_LIST.finditer(code), 10),
            itertools.islice(_PROPERTY_LIST.finditer(code), 10),
        )
        for assigned in assigned_lists:
            try:
                data, _ = decoder.raw_decode(code, assigned.end() - 1)
            except ValueError:
                continue
            if isinstance(data, list):
                items += [item for item in data if isinstance(item, dict)]
    return items[:1000]
