"""What a statement write takes: limits declared once, one typed input per write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

TITLE_MAX = 300
BODY_MAX = 50_000
NOTE_MAX = 2_000
COMMENT_MAX = 5_000
SLUG_MAX = 120


@dataclass(frozen=True)
class TextInput:
    """One language version of the title and body."""

    title: str
    body: str


@dataclass(frozen=True)
class NewStatement:
    """A draft as its author starts it: the original text, who is invited, until when."""

    original_language: str
    original: TextInput
    organisation_id: int | None = None  # the author organisation; default: the author's own
    area_ids: tuple[int, ...] = ()
    invited_ids: tuple[int, ...] = ()
    sign_deadline: date | None = None


@dataclass(frozen=True)
class DraftEdit:
    """A save of the draft: every language's text, and the revision the editor started from.

    `confirmed` lists (language, paragraph index) pairs the editor checked against the
    original; `faithful` the languages the author organisation vouches for.
    """

    seen_revision: int
    texts: dict[str, TextInput]
    area_ids: tuple[int, ...] = ()
    invited_ids: tuple[int, ...] = ()
    sign_deadline: date | None = None
    confirmed: frozenset[tuple[str, int]] = frozenset()
    faithful: frozenset[str] = frozenset()
    note: str = ""


@dataclass(frozen=True)
class SignatureInput:
    sign: bool  # False: decline
    appearance: str = "by_name"
    note: str = ""
    seen_revision: int = 0


@dataclass(frozen=True)
class DecisionInput:
    decision: str
    note: str = ""
    seen_round: int = 0


@dataclass(frozen=True)
class CommentInput:
    body: str
    parent_id: int | None = None
    paragraph: int | None = None
    language: str | None = None


@dataclass(frozen=True)
class PublishInput:
    at: datetime | None = None  # None: now


@dataclass(frozen=True)
class ListFilters:
    area_slug: str | None = None
    organisation_slug: str | None = None
    country: str | None = None
    language: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def narrows(self) -> bool:
        return any(
            (self.area_slug, self.organisation_slug, self.country, self.language, self.extra)
        )
