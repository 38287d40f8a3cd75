"""Every domain's factories in one import (each lives in tests/<domain>/factories.py)."""

from tests.auth.factories import TEST_PASSWORD, UserFactory
from tests.organisations.factories import AreaFactory, OrganisationFactory

__all__ = ["TEST_PASSWORD", "AreaFactory", "OrganisationFactory", "UserFactory"]
