"""The form that creates a token on the account page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import IntegerField, RadioField, StringField
from wtforms.validators import NumberRange, Optional

from consortium.core.forms import BaseForm, max_length, required
from consortium.tokens.models import NAME_MAX
from consortium.tokens.services import MAX_DAYS
from consortium.tokens.vocab import Scope


class TokenForm(BaseForm):
    name = StringField(
        lazy_pgettext("name of a thing", "Name"),
        validators=[required(), max_length(NAME_MAX)],
        description=_l("What the token is for, e.g. “our website's statements feed”."),
    )
    scope = RadioField(_l("Access"), choices=Scope.choices, default=Scope.READ.value)
    expires_days = IntegerField(
        _l("Valid for (days)"),
        default=90,
        validators=[Optional(), NumberRange(min=1, max=MAX_DAYS)],
        description=_l("Leave empty for a token that lives until you revoke it."),
    )
