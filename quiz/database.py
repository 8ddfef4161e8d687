"""Database settings that let a classroom of students submit at the same moment.

On SQLite: write-ahead logging (readers never wait for the writer), foreign keys enforced, a busy
timeout, and writes that start with ``BEGIN IMMEDIATE`` so that two submissions queue for the
write lock instead of one failing with "database is locked" when it upgrades a read lock.
PostgreSQL needs none of this and gets none of it.
"""

from typing import Any

from sqlalchemy import Engine, event

from .extensions import db

BUSY_TIMEOUT_MS = 30_000


def tune_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below, not the driver, decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write() -> None:
    """Start the session's transaction as a write: call before the first query of a change."""
    db.session.connection(execution_options={"write": True})
