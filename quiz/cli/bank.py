"""The schema and the question bank: create or upgrade the database, load and write question files."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from quiz.core import bank
from quiz.database import SchemaMismatch, begin_write, upgrade_schema
from quiz.extensions import db
from quiz.models import Article
from quiz.store import importer, transfer


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
    "--skip-unsupported",
    is_flag=True,
    help="For a GIFT file: import the questions this app can take and list the others (matching, numeric …).",
)
@click.option(
    "--new-only",
    is_flag=True,
    help="Skip files whose article is already in the database, so edits made in the browser are kept.",
)
@with_appcontext
def import_questions_command(
    path: str | None, article: str | None, skill: str | None, new_only: bool, skip_unsupported: bool = False
) -> None:
    """Load a question file (YAML, or GIFT by its .gift extension) or a folder of YAML files, all or nothing."""
    path = path or current_app.config["QUESTIONS_PATH"]
    try:
        if Path(path).suffix.lower() == ".gift":
            upgrade_schema()
            loaded = transfer.read_gift_file(Path(path), article, skill, skip_unsupported)
            db.session.rollback()  # end the read of the articles; the import below writes
            banks = loaded.banks
            for left in loaded.skipped:
                click.echo(f"not imported: question {left.title or '(untitled)'}, line {left.line}: {left.reason}")
            for line, key in loaded.general:
                click.echo(f"no excerpt yet (imported as a general question): {key}, line {line}")
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


COMMANDS = (init_db_command, import_questions_command, export_questions_command)
