"""`make scaleout`: two app hosts, one database, nginx in front — and what must stay true.

    sudo .venv/bin/python bench/scaleout/run.py [--seconds 30] [--mails 300]

As root (network namespaces). The drill builds, on this machine, what an operator builds when
one machine is not enough (see stage.py for the picture): two app hosts, each the repository's
production gunicorn (gunicorn.conf.py, CONSORTIUM_ENV=production) in a network namespace of
its own with its own address; nginx in the root namespace terminating TLS with a throw-away
certificate, started from docs/nginx.conf.example; one private PostgreSQL, Redis and SMTP
sink (bench/services.py) on the bridge's address. The data set is bench/generate.py's S.

Then it proves, through nginx:
1. sessions: signed in through host 1, the account page answers through host 2; signed out
   through host 2, host 1 no longer knows the session;
2. rate limits: failed sign-ins alternating between the hosts are refused at the configured
   count plus one (the count lives in Redis, not in each process);
3. mail: both hosts' outbox workers (`flask --app wsgi outbox work`) drain a few hundred
   mails, and the SMTP sink receives each exactly once;
4. a host killed (SIGKILL to gunicorn's master and workers) under load: every write the
   clients saw acknowledged (201) is in the database exactly once; GET failures (nginx
   retries GETs on the other host) are counted against a goal of none.

Writes bench/results/scaleout-<date>.json; exits 1 if a check fails. Everything it made
(namespaces, bridge, processes, temp dirs) is removed at the end, on failure and Ctrl-C too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for path in (ROOT, ROOT / "bench", HERE):  # the drill's modules, bench's, the app's
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import checks  # noqa: E402
import generate  # noqa: E402 - bench/generate.py: the data set
import services  # noqa: E402 - bench/services.py: private PostgreSQL, Redis, SMTP sink
import stage  # noqa: E402
from data import Data  # noqa: E402

RESULTS = ROOT / "bench" / "results"
DATABASE = "consortium_bench_scaleout"  # generate.py drops only databases named *bench*
PUBLIC_URL = "https://consortium.test"


def free_port() -> int:
    return services.free_port("127.0.0.1")


def _terminate(signum: int, _frame: Any) -> None:
    raise SystemExit(f"stopped by signal {signum}")


# --- the drill ---------------------------------------------------------------------------------


def drain_mail(
    hosts: list[stage.Host], data: Data, sink: Any, count: int, timeout: float
) -> dict[str, Any]:
    for host in hosts:
        host.start_mail(stage.GATEWAY, sink.port, interval=0.5)
    time.sleep(3)  # both workers have loaded the app and poll: they race for the same rows
    queued = data.queue_mails(count)
    began = time.time()
    sent = 0
    while time.time() - began < timeout:
        sent = data.scalar(
            "SELECT count(*) FROM outbox_messages WHERE kind = 'scaleout' AND sent_at IS NOT NULL"
        )
        if sent >= count:
            break
        time.sleep(0.5)
    drained_s = round(time.time() - began, 1)
    time.sleep(2)  # a second sending of anything would show up now
    for host in hosts:
        host.stop("outbox")
        host.stop("relay")
    per_host: Counter = Counter()
    for host in hosts:
        log = host.logs / f"{host.name}-outbox.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        per_host[host.name] = sum(int(n) for n in re.findall(r"^sent (\d+),", text, re.M))
    result = checks.mail_once(queued, sink.messages(), per_host)
    result["drained_in_s"] = drained_s
    result["sent_in_database"] = sent
    result["claimed_by_distinct_workers"] = data.scalar(
        "SELECT count(DISTINCT claimed_by) FROM outbox_messages WHERE kind = 'scaleout'"
    )
    return result


def load_with_kill(
    site: checks.Site,
    hosts: list[stage.Host],
    data: Data,
    people: dict[str, Any],
    samples: dict[str, Any],
    args: argparse.Namespace,
) -> dict[str, Any]:
    run_id = secrets.token_hex(4)
    reads = [
        "/en/",
        "/en/organisations/",
        f"/en/organisations/{samples['organisation']}",
        "/en/experts/",
        f"/en/experts/{samples['expert']}",
        "/en/statements/",
        f"/en/statements/{samples['statement']}",
        "/healthz",
    ]
    load = checks.Load(site, reads, people["tokens"], run_id, readers=args.readers)
    victim = hosts[0]

    def kill_host_1() -> dict[str, Any]:
        # Writes are held before their INSERT (a table lock) until one is seen waiting on a
        # connection from host 1: host 1 then dies with a write in flight, every time. Such
        # a write cannot have committed, so finding it in the database would mean nginx sent
        # it again to host 2.
        with data.writes_held() as waiting_from:
            probes, deadline = 0, time.time() + 8
            while not waiting_from(victim.address) and time.time() < deadline:
                if probes < 8:
                    load.probe()  # round robin: the next one or two go to host 1
                    probes += 1
                time.sleep(0.4)
            in_flight = waiting_from(victim.address)
            killed_at = time.time()
            pids = victim.kill_gunicorn()
            time.sleep(1)  # nginx answers host 1's writes before host 2's go on
        return {
            "signalled_pids": len(pids),
            "writes_in_flight_on_h1": in_flight,
            "probes": probes,
            "killed_at": killed_at,
        }

    def restart_host_1() -> dict[str, Any]:
        began = time.time()
        victim.start_gunicorn(args.workers)
        return {"healthy_after_s": round(time.time() - began, 1)}

    events = [(args.kill_at, kill_host_1)]
    if args.restart_at:
        events.append((args.restart_at, restart_host_1))
    happened = load.run(args.seconds, events)
    stored = {
        title: count
        for title, count in data.rows(
            "SELECT t.title, count(DISTINCT r.statement_id) FROM statement_texts t "
            "JOIN statement_revisions r ON r.id = t.revision_id "
            "WHERE t.title LIKE :prefix GROUP BY t.title",
            prefix=f"scaleout {run_id} %",
        )
    }
    result = checks.no_acknowledged_loss(load, stored, site)
    result["events"] = happened
    kill = next((e["outcome"] for e in happened if e["event"] == "kill_host_1"), {})
    result["writes_in_flight_on_h1_at_kill"] = kill.get("writes_in_flight_on_h1", 0)
    kill_at = kill.get("killed_at", load.began + args.kill_at)
    after = [r for r in load.reads if r["at"] >= kill_at]
    result["reads_after_kill"] = len(after)
    result["reads_after_kill_by_upstream"] = dict(
        Counter((r.get("upstream") or "none").replace(" ", "") for r in after).most_common(6)
    )
    result["seconds"] = args.seconds
    result["readers"] = args.readers
    result["writers"] = len(people["tokens"])
    return result


def proxy_log(site: checks.Site, log: Path) -> dict[str, Any]:
    """The example's access log keeps a single-use link's token out (README: single-use
    links), and every line names the host that answered."""
    token = secrets.token_urlsafe(24)
    answer = site.client().get(
        f"{site.main}/en/reset-password/{token}", allow_redirects=False, timeout=20
    )
    time.sleep(0.2)
    text = log.read_text(errors="replace")
    result = {
        "status": answer.status_code,
        "token_in_log": token in text,
        "redacted_line": next((line for line in text.splitlines() if "reset-password" in line), ""),
    }
    result["passed"] = not result["token_in_log"] and '/en/reset-password/..."' in text
    return result


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "",
    )
    nginx = stage.sh("nginx", "-v", check=False).stderr.strip()
    return {
        "host": platform.node(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "nginx": nginx.replace("nginx version: ", ""),
        "loadavg_at_start": Path("/proc/loadavg").read_text().split()[:3],
    }


def drill(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    from consortium.config import BaseConfig

    results: dict[str, Any] = {"checks": {}}
    timings: dict[str, float] = {}
    mark = time.time()
    with contextlib.ExitStack() as stack:
        stack.enter_context(stage.network())
        pg = stack.enter_context(services.postgres(listen=stage.GATEWAY))
        rd = stack.enter_context(services.redis(listen=stage.GATEWAY))
        sink = stack.enter_context(services.smtp_sink(listen=stage.GATEWAY))
        stage.open_postgres_to_hosts(pg)
        url = pg.url(DATABASE)
        results["database"] = pg.psql("postgres", "SHOW server_version").strip()
        timings["services_s"] = round(time.time() - mark, 1)
        mark = time.time()
        print(f"== data set {args.size} into {url}", file=sys.stderr)
        manifest = generate.generate(args.size, url, generate.SEED, None)
        data = Data(url)
        stack.callback(data.close)
        people = data.people(manifest["samples"]["organisation"], args.writers)
        results["dataset"] = {"size": args.size, "rows": manifest["rows"]}
        timings["data_s"] = round(time.time() - mark, 1)

        mark = time.time()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
            "CONSORTIUM_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),  # the same on every host
            "DATABASE_URL": url,
            "REDIS_URL": rd.url,
            "PUBLIC_URL": PUBLIC_URL,
            "PROXY_FIX_X_FOR": "1",
        }
        logs = work / "logs"
        logs.mkdir()
        hosts = [stage.Host(name, addr, env, logs) for name, addr in stage.HOSTS.items()]
        stack.callback(lambda: [host.stop() for host in hosts])
        for host in hosts:
            print(f"== gunicorn on {host.name} ({host.address})", file=sys.stderr)
            host.start_gunicorn(args.workers)
        timings["hosts_s"] = round(time.time() - mark, 1)

        port, http_port = free_port(), free_port()
        pinned = {name: free_port() for name in stage.HOSTS}
        stack.enter_context(stage.nginx(work / "nginx", port, http_port, pinned))
        site = checks.Site(
            main=f"https://127.0.0.1:{port}",
            pinned={name: f"https://127.0.0.1:{p}" for name, p in pinned.items()},
            addresses=dict(stage.HOSTS),
            cert=str(work / "nginx" / "fullchain.pem"),
        )
        redirect = site.client().get(
            f"http://127.0.0.1:{http_port}/en/", allow_redirects=False, timeout=10
        )
        results["http_redirect"] = {
            "status": redirect.status_code,
            "location": redirect.headers.get("Location"),
        }

        print("== 1. a session opened on host 1, used on host 2", file=sys.stderr)
        session = people["session"]
        results["checks"]["sessions"] = checks.sessions_shared(
            site, session["email"], session["password"]
        )
        results["checks"]["proxy_log"] = proxy_log(site, work / "nginx" / "access.log")
        print("== 2. sign-in failures spread over both hosts", file=sys.stderr)
        limit = int(BaseConfig.LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS.split()[0])
        results["checks"]["rate_limits"] = checks.limits_shared(
            site, people["limit"]["email"], limit, attempts=limit + 4
        )
        print(f"== 3. {args.mails} mails, one outbox worker per host", file=sys.stderr)
        mark = time.time()
        results["checks"]["mail"] = drain_mail(hosts, data, sink, args.mails, timeout=120)
        timings["mail_s"] = round(time.time() - mark, 1)
        print(
            f"== 4. load for {args.seconds} s, host 1 killed at {args.kill_at} s", file=sys.stderr
        )
        mark = time.time()
        results["checks"]["host_killed"] = load_with_kill(
            site, hosts, data, people, manifest["samples"], args
        )
        timings["load_s"] = round(time.time() - mark, 1)
        results["served_by_host"] = {
            host.name: stage.gunicorn_requests(logs / f"{host.name}-gunicorn.log") for host in hosts
        }
        results["nginx_errors"] = stage.log_tail(work / "nginx" / "error.log", 12).splitlines()
    results["timings"] = timings
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="Two app hosts behind nginx (make scaleout)")
    parser.add_argument("--size", choices=sorted(generate.SIZES), default="S")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per host")
    parser.add_argument("--mails", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=30, help="length of the load")
    parser.add_argument("--kill-at", type=float, default=8)
    parser.add_argument("--restart-at", type=float, default=14, help="0: leave host 1 dead")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--writers", type=int, default=2)
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: the drill makes network namespaces (make scaleout)")
    for tool in ("nginx", "openssl", "ip"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed: apt-get install -y nginx openssl iproute2")

    signal.signal(signal.SIGTERM, _terminate)
    started = time.time()
    work = Path(tempfile.mkdtemp(prefix="scaleout-"))
    try:
        info = machine()
        results = drill(args, work)
    except BaseException:
        for log in sorted((work / "logs").glob("*.log")) if (work / "logs").exists() else []:
            print(f"--- {log.name}\n{stage.log_tail(log)}", file=sys.stderr)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    now = datetime.now(UTC)
    verdicts = {name: check["passed"] for name, check in results["checks"].items()}
    result = {
        "date": now.isoformat(timespec="seconds"),
        "machine": info,
        "setup": {
            "hosts": {name: f"{addr}:{stage.APP_PORT}" for name, addr in stage.HOSTS.items()},
            "gunicorn": f"gunicorn.conf.py (sync), {args.workers} workers per host, "
            "CONSORTIUM_ENV=production, PROXY_FIX_X_FOR=1",
            "proxy": "nginx from docs/nginx.conf.example, TLS (self-signed), "
            "proxy_next_upstream error timeout http_502 http_503 (no non_idempotent)",
            "services": "bench/services.py: PostgreSQL, Redis, SMTP sink on "
            f"{stage.GATEWAY} (bridge {stage.BRIDGE})",
            "load": f"{args.readers} readers (GET pages) + {args.writers} writers "
            f"(POST /api/v1/statements/, unique titles) for {args.seconds} s; host 1 "
            f"SIGKILLed at {args.kill_at} s"
            + (f", restarted at {args.restart_at} s" if args.restart_at else ""),
        },
        "not_covered": [
            "digest workers: they do not exist yet; only the outbox worker is run on both hosts"
        ],
        **results,
        "passed": verdicts,
        "duration_s": round(time.time() - started, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"scaleout-{now:%Y-%m-%d}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"== wrote {out.relative_to(ROOT)} ({result['duration_s']} s)", file=sys.stderr)
    for name, ok in verdicts.items():
        print(f"  {'PASS' if ok else 'FAIL'} {name}", file=sys.stderr)
    killed = results["checks"]["host_killed"]
    print(
        f"  GET failures during the kill: {killed['read_failures']} of {killed['reads']}",
        file=sys.stderr,
    )
    if not all(verdicts.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
