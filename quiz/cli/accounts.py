"""Teacher accounts from the command line: there is no default account, so the first one is made here."""

import sys

import click
from flask.cli import with_appcontext

from quiz.core.passwords import WeakPassword
from quiz.database import begin_write, upgrade_schema
from quiz.extensions import db
from quiz.store.accounts import create_teacher


@click.command("create-teacher")
@click.argument("email")
@click.option("--name", default="", help="The name shown to other teachers.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@with_appcontext
def create_teacher_command(email: str, name: str, password_stdin: bool) -> None:
    """Create a teacher account; the password is typed twice (hidden) or read from standard input."""

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


COMMANDS = (create_teacher_command,)
