"""Domain errors and the handlers that turn every error into a page or problem+json."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from consortium.core import seclog


class DomainError(Exception):
    """A rule of the domain refused the change; the message is shown to the user."""

    status = 400
    default_message = _l("This change is not possible.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message)
        self.message = message or self.default_message


class Conflict(DomainError):
    """Someone else changed the object first, or the state moved on."""

    status = 409
    default_message = _l(
        "Someone else changed this in the meantime. Reload the page and try again."
    )


TITLES = {
    400: _l("Bad request"),
    403: _l("Access denied"),
    404: _l("Page not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    412: _l("Precondition failed"),
    413: _l("Too large"),
    415: _l("Unsupported media type"),
    428: _l("Precondition required"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong"),
    503: _l("Back in a moment"),
}


def _description(code: int) -> str:
    texts = {
        400: _("The request could not be understood. Please go back and try again."),
        403: _("You do not have permission to do this."),
        404: _("There is nothing at this address, or you do not have access to it."),
        405: _("This address does not accept that kind of request."),
        409: _("Someone else changed this in the meantime. Reload the page and try again."),
        412: _("This changed since you read it. Read it again and repeat your change."),
        413: _("What you sent is too large."),
        415: _("This address does not accept that kind of content."),
        428: _("Say which version you changed: send its ETag in the If-Match header."),
        429: _("Too many attempts. Please wait a few minutes and try again."),
        500: _("An unexpected error happened on our side. It has been logged."),
        503: _(
            "The platform cannot reach its database right now. Nothing you sent was lost "
            "or half-saved; please try again in a minute."
        ),
    }
    return texts.get(code, texts[400])


def wants_problem_json() -> bool:
    return request.path.startswith("/api/")


def problem(status: int, detail: str | None = None, **extra: Any) -> Response:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status, TITLES[400])),
        "status": status,
        "detail": detail or _description(status),
        **extra,
    }
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def render_error(status: int, detail: str | None = None) -> tuple[str, int]:
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=TITLES.get(status, TITLES[400]),
            description=detail or _description(status),
        ),
        status,
    )


def _rollback() -> None:
    """A refused or failed request leaves nothing half-written for a later commit to save."""
    try:
        from consortium.extensions import db

        db.session.rollback()
    except Exception:  # noqa: S110 — the error page must render even if the session is broken
        pass


def _database_error(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError) or bool(
        getattr(error, "connection_invalidated", False)
    )


def handle_http(error: HTTPException) -> Response:
    status = error.code or 500
    # What fails outside the view (a URL converter loading the object, the commit after
    # the view) reaches Flask's last resort as a 500 wrapping it: a database that is down
    # is still a 503, never a 500 page that would need the database to render.
    original = getattr(error, "original_exception", None)
    if status == 500 and _database_error(original):
        return database_unavailable(original)  # type: ignore[arg-type]
    _rollback()
    if status in (401, 403, 429):
        seclog.event("access.refused" if status != 429 else "rate_limit.hit", status=status)
    if wants_problem_json():
        # A description given where the error was raised says what went wrong (in the
        # request's language); webargs adds which fields were refused and why.
        detail = error.description if "description" in vars(error) else None
        messages = (getattr(error, "data", None) or {}).get("messages")
        response = problem(status, detail, **({"errors": messages} if messages else {}))
    elif status == 429:
        response = current_app.response_class(_too_many(), status=status, mimetype="text/html")
    else:
        body, _status = render_error(status)
        response = current_app.response_class(body, status=status, mimetype="text/html")
    # Keep headers such as Retry-After and Allow that Werkzeug set on the exception.
    for key, value in error.get_headers():
        if key.lower() != "content-type":
            response.headers[key] = value
    return response


def _too_many() -> str:
    """When to try again, and the way out for someone who forgot their password."""
    from consortium.core.limits import retry_at

    try:
        at = retry_at()
    except (KeyError, RuntimeError):  # no limiter on this app or request
        at = None
    when = datetime.fromtimestamp(at, UTC) if at else None
    return render_template("errors/too_many.html", status=429, title=TITLES[429], when=when)


def handle_csrf(error: CSRFError) -> Response | tuple[str, int]:
    seclog.event("csrf.failed", reason=error.description)
    _rollback()
    detail = _("The form has expired. Reload the page and try again.")
    if wants_problem_json():
        return problem(400, detail)
    return render_error(400, detail)


def handle_domain(error: DomainError) -> Response | tuple[str, int]:
    _rollback()
    if wants_problem_json():
        return problem(error.status, str(error.message))
    return render_error(error.status, str(error.message))


def handle_unexpected(error: Exception) -> Response:
    if _database_error(error):
        return database_unavailable(error)
    current_app.logger.exception("Unhandled error on %s", request.path)
    return handle_http(InternalServerError())


RETRY_AFTER_UNAVAILABLE = 30


def database_unavailable(error: Exception) -> Response:
    """The database is down or unreachable: a 503 that asks to come back, rendered without
    touching the database (no signed-in user, no menus), in the language the address or the
    browser asks for. The pool pings its connections, so the site recovers by itself."""
    current_app.logger.warning("Database unavailable on %s: %s", request.path, error)
    _rollback()
    from consortium.i18n.languages import DEFAULT, LANGUAGES, negotiate

    first = request.path.lstrip("/").split("/", 1)[0]
    g.lang = (
        first
        if first in LANGUAGES
        else (negotiate(request.headers.get("Accept-Language")) or DEFAULT)
    )
    refresh()
    if wants_problem_json():
        response = problem(503)
    else:
        template = current_app.jinja_env.get_template("errors/unavailable.html")
        body = template.render(
            lang=LANGUAGES[g.lang], title=TITLES[503], description=_description(503)
        )
        response = current_app.response_class(body, status=503, mimetype="text/html")
    response.headers["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
    response.headers["Cache-Control"] = "no-store"
    return response


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(DomainError, handle_domain)
    app.register_error_handler(Exception, handle_unexpected)
