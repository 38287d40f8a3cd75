"""`/api/v1/statements` writes: start and edit a draft, sign or decline it, submit it, decide
on it and publish it — the pages' services, policies and typed inputs, as JSON.

Every item route loads the statement, then asks the same policy as the page (through
`guard`, hiding the statement where the page does); the body is parsed after that, so
nobody learns from a refusal of their body that a draft exists. A body must be JSON (415
otherwise) with no field the operation does not take (400). An edit names the revision
it started from with `If-Match` (the ETag of `GET /statements/{id}`): missing, 428;
another revision, 412. A refusal of the domain is a 400 problem in the caller's language,
a lost race a 409.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from functools import wraps
from typing import Any

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint
from flask_smorest.exceptions import PreconditionFailed
from marshmallow import fields, validate
from werkzeug.exceptions import UnsupportedMediaType

from consortium.api import statements as reads
from consortium.api.access import API_LIMITS
from consortium.api.common import StrictSchema, get_or_404, problems
from consortium.core.authz import guard
from consortium.core.converters import MAX_ID
from consortium.core.errors import Conflict
from consortium.core.limits import limited
from consortium.i18n.languages import CODES
from consortium.statements import policy, services, signing, workflow
from consortium.statements.models import Statement
from consortium.statements.schemas import (
    BODY_MAX,
    NOTE_MAX,
    TITLE_MAX,
    DecisionInput,
    DraftEdit,
    NewStatement,
    PublishInput,
    SignatureInput,
    TextInput,
)
from consortium.statements.vocab import Appearance, Decision

blp = Blueprint(
    "api_statement_writes",
    __name__,
    url_prefix="/api/v1",
    description="Writing joint statements: drafts, signatures, review and publication.",
)

STALE = _l(
    "The draft has been saved again since you read it. Read it again and send your changes "
    "with its new ETag in If-Match."
)
NOT_JSON = _l("Send the body as JSON (Content-Type: application/json).")


# --- Bodies --------------------------------------------------------------------------------


def _ids() -> fields.List:
    return fields.List(fields.Integer(validate=validate.Range(min=1, max=MAX_ID)))


class TextBody(StrictSchema):
    title = fields.String(required=True, validate=validate.Length(max=TITLE_MAX))
    body = fields.String(required=True, validate=validate.Length(max=BODY_MAX))


class NewStatementBody(StrictSchema):
    original_language = fields.String(required=True, validate=validate.OneOf(CODES))
    title = fields.String(required=True, validate=validate.Length(max=TITLE_MAX))
    body = fields.String(
        required=True,
        validate=validate.Length(max=BODY_MAX),
        metadata={"description": "Markdown; paragraphs separated by a blank line."},
    )
    organisation_id = fields.Integer(
        allow_none=True,
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "The author organisation; default: the caller's own."},
    )
    area_ids = _ids()
    invited_ids = _ids()
    sign_deadline = fields.Date(allow_none=True)


class DraftPatchBody(StrictSchema):
    """What an edit changes; whatever it leaves out stays as the revision read has it."""

    texts = fields.Dict(
        keys=fields.String(validate=validate.OneOf(CODES)),
        values=fields.Nested(TextBody),
        metadata={
            "description": "Per language, its title and text; languages left out keep theirs. "
            "An empty title and text remove a translation."
        },
    )
    area_ids = _ids()
    invited_ids = _ids()
    sign_deadline = fields.Date(allow_none=True)
    note = fields.String(
        validate=validate.Length(max=NOTE_MAX),
        metadata={"description": "What changed, for the history."},
    )


class SignatureBody(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(("sign", "decline")))
    appearance = fields.String(validate=validate.OneOf([a.value for a in Appearance]))
    note = fields.String(validate=validate.Length(max=NOTE_MAX))
    revision = fields.Integer(
        required=True,
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "The revision the caller read (409 if the text changed)."},
    )


class DecisionBody(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf([d.value for d in Decision]))
    note = fields.String(
        validate=validate.Length(max=NOTE_MAX),
        metadata={"description": "Required unless approving."},
    )
    round = fields.Integer(
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "The review round decided on; default: the current one."},
    )


class PublishBody(StrictSchema):
    at = fields.AwareDateTime(
        allow_none=True,
        default_timezone=UTC,
        metadata={"description": "When to publish (UTC unless an offset is given); omit: now."},
    )


class NoBody(StrictSchema):
    """Nothing to send (an empty JSON object at most)."""


# --- Loading and refusing ------------------------------------------------------------------


def _statement(view: Callable) -> Callable:
    """Load the statement the URL names (404 for none), for the guard beneath to ask about."""

    @wraps(view)
    def loaded(*, statement_id: int, **kwargs: Any) -> Any:
        return view(statement=get_or_404(Statement, statement_id), **kwargs)

    return loaded


def _json_body(view: Callable) -> Callable:
    """A body, if any, is JSON: anything else is refused before it is parsed (415)."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        has_body = bool(request.content_length) or bool(request.mimetype)
        if has_body and not request.is_json:
            raise UnsupportedMediaType(str(NOT_JSON))
        return view(*args, **kwargs)

    return checked


def _check_if_match(statement: Statement) -> None:
    """If-Match must name the draft's current revision (as read in any language)."""
    for code in CODES:
        try:
            blp.check_etag(reads.draft_etag(statement, code))
        except PreconditionFailed:
            continue
        return
    raise PreconditionFailed(str(STALE))


# --- Views ---------------------------------------------------------------------------------


@blp.route("/statements/", methods=["POST"])
@guard(policy.can_start)
@blp.etag
@problems(blp, 403, 415)
@_json_body
@blp.arguments(NewStatementBody, location="json")
@blp.response(
    201,
    reads.StatementSchema,
    headers={"Location": {"description": "The new draft's address.", "schema": {"type": "string"}}},
)
@limited(*API_LIMITS)
def create(data: dict) -> tuple[dict, dict[str, str]]:
    """Start a draft (staff and org admins for their organisation, coordinators for any)."""
    new = NewStatement(
        original_language=data["original_language"],
        original=TextInput(data["title"], data["body"]),
        organisation_id=data.get("organisation_id"),
        area_ids=tuple(data.get("area_ids") or ()),
        invited_ids=tuple(data.get("invited_ids") or ()),
        sign_deadline=data.get("sign_deadline"),
    )
    statement = services.create_draft(new, actor=current_user)
    location = url_for("api_statements.statement", statement_id=statement.id, _external=True)
    return reads.statement_body(statement), {"Location": location}


@blp.route("/statements/<int:statement_id>", methods=["PATCH"])
@_statement
@guard(policy.can_edit, "statement", hide=True)
@blp.etag
@problems(blp, 403, 404, 412, 415, 428)
@_json_body
@blp.arguments(DraftPatchBody, location="json")
@blp.response(200, reads.StatementSchema)
@limited(*API_LIMITS)
def edit(data: dict, statement: Statement) -> dict:
    """Save the draft as a new revision, from the revision `If-Match` names."""
    _check_if_match(statement)
    current = statement.current_revision
    assert current is not None
    texts = {t.language: TextInput(t.title, t.body) for t in current.texts}
    for code, text in (data.get("texts") or {}).items():
        texts[code] = TextInput(text["title"], text["body"])
    saved_invited = tuple(i.organisation_id for i in statement.invitations)
    change = DraftEdit(
        seen_revision=statement.revision_number,
        texts=texts,
        area_ids=tuple(data.get("area_ids", [a.id for a in statement.areas])),
        invited_ids=tuple(data.get("invited_ids", saved_invited)),
        sign_deadline=data.get("sign_deadline", statement.sign_deadline),
        note=data.get("note", ""),
    )
    try:
        services.save_draft(statement, change, actor=current_user)
    except services.StaleDraft as error:  # saved by someone else since the check above
        raise PreconditionFailed(str(STALE)) from error
    return reads.statement_body(statement)


@blp.route("/statements/<int:statement_id>/signature", methods=["POST"])
@_statement
@guard(policy.can_sign, "statement", hide=True)
@blp.etag
@problems(blp, 403, 404, 409, 415)
@_json_body
@blp.arguments(SignatureBody, location="json")
@blp.response(200, reads.StatementSchema)
@limited(*API_LIMITS)
def signature(data: dict, statement: Statement) -> dict:
    """Sign or decline the revision read, for the caller's organisation (its org admin)."""
    answer = SignatureInput(
        sign=data["decision"] == "sign",
        appearance=data.get("appearance", Appearance.BY_NAME.value),
        note=data.get("note", ""),
        seen_revision=data["revision"],
    )
    signing.sign(statement, answer, actor=current_user)  # TextChanged: 409
    return reads.statement_body(statement)


@blp.route("/statements/<int:statement_id>/submit", methods=["POST"])
@_statement
@guard(policy.can_submit, "statement", hide=True)
@blp.etag
@problems(blp, 403, 404, 409, 415)
@_json_body
@blp.arguments(NoBody, location="json", required=False)
@blp.response(200, reads.StatementSchema)
@limited(*API_LIMITS)
def submit(data: dict, statement: Statement) -> dict:
    """Hand the draft to the coordinators for review."""
    workflow.submit(statement, actor=current_user)
    return reads.statement_body(statement)


@blp.route("/statements/<int:statement_id>/decision", methods=["POST"])
@_statement
@guard(policy.can_review, "statement", hide=True)
@blp.etag
@problems(blp, 403, 404, 409, 415)
@_json_body
@blp.arguments(DecisionBody, location="json")
@blp.response(200, reads.StatementSchema)
@limited(*API_LIMITS)
def decision(data: dict, statement: Statement) -> dict:
    """Approve, request changes or reject (a coordinator not of the author organisation)."""
    if not policy.can_decide(current_user, statement):
        raise workflow.DecidedMeanwhile()  # no longer in review: decided meanwhile
    choice = DecisionInput(
        decision=data["decision"],
        note=data.get("note", ""),
        seen_round=data.get("round", statement.review_round),
    )
    workflow.decide(statement, choice, actor=current_user)
    return reads.statement_body(statement)


@blp.route("/statements/<int:statement_id>/publish", methods=["POST"])
@_statement
@guard(policy.can_review, "statement", hide=True)
@blp.etag
@problems(blp, 403, 404, 409, 415)
@_json_body
@blp.arguments(PublishBody, location="json", required=False)
@blp.response(200, reads.StatementSchema)
@limited(*API_LIMITS)
def publish(data: dict, statement: Statement) -> dict:
    """Publish an approved statement now, or schedule it (`at`)."""
    if not policy.can_publish(current_user, statement):
        raise Conflict()  # not (or no longer) approved
    workflow.publish(statement, PublishInput(at=data.get("at")), actor=current_user)
    return reads.statement_body(statement)
