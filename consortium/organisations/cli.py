"""`flask orgs create`: the operators' way to add a partner organisation."""

from __future__ import annotations

import click
from flask.cli import AppGroup

orgs = AppGroup("orgs", help="Manage partner organisations.")


@orgs.command("create")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--country", required=True, help="ISO 3166 code; Kosovo is XK.")
@click.option("--language", default="en", show_default=True, help="Language of the name.")
def create_command(slug, name, country, language) -> None:
    """Add a partner organisation."""
    from consortium.auth.cli import fail
    from consortium.core.errors import DomainError
    from consortium.db import db
    from consortium.organisations import services

    try:
        organisation = services.create_organisation(
            slug=slug, name=name, country=country, original_language=language, actor=None
        )
    except DomainError as error:
        fail(error.message)
    db.session.commit()
    click.echo(f"Created {organisation.slug} ({organisation.country}).")
