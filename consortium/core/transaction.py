"""One commit point: the request (or CLI command) commits once when nothing went wrong.

Services only flush. A view that returns normally has its work committed here; an
exception rolls everything back (the error handlers do it), so no half-written change is
ever saved by a later commit. Outbox rows and audit rows commit with the change.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response

from consortium.db import db


def commit_request(response: Response) -> Response:
    """After the view: save its work. A failure here becomes the 500 page, rolled back."""
    db.session.commit()
    return response


def transactional(command: Callable) -> Callable:
    """For click commands: commit when the command returns, roll back when it fails or exits."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise
        db.session.commit()
        return result

    return run


def init_app(app: Flask) -> None:
    # Registered after every domain's hooks, so it runs first among them (Flask runs
    # after_request functions in reverse): the change is saved before the session
    # bookkeeping commits its own small transaction.
    app.after_request(commit_request)
