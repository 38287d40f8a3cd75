"""Greetings of mails sent to someone not stored as a person (a sample in a mail preview,
an invitee): they read as "not stated", never fail."""

from __future__ import annotations

from types import SimpleNamespace

import flask_babel
import pytest

from consortium.core.roles import greeting


@pytest.fixture
def marked(monkeypatch):
    """Every pgettext answers with its context in front: "[greeting, feminine] Hello …"."""

    def pgettext(self, context, string, **variables):
        return f"[{context}] " + (string % variables if variables else string)

    monkeypatch.setattr(flask_babel.Domain, "pgettext", pgettext)


def test_someone_without_a_stored_form_is_greeted_with_both_forms(app, marked):
    sample = SimpleNamespace(name="Ana Marić")  # no grammatical_gender at all
    assert greeting(sample) == "[greeting, not stated] Hello Ana Marić,"


@pytest.mark.parametrize(
    ("stored", "context"),
    [
        ("feminine", "feminine"),
        ("masculine", "masculine"),
        ("", "not stated"),
        (None, "not stated"),
    ],
)
def test_the_greeting_follows_the_stored_form(app, marked, stored, context):
    person = SimpleNamespace(name="Ana Marić", grammatical_gender=stored)
    assert greeting(person) == f"[greeting, {context}] Hello Ana Marić,"


def test_the_english_greeting_names_the_person(app):
    assert greeting(SimpleNamespace(name="Ana Marić")) == "Hello Ana Marić,"
