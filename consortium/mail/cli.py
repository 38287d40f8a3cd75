"""`flask outbox send` (once) and `flask outbox work` (a loop) for the mail worker;
`flask outbox forget-sent` (cron, daily) for the retention period."""

from __future__ import annotations

import contextlib
import time
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import InterfaceError, OperationalError

from consortium.core.transaction import transactional
from consortium.db import db
from consortium.mail.services import forget_delivered, send_due

outbox = AppGroup("outbox", help="Send the e-mails waiting in the outbox.")


@outbox.command("send")
@click.option("--limit", default=100, show_default=True)
def send_command(limit: int) -> None:
    """Send what is due once, then exit."""
    sent, failed = send_due(limit=limit)
    click.echo(f"sent {sent}, failed {failed}")


@outbox.command("work")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between polls.")
@click.option("--once", is_flag=True, help="Stop after one pass (for cron and tests).")
def work_command(interval: float, once: bool) -> None:
    """Keep sending; several workers may run side by side. A database that goes away (a
    restart, a failover) pauses the worker, never ends it: it tries again each interval."""
    while True:
        try:
            sent, failed = send_due()
        except (OperationalError, InterfaceError) as error:
            _forget_connection()
            current_app.logger.warning("outbox: database unavailable, retrying: %s", error)
            click.echo(f"database unavailable, retrying in {interval:g} s", err=True)
            if once:
                raise SystemExit(1) from error
        else:
            if sent or failed:
                click.echo(f"sent {sent}, failed {failed}")
            if once:
                return
        time.sleep(interval)


def _forget_connection() -> None:
    # The connection is already gone; the pool replaces it on the next pass.
    with contextlib.suppress(Exception):
        db.session.rollback()


@outbox.command("forget-sent")
@transactional
def forget_sent_command() -> None:
    """Delete the e-mails sent (or given up on) more than MAIL_RETENTION_DAYS ago."""
    days = int(current_app.config["MAIL_RETENTION_DAYS"])
    count = forget_delivered(older_than=timedelta(days=days))
    click.echo(f"deleted {count} e-mails older than {days} days")
