"""Private, throw-away PostgreSQL, Redis and SMTP servers for drills that break things.

A drill stops, restarts or freezes its services; doing that to the machine's shared
PostgreSQL (5432) or Redis (6379) would break everyone else's tests. Each context manager
here starts its own server on a free port (or the one given) in a temporary directory and
removes it on exit:

    with postgres() as pg, redis() as rd, smtp_sink() as mail:
        pg.createdb("drill")
        url = pg.url("drill")       # postgresql+psycopg://postgres@127.0.0.1:PORT/drill
        pg.restart(); rd.freeze(); rd.thaw(); mail.stop(); mail.start()
        mail.messages()             # every message received, in order

`listen` may be any local address (a veth end, for a host in a network namespace).
The SMTP sink is this file run as a script (`python bench/services.py smtp-sink ...`).
Servers are removed when the `with` block ends, which a plain SIGTERM skips: a script that
may be stopped that way turns the signal into SystemExit (bench/run.py `_terminate`), or its
servers outlive it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PG_BIN = Path(os.environ.get("BENCH_PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port(listen: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((listen, 0))
        return s.getsockname()[1]


def wait_for_port(
    listen: str, port: int, timeout: float = 30, process: subprocess.Popen | None = None
) -> None:
    """Until something accepts on the port; at once, if `process` (the server) has exited."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[:6]} exited with {process.returncode}")
        try:
            with socket.create_connection((listen, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {listen}:{port} after {timeout} s")


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (a gunicorn master's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def _as_postgres(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; as root we drop to the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class Postgres:
    """A PostgreSQL cluster of its own: trust authentication, fsync off (data is throw-away)."""

    def __init__(self, listen: str, port: int) -> None:
        self.listen, self.port = listen, port
        self.root = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.root.chmod(0o700)

    def bin(self, name: str) -> str:
        """A client of the server's own version (the PATH may hold another pg_dump)."""
        return str(PG_BIN / name)

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@{self.listen}:{self.port}/{dbname}"

    def libpq_url(self, dbname: str) -> str:
        return f"postgresql://postgres@{self.listen}:{self.port}/{dbname}"

    def initdb(self) -> None:
        command = [self.bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust"]
        command += ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        subprocess.run(_as_postgres(command), check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def _pg_ctl(self, *args: str) -> None:
        command = [self.bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), *args]
        subprocess.run(_as_postgres(command), check=True, stdout=subprocess.DEVNULL)  # noqa: S603

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses={self.listen} -k {self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._pg_ctl("-w", "-t", "60", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast` rolls back open transactions, as a restart by an operator does;
        `immediate` is a crash."""
        self._pg_ctl("-w", "-m", mode, "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def is_running(self) -> bool:
        command = [self.bin("pg_ctl"), "-D", str(self.data), "status"]
        return subprocess.run(_as_postgres(command), capture_output=True).returncode == 0  # noqa: S603

    def psql(self, dbname: str, sql: str) -> str:
        command = [self.bin("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
        command += ["-d", self.libpq_url(dbname), "-c", sql]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603

    def createdb(self, name: str) -> str:
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        return self.url(name)

    def remove(self) -> None:
        if self.data.exists() and self.is_running():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def postgres(listen: str = "127.0.0.1", port: int | None = None) -> Iterator[Postgres]:
    server = Postgres(listen, port or free_port(listen))
    try:
        server.initdb()
        server.start()
        yield server
    finally:
        server.remove()


class _Process:
    """A server run as a child process in its own session, so that signals reach only it."""

    listen: str
    port: int
    process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self.process = subprocess.Popen(  # noqa: S603
            self.command(),
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("ab"),
            start_new_session=True,
        )
        wait_for_port(self.listen, self.port)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.thaw()  # a stopped process never handles SIGTERM
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def freeze(self) -> None:
        """The kernel still accepts connections on the listening socket; nobody answers."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)


class Redis(_Process):
    """Redis without persistence: a restart empties it, as losing a cache node would."""

    def __init__(self, listen: str, port: int) -> None:
        self.listen, self.port = listen, port
        self.root = Path(tempfile.mkdtemp(prefix="bench-redis-"))
        self.log = self.root / "redis.log"

    @property
    def url(self) -> str:
        return f"redis://{self.listen}:{self.port}/0"

    def command(self) -> list[str]:
        return [
            REDIS_SERVER, "--bind", self.listen, "--port", str(self.port), "--save", "",
            "--appendonly", "no", "--dir", str(self.root), "--protected-mode", "no",
        ]  # fmt: skip


@contextlib.contextmanager
def redis(listen: str = "127.0.0.1", port: int | None = None) -> Iterator[Redis]:
    server = Redis(listen, port or free_port(listen))
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


class SmtpSink(_Process):
    """A real SMTP server (aiosmtpd) that keeps every message in a JSON-lines file, so that
    "delivered exactly once" can be checked after the sink itself was stopped and started."""

    def __init__(self, listen: str, port: int) -> None:
        self.listen, self.port = listen, port
        self.root = Path(tempfile.mkdtemp(prefix="bench-smtp-"))
        self.log = self.root / "smtp.log"
        self.store = self.root / "messages.jsonl"

    def command(self) -> list[str]:
        script = str(Path(__file__).resolve())
        return [sys.executable, script, "smtp-sink", self.listen, str(self.port), str(self.store)]

    def messages(self) -> list[dict[str, Any]]:
        """Each message received: envelope sender and recipients, Message-ID, Subject, To
        and the raw text."""
        if not self.store.exists():
            return []
        lines = self.store.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]


@contextlib.contextmanager
def smtp_sink(listen: str = "127.0.0.1", port: int | None = None) -> Iterator[SmtpSink]:
    server = SmtpSink(listen, port or free_port(listen))
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


def _serve_smtp(listen: str, port: int, store: str) -> None:
    from email import message_from_bytes

    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
            content = envelope.original_content or envelope.content
            parsed = message_from_bytes(content)
            record = {
                "received_at": time.time(),
                "mail_from": envelope.mail_from,
                "rcpt_tos": list(envelope.rcpt_tos),
                "message_id": parsed.get("Message-ID"),
                "subject": str(parsed.get("Subject", "")),
                "to": str(parsed.get("To", "")),
                "raw": content.decode("utf-8", "replace"),
            }
            # One write per message, flushed before the 250: once the client sees "sent",
            # the message is on disk.
            with open(store, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            return "250 OK"

    controller = Controller(Handler(), hostname=listen, port=port)
    controller.start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        signal.pause()
    finally:
        controller.stop()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "smtp-sink":
        _serve_smtp(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        raise SystemExit("usage: services.py smtp-sink HOST PORT FILE")
