"""Writing profiles: who edits what, stale forms, photos without metadata, claiming a
profile, verification."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from consortium.auth.models import User
from consortium.core.storage import current_storage
from consortium.db import db
from consortium.experts import contact
from consortium.experts.models import Expert
from consortium.mail.models import OutboxMessage
from tests.experts.factories import make_expert


@pytest.fixture
def expert(org):
    return make_expert("Arben Krasniqi", organisation_id=org.id)


def _form(expert, **changes) -> dict:
    data = {
        "version": str(expert.version),
        "name": expert.name,
        "country": expert.country,
        "organisation": str(expert.organisation_id or ""),
        "original_language": expert.original_language,
        "language_0": "sq",
        "level_0": "native",
        "contact_email": "arben@example.org",
        "contact_email_visibility": "members",
        "contact_phone_visibility": "nobody",
        "contact_website_visibility": "public",
        "contact_social_visibility": "public",
    }
    return {**data, **changes}


def test_staff_of_the_affiliated_organisation_edit_the_profile(client_as, expert, staff):
    response = client_as(staff).post(
        f"/en/experts/{expert.slug}/edit",
        data=_form(expert, title="Researcher", biography_sq="Studiues i sigurisë."),
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Expert, expert.id)
    assert saved.title == "Researcher"
    assert saved.biography == {"sq": "Studiues i sigurisë."}
    assert [(c.kind, c.value, c.visibility) for c in saved.contacts] == [
        ("email", "arben@example.org", "members")
    ]
    assert [(s.code, s.level) for s in saved.languages] == [("sq", "native")]


def test_another_organisation_may_not_edit(client_as, expert, other_org_admin):
    response = client_as(other_org_admin).post(
        f"/en/experts/{expert.slug}/edit", data=_form(expert, title="Hijacked")
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Expert, expert.id).title is None


def test_a_stale_form_is_refused_and_keeps_what_was_typed(client_as, expert, staff, org_admin):
    stale = _form(expert, title="Mine")
    assert (
        client_as(org_admin)
        .post(f"/en/experts/{expert.slug}/edit", data=_form(expert, title="Theirs"))
        .status_code
        == 302
    )
    response = client_as(staff).post(f"/en/experts/{expert.slug}/edit", data=stale)
    assert response.status_code == 409
    assert 'value="Mine"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Expert, expert.id).title == "Theirs"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contact_phone", "call me maybe"),
        ("contact_website", "javascript:alert(1)"),
        ("contact_email", "not-an-address"),
        ("publication_0_url", "ftp://example.org/paper"),
    ],
)
def test_bad_details_are_form_errors_and_nothing_is_saved(client_as, expert, staff, field, value):
    data = _form(expert, **{field: value, "publication_0_title": "Paper"})
    response = client_as(staff).post(f"/en/experts/{expert.slug}/edit", data=data)
    assert response.status_code == 200
    assert 'class="error' in response.get_data(as_text=True) or "error" in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(Expert, expert.id).contacts == []


def _photo_with_location() -> bytes:
    image = Image.new("RGB", (1600, 1200), "olive")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (42.0, 39.0, 0.0)}  # GPS latitude
    data = io.BytesIO()
    image.save(data, format="JPEG", exif=exif)
    return data.getvalue()


def test_a_photo_is_saved_anew_without_its_metadata(client_as, expert, staff, app):
    raw = _photo_with_location()
    assert b"CameraMaker" in raw  # the control: the upload carries it
    response = client_as(staff).post(
        f"/en/experts/{expert.slug}/photo",
        data={"photo": (io.BytesIO(raw), "me.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    key = db.session.get(Expert, expert.id).photo_key
    with app.app_context():
        stored = current_storage().open(key).read()
    assert b"CameraMaker" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert max(image.size) == 800 and not image.getexif()
    served = client_as(None).get(f"/en/experts/{expert.slug}/photo")
    assert served.status_code == 200 and served.data == stored


def test_a_file_that_is_not_an_image_is_refused(client_as, expert, staff):
    response = client_as(staff).post(
        f"/en/experts/{expert.slug}/photo",
        data={"photo": (io.BytesIO(b"%PDF-1.4 not a photo"), "cv.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "JPEG, PNG or WebP" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Expert, expert.id).photo_key is None


def test_an_invited_expert_creates_an_account_and_edits_their_profile(client, expert, app):
    token = contact.invite_to_claim(
        expert, "arben@example.org", language="sq", actor=_coordinator()
    )
    db.session.commit()
    mail = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.kind == "expert.claim"))
    assert mail.to_address == "arben@example.org" and token in mail.body_text
    response = client.post(
        f"/sq/experts/claim/{token}",
        data={
            "name": "Arben Krasniqi",
            "language": "sq",
            "password": "drita-mbi-malet-2026",
            "confirm": "drita-mbi-malet-2026",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.scalar(db.select(User).where(User.email == "arben@example.org"))
    assert db.session.get(Expert, expert.id).user_id == user.id
    assert user.organisation_id is None
    # Signed in now: the expert edits their own profile; the link is used up.
    assert client.get(f"/sq/experts/{expert.slug}/edit").status_code == 200
    assert client.get(f"/sq/experts/claim/{token}", follow_redirects=True).status_code == 404


def test_a_signed_in_person_with_another_address_cannot_claim(client_as, expert, member):
    token = contact.invite_to_claim(
        expert, "arben@example.org", language="en", actor=_coordinator()
    )
    response = client_as(member).post(f"/en/experts/claim/{token}")
    assert "another address" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Expert, expert.id).user_id is None


def test_coordinators_verify_and_the_directory_shows_it(client_as, expert, coordinator):
    client = client_as(coordinator)
    assert client.post(f"/en/experts/{expert.slug}/verify").status_code == 302
    db.session.expire_all()
    assert db.session.get(Expert, expert.id).verified_by_id == coordinator.id
    assert "Verified" in client_as(None).get("/en/experts/").get_data(as_text=True)


def test_coordinators_delete_a_profile_with_its_search_document(client_as, expert, coordinator):
    from consortium import searchindex

    expert_id, slug = expert.id, expert.slug
    assert db.session.scalars(searchindex.matching("expert", "krasniqi")).all() == [expert_id]
    assert client_as(coordinator).post(f"/en/experts/{slug}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Expert, expert_id) is None
    assert db.session.scalars(searchindex.matching("expert", "krasniqi")).all() == []


def _coordinator():
    from tests import factories

    return factories.UserFactory(name="Koordinatorka", is_coordinator=True)
