"""Experts built the way `experts.services` builds them (with their search document)."""

from __future__ import annotations

from typing import Any

from consortium.core.actors import SYSTEM
from consortium.experts import services
from consortium.experts.schemas import ContactInput, ExpertProfile, SpokenLanguage


def make_expert(name: str = "Arben Krasniqi", **fields: Any):
    fields.setdefault("country", "XK")
    fields.setdefault("original_language", "sq")
    languages = tuple(SpokenLanguage(code, level) for code, level in fields.pop("speaks", ()))
    contacts = tuple(ContactInput(*c) for c in fields.pop("contacts", ()))
    profile = ExpertProfile(name=name, languages=languages, contacts=contacts, **fields)
    return services.create(profile, actor=SYSTEM)
