"""Validators with messages from our own catalogs (WTForms ships none for our languages)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Email, Length


def required():
    return DataRequired(message=_l("This field is required."))


def max_length(n: int):
    return Length(max=n, message=_l("Use at most %(max)d characters.", max=n))


def email():
    return Email(message=_l("Enter a valid e-mail address."))


class _CatalogTranslations:
    """Route WTForms' own messages through our catalogs."""

    def gettext(self, string: str) -> str:
        from flask_babel import gettext

        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        from flask_babel import ngettext

        return ngettext(singular, plural, n)


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _CatalogTranslations()


# WTForms' messages that our forms can produce, listed so that extraction finds them.
WTFORMS_MESSAGES = (
    _l("Not a valid choice."),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("Not a valid integer value."),
    _l("Not a valid date value."),
    _l("Invalid input."),
)
