"""Co-signing through the pages: read the text in one's language, sign or decline for the
organisation, a stale text, withdrawing a signature, the signatures list."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale
from flask_babel import gettext as _

from consortium.audit.models import AuditEvent
from consortium.mail.models import OutboxMessage
from consortium.statements.models import Signature
from consortium.statements.vocab import SignatureStatus
from tests import factories
from tests.statements.calls import BODY, TITLE, draft, save, sign


def _page(response) -> BeautifulSoup:
    return BeautifulSoup(response.data, "html.parser")


def _text(response) -> str:
    return " ".join(_page(response).select_one("main").get_text(" ").split())


def _actions(db, statement) -> list[str]:
    return list(
        db.session.scalars(
            db.select(AuditEvent.action)
            .where(AuditEvent.object_type == "statement", AuditEvent.object_id == statement.id)
            .order_by(AuditEvent.id)
        )
    )


@pytest.fixture
def albanian_org(app):
    return factories.OrganisationFactory(slug="ks-alb", name="Qendra Shqiptare", country="AL")


@pytest.fixture
def albanian_admin(albanian_org):
    return factories.UserFactory(
        name="Arta Admin",
        organisation=albanian_org,
        org_role="org_admin",
        email="arta@example.org",
        language="sq",
    )


@pytest.fixture
def invited(db, staff, albanian_org, albanian_admin):
    """A draft of the Kosovo organisation with a Serbian original and an Albanian version,
    the Albanian partner invited."""
    statement = draft(staff, invited=[albanian_org])
    save(
        statement,
        staff,
        {"sr-latn": (TITLE, BODY), "sq": ("Qëndrim i përbashkët", "Një.\n\nDy.\n\nTre.")},
    )
    return statement


def test_an_invited_org_admin_gets_the_invitation_in_their_language(db, invited, albanian_admin):
    mail = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.to_address == albanian_admin.email)
    )
    assert mail is not None and mail.language == "sq"
    with force_locale("sq"):
        assert mail.subject == _("Your organisation is invited to sign a joint statement")
    assert f"/sq/statements/{invited.slug}" in mail.body_text


def test_the_sign_page_shows_the_text_in_the_readers_language(client_as, invited, albanian_admin):
    response = client_as(albanian_admin, lang="sq").get(f"/en/statements/{invited.slug}/sign")
    assert response.status_code == 200
    page = _page(response)
    article = page.select_one("section.statement-text article")
    assert article["lang"] == "sr-Latn" and TITLE in article.get_text()
    # In English the reader gets the original (Serbian), and the page says so.
    assert "Not yet translated into your language; shown in Srpski" in _text(response)
    assert page.select_one('input[name="seen_revision"]')["value"] == "2"
    links = {a.get_text(strip=True): a["href"] for a in page.select("section.statement-text nav a")}
    assert links["Shqip"].endswith(f"/statements/{invited.slug}/sign?read=sq")
    albanian = client_as(albanian_admin).get(links["Shqip"])
    assert "Qëndrim i përbashkët" in _text(albanian)
    assert _page(albanian).select_one("section.statement-text article")["lang"] == "sq"
    # The three ways a signature can appear, each explained; by name is the default.
    radios = _page(response).select('input[name="appearance"]')
    assert [r["value"] for r in radios] == ["by_name", "by_country", "consortium_only"]
    assert radios[0].has_attr("checked")
    assert len(_page(response).select("fieldset p.hint")) == 3


def test_signing_records_the_revision_and_languages_read(
    db, client_as, invited, albanian_admin, albanian_org
):
    client = client_as(albanian_admin)
    response = client.post(
        f"/en/statements/{invited.slug}/sign",
        data={
            "seen_revision": "2",
            "appearance": "by_country",
            "note": "Me kënaqësi.",
            "sign": "y",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/statements/{invited.slug}/signatures")
    signature = db.session.scalar(
        db.select(Signature).where(Signature.organisation_id == albanian_org.id)
    )
    assert signature.status == SignatureStatus.SIGNED
    assert signature.appearance == "by_country" and signature.note == "Me kënaqësi."
    assert signature.revision.number == 2
    assert set(signature.language_hashes) == {"sr-latn", "sq"}
    assert _actions(db, invited)[-1] == "statement.signed"

    listed = _text(client.get(f"/en/statements/{invited.slug}/signatures"))
    assert "Qendra Shqiptare" in listed and "Revision 2" in listed
    assert "Shqip , Srpski" in listed and "Me kënaqësi." in listed
    assert "Organisations that signed the current text 1 of the required 1" in listed


def test_declining_is_an_answer_too(db, client_as, invited, albanian_admin, albanian_org):
    response = client_as(albanian_admin).post(
        f"/en/statements/{invited.slug}/sign",
        data={"seen_revision": "2", "appearance": "by_name", "decline": "y"},
    )
    assert response.status_code == 302
    signature = db.session.scalar(
        db.select(Signature).where(Signature.organisation_id == albanian_org.id)
    )
    assert signature.status == SignatureStatus.DECLINED
    assert _actions(db, invited)[-1] == "statement.declined"


def test_a_stale_text_is_shown_again_with_a_notice(db, client_as, staff, invited, albanian_admin):
    client = client_as(albanian_admin)
    save(invited, staff, {"sr-latn": (TITLE, BODY + "\n\nNovi pasus.")})  # revision 3
    response = client.post(
        f"/en/statements/{invited.slug}/sign",
        data={"seen_revision": "2", "appearance": "by_name", "sign": "y"},
    )
    assert response.status_code == 409
    assert "The text changed since you read it." in _text(response)
    assert "Novi pasus." in _text(response)
    assert _page(response).select_one('input[name="seen_revision"]')["value"] == "3"
    assert db.session.scalar(db.select(db.func.count(Signature.id))) == 0
    again = client.post(
        f"/en/statements/{invited.slug}/sign",
        data={"seen_revision": "3", "appearance": "by_name", "sign": "y"},
    )
    assert again.status_code == 302


def test_a_signature_on_an_earlier_text_is_shown_as_such(
    db, client_as, staff, org_admin, invited, albanian_admin
):
    sign(invited, albanian_admin)
    save(invited, staff, {"sr-latn": (TITLE, BODY + "\n\nNovi pasus.")})
    listed = _text(client_as(org_admin).get(f"/en/statements/{invited.slug}/signatures"))
    assert "Signed an earlier version" in listed
    assert "Organisations that signed the current text 0 of the required 1" in listed
    assert "Not yet enough signatures for approval" in listed


def test_a_note_too_long_is_a_form_error(db, client_as, invited, albanian_admin):
    response = client_as(albanian_admin).post(
        f"/en/statements/{invited.slug}/sign",
        data={"seen_revision": "2", "appearance": "by_name", "note": "x" * 2001, "sign": "y"},
    )
    assert response.status_code == 200
    assert "Use at most 2000 characters." in _text(response)
    assert db.session.scalar(db.select(db.func.count(Signature.id))) == 0


def test_past_the_deadline_signing_is_refused_on_the_form(
    db, client_as, staff, albanian_org, albanian_admin
):
    from datetime import date

    statement = draft(staff, invited=[albanian_org])
    statement.sign_deadline = date(2020, 1, 1)  # drafted before it passed
    db.session.flush()
    response = client_as(albanian_admin).post(
        f"/en/statements/{statement.slug}/sign",
        data={"seen_revision": "1", "appearance": "by_name", "sign": "y"},
    )
    assert response.status_code == 200
    assert "The deadline for signing has passed." in _text(response)
    assert db.session.scalar(db.select(db.func.count(Signature.id))) == 0


def test_staff_and_uninvited_admins_cannot_sign(client_as, invited, staff, other_org_admin):
    for person in (staff, other_org_admin):
        response = client_as(person).post(
            f"/en/statements/{invited.slug}/sign",
            data={"seen_revision": "2", "appearance": "by_name", "sign": "y"},
        )
        assert response.status_code == 404


def test_withdrawing_a_signature_asks_first_then_withdraws(
    db, client_as, invited, albanian_admin, albanian_org
):
    sign(invited, albanian_admin)
    client = client_as(albanian_admin)
    path = f"/en/statements/{invited.slug}/sign/withdraw"
    confirm = client.get(path)
    assert confirm.status_code == 200
    assert "Withdraw the signature of Qendra Shqiptare?" in _text(confirm)
    assert _page(confirm).select_one("main form")["action"] == path
    signature = db.session.scalar(
        db.select(Signature).where(Signature.organisation_id == albanian_org.id)
    )
    assert signature.status == SignatureStatus.SIGNED, "the page changes nothing"
    assert client.post(path).status_code == 302
    db.session.expire_all()
    assert signature.status == SignatureStatus.WITHDRAWN
    assert _actions(db, invited)[-1] == "statement.signature_withdrawn"


def test_withdrawing_without_a_signature_is_refused(db, client_as, invited, albanian_admin):
    response = client_as(albanian_admin).post(f"/en/statements/{invited.slug}/sign/withdraw")
    assert response.status_code == 400
    assert "statement.signature_withdrawn" not in _actions(db, invited)


def test_after_publication_nobody_signs_or_withdraws(
    db, client_as, staff, org_admin, coordinator, invited, albanian_admin
):
    from consortium.statements import workflow
    from tests.statements.calls import decide, publish

    sign(invited, albanian_admin)
    workflow.submit(invited, actor=staff)
    decide(invited, coordinator)
    publish(invited, coordinator)
    client = client_as(albanian_admin)
    assert client.get(f"/en/statements/{invited.slug}/sign").status_code == 404
    assert client.post(f"/en/statements/{invited.slug}/sign/withdraw").status_code == 404


def test_the_signatures_page_offers_what_the_viewer_may_do(
    client_as, invited, staff, albanian_admin, coordinator
):
    as_staff = _page(client_as(staff).get(f"/en/statements/{invited.slug}/signatures"))
    assert as_staff.select_one(f'form[action="/en/statements/{invited.slug}/submit"]')
    assert not as_staff.select_one(f'a[href="/en/statements/{invited.slug}/sign"]')
    as_admin = _page(client_as(albanian_admin).get(f"/en/statements/{invited.slug}/signatures"))
    assert as_admin.select_one(f'a[href="/en/statements/{invited.slug}/sign"]')
    assert not as_admin.select_one(f'form[action="/en/statements/{invited.slug}/submit"]')
    as_coordinator = client_as(coordinator).get(f"/en/statements/{invited.slug}/signatures")
    assert _page(as_coordinator).select_one("section.workflow-actions") is None
