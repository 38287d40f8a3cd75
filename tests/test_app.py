"""Configuration, cookies, headers, CSRF and error pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from consortium import create_app
from consortium.auth.models import User
from consortium.config import ConfigError, ProductionConfig, TestingConfig
from consortium.core.errors import DomainError
from consortium.db import db
from consortium.organisations import membership
from tests import factories
from tests.conftest import PASSWORD, IsolatedClient
from tests.factories import UserFactory

# Random-looking and written nowhere in the code or its documents.
STRONG_SECRET = "f3a9c2e81b7d40c6a5e9b3d2c71f8a04e6b9d1c3a7f25e80"


def _settings(base, **overrides) -> dict:
    return {**{k: getattr(base, k) for k in dir(base) if k.isupper()}, **overrides}


@pytest.mark.parametrize(
    "secret",
    ["", "changeme", "short-but-not-random", "x" * 48, "abab" * 16],  # short, or few characters
)
def test_production_refuses_to_start_without_a_strong_secret(secret):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(_settings(ProductionConfig, SECRET_KEY=secret, ENV_NAME="production"))


def test_production_refuses_a_secret_copied_from_the_code(tmp_path):
    from consortium import config

    known = "0f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d4e5f6"  # written in this file only
    assert not config._published(known)  # tests/ is not scanned: the control
    assert config._published("testing-secret-key-not-for-production-use")  # config.py has it
    settings = _settings(
        ProductionConfig,
        SECRET_KEY="testing-secret-key-not-for-production-use",
        ENV_NAME="production",
    )
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(settings)


def _production(**overrides) -> dict:
    return _settings(
        ProductionConfig,
        SECRET_KEY=STRONG_SECRET,
        ENV_NAME="production",
        PUBLIC_URL="https://consortium.example",
        MAIL_SERVER="localhost",
        **overrides,
    )


def test_production_needs_shared_limit_storage():
    with pytest.raises(ConfigError, match="REDIS_URL"):
        create_app(_production(REDIS_URL=""))
    create_app(_production(REDIS_URL="", SINGLE_PROCESS_LIMITS=True))  # said knowingly


def test_the_development_mailbox_cannot_be_on_in_production():
    with pytest.raises(ConfigError, match="MAIL_DEV_MAILBOX"):
        create_app(_production(SINGLE_PROCESS_LIMITS=True, MAIL_DEV_MAILBOX=True))


def test_production_names_its_session_cookie_with_the_host_prefix():
    app = create_app(_production(SINGLE_PROCESS_LIMITS=True))
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["SESSION_COOKIE_PATH"] == "/"


@pytest.mark.parametrize("url", ["", "http://consortium.example", "https://127.0.0.1:5000"])
def test_production_refuses_to_start_without_its_public_address(url):
    with pytest.raises(ConfigError, match="PUBLIC_URL"):
        create_app(
            _settings(
                ProductionConfig,
                SECRET_KEY=STRONG_SECRET,
                SINGLE_PROCESS_LIMITS=True,
                ENV_NAME="production",
                PUBLIC_URL=url,
            )
        )


@pytest.fixture
def sibling(app, tmp_path):
    """Another app (other settings) on a database that holds one member; cleaned with `app`."""

    def make(base, **overrides):
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        if url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path / 'sibling.sqlite3'}"
        other = create_app(_settings(base, SQLALCHEMY_DATABASE_URI=url, **overrides))
        other.test_client_class = IsolatedClient
        with other.app_context():
            db.create_all()
            UserFactory(email="sibling@example.org")
            db.session.commit()
            db.session.remove()
        return other

    yield make


def test_production_cookies_are_secure_httponly_lax(sibling):
    app = sibling(
        ProductionConfig,
        ENV_NAME="production",
        SECRET_KEY=STRONG_SECRET,
        SINGLE_PROCESS_LIMITS=True,
        PUBLIC_URL="https://consortium.example",
        PASSWORD_HASH_FAST=True,
        WTF_CSRF_ENABLED=True,
        TESTING=False,
    )
    client = app.test_client()
    response = client.post(
        "/en/login",
        data={"email": "sibling@example.org", "password": PASSWORD, "csrf_token": _csrf(client)},
        base_url="https://consortium.example",
        # Flask-WTF checks the referrer on HTTPS (WTF_CSRF_SSL_STRICT), as browsers send it.
        headers={"Referer": "https://consortium.example/en/login"},
    )
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    cookie = next(h for h in cookies if h.startswith("__Host-session="))
    assert "Path=/" in cookie and "Domain" not in cookie  # what the prefix demands
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Strict-Transport-Security" in response.headers


def _csrf(client) -> str:
    page = client.get("/en/login", base_url="https://consortium.example")
    return BeautifulSoup(page.data, "html.parser").select_one('input[name="csrf_token"]')["value"]


def test_pages_carry_security_headers(client):
    response = client.get("/en/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


# Where a page names something the browser fetches by itself.
ASSET_ATTRIBUTES = (
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("embed", "src"),
    ("object", "data"),
)


def _assets(html: str | bytes) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        tag[attribute]
        for name, attribute in ASSET_ATTRIBUTES
        for tag in soup.find_all(name)
        if tag.has_attr(attribute)
    ]


def _foreign_assets(html: str | bytes) -> list[str]:
    """Assets not on this site: another scheme or host, or protocol-relative (`//host/…`)."""
    return [
        url for url in _assets(html) if not url.startswith("/") or url.startswith(("//", "/\\"))
    ]


@pytest.mark.parametrize(
    "html",
    [
        '<script src="//cdn.example/x.js"></script>',
        '<link rel="stylesheet" href="https://cdn.example/x.css">',
        '<img src="/\\cdn.example/x.png">',
        '<link rel="icon" href="data:image/png;base64,AAAA">',
    ],
)
def test_the_asset_check_refuses_other_hosts(html):
    assert _foreign_assets(html) == _assets(html) != []


def test_the_asset_check_accepts_paths_on_the_site():
    html = '<script src="/static/x.js"></script><link rel="stylesheet" href="/static/x.css">'
    assert _assets(html) == ["/static/x.css", "/static/x.js"]
    assert _foreign_assets(html) == []


@pytest.mark.parametrize("path", ["/en/", "/en/login", "/en/organisations/", "/sq/areas/"])
def test_every_asset_is_served_locally(client, org, path):
    response = client.get(path)
    assert response.status_code == 200
    assert _assets(response.data), "the page names its stylesheet and icon"
    assert _foreign_assets(response.data) == []


def test_a_post_without_csrf_token_is_refused_and_writes_nothing(sibling):
    app = sibling(TestingConfig, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/sq/login", data={"email": "sibling@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert 'lang="sq"' in response.get_data(as_text=True)
    with app.app_context():
        person = db.session.scalar(db.select(User).where(User.email == "sibling@example.org"))
        assert person.last_login_at is None
        db.session.remove()


def test_unexpected_errors_get_a_translated_500_page_and_roll_back(fresh_app):
    app = fresh_app  # a route of its own, on an app that has not served a request yet
    member = factories.UserFactory(name="Dara Member")
    written: list[str] = []

    def boom():  # the app's URL preprocessor takes `lang` out of the view's arguments
        db.session.get(User, member.id).name = "half-written"
        db.session.flush()
        written.append(db.session.get(User, member.id).name)
        raise RuntimeError("boom")

    app.add_url_rule("/<lang:lang>/boom", "boom", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    db.session.commit()
    client = app.test_client()
    english = client.get("/en/boom")
    croatian = client.get("/hr/boom")
    assert english.status_code == croatian.status_code == 500
    assert written == ["half-written"] * 2, "the view ran and wrote before it failed"
    assert (
        BeautifulSoup(english.data, "html.parser").h1.get_text()
        != BeautifulSoup(croatian.data, "html.parser").h1.get_text()
    )
    db.session.expire_all()
    assert db.session.get(User, member.id).name != "half-written"


def test_health_check(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/users/9999999999999999999999999",
        "/en/admin/mailbox/9999999999999999999999999",
        "/en/audit/?before=9999999999999999999999999",
    ],
)
def test_huge_ids_are_not_a_500(client_as, admin, path):
    assert client_as(admin).get(path).status_code in (200, 404)


def test_a_refused_change_is_never_committed_later(
    app, client_as, org, org_admin, staff, monkeypatch
):
    app.config["SESSION_TOUCH_INTERVAL"] = app.config["SESSION_IDLE_TIMEOUT"] * 0
    client = client_as(org_admin)

    def half_then_refuse(person, *, role, actor):
        person.org_role = "org_admin"
        db.session.flush()
        raise DomainError("refused")

    monkeypatch.setattr(membership, "change_role", half_then_refuse)
    response = client.post(
        f"/en/organisations/{org.slug}/people/{staff.id}/role", data={"role": "member"}
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, staff.id).org_role == "staff"


@pytest.mark.parametrize(("tls", "ssl"), [(False, False), (True, True)])
def test_production_mail_to_a_remote_server_must_be_encrypted(tls, ssl):
    with pytest.raises(ConfigError, match="MAIL_USE_TLS"):
        create_app(
            _settings(
                ProductionConfig,
                SECRET_KEY=STRONG_SECRET,
                SINGLE_PROCESS_LIMITS=True,
                ENV_NAME="production",
                PUBLIC_URL="https://consortium.example",
                MAIL_SERVER="smtp.consortium.example",
                MAIL_USE_TLS=tls,
                MAIL_USE_SSL=ssl,
            )
        )


def test_the_operators_commands_are_all_registered(app):
    """README names these commands; each domain registers its own in init_app."""
    assert {"users", "orgs", "outbox", "translate", "seed-demo"} <= set(app.cli.commands)


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(client, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/en/login", data={"email": big, "password": "x"})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True).lower()
    # The control: an ordinary sign-in attempt is read (and refused as a wrong password).
    assert client.post("/en/login", data={"email": "a@b.c", "password": "x"}).status_code == 200


def test_an_upload_route_accepts_a_larger_body(client_as, app, org, staff):
    from tests.experts.factories import make_expert

    expert = make_expert("Arben Krasniqi", organisation_id=org.id)
    body = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    from io import BytesIO

    response = client_as(staff).post(
        f"/en/experts/{expert.slug}/photo",
        data={"photo": (BytesIO(body), "big.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302  # read, and refused as "not an image" on the form
