"""Command-line tasks: create the schema and load question files."""

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from . import backup, bank, importer, transfer
from .database import SchemaMismatch, begin_write, upgrade_schema
from .extensions import db
from .models import Article


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Bring the schema up to date by running its migrations; existing data is kept."""
    try:
        upgrade_schema()
    except SchemaMismatch as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("import-questions")
@click.argument("path", required=False)
@click.option("--article", help="For a GIFT file: the slug of the article its questions are on, if they do not say.")
@click.option("--skill", help="For a GIFT file: the skill of questions that do not name one.")
@click.option(
    "--new-only", is_flag=True,
    help="Skip files whose article is already in the database, so edits made in the browser are kept.",
)
@with_appcontext
def import_questions_command(path: str | None, article: str | None, skill: str | None, new_only: bool) -> None:
    """Load a question file (YAML, or GIFT by its .gift extension) or a folder of YAML files, all or nothing."""
    path = path or current_app.config["QUESTIONS_PATH"]
    try:
        if Path(path).suffix.lower() == ".gift":
            upgrade_schema()
            banks = transfer.read_gift_file(Path(path), article, skill)
            db.session.rollback()  # end the read of the articles; the import below writes
        else:
            banks = bank.load_path(path)
    except bank.BankError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(f"nothing was imported ({len(error.problems)} problem(s))") from None
    upgrade_schema()
    begin_write()
    if new_only:
        known = set(db.session.scalars(select(Article.slug)))
        for skipped in [b for b in banks if b.spec.article.slug in known]:
            click.echo(f"Skipped {skipped.path}: its article is already loaded (drop --new-only to update it).")
        banks = [b for b in banks if b.spec.article.slug not in known]
    tally = importer.import_banks(db.session, banks)
    db.session.commit()
    click.echo(f"Imported {len(banks)} file(s): {tally}")


@click.command("export-questions")
@click.argument("path")
@click.option("--quiz", "quiz_slug", help="Export only this quiz (its article and questions).")
@with_appcontext
def export_questions_command(path: str, quiz_slug: str | None) -> None:
    """Write the bank (or one quiz) by PATH's extension: .yaml, .gift, or a folder of YAML files."""
    try:
        for line in transfer.export_to(Path(path), quiz_slug):
            click.echo(line)
    except ValueError as error:
        raise click.ClickException(str(error)) from None


@click.command("create-teacher")
@click.argument("email")
@click.option("--name", default="", help="The name shown to other teachers.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@with_appcontext
def create_teacher_command(email: str, name: str, password_stdin: bool) -> None:
    """Create a teacher account; the password is typed twice (hidden) or read from standard input."""
    from .auth import create_teacher
    from .passwords import WeakPassword

    if password_stdin:
        password = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")
    upgrade_schema()
    begin_write()
    try:
        teacher = create_teacher(email, password, name)
        db.session.commit()
    except (WeakPassword, ValueError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"Teacher {teacher.email} created. Sign in at /teacher/login.")


def register(app: Flask) -> None:
    app.cli.add_command(create_teacher_command)
    app.cli.add_command(export_questions_command)
    app.cli.add_command(init_db_command)
    app.cli.add_command(import_questions_command)
    backup.register(app)  # backup, restore, check-db, purge
