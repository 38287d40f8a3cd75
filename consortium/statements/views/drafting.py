"""Placeholder: routes for the drafting part of the workflow."""

from __future__ import annotations
