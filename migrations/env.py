"""Alembic's entry point: runs the migrations on the app's own engine (Flask-Migrate sets it up)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
# Log like the alembic command, but leave logging alone where a host (a test run) already set it up.
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def run_migrations_offline() -> None:
    """Write the SQL for a database administrator to run (``flask db upgrade --sql``)."""
    url = target_db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_db.metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate the database itself, each revision in a transaction."""

    def skip_empty(_context, _revision, directives) -> None:
        # An autogenerate run that finds no change writes no empty revision file.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", skip_empty)

    with target_db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a table by dropping the old one; with foreign keys on, that drop would
            # cascade into the rows that point at it. Switch them off (outside any transaction) meanwhile.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            # SQLite can roll DDL back too (the engine issues BEGIN itself): a failed upgrade leaves nothing half-done.
            context.configure(
                connection=connection, target_metadata=target_db.metadata, transactional_ddl=True, **conf_args
            )
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration left rows pointing at nothing: {broken[:5]}")
                connection.commit()
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
