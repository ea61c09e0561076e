"""A page that only sends its visitor on by script, followed like a meta refresh.

A bare domain's homepage is often nothing but ``<script>window.location.replace("/fa/")
</script>`` (or ``location.href = "/fa/"``, ``document.location = '/fa/'``): to a browser
it is a redirect, to a crawler a page without a single link, and the crawl ended there with
no services and no alert (held-out round 14). Scrapy follows a 3xx and a ``<meta refresh>``;
this middleware follows that script the same way, through Scrapy's own redirect handling
(the redirect limit, ``redirect_urls``, and every downloader middleware again, so the
offsite and private-address guards apply to the target).

Only a stub page counts: next to no text and no links of its own. A real page whose
script navigates on a click or a condition (a login check, a language switch) keeps its
content; only a page with nothing else to read is taken for a redirect. The target must be
an ``http(s)`` page of the registered portal (never ``javascript:`` or ``data:``), not an
action (logout) and not the page itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response
from scrapy.utils.httpobj import urlparse_cached

# ``location = "…"``, ``location.href = '…'`` (never ``==``), with or without ``window.``,
# ``document.``, ``top.`` or ``self.``; ``location.replace("…")``, ``location.assign("…")``.
_GOES = re.compile(
    r"""\blocation(?:\.href)?\s*=(?!=)\s*(['"])([^'"\s]{1,500})\1"""
    r"""|\blocation\.(?:replace|assign)\(\s*(['"])([^'"\s]{1,500})\3\s*\)"""
)


def navigations(code: str) -> Iterator[tuple[str, bool]]:
    """(address, whether on load) of each place an inline script sends its visitor: on load
    when outside any function, handler or condition (at brace depth 0 of the script)."""
    for found in _GOES.finditer(code[:50_000]):
        before = code[: found.start()]
        yield (found.group(2) or found.group(4)).strip(), before.count("{") == before.count("}")


def script_sends_away(response: HtmlResponse) -> str | None:
    """The absolute address a page's own script sends every visitor to as it loads, or None.

    A hijacked CMS keeps the agency's text on its pages and adds one such line to a casino (red
    team round 10): a browser never shows the text (crawlers.middlewares withholds the page)."""
    for code in response.xpath("//script[not(@src)]/text()").getall()[:20]:
        for address, on_load in navigations(code):
            if on_load and address.startswith(("http://", "https://")):
                return address
    return None


_NOT_A_PAGE = re.compile(r"^\s*(javascript|data|mailto|tel|about|blob):", re.IGNORECASE)
_ACTION = re.compile(r"(logout|logoff|signout|login|signin|delete|remove)", re.IGNORECASE)
_SHOWN = "//body//text()[not(ancestor::script or ancestor::noscript or ancestor::style)]"
STUB_TEXT = 200  # characters a page sending its visitor on by script shows at most
STUB_LINKS = 1  # links (outside <noscript>) such a page has at most


def script_target(response: HtmlResponse) -> str | None:
    """Where a stub page's inline script sends the visitor, as an absolute URL, or None."""
    shown = "".join(response.xpath(_SHOWN).getall())
    if len(" ".join(shown.split())) > STUB_TEXT:
        return None
    if len(response.xpath("//a[@href][not(ancestor::noscript)]")) > STUB_LINKS:
        return None
    for code in response.xpath("//script[not(@src)]/text()").getall()[:10]:
        for value, _ in navigations(code[:20_000]):
            if value.startswith("#") or _NOT_A_PAGE.match(value) or _ACTION.search(value):
                continue
            url = response.urljoin(value)
            if url.split("#", 1)[0] != response.url.split("#", 1)[0]:
                return url
    return None


class ScriptRedirectMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta refresh middleware, for a redirect written as a page's script."""

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        if (
            request.meta.get("dont_redirect", False)
            or request.method != "GET"
            or response.status != 200
            or not isinstance(response, HtmlResponse)
        ):
            return response
        url = script_target(response)
        if url is None or not url.startswith(("http://", "https://")):
            return response
        follows = getattr(self.crawler.spider, "follows", None)
        if follows is not None and not follows(url):
            return response  # another site's page: not the portal sending its visitor on
        redirected = self._redirect_request_using_get(request, response, url)
        if urlparse_cached(redirected).scheme not in {"http", "https"}:
            return response
        return self._redirect(redirected, request, "script")
