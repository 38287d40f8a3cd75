"""Response headers that every page carries."""

from __future__ import annotations

from flask import Response, abort, request

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    # A page made to be embedded (a widget) says so in its own CSP; every other page is
    # framed by nobody.
    if "frame-ancestors *" not in headers.get("Content-Security-Policy", ""):
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Pages with someone's data must not sit in shared caches.
    if "Cache-Control" not in headers and response.mimetype == "text/html":
        headers["Cache-Control"] = "no-store" if request.cookies else "private, max-age=0"
    return response


def refuse_nul_bytes() -> None:
    """A NUL byte in the address, a query or a form is never text someone wrote, and
    PostgreSQL refuses to store or even compare it (a 500). Refused before any view: an
    address with one leads nowhere (404, as a filter naming nothing does); a form, 400."""
    if "\x00" in request.path or any(
        "\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)
    ):
        abort(404 if request.method in ("GET", "HEAD") else 400)
    if any("\x00" in key or "\x00" in value for key, value in request.form.items(multi=True)):
        abort(400)
