"""Readable, translated names of the audited actions (the stored code stays stable)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

TITLES = {
    "auth.login": _l("Signed in"),
    "auth.login_failed": _l("Failed sign-in"),
    "auth.logout": _l("Signed out"),
    "auth.password_changed": _l("Password changed"),
    "auth.password_reset": _l("Password reset through e-mail link"),
    "auth.reset_requested": _l("Password reset requested"),
    "auth.reset_requested_unknown": _l("Password reset requested for an unknown address"),
    "auth.session_ended": _l("Signed out another session"),
    "auth.sessions_ended": _l("Signed out everywhere else"),
    "invitation.sent": _l("Invitation sent"),
    "invitation.accepted": _l("Invitation accepted"),
    "invitation.revoked": _l("Invitation withdrawn"),
    "person.role_changed": _l("Role changed"),
    "person.removed": _l("Removed from the organisation"),
    "user.created": _l("Account created"),
    "user.consortium_roles_changed": _l("Consortium-wide roles changed"),
    "user.activated": _l("Account activated"),
    "user.deactivated": _l("Account deactivated"),
    "organisation.created": _l("Organisation added"),
    "organisation.updated": _l("Organisation profile edited"),
    "area.created": _l("Thematic area added"),
    "area.updated": _l("Thematic area edited"),
}


def title(code: str) -> str:
    return str(TITLES.get(code, code))
