"""`/api/v1/statements`: published (and withdrawn) joint statements, as the public list
shows them; one statement not yet published to those who may read its draft (with its
current revision's texts and an ETag naming that revision: the write API's If-Match)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from werkzeug.exceptions import NotFound

from consortium.api.access import API_LIMITS
from consortium.api.common import (
    LangArgs,
    PageArgs,
    Shaped,
    Translated,
    get_or_404,
    iso,
    page_body,
    page_schema,
    page_url,
    problems,
    translated,
)
from consortium.core.authz import public
from consortium.core.limits import limited
from consortium.i18n import current_language
from consortium.i18n.languages import CODES
from consortium.organisations import countries
from consortium.organisations.display import org_name
from consortium.organisations.schemas import AREA_SLUG_MAX, SLUG_MAX
from consortium.statements import policy, reading, services
from consortium.statements.models import Statement
from consortium.statements.reading import Published
from consortium.statements.schemas import ListFilters
from consortium.statements.views.public import in_consortium
from consortium.statements.vocab import Appearance

blp = Blueprint("api_statements", __name__, url_prefix="/api/v1", description="Joint statements.")


class AuthorSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    url = fields.String(required=True)


class TextSchema(Schema):
    title = fields.String(required=True)
    body = fields.String(required=True)


class StatementSchema(Shaped):
    id = fields.Integer(required=True)
    url = fields.String(required=True)
    slug = fields.String(required=True)
    state = fields.String(
        required=True,
        metadata={
            "description": "published or withdrawn; to those who may read a draft also draft, "
            "in_review, changes_requested, approved or rejected"
        },
    )
    revision = fields.Integer(
        required=True,
        metadata={"description": "The revision shown: the published one, or a draft's latest."},
    )
    published_at = fields.DateTime(allow_none=True)
    withdrawn_at = fields.DateTime(allow_none=True)
    title = fields.Nested(Translated, allow_none=True)
    body = fields.Nested(Translated, allow_none=True)
    areas = fields.List(fields.String(), required=True)
    organisation = fields.Nested(
        AuthorSchema,
        allow_none=True,
        metadata={"description": "Null where the author shows itself only to the consortium."},
    )
    author_country = fields.String(allow_none=True)
    signatures = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "Signatories listed on the published text; null on a draft."},
    )
    # Only on a statement not yet published, for those who may read its draft.
    original_language = fields.String(metadata={"description": "Drafts only."})
    texts = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(TextSchema),
        metadata={"description": "Drafts only: the current revision's text in each language."},
    )
    area_ids = fields.List(fields.Integer(), metadata={"description": "Drafts only."})
    invited_ids = fields.List(
        fields.Integer(), metadata={"description": "Drafts only: the invited organisations."}
    )
    sign_deadline = fields.Date(allow_none=True, metadata={"description": "Drafts only."})


class StatementArgs(PageArgs):
    area = fields.String(validate=validate.Length(max=AREA_SLUG_MAX))
    organisation = fields.String(validate=validate.Length(max=SLUG_MAX))
    country = fields.String(validate=validate.OneOf(countries.CODES))
    language = fields.String(validate=validate.OneOf(CODES))


def _body(statement: Published) -> dict:
    texts = statement.texts
    titles = {code: title for code, (title, _) in texts.items()}
    bodies = {code: body for code, (_, body) in texts.items()}
    # As the statement's page shows its author: by name, by country only, or (to readers
    # outside the consortium) not at all.
    appearance = statement.signatories.author_appearance
    consortium = in_consortium(current_user)
    show_author = appearance not in (Appearance.BY_COUNTRY, Appearance.CONSORTIUM_ONLY) or (
        appearance == Appearance.CONSORTIUM_ONLY and consortium
    )
    show_country = show_author or appearance == Appearance.BY_COUNTRY
    return {
        "id": statement.id,
        "url": page_url("statements.detail", "statement", statement.slug),
        "slug": statement.slug,
        "state": statement.state,
        "revision": statement.revision,
        "published_at": iso(statement.published_at),
        "withdrawn_at": iso(statement.withdrawn_at),
        "title": translated(titles, statement.original_language),
        "body": translated(bodies, statement.original_language),
        "areas": statement.areas,
        "organisation": {
            "id": statement.organisation_id,
            "name": statement.organisation_name,
            "url": page_url("organisations.detail", "organisation", statement.organisation_slug),
        }
        if show_author
        else None,
        "author_country": statement.organisation_country if show_country else None,
        "signatures": statement.signatories.count,
    }


def draft_etag(statement: Statement, language: str | None = None) -> dict[str, Any]:
    """What a draft's ETag is computed from: its revision and state (and the language its
    translated fields are in). A write's If-Match names the revision its caller read."""
    return {
        "statement": statement.id,
        "revision": statement.revision_number,
        "state": statement.state,
        "language": language or current_language().code,
    }


def draft_body(statement: Statement) -> dict:
    """A statement not yet published, as those taking part see it: the latest revision."""
    revision = statement.current_revision
    assert revision is not None  # every statement has its first revision
    texts = {t.language: {"title": t.title, "body": t.body} for t in revision.texts}
    organisation = statement.organisation
    return {
        "id": statement.id,
        "url": page_url("statements.detail", "statement", statement.slug),
        "slug": statement.slug,
        "state": statement.state,
        "revision": statement.revision_number,
        "published_at": iso(statement.published_at),
        "withdrawn_at": iso(statement.withdrawn_at),
        "title": translated(
            {code: t["title"] for code, t in texts.items()}, statement.original_language
        ),
        "body": translated(
            {code: t["body"] for code, t in texts.items()}, statement.original_language
        ),
        "areas": [area.slug for area in statement.areas],
        "organisation": {
            "id": organisation.id,
            "name": org_name(organisation),
            "url": page_url("organisations.detail", "organisation", organisation.slug),
        },
        "author_country": organisation.country,
        "signatures": None,
        "original_language": statement.original_language,
        "texts": texts,
        "area_ids": sorted(area.id for area in statement.areas),
        "invited_ids": sorted(i.organisation_id for i in statement.invitations),
        "sign_deadline": iso(statement.sign_deadline),
    }


def statement_body(statement: Statement) -> dict:
    """The statement as this caller may see it (the caller may read it): published, or the
    draft with its ETag set."""
    if statement.published_revision is None:
        blp.set_etag(draft_etag(statement))
        return draft_body(statement)
    consortium = in_consortium(current_user)
    signatories = services.signatories_of([statement], consortium=consortium)
    return _body(Published.of(statement, signatories[statement.id]))


@blp.route("/statements/")
@blp.etag
@problems(blp)
@blp.arguments(StatementArgs, location="query")
@blp.response(200, page_schema(StatementSchema, "StatementPage"))
@public
@limited(*API_LIMITS)
def statements(args: dict):
    """Published and withdrawn statements, newest first."""
    consortium = in_consortium(current_user)
    filters = ListFilters(
        area_slug=args.get("area"),
        organisation_slug=args.get("organisation"),
        country=args.get("country"),
        language=args.get("language"),
    )
    page = reading.published_page(
        filters, cursor=args.get("after"), limit=args["limit"], consortium=consortium
    )
    return page_body(page, _body)


@blp.route("/statements/<int:statement_id>")
@blp.etag
@problems(blp, 404)
@blp.arguments(LangArgs, location="query")
@blp.response(200, StatementSchema)
@public
@limited(*API_LIMITS)
def statement(args: dict, statement_id: int):
    """One published or withdrawn statement; one not yet published (its latest revision) to
    those who may read its draft, with the ETag a write's If-Match names."""
    found = get_or_404(Statement, statement_id)
    if not policy.can_read(current_user, found):  # public, or a draft this caller reads
        raise NotFound()
    return statement_body(found)
