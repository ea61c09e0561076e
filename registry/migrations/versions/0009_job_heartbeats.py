"""A claimed job says it is alive, so a dead worker's jobs run again within minutes.

A job claimed by a worker that was then killed (kill -9, power cut, OOM) stayed ``running``
for twice the crawl timeout (6 hours by default): the registrar's «بررسی دوباره» did
nothing all that time. Now the worker that holds a job writes ``alive_at`` every few
seconds, and a running job silent for longer than a crawl's ``dead_after`` is queued again.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_jobs") as batch:
        batch.add_column(sa.Column("alive_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_jobs") as batch:
        batch.drop_column("alive_at")
