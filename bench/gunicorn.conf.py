"""gunicorn for `make bench`: the configuration every published figure was measured with.

Sync workers, two per core on the 2-core machines the figures come from (4), on loopback;
no access log during runs (writing it would be measured too). The port comes from
BENCH_PORT (bench/run.py sets it).
"""

import os

bind = f"127.0.0.1:{os.environ.get('BENCH_PORT', '8765')}"
workers = 4
worker_class = "sync"
keepalive = 2
accesslog = None
errorlog = "-"
loglevel = "warning"
timeout = 60
graceful_timeout = 5
# As in production (gunicorn.conf.py): the app is loaded once and the workers share it.
preload_app = True
# Set before the app is loaded: it then leaves out what only the command line needs.
raw_env = ["CONSORTIUM_SERVING=1"]

from consortium.core.serving import post_fork, pre_fork  # noqa: E402,F401  # gunicorn's hooks
