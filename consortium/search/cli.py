"""`flask search rebuild`: write every domain's search index documents again."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from consortium.core.registry import search_kinds
from consortium.core.transaction import transactional

search = AppGroup("search", help="The site-wide search index.")


@search.command("rebuild")
@transactional
def rebuild_command() -> None:
    """Rewrite the search documents of every kind (after a restore, or a wiped index)."""
    total = 0
    for kind in search_kinds():
        count = kind.reindex()
        total += count
        click.echo(f"{kind.kind}: {count}")
    click.echo(f"indexed {total}")
