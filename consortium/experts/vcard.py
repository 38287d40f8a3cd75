"""A vCard (RFC 6350, written by vobject) of what the reader may see of an expert."""

from __future__ import annotations

from typing import Any

from consortium.core.urls import external_url
from consortium.experts.display import expert_name
from consortium.experts.vocab import ContactKind
from consortium.organisations.display import org_name


def render(expert: Any, contacts: list[Any]) -> str:
    """`contacts` are the details the reader may see (`services.visible_contacts`) only."""
    import vobject  # here: loaded by the workers that write a vCard, not by all

    card = vobject.vCard()
    name = expert_name(expert)
    card.add("fn").value = name
    parts = name.rsplit(" ", 1)
    card.add("n").value = vobject.vcard.Name(
        family=parts[-1], given=parts[0] if len(parts) > 1 else ""
    )
    if expert.title:
        card.add("title").value = expert.title
    affiliation = org_name(expert.organisation) if expert.organisation else expert.affiliation
    if affiliation:
        card.add("org").value = [affiliation]
    for detail in contacts:
        if detail.kind == ContactKind.EMAIL:
            card.add("email").value = detail.value
        elif detail.kind == ContactKind.PHONE:
            card.add("tel").value = detail.value
        else:
            card.add("url").value = detail.value
    card.add("source").value = external_url("experts.vcard_download", expert=expert)
    return card.serialize()
