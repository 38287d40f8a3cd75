"""The statements widget: what a visitor may read, framable by any site, without cookies."""

from __future__ import annotations

from consortium.db import db
from consortium.statements.models import Signature
from tests.statements import calls


def _published(staff, org_admin, coordinator, title="Stav o reformi policije"):
    statement = calls.draft(staff, title=title)
    calls.sign(statement, org_admin)
    calls.workflow.submit(statement, actor=staff)
    calls.decide(statement, coordinator)
    calls.publish(statement, coordinator)
    db.session.commit()
    return statement


def test_the_widget_lists_published_statements_only(client, staff, org_admin, coordinator):
    _published(staff, org_admin, coordinator)
    calls.draft(staff, title="Nacrt koji niko ne vidi")
    db.session.commit()
    response = client.get("/sr-latn/widgets/statements")
    body = response.get_data(as_text=True)
    assert "Stav o reformi policije" in body
    assert "Nacrt koji niko ne vidi" not in body
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers


def test_other_pages_still_refuse_to_be_framed(client):
    response = client.get("/en/widgets/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_a_signed_in_coordinator_sees_the_widget_as_a_visitor_does(
    client_as, staff, org_admin, coordinator
):
    statement = _published(staff, org_admin, coordinator)
    db.session.execute(
        db.update(Signature)
        .where(Signature.statement_id == statement.id)
        .values(appearance="consortium_only")
    )
    db.session.commit()
    response = client_as(coordinator).get("/en/widgets/statements")
    body = response.get_data(as_text=True)
    assert "Stav o reformi policije" in body
    assert "Qendra Kosovare" not in body  # the author chose to show itself to the consortium only
    assert "A partner organisation of the consortium" in body
    assert "Set-Cookie" not in response.headers


def test_the_preview_page_builds_the_snippet(client, staff, org_admin, coordinator):
    _published(staff, org_admin, coordinator)
    body = client.get("/mk/widgets/?limit=3").get_data(as_text=True)
    assert "&lt;iframe src=&#34;http://localhost/mk/widgets/statements?limit=3&#34;" in body or (
        "/mk/widgets/statements?limit=3" in body
    )
