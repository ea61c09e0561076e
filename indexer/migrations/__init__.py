"""Alembic migrations of the registry; :func:`indexer.migrate.upgrade` runs them on open."""
