"""gunicorn's hooks: the workers share the preloaded app but never the master's database
connections."""

from __future__ import annotations

import gc
import os
import runpy
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from consortium import create_app
from consortium.config import TestingConfig
from consortium.core import serving
from consortium.db import db

ROOT = Path(__file__).resolve().parents[2]


def test_both_configurations_preload_the_app_with_the_hooks():
    for path in (ROOT / "gunicorn.conf.py", ROOT / "bench" / "gunicorn.conf.py"):
        config = runpy.run_path(str(path))
        assert config["preload_app"] is True, path
        assert config["post_fork"] is serving.post_fork, path
        assert config["pre_fork"] is serving.pre_fork, path
        assert "CONSORTIUM_SERVING=1" in config["raw_env"], path


# What only the command line, an upload, a vCard, a second factor, a feed, a search with a
# typo or SQLite's collations need.
LEFT_OUT = (
    "alembic",
    "flask_migrate",
    "PIL",
    "vobject",
    "segno",
    "cryptography.fernet",
    "feedgen",
    "lxml",
    "rapidfuzz",
    "icu",
)


def _loaded_by_the_app(tmp_path, **env: str) -> list[str]:
    script = f"import sys, wsgi; print(' '.join(m for m in {LEFT_OUT!r} if m in sys.modules))"
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CONSORTIUM_")},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite3'}",
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_served_app_leaves_out_what_few_requests_need(tmp_path):
    """Every worker holds what the preloaded app imported (issue 13: ≤ 100 MiB a worker)."""
    assert _loaded_by_the_app(tmp_path, CONSORTIUM_SERVING="1") == []
    # Positive control: the command line's app (and the tests') has the migrations.
    assert {"alembic", "flask_migrate"} <= set(_loaded_by_the_app(tmp_path))


def test_a_new_worker_forgets_the_masters_connections(tmp_path):
    # An app of its own: the suite's in-memory SQLite would not survive a disposed pool.
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'fork.sqlite3'}"
    testing = {k: getattr(TestingConfig, k) for k in dir(TestingConfig) if k.isupper()}
    app = create_app({**testing, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.session.execute(db.text("SELECT 1"))
        db.session.commit()
        inherited = db.engine.pool  # holds the master's connection
        serving.post_fork(SimpleNamespace(app=SimpleNamespace(callable=app)), worker=None)
        assert db.engine.pool is not inherited
        # The worker's own connection works.
        assert db.session.execute(db.text("SELECT 1")).scalar() == 1
        db.session.remove()
        db.engine.dispose()


def test_the_master_freezes_what_it_loaded():
    try:
        serving.pre_fork(server=None, worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
