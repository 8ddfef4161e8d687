"""The ``flask --app quiz`` commands, one module per subject; ``register`` adds them all to an app."""

from flask import Flask

from quiz.cli import accounts, backup, bank


def register(app: Flask) -> None:
    for module in (bank, accounts, backup):
        for command in module.COMMANDS:
            app.cli.add_command(command)
