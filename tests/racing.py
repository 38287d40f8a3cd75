"""Real races in tests: an app whose requests run side by side on one database, and a
barrier that holds concurrent calls at a chosen function until all of them have arrived.

Registered as a plugin by tests/conftest.py, so every test module has the `racing` fixture.
On SQLite the racing app uses a file database: the in-memory one is a single shared
connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from consortium import create_app
from consortium.db import db


@pytest.fixture
def racing(app, tmp_path):
    """An app whose requests can run side by side on one database."""
    from tests.conftest import IsolatedClient

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'race.sqlite3'}"
    other = create_app({"SQLALCHEMY_DATABASE_URI": url})
    other.test_client_class = IsolatedClient
    with other.app_context():
        db.create_all()
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def race(monkeypatch, at: tuple[Any, str], calls: list[Callable[[], Any]]) -> list:
    """Run the calls at once, each in a thread of its own; each waits at `at` (a module and
    the name of a function in it) until all have arrived. Their results, in the order they
    finished; an exception in a thread fails the test instead of being lost."""
    module, name = at
    barrier = threading.Barrier(len(calls), timeout=20)
    original = getattr(module, name)

    def together(*args, **kwargs):
        barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, together)
    results: list = []
    errors: list[BaseException] = []

    def run(call):
        try:
            results.append(call())
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.setattr(module, name, original)
    assert errors == []
    assert len(results) == len(calls)
    return results
