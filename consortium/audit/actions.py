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
    "auth.password_change_failed": _l("Wrong current password when changing the password"),
    "auth.profile_updated": _l("Profile edited"),
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


OBJECT_TITLES = {
    "user": _l("Person"),
    "organisation": _l("Organisation"),
    "invitation": _l("Invitation"),
    "thematic_area": _l("Thematic area"),
}
DETAIL_TITLES = {
    "email": _l("E-mail address"),
    "role": _l("Role"),
    "before": _l("Before"),
    "after": _l("After"),
    "count": _l("Number"),
    "language": _l("Language"),
}


def object_title(code: str | None) -> str:
    return str(OBJECT_TITLES.get(code or "", code or ""))


def _value(value) -> str:
    from consortium.auth.roles import ROLE_TITLES
    from consortium.i18n.languages import LANGUAGES

    if isinstance(value, dict):  # consortium-wide roles: {"coordinator": True, "admin": False}
        held = [str(ROLE_TITLES.get(k, k)) for k, v in value.items() if v]
        return ", ".join(held) or "—"
    if value is None:
        return "—"
    if value in ROLE_TITLES:
        return str(ROLE_TITLES[value])
    if value in LANGUAGES:
        return LANGUAGES[value].own_name
    return str(value)


def details(event) -> list[tuple[str, str]]:
    """The event's details as readable (label, value) pairs in the reader's language."""
    return [(str(DETAIL_TITLES.get(k, k)), _value(v)) for k, v in (event.details or {}).items()]
