"""Bring a registry database to the newest schema: Alembic, run from code on every open.

There is no alembic.ini and no separate command to forget: ``Registry(url)``
upgrades to head. A registry made by the walking skeleton (tables, no version
table) is stamped as revision 0001 first, so its data is kept and upgraded.
Concurrent first opens are serialised: a file lock on SQLite, an advisory
lock on PostgreSQL (in ``migrations/env.py``).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

BASELINE = "0001"  # the skeleton's tables, created before migrations existed


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", "registry:migrations")
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision this code knows."""
    config = Config()
    config.set_main_option("script_location", "registry:migrations")
    revision = ScriptDirectory.from_config(config).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, sqlite_file: Path | None = None) -> None:
    """Upgrade to head; a no-op (one SELECT) when the database is already there."""
    if current(engine) == head():
        return
    with _lock(sqlite_file), engine.begin() as conn:
        config = _config(conn)
        tables = set(inspect(conn).get_table_names())
        if "portals" in tables and "alembic_version" not in tables:
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")


@contextmanager
def _lock(sqlite_file: Path | None) -> Iterator[None]:
    if sqlite_file is None:
        yield
        return
    with open(sqlite_file.with_name(sqlite_file.name + ".migrate-lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
