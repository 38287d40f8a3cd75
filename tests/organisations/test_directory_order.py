"""The partner directory lists names in the reader's alphabet."""

from __future__ import annotations

import re

from consortium.db import db
from tests import factories


def test_the_directory_follows_the_readers_alphabet(client):
    for slug, name in (("zora", "Zora"), ("cazin", "Cazinski forum"), ("cacak", "Čačanski centar")):
        factories.OrganisationFactory(slug=slug, name=name, country="RS")
    db.session.commit()

    def order(lang: str) -> list[str]:
        body = client.get(f"/{lang}/organisations/").get_data(as_text=True)
        return re.findall(rf'<h2><a href="/{lang}/organisations/[a-z-]+">([^<]+)</a>', body)

    # Serbian puts Č after C; English's root order puts it beside C.
    assert order("sr-latn") == ["Cazinski forum", "Čačanski centar", "Zora"]
    assert order("en") == ["Čačanski centar", "Cazinski forum", "Zora"]
