"""The addresses a plain-text sitemap lists (``Sitemap: https://…/sitemap.txt`` in robots.txt).

The sitemaps protocol (sitemaps.org, and Google Search Central's "Build and submit a sitemap")
accepts a text file as a sitemap: UTF-8, one full URL a line and nothing else, at most 50,000
URLs. A webmaster who writes a sitemap by hand writes this one, and it may be the only list
of a portal's services (a search-only service desk). Read like an XML ``<urlset>``'s
``<loc>`` values: being listed never makes a page a service, each is judged on its own.

A portal is untrusted: the text is read within the protocol's own bounds, and a page that is
no such list (an HTML error page answered 200, a robots.txt) is not read as one.
"""

from __future__ import annotations

import itertools
import re

MAX_URLS = 50_000  # the protocol's limit for one sitemap file
MAX_LINE = 2048  # characters of one line (the protocol allows URLs of under 2,048)
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_MARKUP = re.compile(rb"^\s*<")  # HTML or XML: read as a page or an XML sitemap, not as text


def addresses(body: bytes) -> list[str] | None:
    """The URLs a text sitemap lists, in its order, or None when ``body`` is not one: no
    URL at all, or fewer lines that are a URL than lines that are not (a page's text that
    happens to hold an address). Comment lines (``#``) and blank lines are passed over."""
    text = body.removeprefix(b"\xef\xbb\xbf")
    if _MARKUP.match(text[:200]):
        return None
    urls: list[str] = []
    other = 0
    for raw in itertools.islice(text.decode("utf-8", "replace").splitlines(), 2 * MAX_URLS):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if len(line) <= MAX_LINE and _URL.fullmatch(line):
            urls.append(line)
            if len(urls) >= MAX_URLS:
                break
        else:
            other += 1
    if not urls or other > len(urls):
        return None
    return list(dict.fromkeys(urls))
