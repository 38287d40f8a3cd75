"""`flask audit forget-addresses`: the retention job for the audit log's IP addresses (cron,
daily)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from consortium.audit import services
from consortium.core.transaction import transactional

audit = AppGroup("audit", help="The audit log.")


@audit.command("forget-addresses")
@transactional
def forget_addresses_command() -> None:
    """Clear the IP addresses of events older than AUDIT_IP_RETENTION_DAYS."""
    days = int(current_app.config["AUDIT_IP_RETENTION_DAYS"])
    count = services.forget_old_addresses(older_than=timedelta(days=days))
    click.echo(f"cleared {count} addresses older than {days} days")
