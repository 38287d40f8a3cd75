"""Look-alike names and addresses: a person's name whose word mixes scripts is refused
wherever a name is set, addresses compare after NFKC and case folding, and an address that
can pass for another is refused at every form (signing in with one fails as a wrong password
does)."""

from __future__ import annotations

import re
import string

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from consortium.audit.models import AuditEvent
from consortium.auth import services
from consortium.auth.actions import AuthAction
from consortium.auth.models import AuthSession, User, email_key
from consortium.auth.schemas import AccountProfile, NewAccount
from consortium.core.actors import SYSTEM
from consortium.core.errors import DomainError
from consortium.core.text import lookalike_address
from consortium.db import db
from consortium.experts import contact
from consortium.experts import services as experts
from consortium.experts.models import Expert, ExpertInvitation
from consortium.experts.schemas import ContactInput, ExpertProfile
from consortium.mail.models import OutboxMessage
from consortium.organisations import membership
from consortium.organisations.models import Invitation
from consortium.organisations.schemas import InvitationRequest
from tests.conftest import PASSWORD
from tests.experts.factories import make_expert

STRONG = "zeleni-most-preko-drine-7"
MARKO_MIXED = "Mark\u043e Petrović"  # Latin "Mark" + a Cyrillic "о"
MIXED_MESSAGE = "Write each word in one script"
MEMBER_MIXED = "dar\u0430@example.org"  # dara@… with a Cyrillic "а"


def _error(response, field: str) -> str:
    found = BeautifulSoup(response.data, "html.parser").select_one(f"#{field}-error")
    return found.get_text(" ", strip=True) if found else ""


def _sessions(user) -> int:
    return db.session.scalar(
        db.select(db.func.count(AuthSession.id)).where(AuthSession.user_id == user.id)
    )


# --- Person names ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [MARKO_MIXED, "Ана Mаrković", "Jelena Марковић-Petrоvić"])
def test_a_name_mixing_scripts_within_a_word_is_refused(name):
    with pytest.raises(services.InvalidName, match=MIXED_MESSAGE):
        services.check_name(name)


@pytest.mark.parametrize(
    "name", ["Marko Petrović", "Марко Петровић", "Arbërie Krasniqi", "Đorđe Марковић", "O'Neill"]
)
def test_names_in_one_script_per_word_are_accepted(name):
    """The positive control: each word in one script, even when the words differ."""
    assert services.check_name(name) == name


def test_the_profile_form_refuses_a_mixed_name_and_keeps_the_old_one(client_as, member):
    browser = client_as(member)
    response = browser.post("/en/account", data={"name": MARKO_MIXED, "language": "en"})
    assert MIXED_MESSAGE in _error(response, "name")
    db.session.refresh(member)
    assert member.name == "Dara Member"
    saved = browser.post("/en/account", data={"name": "Марко Петровић", "language": "en"})
    assert saved.status_code == 302
    db.session.refresh(member)
    assert member.name == "Марко Петровић"


def test_operators_cannot_create_an_account_with_a_mixed_name(app):
    mixed = NewAccount(email="nova@example.org", name=MARKO_MIXED, role="admin", password=STRONG)
    with pytest.raises(services.InvalidName):
        services.create_user(mixed, actor=SYSTEM)
    assert db.session.scalar(db.select(User).where(User.email == "nova@example.org")) is None
    services.create_user(
        NewAccount(email="nova@example.org", name="Marko Petrović", role="admin", password=STRONG),
        actor=SYSTEM,
    )
    assert db.session.scalar(db.select(User.name).where(User.email == "nova@example.org")) == (
        "Marko Petrović"
    )


def test_updating_a_profile_through_the_service_refuses_a_mixed_name(member):
    with pytest.raises(services.InvalidName):
        services.update_profile(member, AccountProfile(MARKO_MIXED, "en"), actor=member)
    assert member.name == "Dara Member"


def _invitation_path(client, org) -> str:
    client.post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": "nova@example.org", "role": "staff", "language": "en"},
    )
    mail = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.to_address == "nova@example.org")
    )
    return "/" + re.search(r"https?://\S+/invitation/\S+", mail.body_text).group(0).split("/", 3)[3]


def test_accepting_an_invitation_with_a_mixed_name_is_refused(client_as, org, org_admin):
    path = _invitation_path(client_as(org_admin), org)
    newcomer = client_as(None)
    data = {"name": MARKO_MIXED, "language": "en", "password": STRONG, "confirm": STRONG}
    response = newcomer.post(path, data=data)
    assert MIXED_MESSAGE in _error(response, "name")
    assert db.session.scalar(db.select(User).where(User.email == "nova@example.org")) is None
    accepted = newcomer.post(path, data={**data, "name": "Marko Petrović"})
    assert accepted.status_code == 302
    joined = db.session.scalar(db.select(User).where(User.email == "nova@example.org"))
    assert joined.name == "Marko Petrović"


def _expert(name: str, **extra) -> ExpertProfile:
    return ExpertProfile(name=name, country="RS", original_language="sr-latn", **extra)


@pytest.mark.parametrize(
    "profile",
    [_expert(MARKO_MIXED), _expert("Marko Petrović", name_other_script="Маркo Петровић")],
)
def test_an_expert_name_mixing_scripts_is_refused(app, profile):
    with pytest.raises(DomainError, match=MIXED_MESSAGE):
        experts.create(profile, actor=SYSTEM)
    assert db.session.scalar(db.select(db.func.count(Expert.id))) == 0


def test_an_expert_named_in_each_script_is_accepted(app):
    expert = experts.create(
        _expert("Marko Petrović", name_other_script="Марко Петровић"), actor=SYSTEM
    )
    assert (expert.name, expert.name_other_script) == ("Marko Petrović", "Марко Петровић")


# --- Addresses -----------------------------------------------------------------------------------


@given(st.text(alphabet=string.printable))
def test_plain_ascii_addresses_keep_the_key_they_were_stored_with(address):
    """Stored addresses are lower-case ASCII: folding them anew changes none (no migration)."""
    assert email_key(address) == address.strip().lower()


def test_addresses_compare_after_nfkc_and_case_folding():
    assert email_key(" Dara@Example.ORG ") == "dara@example.org"
    assert email_key("ｄａｒａ@ｅｘａｍｐｌｅ.org") == "dara@example.org"  # full-width letters
    assert email_key("STRASSE@example.org") == email_key("straße@example.org")


@pytest.mark.parametrize(
    ("address", "passes_for_another"),
    [
        ("dara@example.org", False),
        ("ivana.petrović@example.rs", False),
        ("пример@пример.срб", False),  # wholly Cyrillic: an address like any other
        ("јован@пример.срб", False),
        ("ｄａｒａ@example.org", False),  # full-width: folded to plain letters first
        (MEMBER_MIXED, True),
        ("dara@ex\u0430mple.org", True),  # in the domain
        ("р\u0430у@example.org", True),  # Cyrillic letters that only look Latin: "pay"
        ("d\u0131ra@example.org", True),  # a dotless "ı"
    ],
)
def test_lookalike_addresses(address, passes_for_another):
    assert lookalike_address(address) is passes_for_another


def test_signing_in_with_another_spelling_of_the_address_works(client, member):
    full_width = "ｄａｒａ@example.org"
    response = client.post("/en/login", data={"email": full_width, "password": PASSWORD})
    assert response.status_code == 302
    assert _sessions(member) == 1


def test_signing_in_with_a_lookalike_address_fails_as_a_wrong_password_does(app, client, member):
    wrong = client.post("/en/login", data={"email": member.email, "password": "nije-ta-lozinka"})
    lookalike = client.post("/en/login", data={"email": MEMBER_MIXED, "password": PASSWORD})
    assert lookalike.status_code == wrong.status_code == 200
    assert _error(lookalike, "password") == _error(wrong, "password") != ""
    assert _sessions(member) == 0
    failures = db.session.scalar(
        db.select(db.func.count(AuditEvent.id)).where(
            AuditEvent.action == AuthAction.LOGIN_FAILED.value
        )
    )
    assert failures == 2
    # The positive control: the real address signs in.
    right = client.post("/en/login", data={"email": member.email, "password": PASSWORD})
    assert right.status_code == 302
    assert _sessions(member) == 1


def test_the_forgotten_password_form_refuses_a_lookalike_address(client, member):
    response = client.post("/en/forgot-password", data={"email": MEMBER_MIXED})
    assert "one alphabet" in _error(response, "email")
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0
    client.post("/en/forgot-password", data={"email": member.email})
    assert db.session.scalar(db.select(OutboxMessage.to_address)) == member.email


def test_the_invitation_form_refuses_a_lookalike_address(client_as, org, org_admin):
    admin = client_as(org_admin)
    invite = f"/en/organisations/{org.slug}/people/invite"
    data = {"email": "nov\u0430@example.org", "role": "staff", "language": "en"}
    response = admin.post(invite, data=data)
    assert "one alphabet" in _error(response, "email")
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0
    sent = admin.post(invite, data={**data, "email": "nova@example.org"})
    assert sent.status_code == 302
    assert db.session.scalar(db.select(Invitation.email)) == "nova@example.org"


def test_operators_cannot_create_an_account_with_a_lookalike_address(app):
    mixed = NewAccount(email="nov\u0430@example.org", name="Nova", role="admin", password=STRONG)
    with pytest.raises(DomainError, match="valid e-mail address"):
        services.create_user(mixed, actor=SYSTEM)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    plain = NewAccount(email=" Nova@Example.org", name="Nova", role="admin", password=STRONG)
    assert services.create_user(plain, actor=SYSTEM).email == "nova@example.org"


def test_an_experts_published_address_cannot_be_a_lookalike(app):
    contact = ContactInput("email", "m\u0430rko@example.org", "public")
    with pytest.raises(DomainError, match="valid e-mail address"):
        experts.create(_expert("Marko Petrović", contacts=(contact,)), actor=SYSTEM)
    plain = ContactInput("email", "marko@example.org", "public")
    assert experts.create(_expert("Marko Petrović", contacts=(plain,)), actor=SYSTEM).id


# The services repeat the forms' check: the API, the CLI and any later form reach the same
# refusal, and nothing is written or mailed for a look-alike.


@pytest.mark.parametrize("address", ["nov\u0430@example.org", "nova\x00@example.org"])
def test_the_invitation_service_refuses_a_lookalike_address(org, org_admin, address):
    request = InvitationRequest(email=address, role="staff", language="en")
    with pytest.raises(DomainError, match="valid e-mail address"):
        membership.invite(org, request, actor=org_admin)
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0
    plain = InvitationRequest(email=" Nova@Example.org", role="staff", language="en")
    assert membership.invite(org, plain, actor=org_admin).email == "nova@example.org"


@pytest.mark.parametrize("address", ["\u0430rben@example.org", "arben@example.org\n"])
def test_the_expert_claim_service_refuses_a_lookalike_address(org, address):
    expert = make_expert("Arben Krasniqi", organisation_id=org.id)
    with pytest.raises(DomainError, match="valid e-mail address"):
        contact.invite_to_claim(expert, address, language="sq", actor=SYSTEM)
    assert db.session.scalar(db.select(db.func.count(ExpertInvitation.id))) == 0
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0
    contact.invite_to_claim(expert, "Arben@Example.org", language="sq", actor=SYSTEM)
    assert db.session.scalar(db.select(ExpertInvitation.email)) == "arben@example.org"
