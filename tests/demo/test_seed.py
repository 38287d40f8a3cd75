"""The demo data: complete, multilingual, idempotent, and every account can sign in."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from consortium.auth.models import User
from consortium.auth.passwords import password_problems
from consortium.auth.services import authenticate, context_words_for
from consortium.db import db
from consortium.demo import data
from consortium.demo.cli import seed_demo_command
from consortium.demo.seed import seed_demo
from consortium.i18n.content import resolve
from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import lat_to_cyr
from consortium.organisations import countries
from consortium.organisations.models import Organisation, ThematicArea

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@pytest.fixture
def seeded(db):
    report = seed_demo()
    db.session.commit()
    return report


def _organisation(db, slug: str) -> Organisation:
    return db.session.scalar(db.select(Organisation).where(Organisation.slug == slug))


def _snapshot(db) -> dict[str, list[str]]:
    """Every row of every table, order-independent."""
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(table.select()))
        for table in db.metadata.sorted_tables
    }


def test_first_run_reports_what_it_created(seeded, db):
    assert seeded.areas == len(data.AREAS) == 12
    assert seeded.organisations == len(data.ORGANISATIONS)
    assert 9 <= seeded.organisations <= 10
    assert seeded.users == len(data.PEOPLE) == db.session.scalar(db.select(db.func.count(User.id)))
    assert seeded.created_anything
    assert [a.email for a in seeded.accounts] == [p["email"] for p in data.PEOPLE]


def test_partners_in_all_seven_countries(seeded, db):
    found = set(db.session.scalars(db.select(Organisation.country)))
    assert found == set(countries.CODES)


def test_organisations_are_complete(seeded, db):
    for organisation in db.session.scalars(db.select(Organisation)):
        assert organisation.short_name and organisation.city and organisation.partner_since
        assert organisation.website == f"https://{organisation.slug}.example"
        assert 2 <= len(organisation.areas) <= 4
        assert "en" in organisation.name_translations
        assert {organisation.original_language, "en"} <= set(organisation.description)


def test_every_area_is_named_in_every_language(seeded, db):
    areas = list(db.session.scalars(db.select(ThematicArea).order_by(ThematicArea.position)))
    assert [a.slug for a in areas] == [item["slug"] for item in data.AREAS]
    for area in areas:
        assert set(area.names) == set(LANGUAGES), area.slug
        assert all(name.strip() for name in area.names.values()), area.slug
        # Serbian Cyrillic is the transliteration of Serbian Latin, never a separate text.
        assert area.names["sr-cyrl"] == lat_to_cyr(area.names["sr-latn"]), area.slug


def test_second_run_changes_nothing(seeded, db):
    before = _snapshot(db)

    again = seed_demo()
    db.session.commit()

    assert (again.areas, again.organisations, again.users) == (0, 0, 0)
    assert not again.created_anything
    assert again.accounts == seeded.accounts
    assert _snapshot(db) == before


def test_demo_password_passes_the_policy_for_every_account(seeded, db):
    for account in seeded.accounts:
        user = db.session.scalar(db.select(User).where(User.email == account.email))
        words = context_words_for(user.email, user.name, user.organisation)
        assert password_problems(data.DEMO_PASSWORD, context_words=words) == [], account.email


def test_every_demo_account_signs_in_with_the_demo_password(seeded):
    for account in seeded.accounts:
        user = authenticate(account.email, data.DEMO_PASSWORD)
        assert user is not None, account.email
        assert user.email == account.email


def test_roles_cover_the_cast(seeded, db):
    users = {u.email: u for u in db.session.scalars(db.select(User))}
    admin = users["admin@consortium.example"]
    assert admin.is_admin and admin.organisation is None
    coordinator = users["koordinatorka@consortium.example"]
    assert coordinator.is_coordinator and coordinator.organisation is None

    roles_by_org: dict[str, set[str]] = {}
    for user in users.values():
        if user.organisation is not None:
            roles_by_org.setdefault(user.organisation.slug, set()).add(user.org_role)
    assert set(roles_by_org) == {item["slug"] for item in data.ORGANISATIONS}
    assert all("org_admin" in roles for roles in roles_by_org.values())
    complete = [
        slug for slug, roles in roles_by_org.items() if roles >= {"org_admin", "staff", "member"}
    ]
    assert len(complete) >= 4
    for user in users.values():
        assert user.language in LANGUAGES
        assert user.email.isascii()


def test_names_are_written_in_local_scripts(seeded, db):
    names = list(db.session.scalars(db.select(User.name)))
    assert sum(bool(CYRILLIC.search(name)) for name in names) >= 3
    assert any("ë" in name or "Ç" in name for name in names)
    cyrillic_writers = db.session.scalars(db.select(User).where(User.language == "sr-cyrl"))
    assert all(CYRILLIC.search(user.name) for user in cyrillic_writers)
    org_names = list(db.session.scalars(db.select(Organisation.name)))
    assert any(CYRILLIC.search(name) for name in org_names)


def test_descriptions_exist_in_several_languages(seeded, db):
    organisations = list(db.session.scalars(db.select(Organisation)))
    languages = Counter(lang for o in organisations for lang in o.description)
    assert set(languages) >= {"en", "sq", "sr-latn", "sr-cyrl", "mk", "bs", "hr", "cnr"}
    assert any(len(o.description) >= 3 for o in organisations)


def test_descriptions_show_the_fallback_chain(seeded, db):
    cyrillic_only = _organisation(db, "centar-otpornost")
    shown = resolve(cyrillic_only.description, "sr-latn", cyrillic_only.original_language)
    assert shown.source_lang == "sr-cyrl" and shown.transliterated
    assert shown.value.startswith("Centar za otpornost društva")

    croatian_only = _organisation(db, "institut-jadran")
    shown = resolve(croatian_only.description, "bs", croatian_only.original_language)
    assert shown.source_lang == "hr" and not shown.transliterated


def test_cli_loads_then_reports_nothing_new(app, db):
    runner = app.test_cli_runner()

    first = runner.invoke(seed_demo_command)
    assert first.exit_code == 0, first.output
    assert "Demo data loaded" in first.output
    assert data.DEMO_PASSWORD in first.output
    assert "admin@consortium.example" in first.output
    assert "Јелена Марковић" in first.output

    second = runner.invoke(seed_demo_command)
    assert second.exit_code == 0, second.output
    assert "already loaded" in second.output
    assert "koordinatorka@consortium.example" in second.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == len(data.PEOPLE)


def test_seed_demo_refuses_production(app):
    app.config["ENV_NAME"] = "production"
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 2
    assert "production" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_a_visitor_finds_a_partner_in_north_macedonia_working_on_pcve(app, client):
    from consortium.demo.seed import seed_demo

    seed_demo()
    db.session.commit()
    page = client.get("/en/organisations/?country=MK&area=pcve").get_data(as_text=True)
    assert "Civic Centre for Security and Integration" in page


def test_statements_at_every_stage_in_several_languages(seeded, db):
    from consortium.statements.models import Statement, StatementText
    from consortium.statements.vocab import StatementState

    statements = list(db.session.scalars(db.select(Statement)))
    assert seeded.statements == len(statements) == 7
    states = {s.state for s in statements}
    assert states == {s.value for s in StatementState}, "every stage, the scheduled one approved"
    languages = set(db.session.scalars(db.select(StatementText.language)))
    assert {"sr-cyrl", "sq", "en", "mk", "hr", "sr-latn", "bs", "cnr"} <= languages
    published = next(s for s in statements if s.state == "published")
    appearances = {sig.appearance for sig in published.signatures}
    assert appearances == {"by_name", "by_country", "consortium_only"}
    draft = next(s for s in statements if s.state == "draft")
    assert draft.current_revision.text("sq").outdated == [1], "the Albanian text needs a check"
    scheduled = next(s for s in statements if s.state == "approved")
    assert scheduled.publish_at is not None


def test_experts_across_the_region_in_both_scripts(seeded, db):
    from consortium import searchindex
    from consortium.experts.models import ContactDetail, Expert

    experts = list(db.session.scalars(db.select(Expert)))
    assert seeded.experts == len(experts) >= 250
    assert {e.country for e in experts} == set(countries.CODES)
    both_scripts = [
        e
        for e in experts
        if CYRILLIC.search(e.name)
        and e.name_other_script
        and not CYRILLIC.search(e.name_other_script)
    ]
    assert len(both_scripts) >= 20
    djordjevic = [e for e in experts if "Đorđević" in e.name or "Ђорђевић" in e.name]
    assert any(CYRILLIC.search(e.name) for e in djordjevic)
    assert any(not CYRILLIC.search(e.name) for e in djordjevic)

    for kind in ("email", "phone"):
        shown = set(
            db.session.scalars(
                db.select(ContactDetail.visibility).where(ContactDetail.kind == kind)
            )
        )
        assert shown == {"public", "members", "nobody"}, kind
    verified = sum(e.verified for e in experts)
    assert 0.3 * len(experts) <= verified <= 0.5 * len(experts)

    found = db.session.scalars(searchindex.matching("expert", "djordjevic")).all()
    assert {e.id for e in djordjevic} <= set(found)


def test_an_expert_owns_a_profile_and_a_macedonian_knows_small_arms(seeded, db):
    from consortium.experts.models import Expert

    experts = list(db.session.scalars(db.select(Expert)))
    owned = [e for e in experts if e.user_id is not None]
    assert [e.user.email for e in owned] == ["klodian@idrp.example"]
    assert owned[0].user.org_role == "member"  # only being the expert lets him edit

    def speaks(expert: Expert, code: str) -> bool:
        return any(s.code == code and s.level in ("native", "fluent") for s in expert.languages)

    assert any(
        e.country == "MK"
        and speaks(e, "mk")
        and speaks(e, "en")
        and "salw-control" in {a.slug for a in e.areas}
        for e in experts
    )


def test_second_run_creates_no_expert(seeded, db):
    again = seed_demo()
    assert again.experts == 0
