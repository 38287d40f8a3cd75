"""What the audit log records about access tokens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consortium.audit.actions import AuditAction


class TokenAction(AuditAction):
    CREATED = "token.created", _l("Access token created")
    REVOKED = "token.revoked", _l("Access token revoked")


OBJECT_TYPES = {"access_token": _l("Access token")}
