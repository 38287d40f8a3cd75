"""The partner directory sorts and pages in the database (issue 13), by the name each reader
sees: a page never loads every partner, and the stored names follow every rename."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from consortium.db import db
from consortium.organisations import services
from consortium.organisations.models import OrganisationName
from consortium.organisations.schemas import OrganisationProfile
from tests import factories


def _names(client, path: str) -> tuple[list[str], str | None, str]:
    page = BeautifulSoup(client.get(path).data, "html.parser")
    names = [a.get_text(strip=True) for a in page.select(".org-card h2 a")]
    following = page.select_one("nav.pager a[rel=next]")
    return names, following["href"] if following else None, page.select_one("p.count").text


def _stored(organisation) -> dict[str, str]:
    rows = db.session.execute(
        db.select(OrganisationName.language, OrganisationName.name).where(
            OrganisationName.organisation_id == organisation.id
        )
    )
    return dict(rows.all())


def test_each_reader_sees_and_sorts_by_the_name_in_their_language(client):
    factories.OrganisationFactory(
        slug="bc",
        name="Београдски центар",
        original_language="sr-cyrl",
        name_translations={"en": "Belgrade Centre"},
    )
    factories.OrganisationFactory(slug="ak", name="Atlantski klub", original_language="sr-latn")
    factories.OrganisationFactory(slug="zf", name="Žene za mir", original_language="hr")
    db.session.commit()
    # English: the translation, in the root order.
    assert _names(client, "/en/organisations/")[0] == [
        "Atlantski klub",
        "Belgrade Centre",
        "Žene za mir",
    ]
    # Croatian: the Cyrillic original in Latin letters, Ž after Z.
    assert _names(client, "/hr/organisations/")[0] == [
        "Atlantski klub",
        "Beogradski centar",
        "Žene za mir",
    ]
    # Serbian Cyrillic: Serbian Latin in Cyrillic letters, Croatian as written, after the
    # Cyrillic names (the Serbian Cyrillic alphabet comes first).
    assert _names(client, "/sr-cyrl/organisations/")[0] == [
        "Атлантски клуб",
        "Београдски центар",
        "Žene za mir",
    ]


def test_the_stored_names_follow_a_rename(coordinator):
    organisation = factories.OrganisationFactory(slug="cr", name="Centar", original_language="bs")
    db.session.commit()
    assert _stored(organisation)["bs"] == "Centar"
    profile = OrganisationProfile(
        name="Centar za sigurnost",
        country="BA",
        original_language="bs",
        name_translations={"en": "Security Centre"},
    )
    services.update_profile(
        organisation, profile, seen_version=organisation.version, actor=coordinator
    )
    db.session.commit()
    db.session.expire_all()
    stored = _stored(organisation)
    assert stored["bs"] == stored["hr"] == "Centar za sigurnost"
    assert stored["en"] == "Security Centre"
    assert stored["sr-cyrl"] == "Centar za sigurnost"  # Bosnian is read as written


def test_pages_follow_each_other_without_repeating_or_skipping(client, monkeypatch):
    monkeypatch.setattr(services, "DIRECTORY_PAGE", 2)
    for name in ("Čačak", "Cazin", "Drina", "Ćuprija", "Zenica"):
        factories.OrganisationFactory(
            slug=name.lower().replace("č", "c").replace("ć", "c") + "-forum",
            name=f"{name} forum",
            country="RS",
        )
    factories.OrganisationFactory(slug="tirana", name="Tirana forum", country="AL")
    db.session.commit()
    seen, path = [], "/sr-latn/organisations/?country=RS"
    while path:
        names, path, count = _names(client, path)
        assert len(names) <= 2
        assert "5" in count  # the count is of every match, not of the page
        seen += names
    assert seen == ["Cazin forum", "Čačak forum", "Ćuprija forum", "Drina forum", "Zenica forum"]


def test_a_forged_cursor_serves_the_first_page(client, monkeypatch):
    monkeypatch.setattr(services, "DIRECTORY_PAGE", 1)
    factories.OrganisationFactory(slug="a", name="Alfa")
    factories.OrganisationFactory(slug="b", name="Beta")
    db.session.commit()
    response = client.get("/en/organisations/?after=not-a-cursor")
    assert response.status_code == 200
    assert re.findall(r"<h2><a [^>]+>([^<]+)</a>", response.get_data(as_text=True)) == ["Alfa"]


def test_rebuilding_the_search_index_rewrites_the_names_too(app):
    """`flask search rebuild` is the way to bring the stored names up to date after a
    language is added: names missing or stale are written again."""
    organisation = factories.OrganisationFactory(slug="bc", name="Beogradski centar")
    db.session.commit()
    db.session.execute(
        db.delete(OrganisationName).where(OrganisationName.language.in_(["hr", "mk"]))
    )
    db.session.execute(
        db.update(OrganisationName).where(OrganisationName.language == "sq").values(name="X")
    )
    db.session.commit()
    db.session.expire_all()
    before = _stored(organisation)
    assert "hr" not in before and "mk" not in before and before["sq"] == "X"
    result = app.test_cli_runner().invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    stored = _stored(organisation)
    assert len(stored) == 8 and stored["hr"] == stored["mk"] == stored["sq"] == "Beogradski centar"
