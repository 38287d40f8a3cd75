"""gunicorn hooks shared by the production and the benchmark configurations.

The app is loaded once in the master and the workers are forked from it (`preload_app`):
the code, the catalogs and ICU's data are then shared by every worker instead of being
loaded four times (issue 13 measured 97 MiB of each plain worker as its own, 42 MiB with
the app preloaded). Two things must not cross a fork: the database connections the master
may have opened (two processes speaking on one socket corrupt both conversations), and the
garbage collector's habit of touching every object (which copies shared pages).
"""

from __future__ import annotations

import gc
from typing import Any


def pre_fork(server: Any, worker: Any) -> None:
    """In the master: whatever exists now is never collected, so never written to by the
    collector, and its pages stay shared after the fork."""
    gc.freeze()


def post_fork(server: Any, worker: Any) -> None:
    """In each new worker: forget (without closing: they are the master's) the database
    connections inherited from the master; the worker opens its own."""
    from consortium.extensions import db

    app = server.app.callable
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
