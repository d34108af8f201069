"""Counting a pack's metrics together (ADR 39): the involvement records are read once and "people taking part"
and "hours" give the same numbers as counting each on its own, straight from the records; outside a pack every
selector reads fresh data."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from withus.core.dates import add_months, month_end
from withus.improvement.models import PARTICIPANT_KINDS
from withus.involvement.models import InvolvementRecord
from withus.involvement.tests.factories import InvolvementKindFactory, RecordFactory
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory
from withus.reports.selectors import counting_together, involvement_hours, people_active
from withus.reports.snapshots import months_up_to


@pytest.fixture
def records(trust):
    """Three months of records in two directorates, with a record with no unit, odd hours, two kinds and a member
    of staff's record (not counted)."""
    organisation = trust.organisation
    talk, panel = (InvolvementKindFactory(organisation=organisation, name=name) for name in ("Talk", "Panel"))
    people = [PersonFactory(organisation=organisation, kind=PersonKind.SERVICE_USER) for _ in range(4)]
    carer = PersonFactory(organisation=organisation, kind=PersonKind.CARER)
    staff = PersonFactory(organisation=organisation, kind=PersonKind.STAFF)
    first = add_months(timezone.localdate().replace(day=1), -3)
    for offset in range(3):
        day = add_months(first, offset) + datetime.timedelta(days=4)
        for number, person in enumerate(people):
            unit = trust.willow if number % 2 else trust.nursing
            RecordFactory(person=person, date=day, unit=unit, kind=talk, hours=Decimal("1.25") + number)
            RecordFactory(person=person, date=day + datetime.timedelta(days=1), unit=trust.cedar, kind=panel, hours=2)
        RecordFactory(person=carer, date=day, unit=None, kind=talk, hours=Decimal("0.5"))
        RecordFactory(person=staff, date=day, unit=trust.willow, kind=talk, hours=3)
    return months_up_to(month_end(add_months(first, 2)))


def _expected(trust, months):
    base = InvolvementRecord.objects.filter(organisation=trust.organisation, person__kind__in=PARTICIPANT_KINDS)
    directorates = {"Riverside Mental Health": trust.willow.path.split("/")[1], "Marsh Community Health": None}
    directorates["Marsh Community Health"] = trust.nursing.path.split("/")[1]
    people, hours = [], []
    by_directorate = {name: ([], []) for name in directorates}
    by_kind: dict[str, list] = {"Talk": [], "Panel": []}
    for month in months:
        records = base.filter(date__gte=month, date__lte=month_end(month))
        people.append(float(records.values("person").distinct().count()))
        hours.append(round(float(records.aggregate(total=Sum("hours"))["total"] or 0), 2))
        for name, key in directorates.items():
            mine = records.filter(unit__path__startswith=f"/{key}/")
            by_directorate[name][0].append(float(mine.values("person").distinct().count()))
            by_directorate[name][1].append(round(float(mine.aggregate(total=Sum("hours"))["total"] or 0), 2))
        for kind, values in by_kind.items():
            values.append(round(float(records.filter(kind__name=kind).aggregate(t=Sum("hours"))["t"] or 0), 2))
    return people, hours, by_directorate, by_kind


@pytest.mark.parametrize("together", [True, False], ids=["counted-together", "on-its-own"])
def test_people_and_hours_match_counting_each_straight_from_the_records(trust, records, together):
    months = records
    people, hours, by_directorate, by_kind = _expected(trust, months)
    organisation_id = trust.organisation.pk
    if together:
        with counting_together():
            active, spent = people_active(organisation_id, months), involvement_hours(organisation_id, months)
    else:
        active, spent = people_active(organisation_id, months), involvement_hours(organisation_id, months)
    assert active.values == people
    assert spent.values == hours
    assert sum(people) > 0
    for name, (directorate_people, directorate_hours) in by_directorate.items():
        assert active.by_directorate[name] == directorate_people
        assert spent.by_directorate[name] == directorate_hours
    assert spent.by_kind == by_kind


def test_metrics_counted_together_read_the_records_once(trust, records, django_assert_num_queries):
    months = records
    with counting_together():
        people_active(trust.organisation.pk, months)
        with django_assert_num_queries(0):
            involvement_hours(trust.organisation.pk, months)
            people_active(trust.organisation.pk, months)


def test_outside_a_pack_a_selector_reads_fresh_data(trust, records):
    months = records
    before = people_active(trust.organisation.pk, months).values[-1]
    newcomer = PersonFactory(organisation=trust.organisation, kind=PersonKind.SERVICE_USER)
    RecordFactory(person=newcomer, date=months[-1] + datetime.timedelta(days=2), unit=trust.willow)
    assert people_active(trust.organisation.pk, months).values[-1] == before + 1
