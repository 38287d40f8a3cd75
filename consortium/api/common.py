"""What every API resource shares: pages of `{"items", "next"}`, translated fields, links."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from flask import current_app, g, request, url_for
from marshmallow import Schema, fields, validate

from consortium.core.pagination import DEFAULT_LIMIT, MAX_CURSOR_LENGTH, MAX_LIMIT, Page
from consortium.core.urls import addresses
from consortium.i18n import current_language
from consortium.i18n.content import resolve
from consortium.i18n.languages import CODES


class StrictSchema(Schema):
    """Unknown fields of a body are an error (marshmallow's RAISE): no mass assignment.
    Unknown query parameters are ignored (webargs' rule for the query string), so a shared
    link with tracking parameters still works."""


class PageArgs(StrictSchema):
    after = fields.String(
        validate=validate.Length(max=MAX_CURSOR_LENGTH),
        metadata={"description": "The `next` cursor of the previous page."},
    )
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"Items per page, 1 to {MAX_LIMIT}."},
    )
    lang = fields.String(
        validate=validate.OneOf(CODES),
        metadata={"description": "The language of translated fields (else Accept-Language)."},
    )


class LangArgs(StrictSchema):
    lang = fields.String(
        validate=validate.OneOf(CODES),
        metadata={"description": "The language of translated fields (else Accept-Language)."},
    )


class Translated(Schema):
    """A translated field: its text, the language it is actually in, and those available."""

    value = fields.String(required=True)
    language = fields.String(required=True, metadata={"description": "One of the eight codes."})
    available = fields.List(fields.String(), required=True)
    transliterated = fields.Boolean(required=True)


def translated(texts: Mapping[str, str] | None, original: str | None) -> dict | None:
    shown = resolve(texts or {}, current_language().code, original)
    if shown is None:
        return None
    return {
        "value": shown.value,
        "language": shown.lang,
        "available": sorted(code for code, text in (texts or {}).items() if text),
        "transliterated": shown.transliterated,
    }


class Shaped(Schema):
    """A body the view builds in its final shape (`expert_body`, `page_body`), sent as it is:
    marshmallow would copy every field of every item once more (a sixth of an API list's
    time, issue 13). The fields still describe it in the OpenAPI document. With
    API_CHECK_BODIES (the test suite's setting) each body is also read back through the
    schema (unknown, missing or mistyped fields are errors) and written again, and must
    come out unchanged, so what is sent and what is described cannot drift apart."""

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        if g.get("api_body_in_check"):  # an item inside a body being checked
            return super().dump(obj, many=many)
        if current_app.config.get("API_CHECK_BODIES"):
            g.api_body_in_check = True
            try:
                again = super().dump(self.load(obj, many=many), many=many)
            finally:
                g.api_body_in_check = False
            if again != obj:
                raise AssertionError(f"{type(self).__name__} describes {again!r}, not {obj!r}")
        return obj


def iso(value: date | None) -> str | None:
    """A date or time as marshmallow's `Date` and `DateTime` write it (ISO 8601)."""
    return None if value is None else value.isoformat()


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """`{"items": [...], "next": url-or-null}` around one kind of item."""
    return Shaped.from_dict(
        {
            "items": fields.List(fields.Nested(item), required=True),
            "next": fields.String(
                allow_none=True,
                required=True,
                metadata={"description": "The next page's URL; null on the last page."},
            ),
        },
        name=name,
    )


def page_body(page: Page, render: Callable[[Any], dict]) -> dict:
    next_url = None
    if page.next_cursor:
        args = {k: v for k, v in request.args.items() if k != "after"}
        next_url = url_for(
            request.endpoint or "",
            **(request.view_args or {}),
            **args,
            after=page.next_cursor,
            _external=True,
        )
    return {"items": [render(item) for item in page.items], "next": next_url}


def page_url(endpoint: str, argument: str, slug: str) -> str:
    """An item's page on the site (`argument` its slug), in the request's language."""
    return addresses(endpoint, argument, lang=current_language().code, _external=True)(slug)


class ProblemSchema(Schema):
    """An error, as RFC 9457 describes it; `title` and `detail` in the request's language."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(metadata={"description": "Per field, what is wrong with it."})


ERRORS = {
    400: "A parameter or a field of the body is malformed, unknown or out of range, or a "
    "rule of the domain refused the change (`detail` says which, in the request's language).",
    401: "The access token is not valid, or a write needs one (or a signed-in session).",
    403: "The caller may not do this (a read-only token cannot write).",
    404: "Nothing here, or nothing the caller may see.",
    409: "The state moved on meanwhile (decided, submitted, the text changed): read it again.",
    412: "If-Match names another revision than the current one: read it again.",
    415: "The body is not JSON.",
    428: "If-Match is missing: send the ETag of the revision read.",
    429: "Too many requests; see Retry-After.",
}


def problems(blp: Any, *codes: int) -> Callable[[Any], Any]:
    """Document the problem+json answers a view may give (400, 401 and 429 always)."""

    def decorate(view: Any) -> Any:
        for code in sorted({400, 401, 429, *codes}):
            view = blp.alt_response(
                code,
                schema=ProblemSchema,
                content_type="application/problem+json",
                description=ERRORS[code],
            )(view)
        return view

    return decorate


def get_or_404(model: Any, object_id: int) -> Any:
    """The row with this id; 404 for none, and for an id no column can hold (PostgreSQL's
    integer would refuse it with an error)."""
    from werkzeug.exceptions import NotFound

    from consortium.core.converters import MAX_ID
    from consortium.db import db

    found = db.session.get(model, object_id) if 0 < object_id <= MAX_ID else None
    if found is None:
        raise NotFound()
    return found
