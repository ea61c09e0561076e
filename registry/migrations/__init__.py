"""Alembic migrations of the registry; :func:`registry.migrate.upgrade` runs them on open."""
