"""What the audit log records about experts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consortium.audit.actions import AuditAction


class ExpertAction(AuditAction):
    CREATED = "expert.created", _l("Expert profile created")
    UPDATED = "expert.updated", _l("Expert profile edited")
    PHOTO_CHANGED = "expert.photo_changed", _l("Expert photo changed")
    VERIFIED = "expert.verified", _l("Expert profile verified")
    UNVERIFIED = "expert.unverified", _l("Expert profile verification withdrawn")
    INVITED = "expert.invited", _l("Expert invited to claim a profile")
    CLAIMED = "expert.claimed", _l("Expert profile claimed")
    REMOVAL_REQUESTED = "expert.removal_requested", _l("Expert asked for removal")
    DELETED = "expert.deleted", _l("Expert profile deleted")
    CONTACTED = "expert.contacted", _l("Message relayed to an expert")


OBJECT_TYPES = {"expert": _l("Expert"), "expert_invitation": _l("Invitation to claim a profile")}
