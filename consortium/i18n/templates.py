"""gettext for templates that finds the catalog once per request, not once per string.

Flask-Babel's template callables look the translations up anew for every string (the
request's namespace, the domain, the locale: 14 µs each, and a directory page has ~80
strings). These keep what they found on Flask-Babel's own request namespace beside the
locale it was for, so `force_locale` (a mail in its recipient's language) still switches
them: a locale that is not the one kept means a new lookup.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from flask_babel import get_translations


def _translations() -> Any:
    try:
        namespace = g.get("_flask_babel")
    except RuntimeError:  # no application context: Flask-Babel answers untranslated
        return get_translations()
    if namespace is not None:
        kept = getattr(namespace, "consortium_translations", None)
        locale = getattr(namespace, "babel_locale", None)
        if kept is not None and locale is not None and kept[0] is locale:
            return kept[1]
    found = get_translations()
    namespace = g.get("_flask_babel")
    if namespace is not None:
        namespace.consortium_translations = (getattr(namespace, "babel_locale", None), found)
    return found


def init_app(app: Flask) -> None:
    """Call after Flask-Babel's `init_app`, whose callables these replace."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # by jinja2.ext.i18n
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
