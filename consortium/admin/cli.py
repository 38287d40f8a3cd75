"""`flask users create|set-role`: the operators' way to manage accounts."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from consortium.auth import services as accounts
from consortium.auth.models import find_user_by_email
from consortium.auth.schemas import NewAccount
from consortium.core.actors import SYSTEM
from consortium.core.cli import fail
from consortium.core.errors import DomainError
from consortium.core.roles import ROLE_CHOICES, ConsortiumRole, OrgRole
from consortium.core.transaction import transactional
from consortium.organisations import membership
from consortium.organisations.services import get_by_slug

users = AppGroup("users", help="Manage accounts.")


@users.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(ROLE_CHOICES))
@click.option("--org", "org_slug", default=None, help="The organisation's slug.")
@click.option("--language", default="en", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@transactional
def create_command(
    email: str, name: str, role: str, org_slug: str | None, language: str, password_stdin: bool
) -> None:
    """Create an account with a role (organisation roles need --org)."""
    if not password_stdin:
        fail("give the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    organisation = None
    if org_slug:
        organisation = get_by_slug(org_slug)
        if organisation is None:
            fail(f"no organisation with the slug {org_slug!r}")
    new = NewAccount(email=email, name=name, role=role, password=password, language=language)
    try:
        user = accounts.create_user(new, organisation=organisation, actor=SYSTEM)
    except DomainError as error:
        fail(error.message)
    click.echo(f"Created {user.email} ({role}).")


@users.command("set-role")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLE_CHOICES))
@click.option("--org", "org_slug", default=None)
@transactional
def set_role_command(email: str, role: str, org_slug: str | None) -> None:
    """Give an existing account a role (coordinator and admin are added to what it has)."""
    user = find_user_by_email(email)
    if user is None:
        fail(f"no account with the e-mail address {email!r}")
    if role in set(ConsortiumRole):
        accounts.set_consortium_roles(
            user,
            coordinator=user.is_coordinator or role == ConsortiumRole.COORDINATOR,
            admin=user.is_admin or role == ConsortiumRole.ADMIN,
            actor=SYSTEM,
        )
    else:
        slug = org_slug or (user.organisation.slug if user.organisation else None)
        organisation = get_by_slug(slug) if slug else None
        if organisation is None:
            fail("this role needs --org with an existing organisation's slug")
        try:
            membership.place_person(user, organisation, role=OrgRole(role).value, actor=SYSTEM)
        except DomainError as error:  # e.g. the last org admin of the organisation they leave
            fail(str(error.message))
    click.echo(f"{user.email} is now {role}.")
