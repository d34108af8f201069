import datetime

import pytest
from django.utils import timezone

from withus.accounts.models import Role
from withus.learning.models import CourseCode, Enrolment, EnrolmentStatus
from withus.learning.services.cohorts import cohort_create
from withus.learning.services.courses import courses_ensure_defaults


def hours_from_now(hours: float) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(hours=hours)).replace(second=0, microsecond=0)


def sessions(first_in_hours: float, count: int = 1, every_days: int = 7, length: float = 3):
    starts = [hours_from_now(first_in_hours + number * 24 * every_days) for number in range(count)]
    return [(start, start + datetime.timedelta(hours=length)) for start in starts]


def enrol_directly(cohort, person):
    """Test set-up only: a place on a cohort that has already begun (booking refuses that, rightly)."""
    return Enrolment.objects.create(
        organisation_id=cohort.organisation_id, cohort=cohort, person=person, status=EnrolmentStatus.ENROLLED
    )


@pytest.fixture
def courses(trust):
    return courses_ensure_defaults(organisation=trust.organisation)


@pytest.fixture
def lead_user(make_user):
    return make_user(Role.PARTICIPATION_LEAD)


@pytest.fixture
def make_cohort(courses, lead_user):
    def make(code=CourseCode.INTRO_QI, *, capacity=10, first_in_hours=24 * 14, count=1, facilitators=(), **values):
        values = {"name": f"{code} cohort", "place": "Room 1", "is_online": False, "capacity": capacity, **values}
        return cohort_create(
            course=courses[code],
            values=values,
            sessions=sessions(first_in_hours, count),
            facilitators=facilitators,
            actor=lead_user,
        )

    return make


@pytest.fixture
def participant(make_participant):
    """A service user with a sign-in (withus/conftest.py's make_participant): the person, user and client."""
    return make_participant
