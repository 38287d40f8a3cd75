"""Print the mutation score per file after `mutmut run`, then every mutant left alive.

Reads `mutmut results --all true` (one `module.function__mutmut_N: status` line per
mutant). Killed and timed-out mutants count as caught; survivors and mutants no test
reached count against the score. Used by `make mutate`; docs/mutation.md reviews the rest.
`--markdown` prints the per-file table of docs/mutation.md instead (killed, survived,
timeout, not run: every other status, "not checked" and "no tests" included).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

CAUGHT = {"killed", "timeout"}
_LINE = re.compile(r"^\s*(?P<name>\S+?)__mutmut_\d+: (?P<status>.+?)\s*$")
# The mangled function names: `x_func`, or `xǁClassǁmethod` for a method.
_FUNCTION = re.compile(r"\.x(?:_|ǁ)")


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    command = [str(mutmut), "results", "--all", "true"]  # this venv's mutmut, fixed arguments
    listing = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    alive: list[str] = []
    for line in listing.splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        module = _FUNCTION.split(match["name"], maxsplit=1)[0]
        status = match["status"]
        by_module[module][status] += 1
        if status not in CAUGHT:
            alive.append(line.strip())
    if not by_module:
        print("no mutants: run `mutmut run` first", file=sys.stderr)
        return 1
    if "--markdown" in sys.argv[1:]:
        print(_markdown(by_module))
        return 0
    width = max(map(len, by_module))
    total_caught = total = 0
    print(f"{'module':<{width}}  caught / total  score  (survived, no tests)")
    for module, counts in sorted(by_module.items()):
        caught = sum(counts[s] for s in CAUGHT)
        count = sum(counts.values())
        total_caught, total = total_caught + caught, total + count
        print(
            f"{module:<{width}}  {caught:>6} / {count:<5}  {caught / count:>5.0%}"
            f"  ({counts['survived']}, {counts['no tests']})"
        )
    print(f"{'all':<{width}}  {total_caught:>6} / {total:<5}  {total_caught / total:>5.0%}")
    if alive:
        print(f"\n{len(alive)} not caught (`mutmut show NAME` for the diff):")
        print("\n".join(alive))
    return 0


def _markdown(by_module: dict[str, Counter[str]]) -> str:
    rows = ["| file | killed | survived | timeout | not run |", "|---|---|---|---|---|"]
    for module, counts in sorted(by_module.items()):
        known = counts["killed"] + counts["survived"] + counts["timeout"]
        path = module.replace(".", "/") + ".py"
        if not Path(path).is_file():  # a package: its mutants live in __init__.py
            path = module.replace(".", "/") + "/__init__.py"
        rows.append(
            f"| `{path}` | {counts['killed']} | {counts['survived']} | {counts['timeout']}"
            f" | {sum(counts.values()) - known} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
