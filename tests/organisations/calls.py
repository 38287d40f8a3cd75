"""Organisation services called with keyword arguments, as tests like to write them.

Each builds the typed input the service takes, the way the forms and the CLI do.
"""

from __future__ import annotations

from consortium.organisations import membership, services
from consortium.organisations.schemas import (
    AreaInput,
    InvitationRequest,
    NewOrganisation,
    OrganisationProfile,
)


def create(*, actor, slug, areas=(), **fields):
    new = NewOrganisation(slug=slug, area_ids=tuple(a.id for a in areas), **fields)
    return services.create_organisation(new, actor=actor)


def update(organisation, *, actor, seen_version, areas=(), **fields):
    profile = OrganisationProfile(area_ids=tuple(a.id for a in areas), **fields)
    return services.update_profile(organisation, profile, seen_version=seen_version, actor=actor)


def invite(organisation, *, actor, email, role, language):
    request = InvitationRequest(email=email, role=role, language=language)
    return membership.invite(organisation, request, actor=actor)


def save_area(area, *, slug, names, actor):
    return services.save_area(area, AreaInput(slug=slug, names=names), actor=actor)
