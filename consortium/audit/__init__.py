"""The audit log: append-only rows of who did what, when, from where.

Bottom layer: it imports no domain. Domains register their action vocabularies through
`consortium.core.registry`; the log's page lives with the operators' pages (`admin`).
"""

from __future__ import annotations

from flask import Flask

from consortium.audit import policy
from consortium.core import registry


def init_app(app: Flask) -> None:
    from consortium.audit import personal_data
    from consortium.audit.cli import audit

    registry.add_policy(app, "audit", policy)
    app.cli.add_command(audit)
    registry.add_personal_data(app, personal_data.PART)
