"""Interface languages: URL prefix, locale selection, switcher and mail rendering.

Precedence, checked by tests/i18n/test_selection.py: the `/<lang>/` prefix, then the
account's language, then the last choice kept in the session, then `Accept-Language`,
then English.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, g, has_app_context, request, session
from flask_babel import force_locale, get_locale
from flask_login import current_user
from werkzeug.routing import BaseConverter

from consortium.i18n.languages import BY_CATALOG, CODES, DEFAULT, LANGUAGES, Language, negotiate

__all__ = ["LANGUAGES", "current_language", "in_language", "init_app", "language_of"]


class LanguageConverter(BaseConverter):
    """Matches only the eight codes, so `/de/...` is an ordinary 404."""

    regex = "(?:" + "|".join(sorted(CODES, key=len, reverse=True)) + ")"


def preferred_code() -> str:
    """The language for a request that has no `/<lang>/` prefix."""
    user_lang = getattr(current_user, "language", None) if current_user else None
    if user_lang in LANGUAGES:
        return user_lang
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    return negotiate(request.headers.get("Accept-Language")) or DEFAULT


def select_locale() -> str:
    """Flask-Babel's selector: returns a catalog folder name, never a BCP 47 tag."""
    code = g.get("lang")
    if code is None:
        try:
            code = _path_language() or preferred_code()
        except RuntimeError:  # outside a request (CLI, mail worker)
            code = DEFAULT
    return LANGUAGES[code].catalog


def _path_language() -> str | None:
    """`/sq/no-such-page` answers its 404 in Albanian even though no route matched."""
    first = request.path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


def current_language() -> Language:
    # `g.lang` (the address's language, or `in_language`'s) is what the locale selector
    # answers first: read directly, it spares Flask-Babel's lookups (a page asks ~60 times).
    code = g.get("lang") if has_app_context() else None
    if code in LANGUAGES:
        return LANGUAGES[code]
    locale = get_locale()
    catalog = str(locale) if locale else "en"
    return LANGUAGES[BY_CATALOG.get(catalog, DEFAULT)]


def language_of(code: str | None) -> Language:
    return LANGUAGES.get(code or DEFAULT, LANGUAGES[DEFAULT])


@contextmanager
def in_language(code: str | None) -> Iterator[None]:
    """Render in another person's language (mails go in the recipient's)."""
    language = language_of(code)
    with force_locale(language.catalog):
        if not has_app_context():
            yield
            return
        # url_for() fills `lang` from g, so links follow the language too.
        previous = g.pop("lang", None)
        g.lang = language.code
        try:
            yield
        finally:
            g.pop("lang", None)
            if previous is not None:
                g.lang = previous


def _pull_lang(endpoint: str | None, values: dict | None) -> None:
    if values and "lang" in values:
        g.lang = values.pop("lang")
        if session.get("lang") != g.lang:
            session["lang"] = g.lang


def link_language() -> str:
    """The language every address built in this request is in unless it names one."""
    return g.get("lang") or current_language().code


def _push_lang(endpoint: str, values: dict) -> None:
    from flask import current_app

    if "lang" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = link_language()


def init_app(app: Flask) -> None:
    from consortium.extensions import babel
    from consortium.i18n import (
        collation,  # noqa: F401 — its import registers SQLite's collations
        templates,
    )

    app.url_map.converters["lang"] = LanguageConverter
    babel.init_app(app, locale_selector=select_locale)
    templates.init_app(app)
    app.url_value_preprocessor(_pull_lang)
    app.url_defaults(_push_lang)
    _validate(app)


def _validate(app: Flask) -> None:
    """Refuse to start with a language Babel cannot parse or whose catalog is not compiled.

    Flask-Babel falls back to English without a word when a `.mo` file is missing, so a
    deploy that skipped `make catalogs` would serve every language in English (SecureDrop
    `i18n.py: validate_locale_configuration` refuses to start for the same reason).
    """
    for language in LANGUAGES.values():
        language.locale  # noqa: B018 — raises for a bad catalog name
    if app.config.get("BABEL_DEFAULT_LOCALE") != "en":
        raise RuntimeError("BABEL_DEFAULT_LOCALE must be 'en', the source language")
    # Where Flask-Babel itself will look (BABEL_TRANSLATION_DIRECTORIES, resolved by it).
    directories = [Path(path) for path in app.extensions["babel"].translation_directories]
    missing = [
        language
        for language in LANGUAGES.values()
        if language.code != DEFAULT
        and not any(
            (directory / language.catalog / "LC_MESSAGES" / "messages.mo").is_file()
            for directory in directories
        )
    ]
    if missing:
        names = ", ".join(f"{language.code} ({language.catalog})" for language in missing)
        raise RuntimeError(
            f"No compiled catalog (<catalog>/LC_MESSAGES/messages.mo) for {names} in "
            f"{'; '.join(map(str, directories)) or 'BABEL_TRANSLATION_DIRECTORIES'}: "
            "run `make catalogs` before starting, or these languages would be served in English"
        )
