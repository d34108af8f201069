"""Two leads selecting at the same moment never fill more places than there are (real PostgreSQL, real threads)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections

from withus.accounts.models import Role
from withus.opportunities.models import ExpressionOfInterest
from withus.opportunities.services.selection import selection_make
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs concurrent connections: SQLite serialises writers, so the race cannot happen there. "
    "CI runs this file on PostgreSQL.",
)

LEADS = 6


@pytest.mark.django_db(transaction=True)
def test_simultaneous_selections_never_exceed_the_places(trust, make_user):
    opportunity = OpportunityFactory(organisation=trust.organisation, unit=trust.willow, places=3)
    people = [PersonFactory(organisation=trust.organisation) for _ in range(LEADS * 2)]
    for person in people:
        ResponseFactory(opportunity=opportunity, person=person)
    leads = [make_user(Role.PARTICIPATION_LEAD) for _ in range(LEADS)]
    barrier = threading.Barrier(LEADS)
    chosen, refused, errors = [], [], []

    def select(number: int):
        try:
            barrier.wait()
            # Each lead picks two different people: any two selections together would overfill 3 places.
            pair = [people[2 * number].pk, people[2 * number + 1].pk]
            selection_make(opportunity=opportunity, chosen_ids=pair, actor=leads[number], tell_others=False)
            chosen.append(number)
        except (ValidationError, IntegrityError):
            refused.append(number)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=select, args=(number,)) for number in range(LEADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    holding = ExpressionOfInterest.objects.filter(opportunity=opportunity).holding_places()
    assert holding.count() == 2
    assert len(chosen) == 1
    assert len(refused) == LEADS - 1
    assert sorted(holding.values_list("place_number", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_two_people_in_one_place(trust):
    opportunity = OpportunityFactory(organisation=trust.organisation, unit=trust.willow, places=3)
    first, second = (PersonFactory(organisation=trust.organisation) for _ in range(2))
    ResponseFactory(opportunity=opportunity, person=first, status="selected", place_number=1)
    with pytest.raises(IntegrityError):
        ResponseFactory(opportunity=opportunity, person=second, status="selected", place_number=1)
