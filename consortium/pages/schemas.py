"""The footer's pages and the limits of their texts, declared once for models and services."""

from __future__ import annotations

# The pages the app ships a text for, in the footer's order.
SLUGS: tuple[str, ...] = ("about", "contact", "privacy", "accessibility")

SLUG_MAX = 40
LANGUAGE_MAX = 10
TITLE_MAX = 200
BODY_MAX = 20_000
