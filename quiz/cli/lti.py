"""Learning platforms (LTI 1.3) from the command line: platforms, signing keys, and scores still owed."""

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from quiz.core import lti as core
from quiz.database import begin_write, upgrade_schema
from quiz.extensions import db
from quiz.store import lti

TOOL_URL_HELP = "This server's public address, e.g. https://quiz.example.org (default: $LTI_TOOL_URL)."


def key_folder() -> Path:
    return Path(current_app.config.get("LTI_KEY_FOLDER") or Path(current_app.instance_path) / "lti_keys")


def print_tool_values(tool_url: str | None) -> None:
    """The values to paste into the platform, with full addresses on ``tool_url``."""
    from quiz.web.lti.views import tool_values

    base = (tool_url or os.environ.get("LTI_TOOL_URL") or current_app.config.get("LTI_TOOL_URL") or "").rstrip("/")
    if not base:
        base = "https://YOUR-SERVER"
        click.echo("(No --tool-url or LTI_TOOL_URL given: put this server's public address in place of YOUR-SERVER.)")
    with current_app.test_request_context("/", base_url=base):
        values = tool_values()
    click.echo("Paste these into the platform's tool registration:")
    for label, value in values.items():
        click.echo(f"  {label}: {value}")


@click.command("lti-add-platform")
@click.option("--issuer", required=True, help="The platform's issuer, e.g. https://moodle.example.org")
@click.option("--client-id", required=True, help="The client id the platform gave this tool.")
@click.option("--deployment-id", "deployment_ids", required=True, multiple=True, help="A deployment id (repeatable).")
@click.option("--auth-url", required=True, help="The platform's OIDC authorisation URL.")
@click.option("--token-url", required=True, help="The platform's OAuth 2 token URL.")
@click.option("--jwks-url", required=True, help="The platform's public key set URL.")
@click.option("--tool-url", default=None, help=TOOL_URL_HELP)
@with_appcontext
def add_platform_command(issuer, client_id, deployment_ids, auth_url, token_url, jwks_url, tool_url) -> None:
    """Register a learning platform, then print this tool's values to paste into it."""
    upgrade_schema()
    begin_write()
    try:
        lti.add_platform(issuer, client_id, list(deployment_ids), auth_url, token_url, jwks_url)
        db.session.commit()
    except ValueError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    core.signing_key(key_folder())  # the first key, made now rather than at the first launch
    click.echo(f"Platform {issuer} (client id {client_id}) registered.")
    print_tool_values(tool_url)


@click.command("lti-list-platforms")
@click.option("--tool-url", default=None, help=TOOL_URL_HELP)
@with_appcontext
def list_platforms_command(tool_url) -> None:
    """List the registered platforms, then this tool's values."""
    upgrade_schema()
    found = lti.platforms()
    if not found:
        click.echo("No platform is registered.")
    for platform in found:
        click.echo(
            f"{platform.issuer}  client id {platform.client_id}  deployment(s) {', '.join(platform.deployment_ids)}"
        )
        click.echo(f"    auth {platform.auth_url}  token {platform.token_url}  keys {platform.jwks_url}")
    print_tool_values(tool_url)


@click.command("lti-remove-platform")
@click.argument("issuer")
@click.option("--client-id", required=True, help="The client id of the registration to remove.")
@with_appcontext
def remove_platform_command(issuer, client_id) -> None:
    """Remove a platform registration; attempts made through it stay, as plain attempts."""
    upgrade_schema()
    begin_write()
    if not lti.remove_platform(issuer, client_id):
        db.session.rollback()
        raise click.ClickException(f"No platform {issuer} with client id {client_id} is registered.")
    db.session.commit()
    click.echo(f"Platform {issuer} (client id {client_id}) removed.")


@click.command("lti-rotate-key")
@with_appcontext
def rotate_key_command() -> None:
    """Make a new signing key; the old one stays published for an hour, until its tokens have expired."""
    key = core.rotate(key_folder())
    click.echo(f"New signing key {key.kid}. The key set now publishes {len(core.keys(key_folder()))} key(s).")


@click.command("lti-send-scores")
@click.option("--all", "everything", is_flag=True, help="Try every pending score now, not only those due.")
@with_appcontext
def send_scores_command(everything: bool) -> None:
    """Send the scores the platforms have not yet accepted (run it from cron every few minutes)."""
    upgrade_schema()
    only = [p.id for p in lti.pending_scores()] if everything else None
    outcome = lti.send_scores(key_folder(), only=only)
    left = len(lti.pending_scores())
    click.echo(f"{outcome.sent} score(s) sent, {outcome.failed} failed (tried again later), {left} still pending.")


COMMANDS = (
    add_platform_command,
    list_platforms_command,
    remove_platform_command,
    rotate_key_command,
    send_scores_command,
)
