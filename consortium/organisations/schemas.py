"""What an organisation write takes: field limits declared once, one typed input per write.

The model's columns, the forms, the services and (later) the API schema all read these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
NAME_MAX = 200
SHORT_NAME_MAX = 40
CITY_MAX = 100
WEBSITE_MAX = 300
DESCRIPTION_MAX = 5000
AREA_SLUG_MAX = 60
AREA_NAME_MAX = 120
SEARCH_MAX = 100


KEEP = None  # `partner_since=KEEP`: the profile leaves the date as it is


@dataclass(frozen=True)
class OrganisationProfile:
    """Everything an org admin or a coordinator edits on a profile.

    `partner_since` is set by coordinators only; `None` keeps the stored date.
    """

    name: str
    country: str
    original_language: str = "en"
    short_name: str | None = None
    city: str | None = None
    website: str | None = None
    description: dict[str, str] = field(default_factory=dict)
    name_translations: dict[str, str] = field(default_factory=dict)
    area_ids: tuple[int, ...] = ()
    partner_since: date | None = None


@dataclass(frozen=True)
class NewOrganisation(OrganisationProfile):
    """A profile and the short address that names the organisation for good."""

    slug: str = ""


@dataclass(frozen=True)
class InvitationRequest:
    email: str
    role: str
    language: str


@dataclass(frozen=True)
class AreaInput:
    slug: str
    names: dict[str, str]


@dataclass(frozen=True)
class DirectoryFilters:
    country: str | None = None
    area_slug: str | None = None
    query: str = ""
