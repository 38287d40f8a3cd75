"""Organisations and thematic areas built the way `organisations.services` builds them."""

from __future__ import annotations

import factory

from consortium.i18n.languages import LANGUAGES
from consortium.organisations import services
from consortium.organisations.models import Organisation, ThematicArea
from tests.base_factory import Base


class OrganisationFactory(Base):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    country = "RS"
    original_language = "en"
    description = factory.LazyFunction(dict)
    name_translations = factory.LazyFunction(dict)

    @factory.post_generation
    def indexed(organisation, create, extracted, **kwargs):
        """The same search key and search index document the service writes, from the
        final names."""
        if create:
            services.index(organisation)
        else:
            organisation.search_key = services.search_key(organisation)


class AreaFactory(Base):
    class Meta:
        model = ThematicArea

    slug = factory.Sequence(lambda n: f"area-{n}")
    names = factory.LazyAttribute(lambda o: {code: f"{o.slug} ({code})" for code in LANGUAGES})
