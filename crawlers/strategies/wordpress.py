"""The WordPress REST API, as a theme's script reads a custom post type's catalogue.

A WordPress portal may list its services («خدمات») as a custom post type whose archive page
is empty: the theme's jQuery fills it from ``wpApiSettings.root + 'wp/v2/khadamat?page=' +
page`` and renders each record's ``title.rendered`` and ``link``, page after page while
``X-WP-TotalPages`` says there are more. What is read here:

* :func:`endpoints`: the collections of non-core post types a script names, under the API
  root the page advertises (``<link rel="https://api.w.org/">``, else ``/wp-json/``), with
  the query written whole and a dangling ``&page=`` (a concatenated page number) dropped;
* :func:`record_links`: the ``link`` of each record of such a collection (its page is
  fetched and judged like any other: a record is a post, not yet a service);
* :func:`next_page`: the collection's next page, from the ``Link: <…>; rel="next"`` header
  WordPress sends, else from ``X-WP-TotalPages``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from scrapy.http import Response, TextResponse

from crawlers.weblinks import header_links

# A collection route a script names: ``'wp/v2/khadamat?per_page=6&page=' + page``,
# ``"/wp-json/wp/v2/khadamat"``, a full address; ``+`` after it: concatenated.
_ROUTE = re.compile(
    r"""(['"`])((?:https?://[^/'"`\s]+)?(?:/?wp-json)?/?wp/v2/([\w-]+)/?(?:\?[^'"`\s]*)?)\1(\s*\+)?"""
)
# Core collections that are never a catalogue of services (news posts, pages, media, people,
# taxonomies, the editor's own types).
_CORE = re.compile(
    r"^(posts|pages|media|users|comments|categories|tags|taxonomies|types|statuses|settings"
    r"|search|blocks|block-types|block-renderer|block-directory|block-patterns|menus|menu-items"
    r"|menu-locations|sidebars|widgets|widget-types|themes|plugins|templates|template-parts"
    r"|global-styles|navigation|font-families|font-collections|pattern-directory"
    r"|.*(news|post|event|article|blog|akhbar|khabar).*)$",
    re.IGNORECASE,
)
MAX_PAGES = 50  # pages of one collection asked


def api_root(response: Response) -> str:
    """The REST API root a page advertises, else WordPress's default ``/wp-json/``."""
    if isinstance(response, TextResponse) and response.selector.type == "html":
        advertised = response.xpath('//link[@rel="https://api.w.org/"]/@href').get()
        if advertised:
            return response.urljoin(advertised.strip())
    return urljoin(response.url, "/wp-json/")


def endpoints(response: Response, code: str) -> list[str]:
    """The custom post type collections a script names, as addresses to ask."""
    root = api_root(response)
    found = []
    for _, route, kind, joined in _ROUTE.findall(code)[:50]:
        if _CORE.match(kind):
            continue
        address, _, query = route.partition("?")
        pairs = parse_qsl(query, keep_blank_values=True)
        if joined and pairs and not pairs[-1][1]:
            pairs = pairs[:-1]  # ``&page=`` + a variable: the first page is the default
        if address.startswith(("http://", "https://", "/")):
            url = urljoin(response.url, address)
        else:
            url = urljoin(root, address)
        found.append(url + ("?" + urlencode(pairs) if pairs else ""))
    return list(dict.fromkeys(found))


def record_links(data: Any) -> list[str] | None:
    """The pages of a WordPress collection's records (``{"title": {"rendered": …}, "link":
    …}``), or None for any other JSON."""
    if not isinstance(data, list) or not data:
        return None
    records = [r for r in data if isinstance(r, dict)]
    if not records or not all(
        isinstance(r.get("title"), dict) and "rendered" in r["title"] for r in records
    ):
        return None
    return [r["link"] for r in records if isinstance(r.get("link"), str) and r["link"]]


def next_page(response: Response) -> str | None:
    """The next page of a collection: its ``Link`` header's ``rel="next"``, else the page
    after this one while ``X-WP-TotalPages`` says there is one."""
    following = header_links(response, {"next"})
    if following:
        return following[0]
    total = (response.headers.get(b"X-WP-TotalPages") or b"").decode("latin-1").strip()
    parts = urlsplit(response.url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    page = int(query["page"]) if query.get("page", "").isdigit() else 1
    if not total.isdigit() or page >= min(int(total), MAX_PAGES):
        return None
    return parts._replace(query=urlencode({**query, "page": page + 1})).geturl()
