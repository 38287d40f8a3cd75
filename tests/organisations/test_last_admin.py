"""Every path that takes the org admin role away keeps one active org admin per
organisation: a demotion, a removal, an admin's placement elsewhere (page and CLI). An
admin's deactivation of the last one is allowed (a compromised account must be shut out
at once) and says what it leaves behind. The concurrent cases: test_last_admin_race.py."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import text

from consortium.auth.models import User
from consortium.core.errors import Conflict
from consortium.organisations import last_admin, membership
from tests import factories

PEOPLE = "/en/organisations/qkss-demo/people"
# A browser always sends the CSRF field: "active" unticked deactivates (CSRF is off here).
DEACTIVATE = {"csrf_token": "-"}


def _stored(db, person) -> tuple[int | None, str | None]:
    db.session.expire_all()
    row = db.session.get(User, person.id)
    return row.organisation_id, row.org_role


def _errors(response) -> str:
    page = BeautifulSoup(response.data, "html.parser")
    return " ".join(p.get_text(" ", strip=True) for p in page.select(".error"))


@pytest.fixture
def second_admin(org):
    return factories.UserFactory(
        name="Vesna Second", organisation=org, org_role="org_admin", email="vesna@example.org"
    )


def test_the_last_org_admin_is_neither_demoted_nor_removed(db, org, org_admin, coordinator):
    db.session.commit()
    with pytest.raises(last_admin.LastOrgAdmin, match="Bruno Org-Admin is the last"):
        membership.change_role(org_admin, role="staff", actor=coordinator)
    db.session.rollback()
    with pytest.raises(last_admin.LastOrgAdmin):
        membership.remove_person(org_admin, actor=coordinator)
    db.session.rollback()
    assert _stored(db, org_admin) == (org.id, "org_admin")


def test_with_another_admin_both_go_through(db, org, org_admin, second_admin, coordinator):
    membership.change_role(org_admin, role="staff", actor=coordinator)
    assert _stored(db, org_admin) == (org.id, "staff")
    membership.change_role(org_admin, role="org_admin", actor=coordinator)
    membership.remove_person(org_admin, actor=coordinator)
    assert _stored(db, org_admin) == (None, None)


def test_a_deactivated_admin_does_not_count_and_is_not_guarded(
    db, org, org_admin, second_admin, coordinator
):
    org_admin.is_active_account = False
    db.session.commit()
    # Vesna is the only active one: she stays; Bruno, deactivated, can go.
    with pytest.raises(last_admin.LastOrgAdmin):
        membership.change_role(second_admin, role="member", actor=coordinator)
    db.session.rollback()
    membership.change_role(org_admin, role="member", actor=coordinator)
    assert _stored(db, org_admin) == (org.id, "member")


def test_someone_who_changed_the_role_first_is_a_conflict_not_a_false_refusal(
    db, org, org_admin, second_admin, coordinator
):
    db.session.commit()
    stale = db.session.get(User, org_admin.id)
    # Another request demoted Bruno meanwhile; this one still holds him as org admin.
    db.session.execute(
        text("UPDATE users SET org_role = 'staff' WHERE id = :id"), {"id": org_admin.id}
    )
    with pytest.raises(Conflict):
        last_admin.set_membership(stale, organisation_id=org.id, org_role="member")


def test_the_people_page_shows_the_refusal_beside_the_role(
    db, client_as, org, org_admin, coordinator
):
    client = client_as(coordinator)
    demoted = client.post(f"{PEOPLE}/{org_admin.id}/role", data={"role": "member"})
    assert demoted.status_code == 400
    page = BeautifulSoup(demoted.data, "html.parser")
    error = page.select_one(f"#role-{org_admin.id}-error")
    assert error is not None and "Bruno Org-Admin is the last organisation admin" in error.text
    select = page.select_one(f"#role-{org_admin.id}")
    assert select["aria-describedby"] == f"role-{org_admin.id}-error"
    assert select.select_one("option[selected]")["value"] == "org_admin", "the role they keep"

    removed = client.post(f"{PEOPLE}/{org_admin.id}/remove")
    assert removed.status_code == 400
    assert "Qendra Kosovare" in _errors(removed)
    assert _stored(db, org_admin) == (org.id, "org_admin")

    # The positive control: the same page changes another person's role.
    staff = factories.UserFactory(organisation=org, org_role="staff")
    ok = client.post(f"{PEOPLE}/{staff.id}/role", data={"role": "member"})
    assert ok.status_code == 302 and _stored(db, staff) == (org.id, "member")


def test_the_refusal_comes_on_a_page_in_the_readers_language(
    db, client_as, org, org_admin, coordinator
):
    """The message goes through gettext like every refusal (translators fill the catalogs);
    the page around it is the reader's, not an error page."""
    client = client_as(coordinator)
    serbian = client.post(
        f"/sr-latn/organisations/qkss-demo/people/{org_admin.id}/role", data={"role": "member"}
    )
    assert serbian.status_code == 400
    page = BeautifulSoup(serbian.data, "html.parser")
    assert page.html["lang"] == "sr-Latn"
    assert page.select_one(f"form[action$='/people/{org_admin.id}/role']") is not None
    assert "Bruno Org-Admin" in _errors(serbian)


def test_an_admin_cannot_move_the_last_org_admin_elsewhere(
    db, client_as, admin, org, other_org, org_admin
):
    client = client_as(admin)
    address = f"/en/admin/users/{org_admin.id}/organisation"
    moved = client.post(address, data={"organisation": str(other_org.id), "role": "org_admin"})
    assert moved.status_code == 400
    assert "last organisation admin of Qendra Kosovare" in _errors(moved)
    out = client.post(address, data={"organisation": "", "role": "member"})
    assert out.status_code == 400
    assert _stored(db, org_admin) == (org.id, "org_admin")

    factories.UserFactory(organisation=org, org_role="org_admin")
    moved = client.post(address, data={"organisation": str(other_org.id), "role": "org_admin"})
    assert moved.status_code == 302
    assert _stored(db, org_admin) == (other_org.id, "org_admin")


def test_the_cli_refuses_to_move_the_last_org_admin(app, db, org, other_org, org_admin):
    db.session.commit()
    runner = app.test_cli_runner()
    refused = runner.invoke(
        args=["users", "set-role", org_admin.email, "--role", "staff", "--org", other_org.slug]
    )
    assert refused.exit_code == 2
    assert "is the last organisation admin of Qendra Kosovare" in refused.output
    assert _stored(db, org_admin) == (org.id, "org_admin")

    factories.UserFactory(organisation=org, org_role="org_admin")
    db.session.commit()
    moved = runner.invoke(
        args=["users", "set-role", org_admin.email, "--role", "staff", "--org", other_org.slug]
    )
    assert moved.exit_code == 0, moved.output
    assert _stored(db, org_admin) == (other_org.id, "staff")


def test_deactivating_the_last_org_admin_is_allowed_and_says_so(
    db, client_as, admin, org, org_admin
):
    client = client_as(admin)
    saved = client.post(f"/en/admin/users/{org_admin.id}", data=DEACTIVATE, follow_redirects=True)
    assert saved.status_code == 200
    assert "Qendra Kosovare now has no active organisation admin" in saved.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, org_admin.id).is_active_account is False
    needing_invitation, _pending = membership.without_admin()
    assert org.id in [o.id for o in needing_invitation], "coordinators see it needs one"


def test_deactivating_one_of_two_admins_warns_of_nothing(
    db, client_as, admin, org, org_admin, second_admin
):
    client = client_as(admin)
    saved = client.post(f"/en/admin/users/{org_admin.id}", data=DEACTIVATE, follow_redirects=True)
    assert saved.status_code == 200
    assert "no active organisation admin" not in saved.get_data(as_text=True)
