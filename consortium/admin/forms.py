"""Operators' forms: they validate input and never write."""

from __future__ import annotations

from wtforms import BooleanField

from consortium.core.forms import BaseForm


class ConsortiumRolesForm(BaseForm):
    coordinator = BooleanField()
    admin = BooleanField()
    active = BooleanField()
