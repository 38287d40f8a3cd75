"""Roles a person can hold: one inside their organisation, two consortium-wide."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class OrgRole(StrEnum):
    MEMBER = "member"
    STAFF = "staff"
    ORG_ADMIN = "org_admin"

    @property
    def title(self) -> str:
        return str(ORG_ROLE_TITLES[self])


ORG_ROLE_TITLES = {
    OrgRole.MEMBER: _l("Member"),
    OrgRole.STAFF: _l("Staff"),
    OrgRole.ORG_ADMIN: _l("Organisation admin"),
}

# What the operators' CLI and the admin pages accept.
ROLE_CHOICES = ("member", "staff", "org_admin", "coordinator", "admin")
ROLE_TITLES = {
    **{role.value: title for role, title in ORG_ROLE_TITLES.items()},
    "coordinator": _l("Coordinator"),
    "admin": _l("Administrator"),
}
