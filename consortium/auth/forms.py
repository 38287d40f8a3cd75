"""Account forms: they validate input and never write."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, ValidationError

from consortium.auth.passwords import PASSWORD_MAX_LENGTH
from consortium.core.forms import BaseForm, email, max_length, required
from consortium.i18n.languages import choices as language_choices


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail address"), validators=[required(), max_length(254)])
    password = PasswordField(
        _l("Password"), validators=[required(), max_length(PASSWORD_MAX_LENGTH)]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class PasswordFields:
    """A new password typed twice; the strength rules are checked by the service."""

    password = PasswordField(
        _l("New password"),
        validators=[required(), max_length(PASSWORD_MAX_LENGTH)],
        description=_l("At least 12 characters. A few unrelated words make a good password."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[required(), EqualTo("password", message=_l("The passwords differ."))],
    )


class AcceptInvitationForm(PasswordFields, BaseForm):
    name = StringField(_l("Your name"), validators=[required(), max_length(200)])
    language = SelectField(_l("Language"), choices=language_choices)


class ResetPasswordForm(PasswordFields, BaseForm):
    pass


class ForgotPasswordForm(BaseForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            required(),
            email(),
            max_length(254),
        ],
    )


class ProfileForm(BaseForm):
    name = StringField(_l("Your name"), validators=[required(), max_length(200)])
    language = SelectField(_l("Language"), choices=language_choices)


class ChangePasswordForm(PasswordFields, BaseForm):
    current = PasswordField(
        _l("Current password"), validators=[required(), max_length(PASSWORD_MAX_LENGTH)]
    )

    def validate_password(self, field) -> None:
        if field.data and field.data == self.current.data:
            raise ValidationError(_l("The new password must differ from the current one."))


class SignOutForm(BaseForm):
    """Only the CSRF token: signing out is a POST."""
