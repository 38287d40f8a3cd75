"""The directory: filters with counts, search across scripts and typos, keyset pages,
and a constant number of queries per page."""

from __future__ import annotations

import re

import pytest

from consortium.db import db, utcnow
from consortium.experts.schemas import DirectoryFilters
from tests import factories
from tests.experts.factories import make_expert


def names(client, query: str) -> list[str]:
    body = client.get(f"/en/experts/{query}").get_data(as_text=True)
    return re.findall(r'<h2><a href="/en/experts/[a-z0-9-]+">([^<]+)</a>', body)


@pytest.fixture
def region(app):
    pcve = factories.AreaFactory(slug="pcve")
    salw = factories.AreaFactory(slug="salw")
    make_expert(
        "Ђорђе Ђорђевић",
        name_other_script="Đorđe Đorđević",
        country="RS",
        original_language="sr-cyrl",
        area_ids=(pcve.id,),
        speaks=[("sr", "native"), ("en", "fluent")],
    )
    make_expert(
        "Марија Трајковска",
        name_other_script="Marija Trajkovska",
        country="MK",
        original_language="mk",
        area_ids=(salw.id,),
        speaks=[("mk", "native"), ("en", "fluent")],
        availability=frozenset({"media"}),
    )
    make_expert(
        "Blerta Krasniqi",
        country="XK",
        affiliation="Universiteti i Prishtinës, Kosovë",
        area_ids=(pcve.id, salw.id),
        speaks=[("sq", "native")],
    )
    return pcve, salw


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("djordjevic", "Đorđe Đorđević"),  # Latin without diacritics finds the Cyrillic name
        ("Ђорђевић", "Đorđe Đorđević"),
        ("djordjevik", "Đorđe Đorđević"),  # a typo still finds it
        ("trajkovska", "Marija Trajkovska"),
        ("Трајк", "Marija Trajkovska"),  # a prefix, in the other script
        ("kosove", "Blerta Krasniqi"),  # the affiliation, without ë
        ("krasn", "Blerta Krasniqi"),
    ],
)
def test_the_search_box_is_blind_to_script_diacritics_and_small_typos(client, region, typed, found):
    assert names(client, f"?q={typed}") == [found]


def test_names_appear_in_the_readers_script(client, region):
    body = client.get("/sr-cyrl/experts/?q=djordjevic").get_data(as_text=True)
    assert "Ђорђе Ђорђевић" in body
    body = client.get("/sr-latn/experts/?q=djordjevic").get_data(as_text=True)
    assert (
        "Đorđe Đorđević" in body
        and "Ђорђе Ђорђевић" not in body.split("<main")[-1].split("<h2>")[1]
    )


def test_filters_narrow_and_count_what_each_choice_would_give(client, region):
    _pcve, _salw = region
    assert sorted(names(client, "?area=pcve")) == ["Blerta Krasniqi", "Đorđe Đorđević"]
    assert names(client, "?area=pcve&language=en") == ["Đorđe Đorđević"]
    assert names(client, "?available=media") == ["Marija Trajkovska"]
    assert names(client, "?country=MK") == ["Marija Trajkovska"]
    body = client.get("/en/experts/?area=pcve").get_data(as_text=True)
    # With PCVE chosen, English would leave one of its two experts, Albanian one.
    assert re.search(r'<option value="en"[^>]*>[^<]+\(1\)</option>', body)
    assert re.search(r'<option value="sq"[^>]*>[^<]+\(1\)</option>', body)
    # The area filter's own counts ignore the area chosen: SALW would give two.
    assert re.search(r'<option value="salw"[^>]*>[^<]+\(2\)</option>', body)
    assert "2 experts" in body


def test_verified_only(client, region, coordinator):
    from consortium.experts import services
    from consortium.experts.models import Expert

    expert = db.session.scalar(db.select(Expert).where(Expert.name == "Blerta Krasniqi"))
    services.set_verified(expert, True, actor=coordinator)
    db.session.commit()
    assert names(client, "?verified=1") == ["Blerta Krasniqi"]


def test_unknown_filter_values_are_ignored_not_errors(client, region):
    response = client.get("/en/experts/?area=nope&country=ZZ&language=xx&after=garbage")
    assert response.status_code == 200
    assert len(names(client, "?area=nope&country=ZZ")) == 3


def test_pages_follow_on_without_gaps_or_repeats(client, app):
    for n in range(45):
        make_expert(f"Expert {n:02d} Test", country="AL")
    db.session.commit()
    seen, path, pages = [], "/en/experts/", 0
    while path:
        body = client.get(path).get_data(as_text=True)
        seen += re.findall(r'<h2><a href="/en/experts/[a-z0-9-]+">([^<]+)</a>', body)
        found = re.search(r'rel="next" href="([^"]+)"', body)
        path = found.group(1).replace("&amp;", "&") if found else None
        pages += 1
    assert pages == 3
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 45


def test_sorted_by_the_readers_alphabet(client, app):
    for name in ("Čolić Ana", "Cvijić Ana", "Zorić Ana", "Ćosić Ana"):
        make_expert(name, country="RS", original_language="sr-latn")
    db.session.commit()
    body = client.get("/sr-latn/experts/").get_data(as_text=True)
    shown = re.findall(r'<h2><a href="/sr-latn/experts/[a-z0-9-]+">([^<]+)</a>', body)
    assert shown == ["Cvijić Ana", "Čolić Ana", "Ćosić Ana", "Zorić Ana"]


def test_a_page_costs_the_same_queries_with_few_or_many_experts(client, app, count_queries):
    area = factories.AreaFactory(slug="pcve")

    def add(n):
        for i in range(n):
            make_expert(
                f"Person {i} Many",
                country="ME",
                area_ids=(area.id,),
                speaks=[("cnr", "native"), ("en", "working")],
            )
        db.session.commit()

    db.session.commit()
    client.get("/en/experts/")  # the areas, kept until the partners' counter moves
    add(3)
    with count_queries() as few:
        client.get("/en/experts/")
    add(17)
    with count_queries() as many:
        client.get("/en/experts/")
    assert len(few) == len(many)


def test_a_profile_whose_removal_was_asked_for_leaves_the_directory(
    client_as, region, app, loner, member
):
    from consortium.experts import services
    from consortium.experts.models import Expert

    expert = db.session.scalar(db.select(Expert).where(Expert.name == "Blerta Krasniqi"))
    expert.user_id = loner.id
    db.session.commit()
    client = client_as(loner)
    assert client.get(f"/en/experts/{expert.slug}/removal").status_code == 200
    assert client.post(f"/en/experts/{expert.slug}/removal").status_code == 302
    db.session.expire_all()
    assert db.session.get(Expert, expert.id).removal_requested_at is not None
    assert "Blerta Krasniqi" not in names(client_as(None), "")
    assert client_as(member).get(f"/en/experts/{expert.slug}").status_code == 404
    assert client.get(f"/en/experts/{expert.slug}").status_code == 200  # the expert still sees it
    assert services.removal_requests()[0].id == expert.id


def test_coordinators_are_told_of_removal_requests(client_as, region, loner, coordinator):
    from consortium.experts import services
    from consortium.experts.models import Expert

    home = client_as(coordinator).get("/en/").get_data(as_text=True)
    assert "asked for their profile" not in home  # the control
    expert = db.session.scalar(db.select(Expert).where(Expert.name == "Blerta Krasniqi"))
    expert.user_id = loner.id
    services.request_removal(expert, actor=loner)
    db.session.commit()
    home = client_as(coordinator).get("/en/").get_data(as_text=True)
    assert "1 expert asked for their profile to be removed" in home
    assert f"/en/experts/{expert.slug}/delete" in home


def _count_of(body: str, value: str) -> int:
    found = re.search(rf'<option value="{value}"[^>]*>[^<]+\((\d+)\)</option>', body)
    return int(found.group(1)) if found else 0


def test_counts_follow_every_change_at_once(client, region):
    """Each worker keeps a choice's counts until an expert, a language or an area changes:
    the counts a reader sees are never those of before a change."""
    from consortium.experts import services
    from consortium.experts.models import Expert

    def country(code: str) -> int:
        return _count_of(client.get("/en/experts/").get_data(as_text=True), code)

    assert country("ME") == 0
    added = make_expert("Ana Prva", country="ME", speaks=[("cnr", "native")])
    db.session.commit()
    assert country("ME") == 1  # a new expert
    make_expert("Ana Druga", country="ME")
    db.session.commit()
    assert country("ME") == 2
    added.country = "BA"  # however the change is made (here: straight on the model)
    db.session.commit()
    assert (country("ME"), country("BA")) == (1, 1)
    body = client.get("/en/experts/?area=pcve").get_data(as_text=True)
    assert _count_of(body, "en") == 1
    ana = db.session.scalar(db.select(Expert).where(Expert.name == "Ana Druga"))
    ana.areas.append(region[0])  # a thematic area given
    db.session.commit()
    assert "3 experts" in client.get("/en/experts/?area=pcve").get_data(as_text=True)
    ana.removal_requested_at = utcnow()  # a removal request hides her
    services.index(ana)
    db.session.commit()
    assert "2 experts" in client.get("/en/experts/?area=pcve").get_data(as_text=True)
    region[0].names = {**region[0].names, "en": "Preventing violent extremism"}
    db.session.commit()  # an area renamed: the filter and the cards say so at once
    body = client.get("/en/experts/?area=pcve").get_data(as_text=True)
    assert body.count("Preventing violent extremism") >= 2


def test_unchanged_counts_are_not_counted_again(client, region, count_queries):
    """Asked twice with nothing changed in between, the directory counts once; a change
    (the positive control) makes it count again. The areas are kept by the partners'
    counter (`organisations.changes`), which a new expert does not move."""
    client.get("/en/experts/?country=RS")
    with count_queries() as again:
        client.get("/en/experts/?country=RS")
    make_expert("Novi Ekspert", country="RS")
    db.session.commit()
    with count_queries() as changed:
        body = client.get("/en/experts/?country=RS").get_data(as_text=True)
    assert "Novi Ekspert" in body
    assert "count(*)" not in " ".join(again).lower()
    assert "count(*)" in " ".join(changed).lower()
    assert len(changed) == len(again) + 1  # the counts


def test_a_card_shows_what_the_reader_sees_of_the_profile(client, app):
    """A card (read as plain rows, `experts.cards`) names the organisation as the reader
    sees it, the areas in their order and the languages in the expert's order."""
    first = factories.AreaFactory(slug="first", position=1)
    second = factories.AreaFactory(slug="second", position=2)
    org = factories.OrganisationFactory(
        name="Qendra Kosovare për Studime të Sigurisë",
        original_language="sq",
        name_translations={"en": "Kosovar Centre for Security Studies"},
        country="XK",
    )
    expert = make_expert(
        "Drita Berisha",
        organisation_id=org.id,
        area_ids=(second.id, first.id),
        speaks=[("sq", "native"), ("en", "fluent"), ("sr", "working")],
    )
    expert.verified_at = utcnow()
    db.session.commit()

    def card(lang: str) -> str:
        body = client.get(f"/{lang}/experts/").get_data(as_text=True)
        return body.split('class="card expert-card"', 1)[1].split("</li>\n", 1)[0]

    english, albanian = card("en"), card("sq")
    assert "Kosovar Centre for Security Studies · Kosovo" in english
    assert "Qendra Kosovare për Studime të Sigurisë · Kosov" in albanian
    assert english.index("first (en)") < english.index("second (en)")
    assert "Albanian, English, Serbian" in english
    assert 'href="/en/experts/drita-berisha"' in english
    assert '<span class="tag verified">Verified</span>' in english


def test_the_directory_says_when_the_reader_narrowed_it():
    """Only then is a page planned for its values (`paginate(..., narrowed=...)`)."""
    assert not DirectoryFilters().narrows()
    assert DirectoryFilters(query="kos").narrows() and DirectoryFilters(verified=True).narrows()
