"""The organisations pages: directory, profile, editing, people; who may do what.

Every page is fetched through the real client (each request in its own app context) and
read as HTML, the way a reader sees it.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask_babel import gettext

from consortium.auth.models import User
from consortium.db import db
from consortium.i18n import in_language
from consortium.mail.models import OutboxMessage
from consortium.organisations.models import Invitation, Organisation
from tests import factories
from tests.organisations.calls import invite


def _page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _main_text(response) -> str:
    return " ".join(_page(response).select_one("main").get_text(" ").split())


def _org(**fields) -> Organisation:
    """A committed organisation whose search key is computed as the services compute it.

    Requests run in their own app context and session: what they read must be committed.
    """
    organisation = factories.OrganisationFactory(**fields)
    db.session.commit()
    return organisation


def _directory_names(response) -> list[str]:
    assert response.status_code == 200
    return [a.get_text(strip=True) for a in _page(response).select("ul.cards h2 a")]


def _count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _reload(db, model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


def _translated(lang: str, message: str, **values) -> str:
    with in_language(lang):
        return gettext(message, **values)


# --- The directory -------------------------------------------------------------------------


@pytest.fixture
def directory(db):
    """Three partners whose order differs between English and Albanian readers."""
    kosovo = _org(
        slug="kosovo-academy",
        name="Kosovë Akademia e Sigurisë",
        original_language="sq",
        name_translations={"en": "Kosovo Security Academy"},
        country="XK",
        city="Prishtinë",
    )
    belgrade = _org(
        slug="belgrade-centre",
        name="Beogradski centar za bezbednosnu politiku",
        original_language="sr-latn",
        name_translations={"en": "Belgrade Centre for Security Policy", "sq": "Qendra e Beogradit"},
        country="RS",
        city="Beograd",
    )
    cacak = _org(
        slug="cacak-forum",
        name="Čačanski forum",
        original_language="sr-latn",
        country="RS",
        city="Čačak",
    )
    return {"kosovo": kosovo, "belgrade": belgrade, "cacak": cacak}


def test_directory_is_sorted_by_the_readers_name(client, directory):
    assert _directory_names(client.get("/en/organisations/")) == [
        "Belgrade Centre for Security Policy",
        "Čačanski forum",  # Č sorts with C, not after Z
        "Kosovo Security Academy",
    ]
    assert _directory_names(client.get("/sq/organisations/")) == [
        "Čačanski forum",
        "Kosovë Akademia e Sigurisë",
        "Qendra e Beogradit",
    ]


def test_directory_counts_what_it_shows(client, directory):
    count = _page(client.get("/en/organisations/")).select_one("p.count").get_text(strip=True)
    assert count == "3 organisations"


@pytest.mark.parametrize("country", ["XK", "xk"])
def test_directory_filter_by_country(client, directory, country):
    assert _directory_names(client.get(f"/en/organisations/?country={country}")) == [
        "Kosovo Security Academy"
    ]


def test_directory_filter_by_area(db, client, directory):
    cyber, pcve = factories.AreaFactory(slug="cyber"), factories.AreaFactory(slug="p-cve")
    directory["kosovo"].areas = [cyber, pcve]
    directory["cacak"].areas = [pcve]
    db.session.commit()
    assert _directory_names(client.get("/en/organisations/?area=p-cve")) == [
        "Čačanski forum",
        "Kosovo Security Academy",
    ]
    assert _directory_names(client.get("/en/organisations/?area=cyber&country=RS")) == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Kosove", ["Kosovo Security Academy"]),  # the name is written "Kosovë …"
        ("kosovë", ["Kosovo Security Academy"]),
        ("Sigurise", ["Kosovo Security Academy"]),
        ("Prishtine", ["Kosovo Security Academy"]),
        ("Београд", ["Belgrade Centre for Security Policy"]),
        ("beogradski BEZBEDNOSNU", ["Belgrade Centre for Security Policy"]),
        ("cacak", ["Čačanski forum"]),
        ("Чачак", ["Čačanski forum"]),
        ("Qendra e Beogradit", ["Belgrade Centre for Security Policy"]),
        ("Zagreb", []),
        ("beog", ["Belgrade Centre for Security Policy"]),  # the start of a word
        ("grad", []),  # not the middle of one: the one semantics of i18n.text.matches
        ("%", None),  # no word at all: nothing to narrow by, as in `matches`
    ],
)
def test_directory_search_is_script_and_diacritic_blind(client, directory, q, expected):
    if expected is None:
        expected = _directory_names(client.get("/en/organisations/"))
        assert len(expected) == 3
    assert _directory_names(client.get("/en/organisations/", query_string={"q": q})) == expected


def test_directory_search_finds_kosove_in_a_name_written_kosove(client):
    _org(
        slug="kosove", name="Instituti i Kosovës për Drejtësi", country="XK", original_language="sq"
    )
    _org(slug="other", name="Institut za pravdu", country="RS", original_language="sr-latn")
    response = client.get("/en/organisations/?q=Kosove")
    assert _directory_names(response) == ["Instituti i Kosovës për Drejtësi"]


def test_directory_says_when_nothing_matches(client, directory):
    response = client.get("/en/organisations/?q=Zagreb")
    assert "No organisation matches these filters." in _main_text(response)


@pytest.mark.parametrize(
    "query",
    ["country=DE", "country=ZZ", "country=SRB", "area=no-such-area", "area=cyber&country=XX"],
)
def test_directory_unknown_filter_is_not_found(db, client, directory, query):
    factories.AreaFactory(slug="cyber")
    db.session.commit()
    assert client.get(f"/en/organisations/?{query}").status_code == 404


@pytest.mark.parametrize(
    ("lang", "kosovo", "serbia"),
    [
        ("en", "Kosovo", "Serbia"),
        ("sr-cyrl", "Косово", "Србија"),
        ("sq", "Kosovë", "Serbi"),
        ("mk", "Косово", "Србија"),
    ],
)
def test_country_names_in_the_readers_language(client, directory, lang, kosovo, serbia):
    page = _page(client.get(f"/{lang}/organisations/"))
    places = [p.get_text(strip=True) for p in page.select("ul.cards p.meta")]
    assert any(p.endswith(kosovo) for p in places)
    assert any(p.endswith(serbia) for p in places)
    options = {o["value"]: o.get_text(strip=True) for o in page.select("select#country option")}
    assert (options["XK"], options["RS"]) == (kosovo, serbia)


def test_directory_statement_count_does_not_grow_with_organisations(db, app, client, count_queries):
    """5 or 20 organisations with three areas each (one page): the same number of SQL
    statements."""
    areas = [factories.AreaFactory() for _ in range(3)]

    def add(n: int) -> None:
        for _ in range(n):
            factories.OrganisationFactory(areas=list(areas))
        db.session.commit()

    counting = count_queries

    add(5)
    client.get("/en/organisations/")  # warm up whatever is loaded once
    with counting() as few:
        assert len(_directory_names(client.get("/en/organisations/"))) == 5
    add(15)
    client.get("/en/organisations/")  # the areas are read again once after a change
    with counting() as many:
        page = client.get("/en/organisations/")
        assert len(_directory_names(page)) == 20
    assert len(_page(page).select("ul.cards ul.tags li")) == 20 * 3
    assert len(few) == len(many), many


# --- The profile ---------------------------------------------------------------------------


def test_profile_is_public_and_hides_its_people_from_visitors(db, client, org, org_admin, staff):
    db.session.commit()
    response = client.get("/en/organisations/qkss-demo")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Qendra Kosovare" in html
    for person in (org_admin, staff):
        assert person.name not in html
        assert person.email not in html
    assert "Organisation admin" not in _main_text(response)


@pytest.mark.parametrize("persona", ["member", "other_org_admin", "coordinator"])
def test_profile_shows_people_and_roles_when_signed_in(
    request, client_as, org, org_admin, staff, member, persona
):
    factories.UserFactory(
        name="Gone Person", organisation=org, org_role="staff", is_active_account=False
    )
    response = client_as(request.getfixturevalue(persona)).get("/en/organisations/qkss-demo")
    people = [" ".join(li.get_text(" ").split()) for li in _page(response).select("ul.people li")]
    assert people == [
        "Bruno Org-Admin · Organisation admin",
        "Chen Staff · Staff",
        "Dara Member · Member",
    ]
    assert staff.email not in response.get_data(as_text=True)


def test_unknown_profile_is_not_found(client):
    assert client.get("/en/organisations/no-such-org").status_code == 404


def test_description_in_cyrillic_is_transliterated_for_latin_readers(client):
    _org(
        slug="bcbp",
        name="Београдски центар",
        original_language="sr-cyrl",
        description={"sr-cyrl": "Истраживачки центар из Београда, основан 1997. године."},
    )
    response = client.get("/sr-latn/organisations/bcbp")
    assert response.status_code == 200
    prose = _page(response).select_one("div.prose")
    assert prose.get_text(strip=True) == "Istraživački centar iz Beograda, osnovan 1997. godine."
    assert prose["lang"] == "sr-Latn"
    note = _page(response).select_one("p.content-language").get_text(" ", strip=True)
    assert note == _translated(
        "sr-latn", "Transliterated automatically from %(language)s.", language="Српски"
    )


def test_description_in_cyrillic_is_shown_as_written_to_cyrillic_readers(client):
    _org(
        slug="bcbp",
        name="Београдски центар",
        original_language="sr-cyrl",
        description={"sr-cyrl": "Истраживачки центар из Београда."},
    )
    page = _page(client.get("/sr-cyrl/organisations/bcbp"))
    assert page.select_one("div.prose").get_text(strip=True) == "Истраживачки центар из Београда."
    assert page.select_one("p.content-language") is None


def test_description_in_croatian_is_shown_to_bosnian_readers(client):
    _org(
        slug="hr-centre",
        name="Centar za mirovne studije",
        original_language="hr",
        description={"hr": "Hrvatska udruga za mirovne studije."},
    )
    response = client.get("/bs/organisations/hr-centre")
    assert response.status_code == 200
    page = _page(response)
    prose = page.select_one("div.prose")
    assert prose.get_text(strip=True) == "Hrvatska udruga za mirovne studije."
    assert prose["lang"] == "hr"
    note = page.select_one("p.content-language").get_text(" ", strip=True)
    assert note == _translated(
        "bs", "Not yet translated into your language; shown in %(language)s.", language="Hrvatski"
    )
    assert "Hrvatski" in note


def test_description_in_another_language_says_which_for_english_readers(client):
    _org(
        slug="sq-only",
        name="Qendra",
        original_language="sq",
        description={"sq": "Një qendër kërkimore."},
    )
    response = client.get("/en/organisations/sq-only")
    assert response.status_code == 200
    page = _page(response)
    assert page.select_one("div.prose").get_text(strip=True) == "Një qendër kërkimore."
    assert page.select_one("div.prose")["lang"] == "sq"
    note = page.select_one("p.content-language").get_text(" ", strip=True)
    assert note == "Not yet translated into your language; shown in Shqip."


def test_description_in_the_readers_language_needs_no_note(client):
    _org(
        slug="both",
        name="Both",
        original_language="hr",
        description={"hr": "Hrvatski tekst.", "bs": "Bosanski tekst."},
    )
    page = _page(client.get("/bs/organisations/both"))
    assert page.select_one("div.prose").get_text(strip=True) == "Bosanski tekst."
    assert page.select_one("p.content-language") is None


# --- Editing the profile -------------------------------------------------------------------


def _profile_form(version: int = 1, **changes) -> dict:
    form = {
        "version": str(version),
        "name": "Qendra Kosovare për Studime të Sigurisë",
        "short_name": "QKSS",
        "country": "XK",
        "city": "Prishtinë",
        "website": "https://www.qkss.org/",
        "original_language": "sq",
        "areas": [],
        "description_en": "A research centre in Prishtina.",
        "description_sq": "Një qendër kërkimore në Prishtinë.",
        "description_sr_latn": "",
        "description_sr_cyrl": "",
        "description_mk": "",
        "description_bs": "",
        "description_hr": "   ",
        "description_cnr": "",
    }
    form.update(changes)
    return form


def test_edit_form_shows_the_stored_profile(client_as, org, org_admin):
    org.description = {"sq": "Teksti shqip."}
    page = _page(client_as(org_admin).get("/en/organisations/qkss-demo/edit"))
    assert page.select_one("input#version")["value"] == "1"
    assert page.select_one("input#name")["value"] == "Qendra Kosovare"
    assert page.select_one("textarea#description_sq").get_text(strip=True) == "Teksti shqip."
    assert page.select_one("select#country option[selected]")["value"] == "XK"


def test_org_admin_edits_the_profile(db, client_as, org, org_admin):
    cyber, pcve, _other = (factories.AreaFactory() for _ in range(3))
    form = _profile_form(areas=[str(cyber.id), str(pcve.id)])
    response = client_as(org_admin).post("/en/organisations/qkss-demo/edit", data=form)
    assert response.status_code == 302
    assert response.location == "/en/organisations/qkss-demo"

    stored = _reload(db, Organisation, org.id)
    assert stored.name == "Qendra Kosovare për Studime të Sigurisë"
    assert (stored.short_name, stored.city, stored.website) == (
        "QKSS",
        "Prishtinë",
        "https://www.qkss.org/",
    )
    assert stored.original_language == "sq"
    assert {a.id for a in stored.areas} == {cyber.id, pcve.id}
    assert stored.description == {
        "en": "A research centre in Prishtina.",
        "sq": "Një qendër kërkimore në Prishtinë.",
    }
    assert stored.version == 2


def test_a_coordinator_edits_any_profile(db, client_as, other_org, coordinator):
    response = client_as(coordinator).post(
        "/en/organisations/bcbp-demo/edit", data=_profile_form(country="RS", name="BCBP")
    )
    assert response.status_code == 302
    assert _reload(db, Organisation, other_org.id).name == "BCBP"


@pytest.mark.parametrize("website", ["not a web address", "qkss", "https://localhost"])
def test_a_bad_website_is_a_form_error_and_nothing_is_saved(db, client_as, org, org_admin, website):
    response = client_as(org_admin).post(
        "/en/organisations/qkss-demo/edit", data=_profile_form(website=website, name="Changed")
    )
    assert response.status_code == 200
    page = _page(response)
    assert "Enter a full web address (https://…)." in page.select_one("#website-error").get_text()
    assert page.select_one("div.error-summary") is not None
    stored = _reload(db, Organisation, org.id)
    assert (stored.name, stored.website, stored.version) == ("Qendra Kosovare", None, 1)


def test_an_unknown_country_is_a_form_error(db, client_as, org, org_admin):
    response = client_as(org_admin).post(
        "/en/organisations/qkss-demo/edit", data=_profile_form(country="DE", name="Changed")
    )
    assert response.status_code == 200
    assert _page(response).select_one("#country-error") is not None
    assert _reload(db, Organisation, org.id).name == "Qendra Kosovare"


def test_two_editors_the_second_gets_a_conflict_page(db, client_as, org, org_admin, coordinator):
    first, second = client_as(org_admin), client_as(coordinator)
    seen = [
        _page(c.get("/en/organisations/qkss-demo/edit")).select_one("input#version")["value"]
        for c in (first, second)
    ]
    assert seen == ["1", "1"]
    assert (
        first.post("/en/organisations/qkss-demo/edit", data=_profile_form(name="First")).status_code
        == 302
    )

    response = second.post(
        "/en/organisations/qkss-demo/edit",
        data=_profile_form(name="Second", description_en="My careful paragraph"),
    )
    stored = _reload(db, Organisation, org.id)
    assert (stored.name, stored.version) == ("First", 2)
    assert response.status_code == 409
    page = _page(response)
    # The second editor's unsaved text is still in the form, ready to save again …
    assert page.select_one("input#name")["value"] == "Second"
    assert page.select_one("textarea#description_en").get_text().strip() == "My careful paragraph"
    assert page.select_one("input#version")["value"] == "2"
    # … and the page shows what was saved meanwhile.
    notice = " ".join(page.select_one(".notice").get_text(" ").split())
    assert "First" in notice
    assert "Someone else saved this profile while you were editing it" in notice
    again = second.post(
        "/en/organisations/qkss-demo/edit",
        data=_profile_form(name="Second", description_en="My careful paragraph", version="2"),
    )
    assert again.status_code == 302
    assert _reload(db, Organisation, org.id).name == "Second"


def test_a_stale_form_does_not_overwrite(db, client_as, org, org_admin, coordinator):
    """Whatever the page says, the second editor's stale form must not be saved."""
    assert (
        client_as(org_admin)
        .post("/en/organisations/qkss-demo/edit", data=_profile_form(name="First"))
        .status_code
        == 302
    )
    response = client_as(coordinator).post(
        "/en/organisations/qkss-demo/edit", data=_profile_form(name="Second")
    )
    assert response.status_code != 302
    stored = _reload(db, Organisation, org.id)
    assert (stored.name, stored.version) == ("First", 2)


# --- People --------------------------------------------------------------------------------


def test_people_page_lists_people_with_their_e_mail(client_as, org, org_admin, staff, member):
    response = client_as(org_admin).get("/en/organisations/qkss-demo/people")
    assert response.status_code == 200
    rows = []
    for tr in _page(response).select("tbody tr"):
        name, address, role = tr.select("td")[:3]
        chosen = role.select_one("option[selected]")
        shown = chosen.get_text(strip=True) if chosen else role.get_text(" ", strip=True)
        rows.append([name.get_text(strip=True), address.get_text(strip=True), shown])
    # The role is shown once per person: as the chosen option where it can be changed.
    assert rows == [
        ["Bruno Org-Admin", "bruno@example.org", "Organisation admin"],
        ["Chen Staff", "chen@example.org", "Staff"],
        ["Dara Member", "dara@example.org", "Member"],
    ]


def test_people_page_offers_no_role_change_on_oneself(client_as, org, org_admin, staff):
    page = _page(client_as(org_admin).get("/en/organisations/qkss-demo/people"))
    actions = {
        tr.select("td")[0].get_text(strip=True): tr.select("td")[2].select("form")
        + tr.select("td")[3].select("a")
        for tr in page.select("tbody tr")
    }
    assert actions["Bruno Org-Admin"] == []
    assert len(actions["Chen Staff"]) == 2  # the role form and the link to remove
    role_options = [o["value"] for o in actions["Chen Staff"][0].select("option")]
    assert role_options == ["member", "staff", "org_admin"]


def test_invite_through_the_people_page(db, client_as, org, org_admin):
    response = client_as(org_admin).post(
        "/en/organisations/qkss-demo/people/invite",
        data={"email": "Nova.Osoba@example.org", "role": "staff", "language": "hr"},
    )
    assert response.status_code == 302
    assert response.location == "/en/organisations/qkss-demo/people"
    [invitation] = db.session.scalars(db.select(Invitation)).all()
    assert (invitation.email, invitation.role, invitation.language) == (
        "nova.osoba@example.org",
        "staff",
        "hr",
    )
    [mail] = db.session.scalars(db.select(OutboxMessage)).all()
    assert (mail.to_address, mail.language) == ("nova.osoba@example.org", "hr")

    page = client_as(org_admin).get("/en/organisations/qkss-demo/people")
    assert (
        "nova.osoba@example.org" in _page(page).select_one("#open-heading").find_parent().get_text()
    )


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-address", "role": "staff", "language": "en"},
        {"email": "", "role": "staff", "language": "en"},
        {"email": "a@b@example.org", "role": "staff", "language": "en"},
        {"email": "new@example.org", "role": "coordinator", "language": "en"},
        {"email": "new@example.org", "role": "admin", "language": "en"},
        {"email": "new@example.org", "role": "staff", "language": "de"},
        {"email": "CHEN@example.org", "role": "staff", "language": "en"},  # has an account
    ],
)
def test_invalid_invitation_is_a_form_error_and_writes_nothing(
    db, client_as, org, org_admin, staff, data
):
    response = client_as(org_admin).post("/en/organisations/qkss-demo/people/invite", data=data)
    assert response.status_code == 400
    assert _page(response).select_one("div.error-summary") is not None
    assert _count(db, Invitation) == 0
    assert _count(db, OutboxMessage) == 0


def test_invalid_e_mail_error_is_next_to_the_field(client_as, org, org_admin):
    response = client_as(org_admin).post(
        "/en/organisations/qkss-demo/people/invite",
        data={"email": "not-an-address", "role": "staff", "language": "en"},
    )
    assert _page(response).select_one("#email-error") is not None
    assert _page(response).select_one("input#email")["aria-invalid"] == "true"


def test_change_role_through_the_people_page(db, client_as, org, org_admin, staff):
    response = client_as(org_admin).post(
        f"/en/organisations/qkss-demo/people/{staff.id}/role", data={"role": "org_admin"}
    )
    assert response.status_code == 302
    assert response.location == "/en/organisations/qkss-demo/people"
    assert _reload(db, User, staff.id).org_role == "org_admin"


def test_change_role_signs_the_person_out(db, client_as, org, org_admin, staff):
    staff_browser = client_as(staff)
    assert staff_browser.get("/en/organisations/qkss-demo").status_code == 200
    assert "Chen Staff" in staff_browser.get("/en/organisations/qkss-demo").get_data(as_text=True)
    client_as(org_admin).post(
        f"/en/organisations/qkss-demo/people/{staff.id}/role", data={"role": "member"}
    )
    response = staff_browser.get("/en/organisations/qkss-demo/people")
    assert response.status_code == 302
    assert response.location.startswith("/en/login")


@pytest.mark.parametrize("role", ["coordinator", "admin", "owner"])
def test_change_role_to_a_consortium_role_is_refused(db, client_as, org, org_admin, staff, role):
    response = client_as(org_admin).post(
        f"/en/organisations/qkss-demo/people/{staff.id}/role", data={"role": role}
    )
    assert response.status_code in (400, 403)
    stored = _reload(db, User, staff.id)
    assert (stored.org_role, stored.is_coordinator, stored.is_admin) == ("staff", False, False)


def test_an_org_admin_cannot_change_their_own_role(db, client_as, org, org_admin):
    response = client_as(org_admin).post(
        f"/en/organisations/qkss-demo/people/{org_admin.id}/role", data={"role": "member"}
    )
    assert response.status_code == 403
    assert _reload(db, User, org_admin.id).org_role == "org_admin"


def test_remove_through_the_people_page(db, client_as, org, org_admin, member):
    response = client_as(org_admin).post(f"/en/organisations/qkss-demo/people/{member.id}/remove")
    assert response.status_code == 302
    stored = _reload(db, User, member.id)
    assert (stored.organisation_id, stored.org_role) == (None, None)


def test_someone_of_another_organisation_is_not_found_here(
    db, client_as, org, org_admin, other_org_admin
):
    browser = client_as(org_admin)
    base = "/en/organisations/qkss-demo/people"
    assert (
        browser.post(f"{base}/{other_org_admin.id}/role", data={"role": "member"}).status_code
        == 404
    )
    assert browser.post(f"{base}/{other_org_admin.id}/remove").status_code == 404
    stored = _reload(db, User, other_org_admin.id)
    assert (stored.organisation_id, stored.org_role) == (
        other_org_admin.organisation_id,
        "org_admin",
    )


def _management_requests(staff_id: int, invitation_id: int) -> list[tuple[str, str, dict]]:
    base = "/en/organisations/qkss-demo"
    return [
        ("GET", f"{base}/edit", {}),
        ("POST", f"{base}/edit", _profile_form(name="Taken over")),
        ("GET", f"{base}/people", {}),
        (
            "POST",
            f"{base}/people/invite",
            {"email": "x@example.org", "role": "staff", "language": "en"},
        ),
        ("POST", f"{base}/people/{staff_id}/role", {"role": "org_admin"}),
        ("POST", f"{base}/people/{staff_id}/remove", {}),
        ("POST", f"{base}/invitations/{invitation_id}/revoke", {}),
    ]


@pytest.fixture
def open_invitation(db, org, org_admin):
    invitation = invite(
        org, email="invited@example.org", role="member", language="en", actor=org_admin
    )
    db.session.commit()
    return invitation


@pytest.mark.parametrize("index", range(7))
@pytest.mark.parametrize("persona", ["other_org_admin", "staff", "member"])
def test_management_is_forbidden_to_others(
    request, db, client_as, org, staff, open_invitation, persona, index
):
    method, url, data = _management_requests(staff.id, open_invitation.id)[index]
    browser = client_as(request.getfixturevalue(persona))
    response = browser.open(url, method=method, data=data)
    assert response.status_code == 403
    assert _reload(db, Organisation, org.id).name == "Qendra Kosovare"
    stored = _reload(db, User, staff.id)
    assert (stored.organisation_id, stored.org_role) == (org.id, "staff")
    assert _count(db, Invitation) == 1
    assert _reload(db, Invitation, open_invitation.id).revoked_at is None


def _management_done(org_id: int, staff_id: int, invitation_id: int) -> list:
    """For each management request, whether its change is stored (the positive control)."""
    return [
        lambda: True,  # a page: nothing to store
        lambda: _reload(db, Organisation, org_id).name == "Taken over",
        lambda: True,
        lambda: (
            db.session.scalar(db.select(Invitation).where(Invitation.email == "x@example.org"))
            is not None
        ),
        lambda: _reload(db, User, staff_id).org_role == "org_admin",
        lambda: _reload(db, User, staff_id).organisation_id is None,
        lambda: _reload(db, Invitation, invitation_id).revoked_at is not None,
    ]


@pytest.mark.parametrize("index", range(7))
def test_management_by_the_org_admin_goes_through(
    db, client_as, org, org_admin, staff, open_invitation, index
):
    """The same requests the matrix above refuses do work for the organisation's admin."""
    method, url, data = _management_requests(staff.id, open_invitation.id)[index]
    response = client_as(org_admin).open(url, method=method, data=data)
    assert response.status_code == (200 if method == "GET" else 302)
    assert _management_done(org.id, staff.id, open_invitation.id)[index]()


@pytest.mark.parametrize("index", range(7))
def test_management_sends_visitors_to_sign_in(db, client, org, staff, open_invitation, index):
    method, url, data = _management_requests(staff.id, open_invitation.id)[index]
    response = client.open(url, method=method, data=data)
    assert response.status_code == 302
    location = urlsplit(response.location)
    assert location.path == "/en/login"
    assert parse_qs(location.query)["next"] == [url]
    assert _reload(db, User, staff.id).org_role == "staff"
    assert _reload(db, Invitation, open_invitation.id).revoked_at is None


def test_revoke_an_invitation(db, client_as, org, org_admin, open_invitation):
    response = client_as(org_admin).post(
        f"/en/organisations/qkss-demo/invitations/{open_invitation.id}/revoke"
    )
    assert response.status_code == 302
    assert _reload(db, Invitation, open_invitation.id).revoked_at is not None


def test_a_garbled_version_is_a_form_error_not_a_500(client_as, org, org_admin):
    response = client_as(org_admin).post(
        f"/en/organisations/{org.slug}/edit",
        data={"version": "abc", "name": "New", "country": "XK", "original_language": "en"},
    )
    assert response.status_code == 200
    assert BeautifulSoup(response.data, "html.parser").select_one(".error-summary")
    db.session.refresh(org)
    assert org.name != "New"


def test_org_admins_cannot_touch_a_coordinator_in_their_organisation(client_as, org, org_admin, db):
    coordinator = User(
        email="coord-in-org@example.org",
        name="Coord",
        organisation_id=org.id,
        org_role="member",
        is_coordinator=True,
        password_hash="x",
    )
    db.session.add(coordinator)
    db.session.commit()
    client = client_as(org_admin)
    base = f"/en/organisations/{org.slug}/people"
    assert client.post(f"{base}/{coordinator.id}/remove").status_code == 403
    assert client.post(f"{base}/{coordinator.id}/role", data={"role": "staff"}).status_code == 403
    stored = _reload(db, User, coordinator.id)
    assert (stored.organisation_id, stored.org_role) == (org.id, "member")
    # The same admin manages a colleague who holds no consortium role.
    plain = factories.UserFactory(organisation=org, org_role="member")
    db.session.commit()
    assert client.post(f"{base}/{plain.id}/role", data={"role": "staff"}).status_code == 302
    assert client.post(f"{base}/{plain.id}/remove").status_code == 302
    assert _reload(db, User, plain.id).organisation_id is None


def test_accounts_without_an_organisation_do_not_see_people(client_as, org, org_admin, member, db):
    loose = User(email="loose@example.org", name="Loose", password_hash=org_admin.password_hash)
    db.session.add(loose)
    db.session.commit()
    response = client_as(loose).get(f"/en/organisations/{org.slug}")
    assert response.status_code == 200
    assert "Qendra Kosovare" in _main_text(response)
    assert org_admin.name not in response.get_data(as_text=True)
    assert _page(response).select("ul.people li") == []
    # Someone who belongs to an organisation does see them on the same page.
    seen = _page(client_as(member).get(f"/en/organisations/{org.slug}")).select("ul.people li")
    assert any(org_admin.name in li.get_text() for li in seen)


def test_org_admins_give_the_name_in_other_languages(client_as, org, org_admin):
    client = client_as(org_admin)
    response = client.post(
        f"/en/organisations/{org.slug}/edit",
        data={
            "version": str(org.version),
            "name": "Qendra Kosovare",
            "country": "XK",
            "original_language": "sq",
            "name_en": "Kosovar Centre",
            "name_sr_latn": "Kosovski centar",
        },
    )
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.name_translations == {"en": "Kosovar Centre", "sr-latn": "Kosovski centar"}
    assert (
        _page(client.get(f"/en/organisations/{org.slug}"))
        .h1.get_text()
        .startswith("Kosovar Centre")
    )
    assert (
        _page(client.get(f"/sr-cyrl/organisations/{org.slug}"))
        .h1.get_text()
        .startswith("Косовски центар")
    )
    assert (
        _page(client.get(f"/sq/organisations/{org.slug}"))
        .h1.get_text()
        .startswith("Qendra Kosovare")
    )


def test_switching_the_original_language_keeps_both_names(client_as, org, org_admin):
    org.original_language, org.name = "sq", "Qendra Kosovare"
    org.name_translations = {"en": "Kosovar Centre"}
    db.session.commit()
    response = client_as(org_admin).post(
        f"/en/organisations/{org.slug}/edit",
        data={
            "version": str(org.version),
            "name": "Qendra Kosovare",
            "country": "XK",
            "original_language": "en",
            "name_en": "Kosovar Centre",
        },
    )
    assert response.status_code == 302
    db.session.refresh(org)
    assert (org.original_language, org.name) == ("en", "Kosovar Centre")
    assert org.name_translations == {"sq": "Qendra Kosovare"}


def test_the_new_organisation_form_preselects_no_country(client_as, coordinator):
    page = _page(client_as(coordinator).get("/en/organisations/new"))
    selected = page.select("select#country option[selected]")
    assert [o["value"] for o in selected] in ([], [""])
    response = client_as(coordinator).post(
        "/en/organisations/new", data={"name": "Nova", "original_language": "en"}
    )
    assert response.status_code == 200
    summary = _page(response).select_one(".error-summary").get_text(" ", strip=True)
    assert "Country: This field is required." in summary  # the summary names the field


def test_an_organisation_made_without_a_short_address_gets_one_from_its_name(
    db, client_as, coordinator
):
    response = client_as(coordinator).post(
        "/en/organisations/new",
        data={"slug": "", "name": "Центар за мир", "country": "RS", "original_language": "sr-cyrl"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/organisations/centar-za-mir"


def test_partner_since_is_offered_to_coordinators_only(client_as, org, org_admin, coordinator):
    assert _page(client_as(coordinator).get(f"/en/organisations/{org.slug}/edit")).select_one(
        "input#partner_since"
    )
    assert not _page(client_as(org_admin).get(f"/en/organisations/{org.slug}/edit")).select_one(
        "input#partner_since"
    )


def test_the_original_languages_description_comes_first(client_as, org, org_admin, db):
    org.original_language = "sq"
    db.session.commit()
    page = _page(client_as(org_admin).get(f"/en/organisations/{org.slug}/edit"))
    boxes = [t["id"] for t in page.select("textarea")]
    assert boxes[0] == "description_sq"
    assert boxes[1:] == [
        f"description_{c}" for c in ("en", "sr_latn", "sr_cyrl", "mk", "bs", "hr", "cnr")
    ]


def test_a_translation_older_than_the_original_is_marked_on_the_form(client_as, org, org_admin):
    client = client_as(org_admin)
    first = _profile_form(description_en="Old translation", description_sq="Origjinali.")
    assert client.post(f"/en/organisations/{org.slug}/edit", data=first).status_code == 302
    changed = _profile_form(
        version=2, description_en="Old translation", description_sq="Origjinali i ndryshuar."
    )
    assert client.post(f"/en/organisations/{org.slug}/edit", data=changed).status_code == 302
    page = _page(client.get(f"/en/organisations/{org.slug}/edit"))
    assert (
        "Written before the latest change of the original"
        in page.select_one("#description_en-hint").get_text()
    )
    assert page.select_one("#description_sq-hint") is None


def test_the_directory_search_reads_descriptions_too(client, db):
    _org(
        slug="ura",
        name="Qendra Ura",
        country="XK",
        description={"sq": "Punojmë për riintegrimin e të kthyerve nga zonat e luftës."},
    )
    _org(slug="other", name="Institut", country="RS")
    assert _directory_names(client.get("/en/organisations/?q=riintegrim")) == ["Qendra Ura"]
