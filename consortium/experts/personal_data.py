"""A person's own expert profile in their download; with their account it is hidden and
unlinked.

Hidden, not deleted: a linked profile describes the person (name, photo, contacts,
biography), so it leaves the directory and the search at once, as when the expert asks to
be removed; deleting it stays a coordinator's act (`services.delete`), since the
consortium may have written the profile before the person claimed it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete

from consortium.core import registry
from consortium.db import db
from consortium.experts import services
from consortium.experts.models import Expert, ExpertInvitation


def _linked(person: Any) -> Expert | None:
    return db.session.scalar(db.select(Expert).where(Expert.user_id == person.id))


def _profile(expert: Expert) -> dict[str, Any]:
    return {
        "slug": expert.slug,
        "name": expert.name,
        "name_other_script": expert.name_other_script,
        "title": expert.title,
        "organisation": expert.organisation.slug if expert.organisation else None,
        "affiliation": expert.affiliation,
        "country": expert.country,
        "original_language": expert.original_language,
        "biography": expert.biography or {},
        "thematic_areas": [area.slug for area in expert.areas],
        "available_for": {
            "media": expert.media,
            "training": expert.training,
            "advisory": expert.advisory,
        },
        "languages": [{"language": x.code, "level": x.level} for x in expert.languages],
        "publications": [
            {"title": p.title, "year": p.year, "url": p.url} for p in expert.publications
        ],
        "contact_details": [
            {"kind": c.kind, "value": c.value, "shown_to": c.visibility} for c in expert.contacts
        ],
        "photo": expert.photo_key is not None,
        "verified_at": expert.verified_at,
        "removal_requested_at": expert.removal_requested_at,
        "created_at": expert.created_at,
        "updated_at": expert.updated_at,
    }


def collect(person: Any) -> dict[str, Any]:
    """The profile linked to the account, and the invitations to claim one sent to them."""
    expert = _linked(person)
    invitations = db.session.execute(
        db.select(ExpertInvitation, Expert.slug)
        .join(Expert, Expert.id == ExpertInvitation.expert_id)
        .where(ExpertInvitation.email == person.email)
        .order_by(ExpertInvitation.id)
    )
    return {
        "profile": _profile(expert) if expert is not None else None,
        "invitations_to_claim": [
            {
                "profile": slug,
                "sent_at": i.created_at,
                "expires_at": i.expires_at,
                "accepted_at": i.accepted_at,
            }
            for i, slug in invitations
        ],
    }


def erase(person: Any) -> None:
    """Hide the linked profile (a coordinator deletes it), unlink it, and drop the
    invitations to claim one that hold the person's address."""
    expert = _linked(person)
    if expert is not None:
        if expert.removal_requested_at is None:
            services.request_removal(expert, actor=person)
        expert.user = None
    db.session.execute(delete(ExpertInvitation).where(ExpertInvitation.email == person.email))
    db.session.flush()


PART = registry.PersonalData("experts", collect=collect, erase=erase)
