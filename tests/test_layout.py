"""The frame around every page: header, account menu, breadcrumbs, footer, avatars.

And the rules every page keeps: no inline styles or scripts (the CSP forbids them).
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string

from consortium.i18n.languages import LANGUAGES
from tests import factories


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _texts(elements) -> list[str]:
    return [" ".join(e.get_text(" ").split()) for e in elements]


def _sections(soup) -> list[str]:
    return _texts(soup.select("header nav.main-nav a"))


def _account_menu(soup) -> dict[str, str]:
    return {
        " ".join(a.get_text(" ").split()): a["href"]
        for a in soup.select("header .account-nav .account-links a")
    }


# --- Header: sections and the account menu -----------------------------------------------


def test_a_visitor_sees_the_public_sections_and_sign_in(client):
    soup = _soup(client.get("/en/"))
    assert "Organisations" in _sections(soup)
    assert "Audit log" not in _sections(soup)
    assert "People" not in _sections(soup)
    assert soup.select_one("header a[href='/en/login']").get_text(strip=True) == "Sign in"
    assert soup.select("header form[action*=logout]") == []


def test_an_admin_sees_the_audit_log_and_people(client_as, admin):
    sections = _sections(_soup(client_as(admin).get("/en/")))
    assert {"Organisations", "Audit log", "People"} <= set(sections)


def test_the_current_section_is_marked(client):
    soup = _soup(client.get("/en/organisations/"))
    current = soup.select("header nav.main-nav a[aria-current=page]")
    assert _texts(current) == ["Organisations"]


def test_someone_in_an_organisation_has_it_in_their_account_menu(client_as, org, member):
    soup = _soup(client_as(member).get("/en/"))
    menu = _account_menu(soup)
    assert menu["My organisation"] == f"/en/organisations/{org.slug}"
    assert menu["Your account"] == "/en/account"
    # Their name next to their avatar, and the sign-out button, in the same menu.
    assert "Dara Member" in soup.select_one("header .account-nav .who").get_text()
    sign_out = soup.select_one("header .account-nav form[action='/en/logout'] button")
    assert sign_out.get_text(strip=True) == "Sign out"


def test_a_coordinator_without_an_organisation_has_no_my_organisation(client_as, coordinator):
    menu = _account_menu(_soup(client_as(coordinator).get("/en/")))
    assert "My organisation" not in menu
    assert "Your account" in menu


def test_the_phone_menu_works_without_javascript(client_as, member):
    """A checkbox and its label open the menu: sections, account and languages inside it."""
    soup = _soup(client_as(member).get("/en/"))
    toggle = soup.select_one("header input#menu-toggle[type=checkbox]")
    assert toggle is not None
    label = soup.select_one("header label[for=menu-toggle]")
    assert label.get_text(strip=True) == "Menu"
    menu = soup.select_one("header .site-menu")
    assert toggle.find_next_sibling(class_="site-menu") is menu
    assert menu.select_one("nav.main-nav") is not None
    assert menu.select_one(".account-nav form[action*=logout]") is not None
    assert len(menu.select(".lang-menu a[hreflang]")) == len(LANGUAGES)
    assert not soup.select("script")


def test_every_language_is_reachable_from_the_header(client):
    soup = _soup(client.get("/sq/organisations/"))
    links = soup.select("header .lang-menu a[hreflang]")
    assert {a["hreflang"]: a["href"] for a in links} == {
        language.bcp47: f"/{code}/organisations/" for code, language in LANGUAGES.items()
    }
    assert _texts(soup.select("header .lang-menu a[aria-current=true]")) == ["Shqip"]


# --- Breadcrumbs ------------------------------------------------------------------------


def _breadcrumbs(soup) -> list[tuple[str, str | None, str | None]]:
    nav = soup.select_one("main nav.breadcrumbs")
    assert nav is not None, "no breadcrumbs"
    assert nav["aria-label"] == "Breadcrumb"
    items = []
    for li in nav.select("ol > li"):
        target = li.select_one("a, span")
        items.append((target.get_text(strip=True), target.get("href"), target.get("aria-current")))
    return items


def test_a_profile_has_breadcrumbs_ending_with_the_organisation(client, org):
    soup = _soup(client.get(f"/en/organisations/{org.slug}"))
    crumbs = _breadcrumbs(soup)
    assert crumbs == [
        ("Organisations", "/en/organisations/", None),
        ("Qendra Kosovare", f"/en/organisations/{org.slug}", "page"),
    ]
    # At the top of main, before the heading.
    assert soup.select_one("main").find(True) is soup.select_one("main nav.breadcrumbs")


def test_the_areas_and_an_area_have_breadcrumbs(client_as, coordinator):
    area = factories.AreaFactory(slug="pcve", names={"en": "P/CVE"})
    client = client_as(coordinator)
    assert [c[0] for c in _breadcrumbs(_soup(client.get("/en/areas/")))] == [
        "Organisations",
        "Thematic areas",
    ]
    crumbs = _breadcrumbs(_soup(client.get(f"/en/areas/{area.slug}/edit")))
    assert [c[0] for c in crumbs] == ["Organisations", "Thematic areas", "P/CVE"]
    assert crumbs[-1][2] == "page"
    crumbs = _breadcrumbs(_soup(client.get("/en/areas/new")))
    assert crumbs[-1][:1] == ("Add a thematic area",) and crumbs[-1][2] == "page"


def test_a_person_page_has_breadcrumbs_under_people(client_as, admin, member):
    crumbs = _breadcrumbs(_soup(client_as(admin).get(f"/en/admin/users/{member.id}")))
    assert crumbs == [
        ("People", "/en/admin/users", None),
        ("Dara Member", f"/en/admin/users/{member.id}", "page"),
    ]


@pytest.mark.parametrize("path", ["/en/", "/en/organisations/"])
def test_home_and_section_pages_have_no_breadcrumbs(client, path):
    assert _soup(client.get(path)).select("nav.breadcrumbs") == []


# --- Footer ---------------------------------------------------------------------------------


def test_the_footer_describes_the_consortium_and_links_every_language(client, org):
    soup = _soup(client.get(f"/en/organisations/{org.slug}"))
    footer = soup.select_one("footer.site-footer")
    assert "civil-society organisations of South East Europe" in footer.get_text()
    links = footer.select("nav.language-switcher a[hreflang]")
    assert {a["hreflang"]: (a["href"], a.get_text(strip=True)) for a in links} == {
        language.bcp47: (f"/{code}/organisations/{org.slug}", language.own_name)
        for code, language in LANGUAGES.items()
    }
    for a in links:
        assert a["lang"] == a["hreflang"]


# --- Avatars and organisation logos -------------------------------------------------------


def _render(source: str, **context) -> BeautifulSoup:
    template = '{% from "macros/ui.html" import avatar, org_logo with context %}' + source
    return BeautifulSoup(render_template_string(template, **context), "html.parser")


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Arbërie Krasniqi", "AK"),
        ("Никола Ђорђевић", "НЂ"),
        ("Ѓорѓи Ќирковски", "ЃЌ"),
        ("ëndrit çela", "ËÇ"),
        ("Bruno Org-Admin", "BO"),
        ("Jovana", "J"),
        ("  ", "?"),
    ],
)
def test_an_avatar_shows_initials_and_names_the_person(app, name, initials):
    with app.test_request_context("/en/"):
        avatar = _render("{{ avatar(name) }}", name=name).select_one(".avatar")
    assert avatar["data-initials"] == initials
    assert avatar["role"] == "img"
    assert avatar["aria-label"] == name
    assert not avatar.get_text(strip=True)  # drawn by the stylesheet: never read twice


def test_a_decorative_avatar_is_hidden_from_screen_readers(app):
    with app.test_request_context("/en/"):
        avatar = _render('{{ avatar("Amra Hodžić", "s", decorative=True) }}').select_one(".avatar")
    assert avatar["aria-hidden"] == "true"
    assert not avatar.get("role") and not avatar.get("aria-label")
    assert "avatar-s" in avatar["class"]


def test_an_avatar_colour_depends_only_on_the_name(app):
    names = ["Arbërie Krasniqi", "Никола Ђорђевић", "Amra Hodžić", "Ivana Horvat", "Vesna V"]
    with app.test_request_context("/en/"):
        source = "{% for n in names %}{{ avatar(n) }}{{ avatar(n) }}{% endfor %}"
        avatars = _render(source, names=names).select(".avatar")
    colours = [next(c for c in a["class"] if c.startswith("avatar-c")) for a in avatars]
    assert colours[0::2] == colours[1::2]
    assert len(set(colours)) > 1


@pytest.mark.parametrize(
    ("name", "short_name", "letters"),
    [
        ("Qendra Kosovare për Studime të Sigurisë", "QKSS", "QKSS"),
        ("Qendra Ura për Siguri dhe Dialog", "Ura", "URA"),
        ("Qendra Kosovare", None, "QK"),
        ("Centar za otpornost", None, "CO"),
        ("Центар за отпорност", None, "ЦО"),
        ("Women's Alliance for Security and Peace", None, "WAS"),
    ],
)
def test_an_organisation_logo_shows_its_initials(app, name, short_name, letters):
    organisation = factories.OrganisationFactory.build(name=name, short_name=short_name)
    with app.test_request_context("/en/"):
        logo = _render("{{ org_logo(o) }}", o=organisation).select_one(".org-logo")
        named = _render("{{ org_logo(o, decorative=False) }}", o=organisation)
    assert logo["data-initials"] == letters
    assert logo["aria-hidden"] == "true"
    assert named.select_one(".org-logo")["aria-label"] == name


def test_avatars_on_pages_carry_a_text_alternative(client_as, org, org_admin, member):
    soup = _soup(client_as(member).get(f"/en/organisations/{org.slug}"))
    avatars = soup.select(".avatar")
    assert len(avatars) >= 3  # the header's and the two people's
    for avatar in avatars:
        if avatar.get("aria-hidden") == "true":
            # Decorative: the name is printed right beside it.
            assert avatar.parent.get_text(" ", strip=True), avatar
        else:
            assert avatar["role"] == "img" and avatar["aria-label"].strip(), avatar
    people = soup.select("ul.people li")
    assert [li.select_one(".avatar")["aria-hidden"] for li in people] == ["true", "true"]
    assert [li.select_one(".person-name").get_text() for li in people] == [
        "Bruno Org-Admin",
        "Dara Member",
    ]
    # The directory's cards and the profile show the organisation's logo.
    assert soup.select_one(".profile-head .org-logo")["data-initials"]
    directory = _soup(client_as(member).get("/en/organisations/"))
    assert directory.select_one("ul.cards li .org-logo")["data-initials"] == "QK"


# --- Empty states -------------------------------------------------------------------------


def test_a_filtered_directory_without_results_offers_to_clear_the_filters(client, org):
    soup = _soup(client.get("/en/organisations/?q=nothing-matches-this"))
    empty = soup.select_one("main .empty-state")
    assert "No organisation matches these filters." in empty.get_text()
    assert empty.select_one("a.button")["href"] == "/en/organisations/"


# --- No inline styles or scripts ----------------------------------------------------------

VISITOR_PAGES = [
    "/en/",
    "/sr-cyrl/",
    "/en/organisations/",
    "/en/organisations/?q=nothing-matches-this",
    "/en/organisations/{org}",
    "/en/areas/",
    "/en/login",
    "/en/forgot-password",
    "/en/no-such-page",
]
SIGNED_IN_PAGES = [
    "/en/",
    "/en/organisations/{org}",
    "/en/organisations/{org}/people",
    "/en/organisations/{org}/edit",
    "/en/account",
    "/en/audit/",
    "/en/admin/users",
    "/en/admin/users/{person}",
    "/en/areas/new",
]


def _inline_styles_and_scripts(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = [f"style attribute on <{tag.name}>" for tag in soup.find_all(style=True)]
    found += ["<style> element" for _ in soup.find_all("style")]
    found += ["inline <script>" for s in soup.find_all("script") if not s.get("src")]
    found += [
        f"{attribute} on <{tag.name}>"
        for tag in soup.find_all(True)
        for attribute in tag.attrs
        if attribute.lower().startswith("on")
    ]
    return found


def test_no_page_has_inline_styles_or_scripts(client, client_as, org, org_admin, admin):
    factories.AreaFactory(slug="pcve")
    values = {"org": org.slug, "person": org_admin.id}
    problems = []
    for who, paths in ((None, VISITOR_PAGES), (admin, SIGNED_IN_PAGES)):
        browser = client_as(who)
        for path in paths:
            path = path.format(**values)
            response = browser.get(path)
            assert response.status_code in (200, 404), f"{path}: {response.status_code}"
            problems += [f"{path}: {p}" for p in _inline_styles_and_scripts(response.text)]
    assert not problems, "\n".join(problems)


def test_the_check_finds_inline_styles():
    html = '<p style="color:red" onclick="x()">a</p><style>p{}</style><script>x()</script>'
    assert len(_inline_styles_and_scripts(html)) == 4
