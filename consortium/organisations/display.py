"""How organisations and areas are named for the current reader."""

from __future__ import annotations

from consortium.i18n.display import shown, text
from consortium.organisations import countries


def org_name(organisation) -> str:
    return text(organisation.names_by_language(), organisation.original_language, organisation.name)


def area_name(area) -> str:
    return text(area.names, "en", area.slug)


def org_description(organisation):
    return shown(organisation.description, organisation.original_language)


TEMPLATE_GLOBALS = {
    "org_name": org_name,
    "area_name": area_name,
    "org_description": org_description,
    "country_name": countries.name,
}
