"""The load test's cast, added to a generated data set: accounts with known passwords and
known TOTP secrets, and the statements each of them works on.

    SECRET_KEY=... python bench/loadtest/accounts.py --database URL --out accounts.json

The generator's people were invited and never signed in (no password, no second factor), so
nobody could sign in as them. Every Locust user needs an account of its own: a TOTP code is
accepted once per 30-second step and account, so two users sharing an account would refuse
each other's sign-in. The secrets are sealed with SECRET_KEY, as the app stores them, so the
server must run with the same SECRET_KEY.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PASSWORD = "Kestrel-orbit-ledger-2026"  # noqa: S105 - a throw-away data set's shared password
DOMAIN = "loadtest.example"
# Accounts per role: more than Locust starts of each class, so each user has its own.
ORGANISATIONS = 8  # each gets a staff member and an org admin
COORDINATORS = 8


def totp_secret(email: str) -> str:
    """Deterministic per account: a run can be repeated and a failure reproduced by hand."""
    digest = hashlib.sha256(f"consortium loadtest {email}".encode()).digest()
    return base64.b32encode(digest[:20]).decode()


def add_accounts(url: str) -> dict[str, Any]:
    os.environ.setdefault("CONSORTIUM_ENV", "development")
    os.environ.pop("CONSORTIUM_BENCH", None)
    from sqlalchemy import or_, select

    from consortium import create_app
    from consortium.auth.models import User
    from consortium.auth.passwords import hash_password
    from consortium.auth.totp_secrets import seal
    from consortium.db import db, utcnow
    from consortium.organisations.models import Organisation
    from consortium.statements.models import Statement, StatementInvitation
    from consortium.statements.vocab import EDITABLE, SIGNABLE, StatementState

    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": os.environ["SECRET_KEY"]}
    app = create_app(config)
    accounts: dict[str, list[dict[str, Any]]] = {
        "staff": [], "org_admin": [], "coordinator": [], "member": [],
    }  # fmt: skip
    with app.app_context():
        password_hash = hash_password(PASSWORD)  # one hash: argon2 costs ~0.1 s each
        now = utcnow()
        organisations = list(
            db.session.scalars(select(Organisation).order_by(Organisation.id).limit(ORGANISATIONS))
        )

        def person(email: str, name: str, **fields: Any) -> dict[str, Any]:
            secret = totp_secret(email) if fields.pop("second_factor", False) else None
            user = User(
                email=email,
                name=name,
                language="en",
                grammatical_gender="",
                password_hash=password_hash,
                password_changed_at=now,
                totp_secret=seal(secret) if secret else None,
                second_factor_at=now if secret else None,
                is_active_account=True,
                search_key=email,
                **fields,
            )
            db.session.add(user)
            db.session.flush()
            return {"id": user.id, "email": email, "password": PASSWORD, "totp": secret}

        for number, organisation in enumerate(organisations, 1):
            editable = db.session.scalars(
                select(Statement.slug).where(
                    Statement.organisation_id == organisation.id,
                    Statement.state.in_([s.value for s in EDITABLE | {StatementState.IN_REVIEW}]),
                )
            ).all()
            invited = select(StatementInvitation.statement_id).where(
                StatementInvitation.organisation_id == organisation.id
            )
            signable = db.session.scalars(
                select(Statement.slug).where(
                    Statement.state.in_([s.value for s in SIGNABLE]),
                    or_(Statement.organisation_id == organisation.id, Statement.id.in_(invited)),
                )
            ).all()
            staff = person(
                f"lt-staff-{number}@{DOMAIN}", f"Load Staff {number}",
                organisation_id=organisation.id, org_role="staff",
            )  # fmt: skip
            staff["statements"] = sorted(editable)
            accounts["staff"].append(staff)
            admin = person(
                f"lt-admin-{number}@{DOMAIN}", f"Load Admin {number}",
                organisation_id=organisation.id, org_role="org_admin", second_factor=True,
            )  # fmt: skip
            admin["statements"] = sorted(signable)
            accounts["org_admin"].append(admin)
            member = person(
                f"lt-member-{number}@{DOMAIN}", f"Load Member {number}",
                organisation_id=organisation.id, org_role="member",
            )  # fmt: skip
            accounts["member"].append(member)
        in_review = db.session.scalars(
            select(Statement.slug).where(
                Statement.state.in_([s.value for s in EDITABLE | {StatementState.IN_REVIEW}])
            )
        ).all()
        for number in range(1, COORDINATORS + 1):
            coordinator = person(
                f"lt-coordinator-{number}@{DOMAIN}", f"Load Coordinator {number}",
                is_coordinator=True, second_factor=True,
            )  # fmt: skip
            # Every statement that may come into review: the staff submit drafts during the run.
            coordinator["statements"] = sorted(in_review)
            accounts["coordinator"].append(coordinator)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return accounts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    accounts = add_accounts(args.database)
    args.out.write_text(json.dumps(accounts, indent=1) + "\n")
    print({role: len(people) for role, people in accounts.items()})


if __name__ == "__main__":
    main()
