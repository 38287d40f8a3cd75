"""Reading the footer's pages in the reader's language, and replacing their texts.

A page's text is the one the app ships (`defaults`) unless an operator stored one for that
language; readers get their language, else the nearest (`i18n.content.resolve`). Services
check the policy first and flush; the request (or CLI command) commits once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from consortium.audit.services import record
from consortium.core.actors import Actor
from consortium.core.authz import require
from consortium.core.errors import Conflict, DomainError
from consortium.core.text import has_control_characters
from consortium.db import db, utcnow
from consortium.i18n.content import Shown, resolve
from consortium.i18n.languages import LANGUAGES
from consortium.pages import defaults, policy
from consortium.pages.actions import PageAction
from consortium.pages.models import Page
from consortium.pages.schemas import BODY_MAX, SLUGS, TITLE_MAX

Texts = dict[str, dict[str, str | None]]  # language -> {"title": …, "body": …}
# One Serbian text in two scripts: each pair is (a script, the other one).
_SERBIAN = (("sr-latn", "sr-cyrl"), ("sr-cyrl", "sr-latn"))


class UnknownPage(DomainError):
    default_message = _l("There is no such page.")


@dataclass(frozen=True)
class Reading:
    """What a reader is shown: the text, the language it is in, and when it was last edited
    (None for the text the app ships)."""

    shown: Shown[Mapping[str, str | None]]
    updated_at: datetime | None

    @property
    def title(self) -> str:
        return self.shown.value["title"] or ""

    @property
    def body(self) -> str:
        return self.shown.value["body"] or ""


def stored(slug: str) -> dict[str, Page]:
    """The operators' texts of one page, by language."""
    rows = db.session.scalars(db.select(Page).where(Page.slug == slug))
    return {row.language: row for row in rows}


def texts(slug: str, rows: Mapping[str, Page]) -> Texts:
    """Every language's text of a page: the shipped ones, each replaced by a stored row.

    An operator's text in one Serbian script also replaces the shipped text in the other
    (the reader gets it transliterated) unless that script has a stored text of its own:
    the two scripts never say different things because only one was edited.
    """
    result: Texts = {
        code: {"title": text.title, "body": text.body}
        for code, text in defaults.shipped()[slug].items()
    }
    for code, row in rows.items():
        result[code] = {"title": row.title, "body": row.body}
    for edited, other in _SERBIAN:
        if edited in rows and other not in rows:
            result.pop(other, None)
    return result


def read(slug: str, language: str) -> Reading | None:
    """The page for a reader of `language`, or None when there is no such page."""
    if slug not in SLUGS:
        return None
    rows = stored(slug)
    shown = resolve(texts(slug, rows), language, defaults.ORIGINAL)
    if shown is None:
        return None
    row = rows.get(shown.source_lang)
    return Reading(shown=shown, updated_at=row.updated_at if row is not None else None)


def save_page(slug: str, language: str, title: str, body: str, *, actor: Actor) -> Page:
    """Admins (and the operators' tools) replace a page's text in one language.

    The body is Markdown, rendered without raw HTML (`pages.markdown`). The other languages
    keep their texts. Side effects: an audit row `page.updated`; flushes, never commits.
    """
    require(policy.can_edit_pages(actor))
    if slug not in SLUGS:
        raise UnknownPage()
    if language not in LANGUAGES:
        raise DomainError(_l("Choose one of the offered languages."))
    title, body = title.strip(), body.replace("\r\n", "\n").strip()
    if not title:
        raise DomainError(_l("Enter a title."))
    if has_control_characters(title):
        raise DomainError(_l("Write the title on one line."))
    if not body:
        raise DomainError(_l("Enter the text of the page."))
    for value, limit in ((title, TITLE_MAX), (body, BODY_MAX)):
        if len(value) > limit:
            raise DomainError(_l("Use at most %(max)d characters.", max=limit))
    page = db.session.scalar(db.select(Page).where(Page.slug == slug, Page.language == language))
    if page is None:
        page = Page(slug=slug, language=language)
        db.session.add(page)
    page.title, page.body = title, body
    page.updated_at = utcnow()
    page.updated_by_id = getattr(actor, "id", None)
    try:
        db.session.flush()
    except IntegrityError as error:  # another admin stored this language at the same moment
        raise Conflict() from error
    record(PageAction.UPDATED, actor=actor, obj=page, language=language)
    return page
