"""Two identical submissions at the same moment still add one person (real PostgreSQL, real threads)."""

import threading
import uuid

import pytest
from django.db import connection, connections

from withus.accounts.models import Role
from withus.people.models import Person
from withus.people.services import PersonDetails, person_create

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs concurrent connections: SQLite serialises writers, so the race cannot happen there. "
    "CI runs this file on PostgreSQL.",
)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_submission_adds_one_person(trust, make_user):
    lead = make_user(Role.PARTICIPATION_LEAD)
    key = uuid.uuid4()
    barrier = threading.Barrier(8)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            person = person_create(
                organisation=trust.organisation,
                details=PersonDetails(
                    values={
                        "kind": "service_user",
                        "full_name": "Amara Bello",
                        "email": "amara@example.org",
                        "preferred_contact": "email",
                    }
                ),
                actor=lead,
                submission_key=key,
            )
            results.append(person.pk)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Person.objects.filter(full_name="Amara Bello").count() == 1
    assert len(set(results)) == 1
