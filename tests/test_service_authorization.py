"""Every service that acts for someone asks the policy first, and refuses before writing.

The idea of CKAN's auth audit ("Action function X did not call its auth function"): each
public service function with a required keyword-only `actor` has a row here, called once by
someone the policy refuses (it must raise 403/404 and leave every table and the session
untouched) and once by someone it allows (it must go through, so the refusal came from the
actor and not from bad arguments). A new service without a row fails
`test_every_service_that_acts_for_someone_is_in_the_table`.
"""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pyotp
import pytest
from werkzeug.exceptions import Forbidden, NotFound

import consortium
from consortium.auth import deletion, personal_data, second_factor
from consortium.auth import services as accounts
from consortium.auth.models import AuthSession
from consortium.auth.schemas import AccountProfile, NewAccount
from consortium.auth.tokens import digest, new_token
from consortium.core.actors import SYSTEM
from consortium.db import db, utcnow
from consortium.experts import contact as expert_contact
from consortium.experts import services as experts
from consortium.experts.schemas import ExpertProfile
from consortium.organisations import membership, services
from consortium.organisations.schemas import (
    AreaInput,
    InvitationRequest,
    NewOrganisation,
    OrganisationProfile,
)
from consortium.pages import services as pages
from consortium.statements import services as statements
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
from consortium.tokens import services as tokens
from tests.conftest import PASSWORD
from tests.factories import TEST_TOTP_SECRET


@dataclass(frozen=True)
class Row:
    call: Callable[[dict], object]  # given the cast and the actor, calls the service
    refused: str  # a persona the policy refuses
    allowed: str  # a persona the policy allows


def _code() -> str:
    """The current code of the cast's authenticator app (tests/auth/factories.py)."""
    return pyotp.TOTP(TEST_TOTP_SECRET).now()


def _names() -> dict:
    return {
        code: f"Cyber ({code})"
        for code in ("en", "sq", "sr-latn", "sr-cyrl", "mk", "bs", "hr", "cnr")
    }


def _profile(**changes) -> OrganisationProfile:
    fields = {"name": "Qendra Kosovare", "country": "XK", "original_language": "sq"}
    return OrganisationProfile(**{**fields, **changes})


def _session_of(person) -> int:
    row = AuthSession(
        token_hash=digest(new_token()), user_id=person.id, expires_at=utcnow() + timedelta(hours=1)
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def _png() -> io.BytesIO:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(data, format="PNG")
    data.seek(0)
    return data


def _expert_profile(org) -> ExpertProfile:
    return ExpertProfile(
        name="Arben Krasniqi", country="XK", original_language="sq", organisation_id=org.id
    )


def _text() -> TextInput:
    return TextInput("Zajednički stav", "Prvi pasus.\n\nDrugi pasus.")


def _edit(statement) -> DraftEdit:
    return DraftEdit(seen_revision=statement.revision_number, texts={"sr-latn": _text()})


TABLE: dict[str, Row] = {
    "statements.services.create_draft": Row(
        lambda c: statements.create_draft(NewStatement("sr-latn", _text()), actor=c["actor"]),
        refused="member",
        allowed="staff",
    ),
    "statements.services.save_draft": Row(
        lambda c: statements.save_draft(c["draft"], _edit(c["draft"]), actor=c["actor"]),
        refused="other_org_admin",
        allowed="staff",
    ),
    "statements.services.add_comment": Row(
        lambda c: statements.add_comment(c["draft"], CommentInput("Dobro."), actor=c["actor"]),
        refused="member",
        allowed="other_org_admin",
    ),
    "statements.services.resolve_comment": Row(
        lambda c: statements.resolve_comment(c["comment"], actor=c["actor"]),
        refused="member",
        allowed="staff",
    ),
    "statements.signing.sign": Row(
        lambda c: signing.sign(
            c["draft"],
            SignatureInput(sign=True, seen_revision=c["draft"].revision_number),
            actor=c["actor"],
        ),
        refused="staff",
        allowed="other_org_admin",
    ),
    "statements.signing.withdraw_signature": Row(
        lambda c: signing.withdraw_signature(c["signed"], actor=c["actor"]),
        refused="staff",
        allowed="org_admin",
    ),
    "statements.workflow.submit": Row(
        lambda c: workflow.submit(c["draft"], actor=c["actor"]),
        refused="other_org_admin",
        allowed="staff",
    ),
    "statements.workflow.decide": Row(
        lambda c: workflow.decide(
            c["in_review"],
            DecisionInput("request_changes", "Shorter.", c["in_review"].review_round),
            actor=c["actor"],
        ),
        refused="org_admin",
        allowed="coordinator",
    ),
    "statements.workflow.publish": Row(
        lambda c: workflow.publish(c["approved"], PublishInput(), actor=c["actor"]),
        refused="org_admin",
        allowed="coordinator",
    ),
    "statements.workflow.publish_due": Row(
        lambda c: workflow.publish_due(actor=c["actor"]),
        refused="__never__",
        allowed="coordinator",
    ),
    "statements.workflow.withdraw_publication": Row(
        lambda c: workflow.withdraw_publication(c["published"], "Outdated.", actor=c["actor"]),
        refused="org_admin",
        allowed="coordinator",
    ),
    "auth.services.change_password": Row(
        lambda c: accounts.change_password(
            c["member"], current=PASSWORD, new="sunce-nad-morem-2026", actor=c["actor"]
        ),
        refused="staff",
        allowed="member",
    ),
    "auth.services.end_session": Row(
        lambda c: accounts.end_session(c["member"], c["member_session"], actor=c["actor"]),
        refused="org_admin",
        allowed="member",
    ),
    "auth.services.end_other_sessions": Row(
        lambda c: accounts.end_other_sessions(c["member"], actor=c["actor"]),
        refused="admin",
        allowed="member",
    ),
    "auth.services.update_profile": Row(
        lambda c: accounts.update_profile(
            c["member"], AccountProfile(name="Dara M.", language="sq"), actor=c["actor"]
        ),
        refused="org_admin",
        allowed="member",
    ),
    "auth.services.create_user": Row(
        lambda c: accounts.create_user(
            NewAccount("new@example.org", "New Person", "coordinator", "sunce-nad-morem-2026"),
            actor=c["actor"],
        ),
        refused="coordinator",
        allowed="admin",
    ),
    "auth.services.set_consortium_roles": Row(
        lambda c: accounts.set_consortium_roles(
            c["staff"], coordinator=True, admin=False, actor=c["actor"]
        ),
        refused="coordinator",
        allowed="admin",
    ),
    "auth.services.set_active": Row(
        lambda c: accounts.set_active(c["staff"], active=False, actor=c["actor"]),
        refused="coordinator",
        allowed="admin",
    ),
    "auth.services.search_users": Row(
        lambda c: accounts.search_users("dara", actor=c["actor"]),
        refused="org_admin",
        allowed="admin",
    ),
    "auth.services.end_sessions_of": Row(
        lambda c: accounts.end_sessions_of(c["member"], actor=c["actor"]),
        refused="coordinator",
        allowed="admin",
    ),
    "auth.personal_data.export": Row(
        lambda c: personal_data.export(c["member"], actor=c["actor"]),
        refused="admin",  # one's own data only: nobody downloads someone else's
        allowed="member",
    ),
    "auth.deletion.delete_account": Row(
        lambda c: deletion.delete_account(
            c["member"], password=PASSWORD, code=None, actor=c["actor"]
        ),
        refused="admin",  # nobody deletes someone else's account here
        allowed="member",
    ),
    "auth.second_factor.enable": Row(
        lambda c: second_factor.enable(
            c["member"], secret=TEST_TOTP_SECRET, code=_code(), actor=c["actor"]
        ),
        refused="staff",
        allowed="member",
    ),
    "auth.second_factor.disable": Row(
        lambda c: second_factor.disable(
            c["coordinator"], password=PASSWORD, code=_code(), actor=c["actor"]
        ),
        refused="admin",  # nobody turns off someone else's, not even an admin (they reset it)
        allowed="coordinator",
    ),
    "auth.second_factor.renew_recovery_codes": Row(
        lambda c: second_factor.renew_recovery_codes(c["coordinator"], actor=c["actor"]),
        refused="admin",
        allowed="coordinator",
    ),
    "auth.second_factor.reset": Row(
        lambda c: second_factor.reset(c["coordinator"], actor=c["actor"]),
        refused="coordinator",
        allowed="admin",
    ),
    "organisations.services.create_organisation": Row(
        lambda c: services.create_organisation(
            NewOrganisation(slug="new-org", name="New", country="AL"), actor=c["actor"]
        ),
        refused="org_admin",
        allowed="coordinator",
    ),
    "organisations.services.update_profile": Row(
        lambda c: services.update_profile(
            c["org"], _profile(city="Prizren"), seen_version=1, actor=c["actor"]
        ),
        refused="other_org_admin",
        allowed="org_admin",
    ),
    "organisations.services.save_area": Row(
        lambda c: services.save_area(None, AreaInput("cyber", _names()), actor=c["actor"]),
        refused="org_admin",
        allowed="coordinator",
    ),
    "organisations.membership.invite": Row(
        lambda c: membership.invite(
            c["org"], InvitationRequest("new@example.org", "staff", "sq"), actor=c["actor"]
        ),
        refused="staff",
        allowed="org_admin",
    ),
    "organisations.membership.revoke_invitation": Row(
        lambda c: membership.revoke_invitation(c["invitation"], actor=c["actor"]),
        refused="other_org_admin",
        allowed="org_admin",
    ),
    "organisations.membership.change_role": Row(
        lambda c: membership.change_role(c["staff"], role="member", actor=c["actor"]),
        refused="other_org_admin",
        allowed="org_admin",
    ),
    "organisations.membership.place_person": Row(
        lambda c: membership.place_person(
            c["staff"], c["other_org"], role="member", actor=c["actor"]
        ),
        refused="coordinator",
        allowed="admin",
    ),
    "pages.services.save_page": Row(
        lambda c: pages.save_page("privacy", "sq", "Privatësia", "Teksti.", actor=c["actor"]),
        refused="coordinator",
        allowed="admin",
    ),
    "experts.services.create": Row(
        lambda c: experts.create(_expert_profile(c["org"]), actor=c["actor"]),
        refused="member",
        allowed="staff",
    ),
    "experts.services.update": Row(
        lambda c: experts.update(
            c["expert"], _expert_profile(c["org"]), seen_version=1, actor=c["actor"]
        ),
        refused="other_org_admin",
        allowed="staff",
    ),
    "experts.services.set_photo": Row(
        lambda c: experts.set_photo(c["expert"], _png(), actor=c["actor"]),
        refused="member",
        allowed="org_admin",
    ),
    "experts.services.remove_photo": Row(
        lambda c: experts.remove_photo(c["expert"], actor=c["actor"]),
        refused="other_org_admin",
        allowed="staff",
    ),
    "experts.services.set_verified": Row(
        lambda c: experts.set_verified(c["expert"], True, actor=c["actor"]),
        refused="org_admin",
        allowed="coordinator",
    ),
    "experts.services.request_removal": Row(
        lambda c: experts.request_removal(c["linked_expert"], actor=c["actor"]),
        refused="coordinator",
        allowed="member",
    ),
    "experts.services.delete": Row(
        lambda c: experts.delete(c["expert"], actor=c["actor"]),
        refused="org_admin",
        allowed="coordinator",
    ),
    "experts.contact.invite_to_claim": Row(
        lambda c: expert_contact.invite_to_claim(
            c["expert"], "arben@example.org", language="sq", actor=c["actor"]
        ),
        refused="staff",
        allowed="coordinator",
    ),
    "tokens.services.create": Row(
        lambda c: tokens.create(
            c["member"], name="site", scope="read", expires_days=30, actor=c["actor"]
        ),
        refused="admin",  # nobody creates a token for someone else, not even an admin
        allowed="member",
    ),
    "tokens.services.revoke_all": Row(
        lambda c: tokens.revoke_all(c["member"], actor=c["actor"]),
        refused="coordinator",  # the owner, or the admin who deactivates the account
        allowed="admin",
    ),
    "tokens.services.revoke": Row(
        lambda c: tokens.revoke(c["member_token"], actor=c["actor"]),
        refused="coordinator",
        allowed="member",
    ),
    "organisations.membership.remove_person": Row(
        lambda c: membership.remove_person(c["staff"], actor=c["actor"]),
        refused="member",
        allowed="org_admin",
    ),
}


def _acting_services() -> set[str]:
    """Public functions anywhere in the package that take a required keyword-only `actor`."""
    found = set()
    for module_info in pkgutil.walk_packages(consortium.__path__, "consortium."):
        module = importlib.import_module(module_info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            actor = inspect.signature(function).parameters.get("actor")
            if (
                actor is not None
                and actor.kind is inspect.Parameter.KEYWORD_ONLY
                and actor.default is inspect.Parameter.empty
            ):
                found.add(module.__name__.removeprefix("consortium.") + "." + name)
    return found


def test_every_service_that_acts_for_someone_is_in_the_table():
    found = _acting_services()
    assert "organisations.membership.invite" in found, "the scan finds the services"
    assert found == set(TABLE), (
        f"missing rows: {sorted(found - set(TABLE))}; stale rows: {sorted(set(TABLE) - found)}"
    )


def _snapshot() -> dict[str, list]:
    """Every row of every table, so a refusal can be shown to have written nothing."""
    db.session.flush()
    return {
        table.name: sorted(map(tuple, db.session.execute(table.select()).all()), key=repr)
        for table in db.metadata.sorted_tables
    }


@pytest.fixture
def cast(app, org, other_org, org_admin, staff, member, other_org_admin, coordinator, admin):
    invitation = membership.invite(
        org, InvitationRequest("invited@example.org", "member", "en"), actor=SYSTEM
    )
    return {
        "org": org,
        "other_org": other_org,
        "org_admin": org_admin,
        "staff": staff,
        "member": member,
        "other_org_admin": other_org_admin,
        "coordinator": coordinator,
        "admin": admin,
        "invitation": invitation,
        "member_session": _session_of(member),
        **_statements(org_admin, staff, other_org, coordinator),
        **_experts(org, member),
        "member_token": tokens.create(
            member, name="script", scope="read", expires_days=30, actor=SYSTEM
        )[0],
    }


def _experts(org, member) -> dict:
    """A profile of the Kosovo organisation, and one linked to the member's account."""
    expert = experts.create(_expert_profile(org), actor=SYSTEM)
    linked = experts.create(
        ExpertProfile(name="Dara Member", country="XK", original_language="sq"), actor=SYSTEM
    )
    linked.user_id = member.id
    db.session.flush()
    return {"expert": expert, "linked_expert": linked}


def _statements(org_admin, staff, other_org, coordinator) -> dict:
    """A statement at each stage, by the Kosovo organisation, the Serbian one invited."""
    from tests.statements import calls

    def at(stage: str):
        statement = calls.draft(staff, invited=[other_org], title=f"Stav {stage}")
        if stage == "draft":
            return statement
        calls.sign(statement, org_admin)
        if stage == "signed":
            return statement
        workflow.submit(statement, actor=staff)
        if stage == "in_review":
            return statement
        calls.decide(statement, coordinator)
        if stage == "approved":
            return statement
        calls.publish(statement, coordinator)
        return statement

    draft = at("draft")
    comment = statements.add_comment(draft, CommentInput("Prvi komentar."), actor=staff)
    return {
        "draft": draft,
        "comment": comment,
        "signed": at("signed"),
        "in_review": at("in_review"),
        "approved": at("approved"),
        "published": at("published"),
    }


@pytest.mark.parametrize("name", sorted(TABLE))
def test_a_refused_actor_is_stopped_before_anything_is_written(cast, name):
    row = TABLE[name]
    if row.refused == "__never__":
        pytest.skip("a worker's pass: each publication inside it asks the policy")
    before = _snapshot()
    with pytest.raises((Forbidden, NotFound)):
        row.call({**cast, "actor": cast[row.refused]})
    assert not (db.session.new or db.session.dirty or db.session.deleted), "nothing pending"
    assert _snapshot() == before, "nothing written"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_an_allowed_actor_goes_through(app, cast, name):
    row = TABLE[name]
    with app.test_request_context("/en/"):  # some services end "all but this browser's" sessions
        row.call({**cast, "actor": cast[row.allowed]})


@pytest.mark.parametrize("name", sorted(TABLE))
def test_a_visitor_is_refused(cast, name):
    from flask_login import AnonymousUserMixin

    if TABLE[name].refused == "__never__":
        pytest.skip("a worker's pass: each publication inside it asks the policy")
    before = _snapshot()
    with pytest.raises((Forbidden, NotFound)):
        TABLE[name].call({**cast, "actor": AnonymousUserMixin()})
    assert _snapshot() == before
