"""Many people booking the last places at the same moment never over-book (real PostgreSQL, real threads)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from withus.learning.models import Enrolment, EnrolmentStatus
from withus.learning.services.enrolment import enrolment_request
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs concurrent connections: SQLite serialises writers, so the race cannot happen there. "
    "CI runs this file on PostgreSQL.",
)

BOOKERS = 8


@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_fill_the_places_and_wait_list_the_rest(trust, make_cohort, lead_user):
    cohort = make_cohort(capacity=3)
    people = [PersonFactory(organisation=trust.organisation) for _ in range(BOOKERS)]
    barrier = threading.Barrier(BOOKERS)
    statuses, errors = [], []

    def book(person):
        try:
            barrier.wait()
            statuses.append(enrolment_request(cohort=cohort, person=person, actor=lead_user).status)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(statuses) == ["enrolled"] * 3 + ["waiting"] * (BOOKERS - 3)
    assert Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.ENROLLED).count() == 3
    assert Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.WAITING).count() == BOOKERS - 3


@pytest.mark.django_db(transaction=True)
def test_the_same_person_booking_twice_at_once_gets_one_place(trust, make_cohort, lead_user):
    cohort = make_cohort(capacity=3)
    person = PersonFactory(organisation=trust.organisation)
    barrier = threading.Barrier(4)
    outcomes = []

    def book():
        try:
            barrier.wait()
            enrolment_request(cohort=cohort, person=person, actor=lead_user)
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked"] + ["refused"] * 3
    assert Enrolment.objects.filter(cohort=cohort, person=person).count() == 1
