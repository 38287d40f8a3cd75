"""Placeholder: routes for the signing part of the workflow."""

from __future__ import annotations
