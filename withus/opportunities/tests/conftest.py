"""Opportunities' fixtures; Amara, Ben and the lead come from withus/conftest.py."""

import pytest

from withus.involvement.tests.factories import InvolvementKindFactory
from withus.opportunities.tests.factories import OpportunityFactory


@pytest.fixture
def kind(trust):
    return InvolvementKindFactory(organisation=trust.organisation, code="focus-group", name="Focus group")


@pytest.fixture
def opportunity(trust, kind):
    return OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, places=2)
