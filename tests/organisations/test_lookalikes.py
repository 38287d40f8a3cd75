"""Look-alike names: a word mixing scripts is refused, and so is a second partner whose name
folds to the same letters as an existing one."""

from __future__ import annotations

import pytest

from consortium.core.errors import DomainError
from consortium.core.text import mixes_scripts
from consortium.db import db
from consortium.organisations import services
from consortium.organisations.models import Organisation
from consortium.organisations.schemas import NewOrganisation, OrganisationProfile


@pytest.mark.parametrize(
    ("text", "mixed"),
    [
        ("Kosova", False),
        ("Косово", False),
        ("Centar za mir — Центар за мир", False),  # two scripts, each word in one
        ("Kоsova", True),  # Cyrillic о inside a Latin word
        ("Цeнтар", True),  # Latin e inside a Cyrillic word
        ("Qendra 2024", False),
    ],
)
def test_a_word_mixing_scripts_is_told_apart(text, mixed):
    assert mixes_scripts(text) is mixed


def test_a_look_alike_name_is_refused_and_nothing_is_written(app, coordinator):
    with pytest.raises(services.MixedScripts):
        services.create_organisation(
            NewOrganisation(slug="fake", name="Qendra Kоsovare", country="XK"), actor=coordinator
        )
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 0


def test_a_second_partner_with_the_same_folded_name_is_refused(app, coordinator):
    services.create_organisation(
        NewOrganisation(slug="centar", name="Centar za mir", country="RS"), actor=coordinator
    )
    with pytest.raises(services.NameTaken):
        services.create_organisation(
            NewOrganisation(slug="centar-2", name="Центар за мир", country="RS"),
            actor=coordinator,
        )
    # The control: a different name goes through.
    services.create_organisation(
        NewOrganisation(slug="drugi", name="Centar za demokratiju", country="RS"),
        actor=coordinator,
    )
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 2


def test_an_organisation_keeps_its_own_name_when_edited(app, coordinator, org):
    services.update_profile(
        org,
        OrganisationProfile(name=org.name, country="XK", original_language="sq", city="Prizren"),
        seen_version=org.version,
        actor=coordinator,
    )
    assert org.city == "Prizren"
    assert isinstance(services.MixedScripts(), DomainError)
