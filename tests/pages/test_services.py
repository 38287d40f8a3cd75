"""Reading the pages (shipped text, stored text, fallback) and replacing a text (`save_page`).

Services flush and never commit; a refused change must leave the database as it was.
"""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import Forbidden

from consortium.audit.models import AuditEvent
from consortium.core.actors import SYSTEM
from consortium.core.errors import DomainError
from consortium.i18n.languages import LANGUAGES
from consortium.i18n.text import lat_to_cyr
from consortium.pages import defaults, services
from consortium.pages.models import Page
from consortium.pages.schemas import BODY_MAX, SLUGS, TITLE_MAX


def _count(db, model) -> int:
    db.session.flush()
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def _audit(db) -> list[AuditEvent]:
    query = db.select(AuditEvent).where(AuditEvent.action == "page.updated")
    return list(db.session.scalars(query))


# --- Reading ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_reads_in_every_language_as_shipped(app, slug, language):
    reading = services.read(slug, language)
    assert reading is not None
    assert reading.shown.lang == language and reading.shown.is_requested
    assert not reading.shown.transliterated
    assert reading.title == defaults.shipped()[slug][language].title
    assert reading.updated_at is None


def test_an_unknown_page_reads_as_nothing(app):
    assert services.read("imprint", "en") is None
    assert services.read("About", "en") is None


def test_a_stored_text_replaces_the_shipped_one_for_its_language_only(app, admin):
    services.save_page("privacy", "sq", "Privatësia (2027)", "Teksti i ri.", actor=admin)
    reading = services.read("privacy", "sq")
    assert (reading.title, reading.body) == ("Privatësia (2027)", "Teksti i ri.")
    assert reading.updated_at is not None
    assert services.read("privacy", "en").title == defaults.shipped()["privacy"]["en"].title
    assert services.read("about", "sq").title == defaults.shipped()["about"]["sq"].title


def test_a_stored_serbian_latin_text_also_replaces_the_shipped_cyrillic_one(app, admin):
    services.save_page("about", "sr-latn", "O nama", "Novi tekst o konzorcijumu.", actor=admin)
    reading = services.read("about", "sr-cyrl")
    assert reading.title == lat_to_cyr("O nama") == "О нама"
    assert reading.body == "Нови текст о конзорцијуму."
    assert reading.shown.lang == "sr-cyrl" and reading.shown.transliterated
    assert reading.updated_at is not None


def test_each_serbian_script_keeps_its_own_stored_text(app, admin):
    services.save_page("about", "sr-latn", "O nama", "Latinica.", actor=admin)
    services.save_page("about", "sr-cyrl", "О конзорцијуму", "Ћирилица.", actor=admin)
    assert services.read("about", "sr-cyrl").body == "Ћирилица."
    assert services.read("about", "sr-latn").body == "Latinica."


def test_a_language_without_a_text_gets_the_nearest(app, monkeypatch):
    shipped = {slug: dict(texts) for slug, texts in defaults.shipped().items()}
    del shipped["contact"]["bs"]
    del shipped["contact"]["mk"]
    monkeypatch.setattr(defaults, "shipped", lambda: shipped)
    bosnian = services.read("contact", "bs")
    assert bosnian.shown.lang == "hr" and not bosnian.shown.is_requested
    assert bosnian.title == shipped["contact"]["hr"].title
    macedonian = services.read("contact", "mk")
    assert macedonian.shown.lang == "en"


# --- Saving ----------------------------------------------------------------------------


def test_an_admin_saves_a_page_with_an_audit_row(app, db, admin):
    page = services.save_page(
        "contact", "hr", "  Kontakt  ", "Pišite nam.\r\n\r\nHvala.", actor=admin
    )
    assert (page.slug, page.language, page.title) == ("contact", "hr", "Kontakt")
    assert page.body == "Pišite nam.\n\nHvala."
    assert page.updated_by_id == admin.id and page.updated_at is not None
    (event,) = _audit(db)
    assert event.actor_id == admin.id
    assert (event.object_type, event.object_id) == ("page", page.id)
    assert event.organisation_id is None
    assert event.details == {"language": "hr"}


def test_saving_again_replaces_the_same_row(app, db, admin):
    first = services.save_page("contact", "hr", "Kontakt", "Prvi.", actor=admin)
    second = services.save_page("contact", "hr", "Kontakt", "Drugi.", actor=SYSTEM)
    assert first.id == second.id and second.body == "Drugi."
    assert second.updated_by_id is None  # the operators' tools are nobody's account
    assert _count(db, Page) == 1
    assert len(_audit(db)) == 2


@pytest.mark.parametrize("persona", ["member", "staff", "org_admin", "coordinator", "visitor"])
def test_anyone_but_an_admin_is_refused_and_nothing_is_written(request, db, org, persona):
    actor = AnonymousUserMixin() if persona == "visitor" else request.getfixturevalue(persona)
    db.session.flush()
    with pytest.raises(Forbidden):
        services.save_page("privacy", "en", "Privacy", "Nothing to see.", actor=actor)
    assert not (db.session.new or db.session.dirty)
    assert _count(db, Page) == 0
    assert _count(db, AuditEvent) == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("imprint", "en", "Imprint", "Text"), "There is no such page."),
        (("privacy", "de", "Datenschutz", "Text"), "Choose one of the offered languages."),
        (("privacy", "en", "   ", "Text"), "Enter a title."),
        (("privacy", "en", "Two\nlines", "Text"), "Write the title on one line."),
        (("privacy", "en", "Privacy", " \n "), "Enter the text of the page."),
        (("privacy", "en", "x" * (TITLE_MAX + 1), "Text"), f"Use at most {TITLE_MAX} characters."),
        (("privacy", "en", "Privacy", "x" * (BODY_MAX + 1)), f"Use at most {BODY_MAX} characters."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(db, admin, arguments, message):
    with pytest.raises(DomainError) as refused:
        services.save_page(*arguments, actor=admin)
    assert str(refused.value.message) == message
    assert _count(db, Page) == 0
    assert _count(db, AuditEvent) == 0
