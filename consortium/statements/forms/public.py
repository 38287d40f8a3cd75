"""The public list's filters: a GET form whose every value must name something that exists."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import Optional

from consortium.core.forms import BaseForm, FilterSelectField
from consortium.statements.schemas import ListFilters


class FilterForm(BaseForm):
    """Thematic area, author organisation, its country, and a language the text exists in.

    The view fills the choices; a value outside them fails validation, and the view answers
    404 (a filter that names nothing is an address that leads nowhere)."""

    class Meta:
        csrf = False

    area = FilterSelectField(_l("Thematic area"), validators=[Optional()])
    organisation = FilterSelectField(_l("Organisation"), validators=[Optional()])
    country = FilterSelectField(
        _l("Country"), validators=[Optional()], filters=[lambda v: v.upper() if v else v]
    )
    language = FilterSelectField(_l("Language of the text"), validators=[Optional()])

    def to_filters(self) -> ListFilters:
        return ListFilters(
            area_slug=self.area.data or None,
            organisation_slug=self.organisation.data or None,
            country=self.country.data or None,
            language=self.language.data or None,
        )

    def query_args(self) -> dict[str, str]:
        """The chosen filters, for links that keep them (next page, the feed)."""
        return {name: self[name].data for name in FIELDS if self[name].data}


FIELDS = ("area", "organisation", "country", "language")
