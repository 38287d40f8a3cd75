"""With the database unreachable, pages answer 503 in the reader's language, and the site
recovers by itself when the database is back."""

from __future__ import annotations

from consortium import create_app
from consortium.config import TestingConfig


def _settings(**overrides) -> dict:
    base = {k: getattr(TestingConfig, k) for k in dir(TestingConfig) if k.isupper()}
    return {**base, **overrides}


def test_pages_and_the_api_answer_503_while_the_database_is_down(tmp_path):
    missing = tmp_path / "no-such-dir" / "db.sqlite3"  # SQLite cannot open it: "down"
    app = create_app(_settings(SQLALCHEMY_DATABASE_URI=f"sqlite:///{missing}"))
    client = app.test_client()
    page = client.get("/sq/organisations/")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "30"
    assert '<html lang="sq">' in page.get_data(as_text=True)
    api = client.get("/api/v1/organisations/", headers={"Accept-Language": "mk"})
    assert api.status_code == 503 and api.mimetype == "application/problem+json"
    # The database comes back: the next request is served, nothing restarted.
    missing.parent.mkdir()
    with app.app_context():
        from consortium.db import db

        db.create_all()
    assert client.get("/sq/organisations/").status_code == 200


def test_an_address_naming_an_object_answers_503_too(tmp_path):
    """The URL converters load the organisation, statement or expert before any view runs:
    their database errors reach Flask's last resort, which must still answer 503 (as in
    production: the test settings would otherwise hand the error to the test)."""
    missing = tmp_path / "no-such-dir" / "db.sqlite3"
    app = create_app(
        _settings(SQLALCHEMY_DATABASE_URI=f"sqlite:///{missing}", PROPAGATE_EXCEPTIONS=False)
    )
    client = app.test_client()
    for path in ("/sr-cyrl/organisations/centar", "/mk/experts/ana", "/hr/statements/stav"):
        page = client.get(path)
        assert page.status_code == 503, path
        assert page.headers["Retry-After"] == "30"
        assert f'<html lang="{path.split("/")[1]}"' in page.get_data(as_text=True).lower()
    # The positive control: with the database back, the same address is an ordinary 404.
    missing.parent.mkdir()
    with app.app_context():
        from consortium.db import db

        db.create_all()
    assert client.get("/sr-cyrl/organisations/centar").status_code == 404


def test_a_commit_cut_off_by_the_database_answers_503(app, client, monkeypatch):
    from types import SimpleNamespace

    from sqlalchemy.exc import OperationalError

    from consortium.core import transaction

    def cut_off():
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as in production
    assert client.get("/en/organisations/").status_code == 200
    # The request's own commit, after the view, meets a database that went away.
    monkeypatch.setattr(transaction, "db", SimpleNamespace(session=SimpleNamespace(commit=cut_off)))
    page = client.get("/en/organisations/")
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    monkeypatch.undo()
    assert client.get("/en/organisations/").status_code == 200
