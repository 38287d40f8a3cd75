"""Operators' forms: they validate input and never write."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField

from consortium.core.forms import BaseForm
from consortium.core.roles import OrgRole


class ConsortiumRolesForm(BaseForm):
    coordinator = BooleanField()
    admin = BooleanField()
    active = BooleanField()


class PlacementForm(BaseForm):
    """Which organisation someone belongs to, and their role there."""

    organisation = SelectField(_l("Organisation"), validate_choice=True)
    role = SelectField(_l("Role"), choices=OrgRole.choices)
