"""`flask tokens create EMAIL --scope read|write [--expires-days N]`: prints the secret once."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from consortium.auth.models import find_user_by_email
from consortium.core.actors import SYSTEM
from consortium.core.cli import fail
from consortium.core.errors import DomainError
from consortium.core.transaction import transactional
from consortium.tokens import services

tokens = AppGroup("tokens", help="Personal access tokens for the API.")


@tokens.command("create")
@click.argument("email")
@click.option("--scope", type=click.Choice(["read", "write"]), default="read", show_default=True)
@click.option("--expires-days", type=int, default=None, help="1 to 366; none: until revoked.")
@click.option("--name", default="CLI", show_default=True)
@transactional
def create_command(email: str, scope: str, expires_days: int | None, name: str) -> None:
    """Create a token for EMAIL's account and print it (it is never shown again)."""
    owner = find_user_by_email(email)
    if owner is None:
        fail(f"no account with the address {email}")
    try:
        _, secret = services.create(
            owner, name=name, scope=scope, expires_days=expires_days, actor=SYSTEM
        )
    except DomainError as error:
        fail(error.message)
    click.echo(secret)
