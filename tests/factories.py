"""Every domain's factories in one import (each lives in tests/<domain>/factories.py)."""

from tests.auth.factories import TEST_PASSWORD, TEST_TOTP_SECRET, UserFactory
from tests.organisations.factories import AreaFactory, OrganisationFactory

__all__ = ["TEST_PASSWORD", "TEST_TOTP_SECRET", "AreaFactory", "OrganisationFactory", "UserFactory"]
