"""The roles a person can hold: one inside their organisation, two consortium-wide.

They sit in `core` because every domain's policy asks about them (DESIGN.md, Roles).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consortium.core.vocab import TitledEnum


class OrgRole(TitledEnum):
    MEMBER = "member", _l("Member")
    STAFF = "staff", _l("Staff")
    ORG_ADMIN = "org_admin", _l("Organisation admin")


class ConsortiumRole(TitledEnum):
    COORDINATOR = "coordinator", _l("Coordinator")
    ADMIN = "admin", _l("Administrator")


# One line each, shown wherever a role is chosen.
ROLE_DESCRIPTIONS = {
    OrgRole.MEMBER: _l("Reads what the consortium shares with members."),
    OrgRole.STAFF: _l("Also creates and edits the organisation's projects, events and drafts."),
    OrgRole.ORG_ADMIN: _l(
        "Also manages the organisation's profile and people, and signs on its behalf."
    ),
}

# What the operators' CLI accepts: an organisation role or a consortium-wide one.
ROLE_CHOICES: tuple[str, ...] = tuple(role.value for role in (*OrgRole, *ConsortiumRole))


def role_title(code: str | None) -> str:
    """The translated title of any role code; an unknown code is shown as stored."""
    role = OrgRole.lookup(code) or ConsortiumRole.lookup(code)
    return role.title if role is not None else (code or "")
