"""`make bench`: generate a data set, serve it with gunicorn, measure every page in rounds.

    python bench/run.py --size S --db postgresql        # the main figures
    python bench/run.py --size S --db sqlite

Method (performance-and-search.md §1.3 and §6): the app runs under gunicorn from
`bench/gunicorn.conf.py` with CONSORTIUM_BENCH=1, so two reference pages live in the same
app (`/bench/hello`, `/bench/fortunes`) and every response says how many SQL statements it
ran (`X-Query-Count`). wrk (closed loop, one thread, 8 connections) measures each page for a
few seconds, in turn, round after round; a round whose "hello" strays more than 20% from its
median is dropped, and each page's figures are medians over the rounds left, its ratios the
medians of the per-round ratios to "hello" and to "fortunes". Worker memory is the RSS of
the gunicorn workers (/proc) after warm-up and after 10,000 further requests over the pages.

Writes bench/results/<date>-<size>-<db>.json and rewrites BENCHMARKS.md from every result
there (bench/report.py).
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
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from services import children

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
CONNECTIONS = 8
DROP_DEVIATION = 0.20
LEAK_REQUESTS = 10_000

# Goals of issue 13 (reported, never asserted in tests).
GOALS = {
    "html_ratio_hello": 0.10,
    "html_ratio_fortunes": 0.35,
    "api_ratio_hello": 0.15,
    "floor_ratio_hello": 0.06,
    "queries_max": 4,
    "memory_mib_max": 100,
    "memory_growth_max": 0.10,
}


def database_url(size: str, db: str) -> str:
    if db == "postgresql":
        base = os.environ.get("BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
        return f"{base}/consortium_bench_{size.lower()}"
    return f"sqlite:///{ROOT / 'instance' / f'bench-{size.lower()}.sqlite3'}"


# --- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def start_server(url: str, port: int) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        CONSORTIUM_BENCH="1",
        CONSORTIUM_ENV="production",
        SECRET_KEY=secrets.token_hex(32),
        PUBLIC_URL="https://bench.example.org",
        DATABASE_URL=url,
        BENCH_PORT=str(port),
    )
    if redis_reachable():  # as operators run it: limits counted in Redis
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    else:
        env["SINGLE_PROCESS_LIMITS"] = "1"
    command = [str(BIN / "gunicorn"), "-c", "bench/gunicorn.conf.py", "wsgi:app"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if fetch(port, "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn exited; see its log above")
        time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def shared_and_own_mib(pid: int) -> tuple[float, float]:
    """(PSS, USS) in MiB: RSS counts in full every page a worker shares with the others
    (the shared libraries, ICU's data, what the master loaded before forking); PSS gives
    each its share, USS only what this worker alone holds, i.e. what one more worker costs."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    own = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return round(fields.get("Pss", 0) / 1024, 1), round(own / 1024, 1)


def workers_memory(master: int) -> dict[str, Any]:
    pids = children(master)
    values = [rss_mib(pid) for pid in pids]
    shares = [shared_and_own_mib(pid) for pid in pids]
    return {
        "workers": len(values),
        "rss_mib": values,
        "pss_mib": [pss for pss, _ in shares],
        "uss_mib": [uss for _, uss in shares],
        "max_mib": max(values) if values else None,
        "mean_mib": round(statistics.mean(values), 1) if values else None,
    }


# --- requests ----------------------------------------------------------------------------------


def fetch(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def deep_cursor_path(port: int, start: str, hops: int) -> str:
    """Follow the directory's "next" link `hops` times: a keyset page far from the first."""
    path = start
    for _ in range(hops):
        status, _headers, body = fetch(port, path)
        links = re.findall(r'rel="next" href="([^"]+)"', body.decode())
        if status != 200 or not links:
            break
        path = unescape(links[0])
    return path


def pages(port: int, manifest: dict[str, Any]) -> list[dict[str, str]]:
    samples = manifest["samples"]
    q = quote
    filters = samples["expert_filter"]
    filtered = f"/en/experts/?country={filters['country']}&area={filters['area']}"
    filtered += f"&language={filters['language']}"
    listed = [
        ("hello", "anchor", "/bench/hello"),
        ("fortunes", "anchor", "/bench/fortunes"),
        ("home", "html", "/en/"),
        ("partner directory", "html", "/en/organisations/"),
        ("partner profile", "html", f"/en/organisations/{samples['organisation']}"),
        ("experts, page 1", "html", "/en/experts/"),
        ("experts, deep page (21st)", "html", deep_cursor_path(port, "/en/experts/", 20)),
        ("experts, filtered", "html", filtered),
        ("search: Cyrillic for Latin (Београд)", "html", f"/en/search?q={q('Београд')}"),
        ("search: no diacritics (djordjevic)", "html", "/en/search?q=djordjevic"),
        ("search: typo (djordjevik)", "html", "/en/search?q=djordjevik"),
        ("search: prefix (kos)", "html", "/en/search?q=kos"),
        ("expert", "html", f"/en/experts/{samples['expert']}"),
        ("statements, list", "html", "/en/statements/"),
        ("statement", "html", f"/en/statements/{samples['statement']}"),
        ("API experts", "api", "/api/v1/experts/"),
        ("API statements", "api", "/api/v1/statements/"),
    ]
    return [{"name": n, "kind": k, "path": p} for n, k, p in listed]


def probe(port: int, page: dict[str, Any], times: int = 3) -> None:
    """Status, size and query count of a page, asked a few times (every worker warms)."""
    counts, status, size = [], 0, 0
    for _ in range(times):
        status, headers, body = fetch(port, page["path"])
        size = len(body)
        counts.append(int(headers.get("X-Query-Count", "-1")))
    page.update(status=status, bytes=size, queries=max(counts), queries_seen=sorted(set(counts)))


# --- wrk ---------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip()).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(port: int, path: str, seconds: float, script: str | None = None) -> dict[str, Any]:
    duration = f"{seconds:g}s"  # wrk wants "2s", not "2.0s"
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{duration}", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    result: dict[str, Any] = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),  # type: ignore[union-attr]
    }
    for label, key in (("50%", "p50_ms"), ("99%", "p99_ms")):
        found = re.search(rf"^\s+{label}\s+(\S+)", output, re.MULTILINE)
        result[key] = round(_ms(found.group(1)), 2) if found else None
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: (.*)", output)
    result["socket_errors"] = errors.group(1).strip() if errors else ""
    return result


CYCLE_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def leak_run(port: int, paths: list[str], requests: int, limit_s: float) -> dict[str, Any]:
    """At least `requests` requests over the pages in turn (wrk in 2-second runs), or as many
    as `limit_s` seconds allow on a crowded machine (the result says how many were made)."""
    quoted = ", ".join(json.dumps(p) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(CYCLE_SCRIPT % quoted)
        script = handle.name
    done, non_2xx, runs = 0, 0, 0
    began = time.time()
    try:
        while done < requests and time.time() - began < limit_s:
            result = wrk(port, "/", 2, script=script)
            done, non_2xx, runs = done + result["requests"], non_2xx + result["non_2xx"], runs + 1
    finally:
        Path(script).unlink(missing_ok=True)
    seconds = round(time.time() - began, 1)
    return {"requests": done, "non_2xx": non_2xx, "wrk_runs": runs, "seconds": seconds}


# --- the measurement ---------------------------------------------------------------------------


def warm_up(port: int, listed: list[dict[str, Any]]) -> None:
    for page in listed:  # every worker has loaded its templates and caches
        wrk(port, page["path"], 2)


def measure(port: int, listed: list[dict[str, Any]], rounds: int, seconds: float) -> None:
    for page in listed:
        page["rounds"] = []
    for number in range(rounds):
        for page in listed:
            page["rounds"].append(wrk(port, page["path"], seconds))
        hello = listed[0]["rounds"][-1]["rps"]
        print(f"  round {number + 1}/{rounds}: hello {hello:.0f} req/s", file=sys.stderr)


def summarise(listed: list[dict[str, Any]]) -> dict[str, Any]:
    hello_rounds = [r["rps"] for r in listed[0]["rounds"]]
    fortunes_rounds = [r["rps"] for r in listed[1]["rounds"]]
    hello_median = statistics.median(hello_rounds)
    kept = [i for i, v in enumerate(hello_rounds) if abs(v / hello_median - 1) <= DROP_DEVIATION]
    for page in listed:
        rounds = [page["rounds"][i] for i in kept]
        rps = [r["rps"] for r in rounds]
        to_hello = [page["rounds"][i]["rps"] / hello_rounds[i] for i in kept]
        to_fortunes = [page["rounds"][i]["rps"] / fortunes_rounds[i] for i in kept]
        page["summary"] = {
            "rps": round(statistics.median(rps), 1),
            "rps_min": round(min(rps), 1),
            "rps_max": round(max(rps), 1),
            "cv": round(statistics.pstdev(rps) / statistics.mean(rps), 3),
            "ratio_hello": round(statistics.median(to_hello), 4),
            "ratio_hello_min": round(min(to_hello), 4),
            "ratio_hello_max": round(max(to_hello), 4),
            "ratio_fortunes": round(statistics.median(to_fortunes), 4),
            "p50_ms": round(statistics.median(r["p50_ms"] for r in rounds), 2),
            "p99_ms": round(statistics.median(r["p99_ms"] for r in rounds), 2),
            "non_2xx": sum(r["non_2xx"] for r in page["rounds"]),
        }
        page["goals"] = verdict(page)
    return {
        "rounds": len(hello_rounds),
        "kept": len(kept),
        "dropped": len(hello_rounds) - len(kept),
    }


def verdict(page: dict[str, Any]) -> dict[str, Any]:
    if page["kind"] == "anchor":
        return {}
    s = page["summary"]
    ratio_goal = GOALS["api_ratio_hello"] if page["kind"] == "api" else GOALS["html_ratio_hello"]
    result = {
        "ratio_hello": s["ratio_hello"] >= ratio_goal,
        "floor": s["ratio_hello"] >= GOALS["floor_ratio_hello"],
        "queries": 0 <= page["queries"] <= GOALS["queries_max"],
        "status": page["status"] == 200 and s["non_2xx"] == 0,
    }
    if page["kind"] == "html":
        result["ratio_fortunes"] = s["ratio_fortunes"] >= GOALS["html_ratio_fortunes"]
    return result


# --- the machine -------------------------------------------------------------------------------


def machine(url: str) -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for name in ("flask", "sqlalchemy", "gunicorn", "psycopg", "werkzeug", "jinja2"):
        with contextlib.suppress(PackageNotFoundError):
            versions[name] = version(name)
    wrk_run = subprocess.run(["wrk", "-v"], capture_output=True, text=True)  # noqa: S607
    wrk_version = wrk_run.stdout
    database = ""
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                database = connection.execute(text("SHOW server_version")).scalar() or ""
                database = f"PostgreSQL {database}"
            else:
                database = "SQLite " + str(
                    connection.execute(text("select sqlite_version()")).scalar()
                )
        engine.dispose()
    except Exception as error:
        database = f"unknown ({error})"
    load = Path("/proc/loadavg").read_text().split()[:3]
    return {
        "host": platform.node(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory) / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "database": database,
        "wrk": wrk_version.split("\n")[0].strip(),
        "packages": versions,
        "loadavg_at_start": load,
    }


def _terminate(signum: int, _frame: Any) -> None:
    raise SystemExit(f"stopped by signal {signum}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Consortium's benchmark (make bench)")
    parser.add_argument("--size", choices=["S", "M", "L"], default="S")
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=2.0, help="per page per round")
    parser.add_argument(
        "--leak-seconds", type=float, default=120, help="at most this long for the 10,000"
    )
    parser.add_argument("--skip-generate", action="store_true", help="reuse the database")
    args = parser.parse_args()
    if args.rounds < 8:
        parser.error("at least 8 rounds (issue 13)")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk (make bench does this)")

    signal.signal(signal.SIGTERM, _terminate)  # `timeout`, Ctrl-C: gunicorn is stopped too
    started = time.time()
    url = database_url(args.size, args.db)
    RESULTS.mkdir(parents=True, exist_ok=True)
    manifest_path = RESULTS / f"dataset-{args.size}-{args.db}.json"
    if not args.skip_generate or not manifest_path.exists():
        print(f"== generating {args.size} on {args.db}", file=sys.stderr)
        subprocess.run(  # noqa: S603 - our own script
            [sys.executable, "bench/generate.py", "--size", args.size, "--database", url,
             "--manifest", str(manifest_path)],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    manifest = json.loads(manifest_path.read_text())
    info = machine(url)
    port = free_port()
    print(f"== gunicorn on 127.0.0.1:{port}", file=sys.stderr)
    server = start_server(url, port)
    try:
        listed = pages(port, manifest)
        for page in listed:
            probe(port, page)
            print(
                f"  {page['status']} q={page['queries']} {page['bytes']:>7} B  {page['path']}",
                file=sys.stderr,
            )
        broken = [p for p in listed if p["status"] != 200]
        if broken:
            raise SystemExit(
                "pages that do not answer 200: " + ", ".join(p["path"] for p in broken)
            )
        warm_up(port, listed)
        memory = {"after_warm_up": workers_memory(server.pid)}
        print(f"== {LEAK_REQUESTS} requests over the pages", file=sys.stderr)
        real = [p["path"] for p in listed if p["kind"] != "anchor"]
        memory["leak_run"] = leak_run(port, real, LEAK_REQUESTS, args.leak_seconds)
        memory["after_10k"] = workers_memory(server.pid)
        print(f"== {args.rounds} rounds x {len(listed)} pages x {args.seconds} s", file=sys.stderr)
        measure(port, listed, args.rounds, args.seconds)
        memory["at_end"] = workers_memory(server.pid)
    finally:
        stop_server(server)
    rounds = summarise(listed)
    before, after = memory["after_warm_up"]["max_mib"], memory["after_10k"]["max_mib"]
    memory["growth"] = round(after / before - 1, 3) if before else None
    memory["goals"] = {
        "max_mib": after is not None and after <= GOALS["memory_mib_max"],
        "growth": memory["growth"] is not None and memory["growth"] <= GOALS["memory_growth_max"],
    }
    now = datetime.now(UTC)
    result = {
        "date": now.isoformat(timespec="seconds"),
        "size": args.size,
        "db": args.db,
        "method": {
            "server": "gunicorn sync x4 (bench/gunicorn.conf.py), CONSORTIUM_ENV=production",
            "load": f"wrk -t1 -c{CONNECTIONS} --latency, {args.seconds} s per page per round",
            "rounds": rounds,
            "drop_rule": f"rounds whose hello is more than {DROP_DEVIATION:.0%} off its median",
        },
        "goals": GOALS,
        "machine": info,
        "dataset": manifest,
        "pages": listed,
        "memory": memory,
        "duration_s": round(time.time() - started, 1),
    }
    out = RESULTS / f"{now:%Y-%m-%d}-{args.size}-{args.db}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"== wrote {out.relative_to(ROOT)} ({result['duration_s']} s)", file=sys.stderr)
    subprocess.run([sys.executable, "bench/report.py"], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
