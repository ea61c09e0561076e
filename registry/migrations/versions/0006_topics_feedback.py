"""Issue 13: the registrar's corrections of service domains; citizens' feedback.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
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
    # No personal data in either table: no address, no phone, no account, no cookie.
    op.create_table(
        "service_ratings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _when("at"),
        sa.Column("service_id", sa.String(64), nullable=False, index=True),
        sa.Column("portal_id", sa.String(64), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=False, index=True),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
    )
    op.create_table(
        "problem_reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _when("at"),
        sa.Column("service_id", sa.String(64), nullable=False, index=True),
        sa.Column("portal_id", sa.String(64), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=False, index=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        _when("handled_at", nullable=True),
        sa.Column("handled_by", sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("problem_reports")
    op.drop_table("service_ratings")
    op.drop_table("topic_overrides")
