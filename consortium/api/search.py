"""`/api/v1/search?q=`: the site-wide search, grouped by kind, as the reader may see it."""

from __future__ import annotations

from urllib.parse import urljoin

from flask import request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from consortium import searchindex
from consortium.api.access import API_LIMITS
from consortium.api.common import LangArgs, problems
from consortium.core import registry
from consortium.core.authz import public
from consortium.core.limits import limited

blp = Blueprint("api_search", __name__, url_prefix="/api/v1", description="Search everything.")


class SearchArgs(LangArgs):
    q = fields.String(required=True, validate=validate.Length(min=1, max=200))
    limit = fields.Integer(load_default=5, validate=validate.Range(min=1, max=20))


class ResultSchema(Schema):
    title = fields.String(required=True)
    url = fields.String(required=True)
    summary = fields.String(required=True)
    meta = fields.String(required=True)


class GroupSchema(Schema):
    kind = fields.String(required=True)
    total = fields.Integer(required=True, metadata={"description": "Capped at 1001."})
    fuzzy = fields.Boolean(required=True, metadata={"description": "Close spellings only."})
    items = fields.List(fields.Nested(ResultSchema), required=True)


class SearchSchema(Schema):
    groups = fields.List(fields.Nested(GroupSchema), required=True)


def absolute(url: str) -> str:
    return urljoin(request.host_url, url)


@blp.route("/search")
@blp.etag
@problems(blp)
@blp.arguments(SearchArgs, location="query")
@blp.response(200, SearchSchema)
@public
@limited(*API_LIMITS)
def search(args: dict):
    """Experts, organisations and statements matching `q`, the best few of each kind."""
    kinds = {kind.kind: kind for kind in registry.search_kinds()}
    found = searchindex.hits(
        args["q"],
        kinds=list(kinds),
        audience=searchindex.audience_tokens(current_user),
        limit=args["limit"],
    )
    groups = []
    for hits in found:
        items = kinds[hits.kind].load(hits.ids, current_user)
        if items:
            groups.append(
                {
                    "kind": hits.kind,
                    "total": min(hits.total, searchindex.COUNT_CAP + 1),
                    "fuzzy": hits.fuzzy,
                    "items": [{**vars(item), "url": absolute(item.url)} for item in items],
                }
            )
    return {"groups": groups}
