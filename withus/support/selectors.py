"""Reads for support pages, each scoped to the trust and to whom the user may support.

Support plans, debriefs and check-ins are seen by the person and by the People Participation leads for the
person's units only (`people_supported_by`): never by managers, the board, or staff outside the team.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.dates import add_months, month_start
from withus.core.todo import ToDoSection, link, todo_item
from withus.involvement.models import InvolvementKind, InvolvementRecord
from withus.organisations.models import Unit, UnitKind
from withus.people.models import MembershipStatus, Person, PersonUnit
from withus.support.models import (
    CUBE_FIELDS,
    Buddy,
    Debrief,
    DebriefStatus,
    DifficultKind,
    ExperienceAnswer,
    InvolvementAgreement,
    Pause,
    SupportPlan,
)

# Check-in thresholds: why a lead may want to call someone.
MANY_HOURS = 20  # hours of involvement in the current month
DIFFICULT_CLOSE = 2  # difficult activities ...
DIFFICULT_DAYS = 14  # ... within this many days
LOW_ANSWER_MONTHS = 2  # a low survey answer this month or last
RETURN_SOON_DAYS = 7  # a pause whose return date is within a week (or passed)
SMALLEST_COUNT = 5  # survey figures from fewer people are not shown


def people_supported_by(user):
    """The people whose support this user may see: the user's trust and, for a lead held for some units, the
    people connected with those units (and new enquiries nobody has connected yet). Only leads."""
    if not (user.is_authenticated and user.is_active and user.organisation_id):
        return Person.objects.none()
    if not user.has_role(Role.PARTICIPATION_LEAD):
        return Person.objects.none()
    people = Person.objects.for_organisation(user.organisation_id)
    units = user.units_for(Role.PARTICIPATION_LEAD)
    if units is None:
        return people
    unconnected = ~Exists(PersonUnit.objects.filter(person_id=OuterRef("pk")))
    return people.filter(Q(pk__in=people.in_units(units).values("pk")) | unconnected)


def supported_person_or_none(user, person_id) -> Person | None:
    return people_supported_by(user).filter(pk=person_id).first()


def latest_agreements(person: Person) -> list[InvolvementAgreement]:
    """The latest version for each role, newest roles first; earlier versions are in `history`."""
    latest: dict[str, InvolvementAgreement] = {}
    for agreement in InvolvementAgreement.objects.for_person(person).select_related("lead_agreed_by"):
        latest.setdefault(agreement.role, agreement)
    return list(latest.values())


def agreement_history(person: Person) -> list[InvolvementAgreement]:
    return list(InvolvementAgreement.objects.for_person(person))


def plan_of(person: Person) -> SupportPlan | None:
    return SupportPlan.objects.filter(organisation_id=person.organisation_id, person=person).first()


def open_pause(person: Person) -> Pause | None:
    return Pause.objects.filter(organisation_id=person.organisation_id, person=person, ended_on__isnull=True).first()


def adjustments_for(people) -> list[tuple[Person, list[str]]]:
    """What organisers plan for: each person's reasonable adjustments, never the rest of their plan, for everyone
    who has some or has communication needs (the Accessible Information Standard, ADR 41: shown as tags from the
    person). `people` are people or their ids. Two queries."""
    plans = {plan.person_id: plan for plan in SupportPlan.objects.filter(person__in=people)}
    rows = []
    for person in Person.objects.filter(pk__in=people).order_by("full_name", "pk"):
        plan = plans.get(person.pk)
        labels = plan.adjustment_labels if plan else []
        if labels or person.communication_flags:
            rows.append((person, labels))
    return rows


def directorate_of(person: Person) -> Unit | None:
    """The directorate above the first unit the person is connected with (kept on survey answers)."""
    unit = Unit.objects.filter(pk__in=PersonUnit.objects.filter(person=person).values("unit_id")).first()
    if unit is None:
        return None
    directorates = Unit.objects.filter(organisation_id=person.organisation_id, kind=UnitKind.DIRECTORATE)
    return next((top for top in directorates if unit.path.startswith(top.path)), None)


# --- Debriefs ------------------------------------------------------------------------------------------------


@dataclass
class DebriefOverview:
    offered: int
    taken: int
    declined: int
    overdue: list
    waiting: list

    @property
    def completion(self) -> float | None:
        """Debriefs taken of those offered and no longer waiting (declined ones count as answered, not taken)."""
        return None if not self.offered else 100 * self.taken / self.offered


def debrief_overview(user, today: datetime.date) -> DebriefOverview:
    debriefs = Debrief.objects.filter(person__in=people_supported_by(user))
    counts = dict(debriefs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    waiting = list(debriefs.waiting().select_related("person").order_by("due_by")[:200])
    return DebriefOverview(
        offered=sum(counts.values()),
        taken=counts.get(DebriefStatus.DONE, 0),
        declined=counts.get(DebriefStatus.DECLINED, 0),
        overdue=[debrief for debrief in waiting if debrief.due_by < today],
        waiting=waiting,
    )


# --- Check-ins -----------------------------------------------------------------------------------------------


@dataclass
class CheckIn:
    person: Person
    reasons: list[str] = field(default_factory=list)


def check_ins(user, today: datetime.date) -> list[CheckIn]:
    """People who may need a call from their lead, each with why. A fixed number of queries."""
    people = people_supported_by(user).exclude(status=MembershipStatus.LEFT)
    reasons: dict = defaultdict(list)
    this_month = month_start(today)
    hours = (
        InvolvementRecord.objects.filter(organisation_id=user.organisation_id, person__in=people)
        .filter(date__gte=this_month, date__lte=today)
        .values("person_id")
        .annotate(total=Sum("hours"))
        .filter(total__gte=MANY_HOURS)
    )
    for row in hours:
        reasons[row["person_id"]].append(f"{row['total']:g} hours of involvement so far this month")
    difficult_kinds = DifficultKind.objects.for_organisation(user.organisation_id).values("kind_id")
    difficult = (
        InvolvementRecord.objects.filter(organisation_id=user.organisation_id, person__in=people)
        .filter(kind_id__in=difficult_kinds, date__gt=today - datetime.timedelta(days=DIFFICULT_DAYS), date__lte=today)
        .values("person_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=DIFFICULT_CLOSE)
    )
    for row in difficult:
        reasons[row["person_id"]].append(
            f"{row['n']} activities that may be difficult in the last {DIFFICULT_DAYS} days"
        )
    low = (
        ExperienceAnswer.objects.for_organisation(user.organisation_id)
        .filter(person__in=people, month__gte=add_months(this_month, 1 - LOW_ANSWER_MONTHS))
        .low()
        .values_list("person_id", "month")
    )
    for person_id, month in low:
        reasons[person_id].append(f"A low answer in the experience survey for {month:%B %Y}")
    pauses = Pause.objects.filter(
        person__in=people, ended_on__isnull=True, return_on__lte=today + datetime.timedelta(days=RETURN_SOON_DAYS)
    ).values_list("person_id", "return_on")
    for person_id, return_on in pauses:
        when = "was" if return_on < today else "is"
        reasons[person_id].append(f"Paused; their return date {when} {return_on:%-d %B %Y}: a gentle check-in")
    overdue = Debrief.objects.filter(person__in=people).overdue(today).values_list("person_id", "occasion_label")
    for person_id, label in overdue:
        reasons[person_id].append(f"A debrief after {label} is overdue")
    found = Person.objects.filter(pk__in=list(reasons)).order_by("full_name")
    return [CheckIn(person=person, reasons=reasons[person.pk]) for person in found]


def todo(user) -> ToDoSection | None:
    if not user.has_perm("support.support_people"):
        return None
    today = timezone.localdate()
    people = people_supported_by(user)
    return ToDoSection(
        heading="Support for involved people",
        items=[
            todo_item(
                "Debriefs that are overdue",
                Debrief.objects.filter(person__in=people).overdue(today),
                many=link("support:debriefs"),
            ),
            todo_item(
                "Paused people whose return date has come",
                Pause.objects.filter(person__in=people, ended_on__isnull=True, return_on__lte=today),
                many=link("support:check_ins"),
            ),
        ],
        order=25,
    )


# --- The experience survey -----------------------------------------------------------------------------------


def answer_for_month(person: Person, month: datetime.date) -> ExperienceAnswer | None:
    return ExperienceAnswer.objects.for_person(person).filter(month=month).first()


def experience_facts(organisation_id, *, first_month: datetime.date, group_by: str) -> list[dict]:
    """Monthly averages of each question by directorate or kind of involvement, with how many answered. One
    aggregate query over the (organisation, month, group) index."""
    column = "directorate_id" if group_by == "directorate" else "kind_id"
    averages = {name: Avg(name) for name in CUBE_FIELDS}
    return list(
        ExperienceAnswer.objects.for_organisation(organisation_id)
        .filter(month__gte=first_month)
        .exclude(**{f"{column}__isnull": True})
        .values("month", column)
        .annotate(answers=Count("voice"), **averages)  # every answer has a voice; counting it keeps to the index
        .order_by(column, "month")
    )


def group_names(organisation_id, group_by: str) -> dict:
    if group_by == "directorate":
        units = Unit.objects.for_organisation(organisation_id).filter(kind=UnitKind.DIRECTORATE)
        return dict(units.values_list("pk", "name"))
    return dict(InvolvementKind.objects.for_organisation(organisation_id).values_list("pk", "name"))


# --- Buddies and debriefs ------------------------------------------------------------------------------------


def buddies_of(person: Person) -> list[Buddy]:
    return list(Buddy.objects.filter(organisation_id=person.organisation_id, person=person).select_related("buddy"))


def buddies_for(people):
    return Buddy.objects.filter(person__in=people).select_related("person", "buddy").order_by("person__full_name")


def debriefs_supported_by(user):
    return Debrief.objects.filter(person__in=people_supported_by(user)).select_related("person")


def my_involvement_support(person: Person):
    """The "Your support" section of a person's "My involvement" page: what waits for them, and the links."""
    from withus.involvement.sections import Section

    waiting_agreements = [agreement for agreement in latest_agreements(person) if not agreement.person_agreed_on]
    answered = ExperienceAnswer.objects.for_person(person).filter(month=month_start(timezone.localdate())).exists()
    context = {
        "agreements": waiting_agreements,
        "debriefs": Debrief.objects.for_person(person).filter(status=DebriefStatus.OFFERED).count(),
        "answered": answered,
        "pause": open_pause(person),
    }
    return Section("support/_my_section.jinja", context)
