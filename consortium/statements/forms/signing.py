"""Signing forms: an organisation's answer to a statement. They validate; they never write."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SubmitField, TextAreaField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from consortium.core.converters import MAX_ID
from consortium.core.forms import BaseForm, max_length, required
from consortium.statements.schemas import NOTE_MAX, SignatureInput
from consortium.statements.vocab import Appearance

# One line under each choice: what readers of the published statement will see.
APPEARANCE_HINTS = {
    Appearance.BY_NAME: _l("Readers see your organisation's name among the signatories."),
    Appearance.BY_COUNTRY: _l(
        "Readers see “a partner organisation from” your country, without its name."
    ),
    Appearance.CONSORTIUM_ONLY: _l(
        "Only people of the consortium see your signature; the public page does not list it."
    ),
}


class SignForm(BaseForm):
    # The revision the org admin read: a signature belongs to exactly that text.
    seen_revision = IntegerField(
        widget=HiddenInput(), validators=[required(), NumberRange(min=1, max=MAX_ID)]
    )
    appearance = RadioField(
        _l("How your signature appears when the statement is published"),
        default=Appearance.BY_NAME.value,
        validators=[required()],
    )
    note = TextAreaField(
        _l("Note (optional)"),
        description=_l("The author organisation and the coordinators read it."),
        validators=[Optional(), max_length(NOTE_MAX)],
    )
    sign = SubmitField(_l("Sign"))
    decline = SubmitField(_l("Decline"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.appearance.choices = Appearance.choices()  # titles in the reader's language

    def to_input(self) -> SignatureInput:
        return SignatureInput(
            sign=not self.decline.data,
            appearance=self.appearance.data or Appearance.BY_NAME.value,
            note=(self.note.data or "").strip(),
            seen_revision=self.seen_revision.data or 0,
        )
