"""Accounts built the way `auth.services` builds them (search key, hashed password)."""

from __future__ import annotations

from functools import cache

import factory

from consortium.auth import passwords, totp_secrets
from consortium.auth.models import User
from consortium.db import utcnow
from consortium.i18n.text import search_key
from tests.base_factory import Base

TEST_PASSWORD = "tri-plave-lipe-na-obali"  # passes the password policy
# Coordinators and admins must have a second factor: the factory enrols them with this
# secret, and `client_as` types the current code (tests/conftest.py).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _enrolled(person) -> bool:
    return bool(person.is_coordinator or person.is_admin)


@cache
def test_password_hash() -> str:
    """One cheap hash for every factory-made person: any hasher verifies it."""
    return passwords.hash_password(TEST_PASSWORD, passwords.make_hasher(fast=True))


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    language = "en"
    password_hash = factory.LazyFunction(test_password_hash)
    organisation = None
    org_role = None
    search_key = factory.LazyAttribute(lambda o: search_key(o.name, o.email))
    is_coordinator = False
    is_admin = False
    # Given in clear (`totp_secret=...`, or TEST_TOTP_SECRET by default), stored sealed as
    # `second_factor.enable` stores it.
    totp_secret = factory.Transformer(
        factory.LazyAttribute(lambda o: TEST_TOTP_SECRET if _enrolled(o) else None),
        transform=lambda secret: totp_secrets.seal(secret) if secret else None,
    )
    second_factor_at = factory.LazyAttribute(lambda o: utcnow() if _enrolled(o) else None)
