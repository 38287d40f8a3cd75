"""Bench mode (`CONSORTIUM_BENCH=1`, see `bench/` and BENCHMARKS.md): two reference pages
inside the real app, and the number of SQL statements each request ran.

- `/bench/hello`: plain text, no query: the framework's and the server's ceiling;
- `/bench/fortunes`: one query on a small table and one small template (TechEmpower's
  "fortunes"), the ceiling of a page that touches the database;
- an `X-Query-Count` header on every response.

Both pages go through the same middleware, hooks and connection pool as every other page,
so a page's throughput divided by theirs is comparable across machines. None of this is
registered unless the variable is set when the app is created: the test app and production
never have these routes.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Blueprint, Flask, Response, g, has_app_context, render_template
from sqlalchemy import column, event, select, table

from consortium.core.authz import public
from consortium.db import db

ENV = "CONSORTIUM_BENCH"
HEADER = "X-Query-Count"
# A load generator on one address would soon meet the API's per-address limit and measure
# 429s: the limit stays (and is counted, as in production), only far higher.
BENCH_API_LIMIT = "10000000 per minute"

bp = Blueprint("bench", __name__, url_prefix="/bench")

# The fortunes table: any small table does; the thematic areas are the vocabulary every
# deployment has (a dozen rows). Core, not the model: `core` imports no domain.
_areas = table("thematic_areas", column("id"), column("slug"))

_FORTUNES = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fortunes</title></head>
<body><table><tr><th>id</th><th>message</th></tr>
{% for id, message in fortunes %}<tr><td>{{ id }}</td><td>{{ message }}</td></tr>
{% endfor %}</table></body></html>
"""


def enabled() -> bool:
    return os.environ.get(ENV, "").strip() == "1"


@bp.get("/hello")
@public
def hello() -> Response:
    return Response("Hello, World!", mimetype="text/plain")


@bp.get("/fortunes")
@public
def fortunes() -> str:
    rows = [(row.id, row.slug) for row in db.session.execute(select(_areas.c.id, _areas.c.slug))]
    rows.append((0, "Additional fortune added at request time."))
    rows.sort(key=lambda row: row[1])
    template = _template()
    return render_template(template, fortunes=rows)


def _template() -> Any:
    from flask import current_app

    compiled = current_app.extensions.get("consortium.bench.fortunes")
    if compiled is None:
        compiled = current_app.jinja_env.from_string(_FORTUNES)
        current_app.extensions["consortium.bench.fortunes"] = compiled
    return compiled


def _count(*_args: Any, **_kwargs: Any) -> None:
    """Every statement sent to the database within an app context (one per request)."""
    if has_app_context():
        g.bench_queries = g.get("bench_queries", 0) + 1


def _header(response: Response) -> Response:
    response.headers[HEADER] = str(g.get("bench_queries", 0))
    return response


def init_app(app: Flask) -> None:
    """Register the reference pages and the query counter (only called in bench mode)."""
    app.register_blueprint(bp)
    app.config["API_LIMIT_PER_ADDRESS"] = BENCH_API_LIMIT
    app.config["API_LIMIT_PER_TOKEN"] = BENCH_API_LIMIT
    with app.app_context():
        for engine in db.engines.values():
            event.listen(engine, "before_cursor_execute", _count)
    app.after_request(_header)
