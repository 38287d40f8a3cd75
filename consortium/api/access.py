"""Who calls the API, in which language, and what the response may share.

- A token comes as `Authorization: Bearer …` and acts with its owner's rights; a token in
  the query string is refused (it would end up in logs and in Referer headers).
- A write that relies on the browser's session cookie must carry the CSRF token in the
  `X-CSRFToken` header; a write with a token needs none.
- A response to a token gets no cookie. Public reads allow any origin, without
  credentials; nothing else is shared across origins.
- The language is `?lang=`, else Accept-Language, else English.
"""

from __future__ import annotations

from flask import Response, current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import BadRequest, Forbidden, Unauthorized
from wtforms import ValidationError

from consortium.core.limits import Limit
from consortium.i18n.languages import CODES, DEFAULT, negotiate
from consortium.tokens import policy as token_policy
from consortium.tokens import services as tokens

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
QUERY_TOKEN_NAMES = frozenset({"access_token", "token", "api_key", "bearer"})


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def before_request() -> None:
    if not is_api_request():
        return
    wanted = request.args.get("lang")
    g.lang = wanted if wanted in CODES else negotiate(request.headers.get("Accept-Language"))
    g.lang = g.lang or DEFAULT
    refresh()
    if QUERY_TOKEN_NAMES & set(request.args):
        raise BadRequest(str(_l("Send the access token in the Authorization header.")))
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, secret = header.partition(" ")
        token = tokens.authenticate(secret.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise Unauthorized(
                str(_l("The access token is not valid: it may be mistyped, expired or revoked.")),
                www_authenticate=WWWAuthenticate("bearer"),
            )
        g.api_token = token
        g._login_user = token.user  # Flask-Login's current user for this request only
        if request.method not in SAFE_METHODS and not token_policy.can_write_with(token):
            raise Forbidden(str(_l("This token may only read.")))
        return
    csrf_on = current_app.config.get("WTF_CSRF_ENABLED", True)  # as Flask-WTF's own check
    if request.method not in SAFE_METHODS and current_user.is_authenticated and csrf_on:
        try:
            validate_csrf(request.headers.get("X-CSRFToken"))
        except ValidationError as error:
            raise CSRFError(str(error)) from error


def after_request(response: Response) -> Response:
    if not is_api_request():
        return response
    if g.get("api_token") is not None:
        response.headers.pop("Set-Cookie", None)
        while "Set-Cookie" in response.headers:
            del response.headers["Set-Cookie"]
    if request.method in ("GET", "HEAD"):
        # Without Allow-Credentials, browsers never send cookies cross-origin with this.
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    response.vary.add("Accept-Language")
    response.vary.add("Authorization")
    return response


def _token_key() -> str:
    token = g.get("api_token")
    return f"api-token:{token.id}" if token is not None else ""


def _no_token() -> bool:
    return g.get("api_token") is None


# Every API view carries both (`@limited(*API_LIMITS)`); a request without a token counts
# only against its address.
API_LIMITS = (
    Limit("API_LIMIT_PER_ADDRESS", methods=None, scope="api-address"),
    Limit(
        "API_LIMIT_PER_TOKEN",
        key=_token_key,
        methods=None,
        scope="api-token",
        exempt_when=_no_token,
    ),
)
