"""Bench mode (`CONSORTIUM_BENCH=1`): reference pages and a query count, never otherwise."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from consortium.core import bench
from consortium.db import db as _db
from tests.conftest import _build, _create_schema


@pytest.fixture
def bench_app(app, monkeypatch):
    """A new app on the same database, created while CONSORTIUM_BENCH=1 is set."""
    monkeypatch.setenv(bench.ENV, "1")
    other = _build()
    monkeypatch.delenv(bench.ENV)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _create_schema(other)  # an in-memory database belongs to its engine
    with other.app_context():
        yield other
        _db.session.rollback()
        _db.session.remove()
        _db.engine.dispose()


def test_the_test_app_has_no_bench_pages(app, client):
    assert not any(rule.endpoint.startswith("bench.") for rule in app.url_map.iter_rules())
    response = client.get("/bench/hello")
    assert response.status_code == 404
    assert bench.HEADER not in response.headers
    assert bench.HEADER not in client.get("/healthz").headers


def test_bench_mode_serves_hello_without_a_query(bench_app):
    response = bench_app.test_client().get("/bench/hello")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "Hello, World!"
    assert response.headers[bench.HEADER] == "0"


def test_fortunes_is_one_query_and_escapes(bench_app):
    _db.session.execute(
        text("INSERT INTO thematic_areas (slug, names, position, created_at) VALUES "
             "('<b>pcve</b>', '{}', 0, CURRENT_TIMESTAMP)")
    )  # fmt: skip
    _db.session.commit()
    response = bench_app.test_client().get("/bench/fortunes")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "&lt;b&gt;pcve&lt;/b&gt;" in body
    assert "Additional fortune added at request time." in body
    assert response.headers[bench.HEADER] == "1"


def test_every_page_carries_its_query_count(bench_app):
    response = bench_app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.headers[bench.HEADER] == "1"
    missing = bench_app.test_client().get("/en/experts/nobody-here")
    assert missing.status_code == 404
    assert int(missing.headers[bench.HEADER]) >= 1


def test_the_bench_pages_are_declared_public(bench_app):
    for endpoint in ("bench.hello", "bench.fortunes"):
        assert bench_app.view_functions[endpoint].guarded_by == "public"


def test_bench_mode_raises_only_the_api_limits(bench_app, app):
    assert bench_app.config["API_LIMIT_PER_ADDRESS"] == bench.BENCH_API_LIMIT
    assert app.config["API_LIMIT_PER_ADDRESS"] != bench.BENCH_API_LIMIT
