"""What the audit log records about the footer's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consortium.audit.actions import AuditAction


class PageAction(AuditAction):
    UPDATED = "page.updated", _l("Page edited")


VOCABULARIES = (PageAction,)
OBJECT_TYPES = {"page": _l("Page")}
