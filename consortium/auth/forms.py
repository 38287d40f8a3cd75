"""Account forms: they validate input and never write."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import EqualTo, ValidationError

from consortium.auth.schemas import EMAIL_MAX, NAME_MAX, PASSWORD_MAX, AccountProfile
from consortium.core.forms import BaseForm, email, max_length, required
from consortium.core.roles import GrammaticalGender
from consortium.i18n.languages import choices as language_choices

CODE_MAX = 20  # six digits, or a recovery code with its hyphen and spaces


def email_field(label=None) -> EmailField:
    """An e-mail address typed by a person: required, checked, within the column's limit."""
    return EmailField(
        label or _l("E-mail address"), validators=[required(), email(), max_length(EMAIL_MAX)]
    )


def name_field() -> StringField:
    return StringField(_l("Your name"), validators=[required(), max_length(NAME_MAX)])


def grammatical_gender_field() -> RadioField:
    """How the interface refers to the person; not stated unless they choose."""
    return RadioField(
        _l("How the interface refers to you"),
        choices=GrammaticalGender.choices,
        default=GrammaticalGender.NOT_STATED.value,
        description=_l(
            "Some of the interface's languages give role titles and greetings a feminine or "
            "a masculine form. If you do not state one, both forms are shown."
        ),
    )


class LoginForm(BaseForm):
    # Not `email_field`: a sign-in form never tells what kind of mistake was made.
    email = EmailField(_l("E-mail address"), validators=[required(), max_length(EMAIL_MAX)])
    password = PasswordField(_l("Password"), validators=[required(), max_length(PASSWORD_MAX)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class PasswordFields:
    """A new password typed twice; the strength rules are checked by the service."""

    password = PasswordField(
        _l("New password"),
        validators=[required(), max_length(PASSWORD_MAX)],
        description=_l("At least 12 characters. A few unrelated words make a good password."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[required(), EqualTo("password", message=_l("The passwords differ."))],
    )


class ResetPasswordForm(PasswordFields, BaseForm):
    pass


class ForgotPasswordForm(BaseForm):
    email = email_field()


class ProfileForm(BaseForm):
    name = name_field()
    language = SelectField(_l("Language"), choices=language_choices)
    grammatical_gender = grammatical_gender_field()

    def to_input(self) -> AccountProfile:
        return AccountProfile(
            name=self.name.data or "",
            language=self.language.data or "",
            grammatical_gender=self.grammatical_gender.data or "",
        )


class ChangePasswordForm(PasswordFields, BaseForm):
    current = PasswordField(
        _l("Current password"), validators=[required(), max_length(PASSWORD_MAX)]
    )

    def validate_password(self, field) -> None:
        if field.data and field.data == self.current.data:
            raise ValidationError(_l("The new password must differ from the current one."))


def code_field() -> StringField:
    return StringField(
        _l("Code"),
        validators=[required(), max_length(CODE_MAX)],
        description=_l("The six digits your authenticator app shows now."),
    )


class SecondStepForm(BaseForm):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[required(), max_length(CODE_MAX)],
        description=_l(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
    )


class EnableSecondFactorForm(BaseForm):
    code = code_field()


class DisableSecondFactorForm(BaseForm):
    password = PasswordField(
        _l("Current password"), validators=[required(), max_length(PASSWORD_MAX)]
    )
    code = SecondStepForm.code


class ConfirmPasswordForm(BaseForm):
    password = PasswordField(_l("Password"), validators=[required(), max_length(PASSWORD_MAX)])
