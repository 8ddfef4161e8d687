"""The ``flask --app quiz`` commands, one module per subject; ``register`` adds them all to an app."""

from flask import Flask

from quiz.cli import accounts, backup, bank, lti, reading


def register(app: Flask) -> None:
    for module in (bank, accounts, backup, lti, reading):
        for command in module.COMMANDS:
            app.cli.add_command(command)
