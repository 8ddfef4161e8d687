"""Keeping the data safe: backup, restore, the integrity check and purging old attempts."""

import functools
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import create_engine

from quiz.extensions import db
from quiz.store import backup


def plain_errors(command):
    """Show a failed backup or integrity check as a plain message (with its problems), never a traceback."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except backup.IntegrityFailed as failure:
            for problem in failure.problems[:50]:
                click.echo(f"problem: {problem}", err=True)
            raise click.ClickException(str(failure)) from None
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from None

    return run


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@with_appcontext
@plain_errors
def backup_command(path: Path, force: bool) -> None:
    """Copy the database to PATH while the app keeps serving (SQLite: backup API; PostgreSQL: pg_dump)."""
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; choose a new name or pass --force")
    engine = db.engine
    if engine.dialect.name == "sqlite":
        backup.backup_sqlite(engine, path)
        checked = create_engine(f"sqlite:///{path}")
        try:
            found = backup.report(checked)
        finally:
            checked.dispose()
        click.echo(f"Backed up to {path}: integrity check passed; {backup.describe(found)}.")
    elif engine.dialect.name == "postgresql":
        url, environment = backup.libpq(engine.url)
        click.echo("PostgreSQL: backing up with pg_dump (one consistent snapshot; students can keep submitting).")
        backup.run_pg_tool(
            "pg_dump", "--format=custom", "--no-owner", "--file", str(path), url, environment=environment
        )
        click.echo(f"Backed up to {path}. Restore with: flask --app quiz restore {path} (runs pg_restore).")
    else:
        raise click.ClickException(f"no backup method for {engine.dialect.name}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
@plain_errors
def restore_command(path: Path, yes: bool) -> None:
    """Replace the whole database with the backup at PATH (stop the app servers first)."""
    engine = db.engine
    shown = engine.url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(f"Replace everything in {shown} with {path}?", abort=True)
    if engine.dialect.name == "sqlite":
        saved = create_engine(f"sqlite:///{path}")
        try:
            backup.report(saved)  # a damaged backup is refused before anything is overwritten
        finally:
            saved.dispose()
        backup.restore_sqlite(engine, path)
    elif engine.dialect.name == "postgresql":
        url, environment = backup.libpq(engine.url)
        backup.run_pg_tool(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            url,
            str(path),
            environment=environment,
        )
        engine.dispose()  # pooled connections may hold plans for the tables just replaced
    else:
        raise click.ClickException(f"no restore method for {engine.dialect.name}")
    found = backup.report(engine)
    click.echo(f"Restored {path} into {shown}: integrity check passed; {backup.describe(found)}.")


@click.command("check-db")
@with_appcontext
@plain_errors
def check_command() -> None:
    """Run the integrity check and show how many records the database holds."""
    click.echo(f"Integrity check passed: {backup.describe(backup.report(db.engine))}.")


@click.command("purge")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=1),
    required=True,
    metavar="DAYS",
    help="Remove attempts started more than DAYS days ago.",
)
@with_appcontext
@plain_errors
def purge_command(days: int) -> None:
    """Remove old attempts, with their answers and judgements, so results are kept no longer than needed."""
    removed, answers, cutoff = backup.purge(days)
    click.echo(f"Removed {removed} attempt(s) started before {cutoff:%Y-%m-%d %H:%M} UTC, with {answers} answer(s).")


COMMANDS = (backup_command, restore_command, check_command, purge_command)
