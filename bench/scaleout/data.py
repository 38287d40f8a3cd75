"""The drill's own accounts, tokens, mails and SQL, written and read with the app's services
(in this process, against the drill's private PostgreSQL)."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from typing import Any


class Data:
    """The drill's own accounts, tokens and mails, written with the app's services."""

    def __init__(self, url: str) -> None:
        from consortium import create_app

        self.app = create_app({"SQLALCHEMY_DATABASE_URI": url, "MAIL_DEV_MAILBOX": False})

    def people(self, organisation: str, writers: int) -> dict[str, Any]:
        from consortium.core.actors import SYSTEM
        from consortium.db import db
        from consortium.organisations.services import get_by_slug
        from consortium.tokens import services as tokens

        made: dict[str, Any] = {"tokens": []}
        with self.app.app_context():
            org = get_by_slug(organisation)
            for role in ("session", "limit", "writer"):
                email = f"drill-{role}@scaleout.example"
                user, password = self._account(email, f"Drill {role}", org)
                made[role] = {"email": email, "password": password}
                if role == "writer":
                    for n in range(writers):
                        _, secret = tokens.create(
                            user, name=f"drill {n}", scope="write", expires_days=1, actor=SYSTEM
                        )
                        made["tokens"].append(secret)
            db.session.commit()
        return made

    @staticmethod
    def _account(email: str, name: str, organisation: Any) -> tuple[Any, str]:
        from consortium.auth import services as accounts
        from consortium.auth.schemas import NewAccount
        from consortium.core.actors import SYSTEM
        from consortium.core.errors import DomainError

        # A random password can still contain a partner's city ("Bar"), which the strength
        # rules refuse: draw again.
        for _ in range(10):
            password = secrets.token_urlsafe(18)
            new = NewAccount(email=email, name=name, role="staff", password=password)
            try:
                return accounts.create_user(new, organisation=organisation, actor=SYSTEM), password
            except DomainError:
                continue
        raise SystemExit("no random password passed the strength rules in 10 draws")

    def queue_mails(self, count: int) -> list[int]:
        from consortium.db import db
        from consortium.mail.models import OutboxMessage

        with self.app.app_context():
            rows = [
                OutboxMessage(
                    kind="scaleout",
                    to_address=f"reader{n}@scaleout.example",
                    language="en",
                    subject=f"Drill mail {n}",
                    body_text=f"Mail {n} of {count}.",
                )
                for n in range(count)
            ]
            db.session.add_all(rows)
            db.session.commit()
            return [row.id for row in rows]

    @contextlib.contextmanager
    def writes_held(self) -> Iterator[Callable[[str], int]]:
        """Hold every new statement before its INSERT; yields a function counting the
        requests from one host's address that wait on it."""
        from sqlalchemy import text

        from consortium.db import db

        with self.app.app_context():
            engine = db.engine
        holder = engine.connect()
        holder.execute(text("LOCK TABLE statements IN EXCLUSIVE MODE"))

        def waiting_from(address: str) -> int:
            with engine.connect() as connection:
                return int(
                    connection.execute(
                        text(
                            "SELECT count(*) FROM pg_stat_activity "
                            "WHERE wait_event_type = 'Lock' AND client_addr = CAST(:a AS inet)"
                        ),
                        {"a": address},
                    ).scalar_one()
                )

        try:
            yield waiting_from
        finally:
            holder.rollback()
            holder.close()

    def close(self) -> None:
        """The drill's own connections go before the database does (a clean stop)."""
        from consortium.db import db

        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def scalar(self, sql: str, **params: Any) -> Any:
        return self.rows(sql, **params)[0][0]

    def rows(self, sql: str, **params: Any) -> list[Any]:
        from sqlalchemy import text

        from consortium.db import db

        with self.app.app_context():
            result = db.session.execute(text(sql), params).all()
            db.session.rollback()
            return list(result)
