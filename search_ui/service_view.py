"""What the service page shows: details in the vocabulary's order, under Persian labels."""

from __future__ import annotations

from gateway_api.schemas import Service
from indexer.fields import default_vocabulary

CHANNEL_LABELS = {
    "online": "غیرحضوری (اینترنتی)",
    "in_person": "حضوری",
    "both": "اینترنتی و حضوری",
}
# shown elsewhere on the page, not as a row
_NOT_ROWS = frozenset({"description"})


def detail_rows(service: Service) -> list[tuple[str, str]]:
    """(Persian label, value) pairs: documented fields first, in the vocabulary's order,
    then any label the vocabulary does not know, as the portal wrote it."""
    labels = default_vocabulary().labels
    fields = {k: v for k, v in service.fields.items() if k not in _NOT_ROWS and v}
    rows = [(label, fields[name]) for name, label in labels.items() if name in fields]
    rows += [(name, value) for name, value in fields.items() if name not in labels]
    return rows


def channel_label(service: Service) -> str:
    return CHANNEL_LABELS.get(service.channel or "", "")
