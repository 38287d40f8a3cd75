"""Rewrite BENCHMARKS.md from bench/results/*.json (the newest run per size and database),
with bench/notes.md (the findings, written by hand) after the tables, and a chart of
latency against data set size when at least two sizes were measured on one database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
NOTES = ROOT / "bench" / "notes.md"
OUT = ROOT / "BENCHMARKS.md"
CHART = RESULTS / "latency-by-size.png"
SIZE_ORDER = {"S": 0, "M": 1, "L": 2}


def latest() -> list[dict[str, Any]]:
    runs: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(RESULTS.glob("20*-*-*.json")):
        data = json.loads(path.read_text())
        data["file"] = path.name
        key = (data["size"], data["db"])
        if key not in runs or data["date"] > runs[key]["date"]:
            runs[key] = data
    return sorted(runs.values(), key=lambda r: (r["db"] != "postgresql", SIZE_ORDER[r["size"]]))


def mark(ok: bool | None) -> str:
    return "" if ok is None else ("✓" if ok else "**✗**")


def page_table(run: dict[str, Any]) -> list[str]:
    goals = run["goals"]
    lines = [
        f"| page | req/s (min–max) | p50 ms | p99 ms | × hello (min–max) | × fortunes | "
        f"queries | ≥ {goals['html_ratio_hello']} hello (HTML) / ≥ {goals['api_ratio_hello']} "
        f"(API) | ≥ {goals['html_ratio_fortunes']} fortunes | ≥ {goals['floor_ratio_hello']} "
        f"floor | ≤ {goals['queries_max']} queries |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for page in run["pages"]:
        s, g = page["summary"], page.get("goals") or {}
        lines.append(
            f"| {page['name']} | {s['rps']:,.0f} ({s['rps_min']:,.0f}–{s['rps_max']:,.0f}) "
            f"| {s['p50_ms']} | {s['p99_ms']} | {s['ratio_hello']:.3f} "
            f"({s['ratio_hello_min']:.3f}–{s['ratio_hello_max']:.3f}) | "
            f"{s['ratio_fortunes']:.3f} | {page['queries']} | {mark(g.get('ratio_hello'))} | "
            f"{mark(g.get('ratio_fortunes'))} | {mark(g.get('floor'))} | {mark(g.get('queries'))} |"
        )
    return lines


def memory_lines(run: dict[str, Any]) -> list[str]:
    m, goals = run["memory"], run["goals"]

    def rss(entry: dict[str, Any]) -> str:
        return ", ".join(f"{v:.1f}" for v in entry["rss_mib"])

    def own(entry: dict[str, Any]) -> str:
        if "uss_mib" not in entry:  # results from before PSS and USS were measured
            return "–"
        return f"{max(entry['pss_mib']):.1f} / {max(entry['uss_mib']):.1f}"

    growth, leak = m["growth"], m["leak_run"]
    return [
        f"| when | RSS of each worker (MiB) | max | ≤ {goals['memory_mib_max']} MiB "
        "| largest PSS / USS (MiB) |",
        "|---|---|---|---|---|",
        f"| after warm-up | {rss(m['after_warm_up'])} | {m['after_warm_up']['max_mib']} | "
        f"{mark(m['after_warm_up']['max_mib'] <= goals['memory_mib_max'])} "
        f"| {own(m['after_warm_up'])} |",
        f"| after {leak['requests']:,} more requests ({leak['seconds']} s) | "
        f"{rss(m['after_10k'])} | {m['after_10k']['max_mib']} | "
        f"{mark(m['goals']['max_mib'])} | {own(m['after_10k'])} |",
        f"| after the rounds | {rss(m['at_end'])} | {m['at_end']['max_mib']} | "
        f"{mark(m['at_end']['max_mib'] <= goals['memory_mib_max'])} | {own(m['at_end'])} |",
        "",
        "RSS counts in full what the workers share (libraries, ICU's data); PSS gives each "
        "its share, USS only what the worker alone holds: what one more worker costs.",
        "",
        f"Growth of the largest worker over those {leak['requests']:,} requests: {growth:+.1%} "
        f"(goal ≤ {goals['memory_growth_max']:.0%}: {mark(m['goals']['growth'])}).",
    ]


def dataset_line(run: dict[str, Any]) -> str:
    d = run["dataset"]
    rows = d["rows"]
    return (
        f"Data set {d['size']} (seed {d['seed']}): {rows.get('organisations', 0):,} organisations, "
        f"{rows.get('users', 0):,} people, {rows.get('experts', 0):,} experts, "
        f"{rows.get('statements', 0):,} statements ({rows.get('statement_texts', 0):,} texts), "
        f"{rows.get('search_documents', 0) + rows.get('organisations', 0):,} search documents; "
        f"events and projects not generated (not built yet). Loaded in {d['load_s']} s "
        f"from an empty database (migrations included); database size "
        f"{d['database_bytes'] / 2**20:.0f} MiB."
    )


def machine_line(run: dict[str, Any]) -> str:
    m = run["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    wrk = m["wrk"].split(" Copyright")[0]
    return (
        f"{run['date']} on `{m['host']}`: {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gib']} GiB, Linux {m['kernel']}, Python {m['python']}, {m['database']}, "
        f"{wrk}; {packages}. Load average at start: {' '.join(m['loadavg_at_start'])}."
    )


def chart(runs: list[dict[str, Any]]) -> bool:
    by_db: dict[str, list[dict[str, Any]]] = {}
    for run in runs:
        by_db.setdefault(run["db"], []).append(run)
    series = {db: rs for db, rs in by_db.items() if len({r["size"] for r in rs}) >= 2}
    if not series:
        CHART.unlink(missing_ok=True)
        return False
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    figure, axes = plt.subplots(1, len(series), figsize=(7 * len(series), 5), squeeze=False)
    for axis, (db, rs) in zip(axes[0], series.items(), strict=True):
        rs = sorted(rs, key=lambda r: SIZE_ORDER[r["size"]])
        sizes = [r["dataset"]["rows"].get("experts", 0) for r in rs]
        for index, page in enumerate(rs[0]["pages"]):
            values = [r["pages"][index]["summary"]["p50_ms"] for r in rs]
            axis.plot(sizes, values, marker="o", label=page["name"])
        axis.set_xscale("log")
        axis.set_xlabel("experts in the data set (S, M, L)")
        axis.set_ylabel("p50 latency at 8 connections (ms)")
        axis.set_title(f"{db}")
        axis.grid(True, alpha=0.3)
    axes[0][-1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    figure.tight_layout()
    figure.savefig(CHART, dpi=100)
    return True


def main() -> None:
    runs = latest()
    lines = [
        "# Benchmarks",
        "",
        "How fast Consortium serves its pages, measured with `make bench` (issue 13; method in",
        "`../shared/reference/performance-and-search.md` §1 and §6). Regenerated by",
        "`bench/report.py` from `bench/results/*.json`; the findings below the tables are",
        "`bench/notes.md`.",
        "",
        "**Method.** gunicorn, sync workers × 4 (`bench/gunicorn.conf.py`, production profile,",
        "Redis for the rate limits), the database on the same machine; `wrk -t1 -c8` on",
        "loopback. Every page is measured for a few seconds in turn, round after round (≥ 8",
        "rounds); a round whose `/bench/hello` strays more than 20% from its median is dropped;",
        "figures are medians over the rounds kept, the ratios medians of the per-round ratios.",
        "`/bench/hello` (plain text) and `/bench/fortunes` (one query, one small template) are",
        "served by the same app (only with `CONSORTIUM_BENCH=1`); queries per page come from its",
        "`X-Query-Count` header (the largest of 3 requests). wrk is closed-loop: its p99",
        "understates the tail.",
        "",
        "**Noise.** The machine has 2 cores shared by wrk, gunicorn, the database and, during",
        "these runs, other engineers' test suites. Absolute figures move by ±30% from one minute",
        "to the next; the ratios, taken within one round, move far less — read those.",
        "",
        "Goals (issue 13; reported, never asserted in tests): HTML pages ≥ 0.10 of hello and",
        "≥ 0.35 of fortunes, API lists ≥ 0.15, no page below 0.06; ≤ 4 queries per page; worker",
        "memory ≤ 100 MiB, growing ≤ 10% over 10,000 requests.",
        "",
    ]
    if not runs:
        lines.append("No results yet: run `make bench`.")
    for run in runs:
        kept = run["method"]["rounds"]
        lines += [
            f"## {run['size']} on {run['db']}",
            "",
            machine_line(run),
            "",
            dataset_line(run),
            "",
            f"{kept['rounds']} rounds × {run['method']['load'].split(', ')[1]}; "
            f"{kept['dropped']} dropped by the hello rule. Raw: `bench/results/{run['file']}`.",
            "",
            *page_table(run),
            "",
            "### Worker memory",
            "",
            *memory_lines(run),
            "",
        ]
    if chart(runs):
        lines += [
            "## Latency against data set size",
            "",
            f"![p50 latency by data set size]({CHART.relative_to(ROOT)})",
            "",
        ]
    # The drills' own sections (`make loadtest`, `make scaleout`), beside the speed figures.
    from loadtest.report import markdown as loadtest_section
    from scaleout.report import markdown as scaleout_section

    lines += [loadtest_section(RESULTS).rstrip(), "", scaleout_section(RESULTS).rstrip(), ""]
    if NOTES.exists():
        lines += [NOTES.read_text().rstrip(), ""]
    OUT.write_text("\n".join(lines))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
