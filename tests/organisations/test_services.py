"""Organisation services: creating, editing, inviting, managing people and areas.

Services flush and never commit; a refused change must leave the database as it was.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import Forbidden

from consortium.audit.models import AuditEvent
from consortium.auth import services as auth_services
from consortium.auth.models import AuthSession, User
from consortium.auth.schemas import AccountProfile
from consortium.auth.tokens import digest, new_token
from consortium.core.actors import SYSTEM
from consortium.core.errors import Conflict, DomainError
from consortium.db import utcnow
from consortium.i18n import in_language
from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import fold
from consortium.mail.models import OutboxMessage
from consortium.organisations import membership, services
from consortium.organisations.models import Invitation, Organisation, ThematicArea
from tests import factories
from tests.organisations.calls import create, invite, save_area, update


def _count(db, model) -> int:
    db.session.flush()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _audit(db, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))


def _sign_in(db, user: User) -> AuthSession:
    """A live server-side session row, as a browser signing in leaves behind."""
    row = AuthSession(
        token_hash=digest(new_token()), user_id=user.id, expires_at=utcnow() + timedelta(hours=1)
    )
    db.session.add(row)
    db.session.flush()
    return row


def _sessions_of(db, user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count(AuthSession.id)).where(AuthSession.user_id == user.id)
    )


def _profile(**changes) -> dict:
    fields = {
        "name": "Qendra Kosovare për Studime të Sigurisë",
        "short_name": "QKSS",
        "country": "XK",
        "city": "Prishtinë",
        "website": "https://qkss.org",
        "original_language": "sq",
        "description": {"sq": "Një qendër kërkimore."},
        "areas": [],
    }
    return {**fields, **changes}


# --- create_organisation -------------------------------------------------------------------


def test_create_organisation(db, coordinator):
    area = factories.AreaFactory()
    organisation = create(
        slug="cpm-ns",
        name="  Centar za mir  ",
        country="rs",
        city="Novi Sad",
        original_language="sr-latn",
        description={"sr-latn": " O nama ", "en": "   ", "de": "Über uns"},
        areas=[area],
        actor=coordinator,
    )
    db.session.commit()

    stored = db.session.scalar(db.select(Organisation).where(Organisation.slug == "cpm-ns"))
    assert stored is organisation
    assert stored.name == "Centar za mir"
    assert stored.country == "RS"
    assert stored.description == {"sr-latn": "O nama"}
    assert stored.areas == [area]
    assert stored.version == 1
    assert [e.actor_id for e in _audit(db, "organisation.created")] == [coordinator.id]


@pytest.mark.parametrize(
    ("slug", "name", "country"),
    [
        ("Bad Slug", "Name", "RS"),
        ("bad_slug", "Name", "RS"),
        ("-leading", "Name", "RS"),
        ("trailing-", "Name", "RS"),
        ("double--hyphen", "Name", "RS"),
        ("x" * 81, "Name", "RS"),
        ("čačak", "Name", "RS"),
        ("good-slug", "", "RS"),
        ("good-slug", "   ", "RS"),
        ("good-slug", "Name", "DE"),
        ("good-slug", "Name", "XX"),
        ("good-slug", "Name", ""),
        ("good-slug", "Name", "SRB"),
    ],
)
def test_create_organisation_refuses_bad_input_and_writes_nothing(
    db, coordinator, slug, name, country
):
    before = {m: _count(db, m) for m in (Organisation, AuditEvent)}
    with pytest.raises(DomainError):
        create(slug=slug, name=name, country=country, actor=coordinator)
    assert {m: _count(db, m) for m in (Organisation, AuditEvent)} == before


def test_an_empty_short_address_is_made_from_the_name(db, coordinator):
    first = create(slug="", name="Центар за мир", country="RS", actor=coordinator)
    # Another partner (two cannot share a name) whose short name makes the same address.
    again = create(
        slug=" ",
        name="Centar za mir i razvoj",
        short_name="Centar za mir",
        country="RS",
        actor=coordinator,
    )
    assert (first.slug, again.slug) == ("centar-za-mir", "centar-za-mir-2")
    kosovo = create(
        slug="", name="Qendra për Sigurinë", short_name="QPS", country="XK", actor=coordinator
    )
    assert kosovo.slug == "qps"


def test_a_translation_older_than_its_original_is_marked(db, org, org_admin):
    update(
        org,
        actor=org_admin,
        seen_version=1,
        **_profile(description={"sq": "Origjinali.", "en": "The translation."}),
    )
    assert services.outdated_translations(org) == set()
    update(
        org,
        actor=org_admin,
        seen_version=2,
        **_profile(description={"sq": "Origjinali i ri.", "en": "The translation."}),
    )
    assert services.outdated_translations(org) == {"en"}
    update(
        org,
        actor=org_admin,
        seen_version=3,
        **_profile(description={"sq": "Origjinali i ri.", "en": "The new translation."}),
    )
    assert services.outdated_translations(org) == set()


def test_only_coordinators_set_partner_since(db, org, org_admin, coordinator):
    from datetime import date

    with pytest.raises(Forbidden):
        update(org, actor=org_admin, seen_version=1, **_profile(partner_since=date(2020, 1, 1)))
    assert not db.session.dirty, "refused before anything was written"
    update(org, actor=org_admin, seen_version=1, **_profile())  # None keeps the date
    update(org, actor=coordinator, seen_version=2, **_profile(partner_since=date(2020, 1, 1)))
    assert db.session.get(Organisation, org.id).partner_since == date(2020, 1, 1)


def test_create_organisation_refuses_an_unknown_original_language(db, coordinator):
    before = _count(db, Organisation)
    with pytest.raises(DomainError):
        create(slug="good", name="Name", country="RS", original_language="de", actor=coordinator)
    assert _count(db, Organisation) == before


def test_create_organisation_refuses_an_overlong_name(db, coordinator):
    before = _count(db, Organisation)
    with pytest.raises(DomainError):
        create(slug="long", name="N" * 201, country="RS", actor=coordinator)
    assert _count(db, Organisation) == before


def test_create_organisation_refuses_a_duplicate_slug(db, org, coordinator):
    before = _count(db, Organisation)
    with pytest.raises(DomainError):
        create(slug="qkss-demo", name="Another", country="AL", actor=coordinator)
    assert _count(db, Organisation) == before
    assert db.session.get(Organisation, org.id).name == "Qendra Kosovare"


@pytest.mark.parametrize("persona", ["member", "staff", "org_admin"])
def test_only_coordinators_create_organisations(request, db, persona):
    actor = request.getfixturevalue(persona)
    before = _count(db, Organisation)
    with pytest.raises(Forbidden):
        create(slug="new-org", name="New", country="AL", actor=actor)
    assert _count(db, Organisation) == before


def test_the_operators_cli_creates_without_an_actor(db):
    organisation = create(slug="new", name="New", country="AL", actor=SYSTEM)
    assert organisation.id is not None
    assert [e.actor_id for e in _audit(db, "organisation.created")] == [None]


# --- Search key ----------------------------------------------------------------------------


def test_search_key_is_script_and_diacritic_blind(db, coordinator):
    organisation = create(
        slug="bcbp",
        name="Beogradski centar za bezbednosnu politiku",
        city="Beograd",
        country="RS",
        actor=coordinator,
    )
    kosovo = create(
        slug="kcsf",
        name="Fondacioni i Shoqërisë Civile të Kosovës",
        city="Prishtinë",
        country="XK",
        actor=coordinator,
    )
    assert fold("Београд") in organisation.search_key
    assert fold("beogradski") in organisation.search_key
    assert "kosoves" in kosovo.search_key
    assert "prishtine" in kosovo.search_key
    assert kosovo.search_key == kosovo.search_key.lower()
    assert kosovo.search_key.isascii()


def test_search_key_follows_the_profile(db, org, org_admin):
    update(org, actor=org_admin, seen_version=1, **_profile(city="Ђаковица"))
    assert "djakovica" in org.search_key
    assert fold("Đakovica") in org.search_key


# --- update_profile ------------------------------------------------------------------------


def test_update_profile(db, org, org_admin):
    area = factories.AreaFactory()
    update(org, actor=org_admin, seen_version=1, **_profile(areas=[area]))
    db.session.commit()
    db.session.expire_all()

    stored = db.session.get(Organisation, org.id)
    assert stored.name == "Qendra Kosovare për Studime të Sigurisë"
    assert stored.short_name == "QKSS"
    assert stored.website == "https://qkss.org"
    assert stored.original_language == "sq"
    assert stored.areas == [area]
    assert stored.version == 2
    assert [e.actor_id for e in _audit(db, "organisation.updated")] == [org_admin.id]


def test_update_profile_drops_blank_descriptions(db, org, org_admin):
    description = {
        "sq": "Një qendër kërkimore.",
        "en": "",
        "sr-latn": "   ",
        "mk": "\n\t",
        "hr": " Istraživački centar. ",
        "xx": "not a language",
    }
    update(org, actor=org_admin, seen_version=1, **_profile(description=description))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).description == {
        "sq": "Një qendër kërkimore.",
        "hr": "Istraživački centar.",
    }


def test_two_editors_the_second_is_refused(db, org, org_admin, coordinator):
    """Both loaded version 1; the first saves; the second must not overwrite it."""
    seen_by_first = seen_by_second = org.version
    assert seen_by_first == 1

    update(org, actor=org_admin, seen_version=seen_by_first, **_profile(name="First editor"))
    db.session.commit()

    with pytest.raises(Conflict):
        update(
            org,
            actor=coordinator,
            seen_version=seen_by_second,
            **_profile(name="Second editor", city="Pejë", description={"en": "Overwritten"}),
        )
    db.session.rollback()
    db.session.expire_all()

    stored = db.session.get(Organisation, org.id)
    assert stored.name == "First editor"
    assert stored.city == "Prishtinë"
    assert stored.description == {"sq": "Një qendër kërkimore."}
    assert stored.version == 2
    assert len(_audit(db, "organisation.updated")) == 1


def test_a_fresh_version_saves_after_a_conflict(db, org, org_admin):
    update(org, actor=org_admin, seen_version=1, **_profile(name="One"))
    update(org, actor=org_admin, seen_version=2, **_profile(name="Two"))
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Organisation, org.id)
    assert (stored.name, stored.version) == ("Two", 3)


@pytest.mark.parametrize(
    "changes",
    [{"name": "  "}, {"country": "DE"}, {"original_language": "fr"}],
)
def test_update_profile_refuses_bad_input_and_changes_nothing(db, org, org_admin, changes):
    db.session.commit()
    with pytest.raises(DomainError):
        update(org, actor=org_admin, seen_version=1, **_profile(**changes))
    db.session.rollback()
    stored = db.session.get(Organisation, org.id)
    assert (stored.name, stored.country, stored.version) == ("Qendra Kosovare", "XK", 1)


def test_update_profile_of_another_organisation_is_forbidden(db, org, other_org_admin):
    db.session.commit()
    with pytest.raises(Forbidden):
        update(org, actor=other_org_admin, seen_version=1, **_profile())
    db.session.rollback()
    stored = db.session.get(Organisation, org.id)
    assert (stored.name, stored.version) == ("Qendra Kosovare", 1)


# --- invite --------------------------------------------------------------------------------


def test_invite(db, org, org_admin):
    invitation = invite(
        org, email="  New.Person@Example.ORG ", role="staff", language="sq", actor=org_admin
    )
    db.session.commit()

    assert invitation.email == "new.person@example.org"
    assert invitation.role == "staff"
    assert invitation.organisation_id == org.id
    assert invitation.invited_by_id == org_admin.id
    assert invitation.is_open()
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)

    [mail] = db.session.scalars(db.select(OutboxMessage)).all()
    assert mail.to_address == "new.person@example.org"
    assert mail.kind == "invitation"
    assert mail.language == "sq"
    with in_language("sq"):
        expected_subject = str(
            _l("You are invited to join %(org)s on Consortium", org="Qendra Kosovare")
        )
    assert mail.subject == expected_subject
    assert "/sq/invitation/" in mail.body_text

    [event] = _audit(db, "invitation.sent")
    assert event.actor_id == org_admin.id
    assert event.organisation_id == org.id
    assert event.details == {"email": "new.person@example.org", "role": "staff"}


def test_invite_refuses_an_unknown_language_like_every_other_service(db, org, org_admin):
    with pytest.raises(DomainError):
        invite(org, email="new@example.org", role="member", language="de", actor=org_admin)
    assert _count(db, Invitation) == 0
    assert _count(db, OutboxMessage) == 0
    invitation = invite(org, email="new@example.org", role="member", language="sq", actor=org_admin)
    assert invitation.language == "sq"
    assert db.session.scalar(db.select(OutboxMessage.language)) == "sq"


@pytest.mark.parametrize("email", ["dara@example.org", "DARA@Example.org", " dara@example.org "])
def test_invite_refuses_an_existing_account(db, org, org_admin, member, email):
    db.session.commit()
    with pytest.raises(DomainError):
        invite(org, email=email, role="staff", language="en", actor=org_admin)
    db.session.rollback()
    assert _count(db, Invitation) == 0
    assert _count(db, OutboxMessage) == 0


def test_invite_replaces_an_earlier_open_invitation(db, org, org_admin, coordinator):
    first = invite(org, email="new@example.org", role="member", language="en", actor=org_admin)
    second = invite(org, email="NEW@example.org", role="staff", language="hr", actor=coordinator)
    db.session.commit()
    db.session.expire_all()

    assert db.session.get(Invitation, first.id).revoked_at is not None
    assert db.session.get(Invitation, second.id).revoked_at is None
    assert membership.open_invitations(org) == [db.session.get(Invitation, second.id)]
    assert _count(db, OutboxMessage) == 2  # one per invitation sent


def test_an_invitation_to_another_organisation_stays_open(
    db, org, other_org, org_admin, other_org_admin
):
    ours = invite(org, email="new@example.org", role="member", language="en", actor=org_admin)
    theirs = invite(
        other_org, email="new@example.org", role="member", language="en", actor=other_org_admin
    )
    db.session.commit()
    assert ours.revoked_at is None and theirs.revoked_at is None


@pytest.mark.parametrize("role", ["coordinator", "admin"])
@pytest.mark.parametrize("persona", ["org_admin", "coordinator", "admin"])
def test_nobody_invites_to_a_consortium_role(request, db, org, persona, role):
    actor = request.getfixturevalue(persona)
    db.session.commit()
    with pytest.raises(Forbidden):
        invite(org, email="new@example.org", role=role, language="en", actor=actor)
    db.session.rollback()
    assert _count(db, Invitation) == 0
    assert _count(db, OutboxMessage) == 0


@pytest.mark.parametrize("persona", ["member", "staff", "other_org_admin"])
def test_invite_needs_a_manager_of_the_organisation(request, db, org, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        invite(org, email="new@example.org", role="member", language="en", actor=actor)
    assert _count(db, Invitation) == 0


def test_revoke_invitation(db, org, org_admin):
    invitation = invite(org, email="new@example.org", role="member", language="en", actor=org_admin)
    membership.revoke_invitation(invitation, actor=org_admin)
    assert invitation.revoked_at is not None
    assert membership.open_invitations(org) == []
    assert len(_audit(db, "invitation.revoked")) == 1


# --- change_role / remove_person -------------------------------------------------------------


def test_change_role(db, org_admin, staff):
    membership.change_role(staff, role="org_admin", actor=org_admin)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, staff.id).org_role == "org_admin"
    [event] = _audit(db, "person.role_changed")
    assert event.details == {"before": "staff", "after": "org_admin"}
    assert event.actor_id == org_admin.id


def test_change_role_ends_the_persons_sessions(db, org_admin, staff, member):
    _sign_in(db, staff)
    _sign_in(db, staff)
    _sign_in(db, member)
    _sign_in(db, org_admin)
    membership.change_role(staff, role="member", actor=org_admin)
    db.session.commit()
    assert _sessions_of(db, staff) == 0
    assert _sessions_of(db, member) == 1
    assert _sessions_of(db, org_admin) == 1


@pytest.mark.parametrize("role", ["admin", "coordinator"])
@pytest.mark.parametrize("persona", ["org_admin", "coordinator", "admin"])
def test_change_role_to_a_consortium_role_is_refused(request, db, staff, persona, role):
    actor = request.getfixturevalue(persona)
    _sign_in(db, staff)
    db.session.commit()
    with pytest.raises(Forbidden):
        membership.change_role(staff, role=role, actor=actor)
    db.session.rollback()
    db.session.expire_all()
    stored = db.session.get(User, staff.id)
    assert (stored.org_role, stored.is_coordinator, stored.is_admin) == ("staff", False, False)
    assert _sessions_of(db, staff) == 1
    assert _audit(db, "person.role_changed") == []


def test_an_org_admin_cannot_change_their_own_role(db, org_admin):
    with pytest.raises(Forbidden):
        membership.change_role(org_admin, role="member", actor=org_admin)
    assert db.session.get(User, org_admin.id).org_role == "org_admin"


def test_a_coordinator_changes_an_org_admins_role(db, org, org_admin, coordinator):
    factories.UserFactory(organisation=org, org_role="org_admin")  # the organisation keeps one
    membership.change_role(org_admin, role="staff", actor=coordinator)
    assert org_admin.org_role == "staff"


def test_another_organisations_admin_cannot_change_a_role(db, staff, other_org_admin):
    with pytest.raises(Forbidden):
        membership.change_role(staff, role="org_admin", actor=other_org_admin)
    assert staff.org_role == "staff"


def test_remove_person(db, org, org_admin, member):
    _sign_in(db, member)
    membership.remove_person(member, actor=org_admin)
    db.session.commit()
    db.session.expire_all()

    stored = db.session.get(User, member.id)
    assert stored is not None  # the account stays
    assert (stored.organisation_id, stored.org_role) == (None, None)
    assert stored.is_active_account
    assert _sessions_of(db, member) == 0
    [event] = _audit(db, "person.removed")
    assert event.organisation_id == org.id
    assert [p.id for p in db.session.get(Organisation, org.id).people] == [org_admin.id]


@pytest.mark.parametrize("persona", ["staff", "member", "other_org_admin"])
def test_remove_person_needs_a_manager(request, db, persona, member):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        membership.remove_person(member, actor=actor)
    assert member.org_role == "member"


def test_an_org_admin_cannot_remove_themself(db, org, org_admin):
    with pytest.raises(Forbidden):
        membership.remove_person(org_admin, actor=org_admin)
    assert org_admin.organisation_id == org.id


# --- save_area -----------------------------------------------------------------------------


def _names(**changes) -> dict[str, str]:
    names = {code: f"Cyber security ({code})" for code in LANGUAGES}
    names.update(changes)
    return names


def test_save_area(db, coordinator):
    area = save_area(None, slug="cyber", names=_names(), actor=coordinator)
    assert area.names == _names()
    again = save_area(area, slug="cyber-security", names=_names(en="Cyber"), actor=coordinator)
    assert again is area
    assert (area.slug, area.names["en"]) == ("cyber-security", "Cyber")
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["area.created", "area.updated"]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_save_area_needs_every_language(db, coordinator, code):
    missing = _names()
    del missing[code]
    with pytest.raises(DomainError):
        save_area(None, slug="cyber", names=missing, actor=coordinator)
    with pytest.raises(DomainError):
        save_area(None, slug="cyber", names=_names(**{code: "   "}), actor=coordinator)
    assert _count(db, ThematicArea) == 0


def test_save_area_refuses_a_bad_or_duplicate_slug(db, coordinator):
    factories.AreaFactory(slug="cyber")
    for slug in ("cyber", "Cyber Security", ""):
        with pytest.raises(DomainError):
            save_area(None, slug=slug, names=_names(), actor=coordinator)
    assert _count(db, ThematicArea) == 1


@pytest.mark.parametrize("persona", ["member", "staff", "org_admin"])
def test_only_coordinators_keep_the_areas(request, db, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        save_area(None, slug="cyber", names=_names(), actor=actor)
    assert _count(db, ThematicArea) == 0


@pytest.mark.parametrize(
    "website",
    ["javascript://example.org/%0aalert(1)", "data:text/html,hi", "ftp://example.org", "example"],
)
def test_only_web_addresses_are_accepted_as_website(db, coordinator, website):
    before = _count(db, Organisation)
    with pytest.raises(DomainError):
        create(slug="web-check", name="Web check", country="AL", website=website, actor=coordinator)
    db.session.rollback()
    assert _count(db, Organisation) == before


@pytest.mark.parametrize("name", ["Org A\r\nBcc: x@example.org", "Tab\there", "Line\u2028break"])
def test_names_with_line_breaks_are_refused(db, coordinator, org, name):
    with pytest.raises(DomainError):
        create(slug="crlf", name=name, country="AL", actor=coordinator)
    db.session.rollback()
    with pytest.raises(DomainError):
        auth_services.update_profile(
            coordinator, AccountProfile(name=name, language="en"), actor=coordinator
        )
    db.session.rollback()
    assert db.session.scalar(db.select(Organisation).where(Organisation.slug == "crlf")) is None
