"""Issue 13: the registrar's corrections of service domains; citizens' feedback.

Revision ID: 0006
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "topic_overrides",
        sa.Column("service_id", sa.String(64), primary_key=True),
        sa.Column("portal_id", sa.String(64), nullable=False, index=True),
        sa.Column("topic", sa.String(64), nullable=False),
        sa.Column("set_by", sa.String(100), nullable=False),
        _when("set_at"),
    )


def downgrade() -> None:
    op.drop_table("topic_overrides")
