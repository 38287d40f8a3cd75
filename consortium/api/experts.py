"""`/api/v1/experts`: the expert directory, with exactly the contact details the caller may
see (the same `visible_contacts` as the pages and the vCard)."""

from __future__ import annotations

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
    page_body,
    page_schema,
    page_url,
    problems,
    translated,
)
from consortium.core.authz import public
from consortium.core.limits import limited
from consortium.experts import directory, policy, profiles, services
from consortium.experts.display import expert_name
from consortium.experts.models import Expert
from consortium.experts.profiles import Profile
from consortium.experts.schemas import DirectoryFilters
from consortium.experts.vocab import SPOKEN_LANGUAGES, Availability
from consortium.organisations import countries
from consortium.organisations.schemas import AREA_SLUG_MAX

blp = Blueprint("api_experts", __name__, url_prefix="/api/v1", description="The expert directory.")


class ContactSchema(Schema):
    kind = fields.String(required=True, metadata={"description": "email, phone, website, social"})
    value = fields.String(required=True)
    visibility = fields.String(required=True, metadata={"description": "public or members"})


class SpokenSchema(Schema):
    code = fields.String(required=True)
    level = fields.String(required=True)


class PublicationSchema(Schema):
    title = fields.String(required=True)
    year = fields.Integer(allow_none=True)
    url = fields.String(allow_none=True)


class AffiliationSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    url = fields.String(required=True)


class ExpertSchema(Shaped):
    id = fields.Integer(required=True)
    url = fields.String(required=True)
    slug = fields.String(required=True)
    name = fields.String(required=True, metadata={"description": "In the reader's script."})
    names = fields.List(fields.String(), required=True)
    title = fields.String(allow_none=True)
    organisation = fields.Nested(AffiliationSchema, allow_none=True)
    affiliation = fields.String(allow_none=True)
    country = fields.String(required=True)
    country_name = fields.String(required=True)
    areas = fields.List(fields.String(), required=True)
    languages = fields.List(fields.Nested(SpokenSchema), required=True)
    available_for = fields.List(fields.String(), required=True)
    verified = fields.Boolean(required=True)
    biography = fields.Nested(Translated, allow_none=True)
    publications = fields.List(fields.Nested(PublicationSchema), required=True)
    contacts = fields.List(
        fields.Nested(ContactSchema),
        required=True,
        metadata={"description": "Only the details the caller may see."},
    )


class ExpertArgs(PageArgs):
    q = fields.String(validate=validate.Length(max=200))
    area = fields.String(validate=validate.Length(max=AREA_SLUG_MAX))
    country = fields.String(validate=validate.OneOf(countries.CODES))
    language = fields.String(validate=validate.OneOf(SPOKEN_LANGUAGES))
    available_for = fields.String(validate=validate.OneOf([a.value for a in Availability]))
    verified = fields.Boolean()


def expert_body(profile: Profile) -> dict:
    expert, organisation = profile.expert, profile.organisation
    reader = current_user._get_current_object()  # once, not through the proxy per detail
    return {
        "id": expert.id,
        "url": page_url("experts.detail", "expert", expert.slug),
        "slug": expert.slug,
        "name": expert_name(expert),
        "names": [n for n in (expert.name, expert.name_other_script) if n],
        "title": expert.title,
        "organisation": {
            "id": organisation.id,
            "name": organisation.name,
            "url": page_url("organisations.detail", "organisation", organisation.slug),
        }
        if organisation
        else None,
        "affiliation": expert.affiliation,
        "country": expert.country,
        "country_name": countries.name(expert.country),
        "areas": profile.areas,
        "languages": [{"code": s.code, "level": s.level} for s in profile.languages],
        "available_for": [a.value for a in Availability if getattr(expert, a.value)],
        "verified": expert.verified,
        "biography": translated(expert.biography, expert.original_language),
        "publications": [
            {"title": p.title, "year": p.year, "url": p.url} for p in profile.publications
        ],
        "contacts": [
            {"kind": c.kind, "value": c.value, "visibility": c.visibility}
            for c in services.visible_contacts(expert, reader, profile.contacts)
        ],
    }


@blp.route("/experts/")
@blp.etag
@problems(blp)
@blp.arguments(ExpertArgs, location="query")
@blp.response(200, page_schema(ExpertSchema, "ExpertPage"))
@public
@limited(*API_LIMITS)
def experts(args: dict):
    """Experts, filtered and searched as the directory page does, by name."""
    filters = DirectoryFilters(
        query=args.get("q", ""),
        area=args.get("area", ""),
        country=args.get("country", ""),
        language=args.get("language", ""),
        availability=args.get("available_for", ""),
        verified=bool(args.get("verified")),
    )
    page, _match = directory.listing(
        filters, cursor=args.get("after"), limit=args["limit"], pager=profiles.page
    )
    return page_body(page, expert_body)


@blp.route("/experts/<int:expert_id>")
@blp.etag
@problems(blp, 404)
@blp.arguments(LangArgs, location="query")
@blp.response(200, ExpertSchema)
@public
@limited(*API_LIMITS)
def expert(args: dict, expert_id: int):
    """One expert."""
    found = get_or_404(Expert, expert_id)
    if not policy.can_view(current_user, found):
        raise NotFound()
    return expert_body(Profile.of(found))
