"""What the audit log records about accounts and sessions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consortium.audit.actions import AuditAction


class AuthAction(AuditAction):
    LOGIN = "auth.login", _l("Signed in")
    LOGIN_FAILED = "auth.login_failed", _l("Failed sign-in")
    LOGOUT = "auth.logout", _l("Signed out")
    PASSWORD_CHANGED = "auth.password_changed", _l("Password changed")
    PASSWORD_RESET = "auth.password_reset", _l("Password reset through e-mail link")
    RESET_REQUESTED = "auth.reset_requested", _l("Password reset requested")
    RESET_REQUESTED_UNKNOWN = (
        "auth.reset_requested_unknown",
        _l("Password reset requested for an unknown address"),
    )
    PASSWORD_CHANGE_FAILED = (
        "auth.password_change_failed",
        _l("Wrong current password when changing the password"),
    )
    PROFILE_UPDATED = "auth.profile_updated", _l("Profile edited")
    SESSION_ENDED = "auth.session_ended", _l("Signed out another session")
    SESSIONS_ENDED = "auth.sessions_ended", _l("Signed out everywhere else")
    SECOND_FACTOR_ENABLED = "auth.second_factor_enabled", _l("Second factor turned on")
    SECOND_FACTOR_DISABLED = "auth.second_factor_disabled", _l("Second factor turned off")
    SECOND_FACTOR_FAILED = "auth.second_factor_failed", _l("Wrong second-factor code")
    RECOVERY_CODE_USED = "auth.recovery_code_used", _l("Signed in with a recovery code")
    RECOVERY_CODES_RENEWED = "auth.recovery_codes_renewed", _l("New recovery codes made")
    REAUTHENTICATED = "auth.reauthenticated", _l("Password confirmed again")
    REAUTHENTICATION_FAILED = (
        "auth.reauthentication_failed",
        _l("Wrong password when confirming the password"),
    )


class UserAction(AuditAction):
    CREATED = "user.created", _l("Account created")
    CONSORTIUM_ROLES_CHANGED = "user.consortium_roles_changed", _l("Consortium-wide roles changed")
    ACTIVATED = "user.activated", _l("Account activated")
    DEACTIVATED = "user.deactivated", _l("Account deactivated")
    SECOND_FACTOR_RESET = (
        "user.second_factor_reset",
        _l("Second factor reset by an administrator"),
    )
    SESSIONS_ENDED = "user.sessions_ended", _l("Signed out everywhere by an administrator")


OBJECT_TYPES = {"user": _l("Person")}
