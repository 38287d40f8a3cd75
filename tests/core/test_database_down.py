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
