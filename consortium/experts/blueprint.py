"""The experts blueprint and the converter that loads an expert from its address."""

from __future__ import annotations

from flask import Blueprint

from consortium.core.converters import SlugConverter
from consortium.experts import profile
from consortium.experts.models import Expert

bp = Blueprint("experts", __name__, url_prefix="/<lang:lang>", template_folder="templates")


class ExpertConverter(SlugConverter):
    """`<expert:expert>`: 404 for an unknown slug (the guard hides removed profiles)."""

    model = Expert
    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"


class ProfileConverter(ExpertConverter):
    """`<expert_profile:expert>`: the expert with everything the profile page shows."""

    options = profile.OPTIONS
