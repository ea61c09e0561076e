"""Issue 8: searches whose best results matched only part of the query («weak» searches),
logged beside the result count so the registrar sees them next to zero-result searches; and
the registrar's search rules (synonyms and best bets), applied at query time.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("query_log") as batch:
        batch.add_column(sa.Column("weak", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "search_rules",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("phrase", sa.String(200), nullable=False),
        sa.Column("shown", sa.String(200), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_search_rules_phrase", "search_rules", ["phrase"])


def downgrade() -> None:
    op.drop_index("ix_search_rules_phrase", table_name="search_rules")
    op.drop_table("search_rules")
    with op.batch_alter_table("query_log") as batch:
        batch.drop_column("weak")
