"""What the dashboards show of citizens' feedback, and the registrar's domain corrections.

An agency reads its own services' ratings, comments and problem reports and marks
reports handled; the registrar reads the province's figures per agency and can
file a single service under another province-wide domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway_api import registrar
from indexer.backend import SearchBackend
from indexer.topics import default_taxonomy
from registry.feedback import FeedbackFigures, ProblemReport, Rating
from registry.portals import Registry
from search_ui.service_view import REPORT_LABELS


@dataclass(frozen=True)
class AgencyFeedback:
    figures: FeedbackFigures
    ratings: list[Rating]
    open_reports: list[ProblemReport]
    handled_reports: list[ProblemReport]
    titles: dict[str, str]  # service id -> title, to name the service of each row


def agency_feedback(
    registry: Registry, backend: SearchBackend, agency_id: str, titles: dict[str, str]
) -> AgencyFeedback:
    ratings = registry.ratings(agency_id, limit=30)
    open_reports = registry.reports(agency_id, handled=False)
    handled = registry.reports(agency_id, handled=True, limit=20)
    named = dict(titles)
    mentioned = {r.service_id for r in ratings} | {r.service_id for r in open_reports + handled}
    for service_id in mentioned - set(named):
        doc = backend.get(service_id)
        named[service_id] = doc.title if doc is not None else service_id
    return AgencyFeedback(
        registry.feedback_figures([agency_id]), ratings, open_reports, handled, named
    )


def province_feedback(registry: Registry) -> dict[str, Any]:
    """The registrar's figures: the province, and each agency."""
    agencies = [(agency, registry.feedback_figures([agency.id])) for agency in registry.agencies()]
    return {
        "province": registry.feedback_figures(None),
        "agencies": [
            (a, f) for a, f in agencies if f.ratings or f.reports_open or f.reports_handled
        ],
        "topics": default_taxonomy().topics,
    }


def report_label(kind: str) -> str:
    return REPORT_LABELS.get(kind, kind)


class TopicError(ValueError):
    """A correction naming an unknown service or domain (the message says which)."""


def correct_topic(
    registry: Registry, backend: SearchBackend, actor: str, service_id: str, topic: str
) -> str:
    """File one service under ``topic`` from now on; its portal is re-indexed (queued crawl).

    Returns the service's title. Audit-logged like every registrar write.
    """
    if default_taxonomy().get(topic) is None:
        raise TopicError(f"موضوع «{topic}» در فهرست موضوع‌های استان نیست.")
    doc = backend.get(service_id.strip()) if service_id.strip() else None
    if doc is None:
        raise TopicError(f"خدمتی با شناسه «{service_id}» در درگاه نیست.")
    registry.set_topic_override(doc.id, doc.portal_id, topic, actor)
    registry.audit(actor, "topic.correct", f"service:{doc.id}", {"topic": topic})
    registrar.request_crawl(registry, actor, doc.portal_id)  # re-files it in the index
    return doc.title
