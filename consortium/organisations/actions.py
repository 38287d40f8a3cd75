"""What the audit log records about organisations, their people and the thematic areas."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consortium.audit.actions import AuditAction


class OrganisationAction(AuditAction):
    CREATED = "organisation.created", _l("Organisation added")
    UPDATED = "organisation.updated", _l("Organisation profile edited")


class InvitationAction(AuditAction):
    SENT = "invitation.sent", _l("Invitation sent")
    ACCEPTED = "invitation.accepted", _l("Invitation accepted")
    REVOKED = "invitation.revoked", _l("Invitation withdrawn")


class PersonAction(AuditAction):
    ROLE_CHANGED = "person.role_changed", _l("Role changed")
    REMOVED = "person.removed", _l("Removed from the organisation")


class AreaAction(AuditAction):
    CREATED = "area.created", _l("Thematic area added")
    UPDATED = "area.updated", _l("Thematic area edited")


VOCABULARIES = (OrganisationAction, InvitationAction, PersonAction, AreaAction)
OBJECT_TYPES = {
    "organisation": _l("Organisation"),
    "invitation": _l("Invitation"),
    "thematic_area": _l("Thematic area"),
}
