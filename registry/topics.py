"""The registrar's corrections of the province-wide domain of single services.

The rules of ``indexer/data/topics.yaml`` file most services well; where they do
not, a registrar names the right domain for that one service. The correction is
kept here, wins over the rules at the next indexing, and survives re-crawls.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select

from registry.schema import topic_overrides
from registry.store import Store, now


class TopicStore(Store):
    def set_topic_override(self, service_id: str, portal_id: str, topic: str, actor: str) -> None:
        """File one service under ``topic`` from now on (replacing an earlier correction)."""
        with self._engine.begin() as conn:
            conn.execute(delete(topic_overrides).where(topic_overrides.c.service_id == service_id))
            conn.execute(
                insert(topic_overrides).values(
                    service_id=service_id,
                    portal_id=portal_id,
                    topic=topic,
                    set_by=actor[:100],
                    set_at=now(),
                )
            )

    def clear_topic_override(self, service_id: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(topic_overrides).where(topic_overrides.c.service_id == service_id))

    def topic_overrides(self, portal_id: str) -> dict[str, str]:
        """service id -> corrected domain id, for one portal's services."""
        query = select(topic_overrides.c.service_id, topic_overrides.c.topic).where(
            topic_overrides.c.portal_id == portal_id
        )
        with self._engine.connect() as conn:
            return {row.service_id: row.topic for row in conn.execute(query)}

    def topic_override(self, service_id: str) -> str | None:
        query = select(topic_overrides.c.topic).where(topic_overrides.c.service_id == service_id)
        with self._engine.connect() as conn:
            found = conn.execute(query).scalar_one_or_none()
        return None if found is None else str(found)
