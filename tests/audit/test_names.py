"""The log answers who did what to whom: it names people and organisations (never "#5"),
keeps those names when a person is renamed or deleted, says what a profile edit changed,
and finds a person by name or e-mail in any script.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from flask_babel import gettext
from sqlalchemy import text

from consortium.audit.services import changes, record
from consortium.auth.actions import AuthAction
from consortium.core.actors import SYSTEM
from consortium.i18n import in_language
from consortium.organisations import countries, membership
from consortium.organisations.actions import PersonAction
from consortium.organisations.schemas import InvitationRequest, OrganisationProfile
from consortium.organisations.services import update_profile
from tests import factories
from tests.audit.test_audit import events, page, rows

ID_LIKE = re.compile(r"#\s*\d+")


def content(soup: BeautifulSoup) -> str:
    return soup.select_one("main").get_text(" ", strip=True) if soup.select_one("main") else ""


def only(found: list[dict[str, str]], action: str) -> dict[str, str]:
    [row] = [r for r in found if r["action"] == action]
    return row


def profile_of(organisation, **changed) -> OrganisationProfile:
    """The profile as its edit form would send it back, with `changed` fields."""
    fields = {
        "name": organisation.name,
        "country": organisation.country,
        "original_language": organisation.original_language,
        "short_name": organisation.short_name,
        "city": organisation.city,
        "website": organisation.website,
        "description": dict(organisation.description),
        "name_translations": dict(organisation.name_translations),
        "area_ids": tuple(a.id for a in organisation.areas),
    }
    return OrganisationProfile(**{**fields, **changed})


# --- What an entry stores -----------------------------------------------------------------


def test_an_entry_stores_the_names_of_who_what_and_which_organisation(db, org, org_admin, member):
    entry = record(PersonAction.ROLE_CHANGED, actor=org_admin, obj=member, before="member")

    assert entry.actor_name == "Bruno Org-Admin"
    assert entry.object_label == "Dara Member"
    assert (entry.organisation_id, entry.organisation_name) == (org.id, "Qendra Kosovare")
    assert entry.actor_search == " bruno org admin bruno example org "


def test_an_organisation_given_as_an_object_names_the_entry(db, org, other_org, coordinator):
    entry = record(PersonAction.REMOVED, actor=coordinator, organisation=other_org)
    assert (entry.organisation_id, entry.organisation_name) == (other_org.id, "Beogradski centar")


def test_an_organisation_known_only_by_id_is_still_named(db, org, other_org, coordinator):
    db.session.flush()
    entry = record(PersonAction.REMOVED, actor=coordinator, organisation_id=other_org.id)
    assert entry.organisation_name == "Beogradski centar"


def test_the_system_and_typed_addresses_are_named_too(db):
    system = record(AuthAction.LOGIN, actor=SYSTEM)
    typed = record(AuthAction.LOGIN_FAILED, actor_label="nobody@example.org")

    assert (system.actor_id, system.actor_name, system.actor_label) == (None, None, "system")
    assert (typed.actor_name, typed.actor_search) == (None, " nobody example org ")


def test_invitations_and_areas_are_named_by_address_and_english_name(db, org, org_admin):
    area = factories.AreaFactory(slug="gender", names={"en": "Gender equality", "sq": "Gjinia"})
    bare = factories.AreaFactory(slug="pcve", names={"sq": "P/CVE"})
    invitation = membership.invite(
        org,
        InvitationRequest(email="New@Example.org", role="staff", language="sq"),
        actor=org_admin,
    )

    assert events(db, "invitation.sent")[0].object_label == "new@example.org"
    assert record(PersonAction.REMOVED, actor=org_admin, obj=area).object_label == "Gender equality"
    assert record(PersonAction.REMOVED, actor=org_admin, obj=bare).object_label == "pcve"
    assert invitation.audit_label == "new@example.org"


# --- The page names, never numbers ---------------------------------------------------------


@pytest.fixture
def acted(db, org, org_admin, member, staff):
    """An org admin makes Dara staff, edits the profile and removes Chen."""
    membership.change_role(member, role="staff", actor=org_admin)
    update_profile(org, profile_of(org, city="Prizren"), seen_version=org.version, actor=org_admin)
    membership.remove_person(staff, actor=org_admin)
    db.session.commit()


def test_the_log_names_people_and_organisations_not_ids(client_as, coordinator, acted):
    soup = page(client_as(coordinator).get("/en/audit/"))
    found = rows(soup)

    role = only(found, "Role changed")
    assert (role["who"], role["object"]) == ("Bruno Org-Admin", "Dara Member")
    assert role["organisation"] == "Qendra Kosovare"
    assert role["details"] == "Role: Member → Staff"
    removed = only(found, "Removed from the organisation")
    assert (removed["object"], removed["organisation"]) == ("Chen Staff", "Qendra Kosovare")
    edited = only(found, "Organisation profile edited")
    assert (edited["object"], edited["organisation"]) == ("Qendra Kosovare", "Qendra Kosovare")

    shown = content(soup)
    for name in ("Bruno Org-Admin", "Dara Member", "Chen Staff", "Qendra Kosovare"):
        assert name in shown
    assert not ID_LIKE.search(shown), ID_LIKE.search(shown)


def test_an_org_admin_reads_the_person_under_their_organisations_name(client_as, org_admin, acted):
    soup = page(client_as(org_admin).get("/en/audit/"))

    assert soup.find("h1").get_text(strip=True) == "Audit log: Qendra Kosovare"
    removed = only(rows(soup), "Removed from the organisation")
    assert (removed["who"], removed["object"]) == ("Bruno Org-Admin", "Chen Staff")
    assert not ID_LIKE.search(content(soup))


def test_names_stay_as_they_were_when_people_and_organisations_are_renamed(
    db, client_as, coordinator, org, org_admin, member
):
    record(PersonAction.ROLE_CHANGED, actor=org_admin, obj=member, before="member", after="staff")
    db.session.commit()
    db.session.execute(
        text("UPDATE users SET name = 'Someone Else' WHERE id IN (:a, :b)"),
        {"a": org_admin.id, "b": member.id},
    )
    db.session.execute(
        text("UPDATE organisations SET name = 'Renamed' WHERE id = :id"), {"id": org.id}
    )
    db.session.commit()

    role = only(rows(page(client_as(coordinator).get("/en/audit/"))), "Role changed")
    assert (role["who"], role["object"], role["organisation"]) == (
        "Bruno Org-Admin",
        "Dara Member",
        "Qendra Kosovare",
    )


def test_a_deleted_persons_name_stays(db, client_as, coordinator, org, member):
    client = client_as(coordinator)
    # Dara is the object only: the actor's foreign key would (rightly) keep an actor's row.
    record(PersonAction.REMOVED, actor=coordinator, obj=member, organisation=org)
    db.session.commit()
    gone = member.id
    db.session.execute(text("DELETE FROM users WHERE id = :id"), {"id": gone})
    db.session.commit()

    shown = only(rows(page(client.get("/en/audit/"))), "Removed from the organisation")
    assert (shown["object"], shown["organisation"]) == ("Dara Member", "Qendra Kosovare")
    [entry] = events(db, "person.removed")
    assert entry.object_id == gone
    assert db.session.execute(text("SELECT id FROM users WHERE id = :id"), {"id": gone}).all() == []


# --- A profile edit says what changed ------------------------------------------------------


def test_a_profile_edit_records_each_changed_field_before_and_after(db, org, org_admin):
    org.city, org.description = "Prishtinë", {"sq": "Qendra"}
    area = factories.AreaFactory(slug="gender", names={"en": "Gender equality"})
    db.session.flush()
    long_text = "Fjalë " * 100

    update_profile(
        org,
        profile_of(
            org,
            city="Prizren",
            country="AL",
            description={"sq": long_text, "en": "A centre"},
            name_translations={"sr-cyrl": "Косовски центар"},
            area_ids=(area.id,),
        ),
        seen_version=org.version,
        actor=org_admin,
    )

    [entry] = events(db, "organisation.updated")
    edited = entry.details["changes"]
    assert list(edited) == [
        "country",
        "city",
        "name.sr-cyrl",
        "description.en",
        "description.sq",
        "areas",
    ]
    assert edited["city"] == ["Prishtinë", "Prizren"]
    assert edited["country"] == ["XK", "AL"]
    assert edited["name.sr-cyrl"] == [None, "Косовски центар"]
    assert edited["areas"] == [[], ["Gender equality"]]
    assert edited["description.sq"][0] == "Qendra"
    assert len(edited["description.sq"][1]) == 300 and edited["description.sq"][1].endswith("…")


def test_an_edit_that_changes_nothing_records_no_changes(db, org, org_admin):
    update_profile(org, profile_of(org), seen_version=org.version, actor=org_admin)
    [entry] = events(db, "organisation.updated")
    assert "changes" not in entry.details


def test_the_log_shows_a_profile_edit_as_before_and_after(db, client_as, org, org_admin):
    org.city = "Prishtinë"
    db.session.flush()
    update_profile(
        org,
        profile_of(org, city="Prizren", country="AL", description={"sq": "Fjalë " * 100}),
        seen_version=org.version,
        actor=org_admin,
    )
    db.session.commit()

    edited = only(rows(page(client_as(org_admin).get("/en/audit/"))), "Organisation profile edited")
    parts = edited["details"].split("; ")
    assert "City: Prishtinë → Prizren" in parts
    assert "Country: Kosovo → Albania" in parts
    [description] = [p for p in parts if p.startswith("Description (Shqip): ")]
    assert description.startswith("Description (Shqip): — → Fjalë Fjalë")
    assert description.endswith("…") and len(description) < 120


@pytest.mark.parametrize("lang", ["cnr", "sr-cyrl", "sq"])
def test_countries_are_named_as_the_country_menus_name_them(db, client_as, org, org_admin, lang):
    update_profile(org, profile_of(org, country="MK"), seen_version=org.version, actor=org_admin)
    db.session.commit()
    with in_language(lang):
        country = gettext("Country")
        before, after = countries.name("XK"), countries.name("MK")

    soup = page(client_as(org_admin, lang=lang).get(f"/{lang}/audit/"))
    assert f"{country}: {before} → {after}" in soup.get_text()


def test_field_names_are_read_in_the_readers_language(db, client_as, org, org_admin):
    update_profile(org, profile_of(org, city="Prizren"), seen_version=org.version, actor=org_admin)
    db.session.commit()
    with in_language("sq"):
        city, action = gettext("City"), gettext("Organisation profile edited")
    assert city != "City"

    soup = page(client_as(org_admin, lang="sq").get("/sq/audit/"))
    assert f"{city}: — → Prizren" in soup.get_text()
    assert action in soup.get_text()


def test_changes_compare_empty_values_as_equal_and_keep_the_order():
    before = {"name": "A", "city": None, "website": "", "areas": []}
    after = {"name": "B", "city": "", "website": None, "areas": [], "name.sq": "Ç"}
    assert changes(before, after) == {"name": ["A", "B"], "name.sq": [None, "Ç"]}


# --- The person filter ---------------------------------------------------------------------


@pytest.fixture
def djordjevic(db, org, coordinator):
    latin = factories.UserFactory(
        name="Đorđe Đorđević", email="gjorgje@primjer.me", organisation=org, org_role="member"
    )
    cyrillic = factories.UserFactory(
        name="Ђорђе Ђорђевић", email="dj@example.rs", organisation=org, org_role="member"
    )
    record(AuthAction.LOGIN, actor=latin, marker="latin")
    record(AuthAction.LOGIN, actor=cyrillic, marker="cyrillic")
    record(AuthAction.LOGIN, actor=coordinator, marker="amina")
    db.session.commit()


def markers_for(client, query: str) -> list[str]:
    soup = page(client.get("/en/audit/", query_string={"who": query}))
    return sorted(
        part.removeprefix("marker: ")
        for row in rows(soup)
        for part in row["details"].split("; ")
        if part.startswith("marker: ")
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("djordjevic", ["cyrillic", "latin"]),
        ("Đorđević", ["cyrillic", "latin"]),
        ("ЂОРЂЕВИЋ", ["cyrillic", "latin"]),
        ("djordje djordjevic", ["cyrillic", "latin"]),
        ("gjorgje@primjer.me", ["latin"]),
        ("primjer", ["latin"]),
        ("dj@example.rs", ["cyrillic"]),
        ("amina", ["amina"]),
        ("orđević", []),  # every word typed starts a word: not inside one
        ("djordjevic amina", []),
    ],
)
def test_the_person_filter_finds_by_name_or_email_in_any_script(
    client_as, coordinator, djordjevic, query, expected
):
    assert markers_for(client_as(coordinator), query) == expected


def test_the_person_filter_is_labelled_as_finding_names(client_as, coordinator, djordjevic):
    soup = page(client_as(coordinator).get("/en/audit/?who=Đorđe"))
    assert (
        soup.find("label", attrs={"for": "who"}).get_text(strip=True) == "Person (name or e-mail)"
    )
    assert soup.select_one("input#who")["value"] == "Đorđe"


# --- Filters read well ---------------------------------------------------------------------


def test_the_date_filter_is_a_labelled_date_field(client_as, coordinator):
    soup = page(client_as(coordinator).get("/en/audit/?from=2026-01-31"))
    field = soup.select_one("input#from")
    assert (field["type"], field["value"]) == ("date", "2026-01-31")
    assert soup.find("label", attrs={"for": "from"}).get_text(strip=True)


def test_the_action_filter_lists_titles_in_alphabetical_order(client_as, coordinator, acted):
    soup = page(client_as(coordinator).get("/en/audit/"))
    options = [(o["value"], o.get_text(strip=True)) for o in soup.select("select#action option")]

    assert options[0] == ("", "All actions")
    titles = [title for _, title in options[1:]]
    assert len(titles) >= 4
    assert titles == sorted(titles, key=str.casefold), "by title, not by stored code"
    assert dict(options[1:])["person.removed"] == "Removed from the organisation"


def test_an_empty_result_says_so_and_offers_to_clear_the_filters(client_as, coordinator):
    soup = page(client_as(coordinator).get("/en/audit/?who=nobody-at-all"))
    body = soup.select_one("table.audit tbody").get_text(" ", strip=True)
    assert "No entry matches these filters." in body
    assert soup.select_one("table.audit tbody a")["href"] == "/en/audit/"


def test_the_log_reads_every_kind_of_detail_a_domain_records(client_as, coordinator, staff, db):
    """Statements record lists (the languages of a saved draft) and numbers: the page shows
    them in words, never an error."""
    from tests.statements import calls

    statement = calls.draft(staff)
    calls.save(
        statement, staff, {"sr-latn": (calls.TITLE, calls.BODY), "sq": ("Titulli", "Teksti.")}
    )
    db.session.commit()
    response = client_as(coordinator).get("/en/audit/")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Shqip" in text and "Srpski" in text  # the saved languages, by their own names
