"""Role titles and greetings agree with the person: feminine, masculine, or not stated.

English reads the same in every form, so most tests mark each message with the context
it was looked up in (`marked`): "[role, feminine] Coordinator". They check which form is
asked for whom, in every place a person's role is shown. One test reads the Serbian
catalog; it is skipped until the translator pass adds the role nouns.
"""

from __future__ import annotations

import re

import flask_babel
import pytest
from bs4 import BeautifulSoup

from consortium.audit.services import record
from consortium.auth import services as accounts
from consortium.auth.actions import UserAction
from consortium.auth.models import User
from consortium.auth.schemas import AccountProfile, NewAccount
from consortium.core.actors import SYSTEM
from consortium.core.errors import DomainError
from consortium.core.roles import (
    GrammaticalGender,
    OrgRole,
    greeting,
    person_role_title,
    person_role_titles,
    role_title,
)
from consortium.db import db
from consortium.demo import data as demo
from consortium.mail.models import OutboxMessage
from tests import factories
from tests.conftest import PASSWORD

NEW_PASSWORD = "kamen-voda-vjetar-2026"
FORMS = {"woman": "feminine", "man": "masculine", "neutral": ""}
CONTEXT = {"woman": "feminine", "man": "masculine", "neutral": "not stated"}


@pytest.fixture
def marked(monkeypatch):
    """Every pgettext answers with its context in front: "[role, feminine] Member"."""

    def pgettext(self, context, string, **variables):
        return f"[{context}] " + (string % variables if variables else string)

    monkeypatch.setattr(flask_babel.Domain, "pgettext", pgettext)


@pytest.fixture
def people(org):
    """A woman, a man and someone who did not say, all in the organisation."""
    return {
        "woman": factories.UserFactory(
            name="Vesna Staff", organisation=org, org_role="staff", grammatical_gender="feminine"
        ),
        "man": factories.UserFactory(
            name="Marko Member", organisation=org, org_role="member", grammatical_gender="masculine"
        ),
        "neutral": factories.UserFactory(
            name="Sasha Member", organisation=org, org_role="member", grammatical_gender=""
        ),
    }


def _page(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _text(response) -> str:
    return " ".join(_page(response).get_text(" ").split())


def _mail_to(address: str) -> OutboxMessage:
    return db.session.scalar(
        db.select(OutboxMessage)
        .where(OutboxMessage.to_address == address)
        .order_by(OutboxMessage.id.desc())
    )


# --- The mechanism --------------------------------------------------------------------------


def test_the_dictionary_title_is_kept_where_a_role_is_chosen(app, marked):
    assert role_title("coordinator") == "Coordinator"
    assert role_title("staff") == OrgRole.STAFF.title == "Staff"


@pytest.mark.parametrize(
    ("form", "context"),
    [("feminine", "feminine"), ("masculine", "masculine"), ("", "not stated")],
)
def test_each_form_asks_for_its_own_message(app, marked, form, context):
    for code, english in [
        ("member", "Member"),
        ("staff", "Staff"),
        ("org_admin", "Organisation admin"),
        ("coordinator", "Coordinator"),
        ("admin", "Administrator"),
    ]:
        assert role_title(code, form) == f"[role, {context}] {english}"


def test_an_unknown_form_reads_as_not_stated_and_an_unknown_role_as_stored(app, marked):
    assert role_title("member", "plural") == "[role, not stated] Member"
    assert role_title("chair", "feminine") == "chair"
    assert role_title(None, "feminine") == ""


def test_english_reads_the_same_in_every_form(app):
    for form in GrammaticalGender:
        assert role_title("org_admin", form.value) == "Organisation admin"
        assert role_title("coordinator", form.value) == "Coordinator"


@pytest.mark.parametrize("who", ["woman", "man", "neutral"])
def test_a_persons_roles_and_greeting_follow_their_choice(app, marked, people, who):
    person = people[who]
    person.is_coordinator = True
    role = {"woman": "Staff", "man": "Member", "neutral": "Member"}[who]
    assert person_role_title(person) == f"[role, {CONTEXT[who]}] {role}"
    assert person_role_titles(person) == [
        f"[role, {CONTEXT[who]}] {role}",
        f"[role, {CONTEXT[who]}] Coordinator",
    ]
    assert person_role_titles(person, organisation=False) == [f"[role, {CONTEXT[who]}] Coordinator"]
    assert greeting(person) == f"[greeting, {CONTEXT[who]}] Hello {person.name},"


def test_someone_in_no_organisation_has_no_organisation_role(app, marked, loner):
    assert person_role_title(loner) == ""
    assert person_role_titles(loner) == []


# --- Where a person's role is shown ---------------------------------------------------------


def test_the_organisation_profile_lists_each_person_in_their_form(client_as, marked, org, people):
    text = _text(client_as(people["neutral"]).get(f"/en/organisations/{org.slug}"))
    assert "Vesna Staff · [role, feminine] Staff" in text
    assert "Marko Member · [role, masculine] Member" in text
    assert "Sasha Member · [role, not stated] Member" in text


def test_the_people_page_names_roles_in_each_form(client_as, marked, org, org_admin, people):
    org_admin.grammatical_gender = "feminine"
    people["woman"].is_coordinator = True  # not the org admin's to change: shown as text
    client = client_as(org_admin)
    client.post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": "new@example.org", "role": "staff", "language": "en"},
    )
    soup = _page(client.get(f"/en/organisations/{org.slug}/people"))
    cells = {
        tr.find("td").get_text(strip=True): " ".join(tr.find_all("td")[2].get_text(" ").split())
        for tr in soup.select("table tbody tr")
    }
    assert cells["Bruno Org-Admin"] == "[role, feminine] Organisation admin"
    assert cells["Vesna Staff"] == "[role, feminine] Staff · [role, feminine] Coordinator"
    # The invitee has not said yet: both forms.
    [invitation] = soup.select("section[aria-labelledby=open-heading] li")
    assert "new@example.org · [role, not stated] Staff ·" in " ".join(invitation.get_text().split())
    # The roles offered to grant are named in their dictionary form.
    offered = [o.get_text(strip=True) for o in soup.select("select[name=role]")[-1]("option")]
    assert offered == ["Member", "Staff", "Organisation admin"]


@pytest.mark.parametrize("who", ["woman", "man", "neutral"])
def test_the_dashboard_and_the_account_page_use_the_persons_form(client_as, marked, people, who):
    person = people[who]
    client = client_as(person)
    role = {"woman": "Staff", "man": "Member", "neutral": "Member"}[who]
    assert f"Your role: [role, {CONTEXT[who]}] {role}" in _text(client.get("/en/"))
    assert f"· [role, {CONTEXT[who]}] {role}" in _text(client.get("/en/account"))


@pytest.mark.parametrize("form", ["feminine", "masculine", ""])
def test_a_coordinator_sees_their_role_on_the_dashboard(client_as, marked, coordinator, form):
    coordinator.grammatical_gender = form
    context = form or "not stated"
    client = client_as(coordinator)
    assert f"Your role: [role, {context}] Coordinator" in _text(client.get("/en/"))
    assert f"Role [role, {context}] Coordinator" in _text(client.get("/en/account"))


def test_the_admin_list_names_everyone_in_their_form(client_as, marked, admin, people):
    people["man"].is_admin = True
    text = _text(client_as(admin).get("/en/admin/users"))
    assert "[role, feminine] Staff" in text
    assert "[role, masculine] Member · [role, masculine] Administrator" in text
    assert "[role, not stated] Member" in text


def test_the_audit_log_names_roles_in_the_holders_form(client_as, marked, org, coordinator, people):
    for who in ("woman", "man", "neutral"):
        record(
            UserAction.CONSORTIUM_ROLES_CHANGED,
            actor=SYSTEM,
            obj=people[who],
            before={"coordinator": False},
            after={"coordinator": True},
        )
    record(UserAction.CREATED, actor=SYSTEM, obj=people["woman"], role="staff")
    text = _text(client_as(coordinator).get("/en/audit/"))
    for who in ("woman", "man", "neutral"):
        assert f"Role: — → [role, {CONTEXT[who]}] Coordinator" in text
    assert "Role: [role, feminine] Staff" in text


def test_the_audit_log_names_an_invitees_role_in_both_forms_until_they_accept(
    client_as, marked, org, org_admin
):
    client_as(org_admin).post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": "new@example.org", "role": "staff", "language": "en"},
    )
    path = _invitation_path("new@example.org")
    _accept(path, grammatical_gender="feminine")
    text = _text(client_as(org_admin).get("/en/audit/"))
    assert text.count("Role: [role, not stated] Staff") == 1, "sent: nobody known yet"
    assert text.count("Role: [role, feminine] Staff") == 1, "accepted: the newcomer's form"


def test_a_role_change_in_the_log_reads_in_the_persons_form(
    client_as, marked, org, org_admin, people
):
    client = client_as(org_admin)
    client.post(
        f"/en/organisations/{org.slug}/people/{people['man'].id}/role", data={"role": "staff"}
    )
    assert "Role: [role, masculine] Member → [role, masculine] Staff" in _text(
        client.get("/en/audit/")
    )


# --- Invitations --------------------------------------------------------------------------


def _invitation_path(email: str) -> str:
    url = re.search(r"https?://\S+/invitation/\S+", _mail_to(email).body_text).group(0)
    return "/" + url.split("/", 3)[3]


def _accept(path: str, **extra: str):
    from flask import current_app

    data = {"name": "Nova Kolegica", "language": "en", "password": NEW_PASSWORD}
    response = current_app.test_client().post(path, data={**data, "confirm": NEW_PASSWORD, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def test_the_invitation_mail_names_the_role_in_both_forms(client_as, marked, org, org_admin):
    client_as(org_admin).post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": "new@example.org", "role": "org_admin", "language": "en"},
    )
    body = _mail_to("new@example.org").body_text
    assert "on Consortium as [role, not stated] Organisation admin." in body


def test_someone_invited_back_reads_the_role_in_their_own_form(
    client_as, marked, org, org_admin, loner
):
    loner.grammatical_gender = "feminine"
    client_as(org_admin).post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": loner.email, "role": "staff", "language": "en"},
    )
    assert "as [role, feminine] Staff." in _mail_to(loner.email).body_text


def test_the_invitation_page_offers_the_choice_as_labelled_radio_buttons(client_as, org, org_admin):
    client_as(org_admin).post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": "new@example.org", "role": "staff", "language": "en"},
    )
    soup = _page(client_as(None).get(_invitation_path("new@example.org"), follow_redirects=True))
    _assert_labelled_radios(soup)


@pytest.mark.parametrize("who", ["woman", "man", "neutral"])
def test_accepting_an_invitation_stores_the_choice(client_as, org, org_admin, who):
    client_as(org_admin).post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": "new@example.org", "role": "staff", "language": "en"},
    )
    _accept(_invitation_path("new@example.org"), grammatical_gender=FORMS[who])
    user = db.session.scalar(db.select(User).where(User.email == "new@example.org"))
    assert user.grammatical_gender == FORMS[who]


def test_accepting_without_a_choice_leaves_it_not_stated(client_as, org, org_admin):
    client_as(org_admin).post(
        f"/en/organisations/{org.slug}/people/invite",
        data={"email": "new@example.org", "role": "staff", "language": "en"},
    )
    _accept(_invitation_path("new@example.org"))
    user = db.session.scalar(db.select(User).where(User.email == "new@example.org"))
    assert user.grammatical_gender == ""


# --- The account setting --------------------------------------------------------------------


def _assert_labelled_radios(soup: BeautifulSoup) -> None:
    fieldset = soup.find("fieldset", id="grammatical_gender")
    assert fieldset.legend.get_text(strip=True) == "How the interface refers to you"
    radios = fieldset.select("input[type=radio][name=grammatical_gender]")
    assert [r["value"] for r in radios] == ["feminine", "masculine", ""]
    labels = [fieldset.find("label", attrs={"for": r["id"]}).get_text(strip=True) for r in radios]
    assert labels == ["Feminine", "Masculine", "Not stated (both forms)"]
    assert not soup.select("form script"), "no JavaScript"


def test_the_account_page_offers_the_choice_with_the_current_one_checked(client_as, people):
    soup = _page(client_as(people["man"]).get("/en/account"))
    _assert_labelled_radios(soup)
    assert soup.select_one("input[name=grammatical_gender][checked]")["value"] == "masculine"


@pytest.mark.parametrize("choice", ["feminine", "masculine", ""])
def test_the_account_setting_stores_the_choice(client_as, member, choice):
    member.grammatical_gender = "masculine" if choice != "masculine" else "feminine"
    response = client_as(member).post(
        "/en/account", data={"name": member.name, "language": "en", "grammatical_gender": choice}
    )
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.grammatical_gender == choice


def test_a_profile_sent_without_the_choice_keeps_it(client_as, member):
    member.grammatical_gender = "feminine"
    response = client_as(member).post("/en/account", data={"name": "Dara M.", "language": "en"})
    assert response.status_code == 302
    db.session.refresh(member)
    assert (member.name, member.grammatical_gender) == ("Dara M.", "feminine")


def test_an_unknown_choice_is_a_form_error(client_as, member):
    response = client_as(member).post(
        "/en/account", data={"name": "X", "language": "en", "grammatical_gender": "plural"}
    )
    assert response.status_code == 200
    db.session.refresh(member)
    assert (member.name, member.grammatical_gender) == ("Dara Member", "")


def test_the_service_refuses_an_unknown_choice(app, member):
    with pytest.raises(DomainError):
        accounts.update_profile(
            member,
            AccountProfile(name="X", language="en", grammatical_gender="plural"),
            actor=member,
        )
    accounts.update_profile(
        member, AccountProfile(name="X", language="en", grammatical_gender="feminine"), actor=member
    )
    assert member.grammatical_gender == "feminine"


# --- Mails ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["woman", "man", "neutral"])
def test_mails_greet_the_person_in_their_form(client_as, marked, people, who):
    person = people[who]
    client_as(None).post("/en/forgot-password", data={"email": person.email})
    body = _mail_to(person.email).body_text
    assert body.startswith(f"[greeting, {CONTEXT[who]}] Hello {person.name},")


def test_the_greeting_reads_hello_in_english(client_as, people):
    client_as(people["woman"]).post(
        "/en/account/password",
        data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert _mail_to(people["woman"].email).body_text.startswith("Hello Vesna Staff,")


# --- Demo people and operators' accounts ---------------------------------------------------


def test_every_demo_person_carries_a_form():
    assert all(p["grammatical_gender"] in {"feminine", "masculine"} for p in demo.PEOPLE)
    by_email = {p["email"]: p["grammatical_gender"] for p in demo.PEOPLE}
    assert by_email["koordinatorka@consortium.example"] == "feminine"


def test_created_accounts_store_the_form(app):
    user = accounts.create_user(
        NewAccount(
            "jovana@example.org",
            "Jovana Radović",
            "coordinator",
            "sunce-nad-morem-2026",
            grammatical_gender="feminine",
        ),
        actor=SYSTEM,
    )
    assert user.grammatical_gender == "feminine"


# --- Serbian ------------------------------------------------------------------------------


def test_serbian_shows_koordinatorka_koordinator_and_both_forms(client_as, coordinator):
    expected = {"feminine": "Koordinatorka", "masculine": "Koordinator", "": "Koordinator/ka"}
    for form, title in expected.items():
        coordinator.grammatical_gender = form
        text = _text(client_as(coordinator, lang="sr-latn").get("/sr-latn/"))
        assert f"Vaša uloga: {title}" in text, form


# Each language's title of the coordinator for a woman, a man and someone who did not say
# (GLOSSARY.md, Role nouns): shown on the account page of such a person.
COORDINATOR_TITLES = {
    "sq": ("Koordinatorja", "Koordinatori", "Koordinatori/ja"),
    "sr-latn": ("Koordinatorka", "Koordinator", "Koordinator/ka"),
    "sr-cyrl": ("Координаторка", "Координатор", "Координатор/ка"),
    "mk": ("Координаторка", "Координатор", "Координатор/ка"),
    "bs": ("Koordinatorica", "Koordinator", "Koordinator/ica"),
    "hr": ("Koordinatorica", "Koordinator", "Koordinator/ica"),
    "cnr": ("Koordinatorka", "Koordinator", "Koordinator/ka"),
}


@pytest.mark.parametrize("lang", sorted(COORDINATOR_TITLES))
def test_every_language_names_the_role_in_the_persons_form(app, lang):
    from consortium.core.roles import role_title
    from consortium.i18n import in_language

    with app.test_request_context("/"), in_language(lang):
        shown = tuple(role_title("coordinator", form) for form in ("feminine", "masculine", ""))
    assert shown == COORDINATOR_TITLES[lang]
    assert len(set(shown)) == 3  # three forms, never one string for all
