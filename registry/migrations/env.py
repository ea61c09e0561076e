"""Alembic environment: always run programmatically with a connection from the Registry.

There is no alembic.ini: :func:`registry.migrate.upgrade` builds the Config and
passes the open connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from registry.schema import metadata

_PG_LOCK = 4_242_0004  # advisory lock id: one migrating process at a time on PostgreSQL

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK})
    context.run_migrations()
