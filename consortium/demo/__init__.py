"""Demo data: realistic, fictional partners, people and thematic areas for trying the app.

`flask --app wsgi seed-demo` loads it (see `cli.py`); `seed.seed_demo()` does the work
through the domain services, so the demo obeys the same rules as real data.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from consortium.demo.cli import seed_demo_command

    app.cli.add_command(seed_demo_command)
