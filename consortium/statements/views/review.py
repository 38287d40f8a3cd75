"""Placeholder: routes for the review part of the workflow."""

from __future__ import annotations
