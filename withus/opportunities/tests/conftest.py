from types import SimpleNamespace

import pytest

from withus.accounts.models import Role
from withus.opportunities.tests.factories import InvolvementKindFactory, OpportunityFactory
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def kind(trust):
    return InvolvementKindFactory(organisation=trust.organisation, code="focus-group", name="Focus group")


@pytest.fixture
def opportunity(trust, kind):
    return OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, places=2)


@pytest.fixture
def amara(trust, make_user, signed_in):
    """A participant with a sign-in: the person, their user and a signed-in client."""
    user = make_user(Role.PARTICIPANT, email="amara@example.org")
    person = PersonFactory(
        organisation=trust.organisation, user=user, full_name="Amara Bello", email="amara@example.org"
    )
    return SimpleNamespace(person=person, user=user, client=signed_in(user))


@pytest.fixture
def ben(trust, make_user, signed_in):
    user = make_user(Role.PARTICIPANT, email="ben@example.org")
    person = PersonFactory(
        organisation=trust.organisation,
        user=user,
        full_name="Ben Hughes",
        kind=PersonKind.CARER,
        email="ben@example.org",
    )
    return SimpleNamespace(person=person, user=user, client=signed_in(user))


@pytest.fixture
def lead(make_user, signed_in):
    user = make_user(Role.PARTICIPATION_LEAD)
    return SimpleNamespace(user=user, client=signed_in(user))
