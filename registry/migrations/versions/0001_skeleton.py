"""The walking skeleton's tables: portals, crawl runs, miss counts.

Registries created before migrations existed already hold exactly these
tables; :func:`registry.migrate.upgrade` stamps them with this revision.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "portals",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        _when("registered_at"),
        _when("updated_at"),
    )
    op.create_table(
        "crawl_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("portal_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _when("started_at"),
        _when("finished_at", nullable=True),
        sa.Column("report", sa.JSON, nullable=False),
    )
    op.create_index("ix_crawl_runs_portal_id", "crawl_runs", ["portal_id"])
    op.create_table(
        "service_misses",
        sa.Column("portal_id", sa.String(64), primary_key=True),
        sa.Column("service_id", sa.String(64), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("service_misses")
    op.drop_index("ix_crawl_runs_portal_id", "crawl_runs")
    op.drop_table("crawl_runs")
    op.drop_table("portals")
