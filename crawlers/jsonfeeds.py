"""JSON Feed (https://www.jsonfeed.org/version/1.1/): the JSON sibling of RSS and Atom.

A WordPress site with the JSON Feed plugin announces it as ``<link rel="alternate"
type="application/feed+json">`` and may draw its services list from it. The feed is
``{"version": "https://jsonfeed.org/version/1…", "items": [{"url": …, "title": …}],
"next_url": …}``: its items link pages, its ``next_url`` names its next page (1.1). Only
the addresses are read here; the pages are judged by whoever follows them, as an RSS or
Atom feed's entries are (a services feed may carry an announcement).
"""

from __future__ import annotations

from typing import Any

_VERSION = "https://jsonfeed.org/version/"  # what every JSON Feed's ``version`` starts with
MAX_ITEMS = 500  # items read from one feed page (the portal is untrusted)
MAX_ADDRESS = 2000  # characters of one address; a longer one is no page's


def is_json_feed(data: Any) -> bool:
    """Whether ``data`` is a JSON Feed document: its ``version`` says so and it has items
    (its one required list), so any other JSON is left to the readers of APIs."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("version"), str)
        and data["version"].startswith(_VERSION)
        and isinstance(data.get("items"), list)
    )


def item_links(data: dict[str, Any]) -> list[str]:
    """The pages the feed's items are (``url``, as the spec names an item's own page; never
    ``external_url``, which the spec says is elsewhere), in order, at most :data:`MAX_ITEMS`."""
    links = []
    for item in data.get("items", [])[:MAX_ITEMS]:
        url = item.get("url") if isinstance(item, dict) else None
        if isinstance(url, str) and 0 < len(url.strip()) <= MAX_ADDRESS:
            links.append(url.strip())
    return list(dict.fromkeys(links))


def next_url(data: dict[str, Any]) -> str | None:
    """The feed's next page (``next_url``, JSON Feed 1.1), or None."""
    value = data.get("next_url")
    if isinstance(value, str) and 0 < len(value.strip()) <= MAX_ADDRESS:
        return value.strip()
    return None
