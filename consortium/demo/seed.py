"""Loading the demo data through the domain services, as the operators' tools (SYSTEM).

Idempotent: each item is looked up by its natural key (slug, e-mail) first and skipped when
it exists, so a second run writes nothing. One function per domain, called in dependency
order by `seed_demo`; services flush, the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pyotp

from consortium.auth import second_factor
from consortium.auth.models import User, find_user_by_email
from consortium.auth.policy import must_use_second_factor
from consortium.auth.schemas import NewAccount
from consortium.auth.services import create_user
from consortium.core.actors import SYSTEM
from consortium.db import db, utcnow
from consortium.demo import data, statements_data
from consortium.demo.experts_data import seed_experts
from consortium.i18n.text import fold_tokens
from consortium.organisations.models import Organisation, ThematicArea
from consortium.organisations.schemas import AreaInput, NewOrganisation
from consortium.organisations.services import create_organisation, get_by_slug, save_area
from consortium.statements import services as statement_services
from consortium.statements import signing, workflow
from consortium.statements.schemas import (
    CommentInput,
    DecisionInput,
    DraftEdit,
    NewStatement,
    PublishInput,
    SignatureInput,
    TextInput,
)


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
    statements: int = 0
    experts: int = 0
    accounts: list[DemoAccount] = field(default_factory=list)
    password: str = data.DEMO_PASSWORD
    totp_secret: str = data.DEMO_TOTP_SECRET

    def created(self) -> dict[str, int]:
        return {
            "thematic areas": self.areas,
            "organisations": self.organisations,
            "users": self.users,
            "statements": self.statements,
            "experts": self.experts,
        }

    @property
    def created_anything(self) -> bool:
        return any(self.created().values())


def seed_demo() -> SeedReport:
    """Load every demo item that is not there yet; flush only (the caller commits)."""
    report = SeedReport()
    areas = seed_areas(report)
    organisations = seed_organisations(report, areas)
    people = seed_people(report, organisations)
    seed_statements(report, areas, organisations, people)
    seed_experts(report, areas, organisations, people)
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
                grammatical_gender=item.get("grammatical_gender", ""),
            )
            user = create_user(new, organisation=organisation, actor=SYSTEM)
            report.users += 1
        if must_use_second_factor(user) and not user.has_second_factor:
            secret = data.DEMO_TOTP_SECRET
            code = pyotp.TOTP(secret).now()
            second_factor.enable(user, secret=secret, code=code, actor=SYSTEM)
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


def seed_statements(
    report: SeedReport,
    areas: dict[str, ThematicArea],
    organisations: dict[str, Organisation],
    people: dict[str, User],
) -> None:
    """One joint statement at every stage, each carried there by the people who would."""
    coordinator = people["koordinatorka@consortium.example"]
    for item in statements_data.STATEMENTS:
        original_title = item["texts"][item["original"]][0]
        if statement_services.get_by_slug("-".join(fold_tokens(original_title))) is not None:
            continue
        author = people[item["author"]]
        title, body = item["texts"][item["original"]]
        statement = statement_services.create_draft(
            NewStatement(
                original_language=item["original"],
                original=TextInput(title, body),
                area_ids=tuple(areas[slug].id for slug in item["areas"]),
                invited_ids=tuple(organisations[slug].id for slug in item["invited"]),
            ),
            actor=author,
        )
        report.statements += 1
        translations = {code: TextInput(*text) for code, text in item["texts"].items()}
        _save(statement, translations, author)
        if "revise" in item:
            _save(statement, {**translations, item["original"]: TextInput(*item["revise"])}, author)
        for email, paragraph, body in item.get("comments", []):
            statement_services.add_comment(
                statement, CommentInput(body, paragraph=paragraph), actor=people[email]
            )
        for email, appearance in item["signatures"]:
            signing.sign(
                statement,
                SignatureInput(True, appearance, seen_revision=statement.revision_number),
                actor=people[email],
            )
        if item["stage"] == "draft":
            continue
        workflow.submit(statement, actor=author)
        if item["stage"] == "in_review":
            continue
        decision = {"changes_requested": "request_changes", "rejected": "reject"}.get(
            item["stage"], "approve"
        )
        note = item.get("request_changes") or item.get("reject") or ""
        workflow.decide(
            statement, DecisionInput(decision, note, statement.review_round), actor=coordinator
        )
        if item["stage"] in ("changes_requested", "rejected"):
            continue
        if item["stage"] == "scheduled":
            later = utcnow() + timedelta(days=7)
            workflow.publish(statement, PublishInput(at=later), actor=coordinator)
            continue
        workflow.publish(statement, PublishInput(), actor=coordinator)
        if item["stage"] == "withdrawn":
            workflow.withdraw_publication(statement, item["withdrawal"], actor=coordinator)


def _save(statement, texts: dict[str, TextInput], actor: User) -> None:  # type: ignore[no-untyped-def]
    statement_services.save_draft(
        statement,
        DraftEdit(
            seen_revision=statement.revision_number,
            texts=texts,
            area_ids=tuple(a.id for a in statement.areas),
            invited_ids=tuple(i.organisation_id for i in statement.invitations),
            faithful=frozenset(code for code in texts if code != statement.original_language),
        ),
        actor=actor,
    )
