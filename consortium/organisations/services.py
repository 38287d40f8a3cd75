"""Organisations: creating, editing profiles, inviting and managing people, thematic areas."""

from __future__ import annotations

import re
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from consortium.audit.services import record
from consortium.auth import sessions
from consortium.auth.models import Invitation, User, email_key, find_user_by_email
from consortium.auth.roles import OrgRole
from consortium.auth.services import external_url, invitation_still_backed
from consortium.auth.tokens import digest, new_token
from consortium.core.authz import require
from consortium.core.errors import Conflict, DomainError
from consortium.core.text import has_control_characters
from consortium.db import db, utcnow
from consortium.i18n import in_language
from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import fold
from consortium.mail import services as mail
from consortium.organisations import countries, policy
from consortium.organisations.display import org_name
from consortium.organisations.models import Organisation, ThematicArea

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def search_key(organisation: Organisation) -> str:
    names = [organisation.name, organisation.short_name or "", organisation.city or ""]
    names += list((organisation.name_translations or {}).values())
    return fold(" ".join(n for n in names if n))


def directory(
    *, country: str | None = None, area: ThematicArea | None = None, query: str = ""
) -> list[Organisation]:
    """Partner organisations matching the filters, sorted by their name in the reader's language.

    The search is script- and diacritic-blind: every folded word of the query must appear in
    the organisation's folded names or city.
    """
    statement = db.select(Organisation).options(selectinload(Organisation.areas))
    if country:
        statement = statement.where(Organisation.country == country)
    if area is not None:
        statement = statement.where(Organisation.areas.contains(area))
    for token in fold(query).split():
        statement = statement.where(Organisation.search_key.contains(token, autoescape=True))
    return sorted(db.session.scalars(statement), key=lambda o: fold(org_name(o)))


def _check_fields(
    *, slug: str | None, name: str, country: str, short_name=None, city=None, website=None
) -> None:
    if slug is not None and (not SLUG_RE.match(slug) or len(slug) > 80):
        raise DomainError(
            _l("The short address may use only lower-case letters, digits and hyphens.")
        )
    if not name.strip():
        raise DomainError(_l("Enter a name."))
    if any(has_control_characters(v) for v in (name, short_name, city, website)):
        raise DomainError(_l("Names and addresses must be written on one line."))
    if website and not website.strip().lower().startswith(("https://", "http://")):
        # Shown as a link on the profile: only web addresses, never javascript: and the like.
        raise DomainError(_l("Enter a full web address (https://…)."))
    # The same limits as the columns, so PostgreSQL never sees an over-long value.
    for value, limit in ((name, 200), (short_name, 40), (city, 100), (website, 300)):
        if value and len(value.strip()) > limit:
            raise DomainError(_l("Use at most %(max)d characters.", max=limit))
    if country not in countries.CODES:
        raise DomainError(_l("Choose one of the consortium's countries."))


def create_organisation(
    *,
    slug: str,
    name: str,
    country: str,
    actor: User | None,
    short_name: str | None = None,
    city: str | None = None,
    website: str | None = None,
    original_language: str = "en",
    description: dict[str, str] | None = None,
    name_translations: dict[str, str] | None = None,
    partner_since: date | None = None,
    areas: list[ThematicArea] | None = None,
) -> Organisation:
    """Coordinators and admins (or the operators' CLI, actor=None) add a partner."""
    if actor is not None:
        require(policy.can_create(actor))
    country = country.upper()
    _check_fields(
        slug=slug, name=name, country=country, short_name=short_name, city=city, website=website
    )
    if db.session.scalar(db.select(Organisation.id).where(Organisation.slug == slug)):
        raise DomainError(_l("An organisation with this short address already exists."))
    if original_language not in LANGUAGES:
        raise DomainError(_l("Choose one of the offered languages."))
    organisation = Organisation(
        slug=slug,
        name=name.strip(),
        short_name=short_name,
        country=country,
        city=city,
        website=website,
        original_language=original_language,
        description=_clean_texts(description),
        name_translations=_name_translations(name_translations, original_language),
        partner_since=partner_since,
        areas=areas or [],
    )
    organisation.search_key = search_key(organisation)
    db.session.add(organisation)
    db.session.flush()
    record("organisation.created", actor=actor, obj=organisation, organisation_id=organisation.id)
    return organisation


def _name_translations(texts: dict[str, str] | None, original: str) -> dict[str, str]:
    """The name in other languages: the original language's name is `name` itself."""
    names = {k: v for k, v in _clean_texts(texts).items() if k != original}
    if any(has_control_characters(v) or len(v) > 200 for v in names.values()):
        raise DomainError(_l("Names and addresses must be written on one line."))
    return names


def _clean_texts(texts: dict[str, str] | None) -> dict[str, str]:
    return {k: v.strip() for k, v in (texts or {}).items() if k in LANGUAGES and v and v.strip()}


def update_profile(
    organisation: Organisation,
    *,
    actor: User,
    seen_version: int,
    name: str,
    short_name: str | None,
    country: str,
    city: str | None,
    website: str | None,
    original_language: str,
    description: dict[str, str],
    areas: list[ThematicArea],
    name_translations: dict[str, str] | None = None,
) -> Organisation:
    """Org admins (own) and coordinators edit a profile; a stale form is refused, not merged."""
    require(policy.can_edit(actor, organisation), hide=False)
    _check_fields(
        slug=None, name=name, country=country, short_name=short_name, city=city, website=website
    )
    if original_language not in LANGUAGES:
        raise DomainError(_l("Choose one of the offered languages."))
    # Lost-update guard across requests: write only if nobody saved since the form was shown.
    result = db.session.execute(
        db.update(Organisation)
        .where(Organisation.id == organisation.id, Organisation.version == seen_version)
        .values(version=Organisation.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict()
    db.session.refresh(organisation, ["version"])
    previous_language, previous_name = organisation.original_language, organisation.name
    organisation.name = name.strip()
    organisation.short_name = short_name or None
    organisation.country = country
    organisation.city = city or None
    organisation.website = website or None
    organisation.original_language = original_language
    organisation.description = _clean_texts(description)
    if name_translations is not None:
        translations = _clean_texts(name_translations)
        if original_language != previous_language:
            # Switching the original language keeps the name written in the old one, and an
            # unchanged name gives way to what the form already holds for the new language.
            translations.setdefault(previous_language, previous_name)
            if name.strip() == previous_name and translations.get(original_language):
                organisation.name = translations[original_language]
        organisation.name_translations = _name_translations(translations, original_language)
    organisation.areas = areas
    organisation.search_key = search_key(organisation)
    db.session.flush()
    record("organisation.updated", actor=actor, obj=organisation, organisation_id=organisation.id)
    return organisation


def invite(
    organisation: Organisation, *, email: str, role: str, language: str, actor: User
) -> Invitation:
    """Invite an address into an organisation with an organisation role; mails a 7-day link."""
    require(policy.can_invite(actor, organisation, role))
    email = email_key(email)
    if find_user_by_email(email) is not None:
        raise DomainError(_l("An account with this e-mail address already exists."))
    if language not in LANGUAGES:
        language = "en"
    now = utcnow()
    # A new invitation replaces any open one for the same address and organisation.
    db.session.execute(
        db.update(Invitation)
        .where(
            Invitation.email == email,
            Invitation.organisation_id == organisation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = new_token()
    invitation = Invitation(
        token_hash=digest(token),
        email=email,
        organisation_id=organisation.id,
        role=role,
        language=language,
        invited_by_id=actor.id,
        created_at=now,
        expires_at=now + current_app.config["INVITATION_LIFETIME"],
    )
    db.session.add(invitation)
    db.session.flush()
    with in_language(language):  # the organisation as the invitee will read its name
        org_label = org_name(organisation)
    mail.queue(
        "invitation",
        to=email,
        language=language,
        subject=_l("You are invited to join %(org)s on Consortium", org=org_label),
        org_label=org_label,
        template="auth/mail/invitation.txt",
        organisation=organisation,
        inviter=actor,
        role=OrgRole(role),
        link=external_url("auth.accept_invitation", lang=language, token=token),
        expires_at=invitation.expires_at,
    )
    record(
        "invitation.sent",
        actor=actor,
        obj=invitation,
        organisation_id=organisation.id,
        email=email,
        role=role,
    )
    return invitation


def revoke_invitation(invitation: Invitation, *, actor: User) -> None:
    require(policy.can_invite(actor, invitation.organisation))
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        record(
            "invitation.revoked",
            actor=actor,
            obj=invitation,
            organisation_id=invitation.organisation_id,
        )
    db.session.flush()


def change_role(person: User, *, role: str, actor: User) -> None:
    """Move someone between member, staff and org admin of their organisation."""
    require(policy.can_change_role(actor, person, role))
    before = person.org_role
    if before == role:
        return
    person.org_role = role
    sessions.end_all(person)  # privileges changed: the person signs in afresh
    record(
        "person.role_changed",
        actor=actor,
        obj=person,
        organisation_id=person.organisation_id,
        before=before,
        after=role,
    )
    db.session.flush()


def place_person(
    person: User, organisation: Organisation, *, role: str, actor: User | None
) -> None:
    """Put someone into an organisation with a role (the operators' CLI passes actor=None)."""
    if actor is not None:
        require(policy.can_place(actor, person, organisation))
    if role not in set(OrgRole):
        raise DomainError(_l("Choose one of the offered roles."))
    before = (person.organisation_id, person.org_role)
    if before == (organisation.id, role):
        return
    if before[0] is not None and before[0] != organisation.id:
        # The organisation they leave sees them go in its own part of the log.
        record("person.removed", actor=actor, obj=person, organisation_id=before[0])
    person.organisation_id, person.org_role = organisation.id, role
    sessions.end_all(person, except_current=actor is not None and actor.id == person.id)
    record(
        "person.role_changed",
        actor=actor,
        obj=person,
        organisation_id=organisation.id,
        before=before[1],
        after=role,
    )
    db.session.flush()


def remove_person(person: User, *, actor: User) -> None:
    """Take someone out of the organisation; their account stays, without an organisation."""
    require(policy.can_remove_person(actor, person))
    organisation_id = person.organisation_id
    person.organisation_id = None
    person.org_role = None
    sessions.end_all(person)
    record("person.removed", actor=actor, obj=person, organisation_id=organisation_id)
    db.session.flush()


def people_of(organisation: Organisation, *, include_deactivated: bool = False) -> list[User]:
    """The organisation's people by name; its managers also see deactivated accounts."""
    statement = db.select(User).where(User.organisation_id == organisation.id)
    if not include_deactivated:
        statement = statement.where(User.is_active_account)
    return list(db.session.scalars(statement.order_by(User.name)))


def without_admin() -> list[Organisation]:
    """Partners nobody can manage yet (no active org admin): a coordinator should invite one."""
    has_admin = (
        db.select(User.id)
        .where(
            User.organisation_id == Organisation.id,
            User.org_role == OrgRole.ORG_ADMIN,
            User.is_active_account,
        )
        .exists()
    )
    return list(
        db.session.scalars(db.select(Organisation).where(~has_admin).order_by(Organisation.name))
    )


def open_invitations(organisation: Organisation) -> list[Invitation]:
    """Invitations that can still be accepted: open, in time, and still backed by their inviter."""
    rows = db.session.scalars(
        db.select(Invitation)
        .options(selectinload(Invitation.invited_by))
        .where(
            Invitation.organisation_id == organisation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.created_at.desc())
    )
    return [row for row in rows if invitation_still_backed(row)]


def save_area(
    area: ThematicArea | None, *, slug: str, names: dict[str, str], actor: User | None
) -> ThematicArea:
    """Coordinators keep the vocabulary; every interface language needs a name."""
    if actor is not None:
        require(policy.can_manage_areas(actor))
    names = _clean_texts(names)
    if any(has_control_characters(v) for v in names.values()):
        raise DomainError(_l("Names and addresses must be written on one line."))
    missing = [code for code in LANGUAGES if code not in names]
    if missing:
        raise DomainError(_l("Give the name in every language."))
    if not SLUG_RE.match(slug):
        raise DomainError(
            _l("The short address may use only lower-case letters, digits and hyphens.")
        )
    clash = db.session.scalar(db.select(ThematicArea).where(ThematicArea.slug == slug))
    if clash is not None and clash is not area:
        raise DomainError(_l("A thematic area with this short address already exists."))
    if area is None:
        position = db.session.scalar(db.select(db.func.count(ThematicArea.id))) or 0
        area = ThematicArea(slug=slug, names=names, position=position)
        db.session.add(area)
        action = "area.created"
    else:
        area.slug, area.names = slug, names
        action = "area.updated"
    db.session.flush()
    record(action, actor=actor, obj=area, object_type="thematic_area")
    return area
