"""Reads for opportunity reports. Spread: where involvement has started, unit by unit, rolled up the tree, in a
fixed number of queries. (Fair selection's reads sit with its algorithm in `withus.opportunities.selection`.)"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min

from withus.involvement.models import InvolvementRecord
from withus.involvement.sections import Section
from withus.opportunities.models import ExpressionOfInterest
from withus.opportunities.presenters import my_response_tag
from withus.organisations.models import Unit
from withus.people.models import Person


def my_involvement_responses(person: Person) -> Section:
    """The "Opportunities you applied for" section of a person's "My involvement" page (the latest 50)."""
    responses = list(
        ExpressionOfInterest.objects.for_person(person).select_related("opportunity").order_by("-created_at")[:50]
    )
    return Section("opportunities/_my_responses.jinja", {"responses": responses, "response_tag": my_response_tag})


@dataclass
class SpreadRow:
    unit: Unit
    first_involvement: datetime.date | None
    records_this_quarter: int
    people_this_quarter: int
    has_champion: bool

    @property
    def started(self) -> bool:
        return self.first_involvement is not None


def quarter_start(today: datetime.date) -> datetime.date:
    """The start of the NHS financial quarter (April–June, July–September, October–December, January–March)."""
    month = ((today.month - 1) // 3) * 3 + 1
    return datetime.date(today.year, month, 1)


def spread_rows(*, organisation_id, today: datetime.date) -> list[SpreadRow]:
    units = list(Unit.objects.for_organisation(organisation_id).active().in_tree_order())
    records = InvolvementRecord.objects.for_organisation(organisation_id).filter(unit__isnull=False)
    first = dict(records.values_list("unit_id").annotate(first=Min("date")).order_by())
    since = quarter_start(today)
    quarter = records.filter(date__gte=since, date__lte=today)
    counts = dict(quarter.values_list("unit_id").annotate(count=Count("pk")).order_by())
    pairs = set(quarter.values_list("unit_id", "person_id").distinct())
    champion_units = set(
        Person.champion_units.through.objects.filter(person__organisation_id=organisation_id).values_list(
            "unit_id", flat=True
        )
    )
    rows = []
    for unit in units:
        inside = [other for other in units if other.path.startswith(unit.path)]
        ids = {other.pk for other in inside}
        firsts = [first[pk] for pk in ids if pk in first]
        rows.append(
            SpreadRow(
                unit=unit,
                first_involvement=min(firsts) if firsts else None,
                records_this_quarter=sum(counts.get(pk, 0) for pk in ids),
                people_this_quarter=len({person for unit_id, person in pairs if unit_id in ids}),
                has_champion=bool(ids & champion_units),
            )
        )
    return rows


SORTS = {
    "unit": lambda row: row.unit.path,
    "first": lambda row: (row.first_involvement is None, row.first_involvement or datetime.date.max),
    "records": lambda row: -row.records_this_quarter,
    "people": lambda row: -row.people_this_quarter,
    "champion": lambda row: (not row.has_champion, row.unit.path),
}


def sort_rows(rows: list[SpreadRow], sort: str) -> list[SpreadRow]:
    return sorted(rows, key=SORTS.get(sort, SORTS["unit"]))
