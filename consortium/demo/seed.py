"""Loading the demo data through the domain services, as the operators' tools (SYSTEM).

Idempotent: each item is looked up by its natural key (slug, e-mail) first and skipped when
it exists, so a second run writes nothing. One function per domain, called in dependency
order by `seed_demo`; services flush, the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from consortium.auth.models import User, find_user_by_email
from consortium.auth.schemas import NewAccount
from consortium.auth.services import create_user
from consortium.core.actors import SYSTEM
from consortium.db import db
from consortium.demo import data
from consortium.organisations.models import Organisation, ThematicArea
from consortium.organisations.schemas import AreaInput, NewOrganisation
from consortium.organisations.services import create_organisation, get_by_slug, save_area


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str  # admin, coordinator, org_admin, staff, member
    organisation: str | None  # the organisation's name
    language: str


@dataclass
class SeedReport:
    """What one run created (existing items are not counted) and every demo account."""

    areas: int = 0
    organisations: int = 0
    users: int = 0
    accounts: list[DemoAccount] = field(default_factory=list)
    password: str = data.DEMO_PASSWORD

    def created(self) -> dict[str, int]:
        return {
            "thematic areas": self.areas,
            "organisations": self.organisations,
            "users": self.users,
        }

    @property
    def created_anything(self) -> bool:
        return any(self.created().values())


def seed_demo() -> SeedReport:
    """Load every demo item that is not there yet; flush only (the caller commits)."""
    report = SeedReport()
    areas = seed_areas(report)
    organisations = seed_organisations(report, areas)
    seed_people(report, organisations)
    db.session.flush()
    return report


def seed_areas(report: SeedReport) -> dict[str, ThematicArea]:
    """The thematic areas by slug, created through `save_area` where missing."""
    areas = {}
    for item in data.AREAS:
        area = db.session.scalar(db.select(ThematicArea).where(ThematicArea.slug == item["slug"]))
        if area is None:
            area = save_area(None, AreaInput(item["slug"], item["names"]), actor=SYSTEM)
            report.areas += 1
        areas[item["slug"]] = area
    return areas


def seed_organisations(
    report: SeedReport, areas: dict[str, ThematicArea]
) -> dict[str, Organisation]:
    """The partner organisations by slug, created through `create_organisation` where missing."""
    organisations = {}
    for item in data.ORGANISATIONS:
        slug = item["slug"]
        organisation = get_by_slug(slug)
        if organisation is None:
            new = NewOrganisation(
                slug=slug,
                name=item["name"],
                short_name=item["short_name"],
                country=item["country"],
                city=item["city"],
                website=item["website"],
                original_language=item["original_language"],
                partner_since=item["partner_since"],
                name_translations=item["name_translations"],
                description=item["description"],
                area_ids=tuple(areas[area_slug].id for area_slug in item["areas"]),
            )
            organisation = create_organisation(new, actor=SYSTEM)
            report.organisations += 1
        organisations[slug] = organisation
    return organisations


def seed_people(report: SeedReport, organisations: dict[str, Organisation]) -> dict[str, User]:
    """The demo accounts by e-mail, created through `create_user` where missing."""
    people = {}
    for item in data.PEOPLE:
        organisation = organisations[item["organisation"]] if item["organisation"] else None
        user = find_user_by_email(item["email"])
        if user is None:
            new = NewAccount(
                email=item["email"],
                name=item["name"],
                role=item["role"],
                password=data.DEMO_PASSWORD,
                language=item["language"],
            )
            user = create_user(new, organisation=organisation, actor=SYSTEM)
            report.users += 1
        people[item["email"]] = user
        report.accounts.append(
            DemoAccount(
                email=user.email,
                name=user.name,
                role=item["role"],
                organisation=organisation.name if organisation is not None else None,
                language=user.language,
            )
        )
    return people
