"""Atom feeds (RFC 4287) of published statements, written by feedgen, never by hand.

Entries are what a visitor may see: published statements only (a withdrawn one leaves the
feed), titles and summaries in the feed's language by the content fallback chain, and the
author organisation named only if it chose to be (else "a partner organisation from …").
Entry ids are tag URIs made of the site's host, the publication date and the statement's
id: the same entry in every language's feed, and stable if the site's address changes
scheme or port.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import datetime
from urllib.parse import urlsplit

import nh3
from flask import current_app
from flask_babel import gettext as _

from consortium.core.markdown import render
from consortium.core.urls import external_url
from consortium.db import utcnow
from consortium.i18n.languages import LANGUAGES
from consortium.organisations import countries
from consortium.organisations.display import area_name, org_name
from consortium.statements import services
from consortium.statements.models import Statement
from consortium.statements.texts import paragraphs
from consortium.statements.vocab import Appearance

MIMETYPE = "application/atom+xml"
SUMMARY_MAX = 600


def atom(
    statements: Iterable[Statement],
    *,
    authors: Mapping[int, services.Signatories],
    title: str,
    self_url: str,
    alternate_url: str,
    updated: datetime | None,
    language: str,
) -> bytes:
    """The feed document. `authors` says how each statement's author organisation appears."""
    # Imported here: feedgen and lxml (6 MiB) are loaded by the workers that serve a feed.
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.language(LANGUAGES[language].bcp47)
    feed.author({"name": "Consortium", "uri": external_url("home.index")})
    feed.link(href=self_url, rel="self", type=MIMETYPE)
    feed.link(href=alternate_url, rel="alternate", type="text/html")
    feed.updated(updated or utcnow())
    for statement in statements:
        revision = statement.published_revision
        assert revision is not None and statement.published_at is not None
        shown = services.shown(revision, language, statement.original_language)
        if shown is None:
            continue
        entry = feed.add_entry(order="append")
        entry.id(tag_uri(statement))
        entry.title(shown.value["title"])
        entry.published(statement.published_at)
        entry.updated(statement.published_at)  # a published revision never changes
        # feedgen 1.0 writes only the href of an entry's link (lkiesow/python-feedgen#135):
        # still valid, an Atom link without rel is the alternate one.
        entry.link(
            href=external_url("statements.detail", statement=statement),
            rel="alternate",
            type="text/html",
            hreflang=LANGUAGES[shown.lang].bcp47,
        )
        entry.summary(summary(shown.value["body"]))
        appearance = authors[statement.id].author_appearance if statement.id in authors else None
        entry.author(author_of(statement, appearance))
        for area in statement.areas:
            entry.category(term=area.slug, label=area_name(area))
    return feed.atom_str(pretty=True)


def author_of(statement: Statement, appearance: str | None) -> dict[str, str]:
    organisation = statement.organisation
    if appearance == Appearance.BY_COUNTRY.value:
        return {"name": by_country(organisation.country)}
    if appearance == Appearance.CONSORTIUM_ONLY.value:
        return {"name": _("A partner organisation of the consortium")}
    return {
        "name": org_name(organisation),
        "uri": external_url("organisations.detail", organisation=organisation),
    }


def by_country(country: str) -> str:
    return _("A partner organisation from %(country)s", country=countries.name(country))


def summary(body: str) -> str:
    """The first paragraph as plain text (Markdown rendered, then every tag dropped)."""
    first = next(iter(paragraphs(body)), "")
    plain = html.unescape(nh3.clean(str(render(first)), tags=set())).strip()
    plain = " ".join(plain.split())
    if len(plain) <= SUMMARY_MAX:
        return plain
    return plain[:SUMMARY_MAX].rsplit(" ", 1)[0] + "…"


def tag_uri(statement: Statement) -> str:
    """`tag:<host>,<publication date>:statement-<id>` (RFC 4151)."""
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"
    assert statement.published_at is not None
    return f"tag:{host},{statement.published_at:%Y-%m-%d}:statement-{statement.id}"
