"""`flask statements publish-due`: the worker's pass for scheduled publications (cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from consortium.core.actors import SYSTEM
from consortium.core.transaction import transactional
from consortium.statements import workflow

statements = AppGroup("statements", help="Joint statements.")


@statements.command("publish-due")
@transactional
def publish_due_command() -> None:
    """Publish the approved statements whose scheduled time has come."""
    count = workflow.publish_due(actor=SYSTEM)
    click.echo(f"published {count}")
