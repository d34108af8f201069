"""Test builders for board reporting: metric definitions and some months of involvement to count."""

import datetime

from withus.core.dates import add_months
from withus.involvement.tests.factories import RecordFactory
from withus.people.models import PersonKind, PersonUnit
from withus.people.services import equality_record_save
from withus.people.tests.factories import PersonFactory
from withus.reports.services import metrics_ensure_defaults


def last_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    from withus.reports.forms import finished_quarters

    return finished_quarters(today, count=1)[0]


def involvement_months(trust, *, months: int = 24, people: int = 3, today: datetime.date) -> list:
    """`people` service users, each taking part for two hours in Willow Ward in each of the last `months` months."""
    made = [
        PersonFactory(organisation=trust.organisation, kind=PersonKind.SERVICE_USER, status="active")
        for _ in range(people)
    ]
    for person in made:
        PersonUnit.objects.create(person=person, unit=trust.willow)
    for offset in range(1, months + 1):
        day = add_months(today.replace(day=10), -offset)
        for number, person in enumerate(made):
            # A step up a year ago so the chart has something to say.
            RecordFactory(person=person, date=day, unit=trust.willow, hours=2 + (offset < 12) * (number + 1))
    return made


def definitions(trust):
    return metrics_ensure_defaults(organisation=trust.organisation)


def with_ethnicity(person, code: str):
    equality_record_save(person=person, values={"ethnic_category": code}, actor=None)
    return person
