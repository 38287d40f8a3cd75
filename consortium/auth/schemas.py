"""What an account write takes: field limits declared once, one typed input per write.

The model's columns, the forms, the services and (later) the API schema all read these.
"""

from __future__ import annotations

from dataclasses import dataclass

from consortium.auth.passwords import PASSWORD_MAX_LENGTH

EMAIL_MAX = 254
NAME_MAX = 200
LANGUAGE_MAX = 10
PASSWORD_MAX = PASSWORD_MAX_LENGTH


@dataclass(frozen=True)
class AccountProfile:
    """What a person changes about themselves on the account page."""

    name: str
    language: str
    # How the interface refers to them (core.roles.GrammaticalGender); None leaves it as is.
    grammatical_gender: str | None = None


@dataclass(frozen=True)
class NewAccount:
    """An account the operators create (CLI, demo data): `role` is any role code."""

    email: str
    name: str
    role: str
    password: str
    language: str = "en"
    grammatical_gender: str = ""  # not stated
