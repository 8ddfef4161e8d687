"""Command-line tasks: create the schema and load question files."""

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import bank, importer
from .database import begin_write
from .extensions import db


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the tables that do not exist yet; existing data is kept."""
    db.create_all()
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("import-questions")
@click.argument("path", required=False)
@with_appcontext
def import_questions_command(path: str | None) -> None:
    """Load a question file or a folder of them, all or nothing (default: the bundled bank)."""
    path = path or current_app.config["QUESTIONS_PATH"]
    try:
        banks = bank.load_path(path)
    except bank.BankError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(f"nothing was imported ({len(error.problems)} problem(s))") from None
    db.create_all()
    begin_write()
    tally = importer.import_banks(db.session, banks)
    db.session.commit()
    click.echo(f"Imported {len(banks)} file(s): {tally}")


def register(app: Flask) -> None:
    app.cli.add_command(init_db_command)
    app.cli.add_command(import_questions_command)
