"""Strategy ``auto``: find the services by itself, on the common CMSs, within the limits.

Where it looks, all at once (the scheduler fetches section pages first):

* every link of the start pages named like a services section («فهرست خدمات»,
  «شناسنامه خدمات», «خدمات الکترونیک», «میز خدمت», «خدمات»…), up to
  :data:`MAX_SECTIONS`; inside a section every listing page is walked;
* the other links of the start pages, judged one by one (featured services);
* the sitemaps: ``Sitemap:`` lines of ``robots.txt``, else ``/sitemap.xml`` and
  ``/sitemap_index.xml`` (plain or gzipped, indexes followed; a plain-text sitemap, one URL
  a line, too);
* on a single-page app (a shell page without links), the JSON API its script
  reads: a JSON:API entry point or feed whose items have a title and a path.
* what a page names only to its script: rows and frame links opened by ``onclick``
  (:meth:`PortalSpider.clicked`), the HTML a section's script loads (``data-url``, a
  ``fetch()`` of a literal path or of one put together from a tab's ``data-*`` value), the
  items of the data a section page carries (Next.js ``__NEXT_DATA__``), a services
  RSS or Atom feed the page announces («خوراک خدمات») and its later pages (RFC 5005
  ``rel="next"``), the pages a frame, ``<object data>``, ``<embed src>`` or Turbo's
  ``<turbo-frame src>`` shows (walked as the section, the framed document's own pages
  too), an API's records that carry only an id or a slug, linked by the section
  script's template (Kendo's ``#=Id#``, ``${s.attributes.slug}``:
  :mod:`crawlers.linktemplates`), its later pages by the count it gives
  (:mod:`crawlers.restpaging`), cards and links bound by a script framework
  (``data-href``, ``ng-href`` filled from ``ng-init`` data, ``routerLink``), a
  services search form («جستجوی خدمات») sent empty, the queries a script sends to a
  GraphQL API, the ES module files a page loads through its import map
  (:mod:`crawlers.esmodules`, read as its script files), a JSONP answer's records,
  linked as the page's callback links them (:mod:`crawlers.jsonp`), and the next pages an
  infinite-scroll list's options name (:mod:`crawlers.infinitescroll`).
* the services a start or section page's JSON-LD offers (``hasOfferCatalog``,
  :mod:`crawlers.offers`), and the links of its web components (``<md-list-item href>``,
  :mod:`crawlers.components`).

Each page is judged on its own (:func:`crawlers.classify.judge`); links are
followed from section pages and from service pages, never from news. Links
into endless spaces (calendars, archives by date, print and feed variants,
other-language mirrors) are never followed, and a URL pattern that keeps
yielding pages without services stops being followed after
:data:`PATTERN_BUDGET` pages. Every rejected page is counted in the report
with its reason.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit

from form2request import form2request
from protego import Protego
from scrapy import Request
from scrapy.http import FormRequest, JsonRequest, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from scrapy.utils.url import url_has_any_extension

from crawlers import (
    esmodules,
    graphqlcalls,
    infinitescroll,
    jsonfeeds,
    jsonp,
    loadmore,
    offers,
    pagerbuttons,
    pdfcatalogue,
    restpaging,
    spreadsheet,
    textsitemap,
    xmlcatalogue,
)
from crawlers.boilerplate import CHROME
from crawlers.classify import SECTION_WORDS, news_path
from crawlers.components import COMPONENT_LINKS, FRAME_SOURCES, MAX_COMPONENT_LINKS
from crawlers.dedupe import clean_url
from crawlers.extract import fold, js_unescape, load_json, plain, text_of, title_parts
from crawlers.forms import FIELDS, MAX_FORMS
from crawlers.items import ServiceItem
from crawlers.jsbind import FileFunctions, binding_templates, page_calls
from crawlers.linktemplates import filled, link_templates, unfilled
from crawlers.middlewares import robots_part
from crawlers.scriptfiles import IMPORT_MAP, LIBRARY, included
from crawlers.strategies import wordpress
from crawlers.strategies.json_feed import dig
from crawlers.strategies.listed import listed_services
from crawlers.strategies.pages import PageContext, examine
from indexer.documents import canonical_url

if TYPE_CHECKING:
    from crawlers.spiders.portal import PortalSpider

_TYPES = {"GovernmentService", "Service"}
MAX_SECTIONS = 6
PATTERN_BUDGET = 40  # pages of one URL pattern without a single service before it is dropped
REPEATED_HEADING = 3  # pages sharing an <h1> before it counts as generic
SUBLISTING_MIN = 3  # links of one new URL shape that make a page a listing
_CONTENT_LINKS = (
    f"//a[@href][not({CHROME})]/@href | //area[@href][not({CHROME})]/@href"
    f" | {COMPONENT_LINKS}[not({CHROME})]/@href"  # a web component's (crawlers.components)
)
_SEARCH = re.compile(r"(/search|[?&](q|query|keyword|searchtext)=)", re.IGNORECASE)
MAX_POSTBACKS = 100  # WebForms pager pages asked by POST in one crawl
# .xlsx links asked for in one crawl (most are tables of figures), and workbooks read in one
# crawl, told by what they are: a ``/download.php?file=3`` answering one counts too
MAX_WORKBOOKS = 5
MAX_PDFS = 5  # .pdf and .docx catalogues asked for in one crawl (only those named for services)
MAX_NEXT_PAGES = 100  # later pages of feeds and APIs (Atom ``rel=next``, ``@odata.nextLink``)
MAX_LOAD_MORE = 5  # load-more addresses asked by POST in one crawl (see AutoStrategy.load_more)
MAX_LOAD_MORE_PAGES = 50  # pages asked of one load-more address
MAX_PAGE_INPUTS = 200  # a page's form fields read for the values its script sends
MAX_SCRIPT_ADDRESSES = 300  # of each kind, from one external script (a menu's data file)
MAX_DATA_FILES = 5  # .json data files read from one script that writes a link template
MAX_MODULE_DEPTH = 3  # imports of imports of a page's module files read
MAX_PAGE_SCRIPTS = 100  # a page's script files sorted for the 5 read (libraries last)
_POSTBACK = re.compile(r"__doPostBack\(\s*'([^']*)'\s*,\s*'([^']*)'\s*\)")
_PAGE_NUMBER = re.compile(r"[0-9۰-۹]{1,4}")

# Endless or duplicate link spaces (matched on the decoded path and query, case-insensitive).
ENDLESS = re.compile(
    r"(calendar|taqvim|تقویم|eventsbyday|monthcalendar|weekcalendar|yearcalendar|/archive/\d"
    r"|[?&](month|year|day|date|week)=|[?&](print|tmpl|format|output|dnnprintmode|share|replytocom)="
    r"|[?&]viewmode=print|[?&]p_p_state=(pop_up|exclusive)"
    r"|[?&](lang|language|hl)=(en|ar|fr|de|ru|tr)|/feed/?$|/rss|/print/|/login|/user/|/admin"
    r"|/print(page|view|version|friendly)?\.(aspx?|php|jsp|html?)(\?|$))",
    re.IGNORECASE,
)
OTHER_LANGUAGE_PATH = re.compile(r"^/(en|ar|fr|de|ru|tr|zh|en-us|en-gb|ar-sa)(/|$)", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
_API_REF = re.compile(r"""["'`]((?:https?://[^/"'`\s]+)?/(?:jsonapi|api|wp-json)[^"'`\s]*)""")
# A GraphQL endpoint a script names, and the query documents it sends (a ``{…}`` literal,
# ``query Name {…}``, Apollo's gql`…`); a mutation or subscription is never sent.
_GRAPHQL_ENDPOINT = re.compile(
    r"""["'`]((?:https?://[^/"'`\s]+)?/(?:[\w.-]+/){0,3}graphql/?(?:\?query=[^"'`\s]+)?)["'`]"""
)
_GRAPHQL_QUERY = re.compile(r"""(["'`])\s*((?:query\b[^{"'`]{0,100})?\{[^"'`]{3,2000}\})\s*\1""")
MAX_GRAPHQL_QUERIES = 5
_GRAPHQL = re.compile(r"/graphql/?(\?|$)", re.IGNORECASE)  # an API a script posts to, no page
_WHOLE = re.compile(r"""["'`](?!\s*\+)""")  # a literal's closing quote, nothing added to it
_CHUNK_REF = re.compile(r"""["'`]((?:/|\./)?[\w./-]+\.js)["'`]""")
# A JSON data file a script names (``const DATA = '/static/data/khadamat.fa.json'``)
_DATA_FILE = re.compile(
    r"""["'`]((?:https?://[^/"'`\s]+)?[\w\-./~%]{0,200}\.json(?:\?[^"'`\s<>]{0,200})?)["'`]"""
)
_API_GUESSES = ("/jsonapi", "/api", "/api/services", "/api/v1/services")
_DATA_API = re.compile(r"(/api/|/jsonapi|/wp-json/|\.json($|\?)|[?&]format=json)", re.I)
# Attributes by which a page's script names HTML to load into it (jQuery's .load, htmx).
_FRAGMENT_REFS = (
    "//@data-url | //@data-load | //@data-ajax-url | //@data-remote | //@hx-get"
    " | //@data-next | //@data-next-page | //@data-more-url"  # a «بیشتر» button's next page
)
_FRAMES = f"//iframe/@src | //frame/@src | //object/@data | //embed/@src | {FRAME_SOURCES}"
MAX_FRAME_PATHS = 50  # framed documents whose own pages count as the section's
_MEDIA_EXTENSIONS = {"." + e for e in IGNORED_EXTENSIONS}
_SCRIPT_PATH = re.compile(r"""(['"])(/[^'"\s<>+]{1,200})\1(?!\s*\+)""")
# An absolute address in a script's data (an App Router flight chunk's ``"href":"http://…"``):
# followed when it is on the portal's own domain.
_SCRIPT_URL = re.compile(r"""(['"])(https?://[^'"\s<>+]{1,200})\1(?!\s*\+)""")
_SCRIPT_TEMPLATE = re.compile(
    r"""(['"])(/[^'"\s<>]{1,200})\1\s*\+\s*([A-Za-z_$][\w$]*)\s*(?:\+\s*(['"])([^'"\s<>]{0,100})\4)?"""
)
# A page's address written relative to the page, as an old menu script's data writes it
# (Tigra Menu's ``['خدمات', 'page.php?pid=210', …]``, ``'../fa/list.aspx'``): a file with a
# page's extension, its query if any; never a script, style or image (those have other ones).
_SCRIPT_PAGE = re.compile(
    r"""(['"])((?:\.\.?/)*[\w\-.~%]+(?:/[\w\-.~%]+)*\.(?:php|aspx?|jsp|s?html?|cfm|do)"""
    r"""(?:\?[^'"\s<>]{0,200})?)\1(?!\s*\+)"""
)
_NAME = re.compile(r"[a-z][a-z0-9-]{0,30}")
_ASSET = re.compile(r"\.(js|css|png|jpe?g|gif|svg|webp|ico|woff2?|ttf|eot|map|mp4|mp3)(\?|$)", re.I)
# What a form says of itself: its texts, buttons, placeholders, and the heading just before it.
_FORM_WORDS = (
    ".//text() | .//@value | .//@placeholder | .//@title"
    " | preceding-sibling::*[1][self::h2 or self::h3 or self::h4 or self::legend]//text()"
)
_SERVICE_WORD = re.compile(r"خدمت|خدمات")
_SEARCH_WORD = re.compile(r"جستجو|جست\u200c?\s?وجو|search|find", re.IGNORECASE)
# What a POST form that is not a search has: a field filing something (a request, a
# complaint, a login), or ASP.NET WebForms' page-wide form (its pager is read by
# :meth:`AutoStrategy.pager_postbacks`), or a page's worth of links. Such a form is never sent.
_NOT_A_SEARCH = (
    ".//textarea | .//input[@type='password' or @type='file' or @type='email' or @type='tel']"
    " | .//input[@name='__VIEWSTATE' or @name='__EVENTTARGET'] | (.//a)[6]"
)
MAX_SEARCH_FORMS = 10  # forms with fields to fill sent from one page (and their choices)
_SERVICE_PATH = re.compile(r"(services?|khadamat|khedmat)", re.IGNORECASE)
_NEWS_RESOURCE = re.compile(
    r"(article|news|akhbar|khabar|blog|event|post|page|user|file|media)", re.I
)
# What a HAL entry point (Spring Data REST's ``/api``) links besides its collections: its
# metadata (ALPS ``profile``), its query methods and its link relation docs.
_HAL_METADATA = {"self", "profile", "search", "curies"}
_URI_TEMPLATE = re.compile(r"\{[^{}]{0,200}\}")  # RFC 6570's ``{?page,size,sort}``
# Child sitemaps that list only news, posts, authors or media (WordPress/Yoast names them so).
_NEWS_SITEMAP = re.compile(r"(post|news|article|blog|event|author|tag|attachment|media)", re.I)
_TITLE_KEYS = ("title", "name", "label", "عنوان")
# best first; a slug counts only when written as a path («/services/x»)
_URL_KEYS = ("alias", "permalink", "url", "link", "path", "href", "slug")
_DESCRIPTION_KEYS = ("summary", "description", "body", "teaser")
_ID_KEYS = ("slug", "id")
_IN_LIST = re.compile(r"(^|\.)\d+(\.|$)")  # a flattened key through a list's item
# An app's server-rendered state assigned as a JSON literal (Nuxt 2's ``window.__NUXT__``,
# Redux's ``__PRELOADED_STATE__``, ``__INITIAL_STATE__``); a minified function is not read.
_APP_STATE = re.compile(
    r"^(?:window\.)?__(?:NUXT|INITIAL_STATE|PRELOADED_STATE|APP_STATE)__\s*=\s*(\{.*\})\s*;?$",
    re.S,
)
_IDENT = re.compile(r"[\w\-]{1,120}")
# A feed by its type or address (JSON Feed's ``application/feed+json`` too); its items' links
# (RSS ``<link>``, Atom ``<link href>``).
_FEED = re.compile(r"(rss|atom|feed\+json|/feeds?(/|$)|\.xml$)", re.IGNORECASE)
_RSS_ITEM = re.compile(r"<item\b.*?</item>", re.DOTALL)
_RSS_LINK = re.compile(r"<link>\s*(?:<!\[CDATA\[)?\s*([^<\s\]]+)")
_ATOM_ENTRY = re.compile(r"<entry\b.*?</entry>", re.DOTALL)
_ATOM_LINK = re.compile(r"""<link\b(?![^>]*rel=["'](?!alternate))[^>]*href=["']([^"']+)""")
_FEED_LINK = re.compile(r"<(?:atom:)?link\b[^>]*>")
_ATTRIBUTE_REL = re.compile(r"""\brel\s*=\s*(["'])([^"']*)\1""")
_ATTRIBUTE_HREF = re.compile(r"""\bhref\s*=\s*(["'])([^"']+)\1""")


def _section_prefix(url: str) -> str:
    """``/services/`` for ``/services/index.aspx``; ``/services`` for ``/services``
    (decoded: a Persian path is linked raw and fetched percent-encoded)."""
    path = unquote(urlsplit(url).path)
    head, _, last = path.rpartition("/")
    return head + "/" if "." in last else path.rstrip("/")


def url_pattern(url: str) -> str:
    """The shape of a URL (digits and query values blanked): one per calendar or archive."""
    parts = urlsplit(url)
    keys = ",".join(sorted(k for k, _ in parse_qsl(parts.query)))
    return _NUMBER.sub("N", parts.path) + "?" + keys


def endless(url: str) -> bool:
    parts = urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    return bool(ENDLESS.search(unquote(target)))


def in_sections(
    url: str,
    prefixes: list[str],
    section_pages: list[tuple[str, set[tuple[str, str]]]],
    categories: Sequence[tuple[str, set[tuple[str, str]]]] = (),
) -> bool:
    """Under a section's path, or a section page itself with more parameters (its pages:
    ``Default.aspx?tabid=50&currentpage=2`` of ``Default.aspx?tabid=50``), or a category
    page the catalogue links (:meth:`AutoStrategy.category`) or one of its pages. Without a
    section path the section is the whole portal."""
    parts = urlsplit(url)
    if not prefixes:
        return True
    path = unquote(parts.path)
    if any(path.startswith(p) for p in prefixes):
        return True
    query = set(parse_qsl(parts.query))
    pages = [(p, q) for p, q in section_pages if q] + list(categories)
    return any(unquote(page) == path and q <= query for page, q in pages)


def _framed(url: str, framed: Iterable[tuple[str, frozenset[tuple[str, str]]]]) -> bool:
    """A page of a framed document: its path, and its query items and maybe more."""
    parts = urlsplit(url)
    path, query = unquote(parts.path), set(parse_qsl(parts.query))
    return any(path == p and q <= query for p, q in framed)


class AutoStrategy:
    def __init__(self, spider: PortalSpider) -> None:
        self.spider = spider
        self.prefixes: list[str] = []  # paths of the services section(s)
        self.section_pages: list[tuple[str, set[tuple[str, str]]]] = []  # path, query items
        self.read_plain: set[str] = set()  # pages read as ordinary pages (parse_inner)
        self.context = PageContext(site_names={fold(spider.registration.agency)})
        self.headings: dict[str, set[bytes]] = {}  # folded <h1> -> digests of its pages
        # (path, target, argument) of pager postbacks and (path, "search", choice) of POST
        # searches asked
        self.postbacks: set[tuple[str, str, str]] = set()
        self.workbooks = 0  # .xlsx links asked for
        self.workbooks_read = 0  # answers read as workbooks, whatever their address
        self.pdfs: set[str] = set()  # .pdf and .docx links asked for
        self.next_pages = 0  # later feed and API pages asked for (see :meth:`next_page`)
        self.graphql_records: set[str] = set()  # record pages GraphQL lists gave (paging ends)
        # client-side link templates of section pages' scripts (head, key, tail), filled from
        # an API's records that carry only an id (see :func:`link_templates`)
        self.templates: dict[tuple[str, str, str], None] = {}
        self.patterns: Counter[str] = Counter()  # pages per URL pattern without a service
        self.productive: set[str] = set()  # URL patterns that yielded a service
        self.feed: dict[str, Any] | None = None  # the JSON feed found, as a json_feed recipe
        self.loaded: set[str] = set()  # load-more addresses asked by POST (see load_more)
        self.scrolled: dict[str, int] = {}  # infinite-scroll lists -> pages asked (a selector's)
        self.sitemaps: list[str] = []  # sitemaps read
        self.robots: Protego | None = None
        self.home_shapes: set[str] = set()  # URL shapes the start pages link (menus)
        self.content_linked: set[str] = set()  # canonical URLs start/section pages' content links
        self.content_shapes: Counter[str] = Counter()  # ... how many of each URL shape
        self.categories: list[tuple[str, set[tuple[str, str]]]] = []  # path, query items
        # path, query items of the documents section pages frame (see :meth:`frames`)
        self.framed: set[tuple[str, frozenset[tuple[str, str]]]] = set()
        # navigating functions of the portal's own script files, met with the pages whose
        # click handlers call them (``onclick="ShowService(1601)"``: see :meth:`called`)
        self.file_functions = FileFunctions()

    def inferred(self, merged: list[str]) -> dict[str, Any]:
        """The registration this crawl amounts to, for the registrar to save and adjust.

        A JSON feed becomes a ``json_feed`` recipe; otherwise ``auto`` starting from
        the sections it followed, with the query parameters that only told copies of
        one service apart (``merged``: "copy -> kept" lines) as ``ignore_query_params``.
        """
        reg = self.spider.registration
        doc = reg.model_dump(mode="json", exclude_defaults=True)
        doc.pop("enabled", None)
        if self.feed is not None:
            doc["strategy"] = "json_feed"
            doc["json_feed"] = {k: v for k, v in self.feed.items() if v not in (None, {}, "")}
            doc.pop("start_urls", None)
            return doc
        sections = [u for u in self.spider.state.report.sections if u not in reg.start_urls]
        doc["start_urls"] = list(dict.fromkeys([*reg.start_urls, *sections]))
        params = sorted(set(reg.ignore_query_params) | _differing_params(merged))
        if params:
            doc["ignore_query_params"] = params
        return doc

    def start_requests(self) -> Iterable[Request]:
        for url in self.spider.registration.start_urls:
            yield self.spider.request(url, self.parse_home, entry=True)
        yield self._optional(self.spider.registration.absolute("/robots.txt"), self.parse_robots)

    # ---- helpers

    def _optional(self, url: str, callback: Any, priority: int = 0) -> Request:
        """A request whose absence is no error (robots.txt, sitemaps, APIs): 404 is an answer."""
        request = self.spider.request(url, callback, priority=priority)
        request.meta["handle_httpstatus_list"] = [404, 410, 403]
        return request

    def reject(self, reason: str, url: str) -> None:
        self.spider.state.skip(reason, url)

    def worth_following(self, url: str) -> bool:
        if news_path(url) or endless(url) or OTHER_LANGUAGE_PATH.match(urlsplit(url).path):
            return False
        if urlsplit(url).path.lower().endswith(".xlsx"):
            if self.workbooks >= MAX_WORKBOOKS:
                return False
            self.workbooks += 1
        if urlsplit(url).path.lower().endswith((".pdf", ".docx")):  # named for services
            # counted once a file: a catalogue linked from every page's footer is one PDF
            if url not in self.pdfs and len(self.pdfs) >= MAX_PDFS:
                return False
            self.pdfs.add(url)
        if not self.robots_allow(url):
            return False
        pattern = url_pattern(url)
        return pattern in self.productive or self.patterns[pattern] < PATTERN_BUDGET

    def robots_allow(self, url: str) -> bool:
        """What robots.txt allows (once read): Scrapy would refuse the rest anyway, and a
        refused request is an error in the report."""
        agent = self.spider.settings.get("USER_AGENT", "")
        return self.robots is None or bool(self.robots.can_fetch(url, agent))

    def follow(
        self, urls: Iterable[str], priority: int = 0, *, hop: int | None = None
    ) -> Iterable[Request]:
        """``hop`` 1: linked from a start or section page (see :meth:`sublisting`)."""
        meta = {"hop": hop} if hop is not None else None
        for url in urls:
            if self.worth_following(url):
                yield self.spider.request(url, self.parse_inner, priority=priority, meta=meta)

    def note_content_links(self, response: TextResponse) -> None:
        """Remember where a start or section page links from its content (not its menus,
        header or footer): the pages :meth:`sublisting` may take for listings, and how many
        of each URL shape (:meth:`category`)."""
        for href in response.xpath(_CONTENT_LINKS).getall()[:2000]:
            url = canonical_url(response.urljoin(href.strip()))
            if url not in self.content_linked:
                self.content_linked.add(url)
                self.content_shapes[url_pattern(url)] += 1

    def category(self, response: TextResponse) -> bool:
        """A category of the catalogue outside its path (Drupal's ``/taxonomy/term/N`` under
        ``/fa/services``): a page a section page links from its content beside at least one
        other page of its URL shape, itself no service and no news. It becomes a section page,
        with its own pages (``?page=1``) and the categories it links in turn."""
        url = canonical_url(response.url)
        if (
            url not in self.content_linked
            or self.content_shapes[url_pattern(url)] < 2
            or _SEARCH.search(response.url)
            or urlsplit(url).path in ("", "/")
        ):
            return False
        parts = urlsplit(response.url)
        self.categories.append((parts.path, set(parse_qsl(parts.query))))
        return True

    def sublisting(self, response: TextResponse) -> list[str]:
        """The entries a page lists, when a start or section page links it from its content
        and it lists at least :data:`SUBLISTING_MIN` links of one URL shape the start pages
        do not have: services split across offices («ادارات شهرستان‌ها» → each office's
        services), cities or categories outside the section's path."""
        if canonical_url(response.url) not in self.content_linked or _SEARCH.search(response.url):
            return []  # a menu's page (tenders, news) or a search's results: not a listing
        shapes: dict[str, list[str]] = {}
        for url in self.spider.links(response):
            shape = url_pattern(url)
            if shape not in self.home_shapes:
                shapes.setdefault(shape, []).append(url)
        return [u for urls in shapes.values() if len(urls) >= SUBLISTING_MIN for u in urls]

    # ---- start pages and sections

    def section_links(self, response: TextResponse) -> list[str]:
        """Links named like a services section, best names first, at most MAX_SECTIONS."""
        scored: dict[str, int] = {}
        # a web component's link too (``<md-list-item href>``: crawlers.components)
        components = response.xpath(COMPONENT_LINKS)[:MAX_COMPONENT_LINKS]
        for anchor in [*response.xpath("//a[@href]"), *components]:
            label = fold(text_of(anchor) or anchor.attrib.get("title", ""))
            if not label or len(label) > 40:
                continue
            rank = next((i for i, w in enumerate(SECTION_WORDS) if w in label), None)
            url = clean_url(response.urljoin(anchor.attrib["href"].strip()))
            if rank is None or not self.spider.follows(url) or not self.worth_following(url):
                continue
            scored[url] = min(rank, scored.get(url, rank))
        return sorted(scored, key=lambda u: scored[u])[:MAX_SECTIONS]

    def parse_home(self, response: Response) -> Iterable[Any]:
        if json_page(response):
            yield from self.parse_api(response)
            return
        if not isinstance(response, TextResponse):
            return
        self.context.site_names |= {fold(p) for p in title_parts(response)}
        site = response.xpath('//meta[@property="og:site_name"]/@content').get()
        if site:
            self.context.site_names.add(fold(site))
        sections = self.section_links(response)
        links = self.spider.links(response)
        # Without a services section the start page is walked as one (below): its script is
        # read as a section's is, the pages it names included (a menu drawn by script).
        yield from self.scripts(response, section=not sections)
        if not sections:
            yield from self.fragments(response)
            yield from self.load_more(response)
            yield from self.infinite_scroll(response)
        yield from self.feeds(response)
        yield from self.offered(response)
        yield from self.service_search(response)
        # A start page's jump menu to pages of its own portal («سایت مناطق»: a multi-site CMS's
        # city sub-sites, each with its own menu and services): those are start pages too.
        if response.meta.get("entry"):
            homes = [u for u in self.spider.jump_targets(response) if u not in sections]
            links = [u for u in links if u not in homes]
            for url in homes:
                yield self.spider.request(url, self.parse_home, priority=5)
        if not links:  # an app shell: also ask where JSON APIs usually live (404 is no error)
            for path in _API_GUESSES:
                yield self._optional(response.urljoin(path), self.parse_api)
        if not sections:
            self.spider.logger.info("no services section link found; walking the whole portal")
            yield from self.parse_page(response, in_section=True)
            return
        report = self.spider.state.report
        for url in sections:
            prefix = _section_prefix(url)
            if prefix not in ("", "/") and prefix not in self.prefixes:
                self.prefixes.append(prefix)
            parts = urlsplit(url)
            self.section_pages.append((parts.path, set(parse_qsl(parts.query))))
            report.sections.append(url)
            request = self.spider.request(url, self.parse_section, priority=10)
            if clean_url(url) in self.read_plain:  # read as an ordinary page already: again
                request = request.replace(dont_filter=True)
            yield request
        yield from self.parse_page(response, in_section=False)
        # The start page's other links are judged too (featured services), one level deep.
        self.home_shapes |= {url_pattern(u) for u in links}
        self.note_content_links(response)
        yield from self.follow((u for u in links if u not in sections), priority=-5, hop=1)

    def in_section(self, url: str) -> bool:
        """Under a section (:func:`in_sections`), or a page of a document a section shows in
        a frame (:meth:`frames`)."""
        if in_sections(url, self.prefixes, self.section_pages, self.categories):
            return True
        return _framed(url, self.framed)

    def parse_section(self, response: Response) -> Iterable[Any]:
        if isinstance(response, TextResponse) and not json_page(response):
            yield from self.scripts(response)
            yield from self.fragments(response)
            yield from self.load_more(response)
            yield from self.infinite_scroll(response)
            yield from self.feeds(response)
            yield from self.page_data(response)
            yield from self.offered(response)
            yield from self.service_search(response)
        yield from self.parse_page(response, in_section=True)

    def offered(self, response: TextResponse) -> Iterable[Request]:
        """The services the page's JSON-LD says the agency offers (``hasOfferCatalog``,
        ``makesOffer``: :mod:`crawlers.offers`), each page fetched and judged like a link of
        the page's content; never its branch offices (``department``)."""
        urls = dict.fromkeys(clean_url(response.urljoin(u)) for u in offers.offered_urls(response))
        yield from self.follow((u for u in urls if self.spider.follows(u)), hop=1)

    def fragments(self, response: TextResponse) -> Iterable[Request]:
        """The parts of a section page its script loads («نمایش بیشتر», a tab filled when
        opened): the HTML a ``data-url`` names, judged like the section's own pages."""
        values = response.xpath(_FRAGMENT_REFS).getall()[:50]
        # ...or that its inline script fetches or goes to: a literal address, or one put
        # together from a tab's ``data-*`` value (``fetch('/Tab.ashx?cat=' + cat)``, ``data-cat``)
        code = script_text(response)
        posted = loadmore.posted_paths(code)  # an [HttpPost] action: a GET of it is a 404
        values += [v for v in script_addresses(code, 50) if v not in posted]
        for _, head, name, _, tail in _SCRIPT_TEMPLATE.findall(code)[:10]:
            if _NAME.fullmatch(name):
                found = response.xpath(f"//@data-{name}").getall()[:50]
                values += [head + value.strip() + tail for value in found]
        # ...or shows in a frame, wherever its path (``<iframe src>``, ``<object data>``,
        # ``<embed src>``, ``<turbo-frame src>``: a catalogue app, a list file): a part of the
        # page, not a page it links to, so walked as the section (:meth:`frames`)
        values += self.frames(response)
        self.templates.update(dict.fromkeys(link_templates(code)))
        self.templates.update(dict.fromkeys(binding_templates(response)))
        yield from self.script_pages(response.urljoin(""), values, section=True)

    def frames(self, response: TextResponse) -> list[str]:
        """The documents a section page shows in frames (``<iframe src>``, ``<object data>``,
        ``<embed src>``, Turbo's ``<turbo-frame src>``), media files by their extensions left
        out. A link inside a frame opens in the frame: the framed document's own pages (its
        pager's ``?page=2``: its path, its query and more) are the section's too, wherever
        its path (never the portal's home, nor the section page itself)."""
        found = response.xpath(_FRAMES).getall()[:20]
        framed = [v for v in found if not url_has_any_extension(v, _MEDIA_EXTENSIONS)]
        here = unquote(urlsplit(response.url).path)
        for value in framed:
            parts = urlsplit(response.urljoin(value.strip()))
            path = unquote(parts.path)
            if path not in ("", "/", here) and len(self.framed) < MAX_FRAME_PATHS:
                self.framed.add((path, frozenset(parse_qsl(parts.query))))
        return framed

    def load_more(self, response: TextResponse) -> Iterable[Request]:
        """A «نمایش بیشتر» button whose script asks the next cards by POST (ASP.NET MVC's
        ``$.post('/fa/Services/LoadMore', {page: p, __RequestVerificationToken: …})``; a
        GET answers 404): its pages asked as the script asks them (:mod:`crawlers.loadmore`:
        only a call numbering pages and filing nothing), from the button's ``data-page`` on
        (else 2), until a page adds no new link (:meth:`parse_more`). Each address once a
        crawl, on the registered domains, as robots.txt allows, within
        :data:`MAX_LOAD_MORE` addresses and :data:`MAX_LOAD_MORE_PAGES` pages each."""
        calls = loadmore.calls(script_text(response), page_inputs(response))
        if not calls:
            return
        seen = frozenset(self.spider.links(response))
        for call in calls:
            url = clean_url(response.urljoin(call.url))
            if url in self.loaded or len(self.loaded) >= MAX_LOAD_MORE:
                continue
            if self.spider.follows(url) and self.robots_allow(url):
                self.loaded.add(url)
                chain = _MoreChain(call, url, first_page(response), seen, asked=1, retried=False)
                yield self.more_request(chain)

    def more_request(self, chain: _MoreChain) -> Request:
        """The POST of one load-more page: form-encoded, or JSON as the script sends it."""
        body = chain.call.body(chain.page)
        meta = {"entry": False, "load_more": chain, "page_part": True}
        meta["handle_httpstatus_list"] = [400, 404, 405]  # no such page: the end of them
        if chain.call.json:  # its page number a number, as ``JSON.stringify`` writes it
            return JsonRequest(
                chain.url,
                data={**body, chain.call.page_key: chain.page},
                callback=self.parse_more,
                errback=self.spider.on_error,
                meta=meta,
                priority=5,
            )
        return FormRequest(
            chain.url,
            formdata=body,
            callback=self.parse_more,
            errback=self.spider.on_error,
            meta=meta,
            priority=5,
        )

    def parse_more(self, response: Response) -> Iterable[Any]:
        """One load-more page: judged as a part of its section page (its cards' pages
        followed), and the next page asked while each adds a link not seen before; an empty
        or failed answer ends it. A first answer that only repeats the section page's own
        links (``data-page`` named the page shown) is passed once."""
        chain: _MoreChain = response.meta["load_more"]
        if response.status != 200 or not isinstance(response, TextResponse):
            return
        if json_page(response):
            links = [response.urljoin(u) for u in _record_links(load_json(response.body))]
        elif response.body.strip():
            links = self.spider.links(response)
        else:
            return
        new = [u for u in links if u not in chain.seen]
        if new:
            if json_page(response):
                yield from self.parse_api(response)
            else:
                yield from self.parse_page(response, in_section=True)
        elif chain.retried or not links or chain.asked > 1:
            return
        if chain.asked >= MAX_LOAD_MORE_PAGES:
            self.spider.logger.info("load-more %s: stopped at %d pages", chain.url, chain.asked)
            return
        yield self.more_request(
            _MoreChain(
                chain.call,
                chain.url,
                chain.page + 1,
                chain.seen | frozenset(links),
                asked=chain.asked + 1,
                retried=chain.retried or not new,
            )
        )

    def infinite_scroll(self, response: TextResponse, key: str = "") -> Iterable[Request]:
        """A list that loads its next pages as the reader scrolls (Infinite Scroll's
        ``path``, Infinite Ajax Scroll's ``next``: :mod:`crawlers.infinitescroll`), its next
        pages named nowhere else. A ``{{#}}`` template's pages are asked from the one after
        the page shown, one by one, until one is missing (404) or adds no link not seen
        before; a selector's link is followed on each page it is on. Each list once a crawl
        (``key``: the list a later page belongs to), at most
        :data:`crawlers.infinitescroll.MAX_LISTS` lists and
        :data:`crawlers.infinitescroll.MAX_PAGES` pages each, on the registered domains, as
        robots.txt allows; its pages are walked as the list's own (:meth:`parse_scrolled`)."""
        for scroll in infinitescroll.scrolls(response):
            if scroll.template is not None:
                first = scroll.first(response.url)
                if scroll.template in self.scrolled or not self.spider.follows(
                    scroll.address(first)
                ):
                    continue
                if self._new_list(scroll.template):
                    seen = frozenset(self.spider.links(response))
                    chain = infinitescroll.Chain(scroll, first, 1, seen)
                    yield from self.scroll_request(response, chain)
                continue
            list_key = key or f"{urlsplit(response.url).path} {scroll.selector}"
            if list_key not in self.scrolled and not self._new_list(list_key):
                continue
            for url in infinitescroll.next_addresses(response, scroll.selector or "")[:1]:
                asked = self.scrolled[list_key]
                if asked < infinitescroll.MAX_PAGES:
                    self.scrolled[list_key] = asked + 1
                    chain = infinitescroll.Chain(scroll, 0, asked + 1, frozenset(), list_key, url)
                    yield from self.scroll_request(response, chain)

    def _new_list(self, key: str) -> bool:
        """Whether one more infinite-scroll list may be followed; if so it is counted."""
        if len(self.scrolled) >= infinitescroll.MAX_LISTS:
            return False
        self.scrolled[key] = 0
        return True

    def scroll_request(
        self, response: TextResponse, chain: infinitescroll.Chain
    ) -> Iterable[Request]:
        """The request of one page of an infinite-scroll list; a missing page is its end."""
        url = clean_url(chain.url or chain.scroll.address(chain.page))
        if not (self.spider.follows(url) and self.worth_following(url)):
            return
        request = self._optional(url, self.parse_scrolled, priority=5)
        # every page of the list as deep as its first (limits.max_depth)
        depth = response.meta.get("list_depth", response.meta.get("depth", 0) + 1)
        request.meta.update({"entry": False, "scroll": chain, "list_depth": depth})
        yield request.replace(dont_filter=chain.url == "")  # a template's page: once a chain

    def parse_scrolled(self, response: Response) -> Iterable[Any]:
        """One page of an infinite-scroll list: walked as a page of its services list; a
        template's next page asked while each page adds a link, a selector's next link
        read again here."""
        chain: infinitescroll.Chain = response.meta["scroll"]
        response.meta["depth"] = response.meta.get("list_depth", response.meta.get("depth", 0))
        if response.status != 200 or not isinstance(response, TextResponse):
            return
        if json_page(response):
            yield from self.parse_api(response)
            return
        links = frozenset(self.spider.links(response))
        if chain.scroll.template is None:  # its next link asked as the list's before as a link
            yield from self.infinite_scroll(response, chain.key)
            yield from self.parse_page(response, in_section=True)
            return
        if not links - chain.seen:
            return
        yield from self.parse_page(response, in_section=True)
        if chain.asked >= infinitescroll.MAX_PAGES:
            self.spider.logger.info("infinite scroll stopped at %d pages", chain.asked)
            return
        yield from self.scroll_request(response, chain.following(links))

    def script_pages(self, base: str, values: list[str], *, section: bool) -> Iterable[Request]:
        """The on-portal pages a page's script names (``values``, relative to ``base``, the
        page's own base URL): walked as parts of the page when it is a section (the page is
        one when its script draws it), else judged like the page's other links (a start
        page's menu drawn by script: one hop, as its ``<a href>`` would be)."""
        urls = []
        for value in values:
            value = value.strip()
            if _addressable(value) and not (_DATA_API.search(value) or _GRAPHQL.search(value)):
                url = clean_url(urljoin(base, value))
                if self.spider.follows(url):
                    urls.append(url)
        if not section:
            yield from self.follow(dict.fromkeys(urls), priority=-5, hop=1)
            return
        for url in dict.fromkeys(urls):  # a part of the section page: walked as one
            if self.worth_following(url):
                yield self.spider.request(url, self.parse_section)

    def feeds(self, response: TextResponse) -> Iterable[Request]:
        """A services feed the page announces or links (``<link rel="alternate"
        type="application/rss+xml" title="خدمات …">``, a footer's «خوراک خدمات»): an older
        CMS may list its catalogue nowhere else, its listing page filled from the feed."""
        urls = []
        for node in response.xpath('//link[@rel="alternate"] | //a[@href]')[:2000]:
            href = node.attrib.get("href", "").strip()
            if not href or not _FEED.search(node.attrib.get("type", "") + " " + href):
                continue
            name = fold(node.attrib.get("title", "") or text_of(node))
            if not any(word in name for word in SECTION_WORDS):
                continue
            url = clean_url(response.urljoin(href))
            if self.spider.follows(url) and self.robots_allow(url) and not news_path(url):
                urls.append(url)
        for url in dict.fromkeys(urls):
            yield self._optional(url, self.parse_feed, priority=8)

    def service_search(self, response: TextResponse) -> Iterable[Request]:
        """A catalogue shown only as a search form's results («جستجوی خدمات», «عنوان خدمت:»
        and a group select): the form sent empty, as a citizen browsing every service would.
        Only a form named for services (never the site's own search box). A POST form (an
        ASP.NET MVC search with its antiforgery token) only when it says it searches and has
        no field that files anything, each once per crawl: its answer carries a new token.

        At most :data:`MAX_SEARCH_FORMS` forms with fields a page; a form with nothing to
        fill (a catalogue of one GET form a row, each a button) is one request, like a link,
        and is not counted."""
        filled = 0
        for form in response.xpath("//form")[:MAX_FORMS]:
            if form.xpath(FIELDS):
                if filled >= MAX_SEARCH_FORMS:
                    continue
                filled += 1
            method = (form.attrib.get("method") or "get").strip().lower()
            said = fold(" ".join(form.xpath(_FORM_WORDS).getall()))
            action = unquote(form.attrib.get("action", ""))
            if not (_SERVICE_WORD.search(said) or _SERVICE_PATH.search(action)):
                continue
            if method == "post" and (
                not (_SEARCH_WORD.search(said) or _SEARCH_WORD.search(action))
                or form.xpath(_NOT_A_SEARCH)
            ):
                continue
            if method not in ("get", "post"):
                continue
            try:
                sent = [("", form2request(form, click=False))]
                # ...and once for each choice of its lists («انتخاب خدمت»: a service each)
                for select in form.xpath(".//select[@name]")[:3]:
                    name = select.attrib["name"]
                    for value in select.xpath("./option/@value | ./optgroup/option/@value")[:300]:
                        if value.get().strip():
                            chosen = {name: value.get()}
                            request = form2request(form, chosen, click=False)
                            sent.append((f"{name}={value.get()}", request))
            except (ValueError, KeyError, NotImplementedError):  # a form it cannot send
                continue
            if method == "get":
                for url in dict.fromkeys(clean_url(r.url) for _, r in sent):
                    if self.spider.follows(url) and self.worth_following(url):
                        yield self.spider.request(url, self.parse_section, priority=5)
                continue
            for choice, post in sent:  # the key leaves out the token, new in every answer
                key = (urlsplit(post.url).path, "search", choice)
                if key in self.postbacks or len(self.postbacks) >= MAX_POSTBACKS:
                    continue
                if self.spider.follows(post.url) and self.worth_following(post.url):
                    self.postbacks.add(key)
                    yield post.to_scrapy(
                        callback=self.parse_section,
                        errback=self.spider.on_error,
                        meta={"entry": False},
                        priority=5,
                    )

    def parse_feed(self, response: Response) -> Iterable[Any]:
        """The pages an RSS or Atom feed's items link, or an XML catalogue's records
        (:mod:`crawlers.xmlcatalogue`), judged like a section's entries."""
        if response.status != 200 or not isinstance(response, TextResponse):
            return
        if response.body[:200].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):  # JSON Feed
            yield from self.json_feed(response)
            return
        text = response.text
        found = [_RSS_LINK.search(item) for item in _RSS_ITEM.findall(text)]
        found += [_ATOM_LINK.search(entry) for entry in _ATOM_ENTRY.findall(text)]
        links = [m.group(1) for m in found if m]
        if not found:  # no feed after all: an XML catalogue linked as one (``khadamat.xml``)
            links = xmlcatalogue.addresses(response.body) or []
        urls = [clean_url(response.urljoin(html.unescape(link.strip()))) for link in links[:500]]
        yield from self.follow((u for u in dict.fromkeys(urls) if self.spider.follows(u)), hop=1)
        # A paged feed (RFC 5005 §3: the feed's own ``<link rel="next">``, outside its
        # entries) holds only its newest entries on the first page.
        head = _ATOM_ENTRY.sub("", _RSS_ITEM.sub("", text[:2_000_000]))
        for tag in _FEED_LINK.findall(head)[:20]:
            rel, href = _ATTRIBUTE_REL.search(tag), _ATTRIBUTE_HREF.search(tag)
            if rel and href and "next" in rel.group(2).lower().split():
                yield from self.next_page(response, html.unescape(href.group(2)), self.parse_feed)
                break

    def json_feed(self, response: Response, data: Any = None) -> Iterable[Request]:
        """A JSON Feed's items (:mod:`crawlers.jsonfeeds`), judged as an RSS or Atom feed's
        entries are (never indexed on the feed's word: a services feed carries announcements
        too), and its next page (``next_url``). ``data``: the feed, when already read."""
        if data is None:
            try:
                data = load_json(response.body)
            except ValueError:
                return
        if not jsonfeeds.is_json_feed(data):
            return
        links = jsonfeeds.item_links(data)
        urls = dict.fromkeys(clean_url(response.urljoin(u)) for u in links)
        yield from self.follow((u for u in urls if self.spider.follows(u)), hop=1)
        following = jsonfeeds.next_url(data)
        if following:
            yield from self.next_page(response, following, self.parse_feed)

    def next_page(self, response: Response, link: str, callback: Any) -> Iterable[Request]:
        """A feed's or an API's next page (Atom ``rel=next``, OData ``@odata.nextLink``, a
        ``Link`` header): on the registered domains, allowed by robots.txt, at most
        :data:`MAX_NEXT_PAGES` a crawl (a server naming a next page forever stops there)."""
        url = clean_url(response.urljoin(link.strip()))
        if self.next_pages >= MAX_NEXT_PAGES or not url.startswith(("http://", "https://")):
            return
        if self.spider.follows(url) and self.robots_allow(url):
            self.next_pages += 1
            yield self._optional(url, callback)

    def page_data(self, response: TextResponse) -> Iterable[Request]:
        """A section page drawn by script from data it carries (Next.js ``__NEXT_DATA__``, a
        ``<script type="application/json">``): the pages of the items it lists, at their
        link, else at the section's path and the item's slug or id (``/services`` →
        ``/services/101``, the convention of such apps). A guess that is not there is no error."""
        base = urlsplit(response.url)._replace(query="", fragment="").geturl().rstrip("/")
        scripts = response.xpath(
            '//script[@type="application/json" or @type="application/ld+json"'
            ' or @id="__NEXT_DATA__"]/text()'
        ).getall()
        # Nuxt's and other apps' state, written as a literal: ``window.__NUXT__={…};``
        for code in response.xpath("//script[not(@src)]/text()").getall()[:20]:
            if state := _APP_STATE.match(code.strip()):
                scripts.append(state.group(1))
        urls = []
        for code in scripts[:8]:
            try:
                data = load_json(code.encode("utf-8"))
            except ValueError:
                continue
            found = _find_items(data, linked=False)
            for entry in found[1][:300] if found else []:
                flat = _flatten(entry) if isinstance(entry, dict) else {}
                if url_key := _url_key(flat):
                    urls.append(clean_url(response.urljoin(flat[url_key])))
                    continue
                for key in _ID_KEYS:  # the app's route takes one of them: both are asked
                    ident = flat.get(_first_key(flat, (key,)), "")
                    if _IDENT.fullmatch(ident):
                        urls.append(f"{base}/{quote(ident)}")
        for url in dict.fromkeys(urls):
            if self.spider.follows(url) and self.worth_following(url):
                request = self._optional(url, self.parse_inner)
                request.meta["hop"] = 1
                yield request

    def parse_service(self, response: Response) -> Iterable[Any]:
        """A known service's page asked again (crawlers.evidence), judged like any page."""
        yield from self.parse_inner(response)

    def parse_inner(self, response: Response) -> Iterable[Any]:
        if self.is_section_page(response.url):
            # named a section by a start page read after this page was asked for (a sitemap
            # named it first, the start page answered slowly): read as the section it is
            yield from self.parse_section(response)
            return
        self.read_plain.add(clean_url(response.url))
        yield from self.parse_page(response, in_section=self.in_section(response.url))

    def is_section_page(self, url: str) -> bool:
        """Whether ``url`` is one of the section pages the start pages named (not a page
        under one)."""
        parts = urlsplit(url)
        return (parts.path, set(parse_qsl(parts.query))) in self.section_pages

    def downloaded_catalogue(self, response: Response) -> list[str] | None:
        """:func:`_downloaded_catalogue`, reading at most :data:`MAX_WORKBOOKS` workbooks a
        crawl: each costs up to :data:`crawlers.spreadsheet.MAX_SECONDS` of the reactor, and a
        download handler's address does not say it serves one (red team round 13). One over
        the cap is a rejected page, its rows not read."""
        if _is_workbook(response):
            self.workbooks_read += 1
            if self.workbooks_read > MAX_WORKBOOKS:
                self.reject(f"workbook over the {MAX_WORKBOOKS} a crawl reads", response.url)
                return []
        return _downloaded_catalogue(response)

    def parse_page(self, response: Response, *, in_section: bool) -> Iterable[Any]:
        rows = self.downloaded_catalogue(response)
        if rows is not None:  # a «شناسنامه خدمات» to download: the pages its rows name
            if response.meta.get("cut_short"):  # what it lists past the cut was not seen
                self.spider.state.report.error(
                    "catalogue_cut_short", f"{response.url}: {response.meta['cut_short']}"
                )
            urls = dict.fromkeys(clean_url(response.urljoin(a)) for a in rows)
            yield from self.follow([u for u in urls if self.spider.follows(u)], hop=1)
            return
        if json_page(response):  # an API an ordinary link leads to: read as one, if it lists
            yield from self.parse_api(response)
            return
        if not isinstance(response, TextResponse):
            return
        heading = fold(text_of(response.xpath("//h1")[:1]))
        if heading:
            # Counted once per page shown, not per URL: one service reached under three
            # URLs (a short and a long slug, a tracking copy) is not a generic heading.
            pages = self.headings.setdefault(heading, set())
            shown = " ".join(response.xpath("//body//text()[not(parent::script)]").getall())
            pages.add(hashlib.sha1(fold(shown).encode()).digest())
            if len(pages) >= REPEATED_HEADING:
                self.context.repeated.add(heading)
        services, verdict = examine(response, _TYPES, self.context, in_section=in_section)
        # A listing whose services have no page of their own (their blocks read like one
        # service page's fields): each block is a service of its own.
        listed = listed_services(response) if in_section else []
        if listed:
            services = listed
        pattern = url_pattern(response.url)
        if services:
            self.productive.add(pattern)
        else:
            self.patterns[pattern] += 1
            self.reject(verdict.kind.replace("_", " "), response.url)
        yield from services
        # Walk on from the sections' listings and from service pages, never from news; a
        # page one step from them only to the entries it lists.
        if verdict.is_news or verdict.kind == "other_language":
            return
        if not (in_section or services):
            if response.meta.get("hop") != 1:
                return
            if not self.category(response):
                yield from self.follow(self.sublisting(response), hop=2)
                return
            in_section = True
        if in_section:
            self.note_content_links(response)
        yield from self.follow(self.spider.links(response), hop=1 if in_section else None)
        yield from self.called(response, hop=1 if in_section else None)
        yield from self.pager_postbacks(response)

    def called(self, response: TextResponse, hop: int | None) -> Iterable[Request]:
        """Where the page's click handlers go through a function of its own script file
        (``onclick="ShowService(1601)"``, ``/Scripts/Portal.js`` going to
        ``'/Portal/ServiceView.aspx?sid=' + sid``: :mod:`crawlers.jsbind`), resolved against
        the page, now or once the file is read (:meth:`parse_script`)."""
        calls = page_calls(response)
        if not calls:
            return
        sources = response.xpath("//script/@src").getall()[:20]
        files = [response.urljoin(s) for s in sources if not LIBRARY.search(s)]
        found = self.file_functions.page(response.urljoin(""), files, calls, hop)
        yield from self.called_pages(found)

    def called_pages(self, found: list[tuple[str, int | None, str]]) -> Iterable[Request]:
        """The pages click handlers go to, (page, hop, address) each, judged like the
        page's links."""
        for page, hop, address in found[:2000]:
            url = clean_url(urljoin(page, address))
            if self.spider.follows(url):
                yield from self.follow([url], hop=hop)

    def pager_postbacks(self, response: TextResponse) -> Iterable[Request]:
        """An ASP.NET WebForms listing's other pages: its pager links are
        ``javascript:__doPostBack('…gvServices','Page$2')``, which a browser turns into a
        POST of the page's form. Only pager links (a ``Page$`` argument or a page number),
        each asked once per page path: every answer carries a new ``__VIEWSTATE``, so the
        requests themselves never repeat."""
        form = '//form[.//input[@name="__VIEWSTATE"]]'
        if not response.xpath(form):
            return
        # DotNetNuke wraps every page in one ``enctype="multipart/form-data"`` form, which
        # form2request cannot encode; ASP.NET reads a url-encoded post of the same fields
        # alike, and without a file input nothing is lost by sending it so.
        enctype = None
        if response.xpath(
            form + '[translate(@enctype, "MULTIPARTFODA", "multipartfoda") = "multipart/form-data"]'
        ):
            if response.xpath(form + '//input[translate(@type, "FILE", "file") = "file"]'):
                return
            enctype = "application/x-www-form-urlencoded"
        yield from self.pager_buttons(response, response.xpath(form)[0], enctype)
        path = urlsplit(response.url).path
        for anchor in response.xpath('//a[contains(@href, "__doPostBack")]'):
            found = _POSTBACK.search(unquote(anchor.attrib["href"]))
            if found is None:
                continue
            target, argument = found.groups()
            if not (argument.startswith("Page$") or _PAGE_NUMBER.fullmatch(text_of(anchor))):
                continue
            key = (path, target, argument)
            if key in self.postbacks or len(self.postbacks) >= MAX_POSTBACKS:
                continue
            self.postbacks.add(key)
            try:
                post = form2request(
                    response.xpath(form)[0],
                    {"__EVENTTARGET": target, "__EVENTARGUMENT": argument},
                    click=False,
                    enctype=enctype,
                )
            except (NotImplementedError, ValueError) as exc:  # a form it cannot send
                self.spider.logger.info("pager postback not sent: %s", exc)
                return
            if self.spider.follows(post.url) and self.robots_allow(post.url):
                yield post.to_scrapy(
                    callback=self.parse_inner, errback=self.spider.on_error, meta={"entry": False}
                )

    def pager_buttons(
        self, response: TextResponse, form: Any, enctype: str | None
    ) -> Iterable[Request]:
        """A WebForms pager of submit buttons (a DataPager's ``ButtonType="Button"``:
        :mod:`crawlers.pagerbuttons`, which says which buttons are clearly a pager's): the
        form's hidden fields posted with one such button's name=value, as a browser posts
        them on its click. A numbered page once per list address (the page a GET shows is
        the first); a forward button («بعدی», ``...``) once per page it is on, told apart by the
        links the page shows, and «بعدی» only on a pager without numbered buttons, which
        reach every page on their own. Within :data:`MAX_POSTBACKS` with the postback links."""
        buttons = pagerbuttons.pager_buttons(form)
        if not buttons:
            return
        # the list's address: its query too (``List.aspx?cat=2`` is a list of its own)
        path = urlsplit(response.url)._replace(scheme="", netloc="", fragment="").geturl()
        if getattr(response.request, "method", "GET") == "GET":
            self.postbacks.add((path, "button", "1"))
        numbered = any(button.number is not None for button in buttons)
        shown = ""
        for button in buttons:
            if button.number is not None:
                key = (path, "button", str(button.number))
            elif numbered and not button.more:
                continue
            else:
                shown = shown or _digest(self.spider.links(response))
                key = (path, f"{button.name}={button.label}", shown)
            if key in self.postbacks or len(self.postbacks) >= MAX_POSTBACKS:
                continue
            self.postbacks.add(key)
            try:
                post = form2request(form, button.data(form), click=False, enctype=enctype)
            except (NotImplementedError, ValueError) as exc:  # a form it cannot send
                self.spider.logger.info("pager button not sent: %s", exc)
                return
            if self.spider.follows(post.url) and self.robots_allow(post.url):
                # every page of the list as deep as its first (limits.max_depth)
                depth = response.meta.get("list_depth", response.meta.get("depth", 0) + 1)
                meta = {"entry": False, "list_depth": depth}
                yield post.to_scrapy(
                    callback=self.parse_list_page, errback=self.spider.on_error, meta=meta
                )

    def parse_list_page(self, response: Response) -> Iterable[Any]:
        """A later page of a list asked by its pager (:meth:`pager_buttons`): read as any
        page, counted as deep as the list's first page, so that what it links is as deep
        as what the first page links (a pager's pages are no links followed one from
        another: ``limits.max_depth`` would end a long list part way)."""
        response.meta["depth"] = response.meta.get("list_depth", response.meta.get("depth", 0))
        yield from self.parse_inner(response)

    # ---- sitemaps

    def parse_robots(self, response: Response) -> Iterable[Any]:
        named = []
        if response.status == 200 and isinstance(response, TextResponse):
            body, _ = robots_part(response.body)  # a longer one is said by the middleware
            self.robots = self.spider.state.robots.get(urlsplit(response.url).netloc)
            if self.robots is None:  # the middleware could not read it (or does not run)
                self.robots = Protego.parse(body.decode(response.encoding, "replace"))
            named = [u for u in sitemap_urls_from_robots(body, response.url)]
        if not named:
            named = [
                self.spider.registration.absolute(p)
                for p in ("/sitemap.xml", "/sitemap_index.xml", "/sitemap.xml.gz")
            ]
        for url in named:
            if self.spider.follows(url):
                self.sitemaps.append(url)
                yield self._optional(url, self.parse_sitemap, priority=5)

    def parse_sitemap(self, response: Response) -> Iterable[Any]:
        if response.status != 200:
            return
        body = response.body
        if gzip_magic_number(response):
            body = gunzip(body, max_size=self.spider.settings.getint("DOWNLOAD_MAXSIZE"))
        if not re.match(rb"^\s*(<\?xml|<urlset|<sitemapindex)", body[:200]):
            yield from self.text_sitemap(body)
            return
        sitemap = Sitemap(body)
        for entry in sitemap:
            loc = entry.get("loc", "")
            if not self.spider.follows(loc):
                continue
            if sitemap.type == "sitemapindex":
                if not _NEWS_SITEMAP.search(urlsplit(loc).path.rsplit("/", 1)[-1]):
                    yield self._optional(loc, self.parse_sitemap, priority=5)
            elif self.worth_following(loc):
                yield self.spider.request(loc, self.parse_inner, priority=-2)

    def text_sitemap(self, body: bytes) -> Iterable[Request]:
        """The pages a plain-text sitemap lists (:mod:`crawlers.textsitemap`), judged as the
        pages of an XML sitemap are."""
        for url in textsitemap.addresses(body) or []:
            if self.spider.follows(url) and self.worth_following(url):
                yield self.spider.request(url, self.parse_inner, priority=-2)

    # ---- single-page apps

    def scripts(self, response: TextResponse, *, section: bool = True) -> Iterable[Request]:
        """Start and section pages drawn by script: the API their scripts or ``data-*``
        attributes name (``data-source="/api/services?page=1"``), and the pages their
        external scripts name (:meth:`parse_script`; ``section``: the page is walked as a
        section, see :meth:`script_pages`)."""
        for value in response.xpath("//@*[starts-with(name(), 'data-')]").getall()[:200]:
            value = value.strip()
            if value.startswith(("/", "http")) and _DATA_API.search(value):
                url = response.urljoin(value)
                if self.spider.follows(url) and self.robots_allow(url):
                    yield self._optional(url, self.parse_api)
        # A library (jQuery, Bootstrap, a minified vendor bundle) last: a page's own data and
        # menu files are what its script names pages in.
        # Its module files too, named only in its import map (crawlers.esmodules); and the
        # functions of its inline script that link the records a JSONP answer passes them.
        inline = " ".join(response.xpath(f"{esmodules.INLINE_CODE}/text()").getall())
        callbacks = jsonp.callbacks(inline[:200_000])
        sources = included(response, MAX_PAGE_SCRIPTS)  # all of them, libraries sorted last
        for url, imap in sorted(sources, key=lambda s: bool(LIBRARY.search(s[0])))[:5]:
            if self.spider.follows(url):
                request = self._optional(url, self.parse_script)
                # The page that includes it: its addresses are the page's (see parse_script).
                request.meta["document"] = response.urljoin("")
                request.meta["section"] = section
                request.meta[IMPORT_MAP] = imap
                if callbacks:
                    request.meta["callbacks"] = callbacks
                yield request
        yield from self._api_requests(response, inline)
        yield from self.data_files(response.urljoin(""), inline)

    def parse_script(self, response: Response) -> Iterable[Any]:
        if response.status != 200:
            return
        code = response.body.decode("utf-8", "replace")
        if (answer := jsonp.unwrap(code)) is not None:  # a call with JSON: maybe JSONP
            yield from self.jsonp_pages(response, *answer)
            if answer[0] in (response.meta.get("callbacks") or {}):
                return  # data for the page's callback, no code of its own
        yield from self._api_requests(response, code)
        if response.meta.get("chunk"):
            return
        yield from self.module_imports(response, code)
        if not LIBRARY.search(response.url):  # its functions, for the pages calling them
            yield from self.called_pages(self.file_functions.file(response.url, code))
        # The pages it names, read as if its code were written inline in the page that
        # includes it (a Tigra Menu's ``menu_items.js``, the only place an old portal lists
        # its services, in its «خدمات» drop-down). A relative address is resolved against
        # that page, not against the script's own URL: a browser resolves the URLs a script
        # uses against the document running it (``/js/menu_items.js``'s ``'page.php?pid=3'``
        # is ``/page.php?pid=3`` on the homepage). A file included on every page is fetched
        # once, from the first page that asked for it: the start page, whose own base URL
        # such a menu is written for (a menu whose links only worked from deeper pages
        # would be broken on the homepage for every visitor too).
        document = response.meta.get("document")
        if document:
            addresses = script_addresses(js_unescape(code[:500_000]), MAX_SCRIPT_ADDRESSES)
            section = bool(response.meta.get("section"))
            yield from self.script_pages(document, addresses, section=section)
            # A section's own code (never a library's) that links records by a template and
            # names the data file they come from, read as the section's inline script is.
            if section and not LIBRARY.search(response.url):
                self.templates.update(dict.fromkeys(link_templates(code[:500_000])))
                yield from self.data_files(document, code)
        # A bundle that loads its code in chunks: read those once too (not their chunks).
        for ref in sorted(set(_CHUNK_REF.findall(code)))[:10]:
            url = response.urljoin(ref)
            if self.spider.follows(url):
                request = self._optional(url, self.parse_script)
                request.meta["chunk"] = True
                yield request

    def module_imports(self, response: Response, code: str) -> Iterable[Request]:
        """The module files a module file imports (through the page's import map, against
        its own URL: :func:`crawlers.esmodules.imported`), read as it is, for the page that
        loads it, at most :data:`MAX_MODULE_DEPTH` imports deep."""
        imap = response.meta.get(IMPORT_MAP)
        depth = response.meta.get("module_depth", 0) + 1
        if not isinstance(imap, esmodules.ImportMap) or depth > MAX_MODULE_DEPTH:
            return
        for url in esmodules.imported(code, response.url, imap):
            if self.spider.follows(url):
                request = self._optional(url, self.parse_script)
                for key in ("document", "section", "callbacks"):
                    if key in response.meta:
                        request.meta[key] = response.meta[key]
                request.meta[IMPORT_MAP] = imap
                request.meta["module_depth"] = depth
                yield request

    def data_files(self, base: str, code: str) -> Iterable[Request]:
        """The JSON data files a script that links records by a template names
        (``fetch('/static/data/khadamat.fa.json')`` beside `` `/fa/khedmat/${s.code}` ``),
        read as an API (:meth:`parse_api`), resolved against the page (where ``fetch``
        resolves them); at most :data:`MAX_DATA_FILES` a script, on the registered domains."""
        if not link_templates(code[:500_000]):
            return
        found = dict.fromkeys(m.group(1) for m in _DATA_FILE.finditer(code[:500_000]))
        for value in list(found)[:MAX_DATA_FILES]:
            url = urljoin(base, value)
            if self.spider.follows(url) and self.robots_allow(url):
                yield self._optional(url, self.parse_api)

    def jsonp_pages(self, response: Response, name: str, data: Any) -> Iterable[Request]:
        """A JSONP answer (:func:`crawlers.jsonp.unwrap`): the records it passes the page's
        callback of that name, linked as the callback links them (relative addresses against
        the page that includes the answer), and the pages records carrying their own address
        link; each judged like the page's links."""
        document = response.meta.get("document") or response.url
        callback = (response.meta.get("callbacks") or {}).get(name)
        urls = [urljoin(document, link) for link in _record_links(data)[:500]]
        if isinstance(callback, jsonp.Callback):
            records = dig(data, callback.path) if callback.path else data
            if isinstance(records, list):
                urls += [
                    urljoin(document, a) for a in filled_templates(records, callback.templates)
                ]
        found = dict.fromkeys(clean_url(u) for u in urls)
        yield from self.follow((u for u in found if self.spider.follows(u)), hop=1)

    def _api_requests(self, response: Response, code: str) -> Iterable[Request]:
        """The APIs a script names: each at its root, or as written when its query is
        written whole (``'/api/services?per_page=100'``: its server's default page may be
        shorter), its page parameters that a template literal fills asked at the first page
        (:func:`crawlers.restpaging.first_page`); WordPress's collections by
        :func:`wordpress.endpoints`."""
        roots = set()
        for found in _API_REF.finditer(code):
            ref = found.group(1)
            if "/wp/v2/" in ref or (unfilled(ref) and not (ref := restpaging.first_page(ref))):
                continue
            root = ref.split("?", 1)[0].rstrip("/")
            if root.count("/") <= 1 or not _NEWS_RESOURCE.search(root.rsplit("/", 1)[-1]):
                whole = "?" in ref and _WHOLE.match(code, found.end())
                roots.add(ref if whole else root)
        roots |= set(wordpress.endpoints(response, code)[:10])
        for root in sorted(roots)[:10]:
            url = response.urljoin(root)
            if self.spider.follows(url) and self.robots_allow(url):
                yield self._optional(url, self.parse_api)
        yield from self._graphql_requests(response, code)

    def _graphql_requests(self, response: Response, code: str) -> Iterable[Request]:
        """A GraphQL API the script reads: the queries it sends, sent as it sends them (a
        query changes nothing, by the protocol's own rule), or its ``?query=`` address."""
        endpoints = dict.fromkeys(_GRAPHQL_ENDPOINT.findall(code))
        if not endpoints and not graphqlcalls.builds_get(code):
            return
        queries = [
            query
            for _, query in _GRAPHQL_QUERY.findall(code)
            if not re.search(r"\b(mutation|subscription)\b", query)
        ]
        for endpoint in list(endpoints)[:3]:
            url = response.urljoin(endpoint)
            if "?" in endpoint and self.spider.follows(url) and self.robots_allow(url):
                yield self._optional(url, self.parse_api)
        plain = [e for e in endpoints if "?" not in e]
        for call in graphqlcalls.script_calls(code, plain, queries[:MAX_GRAPHQL_QUERIES]):
            yield from self._graphql_call(response, call)

    def _graphql_call(self, response: Response, call: graphqlcalls.Call) -> Iterable[Request]:
        """One call of a script's to a GraphQL API, by GET or POST as the script makes it,
        remembered so that its answer's ``pageInfo`` leads to the next page."""
        url = response.urljoin(call.endpoint)
        if not (self.spider.follows(url) and self.robots_allow(url)):
            return
        meta = {"entry": False, "handle_httpstatus_list": [400, 403, 404, 410], "graphql": call}
        # Every page of one list is as deep as its first: its pages are not links followed
        # one from another (``limits.max_depth`` would end a long list part way).
        meta["list_depth"] = response.meta.get("list_depth", response.meta.get("depth", 0) + 1)
        if call.get:
            request = self._optional(call.url(url), self.parse_api)
            request.meta.update(meta)
            yield request
        elif call.query:
            yield JsonRequest(
                url,
                data=call.body(),
                callback=self.parse_api,
                errback=self.spider.on_error,
                meta=meta,
            )

    def _graphql_next(self, response: Response, data: Any, records: bool) -> Iterable[Request]:
        """A GraphQL list's next page (:func:`graphqlcalls.next_call`), within
        :data:`MAX_NEXT_PAGES` a crawl, as for every API's next pages."""
        call = response.meta["graphql"]
        following = graphqlcalls.next_call(call, data, records)
        if following is not None and self.next_pages < MAX_NEXT_PAGES:
            self.next_pages += 1
            yield from self._graphql_call(response, following)

    def parse_api(self, response: Response) -> Iterable[Any]:
        if response.status != 200:
            return
        try:
            data = load_json(response.body)
        except ValueError:
            return
        call = response.meta.get("graphql")
        if call is not None:  # read by Scrapy's DepthMiddleware for what this page yields
            response.meta["depth"] = response.meta.get("list_depth", response.meta.get("depth", 0))
        if call is not None and graphqlcalls.unknown_hash(data) and (posted := call.posted()):
            yield from self._graphql_call(response, posted)  # as Apollo does: the whole text
            return
        if jsonfeeds.is_json_feed(data):  # a feed a script reads: its items judged as pages
            yield from self.json_feed(response, data)
            return
        links = wordpress.record_links(data)
        if links is not None:  # a WordPress collection: its records' pages, judged as pages
            urls = dict.fromkeys(clean_url(response.urljoin(link)) for link in links[:500])
            yield from self.follow((u for u in urls if self.spider.follows(u)), hop=1)
            yield from self._next_api_page(response)
            return
        if not isinstance(data, dict):
            data = {"data": data}
        found, bare, fresh = _find_items(data), None, False
        if found is not None and call is not None:
            pages = self._record_pages(response, found[1])
            fresh = bool(pages)
            yield from self.follow((u for u in pages if self.spider.follows(u)), hop=1)
        elif found is not None:
            yield from self._feed_items(response, data, *found)
        elif self.templates and (bare := self._bare_records(data)) is not None:
            # records with an id and no address (OData's ``{"Id": 203, "Title": …}``): their
            # pages are where the section's script links them (``'/Services/Details/#=Id#'``)
            yield from self.follow(self.templated(response, bare[1]), hop=1)
        if call is not None:  # a GraphQL list names no next address: its pageInfo says
            yield from self._graphql_next(response, data, fresh or bare is not None)
            return
        if found is not None or bare is not None:
            records = len((found or bare or ("", []))[1])
            following = _next_link(data) or restpaging.next_url(response.url, data, records)
            if following:
                yield from self.next_page(response, following, self.parse_api)
            else:
                yield from self._next_api_page(response)
            return
        # A JSON:API entry point: {"links": {"node--service": {"href": ...}, ...}}, or a HAL
        # one (Spring Data REST): {"_links": {"khadamat": {"href": ".../khadamat{?page}"}}}
        links = data.get("links") or data.get("_links")
        if isinstance(links, dict):
            for name, link in list(links.items())[:50]:
                href = link.get("href") if isinstance(link, dict) else link
                if (
                    not isinstance(href, str)
                    or name.lower() in _HAL_METADATA
                    or _NEWS_RESOURCE.search(name)
                ):
                    continue
                url = response.urljoin(_URI_TEMPLATE.sub("", href))
                if self.spider.follows(url):
                    yield self._optional(url, self.parse_api)

    def _record_pages(self, response: Response, records: list[Any]) -> list[str]:
        """The pages a GraphQL list's records link that no earlier page of a list gave, to
        be judged as pages (never indexed on the API's word: a services list carries its
        guides and announcements too). None new: a server ignoring the page variable."""
        links = []
        for record in records[:500]:
            flat = _flatten(record) if isinstance(record, dict) else {}
            link = flat.get(_url_key(flat) or "")
            if isinstance(link, str) and link:
                links.append(clean_url(response.urljoin(link)))
        fresh = [u for u in dict.fromkeys(links) if u not in self.graphql_records]
        self.graphql_records.update(fresh)
        return fresh

    def _next_api_page(self, response: Response) -> Iterable[Request]:
        """The next page an API names in its headers (``Link: rel="next"``,
        ``X-WP-TotalPages``), when its body names none."""
        url = wordpress.next_page(response)
        if url:
            yield from self.next_page(response, url, self.parse_api)

    def _bare_records(self, data: Any) -> tuple[str, list[Any]] | None:
        """The first list of records with a title and a slug, an id or the key a section
        script's link template takes (a data file's ``[{code, title}]``)."""
        # a template's field path (``s.code``) names the records' key by its last step
        keys = tuple(
            dict.fromkeys(
                path.rsplit(".", 1)[-1].lower() for _, path, _ in list(self.templates)[:5]
            )
        )
        return _find_items(data, linked=False, ids=(*_ID_KEYS, *keys))

    def templated(self, response: Response, records: list[Any]) -> list[str]:
        """The pages of an API's records that carry only an id or a slug, by the section
        scripts' link templates (:func:`crawlers.linktemplates.link_templates`:
        :func:`filled_templates`)."""
        links = filled_templates(records, list(self.templates)[:5])
        urls = dict.fromkeys(clean_url(response.urljoin(link)) for link in links)
        return [u for u in urls if self.spider.follows(u)]

    def _feed_items(
        self, response: Response, data: dict[str, Any], items_path: str, items: list[Any]
    ) -> Iterable[Any]:
        names = {
            i.get("id"): plain((i.get("attributes") or {}).get("name"))
            for i in data.get("included") or []
            if isinstance(i, dict)
        }
        for entry in items:
            if not isinstance(entry, dict):
                continue
            flat = _flatten(entry)
            title_key = _first_key(flat, _TITLE_KEYS)
            url_key = _url_key(flat)
            if not title_key or not url_key:
                continue
            title, link = flat[title_key], flat[url_key]
            description_key = _first_key(flat, _DESCRIPTION_KEYS)
            url = response.urljoin(link)
            if news_path(url):
                self.reject("news", url)
                continue
            category = next(
                (names[v] for k, v in flat.items() if k.endswith(".id") and v in names), ""
            )
            field_keys = {
                k.rsplit(".", 1)[-1].removeprefix("field_"): k
                for k in flat
                if ".field_" in "." + k and not k.endswith((".id", ".type"))
            }
            if self.feed is None:
                self.feed = {
                    "url": urlsplit(response.url).path,
                    "items_path": items_path,
                    "next_path": _next_path(data),
                    "title": title_key,
                    "url_field": url_key,
                    "description": description_key or None,
                    "category": None,
                    "fields": field_keys,
                }
            yield ServiceItem(
                url=url,
                title=title,
                description=flat.get(description_key, ""),
                category=category,
                fields={name: flat[k] for name, k in field_keys.items()},
            )


# Attributes holding a script framework's state as a literal: Alpine.js ``x-data="{ items:
# [{ u: '/fa/khedmat/12' }, …] }"``, Inertia.js's ``data-page`` JSON, a component's
# ``data-props``. Read with the inline script: the same literal there was always read.
_STATE_ATTRIBUTES = "//@x-data | //@x-init | //@data-page | //@data-props | //@data-state"


def json_page(response: Response) -> bool:
    """A JSON answer where a page was expected (an ``<a href>`` to the portal's API, its type
    named or not): it has no markup to query, and an XPath on it raises."""
    return isinstance(response, TextResponse) and response.selector.type == "json"


@dataclass(frozen=True)
class _MoreChain:
    """Where a load-more button's pages have got to (see :meth:`AutoStrategy.parse_more`)."""

    call: loadmore.LoadMore
    url: str  # the call's address, absolute
    page: int  # the page this request asks
    seen: frozenset[str]  # links of the section page and of the pages answered so far
    asked: int  # pages asked so far, this one included
    retried: bool  # a page that added nothing was passed already


def first_page(response: TextResponse) -> int:
    """The page a load-more button asks first: its ``data-page`` (or ``data-next-page``)
    when a number, else 2 (the page shown being 1)."""
    found = response.xpath(
        "//*[self::button or self::a or self::input or self::div or self::span]"
        "/@*[name()='data-page' or name()='data-next-page']"
    ).getall()[:20]
    numbers = [int(v.strip()) for v in found if v.strip().isdigit() and len(v.strip()) <= 4]
    return numbers[0] if numbers else 2


def page_inputs(response: TextResponse) -> dict[str, str]:
    """The values of a page's form fields, by ``name`` and by ``#id`` (the antiforgery
    token a load-more script reads), at most :data:`MAX_PAGE_INPUTS`."""
    inputs: dict[str, str] = {}
    for node in response.xpath("//input[@name or @id]")[:MAX_PAGE_INPUTS]:
        value = node.attrib.get("value", "")[:2000]
        if name := node.attrib.get("name"):
            inputs.setdefault(name, value)
        if ident := node.attrib.get("id"):
            inputs.setdefault("#" + ident, value)
    return inputs


def filled_templates(records: list[Any], templates: Iterable[tuple[str, str, str]]) -> list[str]:
    """The addresses link templates (head, field path, tail) give records that carry only an
    id or a slug, each filled with the record's value of its field path (``attributes.slug``
    of a Strapi v4 record) or of its last step (named in any case: OData writes ``Id``, a
    template may write ``id``): :func:`crawlers.linktemplates.filled`."""
    templates = list(templates)[:5]
    found = []
    for record in records[:300]:
        fields = {k.lower(): v for k, v in _flatten(record).items() if not _IN_LIST.search(k)}
        values = dict(fields)  # by path (``attributes.slug``), else by last step (``Id``)
        for key, value in fields.items():
            values.setdefault(key.rsplit(".", 1)[-1], value)
        found.extend(filled(values, templates))
    return list(dict.fromkeys(found))


def _record_links(data: Any) -> list[str]:
    """The page addresses of the records a JSON answer lists (:func:`_find_items`)."""
    found = _find_items(data if isinstance(data, dict) else {"data": data})
    links = []
    for entry in found[1][:500] if found else []:
        flat = _flatten(entry) if isinstance(entry, dict) else {}
        if url_key := _url_key(flat):
            links.append(flat[url_key])
    return links


def script_text(response: TextResponse) -> str:
    """A page's inline script and the script state its attributes carry, string escapes
    undone (:func:`crawlers.extract.js_unescape`)."""
    parts = response.xpath(f"{esmodules.INLINE_CODE}/text()").getall()
    parts += [v for v in response.xpath(_STATE_ATTRIBUTES).getall()[:200] if len(v) > 20]
    return js_unescape(" ".join(parts)[:200_000])


def _page_address(value: str) -> bool:
    """A script's literal that may be a page's address: no asset's, no unfilled template's."""
    return not (_ASSET.search(value) or unfilled(value))


def script_addresses(code: str, limit: int) -> list[str]:
    """The page addresses a script writes whole as string literals (at most ``limit`` of each
    kind): root-relative (``'/fa/khadamat/3'``), absolute, and relative to the page
    (``'page.php?pid=210'``, :data:`_SCRIPT_PAGE`); never a script's, style's or image's, nor
    a literal that is only the head or tail of an address put together (``base + 'x.php'``),
    nor a link template's literal (``"/khadamat/${s.slug}"``: :func:`unfilled`)."""
    values = [p for _, p in _SCRIPT_PATH.findall(code) if _page_address(p)][:limit]
    values += [u for _, u in _SCRIPT_URL.findall(code) if _page_address(u)][:limit]
    relative = []
    for found in _SCRIPT_PAGE.finditer(code):
        if code[max(0, found.start() - 20) : found.start()].rstrip().endswith("+"):
            continue
        relative.append(found.group(2))
        if len(relative) >= limit:
            break
    return values + relative


def _addressable(value: str) -> bool:
    """An address a page's script or attribute names that leads to a page: root-relative,
    absolute, a query on the page, explicitly relative, or a page's file (``page.php?…``)."""
    return value.startswith(("/", "http", "?", "./", "../")) or bool(
        _SCRIPT_PAGE.fullmatch(f"'{value}'")
    )


def _digest(links: list[str]) -> str:
    """What tells one page of a list from another: the links it shows."""
    return hashlib.sha1("\n".join(sorted(links)).encode()).hexdigest()


def _header(response: Response, name: bytes) -> str:
    return (response.headers.get(name) or b"").decode("latin-1")


def _is_workbook(response: Response) -> bool:
    """An .xlsx answer, by its type, its offered name, its path or its zip parts."""
    kind = _header(response, b"Content-Type")
    named = _header(response, b"Content-Disposition")
    path = urlsplit(response.url).path
    return response.status == 200 and spreadsheet.is_workbook(kind, named, path, response.body)


def _downloaded_catalogue(response: Response) -> list[str] | None:
    """The addresses a downloaded CSV, Excel, Word or PDF catalogue lists, or an XML data
    document (:mod:`crawlers.xmlcatalogue`), or None for another page. Why a workbook or PDF
    was read only in part goes to ``response.meta["cut_short"]`` (said in the report)."""
    kind = _header(response, b"Content-Type")
    named = _header(response, b"Content-Disposition")
    path = urlsplit(response.url).path
    if _is_workbook(response):
        workbook = spreadsheet.read(response.body)
        response.meta["cut_short"] = workbook.cut_short  # said in the report (parse_page)
        return workbook.addresses
    if response.status == 200 and spreadsheet.is_document(kind, named, path, response.body):
        return spreadsheet.document_addresses(response.body)
    if response.status == 200 and pdfcatalogue.is_pdf(kind, path, response.body):
        catalogue = pdfcatalogue.read(response.body)
        response.meta["cut_short"] = catalogue.cut_short  # said in the report (parse_page)
        return catalogue.addresses
    if response.status == 200 and xmlcatalogue.is_xml(kind, response.body):
        found = xmlcatalogue.addresses(response.body)
        if found is not None:
            return found
    if isinstance(response, TextResponse) and (
        "csv" in kind.lower() or ".csv" in named.lower() or path.lower().endswith(".csv")
    ):
        return spreadsheet.csv_addresses(response.text)
    return None


def _differing_params(merged: list[str]) -> set[str]:
    """Query parameters that differ between two URLs of the same page (same path)."""
    names: set[str] = set()
    for line in merged:
        copy, _, kept = line.partition(" -> ")
        a, b = urlsplit(copy), urlsplit(kept)
        if a.path != b.path:
            continue
        qa, qb = dict(parse_qsl(a.query)), dict(parse_qsl(b.query))
        names |= {k for k in qa.keys() | qb.keys() if qa.get(k) != qb.get(k)}
    return names


def _flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """Nested JSON as dotted paths (as the json_feed recipe spells them) → text."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}.{key}" if prefix else key))
    elif isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            out[prefix] = "، ".join(value)
        else:
            for index, inner in enumerate(value[:20]):
                out.update(_flatten(inner, f"{prefix}.{index}"))
    elif value is not None and not isinstance(value, bool):
        out[prefix] = plain(str(value))
    return out


_NEXT_PATHS = (
    "links.next.href",
    "_links.next.href",  # HAL (Spring Data REST's paged collections)
    "links.next",
    "next",
    "next_page_url",
    "paging.next",
    "pagination.next",
    "meta.next",
    "data.next",
)


# Where OData names its next page (v4 ``@odata.nextLink``, v3 ``odata.nextLink``, v2
# ``d.__next``): keys with a dot in them, out of reach of a dotted path.
_ODATA_NEXT = ("@odata.nextlink", "odata.nextlink", "__next")


def _next_link(data: dict[str, Any]) -> str | None:
    """The address of the feed's next page, wherever it names it (:func:`_next_path`, OData's
    keys in any case), or None."""
    for scope in (data, data.get("d")):
        if isinstance(scope, dict):
            for key, value in scope.items():
                if key.lower() in _ODATA_NEXT and isinstance(value, str) and value:
                    return value
    following = dig(data, _next_path(data))
    return following if isinstance(following, str) and following else None


def _next_path(data: dict[str, Any]) -> str | None:
    """Where the feed names its next page (the first of the usual places that holds a URL)."""
    for path in _NEXT_PATHS:
        value = dig(data, path)
        if isinstance(value, str) and value:
            return path
    return None


def _find_items(
    data: Any,
    path: str = "",
    depth: int = 0,
    *,
    linked: bool = True,
    ids: tuple[str, ...] = _ID_KEYS,
) -> tuple[str, list[Any]] | None:
    """The first list of objects (depth-first, 3 levels) whose items have a title and a link
    (or, not ``linked``, at least one of the ``ids`` keys: a slug or an id)."""
    if isinstance(data, list):
        first = next((i for i in data[:5] if isinstance(i, dict)), None)
        if first is not None:
            # the item's own values, not those of lists inside it (a wrapper's ``services.0.id``)
            flat = {k: v for k, v in _flatten(first).items() if not _IN_LIST.search(k)}
            if _first_key(flat, _TITLE_KEYS) and (
                _url_key(flat) or (not linked and _first_key(flat, ids))
            ):
                return path, data
            if depth < 3:  # a list of wrappers (Nuxt's ``data: [{services: […]}]``)
                return _find_items(first, f"{path}[0]", depth + 1, linked=linked, ids=ids)
        return None
    if not isinstance(data, dict) or depth >= 3:
        return None
    for key, value in data.items():
        if key in ("included", "links", "_links", "meta"):
            continue
        found = _find_items(
            value, f"{path}.{key}" if path else key, depth + 1, linked=linked, ids=ids
        )
        if found is not None:
            return found
    return None


def _url_key(flat: dict[str, str]) -> str:
    """The path of the item's page address (never the API's own ``links.self``); its key in
    any case (an ASP.NET OData record's ``Url``, ``Link``)."""
    for wanted in _URL_KEYS:
        for key, value in flat.items():
            if (
                key.rsplit(".", 1)[-1].lower() == wanted
                and value.startswith(("/", "http"))
                and not key.startswith(("links.", "_links.", "relationships."))
            ):
                return key
    # Some feeds link the item's page only as links.self (when that is not the API itself).
    self_link = flat.get("links.self.href") or flat.get("links.self") or ""
    if self_link.startswith(("/", "http")) and not _DATA_API.search(self_link):
        return "links.self.href" if "links.self.href" in flat else "links.self"
    return ""


def _first_key(flat: dict[str, str], keys: tuple[str, ...]) -> str:
    """The path of the first value whose last step is one of ``keys`` (in their order), in
    any case: .NET serialises PascalCase (``Id``, ``Title``)."""
    for wanted in keys:
        for key, value in flat.items():
            if key.rsplit(".", 1)[-1].lower() == wanted and value and not value.startswith("<"):
                return key
    return ""
