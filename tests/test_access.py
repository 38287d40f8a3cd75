"""Every route of the application, for every role: the answer each person gets.

A route missing from ROUTES fails `test_every_route_is_in_the_table`, so each new page
joins this table with the expected answer for every role (DESIGN.md, "What each may do").
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest

from consortium.auth.models import PasswordReset
from consortium.auth.tokens import digest
from consortium.core.actors import SYSTEM
from consortium.db import db, utcnow
from consortium.experts import services as expert_services
from consortium.experts.models import ExpertInvitation
from consortium.experts.schemas import ContactInput, ExpertProfile
from consortium.mail.models import OutboxMessage
from consortium.organisations.models import Invitation
from consortium.statements import services as statement_services
from consortium.statements.schemas import CommentInput
from consortium.tokens import services as token_services
from tests import factories
from tests.statements import calls as statement_calls

ROLES = (
    "visitor",
    "member",
    "staff",
    "org_admin",
    "other_org_admin",
    "coordinator",
    "admin",
    "loner",  # signed in, in no organisation
    "listed_coordinator",  # a coordinator who is also a member of the organisation
)
INVITATION_TOKEN = "invitation-token-for-the-access-table"
RESET_TOKEN = "reset-token-for-the-access-table"
EXPERT_TOKEN = "expert-claim-token-for-the-access-table"


def answers(
    visitor,
    member,
    staff,
    org_admin,
    other_org_admin,
    coordinator,
    admin,
    *,
    loner=None,
    listed=None,
):
    """The answer for each persona. Someone in no organisation gets what a member gets unless
    said otherwise (nothing here is for members only), and a coordinator listed in an
    organisation what any coordinator gets: their organisation gives them nothing more."""
    return dict(
        zip(
            ROLES,
            (
                visitor,
                member,
                staff,
                org_admin,
                other_org_admin,
                coordinator,
                admin,
                member if loner is None else loner,
                coordinator if listed is None else listed,
            ),
            strict=True,
        )
    )


ALL_200 = answers(*[200] * 7)
SIGNED_IN = answers(302, 200, 200, 200, 200, 200, 200)
LOGIN = "/en/login"
ORG_MANAGERS = answers(302, 403, 403, 200, 403, 200, 200)
CONSORTIUM_WIDE = answers(302, 403, 403, 403, 403, 200, 200)
ADMIN_ONLY_HIDDEN = answers(302, 404, 404, 404, 404, 404, 200)
# The expert of the `world` belongs to the Kosovo organisation (staff and org admin edit it).
EXPERT_EDITORS = answers(302, 403, 200, 200, 403, 200, 200, loner=403)
EXPERT_EDITORS_REDIRECTED = answers(302, 403, 302, 302, 403, 302, 302, loner=403)
COORDINATORS_REDIRECTED = answers(302, 403, 403, 403, 403, 302, 302, loner=403)
CREATORS = answers(302, 403, 200, 200, 200, 200, 200, loner=403)
MEMBERS = answers(302, 200, 200, 200, 200, 200, 200, loner=403)
FOLLOWED_LINK = answers(*[303] * 7)
NO_LINK_FOLLOWED = answers(*[404] * 7)


@dataclass(frozen=True)
class Route:
    path: str  # formatted with the objects made by the `world` fixture
    expected: dict[str, int]
    data: dict | None = None

    @property
    def protected(self) -> bool:
        """Signed-in people get something a visitor does not: the visitor must sign in."""
        return self.expected["visitor"] == 302 and any(
            code != 302 for role, code in self.expected.items() if role != "visitor"
        )


ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "core.root"): Route("/", answers(*[302] * 7)),
    ("GET", "core.health"): Route("/healthz", ALL_200),
    ("GET", "static"): Route("/static/css/site.css", ALL_200),
    ("GET", "home.index"): Route("/en/", ALL_200),
    ("GET", "auth.login"): Route("/en/login", answers(200, *[302] * 6)),
    ("POST", "auth.login"): Route("/en/login", answers(200, *[302] * 6), data={}),
    ("POST", "auth.logout"): Route("/en/logout", answers(*[302] * 7)),
    # A mailed link moves its token into the session and drops it from the address (303);
    # the page without it shows nothing to a browser that followed no link (404).
    ("GET", "organisations.accept_invitation"): Route(
        "/en/invitation/{invitation_token}", FOLLOWED_LINK
    ),
    ("POST", "organisations.accept_invitation"): Route(
        "/en/invitation/{invitation_token}", ALL_200, data={}
    ),
    ("GET", "auth.forgot_password"): Route("/en/forgot-password", ALL_200),
    ("POST", "auth.forgot_password"): Route("/en/forgot-password", ALL_200, data={}),
    ("GET", "auth.reset_password"): Route("/en/reset-password/{reset_token}", FOLLOWED_LINK),
    ("POST", "auth.reset_password"): Route("/en/reset-password/{reset_token}", ALL_200, data={}),
    ("GET", "auth.new_password"): Route("/en/reset-password", NO_LINK_FOLLOWED),
    ("POST", "auth.new_password"): Route("/en/reset-password", NO_LINK_FOLLOWED, data={}),
    ("GET", "organisations.join"): Route("/en/invitation", NO_LINK_FOLLOWED),
    ("POST", "organisations.join"): Route("/en/invitation", NO_LINK_FOLLOWED, data={}),
    ("GET", "auth.account"): Route("/en/account", SIGNED_IN),
    ("POST", "auth.account"): Route("/en/account", SIGNED_IN, data={"name": "", "language": "en"}),
    ("POST", "auth.change_password"): Route(
        "/en/account/password", answers(302, *[400] * 6), data={}
    ),
    ("GET", "auth.end_session"): Route(
        "/en/account/sessions/999999/end", answers(302, *[404] * 6), data={}
    ),
    ("GET", "auth.end_other_sessions"): Route("/en/account/sessions/end-others", SIGNED_IN),
    ("POST", "auth.end_session"): Route(
        "/en/account/sessions/999999/end", answers(302, *[404] * 6), data={}
    ),
    ("POST", "auth.end_other_sessions"): Route(
        "/en/account/sessions/end-others", answers(302, *[302] * 6), data={}
    ),
    # Second factor and password confirmation: people of the cast are enrolled only if they
    # are coordinators or admins (tests/auth/factories.py); nobody has a sign-in pending.
    ("GET", "auth.login_code"): Route("/en/login/code", answers(*[302] * 7)),
    ("POST", "auth.login_code"): Route("/en/login/code", answers(*[302] * 7), data={}),
    ("GET", "auth.reauthenticate"): Route("/en/confirm-password", SIGNED_IN),
    ("POST", "auth.reauthenticate"): Route("/en/confirm-password", SIGNED_IN, data={}),
    ("GET", "auth.second_factor"): Route("/en/account/second-factor", SIGNED_IN),
    ("POST", "auth.second_factor"): Route(
        "/en/account/second-factor", answers(302, *[400] * 4, 200, 200), data={}
    ),
    ("GET", "auth.disable_second_factor"): Route(
        "/en/account/second-factor/disable", answers(302, *[302] * 4, 200, 200)
    ),
    ("POST", "auth.disable_second_factor"): Route(
        "/en/account/second-factor/disable", answers(302, *[302] * 4, 400, 400), data={}
    ),
    ("GET", "auth.renew_recovery_codes"): Route(
        "/en/account/second-factor/recovery-codes", answers(302, *[302] * 4, 200, 200)
    ),
    ("POST", "auth.renew_recovery_codes"): Route(
        "/en/account/second-factor/recovery-codes", answers(302, *[302] * 4, 200, 200), data={}
    ),
    # One's own data (issue 12). Deleting: the confirmation page for everyone signed in (it
    # says so when they are the last admin); a POST without the password is a form error.
    ("GET", "auth.personal_data_download"): Route("/en/account/data.json", SIGNED_IN),
    ("GET", "auth.delete_account"): Route("/en/account/delete", SIGNED_IN),
    ("POST", "auth.delete_account"): Route("/en/account/delete", answers(302, *[400] * 6), data={}),
    ("GET", "organisations.index"): Route("/en/organisations/", ALL_200),
    ("GET", "statements.index"): Route("/en/statements/", ALL_200),
    ("GET", "search.index"): Route("/en/search?q=stav", ALL_200),
    # A draft is known only to its organisation's staff and admins (and invited ones) and
    # to coordinators: members of the same organisation and everyone else get a 404. So do
    # visitors: a sign-in redirect would confirm that a draft with that slug exists.
    ("GET", "statements.detail"): Route(
        "/en/statements/{statement}", answers(404, 404, 200, 200, 404, 200, 200, loner=404)
    ),
    ("GET", "statements.feed"): Route("/en/statements/feed.atom", ALL_200),
    ("GET", "statements.area_feed"): Route("/en/statements/areas/{area}/feed.atom", ALL_200),
    # Drafting (issue 8): starting needs staff or org admin rights somewhere (or coordinator);
    # the draft's pages follow the draft's visibility. The world's draft invites nobody.
    ("GET", "statements.new"): Route(
        "/en/statements/new", answers(302, 403, 200, 200, 200, 200, 200, loner=403)
    ),
    ("POST", "statements.new"): Route(
        "/en/statements/new", answers(302, 403, 200, 200, 200, 200, 200, loner=403), data={}
    ),
    ("GET", "statements.drafts"): Route(
        "/en/statements/drafts", answers(302, 403, 200, 200, 200, 200, 200, loner=403)
    ),
    ("GET", "statements.edit"): Route(
        "/en/statements/{statement}/edit", answers(302, 404, 200, 200, 404, 200, 200, loner=404)
    ),
    ("POST", "statements.edit"): Route(
        "/en/statements/{statement}/edit",
        answers(302, 404, 200, 200, 404, 200, 200, loner=404),
        data={},
    ),
    ("GET", "statements.history"): Route(
        "/en/statements/{statement}/history",
        answers(302, 404, 200, 200, 404, 200, 200, loner=404),
    ),
    ("GET", "statements.diff"): Route(
        "/en/statements/{statement}/diff",
        answers(302, 404, 200, 200, 404, 200, 200, loner=404),
    ),
    ("GET", "statements.comments"): Route(
        "/en/statements/{statement}/comments",
        answers(302, 404, 200, 200, 404, 200, 200, loner=404),
    ),
    ("POST", "statements.add_comment"): Route(
        "/en/statements/{statement}/comments",
        answers(302, 404, 400, 400, 404, 400, 400, loner=404),
        data={},
    ),
    ("POST", "statements.resolve_comment"): Route(
        "/en/statements/{statement}/comments/{comment}/resolve",
        answers(302, 404, 302, 302, 404, 302, 302, loner=404),
        data={},
    ),
    ("GET", "core.styleguide"): Route("/en/styleguide", answers(*[404] * 7)),
    ("GET", "organisations.create"): Route("/en/organisations/new", CONSORTIUM_WIDE),
    ("POST", "organisations.create"): Route("/en/organisations/new", CONSORTIUM_WIDE, data={}),
    ("GET", "organisations.detail"): Route("/en/organisations/{org}", ALL_200),
    ("GET", "organisations.edit"): Route("/en/organisations/{org}/edit", ORG_MANAGERS),
    ("POST", "organisations.edit"): Route("/en/organisations/{org}/edit", ORG_MANAGERS, data={}),
    ("GET", "organisations.people"): Route("/en/organisations/{org}/people", ORG_MANAGERS),
    ("POST", "organisations.invite"): Route(
        "/en/organisations/{org}/people/invite",
        answers(302, 403, 403, 400, 403, 400, 400),
        data={},
    ),
    ("POST", "organisations.change_role"): Route(
        "/en/organisations/{org}/people/{staff}/role",
        answers(302, 403, 403, 302, 403, 302, 302),
        data={"role": "member"},
    ),
    ("GET", "organisations.remove_person"): Route(
        "/en/organisations/{org}/people/{staff}/remove",
        answers(302, 403, 403, 200, 403, 200, 200),
    ),
    ("GET", "organisations.revoke_invitation"): Route(
        "/en/organisations/{org}/invitations/{invitation}/revoke",
        answers(302, 403, 403, 200, 403, 200, 200),
    ),
    ("POST", "organisations.remove_person"): Route(
        "/en/organisations/{org}/people/{staff}/remove",
        answers(302, 403, 403, 302, 403, 302, 302),
        data={},
    ),
    ("POST", "organisations.revoke_invitation"): Route(
        "/en/organisations/{org}/invitations/{invitation}/revoke",
        answers(302, 403, 403, 302, 403, 302, 302),
        data={},
    ),
    ("GET", "organisations.areas"): Route("/en/areas/", ALL_200),
    ("GET", "organisations.edit_area"): Route("/en/areas/{area}/edit", CONSORTIUM_WIDE),
    ("POST", "organisations.edit_area"): Route("/en/areas/new", CONSORTIUM_WIDE, data={}),
    ("GET", "pages.show"): Route("/en/pages/privacy", ALL_200),
    ("GET", "audit.index"): Route("/en/audit/", answers(302, 403, 403, 200, 200, 200, 200)),
    ("GET", "mail.mailbox"): Route("/en/admin/mailbox", ADMIN_ONLY_HIDDEN),
    ("GET", "mail.message"): Route("/en/admin/mailbox/{message}", ADMIN_ONLY_HIDDEN),
    ("GET", "admin.users"): Route("/en/admin/users", ADMIN_ONLY_HIDDEN),
    ("GET", "admin.user"): Route("/en/admin/users/{staff}", ADMIN_ONLY_HIDDEN),
    ("POST", "admin.place"): Route(
        "/en/admin/users/{staff}/organisation",
        answers(302, 404, 404, 404, 404, 404, 302),
        data={"organisation": "", "role": "member"},
    ),
    ("GET", "admin.reset_second_factor"): Route(
        "/en/admin/users/{staff}/second-factor/reset", ADMIN_ONLY_HIDDEN
    ),
    ("POST", "admin.reset_second_factor"): Route(
        "/en/admin/users/{staff}/second-factor/reset",
        answers(302, 404, 404, 404, 404, 404, 302),
        data={},
    ),
    ("GET", "admin.end_sessions"): Route("/en/admin/users/{staff}/sessions/end", ADMIN_ONLY_HIDDEN),
    ("POST", "admin.end_sessions"): Route(
        "/en/admin/users/{staff}/sessions/end", answers(302, 404, 404, 404, 404, 404, 302), data={}
    ),
    ("POST", "admin.user"): Route(
        "/en/admin/users/{staff}",
        answers(302, 404, 404, 404, 404, 404, 302),
        data={"coordinator": "y", "active": "y"},
    ),
    # Co-signing, review and publication (issue 8). Every page hides the statement (404)
    # from those it is not for; the world has a statement at each stage.
    ("GET", "statements.sign"): Route(
        "/en/statements/{statement}/sign", answers(302, 404, 404, 200, 404, 404, 404)
    ),
    ("POST", "statements.sign"): Route(
        "/en/statements/{statement}/sign", answers(302, 404, 404, 200, 404, 404, 404), data={}
    ),
    ("GET", "statements.withdraw_signature"): Route(
        "/en/statements/{in_review}/sign/withdraw", answers(302, 404, 404, 200, 404, 404, 404)
    ),
    ("POST", "statements.withdraw_signature"): Route(
        "/en/statements/{in_review}/sign/withdraw",
        answers(302, 404, 404, 302, 404, 404, 404),
        data={},
    ),
    ("GET", "statements.signatures"): Route(
        "/en/statements/{statement}/signatures",
        answers(302, 404, 200, 200, 404, 200, 200, loner=404),
    ),
    ("POST", "statements.submit"): Route(
        "/en/statements/{statement}/submit", answers(302, 404, 302, 302, 404, 404, 404), data={}
    ),
    # Nobody decides on, or publishes, a statement of their own organisation.
    ("GET", "statements.review"): Route(
        "/en/statements/{in_review}/review", answers(302, 404, 404, 404, 404, 200, 200, listed=404)
    ),
    ("POST", "statements.review"): Route(
        "/en/statements/{in_review}/review",
        answers(302, 404, 404, 404, 404, 200, 200, listed=404),
        data={},
    ),
    ("GET", "statements.publish"): Route(
        "/en/statements/{approved}/publish", answers(302, 404, 404, 404, 404, 200, 200, listed=404)
    ),
    ("POST", "statements.publish"): Route(
        "/en/statements/{approved}/publish",
        answers(302, 404, 404, 404, 404, 200, 200, listed=404),
        data={},
    ),
    ("GET", "statements.withdraw"): Route(
        "/en/statements/{published}/withdraw", answers(302, 404, 404, 404, 404, 200, 200)
    ),
    ("POST", "statements.withdraw"): Route(
        "/en/statements/{published}/withdraw", answers(302, 404, 404, 404, 404, 400, 400), data={}
    ),
    ("GET", "tokens.index"): Route("/en/account/tokens", SIGNED_IN),
    ("POST", "tokens.index"): Route("/en/account/tokens", SIGNED_IN, data={}),
    # The member's token: nobody else learns that it exists.
    ("GET", "tokens.revoke"): Route(
        "/en/account/tokens/{token}/revoke", answers(302, 200, *[404] * 5, loner=404)
    ),
    ("POST", "tokens.revoke"): Route(
        "/en/account/tokens/{token}/revoke", answers(302, 302, *[404] * 5, loner=404), data={}
    ),
    ("GET", "api-docs.openapi_json"): Route("/api/v1/openapi.json", ALL_200),
    ("GET", "api.docs_page"): Route("/api/v1/docs", ALL_200),
    ("GET", "widgets.preview"): Route("/en/widgets/", ALL_200),
    ("GET", "widgets.statements_widget"): Route("/en/widgets/statements", ALL_200),
    ("GET", "api.docs_asset"): Route("/api/v1/docs/assets/swagger-ui.css", ALL_200),
    ("GET", "api.static"): Route("/api/v1/docs/static/swagger-init.js", ALL_200),
    ("GET", "api_organisations.organisations"): Route("/api/v1/organisations/", ALL_200),
    ("GET", "api_organisations.organisation"): Route("/api/v1/organisations/{org_id}", ALL_200),
    ("GET", "api_organisations.thematic_areas"): Route("/api/v1/thematic-areas/", ALL_200),
    ("GET", "api_experts.experts"): Route("/api/v1/experts/", ALL_200),
    ("GET", "api_experts.expert"): Route("/api/v1/experts/{expert_id}", ALL_200),
    ("GET", "api_statements.statements"): Route("/api/v1/statements/", ALL_200),
    # A draft: read by those who read it on the site; unknown to everyone else (404).
    ("GET", "api_statements.statement"): Route(
        "/api/v1/statements/{statement_id}", answers(404, 404, 200, 200, 404, 200, 200, loner=404)
    ),
    # The write API: a visitor is asked for a token (401); a draft stays unknown (404) to
    # those its page hides it from. Without a body: 400 (a required field is missing); an
    # edit without If-Match: 428.
    ("POST", "api_statement_writes.create"): Route(
        "/api/v1/statements/", answers(401, 403, 400, 400, 400, 400, 400, loner=403), data={}
    ),
    ("PATCH", "api_statement_writes.edit"): Route(
        "/api/v1/statements/{statement_id}",
        answers(401, 404, 428, 428, 404, 428, 428, loner=404),
        data={},
    ),
    ("POST", "api_statement_writes.signature"): Route(
        "/api/v1/statements/{statement_id}/signature",
        answers(401, 404, 404, 400, 404, 404, 404),
        data={},
    ),
    ("POST", "api_statement_writes.submit"): Route(
        "/api/v1/statements/{statement_id}/submit",
        answers(401, 404, 200, 200, 404, 404, 404),
        data={},
    ),
    ("POST", "api_statement_writes.decision"): Route(
        "/api/v1/statements/{in_review_id}/decision",
        answers(401, 404, 404, 404, 404, 400, 400, listed=404),
        data={},
    ),
    ("POST", "api_statement_writes.publish"): Route(
        "/api/v1/statements/{approved_id}/publish",
        answers(401, 404, 404, 404, 404, 200, 200, listed=404),
        data={},
    ),
    ("GET", "api_search.search"): Route("/api/v1/search?q=stav", ALL_200),
    ("GET", "experts.index"): Route("/en/experts/", ALL_200),
    ("GET", "experts.detail"): Route("/en/experts/{expert}", ALL_200),
    ("GET", "experts.vcard_download"): Route("/en/experts/{expert}/vcard.vcf", ALL_200),
    ("GET", "experts.photo"): Route("/en/experts/{expert}/photo", answers(*[404] * 7)),
    ("GET", "experts.create"): Route("/en/experts/new", CREATORS),
    ("POST", "experts.create"): Route("/en/experts/new", CREATORS, data={}),
    ("GET", "experts.edit"): Route("/en/experts/{expert}/edit", EXPERT_EDITORS),
    ("POST", "experts.edit"): Route("/en/experts/{expert}/edit", EXPERT_EDITORS, data={}),
    ("POST", "experts.upload_photo"): Route(
        "/en/experts/{expert}/photo", EXPERT_EDITORS_REDIRECTED, data={}
    ),
    ("GET", "experts.remove_photo"): Route("/en/experts/{expert}/photo/remove", EXPERT_EDITORS),
    ("POST", "experts.remove_photo"): Route(
        "/en/experts/{expert}/photo/remove", EXPERT_EDITORS_REDIRECTED, data={}
    ),
    ("POST", "experts.verify"): Route(
        "/en/experts/{expert}/verify", COORDINATORS_REDIRECTED, data={}
    ),
    ("GET", "experts.unverify"): Route("/en/experts/{expert}/unverify", CONSORTIUM_WIDE),
    ("POST", "experts.unverify"): Route(
        "/en/experts/{expert}/unverify", COORDINATORS_REDIRECTED, data={}
    ),
    ("GET", "experts.delete"): Route("/en/experts/{expert}/delete", CONSORTIUM_WIDE),
    ("POST", "experts.delete"): Route(
        "/en/experts/{expert}/delete", COORDINATORS_REDIRECTED, data={}
    ),
    # Only the expert whose account is linked may ask (nobody here is).
    ("GET", "experts.request_removal"): Route(
        "/en/experts/{expert}/removal", answers(302, *[403] * 6)
    ),
    ("POST", "experts.request_removal"): Route(
        "/en/experts/{expert}/removal", answers(302, *[403] * 6), data={}
    ),
    ("GET", "experts.write"): Route("/en/experts/{expert}/contact", MEMBERS),
    ("POST", "experts.write"): Route("/en/experts/{expert}/contact", MEMBERS, data={}),
    ("GET", "experts.invite"): Route("/en/experts/{expert}/invite", CONSORTIUM_WIDE),
    ("POST", "experts.invite"): Route("/en/experts/{expert}/invite", CONSORTIUM_WIDE, data={}),
    ("GET", "experts.claim"): Route("/en/experts/claim/{expert_token}", FOLLOWED_LINK),
    ("POST", "experts.claim"): Route("/en/experts/claim/{expert_token}", ALL_200, data={}),
    ("GET", "experts.claim_profile"): Route("/en/experts/claim", NO_LINK_FOLLOWED),
    ("POST", "experts.claim_profile"): Route("/en/experts/claim", NO_LINK_FOLLOWED, data={}),
}


def test_every_route_is_in_the_table(app):
    missing = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (method, rule.endpoint) not in ROUTES:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, "routes without a row in tests/test_access.py: " + ", ".join(missing)


@pytest.fixture
def world(
    org,
    other_org,
    org_admin,
    staff,
    member,
    other_org_admin,
    coordinator,
    admin,
    loner,
    listed_coordinator,
):
    area = factories.AreaFactory(slug="pcve")
    now = utcnow()
    invitation = Invitation(
        token_hash=digest(INVITATION_TOKEN),
        email="invited@example.org",
        organisation_id=org.id,
        role="staff",
        expires_at=now.replace(year=now.year + 1),
        invited_by_id=org_admin.id,
    )
    reset = PasswordReset(
        token_hash=digest(RESET_TOKEN),
        user_id=member.id,
        expires_at=now.replace(year=now.year + 1),
    )
    message = OutboxMessage(
        kind="test", to_address="x@example.org", language="en", subject="Hello", body_text="Hi"
    )
    db.session.add_all([invitation, reset, message])
    db.session.flush()
    people = {
        "visitor": None,
        "member": member,
        "staff": staff,
        "org_admin": org_admin,
        "other_org_admin": other_org_admin,
        "coordinator": coordinator,
        "admin": admin,
        "loner": loner,
        "listed_coordinator": listed_coordinator,
    }
    statement = statement_calls.draft(staff)  # a draft of the Kosovo organisation, nobody invited
    stages = _statements_at_each_stage(staff, org_admin, coordinator)
    comment = statement_services.add_comment(statement, CommentInput("Dobro."), actor=staff)
    expert = expert_services.create(
        ExpertProfile(
            name="Arben Krasniqi",
            country="XK",
            original_language="sq",
            organisation_id=org.id,
            contacts=(ContactInput("email", "arben@example.org", "nobody"),),
        ),
        actor=SYSTEM,
    )
    db.session.add(
        ExpertInvitation(
            token_hash=digest(EXPERT_TOKEN),
            expert_id=expert.id,
            email="arben@example.org",
            expires_at=now.replace(year=now.year + 1),
        )
    )
    token, _secret = token_services.create(
        member, name="script", scope="read", expires_days=30, actor=SYSTEM
    )
    db.session.flush()
    values = {
        "statement": statement.slug,
        **{stage: s.slug for stage, s in stages.items()},
        "comment": comment.id,
        "org": org.slug,
        "staff": staff.id,
        "area": area.slug,
        "invitation": invitation.id,
        "message": message.id,
        "invitation_token": INVITATION_TOKEN,
        "reset_token": RESET_TOKEN,
        "expert": expert.slug,
        "expert_id": expert.id,
        "org_id": org.id,
        "published_id": stages["published"].id,
        "statement_id": statement.id,
        "in_review_id": stages["in_review"].id,
        "approved_id": stages["approved"].id,
        "token": token.id,
        "expert_token": EXPERT_TOKEN,
    }
    return people, values


def _statements_at_each_stage(staff, org_admin, coordinator) -> dict:
    """Statements of the Kosovo organisation in review, approved and published (each signed
    by its org admin), for the review and publication pages."""
    stages = {}
    for stage in ("in_review", "approved", "published"):
        statement = statement_calls.draft(staff, title=f"Stav {stage}")
        statement_calls.sign(statement, org_admin)
        statement_calls.workflow.submit(statement, actor=staff)
        if stage != "in_review":
            statement_calls.decide(statement, coordinator)
        if stage == "published":
            statement_calls.publish(statement, coordinator)
        stages[stage] = statement
    return stages


CASES = [(method, endpoint, role) for (method, endpoint) in ROUTES for role in ROLES]


@pytest.mark.parametrize(("method", "endpoint", "role"), CASES)
def test_route_answers_each_role(world, client_as, method, endpoint, role):
    people, values = world
    route = ROUTES[(method, endpoint)]
    client = client_as(people[role])
    path = route.path.format(**values)
    if method == "GET":
        response = client.get(path)
    else:
        response = client.open(path, method=method, data=route.data or {})
    assert response.status_code == route.expected[role], (
        f"{method} {path} as {role}: {response.status_code}, expected {route.expected[role]}"
    )
    if role == "visitor" and response.status_code == 302 and route.protected:
        # Refused visitors are sent to sign in, and come back here afterwards.
        location = urlsplit(response.headers["Location"])
        assert location.path == LOGIN, f"{method} {path}: sent to {location.path}"
        assert parse_qs(location.query).get("next") == [path.split("?")[0]]
