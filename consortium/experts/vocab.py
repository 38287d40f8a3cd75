"""The experts' named vocabularies: stored codes with translated titles."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from consortium.core.vocab import TitledEnum


class Visibility(TitledEnum):
    """Who sees one contact detail (DESIGN.md, Expert)."""

    PUBLIC = "public", _l("Everyone")
    MEMBERS = "members", _l("Members of partner organisations")
    NOBODY = "nobody", _l("Nobody (members write through the contact form)")


class ContactKind(TitledEnum):
    EMAIL = "email", _l("E-mail")
    PHONE = "phone", _l("Phone")
    WEBSITE = "website", _l("Website")
    SOCIAL = "social", _l("Social media")


class Availability(TitledEnum):
    MEDIA = "media", _l("Media")
    TRAINING = "training", _l("Training")
    ADVISORY = "advisory", _l("Advisory")


class Level(TitledEnum):
    """How well an expert speaks a language (CEFR-like, in words people use)."""

    NATIVE = "native", _l("Native")
    FLUENT = "fluent", _l("Fluent")
    WORKING = "working", _l("Working knowledge")
    BASIC = "basic", _l("Basic")


# The search index's kind for experts (`searchindex`), named once for the services that
# write the documents and the flush hook that watches them (`experts.changes`).
KIND = "expert"


# The languages an expert may list: the region's, and those its partners work in.
SPOKEN_LANGUAGES: tuple[str, ...] = (
    "sq", "sr", "mk", "bs", "hr", "cnr", "en", "de", "fr", "it", "tr", "ru", "es", "el", "sl",
)  # fmt: skip
