import pytest

from withus.involvement.tests.factories import InvolvementKindFactory


@pytest.fixture
def kind(trust):
    return InvolvementKindFactory(organisation=trust.organisation, code="focus-group", name="Focus group")
