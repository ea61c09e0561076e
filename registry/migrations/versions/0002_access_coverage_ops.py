"""Issue 4: agencies, tokens, sessions, audit log, declared catalogues, coverage history,
crawl job queue, link checks, query and click logs.

Existing portals become one agency each (agency id = portal id).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("portals") as batch:
        batch.add_column(sa.Column("agency_id", sa.String(64), nullable=True))
        batch.create_index("ix_portals_agency_id", ["agency_id"])
    op.create_table(
        "agencies",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        _when("created_at"),
    )
    op.execute("UPDATE portals SET agency_id = id")
    op.execute(
        "INSERT INTO agencies (id, name, created_at) SELECT id, agency, registered_at FROM portals"
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("agency_id", sa.String(64), nullable=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        _when("created_at"),
        _when("revoked_at", nullable=True),
    )
    op.create_index("ix_tokens_agency_id", "tokens", ["agency_id"])
    op.create_table(
        "sessions",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column(
            "token_id",
            sa.Integer,
            sa.ForeignKey("tokens.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _when("created_at"),
        _when("expires_at"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _when("at"),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_table(
        "catalogues",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("agency_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        _when("uploaded_at"),
        sa.Column("uploaded_by", sa.String(100), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
    )
    op.create_index(
        "ix_catalogues_agency_version", "catalogues", ["agency_id", "version"], unique=True
    )
    op.create_table(
        "catalogue_rows",
        sa.Column(
            "catalogue_id",
            sa.Integer,
            sa.ForeignKey("catalogues.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("service_id", sa.String(64), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
    )
    op.create_table(
        "coverage_points",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("agency_id", sa.String(64), nullable=False),
        _when("at"),
        sa.Column("catalogue_version", sa.Integer, nullable=False),
        sa.Column("last_run_id", sa.Integer, nullable=False),
        sa.Column("declared", sa.Integer, nullable=False),
        sa.Column("matched", sa.Integer, nullable=False),
    )
    op.create_index("ix_coverage_points_agency_id", "coverage_points", ["agency_id"])
    op.create_table(
        "crawl_jobs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("portal_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("requested_by", sa.String(100), nullable=False),
        _when("requested_at"),
        sa.Column("status", sa.String(16), nullable=False),
        _when("started_at", nullable=True),
        _when("finished_at", nullable=True),
        sa.Column("run_id", sa.Integer, nullable=True),
        sa.Column("error", sa.Text, nullable=False),
    )
    op.create_index("ix_crawl_jobs_portal_id", "crawl_jobs", ["portal_id"])
    op.create_index("ix_crawl_jobs_status", "crawl_jobs", ["status"])
    op.create_table(
        "link_checks",
        sa.Column("service_id", sa.String(64), primary_key=True),
        sa.Column("portal_id", sa.String(64), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("status", sa.Integer, nullable=True),
        sa.Column("final_url", sa.Text, nullable=False),
        _when("checked_at"),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("broken", sa.Boolean, nullable=False),
    )
    op.create_index("ix_link_checks_portal_id", "link_checks", ["portal_id"])
    op.create_table(
        "query_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _when("at"),
        sa.Column("query", sa.String(200), nullable=False),
        sa.Column("results", sa.Integer, nullable=False),
    )
    op.create_index("ix_query_log_at", "query_log", ["at"])
    op.create_table(
        "click_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _when("at"),
        sa.Column("service_id", sa.String(64), nullable=False),
    )
    op.create_index("ix_click_log_at", "click_log", ["at"])


def downgrade() -> None:
    for table in (
        "click_log",
        "query_log",
        "link_checks",
        "crawl_jobs",
        "coverage_points",
        "catalogue_rows",
        "catalogues",
        "audit_log",
        "sessions",
        "tokens",
        "agencies",
    ):
        op.drop_table(table)
    with op.batch_alter_table("portals") as batch:
        batch.drop_index("ix_portals_agency_id")
        batch.drop_column("agency_id")
