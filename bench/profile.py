"""In-process cost of each page (no server, no wrk): the steadiest figure on a noisy machine,
and, with --profile, where a page's time goes (pyinstrument).

    python bench/profile.py --size S --db postgresql                 # ms per request, all pages
    python bench/profile.py --size S --db postgresql --profile directory --requests 200

Uses the data set `bench/run.py` generated (its manifest in bench/results/), or another one
`bench/generate.py` wrote, so as not to disturb `make bench`'s:

    python bench/generate.py --size S --database sqlite:////tmp/s.sqlite3 --manifest /tmp/s.json
    python bench/profile.py --database sqlite:////tmp/s.sqlite3 --manifest /tmp/s.json

pyinstrument (for --profile) is installed by `make bench`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from html import unescape
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import RESULTS, database_url  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="S")
    parser.add_argument("--db", default="postgresql")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", help="pyinstrument the pages whose name contains this")
    parser.add_argument("--only", help="time only the pages whose name contains this")
    parser.add_argument("--database", help="another database than make bench's (an URL)")
    parser.add_argument("--manifest", type=Path, help="its manifest (bench/generate.py)")
    args = parser.parse_args()
    url = args.database or database_url(args.size, args.db)
    manifest_path = args.manifest or RESULTS / f"dataset-{args.size}-{args.db}.json"
    manifest = json.loads(manifest_path.read_text())
    os.environ.update(CONSORTIUM_BENCH="1", CONSORTIUM_ENV="development", DATABASE_URL=url)

    from consortium import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "MAIL_DEV_MAILBOX": False})
    client = app.test_client()
    samples = manifest["samples"]
    f = samples["expert_filter"]
    deep = "/en/experts/"
    for _ in range(20):
        body = client.get(deep).get_data(as_text=True)
        links = re.findall(r'rel="next" href="([^"]+)"', body)
        if not links:
            break
        deep = unescape(links[0])
    pages = {
        "hello": "/bench/hello",
        "fortunes": "/bench/fortunes",
        "home": "/en/",
        "partner directory": "/en/organisations/",
        "partner profile": f"/en/organisations/{samples['organisation']}",
        "experts page 1": "/en/experts/",
        "experts deep": deep,
        "experts filtered": f"/en/experts/?country={f['country']}&area={f['area']}"
        f"&language={f['language']}",
        "search cyrillic": f"/en/search?q={quote('Београд')}",
        "search djordjevic": "/en/search?q=djordjevic",
        "search typo": "/en/search?q=djordjevik",
        "search prefix": "/en/search?q=kos",
        "expert": f"/en/experts/{samples['expert']}",
        "statements list": "/en/statements/",
        "statement": f"/en/statements/{samples['statement']}",
        "API experts": "/api/v1/experts/",
        "API statements": "/api/v1/statements/",
    }
    # Wall time includes the database's work (and waits for a busy CPU); CPU time is this
    # process's alone, steadier when other work shares the machine.
    batch = args.requests // 5
    print(f"| page | ms/request (median of 5 × {batch}) | CPU ms/request | queries |")
    print("|---|---|---|---|")
    for name, path in pages.items():
        if args.only and args.only.lower() not in name.lower():
            continue
        for _ in range(10):
            response = client.get(path)
        walls, cpus = [], []
        for _ in range(5):
            began, cpu = time.perf_counter(), time.process_time()
            for _ in range(batch):
                client.get(path)
            walls.append((time.perf_counter() - began) * 1000 / batch)
            cpus.append((time.process_time() - cpu) * 1000 / batch)
        queries = response.headers.get("X-Query-Count")
        wall, spent = statistics.median(walls), statistics.median(cpus)
        print(f"| {name} | {wall:.2f} | {spent:.2f} | {queries} |")
    if args.profile:
        from pyinstrument import Profiler

        for name, path in pages.items():
            if args.profile.lower() not in name.lower():
                continue
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(args.requests):
                client.get(path)
            profiler.stop()
            print(f"\n## {name} ({path}), {args.requests} requests\n")
            every_frame = bool(os.environ.get("PROFILE_ALL"))  # library frames too
            print(profiler.output_text(unicode=True, color=False, show_all=every_frame))


if __name__ == "__main__":
    main()
