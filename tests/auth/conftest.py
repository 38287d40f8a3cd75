"""Fixtures shared by the sign-in tests."""

from __future__ import annotations

import pytest

from consortium.db import utcnow
from tests import factories


@pytest.fixture
def enrolled_member(org):
    """A member (no role that requires it) who has set up a second factor."""
    return factories.UserFactory(
        name="Elda Enrolled",
        organisation=org,
        org_role="member",
        email="elda@example.org",
        totp_secret=factories.TEST_TOTP_SECRET,
        second_factor_at=utcnow(),
    )
