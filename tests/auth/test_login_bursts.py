"""Sign-in limits hold under parallel bursts, and one limit is one bucket whatever the body.

Bursts run as real concurrent requests: each in a thread of its own, with its own test
client, app context and database connection (a file database on SQLite). Every password
check the limiter lets through waits at a gate until each request of the burst is either
waiting there or answered, so no guess is counted as a failure before the others have passed
the limiter: a limit checked before the password and counted after it lets the whole burst
through, one counted first lets through only its own worth.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time

import pytest

from consortium import create_app
from consortium.audit.models import AuditEvent
from consortium.auth import passwords
from consortium.auth.actions import AuthAction
from consortium.auth.models import AuthSession
from consortium.db import db
from tests.conftest import PASSWORD, IsolatedClient
from tests.factories import UserFactory

WRONG = "pogresna-lozinka-99"
BURST = 12
LIMIT = 4


class Gate:
    """Counts password checks and holds each one until `open()`."""

    def __init__(self) -> None:
        self.checks = 0
        self._lock = threading.Lock()
        self._open = threading.Event()

    def wrap(self, verify):
        def held(*args, **kwargs):
            with self._lock:
                self.checks += 1
            self._open.wait(timeout=20)
            return verify(*args, **kwargs)

        return held

    def open(self) -> None:
        self._open.set()


def _burst(app, monkeypatch, posts) -> tuple[list[int], int]:
    """Send every post at once; answer with their statuses and how many passwords were checked."""
    gate = Gate()
    monkeypatch.setattr(passwords, "verify_password", gate.wrap(passwords.verify_password))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def run(post):
        try:
            statuses.append(post(app.test_client()))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(post,)) for post in posts]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while gate.checks + len(statuses) + len(errors) < len(posts) and time.monotonic() < deadline:
        time.sleep(0.01)
    gate.open()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return sorted(statuses), gate.checks


def _guess(email: str, address: str = "127.0.0.1", password: str = WRONG):
    def post(client):
        return client.post(
            "/en/login",
            data={"email": email, "password": password},
            environ_base={"REMOTE_ADDR": address},
        ).status_code

    return post


@pytest.fixture
def racing(app, tmp_path):
    """An app whose requests can run side by side on one database, with tight limits."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'bursts.sqlite3'}"
    other = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "LOGIN_LIMIT_PER_ADDRESS": f"{LIMIT} per 10 minutes",
            "LOGIN_LIMIT_PER_ACCOUNT": f"{LIMIT} per hour",
        }
    )
    other.test_client_class = IsolatedClient
    with other.app_context():
        db.create_all()
        UserFactory(email="owner@example.org")
        db.session.commit()
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _failures_recorded(app) -> int:
    with app.app_context():
        count = db.session.scalar(
            db.select(db.func.count(AuditEvent.id)).where(
                AuditEvent.action == AuthAction.LOGIN_FAILED.value
            )
        )
        db.session.remove()
        return count


def test_a_burst_of_guesses_from_one_address_gets_only_the_address_limits_worth(
    racing, monkeypatch
):
    # Each guess is on another account, so only the per-address limit stands in the way.
    posts = [_guess(f"person{n}@example.org") for n in range(BURST)]
    statuses, checks = _burst(racing, monkeypatch, posts)
    assert checks == LIMIT
    assert statuses == [200] * LIMIT + [429] * (BURST - LIMIT)
    assert _failures_recorded(racing) == LIMIT


def test_a_burst_of_guesses_on_one_account_from_many_addresses_gets_only_its_limits_worth(
    racing, monkeypatch
):
    posts = [_guess("owner@example.org", address=f"198.51.100.{n}") for n in range(BURST)]
    statuses, checks = _burst(racing, monkeypatch, posts)
    assert checks == LIMIT
    assert statuses == [200] * LIMIT + [429] * (BURST - LIMIT)


def test_a_burst_under_the_limit_is_checked_in_full(racing, monkeypatch):
    """The positive control: the gate holds what the limiter lets through, nothing more."""
    posts = [_guess(f"person{n}@example.org") for n in range(LIMIT)]
    statuses, checks = _burst(racing, monkeypatch, posts)
    assert (statuses, checks) == ([200] * LIMIT, LIMIT)


# --- Right passwords give their attempt back, on either storage --------------------------------


@pytest.fixture(params=["memory", "redis"])
def storage_uri(request, tmp_path):
    if request.param == "memory":
        yield "memory://"
        return
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    socket = tmp_path / "redis.sock"
    process = subprocess.Popen(
        [server, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert socket.exists(), "redis-server did not start"
        yield f"redis+unix://{socket}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_right_passwords_from_one_address_give_their_attempts_back(app, storage_uri):
    crowd = create_app(
        {
            "RATELIMIT_STORAGE_URI": storage_uri,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "LOGIN_LIMIT_PER_ADDRESS": "2 per 10 minutes",
        }
    )
    crowd.test_client_class = IsolatedClient
    with crowd.app_context():
        db.create_all()
        people = [UserFactory(email=f"guest{n}@example.org").email for n in range(4)]
        db.session.commit()
        statuses = [_guess(email, password=PASSWORD)(crowd.test_client()) for email in people]
        assert statuses == [302] * 4, "four people signing in on one network"
        stranger = crowd.test_client()
        assert [_guess(f"x{n}@example.org")(stranger) for n in range(3)] == [200, 200, 429]
        assert db.session.scalar(db.select(db.func.count(AuthSession.id))) == 4
        db.session.remove()


# --- One bucket whatever the body ----------------------------------------------------------------


@pytest.fixture
def checks(monkeypatch):
    """How many passwords were verified."""
    counted: list[int] = []
    original = passwords.verify_password

    def counting(*args, **kwargs):
        counted.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(passwords, "verify_password", counting)
    return counted


def _sessions(user) -> int:
    return db.session.scalar(
        db.select(db.func.count(AuthSession.id)).where(AuthSession.user_id == user.id)
    )


def test_a_json_body_is_refused_before_any_password_is_checked(client, member, checks):
    response = client.post("/en/login", json={"email": member.email, "password": PASSWORD})
    assert response.status_code == 415
    assert checks == [] and _sessions(member) == 0
    # The positive control: the same sign-in as a form.
    form = client.post("/en/login", data={"email": member.email, "password": PASSWORD})
    assert form.status_code == 302
    assert checks == [1] and _sessions(member) == 1


def test_credentials_in_the_query_string_are_refused_before_any_password_is_checked(
    client, member, checks
):
    query = {"email": member.email, "password": PASSWORD}
    assert client.post("/en/login", query_string=query).status_code == 400
    only_address = client.post("/en/login", query_string={"email": member.email}, data={})
    assert only_address.status_code == 400
    assert checks == [] and _sessions(member) == 0
    # `next` in the query string is how pages send people here: it still works.
    allowed = client.post("/en/login?next=/en/account", data=query)
    assert allowed.headers["Location"] == "/en/account"
    assert checks == [1] and _sessions(member) == 1


def test_form_encodings_and_spellings_of_the_address_share_one_bucket(app, client, member):
    app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS"] = "3 per 10 minutes"
    urlencoded = {"email": member.email, "password": WRONG}
    assert client.post("/en/login", data=urlencoded).status_code == 200
    multipart = client.post(
        "/en/login",
        data={"email": member.email.upper(), "password": WRONG},
        content_type="multipart/form-data",
    )
    assert multipart.status_code == 200
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isalpha() else c for c in member.email)
    assert _guess(f" {full_width} ")(client) == 200
    assert _guess(member.email, password=PASSWORD)(client) == 429
    assert _sessions(member) == 0
    # The positive control: another account from this address has its own bucket.
    assert _guess("else@example.org")(client) == 200
