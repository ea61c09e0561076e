"""Service documents for the indexer tests."""

from __future__ import annotations

from typing import Any

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
