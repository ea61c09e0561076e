"""Issue 9: crawl runs that end — a heartbeat, and the host and process id of the crawl.

A run whose process is gone (killed, out of disk) is closed as failed by the next
worker or CLI start: by its process id on the same host, else by a stale heartbeat.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("host", sa.String(255), nullable=True))
        batch.add_column(sa.Column("pid", sa.Integer, nullable=True))
        batch.create_index("ix_crawl_runs_status", ["status"])


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_index("ix_crawl_runs_status")
        batch.drop_column("pid")
        batch.drop_column("host")
        batch.drop_column("heartbeat_at")
