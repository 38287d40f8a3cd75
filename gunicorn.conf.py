"""gunicorn in production: `gunicorn wsgi:app`, started from the repository's root, reads
this file (gunicorn's default `./gunicorn.conf.py`). `make bench` uses its own
(bench/gunicorn.conf.py).

Sync workers, two per core of the 2-core hosts the figures in BENCHMARKS.md come from, on
loopback behind the TLS-terminating proxy; the app is loaded once and the workers forked
from it, sharing its memory (`consortium.core.serving`). The access log goes to stdout,
with the tokens of single-use links (a mailed link's first request) replaced by `…`.
"""

import os

from consortium.core.serving import post_fork, pre_fork  # noqa: F401  # gunicorn's hooks

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = "sync"
preload_app = True
# Set before the app is loaded: it then leaves out what only the command line needs.
raw_env = ["CONSORTIUM_SERVING=1"]
accesslog = "-"
errorlog = "-"


def on_starting(server):
    """In the master, before the workers fork: they inherit the filter."""
    import logging

    from consortium.core.links import RedactTokens

    logging.getLogger("gunicorn.access").addFilter(RedactTokens())
