"""The browser suite's fixtures: a live server on a fresh database, Chromium, personas.

Run it with `make e2e` (scripts/e2e-setup.sh installs Chromium, axe-core and vnu-jar).
Everything here fails with a message rather than hanging: the server must answer
`/healthz` within 30 s, Chromium must start within 30 s, every browser action waits at
most 10 s, and a watchdog ends the run if the whole suite overruns its budget.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests_e2e.support import (
    ACTION_TIMEOUT_MS,
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    Persona,
    login,
)

VENV_BIN = ROOT / ".venv" / "bin"
HEALTH_TIMEOUT_S = 30
# Tests that start after the soft budget fail at once; at the hard limit the watchdog
# stops the server and the run, whatever it is doing.
SOFT_BUDGET_S = float(os.environ.get("E2E_BUDGET_SECONDS", "420"))
HARD_LIMIT_S = float(os.environ.get("E2E_HARD_LIMIT_SECONDS", SOFT_BUDGET_S + 180))

_started_at = time.monotonic()
_process_groups: list[int] = []
_temp_dirs: list[Path] = []


# --------------------------------------------------------------------------- budget


def _watchdog(config: pytest.Config) -> None:
    time.sleep(HARD_LIMIT_S)
    message = (
        f"tests_e2e: the suite ran past its hard limit of {HARD_LIMIT_S:.0f} s; "
        "stopping the server and the run."
    )
    # pytest captures fd 2 while a test runs: lift that so the message reaches the log.
    with contextlib.suppress(Exception):
        config.pluginmanager.getplugin("capturemanager").suspend_global_capture(in_=False)
    sys.stderr.write(f"\n\n{message}\n")
    sys.stderr.flush()
    with contextlib.suppress(OSError):
        (ARTIFACTS / "watchdog.txt").write_text(message + "\n")
    for pgid in _process_groups:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
    for folder in _temp_dirs:
        shutil.rmtree(folder, ignore_errors=True)
    os._exit(3)


def pytest_sessionstart(session: pytest.Session) -> None:
    # What an earlier run left behind would be mistaken for this run's findings.
    shutil.rmtree(ARTIFACTS / "failures", ignore_errors=True)
    (ARTIFACTS / "watchdog.txt").unlink(missing_ok=True)
    threading.Thread(
        target=_watchdog, args=(session.config,), name="e2e-watchdog", daemon=True
    ).start()


def pytest_runtest_setup(item: pytest.Item) -> None:
    elapsed = time.monotonic() - _started_at
    if elapsed > SOFT_BUDGET_S:
        pytest.fail(
            f"the browser suite is over its time budget ({elapsed:.0f} s > {SOFT_BUDGET_S:.0f} s)",
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    # Fixtures look at this to keep screenshots of the pages a failed test left open.
    setattr(item, f"rep_{report.when}", report)
    return report


# --------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return "(no output)"
    return "\n".join(text.splitlines()[-lines:]) or "(no output)"


def _run_cli(args: list[str], env: dict[str, str], log: Path) -> None:
    command = [str(VENV_BIN / "flask"), "--app", "wsgi", *args]
    with log.open("a") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        result = subprocess.run(  # noqa: S603
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=120,
            check=False,
        )
    if result.returncode != 0:
        pytest.fail(
            f"`flask --app wsgi {' '.join(args)}` failed (exit {result.returncode}):\n{_tail(log)}",
            pytrace=False,
        )


def _server_command(port: int) -> list[str]:
    gunicorn = VENV_BIN / "gunicorn"
    if gunicorn.exists():
        return [
            str(gunicorn),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "60",
            "--access-logfile",
            "-",
            "wsgi:app",
        ]
    return [
        str(VENV_BIN / "flask"),
        "--app",
        "wsgi",
        "run",
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
        "--no-reload",
        "--no-debugger",
        "--with-threads",
    ]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    last_error = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the app server exited with code {process.returncode} before answering "
                f"{url}:\n{_tail(log)}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as error:
            last_error = str(error)
        time.sleep(0.2)
    pytest.fail(
        f"the app server did not answer {url} within {HEALTH_TIMEOUT_S} s ({last_error}):\n"
        f"{_tail(log)}",
        pytrace=False,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    with contextlib.suppress(ValueError):
        _process_groups.remove(process.pid)


@dataclass(frozen=True)
class Server:
    base_url: str
    log: Path

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """The app on a free port, with a fresh SQLite database and the demo data."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="consortium-e2e-"))
    _temp_dirs.append(tmp)
    log = tmp / "server.log"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FLASK_", "CONSORTIUM_", "DATABASE_", "MAIL_", "REDIS_"))
    }
    env.update(
        CONSORTIUM_ENV="development",
        DATABASE_URL=f"sqlite:///{tmp / 'e2e.sqlite3'}",
        SECRET_KEY=os.urandom(32).hex(),
        MAIL_DEV_MAILBOX="1",
        PUBLIC_URL=base_url,
        PYTHONUNBUFFERED="1",
    )
    process = None
    try:
        _run_cli(["db", "upgrade"], env, log)
        _run_cli(["seed-demo"], env, log)
        with log.open("a") as out:
            process = subprocess.Popen(  # noqa: S603
                _server_command(port),
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        _process_groups.append(process.pid)
        _wait_healthy(base_url + "/healthz", process, log)
        yield Server(base_url, log)
    finally:
        if process is not None:
            _stop(process)
        with contextlib.suppress(OSError):
            shutil.copyfile(log, ARTIFACTS / "server.log")
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- personas


@pytest.fixture(scope="session")
def cast() -> dict[str, Persona]:
    """The demo accounts, read from the demo seed's data module (consortium/demo/data.py)."""
    from tests_e2e.support import demo_cast

    try:
        return demo_cast()
    except LookupError as error:
        pytest.fail(f"cannot find the demo accounts: {error}", pytrace=False)


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's Chromium, headless, driven by Playwright (never Playwright's own build)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/e2e-setup.sh (or `make e2e`), which installs "
            "Debian's chromium package. Playwright's own browser download is not used.",
            pytrace=False,
        )
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        try:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=30_000
            )
        except PlaywrightError as error:
            pytest.fail(f"Chromium ({CHROMIUM}) did not start:\n{error}", pytrace=False)
        yield browser
        browser.close()
    finally:
        playwright.stop()


ContextFactory = Callable[..., object]


@pytest.fixture
def new_context(browser, server: Server, request: pytest.FixtureRequest) -> Iterator:
    """Open browser contexts (separate cookie jars); all closed, failures kept as PNG/HTML."""
    contexts = []

    def factory(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "en-GB")
        context = browser.new_context(base_url=server.base_url, **options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(ACTION_TIMEOUT_MS + 5_000)
        contexts.append(context)
        return context

    yield factory
    failed = getattr(request.node, "rep_call", None)
    failed = failed is not None and failed.failed
    for number, context in enumerate(contexts):
        if failed:
            _keep_failure(request.node.name, number, context)
        context.close()


def _keep_failure(test_name: str, number: int, context) -> None:
    folder = ARTIFACTS / "failures"
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)
    for index, page in enumerate(context.pages):
        name = f"{stem}-{number}-{index}"
        with contextlib.suppress(Exception):
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True, timeout=5_000)
            (folder / f"{name}.html").write_text(page.content())
            (folder / f"{name}.url.txt").write_text(page.url + "\n")


@pytest.fixture
def page(new_context):
    """A page in a fresh, logged-out English context."""
    return new_context().new_page()


@pytest.fixture(scope="session")
def signed_in_state(browser, server: Server, cast, tmp_path_factory) -> Callable[[str], str]:
    """Log a persona in once per run; hand out the saved cookies for new contexts."""
    states: dict[str, str] = {}
    folder = tmp_path_factory.mktemp("storage")

    def state_for(role: str) -> str:
        if role not in states:
            persona = cast[role]
            context = browser.new_context(base_url=server.base_url, locale="en-GB")
            context.set_default_timeout(ACTION_TIMEOUT_MS)
            try:
                page = context.new_page()
                login(page, persona)
                path = folder / f"{role}.json"
                context.storage_state(path=str(path))
                states[role] = str(path)
            finally:
                context.close()
        return states[role]

    return state_for
