"""Database settings that let a classroom of students submit at the same moment.

On SQLite: write-ahead logging (readers never wait for the writer), foreign keys enforced, a busy
timeout, and writes that start with ``BEGIN IMMEDIATE`` so that two submissions queue for the
write lock instead of one failing with "database is locked" when it upgrades a read lock.
PostgreSQL needs none of this and gets none of it; it only cannot hold a NUL character in text,
which SQLite can, so there a NUL in a query's value becomes U+FFFD (see ``_without_nul``).
"""

from typing import Any

from sqlalchemy import Engine, event

from quiz.extensions import db

BUSY_TIMEOUT_MS = 30_000


def tune_engine(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        event.listen(engine, "before_cursor_execute", _without_nul, retval=True)
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


def _without_nul(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool):
    """Replace NUL in string values, which PostgreSQL refuses with an error (a 500), by U+FFFD.

    A looked-up value holding NUL then finds nothing, as on SQLite, instead of failing; no value the
    app stores legitimately holds one.
    """
    return statement, _replace_nul(parameters)


def _replace_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {key: _replace_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_replace_nul(item) for item in value)
    return value


def begin_write() -> None:
    """Start the session's transaction as a write: call before the first query of a change."""
    db.session.connection(execution_options={"write": True})


class SchemaMismatch(Exception):
    """A database made before migrations whose tables differ from the models: it needs a person."""


def upgrade_schema() -> None:
    """Bring the database to the newest migration (inside an app context).

    A database whose tables were made before the schema had migrations is adopted: when its tables
    and columns are the models' it is stamped as current, otherwise nothing is touched.
    """
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import stamp, upgrade
    from sqlalchemy import inspect

    with db.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        adopt = bool(tables) and "alembic_version" not in tables
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata) if adopt else []
    if adopt:
        structural = [d for d in differences if isinstance(d, tuple) and d[0].endswith(("_table", "_column"))]
        if structural:
            raise SchemaMismatch(
                "the database has tables but no migration history, and its tables differ from the models "
                f"({len(structural)} difference(s), e.g. {structural[0][0]}). Back it up, then upgrade it by hand."
            )
        stamp()
    upgrade()


def empty_postgres_schema(url: str) -> None:
    """End every other connection to the database at ``url`` and drop and recreate its public schema.

    For the tests and the load scripts, which want an empty PostgreSQL database for each run.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def begin_teacher_write() -> None:
    """Start a write on a signed-in page: checking the sign-in already read, so end that read first."""
    db.session.rollback()
    begin_write()
