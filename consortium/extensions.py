"""The extension singletons, unbound; `create_app` binds them.

Rate limits are not here: each app builds its own limiter (`core.limits`), so no counter
or storage state is shared between two apps in one process.
"""

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from consortium.db import db

__all__ = ["babel", "csrf", "db", "login_manager"]

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
