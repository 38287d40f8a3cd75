"""`flask users create|set-role`: the operators' way to manage accounts."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from consortium.auth.roles import ROLE_CHOICES

users = AppGroup("users", help="Manage accounts.")


def fail(message) -> None:
    """One line on stderr and exit status 2; nothing has been written."""
    from consortium.db import db

    db.session.rollback()
    click.echo(f"Error: {message}", err=True)
    sys.exit(2)


@users.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(ROLE_CHOICES))
@click.option("--org", "org_slug", default=None, help="The organisation's slug.")
@click.option("--language", default="en", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_command(email, name, role, org_slug, language, password_stdin) -> None:
    """Create an account with a role (organisation roles need --org)."""
    from consortium.auth import services
    from consortium.core.errors import DomainError
    from consortium.db import db
    from consortium.organisations.models import Organisation

    if not password_stdin:
        fail("give the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    organisation = None
    if org_slug:
        organisation = db.session.scalar(
            db.select(Organisation).where(Organisation.slug == org_slug)
        )
        if organisation is None:
            fail(f"no organisation with the slug {org_slug!r}")
    try:
        user = services.create_user(
            email=email,
            name=name,
            role=role,
            password=password,
            organisation=organisation,
            language=language,
        )
    except DomainError as error:
        fail(error.message)
    db.session.commit()
    click.echo(f"Created {user.email} ({role}).")


@users.command("set-role")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLE_CHOICES))
@click.option("--org", "org_slug", default=None)
def set_role_command(email, role, org_slug) -> None:
    """Give an existing account a role (coordinator and admin are added to what it has)."""
    from consortium.auth import services
    from consortium.auth.models import find_user_by_email
    from consortium.auth.roles import OrgRole
    from consortium.db import db
    from consortium.organisations.models import Organisation
    from consortium.organisations.services import place_person

    user = find_user_by_email(email)
    if user is None:
        fail(f"no account with the e-mail address {email!r}")
    if role in ("coordinator", "admin"):
        services.set_consortium_roles(
            user,
            coordinator=user.is_coordinator or role == "coordinator",
            admin=user.is_admin or role == "admin",
            actor=None,
        )
    else:
        slug = org_slug or (user.organisation.slug if user.organisation else None)
        organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == slug))
        if organisation is None:
            fail("this role needs --org with an existing organisation's slug")
        place_person(user, organisation, role=OrgRole(role).value, actor=None)
    db.session.commit()
    click.echo(f"{user.email} is now {role}.")
