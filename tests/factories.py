"""factory_boy factories bound to the Flask-SQLAlchemy session (flush, never commit)."""

from __future__ import annotations

import factory
from factory.alchemy import SQLAlchemyModelFactory

from consortium.auth import passwords
from consortium.auth.models import User
from consortium.db import db
from consortium.organisations.models import Organisation, ThematicArea

TEST_PASSWORD = "tri-plave-lipe-na-obali"


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class OrganisationFactory(Base):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    country = "RS"
    original_language = "en"
    description = factory.LazyFunction(dict)
    name_translations = factory.LazyFunction(dict)
    search_key = factory.LazyAttribute(lambda o: o.name.lower())


class AreaFactory(Base):
    class Meta:
        model = ThematicArea

    slug = factory.Sequence(lambda n: f"area-{n}")
    names = factory.LazyAttribute(
        lambda o: {
            c: f"{o.slug} ({c})"
            for c in ("en", "sq", "sr-latn", "sr-cyrl", "mk", "bs", "hr", "cnr")
        }
    )


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    language = "en"
    password_hash = factory.LazyFunction(lambda: passwords.hash_password(TEST_PASSWORD))
    organisation = None
    org_role = None
