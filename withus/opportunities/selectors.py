"""Reads for opportunity reports. Spread: where involvement has started, unit by unit, rolled up the tree, in a
fixed number of queries. (Fair selection's reads sit with its algorithm in `withus.opportunities.selection`.)"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.todo import ToDoItem, ToDoSection, link, todo_item
from withus.improvement.models import PARTICIPANT_KINDS, Project, TeamMember
from withus.involvement.models import InvolvementRecord
from withus.involvement.sections import Section
from withus.opportunities.models import (
    HOLDS_A_PLACE,
    Attendance,
    ExpressionOfInterest,
    Opportunity,
    OpportunityStatus,
    ResponseStatus,
    Session,
)
from withus.opportunities.presenters import my_response_tag
from withus.organisations.models import Unit
from withus.people.models import Person
from withus.people.on_behalf import done_for, done_for_words


def my_involvement_responses(person: Person) -> Section:
    """The "Opportunities you applied for" section of a person's "My involvement" page (the latest 50)."""
    responses = list(
        ExpressionOfInterest.objects.for_person(person).select_related("opportunity").order_by("-created_at")[:50]
    )
    return Section(
        "opportunities/_my_responses.jinja",
        {
            "responses": responses,
            "response_tag": my_response_tag,
            "done_for": {
                key: done_for_words(action) for key, action in done_for(person=person, objects=responses).items()
            },
        },
    )


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


# --- Champions --------------------------------------------------------------------------------------------


@dataclass
class Champion:
    person: Person
    units: list[Unit]
    requests: int  # opportunities they asked for or posted
    projects: int  # QI projects they started with a service user or carer on the team


@dataclass
class ChampionsReport:
    by_unit: list[tuple[Unit, list[Champion]]]
    without: list[Unit]  # active units that no champion covers (a champion covers the units beneath theirs)


def champions_report(organisation_id) -> ChampionsReport:
    """Staff champions by unit, what each has started, and the units no champion reaches. Five queries."""
    champions = list(
        Person.objects.for_organisation(organisation_id)
        .filter(champion_units__isnull=False)
        .distinct()
        .order_by("full_name", "pk")
        .prefetch_related("champion_units")
    )
    user_ids = [person.user_id for person in champions if person.user_id]
    requests_by_user = dict(
        Opportunity.objects.filter(organisation_id=organisation_id, organiser_id__in=user_ids)
        .values_list("organiser_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    with_people = TeamMember.objects.filter(project_id=OuterRef("pk"), person__kind__in=PARTICIPANT_KINDS)
    projects = dict(
        Project.objects.filter(organisation_id=organisation_id, created_by_id__in=user_ids)
        .filter(Exists(with_people))
        .values_list("created_by_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    rows = [
        Champion(
            person=person,
            units=list(person.champion_units.all()),
            requests=requests_by_user.get(person.user_id, 0),
            projects=projects.get(person.user_id, 0),
        )
        for person in champions
    ]
    units = list(Unit.objects.for_organisation(organisation_id).active().in_tree_order())
    by_unit = [(unit, [row for row in rows if unit in row.units]) for unit in units]
    covered = [unit.path for row in rows for unit in row.units]
    without = [unit for unit in units if not any(unit.path.startswith(path) for path in covered)]
    return ChampionsReport(by_unit=[(unit, found) for unit, found in by_unit if found], without=without)


# --- To do ------------------------------------------------------------------------------------------------


def _selection_link(opportunity_id) -> str:
    return link("opportunities:selection", opportunity_id)


def todo(user) -> ToDoSection | None:
    """For whoever runs opportunities (leads, and staff who organise one): people waiting to be chosen once
    interest has closed (choosing earlier would be unfair to people still to apply), places
    to confirm, attendance to record and, for leads, staff requests to approve. Staff also see their own
    requests waiting for a lead. At most ten queries."""
    if not user.has_perm("opportunities.select_people"):
        return None
    managed = Opportunity.objects.managed_by(user)
    live = managed.filter(status=OpportunityStatus.OPEN)
    waiting = ExpressionOfInterest.objects.filter(opportunity_id=OuterRef("pk"), status=ResponseStatus.INTERESTED)
    to_confirm = ExpressionOfInterest.objects.filter(
        opportunity__in=live.values("pk"), status=ResponseStatus.SELECTED
    ).values_list("opportunity_id", flat=True)
    attended = Attendance.objects.filter(session_id=OuterRef("pk"))
    holding = ExpressionOfInterest.objects.filter(opportunity_id=OuterRef("opportunity_id"), status__in=HOLDS_A_PLACE)
    sessions = (
        Session.objects.filter(opportunity__in=live.values("pk"), starts_at__lte=timezone.now())
        .filter(Exists(holding))
        .exclude(Exists(attended))
        .order_by("starts_at")
    )
    opportunities = link("opportunities:list")
    items = [
        todo_item(
            "Opportunities closed for interest, with people waiting to be chosen",
            live.filter(Exists(waiting), closes_on__lt=timezone.localdate()),
            many=opportunities,
            one=_selection_link,
        ),
        todo_item(
            "Places offered and not yet confirmed",
            ExpressionOfInterest.objects.filter(opportunity__in=live.values("pk"), status=ResponseStatus.SELECTED),
            many=opportunities,
            one=lambda _: _selection_link(to_confirm.first()),
        ),
        todo_item(
            "Sessions with attendance to record",
            sessions,
            many=opportunities,
            one=lambda pk: link("opportunities:attendance", sessions.get(pk=pk).opportunity_id, pk),
        ),
    ]
    if user.has_perm("opportunities.approve_opportunity"):
        items.append(
            todo_item(
                "Staff requests to approve",
                managed.filter(status=OpportunityStatus.REQUESTED),
                many=opportunities,
                one=lambda pk: link("opportunities:detail", pk),
            )
        )
    elif user.has_role(Role.STAFF):
        items.append(
            todo_item(
                "Your requests waiting for a lead to approve",
                Opportunity.objects.filter(
                    organisation_id=user.organisation_id, organiser=user, status=OpportunityStatus.REQUESTED
                ),
                many=opportunities,
                one=lambda pk: link("opportunities:detail", pk),
            )
        )
    if Person.champion_units.through.objects.filter(person__user=user).exists():
        items.append(_units_without_champions(user))
    return ToDoSection(heading="Opportunities", items=items, order=10)


def _units_without_champions(user):
    """For champions: the units the movement has not reached yet (two queries)."""
    covered = Unit.objects.filter(
        pk__in=Person.champion_units.through.objects.filter(person__organisation_id=user.organisation_id).values(
            "unit_id"
        )
    ).values_list("path", flat=True)
    paths = list(covered)
    units = Unit.objects.for_organisation(user.organisation_id).active().values_list("path", flat=True)
    count = sum(1 for path in units if not any(path.startswith(mine) for mine in paths))
    return ToDoItem(
        text="Wards, teams and services with no champion yet", count=count, href=link("opportunities:champions")
    )
