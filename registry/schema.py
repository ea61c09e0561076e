"""The registry's tables (SQLAlchemy Core): what the queries and the migrations agree on.

The database itself is built by the Alembic revisions in ``registry/migrations``;
a change here needs a new revision there.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
    text,
)

metadata = MetaData()


def _when(name: str, nullable: bool = False) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


# -- revision 0001: the walking skeleton -------------------------------------------------

portals = Table(
    "portals",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("agency", String(200), nullable=False),
    Column("document", JSON, nullable=False),  # Registration.model_dump(mode="json")
    _when("registered_at"),
    _when("updated_at"),
    # revision 0002; required and a foreign key since 0003
    Column(
        "agency_id",
        String(64),
        ForeignKey("agencies.id", name="fk_portals_agency_id"),
        nullable=False,
        index=True,
    ),
)

runs = Table(
    "crawl_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("portal_id", String(64), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    _when("started_at"),
    _when("finished_at", nullable=True),
    Column("report", JSON, nullable=False),  # CrawlReport.to_dict()
    # revision 0004: who runs it and its last sign of life, so a dead run can be closed
    _when("heartbeat_at", nullable=True),
    Column("host", String(255), nullable=True),
    Column("pid", Integer, nullable=True),
    Index("ix_crawl_runs_status", "status"),
    # revision 0008: at most one running crawl per portal, whoever starts it
    Index(
        "uq_crawl_runs_one_running",
        "portal_id",
        unique=True,
        sqlite_where=text("status = 'running'"),
        postgresql_where=text("status = 'running'"),
    ),
)

misses = Table(
    "service_misses",
    metadata,
    Column("portal_id", String(64), primary_key=True),
    Column("service_id", String(64), primary_key=True),
    Column("count", Integer, nullable=False),
)

# -- revision 0002: access control, catalogues, jobs, link checks, usage logs ---------------

agencies = Table(
    "agencies",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    _when("created_at"),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # "admin" | "agency"
    Column("agency_id", String(64), nullable=True, index=True),
    Column("label", String(200), nullable=False, default=""),
    Column("hash", String(64), nullable=False, unique=True),  # sha256 hex of the token
    _when("created_at"),
    _when("revoked_at", nullable=True),
    _when("expires_at", nullable=True),  # revision 0007: null = valid until revoked
)

sessions = Table(
    "sessions",
    metadata,
    Column("hash", String(64), primary_key=True),  # sha256 hex of the cookie secret
    Column("token_id", Integer, ForeignKey("tokens.id", ondelete="CASCADE"), nullable=False),
    _when("created_at"),
    _when("expires_at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _when("at"),
    Column("actor", String(100), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", String(200), nullable=False),
    Column("detail", JSON, nullable=False),
)

catalogues = Table(
    "catalogues",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    _when("uploaded_at"),
    Column("uploaded_by", String(100), nullable=False),
    Column("source", String(16), nullable=False),  # "csv" | "json"
    Index("ix_catalogues_agency_version", "agency_id", "version", unique=True),
)

catalogue_rows = Table(
    "catalogue_rows",
    metadata,
    Column(
        "catalogue_id",
        Integer,
        ForeignKey("catalogues.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("position", Integer, primary_key=True),  # order in the file
    Column("line", Integer, nullable=False),  # where it was in the file (JSON may share lines)
    Column("title", Text, nullable=False),
    Column("service_id", String(64), nullable=False),  # "" when not declared
    Column("url", Text, nullable=False),  # "" when not declared
)

coverage_points = Table(
    "coverage_points",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_id", String(64), nullable=False, index=True),
    _when("at"),
    Column("catalogue_version", Integer, nullable=False),
    Column("last_run_id", Integer, nullable=False),  # newest crawl run of the agency's portals
    Column("declared", Integer, nullable=False),
    Column("matched", Integer, nullable=False),
)

crawl_jobs = Table(
    "crawl_jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("portal_id", String(64), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # "crawl" | "purge"
    Column("requested_by", String(100), nullable=False),
    _when("requested_at"),
    Column("status", String(16), nullable=False, index=True),
    _when("started_at", nullable=True),
    _when("finished_at", nullable=True),
    Column("run_id", Integer, nullable=True),
    Column("error", Text, nullable=False),
    # revision 0009: the claiming worker's last sign of life, so a dead worker's job runs again
    _when("alive_at", nullable=True),
)

link_checks = Table(
    "link_checks",
    metadata,
    Column("service_id", String(64), primary_key=True),
    Column("portal_id", String(64), nullable=False, index=True),
    Column("url", Text, nullable=False),
    Column("status", Integer, nullable=True),
    Column("final_url", Text, nullable=False),
    _when("checked_at"),
    Column("error", Text, nullable=False),
    Column("broken", Boolean, nullable=False),
)

query_log = Table(
    "query_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _when("at"),
    Column("query", String(200), nullable=False),
    Column("results", Integer, nullable=False),
    # The best results matched only part of the query (issue 8): a weak search.
    Column("weak", Boolean, nullable=False, server_default=false()),
    Index("ix_query_log_at", "at"),
)

# Issue 8: the registrar's citizen vocabulary, applied at query time (no reindex).
# kind "synonym": a query phrase also reads as `target` (text); kind "best_bet": the
# service `target` (id) is shown first for the phrase. `phrase` is the analysed key.
search_rules = Table(
    "search_rules",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("phrase", String(200), nullable=False),
    Column("shown", String(200), nullable=False),  # the phrase as the registrar typed it
    Column("target", String(200), nullable=False),
    Column("created_by", String(100), nullable=False),
    _when("created_at"),
    Index("ix_search_rules_phrase", "phrase"),
)

click_log = Table(
    "click_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _when("at"),
    Column("service_id", String(64), nullable=False),
    Index("ix_click_log_at", "at"),
)

# -- revision 0006: service domains corrected by the registrar; citizens' feedback --------

topic_overrides = Table(
    "topic_overrides",
    metadata,
    Column("service_id", String(64), primary_key=True),
    Column("portal_id", String(64), nullable=False, index=True),
    Column("topic", String(64), nullable=False),
    Column("set_by", String(100), nullable=False),
    _when("set_at"),
)

# Citizens' feedback: no personal data (no address, phone, account or cookie) is kept.
service_ratings = Table(
    "service_ratings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _when("at"),
    Column("service_id", String(64), nullable=False, index=True),
    Column("portal_id", String(64), nullable=False),
    Column("agency_id", String(64), nullable=False, index=True),
    Column("rating", Integer, nullable=False),
    Column("comment", Text, nullable=False),
)

problem_reports = Table(
    "problem_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _when("at"),
    Column("service_id", String(64), nullable=False, index=True),
    Column("portal_id", String(64), nullable=False),
    Column("agency_id", String(64), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("comment", Text, nullable=False),
    _when("handled_at", nullable=True),
    Column("handled_by", String(100), nullable=False),
)
