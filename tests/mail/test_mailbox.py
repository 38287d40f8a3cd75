"""The development mailbox: only the platform admin reads what the outbox holds."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from consortium.mail import services

OTHER_ROLES = ["member", "staff", "org_admin", "other_org_admin", "coordinator"]


def page(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def mails(db):
    """Two mails in the outbox; the newer one has markup-like text in its body."""
    older = services.queue(
        "password_reset",
        to="chen@example.org",
        language="en",
        subject="Set a new password for Consortium",
        template="auth/mail/password_reset.txt",
        user=SimpleNamespace(name="Chen"),
        link="http://localhost/en/reset-password/first-token",
    )
    newer = services.queue(
        "password_reset",
        to="dara@example.org",
        language="sq",
        subject="Caktoni një fjalëkalim të ri",
        template="auth/mail/password_reset.txt",
        user=SimpleNamespace(name="Dara <b>Member</b> & co"),
        link="http://localhost/sq/reset-password/second-token",
    )
    db.session.commit()
    return older, newer


def test_the_admin_sees_the_newest_mails_first(client_as, admin, mails):
    older, newer = mails
    soup = page(client_as(admin).get("/en/admin/mailbox"))

    rows = soup.select("table.mailbox tbody tr")
    cells = [[td.get_text(strip=True) for td in row.find_all("td")] for row in rows]
    assert [c[1:3] for c in cells] == [
        ["dara@example.org", "Caktoni një fjalëkalim të ri"],
        ["chen@example.org", "Set a new password for Consortium"],
    ]
    assert [c[3] for c in cells] == ["Waiting to be sent", "Waiting to be sent"]
    links = [row.find("a")["href"] for row in rows]
    assert links == [f"/en/admin/mailbox/{newer.id}", f"/en/admin/mailbox/{older.id}"]


def test_the_admin_reads_the_whole_mail_as_plain_text(client_as, admin, mails):
    _, newer = mails
    soup = page(client_as(admin).get(f"/en/admin/mailbox/{newer.id}"))

    assert soup.find("h1").get_text(strip=True) == "Caktoni një fjalëkalim të ri"
    assert "dara@example.org" in soup.select_one("dl.facts").get_text()
    body = soup.select_one("pre.mail-body")
    assert body.get_text() == newer.body_text
    assert "Dara <b>Member</b> & co" in body.get_text()
    assert body.find("b") is None, "the body is shown as text, never as markup"
    assert body["lang"] == "sq"


def test_a_sent_mail_shows_as_sent(db, client_as, admin, mails):
    older, _ = mails
    services.send_due(send=lambda message: None)
    soup = page(client_as(admin).get(f"/en/admin/mailbox/{older.id}"))
    status = soup.select("dl.facts dd")[-1].get_text(strip=True)
    assert status == "Sent"


def test_an_unknown_mail_is_not_found(client_as, admin, mails):
    assert client_as(admin).get("/en/admin/mailbox/999999").status_code == 404


def test_the_mailbox_is_empty_at_first(client_as, admin):
    soup = page(client_as(admin).get("/en/admin/mailbox"))
    [row] = soup.select("table.mailbox tbody tr")
    assert row.find("a") is None
    assert row.get_text(strip=True) == "No e-mails yet."


@pytest.mark.parametrize("persona", OTHER_ROLES)
@pytest.mark.parametrize("path", ["/en/admin/mailbox", "/en/admin/mailbox/{id}"])
def test_nobody_else_learns_the_mailbox_exists(request, client_as, mails, persona, path):
    user = request.getfixturevalue(persona)
    response = client_as(user).get(path.format(id=mails[0].id))
    assert response.status_code == 404
    assert "reset-password" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/en/admin/mailbox", "/en/admin/mailbox/{id}"])
def test_a_visitor_is_sent_to_sign_in(client_as, mails, path):
    path = path.format(id=mails[0].id)
    response = client_as(None).get(path)

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/en/login"
    assert parse_qs(location.query)["next"] == [path]


@pytest.mark.parametrize("path", ["/en/admin/mailbox", "/en/admin/mailbox/{id}"])
def test_without_the_dev_mailbox_even_the_admin_gets_404(app, client_as, admin, mails, path):
    app.config["MAIL_DEV_MAILBOX"] = False
    response = client_as(admin).get(path.format(id=mails[0].id))
    assert response.status_code == 404
    assert "reset-password" not in response.get_data(as_text=True)
