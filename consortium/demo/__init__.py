"""Demo data: realistic, fictional partners, people and thematic areas for trying the app.

`flask --app wsgi seed-demo` loads it (see `cli.py`); `seed.seed_demo()` does the work
through the domain services, so the demo obeys the same rules as real data.
"""
