"""What an expert write takes: limits declared once, one typed input per write."""

from __future__ import annotations

from dataclasses import dataclass, field

NAME_MAX = 200
TITLE_MAX = 200
AFFILIATION_MAX = 200
BIOGRAPHY_MAX = 10_000
PUBLICATION_TITLE_MAX = 300
URL_MAX = 500
CONTACT_MAX = 300
SLUG_MAX = 120
MESSAGE_MAX = 5_000
SUBJECT_MAX = 200
MAX_LANGUAGES = 8
MAX_PUBLICATIONS = 12
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 800


@dataclass(frozen=True)
class SpokenLanguage:
    code: str
    level: str


@dataclass(frozen=True)
class PublicationInput:
    title: str
    year: int | None = None
    url: str = ""


@dataclass(frozen=True)
class ContactInput:
    kind: str
    value: str
    visibility: str


@dataclass(frozen=True)
class ExpertProfile:
    """Everything the profile form edits. `biography` maps a language code to its text."""

    name: str
    country: str
    original_language: str
    name_other_script: str = ""
    title: str = ""
    organisation_id: int | None = None
    affiliation: str = ""
    area_ids: tuple[int, ...] = ()
    languages: tuple[SpokenLanguage, ...] = ()
    biography: dict[str, str] = field(default_factory=dict)
    publications: tuple[PublicationInput, ...] = ()
    availability: frozenset[str] = frozenset()
    contacts: tuple[ContactInput, ...] = ()


@dataclass(frozen=True)
class DirectoryFilters:
    """The directory's query string, parsed: each filter narrows, none required."""

    query: str = ""
    area: str = ""  # a thematic area's slug
    country: str = ""
    language: str = ""
    availability: str = ""
    verified: bool = False
    sort: str = "name"  # or "relevance" (with a query)

    def narrows(self) -> bool:
        return any(
            (self.query, self.area, self.country, self.language, self.availability, self.verified)
        )
