"""Expert profiles: writing them (with their search document), photos, verification.

Services check the policy first and flush; the request (or CLI command) commits once. The
directory is in `directory.py`, the contact relay and claiming in `contact.py`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l

from consortium import searchindex
from consortium.audit.services import changes, record
from consortium.core.actors import Actor
from consortium.core.authz import require
from consortium.core.errors import Conflict, DomainError
from consortium.core.storage import JPEG, current_storage
from consortium.core.text import has_control_characters, lookalike_address, mixes_scripts
from consortium.db import db, utcnow
from consortium.experts import policy
from consortium.experts.actions import ExpertAction
from consortium.experts.models import (
    ContactDetail,
    Expert,
    ExpertLanguage,
    Publication,
)
from consortium.experts.schemas import (
    AFFILIATION_MAX,
    BIOGRAPHY_MAX,
    CONTACT_MAX,
    MAX_LANGUAGES,
    MAX_PUBLICATIONS,
    NAME_MAX,
    PHOTO_MAX_BYTES,
    PHOTO_MAX_SIDE,
    PUBLICATION_TITLE_MAX,
    SLUG_MAX,
    TITLE_MAX,
    URL_MAX,
    ExpertProfile,
)
from consortium.experts.vocab import (
    KIND,
    SPOKEN_LANGUAGES,
    Availability,
    ContactKind,
    Level,
    Visibility,
)
from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import fold_tokens
from consortium.organisations import countries
from consortium.organisations.models import Organisation, ThematicArea

# Addresses under /experts/ that are pages, not profiles.
RESERVED_SLUGS = frozenset({"new", "claim"})


class OnOneLine(DomainError):
    default_message = _l("Names and addresses must be written on one line.")


class NotAnImage(DomainError):
    default_message = _l("Choose a photo in JPEG, PNG or WebP format.")


def get_by_slug(slug: str) -> Expert | None:
    return db.session.scalar(db.select(Expert).where(Expert.slug == slug))


def reload(expert: Expert) -> Expert:
    """The profile as saved now, e.g. after someone else's save made an edit stale."""
    db.session.refresh(expert)
    return expert


def get_by_id(expert_id: int) -> Expert | None:
    return db.session.get(Expert, expert_id)


# --- checking a profile ------------------------------------------------------------------


def _too_long(value: str | None, limit: int) -> None:
    if value and len(value.strip()) > limit:
        raise DomainError(_l("Use at most %(max)d characters.", max=limit))


def _web_address(value: str) -> str:
    value = value.strip()
    if value and not value.lower().startswith(("https://", "http://")):
        # Shown as a link: only web addresses, never javascript: and the like.
        raise DomainError(_l("Enter a full web address (https://…)."))
    return value


def _check(profile: ExpertProfile) -> None:
    if not profile.name.strip():
        raise DomainError(_l("Enter a name."))
    one_line = (profile.name, profile.name_other_script, profile.title, profile.affiliation)
    if any(has_control_characters(v) for v in one_line):
        raise OnOneLine()
    if mixes_scripts(profile.name) or mixes_scripts(profile.name_other_script):
        raise DomainError(
            _l(
                "Write each word in one script: a word that mixes Latin and Cyrillic letters "
                "looks like another name."
            )
        )
    for value, limit in (
        (profile.name, NAME_MAX),
        (profile.name_other_script, NAME_MAX),
        (profile.title, TITLE_MAX),
        (profile.affiliation, AFFILIATION_MAX),
        *((text, BIOGRAPHY_MAX) for text in profile.biography.values()),
    ):
        _too_long(value, limit)
    if profile.country.upper() not in countries.CODES:
        raise DomainError(_l("Choose one of the consortium's countries."))
    if profile.original_language not in LANGUAGES or any(
        code not in LANGUAGES for code in profile.biography
    ):
        raise DomainError(_l("Choose one of the offered languages."))
    if len(profile.languages) > MAX_LANGUAGES or len(profile.publications) > MAX_PUBLICATIONS:
        raise DomainError(_l("Too many rows: remove some and try again."))
    for spoken in profile.languages:
        if spoken.code not in SPOKEN_LANGUAGES or Level.lookup(spoken.level) is None:
            raise DomainError(_l("Choose one of the offered languages."))
    if len({spoken.code for spoken in profile.languages}) != len(profile.languages):
        raise DomainError(_l("Each language may be listed once."))
    if any(Availability.lookup(a) is None for a in profile.availability):
        raise DomainError(_l("Choose one of the offered options."))
    this_year = utcnow().year
    for publication in profile.publications:
        if not publication.title.strip():
            raise DomainError(_l("Every publication needs a title."))
        if has_control_characters(publication.title):
            raise OnOneLine()
        _too_long(publication.title, PUBLICATION_TITLE_MAX)
        _too_long(publication.url, URL_MAX)
        _web_address(publication.url)
        if publication.year is not None and not 1900 <= publication.year <= this_year + 1:
            raise DomainError(_l("Enter a year between 1900 and next year."))
    for contact in profile.contacts:
        _check_contact(contact.kind, contact.value, contact.visibility)


def _check_contact(kind: str, value: str, visibility: str) -> None:
    if ContactKind.lookup(kind) is None or Visibility.lookup(visibility) is None:
        raise DomainError(_l("Choose one of the offered options."))
    if has_control_characters(value):
        raise OnOneLine()
    _too_long(value, CONTACT_MAX)
    value = value.strip()
    if kind == ContactKind.EMAIL and value:
        from email_validator import EmailNotValidError, validate_email

        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError as error:
            raise DomainError(_l("Enter a valid e-mail address.")) from error
        if lookalike_address(value):
            raise DomainError(_l("Enter a valid e-mail address."))
    if kind in (ContactKind.WEBSITE, ContactKind.SOCIAL):
        _web_address(value)
    if kind == ContactKind.PHONE and value:
        digits = [ch for ch in value if ch.isdigit()]
        if len(digits) < 6 or any(not (ch.isdigit() or ch in "+ ()-./") for ch in value):
            raise DomainError(_l("Enter a phone number with its country code (+381 …)."))


def _affiliation(profile: ExpertProfile) -> Organisation | None:
    if profile.organisation_id is None:
        return None
    organisation = db.session.get(Organisation, profile.organisation_id)
    if organisation is None:
        raise DomainError(_l("Choose one of the partner organisations."))
    return organisation


def _areas(ids: Iterable[int]) -> list[ThematicArea]:
    wanted = set(ids)
    if not wanted:
        return []
    found = list(db.session.scalars(db.select(ThematicArea).where(ThematicArea.id.in_(wanted))))
    if len(found) != len(wanted):
        raise DomainError(_l("Choose from the offered thematic areas."))
    return sorted(found, key=lambda a: a.position)


def _proposed_slug(name: str) -> str:
    """A short address from the name in any script (Ђорђе Ђорђевић -> djordje-djordjevic)."""
    base = "-".join(fold_tokens(name))[: SLUG_MAX - 8].strip("-") or "expert"
    taken = set(
        db.session.scalars(
            db.select(Expert.slug).where(
                (Expert.slug == base) | Expert.slug.like(base + "-%", escape="\\")
            )
        )
    )
    taken |= RESERVED_SLUGS
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- writing a profile -------------------------------------------------------------------


def _apply(expert: Expert, profile: ExpertProfile) -> None:
    expert.name = profile.name.strip()
    expert.name_other_script = profile.name_other_script.strip() or None
    expert.title = profile.title.strip() or None
    organisation = _affiliation(profile)
    expert.organisation_id = organisation.id if organisation else None
    expert.organisation = organisation
    expert.affiliation = None if organisation else (profile.affiliation.strip() or None)
    expert.country = profile.country.upper()
    expert.original_language = profile.original_language
    expert.biography = {k: v.strip() for k, v in profile.biography.items() if v and v.strip()}
    expert.areas = _areas(profile.area_ids)
    expert.media = Availability.MEDIA in profile.availability
    expert.training = Availability.TRAINING in profile.availability
    expert.advisory = Availability.ADVISORY in profile.availability
    expert.languages = [
        ExpertLanguage(code=s.code, level=s.level, position=i)
        for i, s in enumerate(profile.languages)
    ]
    expert.publications = [
        Publication(title=p.title.strip(), year=p.year, url=p.url.strip() or None, position=i)
        for i, p in enumerate(profile.publications)
    ]
    expert.contacts = [
        ContactDetail(kind=c.kind, value=c.value.strip(), visibility=c.visibility, position=i)
        for i, c in enumerate(profile.contacts)
        if c.value.strip()
    ]


def create(profile: ExpertProfile, *, actor: Actor) -> Expert:
    """Staff for their own organisation, coordinators for any (or none)."""
    require(policy.can_create(actor) and policy.can_create_for(actor, profile.organisation_id))
    _check(profile)
    expert = Expert(slug=_proposed_slug(profile.name))
    _apply(expert, profile)
    db.session.add(expert)
    db.session.flush()
    index(expert)
    record(ExpertAction.CREATED, actor=actor, obj=expert)
    return expert


def update(expert: Expert, profile: ExpertProfile, *, seen_version: int, actor: Actor) -> Expert:
    """Editors save the whole profile; a stale form is refused, not merged."""
    require(policy.can_edit(actor, expert))
    moved = profile.organisation_id != expert.organisation_id
    # Staff may not give their expert away to another partner (coordinators may).
    require(
        not moved
        or policy.can_create_for(actor, profile.organisation_id)
        or (policy.is_the_expert(actor, expert) and profile.organisation_id is None)
    )
    _check(profile)
    result = db.session.execute(
        db.update(Expert)
        .where(Expert.id == expert.id, Expert.version == seen_version)
        .values(version=Expert.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult
        raise Conflict()
    db.session.refresh(expert, ["version"])
    before = _audited(expert)
    _apply(expert, profile)
    db.session.flush()
    index(expert)
    edited = changes(before, _audited(expert))
    record(ExpertAction.UPDATED, actor=actor, obj=expert, changes=edited or None)
    return expert


def _audited(expert: Expert) -> dict[str, object]:
    # Contact values are left out on purpose: the audit log is read by org admins, who
    # may not be allowed to see a detail the expert shares with nobody.
    return {
        "name": expert.name,
        "country": expert.country,
        "title": expert.title,
        "affiliation": expert.affiliation
        or (expert.organisation.name if expert.organisation else None),
        "original_language": expert.original_language,
    }


def index(expert: Expert) -> None:
    """The expert's search document: public fields only, never a contact detail."""
    if expert.removal_requested_at is not None:
        searchindex.drop(KIND, expert.id)
        return
    organisation = expert.organisation
    searchindex.put(
        searchindex.Document(
            kind=KIND,
            object_id=expert.id,
            titles=[expert.name, expert.name_other_script],
            texts=[
                expert.title,
                expert.affiliation,
                *(organisation.names_by_language().values() if organisation else ()),
                organisation.short_name if organisation else None,
                *(name for area in expert.areas for name in (area.names or {}).values()),
                *(expert.biography or {}).values(),
                *(p.title for p in expert.publications),
            ],
            language=expert.original_language,
        )
    )


def reindex_all() -> int:
    count = 0
    for expert in db.session.scalars(db.select(Expert).execution_options(yield_per=500)):
        index(expert)
        count += 1
    return count


# --- photo ---------------------------------------------------------------------------------


def set_photo(expert: Expert, stream: Any, *, actor: Actor) -> None:
    """Re-encode the upload: a new JPEG carries no metadata (no camera, no location)."""
    # Imported here: Pillow (2 MiB) is loaded by the workers that receive a photo, not by all.
    from PIL import Image, ImageOps, UnidentifiedImageError

    require(policy.can_upload_photo(actor, expert))
    data = stream.read(PHOTO_MAX_BYTES + 1)
    if len(data) > PHOTO_MAX_BYTES:
        raise DomainError(_l("The photo may be at most %(max)d MB.", max=PHOTO_MAX_BYTES // 2**20))
    try:
        with Image.open(io.BytesIO(data)) as upload:
            if upload.format not in ("JPEG", "PNG", "WEBP"):
                raise NotAnImage()
            # Keep the orientation the camera recorded; the new file has no tags at all.
            image = ImageOps.exif_transpose(upload).convert("RGB")
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            clean = io.BytesIO()
            image.save(clean, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise NotAnImage() from error
    clean.seek(0)
    stored = current_storage().save(
        clean, filename="photo.jpg", accept=(JPEG,), max_bytes=PHOTO_MAX_BYTES
    )
    old = expert.photo_key
    expert.photo_key = stored.key
    db.session.flush()
    if old:
        current_storage().delete(old)
    record(ExpertAction.PHOTO_CHANGED, actor=actor, obj=expert)


def remove_photo(expert: Expert, *, actor: Actor) -> None:
    require(policy.can_upload_photo(actor, expert))
    if expert.photo_key:
        current_storage().delete(expert.photo_key)
        expert.photo_key = None
        db.session.flush()
        record(ExpertAction.PHOTO_CHANGED, actor=actor, obj=expert, removed=True)


# --- verification, removal ---------------------------------------------------------------


def set_verified(expert: Expert, verified: bool, *, actor: Actor) -> None:
    require(policy.can_verify(actor, expert))
    if verified == expert.verified:
        return
    expert.verified_at = utcnow() if verified else None
    expert.verified_by_id = getattr(actor, "id", None) if verified else None
    db.session.flush()
    record(ExpertAction.VERIFIED if verified else ExpertAction.UNVERIFIED, actor=actor, obj=expert)


def request_removal(expert: Expert, *, actor: Actor) -> None:
    """The expert asks to be removed: hidden at once, deleted by a coordinator."""
    require(policy.can_request_removal(actor, expert))
    expert.removal_requested_at = utcnow()
    db.session.flush()
    index(expert)
    record(ExpertAction.REMOVAL_REQUESTED, actor=actor, obj=expert)


def delete(expert: Expert, *, actor: Actor) -> None:
    require(policy.can_delete(actor, expert))
    record(ExpertAction.DELETED, actor=actor, obj=expert)
    photo = expert.photo_key
    searchindex.drop(KIND, expert.id)
    db.session.delete(expert)
    db.session.flush()
    if photo:
        current_storage().delete(photo)


def removal_requests() -> list[Expert]:
    """Profiles waiting for a coordinator to delete them (the coordinators' dashboard)."""
    return list(
        db.session.scalars(
            db.select(Expert)
            .where(Expert.removal_requested_at.is_not(None))
            .order_by(Expert.removal_requested_at)
            .limit(50)
        )
    )


def visible_contacts(
    expert: Expert, user: Actor | None, contacts: Sequence[Any] | None = None
) -> list[Any]:
    """The details `user` may see, and nothing else: templates, vCards and the API use it.
    `contacts`: the expert's details read as rows (`profiles`), else `expert.contacts`."""
    given = expert.contacts if contacts is None else contacts
    return [c for c in given if policy.can_see_contact(user, expert, c.visibility)]
