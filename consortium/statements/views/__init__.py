"""The statements pages, one module per part of the workflow; each adds its routes to `bp`."""

from __future__ import annotations


def register() -> None:
    """Import every page module once, so its routes join the blueprint before it is
    registered on an app."""
    from consortium.statements.views import drafting, public, review, signing  # noqa: F401


def statement_text(revision, statement, body=True):  # type: ignore[no-untyped-def]
    """The revision's title and text for the current reader (templates and mails); the
    title alone without `body` (the lists)."""
    from consortium.i18n import current_language
    from consortium.statements.services import shown

    if revision is None:
        return None
    return shown(revision, current_language().code, statement.original_language, body=body)
