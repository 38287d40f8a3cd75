"""With the rate limits' Redis down or hanging, no request waits on it for more than a
moment: the limits fall back to the process's memory (and still refuse the excess), and
the switch is logged as a security event.

"Hanging" is a local TCP server that accepts connections and never answers; "down" is a
port nobody listens on. The app is the testing profile with the rate-limit settings every
real deployment has (BaseConfig's RATELIMIT_*), pointed at that Redis.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import MovingWindowRateLimiter

from consortium import create_app
from consortium.config import ProductionConfig, TestingConfig
from consortium.core.limits import limiter
from consortium.db import db
from tests import factories
from tests.conftest import PASSWORD

# A fault bound, not a speed benchmark: the storage gets 0.2 s to connect and 0.2 s to
# answer, so a request that waited on Redis for long (redis-py's backed-off retries, or no
# timeout at all) fails this by far.
BOUND_SECONDS = 3.0
EMAIL = "ana@example.org"


@contextmanager
def hanging_redis() -> Iterator[tuple[str, list[socket.socket]]]:
    """A server that accepts connections and never answers; yields its URL and the
    connections it accepted (so a test can show the app did reach it)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.05)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(connection)  # read nothing, answer nothing

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", accepted
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()
        server.close()


def closed_port() -> int:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def _app(redis_url: str, tmp_path) -> Flask:
    settings = {k: getattr(TestingConfig, k) for k in dir(TestingConfig) if k.isupper()}
    deployed = {k: getattr(ProductionConfig, k) for k in dir(ProductionConfig) if k.isupper()}
    settings.update({k: v for k, v in deployed.items() if k.startswith("RATELIMIT_")})
    settings.update(
        RATELIMIT_STORAGE_URI=redis_url,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'faults.sqlite3'}",
        # The tight sign-in limit, small: the fallback must still refuse the fourth guess.
        LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS="3 per 10 minutes",
    )
    app = create_app(settings)
    with app.app_context():
        db.create_all()
        factories.UserFactory(email=EMAIL)
        db.session.commit()
        db.session.remove()
    return app


@pytest.fixture
def security_events(caplog):
    """The security events logged so far with this name, parsed."""
    caplog.set_level(logging.INFO, logger="consortium.security")

    def named(name: str) -> list[dict]:
        lines = [r.getMessage() for r in caplog.records if r.name == "consortium.security"]
        return [event for event in map(json.loads, lines) if event["event"] == name]

    return named


def _timed(send) -> tuple[object, float]:
    started = time.monotonic()
    response = send()
    return response, time.monotonic() - started


def _guess(client):
    return client.post("/en/login", data={"email": EMAIL, "password": "not-the-password-at-all"})


def _check_sign_in_survives(app: Flask, security_events) -> None:
    """The page, the owner's sign-in, then four wrong guesses: each answered within the
    bound; three guesses are told the password is wrong, the fourth is refused by the
    limit, now counted in memory."""
    with app.app_context():
        assert isinstance(limiter().storage, RedisStorage), "the limits really use Redis"
    client = app.test_client()
    page, seconds = _timed(lambda: client.get("/en/login"))
    assert page.status_code == 200 and 'name="password"' in page.get_data(as_text=True)
    assert seconds < BOUND_SECONDS, f"the sign-in page took {seconds:.2f} s"
    owner = app.test_client()
    signed_in, seconds = _timed(
        lambda: owner.post("/en/login", data={"email": EMAIL, "password": PASSWORD})
    )
    assert signed_in.status_code == 302 and seconds < BOUND_SECONDS
    assert owner.get("/en/account").status_code == 200, "the owner is signed in"
    for attempt in range(1, 5):
        response, seconds = _timed(lambda: _guess(client))
        assert seconds < BOUND_SECONDS, f"attempt {attempt} took {seconds:.2f} s"
        if attempt <= 3:
            assert response.status_code == 200, attempt
            assert "not correct" in response.get_data(as_text=True)
        else:
            assert response.status_code == 429, "the limit holds in the fallback"
    api, seconds = _timed(lambda: client.get("/api/v1/organisations/"))
    assert api.status_code == 200 and seconds < BOUND_SECONDS
    unreachable = security_events("rate_limit.storage_unreachable")
    assert len(unreachable) == 1, "reported once, when the fallback starts"
    assert unreachable[0]["fallback"] == "memory"


def test_with_redis_hanging_sign_in_answers_at_once_and_limits_still_hold(
    tmp_path, security_events
):
    with hanging_redis() as (url, accepted):
        app = _app(url, tmp_path)
        _check_sign_in_survives(app, security_events)
        assert accepted, "the app did connect to the hanging server"


def test_with_redis_down_sign_in_answers_at_once_and_limits_still_hold(tmp_path, security_events):
    app = _app(f"redis://127.0.0.1:{closed_port()}/0", tmp_path)
    _check_sign_in_survives(app, security_events)


def test_the_shipped_settings_time_out_fast_and_fall_back(security_events):
    """What every deployment gets, whatever REDIS_URL says."""
    options = ProductionConfig.RATELIMIT_STORAGE_OPTIONS
    assert options["socket_timeout"] <= 0.5 and options["socket_connect_timeout"] <= 0.5
    assert ProductionConfig.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED is True
    assert ProductionConfig.RATELIMIT_SWALLOW_ERRORS is True


def test_a_working_memory_storage_reports_nothing(tmp_path, security_events):
    """The positive control: no fault, no fallback, no event."""
    app = _app("memory://", tmp_path)
    client = app.test_client()
    for _ in range(3):
        assert _guess(client).status_code == 200
    assert _guess(client).status_code == 429
    assert security_events("rate_limit.storage_unreachable") == []


def test_redis_recovering_is_reported_too(tmp_path, security_events, monkeypatch):
    """Once Flask-Limiter's periodic ping answers again, the limits go back to Redis: that
    is logged too. (Redis "coming back" is simulated: its ping answers, and the counting
    goes to a working storage.)"""
    app = _app(f"redis://127.0.0.1:{closed_port()}/0", tmp_path)
    client = app.test_client()
    assert _guess(client).status_code == 200
    with app.app_context():
        instance = limiter()
    assert instance._storage_dead is True
    assert security_events("rate_limit.storage_recovered") == []
    monkeypatch.setattr(instance.storage, "check", lambda: True)
    monkeypatch.setattr(instance, "_limiter", MovingWindowRateLimiter(MemoryStorage()))
    monkeypatch.setattr(instance, "_Limiter__last_check_backend", 0.0)  # time to ping again
    assert _guess(client).status_code == 200
    assert instance._storage_dead is False
    assert len(security_events("rate_limit.storage_recovered")) == 1
    assert len(security_events("rate_limit.storage_unreachable")) == 1
