"""At most one running crawl per portal, kept by the database itself.

Two crawls of one portal at once (``dargah crawl`` beside the worker, or two workers)
doubled the load on the agency's server and counted each missing service twice, so a
service was retired after half the crawls it should survive. A partial unique index
makes the second start fail, whichever process or host it comes from. Runs already
left running twice for one portal (from before this revision) keep only the newest
open; the older ones are closed as failed, saying why.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_RUNNING = sa.text("status = 'running'")


def upgrade() -> None:
    _close_older_duplicates()
    op.create_index(
        "uq_crawl_runs_one_running",
        "crawl_runs",
        ["portal_id"],
        unique=True,
        sqlite_where=_RUNNING,
        postgresql_where=_RUNNING,
    )


def downgrade() -> None:
    op.drop_index("uq_crawl_runs_one_running", table_name="crawl_runs")


def _close_older_duplicates() -> None:
    runs = sa.table(
        "crawl_runs",
        sa.column("id", sa.Integer),
        sa.column("portal_id", sa.String),
        sa.column("status", sa.String),
        sa.column("finished_at", sa.DateTime(timezone=True)),
        sa.column("report", sa.JSON),
    )
    conn = op.get_bind()
    newest: dict[str, int] = {}
    rows = conn.execute(
        sa.select(runs.c.id, runs.c.portal_id, runs.c.report)
        .where(runs.c.status == "running")
        .order_by(runs.c.id.desc())
    ).all()
    now = datetime.now(UTC)
    for run_id, portal_id, report in rows:
        if newest.setdefault(portal_id, run_id) == run_id:
            continue
        doc = json.loads(report) if isinstance(report, str) else dict(report)
        doc["status"] = "failed"
        doc["finish_reason"] = f"closed by revision 0008: run {newest[portal_id]} ran beside it"
        doc["finished_at"] = now.isoformat()
        conn.execute(
            runs.update()
            .where(runs.c.id == run_id)
            .values(status="failed", finished_at=now, report=doc)
        )
