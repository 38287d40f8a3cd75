"""The `world` of tests/test_access.py (one object of each kind, a person in each role)."""

from tests.test_access import world  # noqa: F401  (a fixture, used by name)
