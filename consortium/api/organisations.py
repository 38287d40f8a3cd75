"""`/api/v1/organisations` and `/api/v1/thematic-areas`: the partner directory, read-only."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound

from consortium import searchindex
from consortium.api.access import API_LIMITS
from consortium.api.common import (
    LangArgs,
    PageArgs,
    Shaped,
    Translated,
    get_or_404,
    page_body,
    page_schema,
    page_url,
    problems,
    translated,
)
from consortium.core.authz import public
from consortium.core.limits import limited
from consortium.core.pagination import paginate
from consortium.db import db
from consortium.organisations import countries
from consortium.organisations import policy as org_policy
from consortium.organisations import services as org_services
from consortium.organisations.models import Organisation, ThematicArea
from consortium.organisations.schemas import AREA_SLUG_MAX

blp = Blueprint(
    "api_organisations",
    __name__,
    url_prefix="/api/v1",
    description="Partner organisations and the thematic areas they work on.",
)


class AreaSchema(Shaped):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    name = fields.Nested(Translated, required=True)


class OrganisationSchema(Shaped):
    id = fields.Integer(required=True)
    url = fields.String(required=True, metadata={"description": "Its page on the site."})
    slug = fields.String(required=True)
    name = fields.Nested(Translated, required=True)
    short_name = fields.String(allow_none=True)
    country = fields.String(required=True, metadata={"description": "ISO 3166-1; Kosovo XK."})
    country_name = fields.String(required=True)
    city = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    description = fields.Nested(Translated, allow_none=True)
    areas = fields.List(fields.String(), required=True)


class OrganisationArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=200))
    country = fields.String(validate=validate.OneOf(countries.CODES))
    area = fields.String(validate=validate.Length(max=AREA_SLUG_MAX))


def area_body(area: ThematicArea) -> dict:
    return {"id": area.id, "slug": area.slug, "name": translated(area.names, "en")}


def organisation_body(organisation: Organisation) -> dict:
    return {
        "id": organisation.id,
        "url": page_url("organisations.detail", "organisation", organisation.slug),
        "slug": organisation.slug,
        "name": translated(organisation.names_by_language(), organisation.original_language),
        "short_name": organisation.short_name,
        "country": organisation.country,
        "country_name": countries.name(organisation.country),
        "city": organisation.city,
        "website": organisation.website,
        "description": translated(organisation.description, organisation.original_language),
        "areas": [area.slug for area in organisation.areas],
    }


@blp.route("/organisations/")
@blp.etag
@problems(blp)
@blp.arguments(OrganisationArgs, location="query")
@blp.response(200, page_schema(OrganisationSchema, "OrganisationPage"))
@public
@limited(*API_LIMITS)
def organisations(args: dict):
    """The partner organisations, filtered, by id."""
    query = db.select(Organisation).options(selectinload(Organisation.areas))
    if args.get("country"):
        query = query.where(Organisation.country == args["country"])
    if args.get("area"):
        query = query.where(Organisation.areas.any(ThematicArea.slug == args["area"]))
    found = searchindex.matching("organisation", args.get("q"))
    if found is not None:
        query = query.where(Organisation.id.in_(found))
    page = paginate(query, [Organisation.id], cursor=args.get("after"), limit=args["limit"])
    return page_body(page, organisation_body)


@blp.route("/organisations/<int:organisation_id>")
@blp.etag
@problems(blp, 404)
@blp.arguments(LangArgs, location="query")
@blp.response(200, OrganisationSchema)
@public
@limited(*API_LIMITS)
def organisation(args: dict, organisation_id: int):
    """One partner organisation."""
    found = get_or_404(Organisation, organisation_id)
    if not org_policy.can_view(None, found):
        raise NotFound()
    return organisation_body(found)


@blp.route("/thematic-areas/")
@blp.etag
@problems(blp)
@blp.arguments(LangArgs, location="query")
@blp.response(200, AreaSchema(many=True))
@public
@limited(*API_LIMITS)
def thematic_areas(args: dict):
    """The controlled vocabulary of thematic areas (tens of terms, never paged)."""
    return [area_body(area) for area in org_services.areas()]
