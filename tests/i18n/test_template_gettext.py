"""Templates translate through a catalog found once per request (`i18n.templates`): it
must still follow a language forced for a while (a mail in its recipient's language)."""

from __future__ import annotations

from flask import render_template_string

from consortium.i18n import in_language


def test_a_forced_language_is_followed_and_left(app):
    shown = "{{ _('Experts') }} {{ ngettext('%(num)d expert', '%(num)d experts', 2) }}"
    with app.test_request_context("/sq/experts/"):
        before = render_template_string(shown)
        with in_language("mk"):
            forced = render_template_string(shown)
        after = render_template_string(shown)
    assert before == after == "Ekspertët 2 ekspertë"
    assert forced == "Експерти 2 експерти"


def test_each_request_reads_its_own_language(client):
    """The catalog kept for one request is not another's: eight requests in a row, eight
    languages (a worker serves them one after the other)."""
    headings = set()
    for code in ("en", "sq", "sr-latn", "sr-cyrl", "mk", "bs", "hr", "cnr"):
        body = client.get(f"/{code}/experts/").get_data(as_text=True)
        headings.add(body.split("<h1>", 1)[1].split("</h1>", 1)[0])
    assert len(headings) >= 5  # neighbouring languages share the word (Baza stručnjaka)
    assert {"Expert directory", "Lista e ekspertëve", "База стручњака"} <= headings
    assert "База на експерти" in headings
