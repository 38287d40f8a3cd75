"""The newest `make loadtest` result as a Markdown section for BENCHMARKS.md.

    from loadtest.report import markdown      # bench/report.py, with bench/ on sys.path
    text = markdown(Path("bench/results"))

Only the newest result: a drill's outcome is a fact about the code of that day, not a
series to average.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def newest(results_dir: Path) -> dict[str, Any] | None:
    files = sorted(results_dir.glob("loadtest-*.json"))
    return json.loads(files[-1].read_text()) if files else None


def _verdict(value: bool | None) -> str:
    return {True: "pass", False: "**FAIL**", None: "n/a"}[value]


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def markdown(results_dir: Path) -> str:
    result = newest(results_dir)
    if result is None:
        return "## Load and fault drills\n\nNo `make loadtest` result yet.\n"
    requests, drills = result["requests"], result["drills"]
    method, machine = result["method"], result.get("machine", {})
    lines = [
        "## Load and fault drills",
        "",
        f"`make loadtest` on {result['date'][:10]} ({machine.get('cpu', '?')}, "
        f"{machine.get('cores', '?')} cores, {machine.get('database', '?')}): "
        f"{method['load']}, data set {method['size']}, one phase per fault; "
        f"{method['server']}. Overall: **{'pass' if result['pass'] else 'FAIL'}**.",
        "",
        "| Criterion | Result |",
        "|---|---|",
    ]
    lines += [f"| {name} | {_verdict(ok)} |" for name, ok in result["criteria"].items()]
    statuses = ", ".join(f"{code}: {n:,}" for code, n in requests["by_status"].items())
    lines += [
        "",
        f"Requests: {requests['requests']:,} ({statuses}); p50 {_ms(requests['p50_ms'])}, "
        f"p99 {_ms(requests['p99_ms'])}. Server errors other than 503: "
        f"{requests['server_errors_not_503']}; 503 outside a database fault: "
        f"{requests['503_outside_faults']}; connection errors: {requests['connection_errors']}.",
        "",
        "| Drill | What happened |",
        "|---|---|",
    ]
    pg = drills.get("postgresql")
    if pg:
        rec = pg.get("recovery", {})
        lines.append(
            f"| PostgreSQL stopped {pg['down_s']} s, started | {rec.get('503_responses')} "
            f"responses 503; last 503 {rec.get('last_503_after_up_s')} s after it was up, "
            f"first success after {rec.get('first_success_after_up_s')} s; outbox worker "
            f"restarted {result.get('outbox_worker_restarts', '?')} time(s) |"
        )
    for fault in ("stopped", "frozen"):
        drill = drills.get(f"redis_{fault}")
        if not drill:
            continue
        limit, pages = drill["sign_in_limit"], drill["probe_pages"]
        load = requests["during_faults"].get(f"redis {fault}", {})
        calm = load.get("same_phase_without_fault", {})
        lines.append(
            f"| Redis {fault} {drill['end'] - drill['start']:.0f} s | sign-in limit refused "
            f"at attempt {limit['refused_at_attempt']}; sign-in POST max "
            f"{_ms(limit['post_max_ms'])}; light pages max {_ms(pages['max_ms'])}, "
            f"{pages['over_limit']} over 1 s; the load's requests p50 {_ms(load.get('p50_ms'))}, "
            f"p90 {_ms(load.get('p90_ms'))}, {load.get('over_1s')} of {load.get('requests')} "
            f"over 1 s (same phase without the fault: p50 {_ms(calm.get('p50_ms'))}, "
            f"p90 {_ms(calm.get('p90_ms'))}) |"
        )
    baseline = drills.get("redis_baseline", {})
    if baseline:
        limit, pages = baseline["sign_in_limit"], baseline.get("probe_pages") or {}
        lines.append(
            f"| (Redis healthy, same load, for comparison) | sign-in limit refused at attempt "
            f"{limit['refused_at_attempt']}; sign-in POST max {_ms(limit['post_max_ms'])}; "
            f"light pages max {_ms(pages.get('max_ms'))} |"
        )
    mail, delivery = drills.get("mail"), result["delivery"]
    if mail:
        lines.append(
            f"| Mail server down {mail['down_s']} s | {delivery['sent']} of "
            f"{delivery['outbox_rows']} mails sent, {delivery['received']} received, "
            f"{delivery['missing']} missing, {delivery['received_twice']} twice; outbox "
            f"drained {result['outbox_wait']['waited_s']} s after the load |"
        )
    backup = drills.get("backup")
    if backup:
        lines.append(
            f"| Dump under load, restore | {backup['tables']} tables, "
            f"{backup['rows_at_dump']:,} rows at the dump's snapshot, "
            f"{backup['rows_restored']:,} restored, {len(backup['differences'])} tables "
            f"differ; dump {backup['dump_s']} s, restore {backup['restore_s']} s |"
        )
    writes = result["writes"]
    lines += ["", "| Writes | Attempted | Acknowledged | Lost | Doubled |", "|---|---|---|---|---|"]
    for kind in ("revision", "decision", "signature"):
        w = writes[kind]
        lines.append(
            f"| {kind} | {w['attempted']} | {w['acknowledged']} | {w['lost']} | {w['doubled']} |"
        )
    mails = result["invariants"]["one_mail_per_notification"]["by_kind"]
    if mails:
        lines += [
            "",
            "| Notification | Events | Mails expected | Mails queued |",
            "|---|---|---|---|",
        ]
        for kind, m in mails.items():
            lines.append(f"| {kind} | {m['events']} | {m['expected']} | {m['queued']} |")
    lines += [
        "",
        "Registrations within capacity: not measured, the events domain does not exist yet.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(Path(__file__).resolve().parents[1] / "results"))
