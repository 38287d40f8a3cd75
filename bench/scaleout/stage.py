"""The stage of `make scaleout`: two app hosts in network namespaces, nginx in front.

    bridge cso-br0 10.213.77.1/24 (root namespace: nginx, PostgreSQL, Redis, SMTP sink)
      ├─ veth ─ netns cso-h1: eth0 10.213.77.11, gunicorn :8000, outbox worker, mail relay
      └─ veth ─ netns cso-h2: eth0 10.213.77.12, gunicorn :8000, outbox worker, mail relay

Everything here is made by the drill and removed by it, on failure and Ctrl-C too
(`cleanup()` also clears what a killed earlier run left behind).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import services  # bench/services.py (on the path: see run.py)

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TEMPLATE = ROOT / "docs" / "nginx.conf.example"

BRIDGE = "cso-br0"
SUBNET = "10.213.77.0/24"
GATEWAY = "10.213.77.1"
HOSTS = {"h1": "10.213.77.11", "h2": "10.213.77.12"}
APP_PORT = 8000
RELAY_PORT = 2525


def sh(*command: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=check, capture_output=True, text=True)  # noqa: S603


def namespace(name: str) -> str:
    return f"cso-{name}"


# --- the network -------------------------------------------------------------------------------


def cleanup() -> None:
    """Remove the namespaces and the bridge, whoever made them (idempotent)."""
    for name in HOSTS:
        ns = namespace(name)
        listed = sh("ip", "netns", "pids", ns, check=False)
        for pid in listed.stdout.split():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
        sh("ip", "netns", "del", ns, check=False)  # takes its end of the veth pair along
        sh("ip", "link", "del", f"{ns}-r", check=False)
    sh("ip", "link", "del", BRIDGE, check=False)


@contextlib.contextmanager
def network() -> Iterator[dict[str, str]]:
    cleanup()
    try:
        sh("ip", "link", "add", BRIDGE, "type", "bridge")
        sh("ip", "addr", "add", f"{GATEWAY}/24", "dev", BRIDGE)
        sh("ip", "link", "set", BRIDGE, "up")
        for name, address in HOSTS.items():
            ns = namespace(name)
            sh("ip", "netns", "add", ns)
            sh("ip", "link", "add", f"{ns}-r", "type", "veth", "peer", "name", "eth0", "netns", ns)
            sh("ip", "link", "set", f"{ns}-r", "master", BRIDGE, "up")
            sh("ip", "-n", ns, "addr", "add", f"{address}/24", "dev", "eth0")
            sh("ip", "-n", ns, "link", "set", "eth0", "up")
            sh("ip", "-n", ns, "link", "set", "lo", "up")
        yield HOSTS
    finally:
        cleanup()


def open_postgres_to_hosts(pg: Any) -> None:
    """bench/services.py's cluster trusts loopback only; the hosts connect from the bridge."""
    hba = pg.data / "pg_hba.conf"
    line = f"host all all {SUBNET} trust\n"
    if line not in hba.read_text():
        with hba.open("a") as handle:
            handle.write(line)
    pg._pg_ctl("reload")


# --- TLS and nginx -----------------------------------------------------------------------------


def certificate(directory: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for 127.0.0.1 (clients verify against it)."""
    cert, key = directory / "fullchain.pem", directory / "privkey.pem"
    sh(
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-days", "2", "-subj", "/CN=consortium.test",
        "-addext", "subjectAltName=DNS:consortium.test,IP:127.0.0.1",
        "-keyout", str(key), "-out", str(cert),
    )  # fmt: skip
    return cert, key


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise SystemExit(f"docs/nginx.conf.example no longer has {old!r}: update stage.py")
    return text.replace(old, new)


def render_nginx(
    directory: Path, port: int, http_port: int, pinned: dict[str, int], cert: Path, key: Path
) -> str:
    """The committed example with this machine's addresses, ports and paths, plus what only
    the drill needs: one TLS port pinned to each host, and the upstream that answered in a
    response header (never in production: it shows internal addresses)."""
    text = TEMPLATE.read_text()
    for old, new in (
        ("pid /run/nginx-consortium.pid;", f"pid {directory}/nginx.pid;"),
        ("/var/log/nginx/consortium-error.log", f"{directory}/error.log"),
        ("/var/log/nginx/consortium-access.log", f"{directory}/access.log"),
        ("server 10.0.0.11:8000", f"server {HOSTS['h1']}:{APP_PORT}"),
        ("server 10.0.0.12:8000", f"server {HOSTS['h2']}:{APP_PORT}"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;"),
        ("/etc/ssl/consortium/fullchain.pem", str(cert)),
        ("/etc/ssl/consortium/privkey.pem", str(key)),
        ("proxy_pass http://consortium_app;", "proxy_pass http://$drill_pool;"),
        # Clients here use ports other than 443, and the CSRF check compares the Referer's
        # port with the request's: the Host the app sees must keep the port.
        ("proxy_set_header Host $host;", "proxy_set_header Host $host:$server_port;"),
    ):
        text = _replace(text, old, new)
    temp = "\n".join(
        f"    {kind}_temp_path {directory}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    pools = "\n".join(
        f"    upstream drill_{name} {{ server {HOSTS[name]}:{APP_PORT}; }}" for name in pinned
    )
    # The pinned ports share the main server's location (and so its proxy settings):
    # the server's port picks the pool.
    ports = "\n".join(f"        {p} drill_{name};" for name, p in pinned.items())
    extra = (
        f"http {{\n{temp}\n{pools}\n"
        f"    map $server_port $drill_pool {{\n        default consortium_app;\n{ports}\n    }}\n"
    )
    text = _replace(text, "http {\n", extra)
    listens = "".join(f"        listen 127.0.0.1:{p} ssl http2;\n" for p in pinned.values())
    text = _replace(
        text,
        f"        listen 127.0.0.1:{port} ssl http2;\n",
        f"        listen 127.0.0.1:{port} ssl http2;\n{listens}",
    )
    return _replace(
        text,
        "        location / {\n",
        "        location / {\n            add_header X-Upstream $upstream_addr always;\n",
    )


@contextlib.contextmanager
def nginx(directory: Path, port: int, http_port: int, pinned: dict[str, int]) -> Iterator[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = certificate(directory)
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / kind).mkdir(exist_ok=True)
        shutil.chown(directory / kind, "www-data", "www-data")
    directory.chmod(0o755)
    config = directory / "nginx.conf"
    config.write_text(render_nginx(directory, port, http_port, pinned, cert, key))
    sh("nginx", "-t", "-q", "-p", str(directory), "-c", str(config))
    process = subprocess.Popen(  # noqa: S603
        ["nginx", "-p", str(directory), "-c", str(config), "-g", "daemon off;"],  # noqa: S607
        stderr=(directory / "nginx.stderr").open("ab"),
        start_new_session=True,
    )
    try:
        services.wait_for_port("127.0.0.1", port, 60, process)
        yield config
    finally:
        _stop(process)


# --- processes in the namespaces ---------------------------------------------------------------


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@dataclass
class Host:
    """One app host: its namespace, address and the processes it runs."""

    name: str
    address: str
    env: dict[str, str]
    logs: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def _spawn(self, role: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.logs / f"{self.name}-{role}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603
            ["ip", "netns", "exec", namespace(self.name), *command],  # noqa: S607
            cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        self.processes[role] = process
        return process

    def start_gunicorn(self, workers: int) -> None:
        env = dict(self.env, GUNICORN_BIND=f"0.0.0.0:{APP_PORT}", GUNICORN_WORKERS=str(workers))
        # The repository's production gunicorn.conf.py, unchanged (gunicorn's default file).
        self._spawn("gunicorn", [str(BIN / "gunicorn"), "wsgi:app"], env)
        self.wait_healthy()

    def wait_healthy(self, timeout: float = 90) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            process = self.processes["gunicorn"]
            if process.poll() is not None:
                raise SystemExit(f"gunicorn on {self.name} exited; see {self.logs}")
            if self.healthy():
                return
            time.sleep(0.3)
        raise SystemExit(f"gunicorn on {self.name} did not answer /healthz within {timeout} s")

    def healthy(self) -> bool:
        url = f"http://{self.address}:{APP_PORT}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def kill_gunicorn(self) -> list[int]:
        """SIGKILL to the master and every worker at once: a machine that died, no goodbye."""
        master = self.processes["gunicorn"].pid
        pids = [master, *services.children(master)]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.processes["gunicorn"].wait()
        return pids

    def start_mail(self, smtp_address: str, smtp_port: int, interval: float) -> None:
        # Each host's mail relay on localhost stands in for its local MTA: production refuses
        # a remote MAIL_SERVER without TLS, and the sink speaks plain SMTP.
        relay = [str(BIN / "python"), str(Path(__file__).with_name("relay.py"))]
        relay += [f"127.0.0.1:{RELAY_PORT}", f"{smtp_address}:{smtp_port}"]
        self._spawn("relay", relay, self.env)
        time.sleep(0.5)
        env = dict(self.env, MAIL_SERVER="localhost", MAIL_PORT=str(RELAY_PORT))
        worker = [str(BIN / "flask"), "--app", "wsgi", "outbox", "work"]
        self._spawn("outbox", [*worker, "--interval", str(interval)], env)

    def stop(self, role: str | None = None) -> None:
        for name, process in list(self.processes.items()):
            if role is None or name == role:
                _stop(process)
                del self.processes[name]


def log_tail(path: Path, lines: int = 20) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def gunicorn_requests(log: Path) -> int:
    """Requests a host answered, from its access log (gunicorn.conf.py logs to stdout)."""
    if not log.exists():
        return 0
    return len(re.findall(r'" \d{3} ', log.read_text(errors="replace")))
