"""`flask orgs create`: the operators' way to add a partner organisation."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from consortium.core.actors import SYSTEM
from consortium.core.cli import fail
from consortium.core.errors import DomainError
from consortium.core.transaction import transactional
from consortium.organisations import services
from consortium.organisations.schemas import NewOrganisation

orgs = AppGroup("orgs", help="Manage partner organisations.")


@orgs.command("create")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--country", required=True, help="ISO 3166 code; Kosovo is XK.")
@click.option("--language", default="en", show_default=True, help="Language of the name.")
@transactional
def create_command(slug: str, name: str, country: str, language: str) -> None:
    """Add a partner organisation."""
    new = NewOrganisation(slug=slug, name=name, country=country, original_language=language)
    try:
        organisation = services.create_organisation(new, actor=SYSTEM)
    except DomainError as error:
        fail(error.message)
    click.echo(f"Created {organisation.slug} ({organisation.country}).")
