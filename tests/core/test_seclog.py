"""Security events are structured log lines with the request's id, and carry no secret."""

from __future__ import annotations

import json
import logging

from tests.conftest import PASSWORD


def _events(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "consortium.security"]


def test_a_failed_sign_in_is_a_security_event_with_the_request_id(client, member, caplog):
    caplog.set_level(logging.INFO, logger="consortium.security")
    response = client.post(
        "/en/login",
        data={"email": member.email, "password": "wrong-Secret-42"},
        headers={"X-Request-ID": "req-12345678"},
    )
    assert response.headers["X-Request-ID"] == "req-12345678"
    failed = [e for e in _events(caplog) if e["event"] == "auth.login_failed"]
    assert failed and failed[0]["request_id"] == "req-12345678"
    assert failed[0]["ip"] == "127.0.0.1" and failed[0]["path"] == "/en/login"
    assert "wrong-Secret-42" not in caplog.text and PASSWORD not in caplog.text


def test_an_insane_request_id_is_replaced(client, caplog):
    response = client.get("/en/", headers={"X-Request-ID": "<script>"})
    assert response.headers["X-Request-ID"] != "<script>"
    assert len(response.headers["X-Request-ID"]) == 16


def test_refusals_and_csrf_failures_are_logged(client_as, member, app, caplog):
    caplog.set_level(logging.INFO, logger="consortium.security")
    client = client_as(member)
    assert client.get("/en/admin/users").status_code in (403, 404)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client.post("/en/account", data={"name": "X", "language": "en"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    names = {e["event"] for e in _events(caplog)}
    assert "csrf.failed" in names
