"""Settings from the environment, with safe defaults.

`CONSORTIUM_ENV` picks the profile: `development` (the default, what `make run` uses),
`production` or `testing`. Production refuses to start without a strong `SECRET_KEY`.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTANCE = ROOT / "instance"

WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "development"}


def serving() -> bool:
    """`CONSORTIUM_SERVING`, set by the gunicorn configurations (`raw_env`): the served app
    loads no migration machinery (Alembic and Flask-Migrate, 11 MiB in every worker), which
    only `flask db` and the tests use. Read when an app is made, not with the settings
    below: gunicorn imports this package (its hooks) before it sets the variable."""
    return _bool("CONSORTIUM_SERVING", False)


class ConfigError(RuntimeError):
    """The configuration cannot run safely."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class BaseConfig:
    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    # Earlier keys (space-separated), still accepted after SECRET_KEY was replaced: signed
    # cookies, and second-factor secrets until their next use re-seals them (auth/totp_secrets.py).
    SECRET_KEY_FALLBACKS = os.environ.get("SECRET_KEY_FALLBACKS", "").split()
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE / 'consortium.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # How many proxies in front of the app set X-Forwarded-For; 0 trusts none.
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", "0"))

    # Babel: the catalog folders live outside the package (see STYLE.md pitfalls).
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/Belgrade"

    # Sessions: a server-side row decides; the cookie only carries its id.
    SESSION_COOKIE_NAME = "consortium_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    REMEMBER_IDLE_TIMEOUT = timedelta(days=7)
    REMEMBER_ABSOLUTE_LIFETIME = timedelta(days=30)
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    SESSION_TOUCH_INTERVAL = timedelta(minutes=1)
    # Sensitive changes (password, second factor, access tokens, role grants) ask for the
    # password again when the sign-in (or the last confirmation) is older than this.
    REAUTH_AFTER = timedelta(minutes=15)
    # Between the password and the second factor's code at sign-in.
    SECOND_FACTOR_STEP_LIFETIME = timedelta(minutes=5)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the server-side session

    INVITATION_LIFETIME = timedelta(days=7)
    # The audit log keeps who did what for good, but where from (the IP address) only so long.
    AUDIT_IP_RETENTION_DAYS = int(os.environ.get("AUDIT_IP_RETENTION_DAYS", "90"))
    # A sent (or abandoned) e-mail holds its recipient's address and often their name: it is
    # kept only long enough to answer "did my mail go out?".
    MAIL_RETENTION_DAYS = int(os.environ.get("MAIL_RETENTION_DAYS", "30"))
    # What one organisation's admins can make the platform send (coordinators not counted).
    INVITATIONS_PER_ORGANISATION_PER_HOUR = 20
    INVITATIONS_PER_ORGANISATION_PER_DAY = 60
    # Joint statements: coordinator approvals needed per review round, and the quorum of
    # organisations (from how many countries) whose signatures on the current text count.
    STATEMENT_APPROVALS_REQUIRED = int(os.environ.get("STATEMENT_APPROVALS_REQUIRED", "1"))
    STATEMENT_QUORUM_ORGANISATIONS = int(os.environ.get("STATEMENT_QUORUM_ORGANISATIONS", "1"))
    STATEMENT_QUORUM_COUNTRIES = int(os.environ.get("STATEMENT_QUORUM_COUNTRIES", "1"))
    PASSWORD_RESET_LIFETIME = timedelta(hours=1)
    PASSWORD_HASH_FAST = False

    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    # Redis down or hanging must not hold a request: it gets 0.2 s to connect and 0.2 s to
    # answer, once (core/limits.py turns redis-py's retries off). Then the limits fail open
    # to each process's memory (still limits, per process), logged as a security event,
    # until Redis answers Flask-Limiter's periodic ping again. An error that fallback cannot
    # catch (Redis dying between a request's check and its count) is logged, not a 500.
    RATELIMIT_STORAGE_OPTIONS = {"socket_timeout": 0.2, "socket_connect_timeout": 0.2}
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # A moving window: no burst allowed at a fixed window's edge (and no flaky edges in tests).
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    LOGIN_LIMIT_PER_ADDRESS = "30 per 10 minutes"  # failed attempts
    LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS = "6 per 10 minutes"
    LOGIN_LIMIT_PER_ACCOUNT = "60 per hour"  # failed attempts, from any address
    # A browser that signed in to an account before holds a device cookie (auth/devices.py):
    # its attempts on that account count here, per cookie, instead of in the limits above.
    LOGIN_LIMIT_PER_DEVICE = "10 per hour"
    LOGIN_DEVICE_COOKIE_NAME = "consortium_device"
    LOGIN_DEVICE_COOKIE_LIFETIME = timedelta(days=180)
    RESET_LIMIT_PER_ADDRESS = "10 per hour"
    RESET_LIMIT_PER_ACCOUNT = "3 per hour"
    EXPERT_CONTACT_LIMIT = "5 per hour"  # messages relayed to experts, per sender
    API_LIMIT_PER_ADDRESS = "600 per minute"  # every API request, from one address
    API_LIMIT_PER_TOKEN = "300 per minute"  # noqa: S105 - a rate, per API token

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Consortium <no-reply@localhost>")
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    # Development keeps mails in the outbox, readable at an admin-only page.
    MAIL_DEV_MAILBOX = _bool("MAIL_DEV_MAILBOX", False)
    # Absolute links in e-mails are built against this when set (no request to copy from).
    SERVER_NAME = os.environ.get("SERVER_NAME") or None
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")

    # Uploaded files live outside the web root and are only served through a view that asks
    # the policy (core/storage.py). A relative path is taken from the checkout's root.
    UPLOAD_ROOT = os.environ.get("UPLOAD_ROOT", str(INSTANCE / "uploads"))
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    # Werkzeug's hard limit on a whole request, a little above UPLOAD_MAX_BYTES: a file only
    # slightly too large (plus the form around it) still reaches the storage, which answers
    # with its friendly "at most 10 MB" on the form; only far larger bodies get the bare 413.
    UPLOAD_REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + 2 * 1024 * 1024
    # Every other request body: a statement in eight languages fits easily. Checked by
    # Werkzeug from Content-Length before the body is read (413 page); a view marked
    # `core.limits.accepts_uploads` gets UPLOAD_REQUEST_MAX_BYTES instead.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024


class DevelopmentConfig(BaseConfig):
    ENV_NAME = "development"
    MAIL_DEV_MAILBOX = _bool("MAIL_DEV_MAILBOX", True)


class TestingConfig(BaseConfig):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production-use"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_FAST = True
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_DEV_MAILBOX = True
    PUBLIC_URL = "http://localhost"
    # Every API body the suite reads is checked against the schema that documents it
    # (api.common.Shaped); served, the bodies go out as the views built them.
    API_CHECK_BODIES = True


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    # The __Host- prefix: the browser keeps the cookie only if it is Secure, has Path=/ and
    # no Domain, so no other host under the domain can set or read it.
    SESSION_COOKIE_NAME = "__Host-session"
    SESSION_COOKIE_PATH = "/"
    LOGIN_DEVICE_COOKIE_NAME = "__Host-device"
    SINGLE_PROCESS_LIMITS = _bool("SINGLE_PROCESS_LIMITS", False)
    PREFERRED_URL_SCHEME = "https"


PROFILES: dict[str, type[BaseConfig]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[BaseConfig]:
    name = os.environ.get("CONSORTIUM_ENV", "development").strip().lower()
    try:
        return PROFILES[name]
    except KeyError:
        raise ConfigError(
            f"CONSORTIUM_ENV must be one of {sorted(PROFILES)}, not {name!r}"
        ) from None


def finalise(config: dict) -> None:
    """Check and complete a loaded configuration; production refuses unsafe settings."""
    secret = config.get("SECRET_KEY") or ""
    if config.get("ENV_NAME") == "production":
        if secret.lower() in WEAK_SECRETS or len(secret) < 32 or _low_entropy(secret):
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least 32 characters in "
                'production, e.g. python -c "import secrets; print(secrets.token_hex(32))"'
            )
        if _published(secret):
            raise ConfigError(
                "SECRET_KEY is one that appears in the code or its documentation: generate your own"
            )
        if not config.get("REDIS_URL") and not config.get("SINGLE_PROCESS_LIMITS"):
            raise ConfigError(
                "set REDIS_URL in production: rate limits (sign-in, API, contact relay) must be "
                "shared by every process and host. A single-process deployment may set "
                "SINGLE_PROCESS_LIMITS=1 instead, knowingly."
            )
        if config.get("MAIL_DEV_MAILBOX"):
            raise ConfigError("MAIL_DEV_MAILBOX cannot be switched on in production")
        public = config.get("PUBLIC_URL") or ""
        if not public.startswith("https://") or "127.0.0.1" in public or "localhost" in public:
            raise ConfigError(
                "PUBLIC_URL must be the site's https:// address in production: "
                "links in e-mails are built from it"
            )
        remote_mail = config.get("MAIL_SERVER") not in ("localhost", "127.0.0.1", "::1")
        tls, ssl_ = bool(config.get("MAIL_USE_TLS")), bool(config.get("MAIL_USE_SSL"))
        if (remote_mail and not (tls or ssl_)) or (tls and ssl_):
            raise ConfigError(
                "set exactly one of MAIL_USE_TLS or MAIL_USE_SSL for a remote MAIL_SERVER: "
                "reset and invitation links must not travel in clear text"
            )
    elif not secret:
        config["SECRET_KEY"] = _development_secret()
    # Flask-Login's remember cookie (unused: remember-me is a server-side session) follows
    # the session cookie's Secure flag, so no cookie of ours ever travels in clear text.
    config.setdefault("REMEMBER_COOKIE_SECURE", config.get("SESSION_COOKIE_SECURE", False))


def _low_entropy(secret: str) -> bool:
    """Few distinct characters (xxxx…, abab…) however long: not a random key."""
    return len(set(secret)) < 12


def _published(secret: str) -> bool:
    """A key that is written in this checkout's code or documents (an example someone
    copied) is known to everyone who reads them."""
    for path in (*ROOT.glob("*.md"), *ROOT.glob("docs/*.md"), *ROOT.glob("consortium/**/*.py")):
        try:
            if secret in path.read_text(errors="ignore"):
                return True
        except OSError:
            continue
    return False


def _development_secret() -> str:
    """A per-checkout key kept in instance/, so restarts keep people signed in."""
    path = INSTANCE / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        INSTANCE.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key
