"""The search box: a GET form, so a search is an address to share and works without JS."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import Optional

from consortium.core.forms import BaseForm, max_length

QUERY_MAX = 200


class SearchForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField(
        _l("Search for"),
        validators=[Optional(), max_length(QUERY_MAX)],
        description=_l("Organisations and statements, in any language or script."),
    )
    kind = HiddenField(validators=[Optional()])
