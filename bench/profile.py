"""In-process cost of each page (no server, no wrk): the steadiest figure on a noisy machine,
and, with --profile, where a page's time goes (pyinstrument).

    python bench/profile.py --size S --db postgresql                 # ms per request, all pages
    python bench/profile.py --size S --db postgresql --profile directory --requests 200

Uses the data set `bench/run.py` generated (its manifest in bench/results/).
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
    args = parser.parse_args()
    url = database_url(args.size, args.db)
    manifest = json.loads((RESULTS / f"dataset-{args.size}-{args.db}.json").read_text())
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
    print(f"| page | ms/request (median of 5 × {args.requests // 5}) | queries |")
    print("|---|---|---|")
    for name, path in pages.items():
        for _ in range(10):
            response = client.get(path)
        batches = []
        for _ in range(5):
            began = time.perf_counter()
            for _ in range(args.requests // 5):
                client.get(path)
            batches.append((time.perf_counter() - began) * 1000 / (args.requests // 5))
        queries = response.headers.get("X-Query-Count")
        print(f"| {name} | {statistics.median(batches):.2f} | {queries} |")
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
            print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
