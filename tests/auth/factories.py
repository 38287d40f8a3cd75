"""Accounts built the way `auth.services` builds them (search key, hashed password)."""

from __future__ import annotations

from functools import cache

import factory

from consortium.auth import passwords
from consortium.auth.models import User
from consortium.i18n.text import search_key
from tests.base_factory import Base

TEST_PASSWORD = "tri-plave-lipe-na-obali"  # passes the password policy


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
