"""People, their server-side sessions and password-reset links."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    SQLColumnExpression,
    String,
    Text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consortium.auth.schemas import EMAIL_MAX, LANGUAGE_MAX, NAME_MAX
from consortium.core.roles import GRAMMATICAL_GENDER_MAX, OrgRole
from consortium.core.text import lookalike_address
from consortium.db import db, utcnow

if TYPE_CHECKING:
    from consortium.organisations.models import Organisation

# How a deleted account is named wherever its name was shown (statements, the admin list).
FORMER_MEMBER = _l("Former member")


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __audit_type__ = "user"
    __table_args__ = (
        CheckConstraint(
            "(organisation_id IS NULL) = (org_role IS NULL)", name="org_role_with_organisation"
        ),
        Index("ix_users_organisation_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive on both databases.
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    # The name as the person wrote it; read it as `name`, which knows about deletion.
    stored_name: Mapped[str] = mapped_column("name", String(NAME_MAX))
    language: Mapped[str] = mapped_column(String(LANGUAGE_MAX), default="en")
    # How the interface refers to the person (core.roles.GrammaticalGender): "feminine",
    # "masculine", or "" when not stated; role titles and mail greetings follow it.
    grammatical_gender: Mapped[str] = mapped_column(
        String(GRAMMATICAL_GENDER_MAX), default="", server_default=""
    )
    password_hash: Mapped[str | None] = mapped_column(String(255))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    org_role: Mapped[str | None] = mapped_column(String(20))
    is_coordinator: Mapped[bool] = mapped_column(default=False)
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Second factor (an authenticator app): the TOTP secret, encrypted (a Fernet token,
    # auth/totp_secrets.py), when it was turned on, and the last time step whose code
    # was accepted, so that no code is used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    second_factor_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # i18n.text.search_key of the name and e-mail: the admin list finds people by it.
    search_key: Mapped[str] = mapped_column(Text, default="")
    # Set when the person deleted their account (auth/deletion.py): the row stays, for the
    # audit log and the texts that name it, but holds nothing that identifies them.
    deleted_at: Mapped[datetime | None]

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")

    @hybrid_property
    def name(self) -> str:
        """The person's name, or "Former member" in the reader's language once deleted: a
        stored name would be in one language, and the person asked to be forgotten."""
        return str(FORMER_MEMBER) if self.deleted_at is not None else self.stored_name

    @name.inplace.setter
    def _name_setter(self, value: str) -> None:
        self.stored_name = value

    @name.inplace.expression
    @classmethod
    def _name_expression(cls) -> SQLColumnExpression[str]:
        return cls.stored_name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.is_active_account and self.deleted_at is None

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None

    @property
    def role(self) -> OrgRole | None:
        return OrgRole(self.org_role) if self.org_role else None

    @property
    def is_consortium_wide(self) -> bool:
        return self.is_coordinator or self.is_admin

    @property
    def audit_organisation_id(self) -> int | None:
        return self.organisation_id

    @property
    def audit_label(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class AuthSession(db.Model):
    """A signed-in browser; the cookie only carries a random id whose hash is stored here."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    # When the password was last typed again in this browser ("confirm your password");
    # before that, the sign-in (`created_at`) counts.
    reauthenticated_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def authenticated_at(self) -> datetime:
        return max(self.created_at, self.reauthenticated_at or self.created_at)


class PasswordReset(db.Model):
    """A single-use, one-hour link to set a new password."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class RecoveryCode(db.Model):
    """A single-use code that stands in for the authenticator app; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # SHA-256 of a random 50-bit code: high entropy, so a fast hash is enough.
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


def email_key(email: str) -> str:
    """How addresses are stored and compared: NFKC (a full-width "ｅ" is an "e") and case
    folded. Plain ASCII addresses, all the stored ones, come out as `lower()` made them."""
    folded = unicodedata.normalize("NFKC", email).casefold()
    return unicodedata.normalize("NFKC", folded).strip()


def find_user_by_email(email: str) -> User | None:
    """The account with this address; none for an address that can pass for another, so
    signing in with a look-alike fails as a wrong password does."""
    if lookalike_address(email):
        return None
    return db.session.scalar(db.select(User).where(User.email == email_key(email)))


__all__ = [
    "AuthSession",
    "PasswordReset",
    "RecoveryCode",
    "User",
    "email_key",
    "find_user_by_email",
]
