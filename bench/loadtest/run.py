"""`make loadtest`: Consortium under load while its services fail, and nothing lost.

    python bench/loadtest/run.py                  # 30 users, 60 s per phase, size S
    python bench/loadtest/run.py --users 10 --seconds 30 --mail-down 30   # a quicker look

The app runs as `make bench` runs it (bench/run.py's gunicorn, production profile) but
against private PostgreSQL, Redis and SMTP servers (bench/services.py), so that a drill may
stop them without touching the machine's shared ones; an outbox worker runs beside it.
Locust (headless, bounded) plays visitors, members, staff, org admins and coordinators
(locustfile.py) in three phases, each with its faults:

1. PostgreSQL stopped for a few seconds and started again; later a dump taken while the load
   runs, restored into a fresh database and counted table by table against the dump's own
   snapshot (backup.py).
2. Redis stopped, later frozen (SIGSTOP: it accepts connections and never answers): requests
   must not wait over a second and the sign-in limit must still refuse a guesser.
3. The mail server down for a minute: every mail is delivered once it is back.

Then the invariants. It exits non-zero when one criterion fails and writes
bench/results/loadtest-<date>.json (bench/loadtest/report.py renders it).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import run as bench_run  # noqa: E402 - bench/run.py: the server as `make bench` runs it
import services  # noqa: E402

from loadtest import backup as backups  # noqa: E402
from loadtest import checks  # noqa: E402
from loadtest.htmlforms import FormParser  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
DATABASE = "consortium_bench_loadtest"  # generate.py drops only databases named *bench*
WAIT_LIMIT_S = 1.0  # no request waits longer while Redis is away


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- the outbox worker, supervised ------------------------------------------------------------


class OutboxWorker:
    """`flask outbox work` restarted whenever it exits, as systemd's Restart=always would:
    the worker does not survive a database that goes away, and how often it had to be
    restarted is part of the result."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env, self.log_path = env, log_path
        self.restarts = 0
        self.process: subprocess.Popen | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._supervise, daemon=True)

    def _spawn(self) -> subprocess.Popen:
        command = [str(BIN / "flask"), "--app", "wsgi", "outbox", "work", "--interval", "1"]
        with self.log_path.open("ab") as output:
            return subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=self.env, stdout=output, stderr=output,
                start_new_session=True,
            )  # fmt: skip

    def _supervise(self) -> None:
        while not self._stop.is_set():
            if self.process is None or self.process.poll() is not None:
                if self.process is not None:
                    self.restarts += 1
                    time.sleep(1)
                self.process = self._spawn()
            time.sleep(0.5)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)


# --- a client bound to another loopback address ----------------------------------------------


class Probe:
    """Plain HTTP from a chosen source address (127.0.0.2, ...): the sign-in limit drills
    count per address, and the load's own address must keep its allowance."""

    def __init__(self, port: int, source: str) -> None:
        self.port, self.source = port, source
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> dict:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(self.source, 0)
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.time()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            status, headers = response.status, dict(response.getheaders())
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
        except OSError as error:
            text, status, headers = str(error), 0, {}
        finally:
            connection.close()
        ms = round((time.time() - began) * 1000, 1)
        return {"status": status, "ms": ms, "text": text, "headers": headers}


def guess_passwords(port: int, source: str, until: float) -> dict[str, Any]:
    """Wrong passwords for one account from one address until the sign-in limit answers 429
    (or `until`, a wall-clock time, passes)."""
    probe = Probe(port, source)
    email = f"guess-{secrets.token_hex(4)}@loadtest.example"
    statuses, posts_ms = [], []
    page = probe.request("GET", "/en/login")  # one form: its CSRF token lasts the session
    parser = FormParser()
    parser.feed(page["text"])
    forms = [f for f in parser.forms if "password" in f["names"]]
    token = forms[0]["fields"].get("csrf_token", [""])[0] if forms else ""
    while time.time() < until:
        answer = probe.request(
            "POST", "/en/login", {"csrf_token": token, "email": email, "password": "wrong-guess"}
        )
        statuses.append(answer["status"])
        posts_ms.append(answer["ms"])
        if answer["status"] == 429:
            break
    return {
        "source": source,
        "attempts": len(statuses),
        "statuses": dict(Counter(statuses)),
        "refused_at_attempt": statuses.index(429) + 1 if 429 in statuses else None,
        "form_ms": page["ms"],
        "post_max_ms": max(posts_ms, default=None),
        "post_median_ms": sorted(posts_ms)[len(posts_ms) // 2] if posts_ms else None,
    }


def timed_pages(port: int, source: str, seconds: float) -> dict[str, Any]:
    """Light pages asked in turn for `seconds`: each must answer within WAIT_LIMIT_S."""
    probe = Probe(port, source)
    results = []
    deadline = time.time() + seconds
    while time.time() < deadline:
        for path in ("/en/", "/en/statements/", "/en/login"):
            results.append(probe.request("GET", path))
    ms = [r["ms"] for r in results]
    return {
        "requests": len(results),
        "statuses": dict(Counter(r["status"] for r in results)),
        "max_ms": max(ms) if ms else None,
        "over_limit": sum(1 for v in ms if v > WAIT_LIMIT_S * 1000),
    }


def unavailable_pages(port: int) -> dict[str, Any]:
    """While the database is down: a 503 in the reader's language, asking to come back."""
    probe = Probe(port, "127.0.0.1")
    seen = {}
    for path, lang in (("/sq/", "sq"), ("/sr-cyrl/statements/", "sr-Cyrl"), ("/mk/experts/", "mk")):
        answer = probe.request("GET", path)
        found = re.search(r"<html lang=\"([^\"]+)\"", answer["text"])
        seen[path] = {
            "status": answer["status"],
            "lang": found.group(1) if found else None,
            "retry_after": answer["headers"].get("Retry-After"),
            "pass": answer["status"] == 503 and bool(found) and found.group(1) == lang,
        }
    return {"pages": seen, "pass": all(p["pass"] for p in seen.values())}


# --- phases -----------------------------------------------------------------------------------


def run_locust(port: int, env: dict[str, str], users: int, seconds: int, prefix: Path) -> int:
    command = [
        str(BIN / "locust"), "-f", str(ROOT / "bench" / "loadtest" / "locustfile.py"),
        "--headless", "--users", str(users), "--spawn-rate", str(max(1, users // 6)),
        "--run-time", f"{seconds}s", "--stop-timeout", "5", "--only-summary",
        "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--loglevel", "WARNING",
    ]  # fmt: skip
    output = prefix.with_suffix(".log").open("wb")
    return subprocess.run(command, cwd=ROOT, env=env, stdout=output, stderr=output).returncode  # noqa: S603


def at(offset: float, began: float) -> None:
    """Sleep until `offset` seconds after `began`."""
    time.sleep(max(0.0, began + offset - time.time()))


class Drills:
    """What each phase breaks, and when (wall-clock times, to judge responses by)."""

    def __init__(self, pg: services.Postgres, rd: services.Redis, mail: services.SmtpSink,
                 port: int, work: Path, seconds: int, mail_down: int) -> None:  # fmt: skip
        self.pg, self.rd, self.mail, self.port = pg, rd, mail, port
        self.work, self.seconds, self.mail_down = work, seconds, mail_down
        # A baseline, then two faults of about 35 s each with the load on: with Redis away
        # each of gunicorn's 4 workers counts in its own memory, so a guesser may need up to
        # 4 x 6 + 1 = 25 attempts before the refusal, each a password hash on a busy machine.
        self.redis_seconds = seconds * 2
        self.windows: list[dict[str, Any]] = []  # faults during which 503 is allowed
        self.results: dict[str, Any] = {}

    def postgres(self, began: float) -> None:
        at(self.seconds * 0.25, began)
        down = time.time()
        log("drill: PostgreSQL stopped")
        self.pg.stop("fast")
        pages = unavailable_pages(self.port)
        time.sleep(max(0.0, down + 3 - time.time()))
        self.pg.start()
        up = time.time()
        log(f"drill: PostgreSQL up again after {up - down:.1f} s")
        self.windows.append({"fault": "postgresql", "start": down, "end": up, "allow_503": True})
        self.results["postgresql"] = {
            "down_at": down, "up_at": up, "down_s": round(up - down, 2), "pages_while_down": pages,
        }  # fmt: skip
        at(self.seconds * 0.6, began)
        self.results["backup"] = self.backup_drill()

    def backup_drill(self) -> dict[str, Any]:
        log("drill: dump under load, restore, count")
        dump = self.work / "drill.dump"
        url = self.pg.url(DATABASE)
        began = time.time()
        at_dump = backups.snapshot_dump(url, dump, self.pg.bin("pg_dump"))
        dumped = time.time()
        self.pg.createdb("consortium_restored")
        restored_url = self.pg.url("consortium_restored")
        backups.restore(dump, restored_url, self.pg.bin("pg_restore"))
        restored = backups.counts_of(restored_url)
        now = backups.counts_of(url)
        differences = {
            t: {"at_dump": at_dump.get(t), "restored": restored.get(t)}
            for t in sorted(set(at_dump) | set(restored))
            if at_dump.get(t) != restored.get(t)
        }
        return {
            "tables": len(at_dump),
            "rows_at_dump": sum(at_dump.values()),
            "rows_restored": sum(restored.values()),
            "rows_when_checked": sum(now.values()),  # writes went on meanwhile
            "dump_bytes": dump.stat().st_size,
            "dump_s": round(dumped - began, 2),
            "restore_s": round(time.time() - dumped, 2),
            "differences": differences,
            "counts": at_dump,
            "pass": not differences and bool(at_dump),
        }

    def redis(self, began: float) -> None:
        length = self.redis_seconds
        window = length * 0.28
        # The same drill with Redis healthy first: what a failed sign-in and a light page cost
        # anyway on this loaded machine, to read the faults' timings against.
        at(1, began)
        self.results["redis_baseline"] = {
            "sign_in_limit": guess_passwords(self.port, "127.0.0.4", time.time() + window - 5),
            "probe_pages": timed_pages(self.port, "127.0.0.4", 5),
        }
        for fault, source, offset in (("stopped", "127.0.0.2", 0.3), ("frozen", "127.0.0.3", 0.62)):
            at(length * offset, began)
            start = time.time()
            log(f"drill: Redis {fault}")
            self.rd.stop() if fault == "stopped" else self.rd.freeze()
            guesses = guess_passwords(self.port, source, start + window - 5)
            pages = timed_pages(self.port, source, max(1.0, start + window - time.time()))
            self.rd.start() if fault == "stopped" else self.rd.thaw()
            end = time.time()
            log(f"drill: Redis back after {end - start:.1f} s")
            self.windows.append({"fault": f"redis {fault}", "start": start, "end": end,
                                 "allow_503": False})  # fmt: skip
            # Gated: the limit still refuses, and light pages answer within a second. The
            # sign-in attempts' own times are reported beside the baseline's, not gated: a
            # password hash on a machine under load can take a second by itself.
            self.results[f"redis_{fault}"] = {
                "start": start, "end": end, "sign_in_limit": guesses, "probe_pages": pages,
                "pass": guesses["refused_at_attempt"] is not None
                and pages["over_limit"] == 0 and set(pages["statuses"]) <= {200},
            }  # fmt: skip

    def mail_outage(self, began: float) -> None:
        at(2, began)
        start = time.time()
        log(f"drill: mail server down for {self.mail_down} s")
        self.mail.stop()
        time.sleep(self.mail_down)
        self.mail.start()
        end = time.time()
        log("drill: mail server back")
        self.results["mail"] = {"start": start, "end": end, "down_s": round(end - start, 1)}


# --- the run ----------------------------------------------------------------------------------


def server_env(pg: services.Postgres, rd: services.Redis, mail: services.SmtpSink,
               seal_key: str) -> dict[str, str]:  # fmt: skip
    """What bench/run.py's server and the outbox worker need beyond its own settings."""
    return {
        "DATABASE_URL": pg.url(DATABASE),
        "BENCH_REDIS_URL": rd.url,  # bench/run.py passes it on as REDIS_URL
        "REDIS_URL": rd.url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail.port),
        "MAIL_TIMEOUT": "5",
        # bench/run.py draws a new SECRET_KEY; the accounts' TOTP secrets were sealed under
        # this one, which opens them as a fallback key, as after a key rotation.
        "SECRET_KEY_FALLBACKS": seal_key,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Consortium's load-and-fault drills")
    parser.add_argument("--size", choices=["S", "M", "L"], default="S")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60, help="per phase")
    parser.add_argument("--mail-down", type=int, default=60)
    parser.add_argument("--outbox-wait", type=int, default=420, help="at most, after the load")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, bench_run._terminate)
    started = time.time()
    work = Path(tempfile.mkdtemp(prefix="loadtest-"))
    log(f"working files in {work}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    seal_key = secrets.token_hex(32)
    result: dict[str, Any] = {"date": datetime.now(UTC).isoformat(timespec="seconds")}
    with services.postgres() as pg, services.redis() as rd, services.smtp_sink() as mail:
        url = pg.url(DATABASE)
        log(f"generating size {args.size} into a private PostgreSQL on port {pg.port}")
        manifest = work / "manifest.json"
        subprocess.run(  # noqa: S603 - our own scripts
            [sys.executable, "bench/generate.py", "--size", args.size, "--database", url,
             "--manifest", str(manifest)],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        accounts = work / "accounts.json"
        subprocess.run(  # noqa: S603
            [sys.executable, "bench/loadtest/accounts.py", "--database", url, "--out",
             str(accounts)],
            cwd=ROOT, check=True, env={**os.environ, "SECRET_KEY": seal_key},
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        os.environ.update(server_env(pg, rd, mail, seal_key))
        # bench/run.py asks the machine's Redis (6379) whether to count limits in Redis;
        # here the private one is always there.
        bench_run.redis_reachable = lambda: True
        port = bench_run.free_port()
        result["machine"] = bench_run.machine(url)
        result["dataset"] = json.loads(manifest.read_text())
        since = datetime.now(UTC)
        server = bench_run.start_server(url, port)
        worker_env = {
            **os.environ,
            "CONSORTIUM_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "PUBLIC_URL": "https://bench.example.org",
        }
        worker = OutboxWorker(worker_env, work / "outbox-worker.log")
        worker.start()
        events = work / "events.jsonl"
        locust_env = {
            **os.environ,
            "LOADTEST_ACCOUNTS": str(accounts),
            "LOADTEST_MANIFEST": str(manifest),
            "LOADTEST_EVENTS": str(events),
        }
        drills = Drills(pg, rd, mail, port, work, args.seconds, args.mail_down)
        phases = []
        try:
            for name, drill, seconds in (
                ("postgresql and backup", drills.postgres, args.seconds),
                ("redis", drills.redis, drills.redis_seconds),
                ("mail", drills.mail_outage, max(args.seconds, args.mail_down + 5)),
            ):
                log(f"phase {name}: {args.users} users for {seconds} s")
                began = time.time()
                thread = threading.Thread(target=drill, args=(began,))
                thread.start()
                code = run_locust(port, locust_env, args.users, seconds, work / name.split()[0])
                thread.join()
                for window in drills.windows:
                    window.setdefault("phase_began", began)
                    window.setdefault("phase_ended", time.time())
                phases.append({"phase": name, "seconds": seconds, "locust_exit": code,
                               "began": began, "ended": time.time()})  # fmt: skip
            log("load over: waiting for the outbox worker to catch up")
            result["outbox_wait"] = checks.wait_for_outbox(url, args.outbox_wait)
        finally:
            bench_run.stop_server(server)
            worker.stop()
        requests, writes = checks.read_events(events)
        result["phases"] = phases
        result["requests"] = checks.judge_requests(requests, drills.windows)
        result["drills"] = drills.results
        if "postgresql" in drills.results:
            drills.results["postgresql"]["recovery"] = checks.recovery(
                requests, drills.results["postgresql"]
            )
        result["writes"] = checks.check_writes_at(url, writes)
        result["invariants"] = checks.check_invariants(url, since)
        result["delivery"] = checks.check_delivery(url, mail)
        result["outbox_worker_restarts"] = worker.restarts
    result["method"] = {
        "server": "gunicorn sync x4 (bench/gunicorn.conf.py), CONSORTIUM_ENV=production, "
        "private PostgreSQL 15, Redis, SMTP sink (bench/services.py)",
        "load": f"Locust headless, {args.users} users per phase, think time 3-7 s",
        "size": args.size,
        "mail_down_s": args.mail_down,
    }
    result["criteria"] = criteria(result)
    result["pass"] = all(v is not False for v in result["criteria"].values())
    result["duration_s"] = round(time.time() - started, 1)
    out = RESULTS / f"loadtest-{datetime.now(UTC):%Y-%m-%d}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    log(f"wrote {out.relative_to(ROOT)}")
    for name, ok in result["criteria"].items():
        log(f"  {'PASS' if ok else ('n/a ' if ok is None else 'FAIL')}  {name}")
    if result["pass"]:
        shutil.rmtree(work, ignore_errors=True)
    else:  # every request and write, the locust and worker logs: what to look at next
        log(f"kept {work} (events.jsonl, locust and outbox worker logs)")
    return 0 if result["pass"] else 1


def criteria(result: dict[str, Any]) -> dict[str, bool | None]:
    drills, invariants = result["drills"], result["invariants"]
    return {
        "no 5xx but 503 during a database fault": result["requests"]["pass"],
        "503 page in the reader's language while PostgreSQL is down": drills.get("postgresql", {})
        .get("pages_while_down", {})
        .get("pass", False),
        "back to normal within 5 s of PostgreSQL": drills.get("postgresql", {})
        .get("recovery", {})
        .get("pass", False),
        "no acknowledged write lost or doubled": result["writes"]["pass"],
        "Redis stopped: limits enforced, no wait over 1 s": drills.get("redis_stopped", {}).get(
            "pass", False
        ),
        "Redis frozen: limits enforced, no wait over 1 s": drills.get("redis_frozen", {}).get(
            "pass", False
        ),
        "every mail delivered once after the mail outage": result["delivery"]["pass"],
        "backup restored row for row": drills.get("backup", {}).get("pass", False),
        "one decision per review round": invariants["one_decision_per_round"]["pass"],
        "every signature on the revision it names": invariants["signature_on_named_revision"][
            "pass"
        ],
        "one outbox mail per expected notification": invariants["one_mail_per_notification"][
            "pass"
        ],
        "registrations within capacity": invariants["registrations_within_capacity"]["pass"],
    }


if __name__ == "__main__":
    sys.exit(main())
