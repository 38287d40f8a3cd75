"""On a phone the audit log, the development mailbox and the admin people list are cards.

The `.stack` tables of `site.css` become one card per row below 40rem, each value under
its column's name (`data-label`); a table that only scrolls sideways hides columns.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from consortium.audit.services import record
from consortium.mail import services as mail
from consortium.organisations.actions import PersonAction
from tests.audit.test_audit import page


def labelled_cells(soup: BeautifulSoup, selector: str) -> list[list[tuple[str, str]]]:
    """Each body row's (data-label, text) pairs; every non-empty cell must carry a label."""
    table = soup.select_one(selector)
    assert "stack" in table["class"], f"{selector} is not a stack table"
    headings = [th.get_text(strip=True) for th in table.select("thead th")]
    found = []
    for tr in table.select("tbody tr"):
        cells = tr.find_all("td")
        assert len(cells) == len(headings)
        for td, heading in zip(cells, headings, strict=True):
            value = td.get_text(" ", strip=True)
            assert td.get("data-label") in ((heading,) if value else (heading, None)), td
        found.append([(td.get("data-label"), td.get_text(" ", strip=True)) for td in cells])
    return found


def test_audit_entries_are_cards_on_a_phone(db, client_as, coordinator, org, org_admin, member):
    record(PersonAction.ROLE_CHANGED, actor=org_admin, obj=member, before="member", after="staff")
    db.session.commit()

    cards = labelled_cells(page(client_as(coordinator).get("/en/audit/")), "table.audit")

    assert ("Object", "Dara Member") in cards[-1]
    assert ("Organisation", "Qendra Kosovare") in cards[-1]
    assert ("Details", "Role: Member → Staff") in cards[-1]


@pytest.mark.parametrize("lang", ["sq", "sr-cyrl"])
def test_card_labels_are_in_the_readers_language(db, client_as, coordinator, lang):
    soup = page(client_as(coordinator, lang=lang).get(f"/{lang}/audit/"))
    labels = {td["data-label"] for td in soup.select("table.audit tbody td[data-label]")}
    headings = {th.get_text(strip=True) for th in soup.select("table.audit thead th")}
    assert labels and labels <= headings
    assert "When" not in labels


def test_mails_are_cards_on_a_phone(db, client_as, admin):
    mail.queue(
        "password_reset",
        to="dara@example.org",
        language="sr-cyrl",
        subject="Нова лозинка",
        template="auth/mail/password_reset.txt",
        user=admin,
        link="http://localhost/sr-cyrl/reset-password/token",
    )
    db.session.commit()

    soup = page(client_as(admin).get("/en/admin/mailbox"))
    [card] = labelled_cells(soup, "table.mailbox")

    assert [label for label, _ in card] == ["When", "To", "Subject", "Status"]
    assert ("Subject", "Нова лозинка") in card
    assert soup.select_one("table.mailbox tbody a")["lang"] == "sr-Cyrl"


def test_the_admin_people_list_is_cards_on_a_phone(client_as, admin, member, coordinator):
    soup = page(client_as(admin).get("/en/admin/users"))
    cards = {card[0][1]: dict(card) for card in labelled_cells(soup, "main table")}

    assert cards["Dara Member"] == {
        "Name": "Dara Member",
        "E-mail address": "dara@example.org",
        "Organisation": "Qendra Kosovare",
        "Role": "Member",
    }
    assert cards["Amina Coordinator"]["Role"] == "Coordinator"
    assert None in cards["Amina Coordinator"], "no organisation: an empty cell has no label"
