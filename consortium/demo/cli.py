"""`flask seed-demo`: load the demo data and list the demo accounts."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from consortium.core.errors import DomainError
from consortium.core.transaction import transactional
from consortium.demo.seed import seed_demo

ROLE_LABELS = {
    "admin": "administrator",
    "coordinator": "coordinator",
    "org_admin": "organisation admin",
    "staff": "staff",
    "member": "member",
}


@click.command("seed-demo")
@click.option(
    "--allow-production", is_flag=True, help="Load accounts with a published password anyway."
)
@with_appcontext
@transactional
def seed_demo_command(allow_production: bool) -> None:
    """Load demo partners, people and thematic areas (safe to run again)."""
    if current_app.config.get("ENV_NAME") == "production" and not allow_production:
        raise click.UsageError(
            "refusing to load demo accounts with a published password in production "
            "(pass --allow-production for a throw-away demo server)"
        )
    try:
        report = seed_demo()
    except DomainError as error:
        raise click.ClickException(f"Demo data not loaded: {error.message}") from error

    if report.created_anything:
        counts = ", ".join(f"{n} {what}" for what, n in report.created().items())
        click.echo(f"Demo data loaded. Created: {counts}.")
    else:
        click.echo("The demo data was already loaded; nothing was changed.")

    click.echo()
    click.echo(f"Demo accounts. Every one signs in with the demo password: {report.password}")
    click.echo(
        "The administrator and the coordinator also need a code from an authenticator app: "
        f"add the key {report.totp_secret} to one (e.g. `oathtool --totp -b {report.totp_secret}`)."
    )
    click.echo("It is published: use these accounts only for trying the app, never in production.")
    click.echo()
    rows = [("E-mail", "Name", "Role", "Organisation")]
    rows += [
        (a.email, a.name, ROLE_LABELS.get(a.role, a.role), a.organisation or "—")
        for a in report.accounts
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo("  ".join([*cells, row[3]]))
