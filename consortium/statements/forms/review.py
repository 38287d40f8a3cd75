"""Review forms: a coordinator's decision, a publication date, a withdrawal's reason.
They validate and build the service's input; they never write."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, IntegerField, RadioField, TextAreaField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from consortium.core.converters import MAX_ID
from consortium.core.forms import BaseForm, max_length, required
from consortium.db import utcnow
from consortium.statements.schemas import NOTE_MAX, DecisionInput, PublishInput
from consortium.statements.vocab import Decision

DECISION_HINTS = {
    Decision.APPROVE: _l("The statement may then be published. A note is optional."),
    Decision.REQUEST_CHANGES: _l(
        "The draft goes back to its authors for editing; say what should change."
    ),
    Decision.REJECT: _l("The statement ends here; give the reason."),
}


class DecisionForm(BaseForm):
    # The review round the coordinator saw: a decision never lands on a later round.
    seen_round = IntegerField(
        widget=HiddenInput(), validators=[required(), NumberRange(min=1, max=MAX_ID)]
    )
    decision = RadioField(_l("Your decision"), validators=[required()])
    note = TextAreaField(
        _l("Note"),
        description=_l("Required unless you approve. The authors receive it by e-mail."),
        validators=[Optional(), max_length(NOTE_MAX)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decision.choices = Decision.choices()

    def to_input(self) -> DecisionInput:
        return DecisionInput(
            decision=self.decision.data or "",
            note=(self.note.data or "").strip(),
            seen_round=self.seen_round.data or 0,
        )


def local_zone() -> ZoneInfo:
    """The zone people of the consortium give times in (BABEL_DEFAULT_TIMEZONE)."""
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "UTC")


class PublishForm(BaseForm):
    when = RadioField(_l("When"), validators=[required()])
    at = DateTimeLocalField(
        _l("Date and time"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[Optional()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.when.choices = [("now", _("Publish now")), ("later", _("Publish at a date and time"))]
        self.at.description = _l(
            "In the time zone %(zone)s. A worker publishes the statement at that time.",
            zone=local_zone().key,
        )

    def validate(self, extra_validators: Any = None) -> bool:
        # Here rather than in validate_at: Optional() ends that field's checks when it is empty.
        if not super().validate(extra_validators):
            return False
        if self.when.data != "later":
            return True
        if self.at.data is None:
            self.at.errors = [_("Choose the date and time of publication.")]
            return False
        if self._at_utc() <= utcnow():
            self.at.errors = [_("Choose a time in the future, or publish now.")]
            return False
        return True

    def _at_utc(self) -> datetime:
        assert self.at.data is not None  # validate() checked it
        return self.at.data.replace(tzinfo=local_zone()).astimezone(UTC)

    def to_input(self) -> PublishInput:
        return PublishInput(at=self._at_utc() if self.when.data == "later" else None)


class WithdrawForm(BaseForm):
    reason = TextAreaField(
        _l("Reason"),
        description=_l("Readers see it on the statement's public page."),
        validators=[required(), max_length(NOTE_MAX)],
    )
