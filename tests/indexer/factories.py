"""Service documents for the indexer tests."""

from __future__ import annotations

from typing import Any

from indexer.backend import SearchPage
from indexer.documents import ServiceDocument, service_id


def make_doc(
    path: str,
    title: str,
    description: str = "",
    *,
    portal: str = "police",
    agency: str = "پلیس راهور",
    category: str = "رانندگی",
    **extra: Any,
) -> ServiceDocument:
    url = f"https://{portal}.example.ir/{path}"
    return ServiceDocument(
        id=service_id(url),
        portal_id=portal,
        agency=agency,
        url=url,
        title=title,
        description=description,
        category=category,
        **extra,
    )


def matched_titles(page: SearchPage) -> list[str]:
    """The titles of the services that matched the query, without the related services
    that fill the rest of a short first page (indexer/related.py)."""
    return [h.document.title for h in page.hits if not h.related]
