"""What the registry's parts share: the engine, and UTC datetimes on every database.

SQLite keeps no time zone, so datetimes come back naive; they were written as
UTC, and :func:`utc` says so again.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine


def now() -> datetime:
    return datetime.now(UTC)


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else utc(value)


def as_dict(value: Any) -> dict[str, Any]:
    """JSON columns come back decoded on most drivers, as text on a few."""
    return json.loads(value) if isinstance(value, str) else dict(value)


class Store:
    """Base of the registry's parts (mixins of :class:`registry.portals.Registry`)."""

    _engine: Engine
