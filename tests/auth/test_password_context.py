"""Passwords that contain the platform's name, or a partner organisation's name, short name or
city, are refused like the common ones: after folding case, diacritics, script, look-alike
letters and digits standing for letters."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from consortium.auth import known_names, passwords, services
from consortium.auth.models import User
from consortium.auth.passwords import KNOWN_NAME, password_problems
from consortium.auth.schemas import NewAccount
from consortium.core.actors import SYSTEM
from consortium.core.errors import DomainError
from consortium.db import db
from tests.conftest import PASSWORD
from tests.factories import OrganisationFactory

STRONG = "zeleni-most-preko-drine-7"
MESSAGE = "contains the platform's name or a partner organisation's name or city"


@pytest.mark.parametrize(
    "password",
    [
        "moj konzorcijum ima dobre ljude",
        "Nas CONSORTIUM radi dobro",
        "idemo u konzorcij danas",
        "Konzorcium a mi u njemu",
        "Konsorciumi ka njerez te mire",
        "Конзорцијум ради добро свима",
        "Конзорциум и наша кафана",
        "Konzòrcijum radi dobro",  # a diacritic
        "k0nz0rc1jum radi dobro",  # digits for letters
        "С\u043ensortium radi dobro",  # Cyrillic "С" and "о" that look Latin
        "con-sor-tium radi dobro",  # split by punctuation
    ],
)
def test_the_platforms_name_is_refused_wherever_it_appears(password):
    assert password_problems(password) == [KNOWN_NAME]


@pytest.mark.parametrize(
    "password", ["moja bezbednost ima dobre ljude", "tri-plave-lipe-na-obali", STRONG]
)
def test_passwords_without_a_known_name_are_accepted(password):
    """The positive control for the rule above."""
    assert password_problems(password) == []


@pytest.fixture
def partner():
    return OrganisationFactory(
        slug="vidik",
        name="Centar Vidik",
        short_name="CEMIT",
        city="Kragujevac",
        name_translations={"sr": "Центар Видик"},
    )


@pytest.mark.parametrize(
    "password",
    [
        "centarvidik-i-mi-smo-tu",  # the name, its words run together
        "CENTAR VIDIK zauvek 2026",
        "Центар Видик заувек наш",  # its translation
        "cemit-je-moja-kuca",  # the short name
        "kragujevac je lep grad",  # the city
        "Крагујевац је леп град",  # the city, in the other script
    ],
)
def test_a_partners_name_short_name_or_city_is_refused(app, partner, password):
    assert KNOWN_NAME in password_problems(password, known_names=known_names.partner_names())


def test_the_same_passwords_are_accepted_when_no_partner_has_those_names(app):
    """The positive control: it is the partner's names, not the words, that are refused."""
    OrganisationFactory(name="Nešto Drugo", city="Valjevo")
    for password in ("centarvidik-i-mi-smo-tu", "cemit-je-moja-kuca", "kragujevac je lep grad"):
        assert password_problems(password, known_names=known_names.partner_names()) == []


def test_names_shorter_than_four_letters_are_ignored(app):
    OrganisationFactory(name="Centar", short_name="ЦОД", city="Niš")
    names = known_names.partner_names()
    assert password_problems("nisam ja kod ribe bio", known_names=names) == []
    assert KNOWN_NAME in password_problems("centar grada je daleko", known_names=names)


def test_the_change_password_form_refuses_a_partners_city_with_its_message(
    client_as, member, partner
):
    browser = client_as(member)
    old_hash = member.password_hash
    weak = "Kragujevac-zimi-2026"
    response = browser.post(
        "/en/account/password", data={"current": PASSWORD, "password": weak, "confirm": weak}
    )
    assert response.status_code == 400
    error = BeautifulSoup(response.data, "html.parser").select_one("#password-error")
    assert MESSAGE in error.get_text(" ", strip=True)
    db.session.refresh(member)
    assert member.password_hash == old_hash
    accepted = browser.post(
        "/en/account/password", data={"current": PASSWORD, "password": STRONG, "confirm": STRONG}
    )
    assert accepted.status_code == 302
    db.session.refresh(member)
    assert passwords.verify_password(member.password_hash, STRONG)


def test_operators_cannot_create_an_account_with_the_platforms_name_in_its_password(app):
    account = NewAccount(
        email="nova@example.org",
        name="Nova",
        role="coordinator",
        password="Nas konzorcijum je dom!",
    )
    with pytest.raises(DomainError, match="platform's name"):
        services.create_user(account, actor=SYSTEM)
    assert db.session.scalar(db.select(User).where(User.email == "nova@example.org")) is None
    services.create_user(
        NewAccount(email="nova@example.org", name="Nova", role="coordinator", password=STRONG),
        actor=SYSTEM,
    )
    assert db.session.scalar(db.select(User).where(User.email == "nova@example.org")) is not None


def test_partner_names_are_read_once_a_request_and_again_in_the_next(app, count_queries):
    organisation = OrganisationFactory(name="Centar Vidik", city="Kragujevac")
    db.session.commit()
    with app.app_context():  # one request
        with count_queries() as statements:
            first = known_names.partner_names()
            assert known_names.partner_names() is first
        assert len(statements) == 1
        assert password_problems("valjevo-zimi-2026", known_names=first) == []
    organisation.city = "Valjevo"  # the organisation moves
    db.session.commit()
    with app.app_context():  # the next request sees it
        names = known_names.partner_names()
        assert "Valjevo" in names and "Kragujevac" not in names
        assert KNOWN_NAME in password_problems("valjevo-zimi-2026", known_names=names)
