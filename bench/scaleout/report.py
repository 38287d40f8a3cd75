"""The newest `make scaleout` result as a Markdown section of BENCHMARKS.md.

    from scaleout.report import markdown      # bench/ on sys.path, as bench/report.py has it
    text = markdown(Path("bench/results"))

Standard library only: bench/report.py imports it without the drill's dependencies.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def newest(results_dir: Path) -> dict[str, Any] | None:
    paths = sorted(results_dir.glob("scaleout-*.json"))
    return json.loads(paths[-1].read_text()) if paths else None


def _verdict(passed: bool) -> str:
    return "pass" if passed else "**FAIL**"


def markdown(results_dir: Path) -> str:
    result = newest(results_dir)
    if result is None:
        return "## Two hosts behind nginx (`make scaleout`)\n\nNot run yet.\n"
    checks = result["checks"]
    machine, setup = result["machine"], result["setup"]
    sessions, limits = checks["sessions"], checks["rate_limits"]
    mail, killed = checks["mail"], checks["host_killed"]
    events = {e["event"]: e for e in killed.get("events", [])}
    restart = events.get("restart_host_1", {}).get("outcome", {}).get("healthy_after_s")
    refused_at = limits["first_429_at_attempt"]
    per_host = ", ".join(f"{h} {n}" for h, n in sorted(limits["allowed_per_host"].items()))
    sent = ", ".join(f"{h} {n}" for h, n in sorted(mail["sent_by_worker"].items()))
    lines = [
        "## Two hosts behind nginx (`make scaleout`)",
        "",
        f"{result['date'][:10]}, {machine['cpu']} ({machine['cores']} cores), "
        f"{machine['nginx']}, PostgreSQL {result.get('database', '?')}; "
        f"{result['duration_s']:.0f} s in all.",
        "",
        f"- Hosts: {', '.join(setup['hosts'].values())}, each in its own network namespace; "
        f"{setup['gunicorn']}.",
        f"- Proxy: {setup['proxy']}.",
        f"- Services: {setup['services']}.",
        f"- Load: {setup['load']}.",
        "",
        "| Claim | Measured | Verdict |",
        "|---|---|---|",
        "| A session opened on host 1 is valid on host 2 | signed in via host 1 "
        f"({sessions['sign_in_via_h1']}), account page via host 2 "
        f"{sessions['account_page_via_h2']}; signed out via host 2, host 1 answers "
        f"{sessions['account_page_via_h1_after_sign_out']} (to sign-in); "
        f"{len(sessions['hsts_headers'])} HSTS header | {_verdict(sessions['passed'])} |",
        f"| Rate limits are shared | limit {limits['limit']} failed sign-ins per account and "
        f"address: first 429 at attempt {refused_at}, the allowed ones served by {per_host} "
        f"| {_verdict(limits['passed'])} |",
        f"| Outbox workers on both hosts never send a mail twice | {mail['queued']} queued, "
        f"{mail['delivered_messages']} received by the sink, {len(mail['duplicates'])} "
        f"duplicates, {len(mail['missing'])} missing; sent by {sent}; drained in "
        f"{mail['drained_in_s']} s | {_verdict(mail['passed'])} |",
        f"| A host killed under load loses no acknowledged request | "
        f"{killed['acknowledged_writes']} writes acknowledged (201), "
        f"{len(killed['acknowledged_lost'])} lost, {len(killed['stored_more_than_once'])} "
        f"stored twice; {killed['writes'] - killed['acknowledged_writes']} not acknowledged "
        f"(statuses {killed['write_statuses']}; in flight on host 1 when it died, "
        f"{killed.get('writes_in_flight_on_h1_at_kill', '?')} of them seen waiting at the "
        f"database), of which {len(killed['unacknowledged_but_committed'])} in the database, "
        "i.e. none sent again to host 2 "
        f"| {_verdict(killed['passed'])} |",
        f"| GETs survive the kill (goal: no failure) | {killed['read_failures']} failures "
        f"of {killed['reads']} GETs ({killed['reads_after_kill']} after the kill; "
        f"statuses {killed['read_statuses']}); p50 {killed['read_p50_ms']} ms, max "
        f"{killed['read_max_ms']} ms | {_verdict(killed['read_goal_met'])} |",
    ]
    if "proxy_log" in checks:
        logged = checks["proxy_log"]
        lines.append(
            "| nginx's access log keeps single-use tokens out | a reset link's request logged "
            f"as `{logged['redacted_line'].split('] ', 1)[-1]}` | {_verdict(logged['passed'])} |"
        )
    lines += [
        "",
        f"Reads by upstream (`a->b`: nginx retried on b): {killed['reads_by_upstream']}."
        + (f" Host 1, restarted, answered /healthz after {restart} s." if restart else ""),
        "",
    ]
    if result.get("not_covered"):
        lines += ["Not covered: " + "; ".join(result["not_covered"]) + ".", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(Path(__file__).resolve().parents[1] / "results"))
