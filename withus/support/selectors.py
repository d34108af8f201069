"""Reads for support pages, each scoped to the trust and to whom the user may support.

Support plans, debriefs and check-ins are seen by the person and by the People Participation leads for the
person's units only (`people_supported_by`): never by managers, the board, or staff outside the team.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Sum
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
    BuddyCheckIn,
    Debrief,
    DebriefStatus,
    DifficultKind,
    ExperienceAnswer,
    ExperienceMonth,
    InvolvementAgreement,
    Pause,
    Profile,
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


def profile_of(person: Person) -> Profile | None:
    return Profile.objects.filter(organisation_id=person.organisation_id, person=person).first()


def profiles_for(people) -> dict:
    """Each person's non-empty one-page profile, by person id (one query)."""
    profiles = Profile.objects.filter(person__in=people).exclude(search_text="")
    return {profile.person_id: profile for profile in profiles if not profile.is_empty}


def profiles_listed(organisation_id, *, words: str = "", limit: int = 50) -> list[Profile]:
    """Profiles of people in the trust who have not left, mentioning every word if given, by name (one query)."""
    profiles = (
        Profile.objects.for_organisation(organisation_id)
        .exclude(search_text="")
        .exclude(person__status=MembershipStatus.LEFT)
        .mentioning(words)
        .select_related("person")
        .order_by("person__full_name")
    )
    return list(profiles[:limit])


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


CHECK_IN_PAGE_SIZE = 50


def _check_in_reasons(organisation_id, today: datetime.date, people=None) -> dict:
    """Each reason's query, by name, over the trust (or only `people`). Each has a `person_id` column, so the same
    queries find who is on the list (as subqueries of the people supported: no person filter inside, so each reads
    its own index by date) and, for the people on one page, why."""
    this_month = month_start(today)

    def only(queryset):
        return queryset if people is None else queryset.filter(person__in=people)

    records = only(InvolvementRecord.objects.filter(organisation_id=organisation_id))
    hours = (
        records.filter(date__gte=this_month, date__lte=today)
        .values("person_id")
        .annotate(total=Sum("hours"))
        .filter(total__gte=MANY_HOURS)
        .order_by()
    )
    difficult_kinds = DifficultKind.objects.for_organisation(organisation_id).values("kind_id")
    difficult = (
        records.filter(
            kind_id__in=difficult_kinds, date__gt=today - datetime.timedelta(days=DIFFICULT_DAYS), date__lte=today
        )
        .values("person_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=DIFFICULT_CLOSE)
        .order_by()
    )
    low = only(
        ExperienceAnswer.objects.for_organisation(organisation_id)
        .filter(month__gte=add_months(this_month, 1 - LOW_ANSWER_MONTHS))
        .low()
        .order_by()
    )
    pauses = only(
        Pause.objects.filter(
            organisation_id=organisation_id,
            ended_on__isnull=True,
            return_on__lte=today + datetime.timedelta(days=RETURN_SOON_DAYS),
        ).order_by()
    )
    overdue = only(Debrief.objects.filter(organisation_id=organisation_id).overdue(today).order_by())
    return {"hours": hours, "difficult": difficult, "low": low, "pauses": pauses, "overdue": overdue}


def check_ins(user, today: datetime.date, *, page_number=None):
    """People who may need a call from their lead, each with why, a page at a time (by name). A fixed number of
    queries however many people there are: one to count who is on the list, one for the page, one per reason for
    the people on that page."""
    people = people_supported_by(user).exclude(status=MembershipStatus.LEFT)
    found = _check_in_reasons(user.organisation_id, today)
    on_the_list = Q()
    for query in found.values():
        on_the_list |= Q(pk__in=query.values("person_id"))
    listed = people.filter(on_the_list).order_by("full_name", "pk")
    page = Paginator(listed, CHECK_IN_PAGE_SIZE).get_page(page_number)
    shown = list(page.object_list)
    if not shown:
        page.rows = []
        return page
    reasons: dict = defaultdict(list)
    page_people = Person.objects.filter(pk__in=[person.pk for person in shown])
    found = _check_in_reasons(user.organisation_id, today, page_people)
    for row in found["hours"]:
        reasons[row["person_id"]].append(f"{row['total']:g} hours of involvement so far this month")
    for row in found["difficult"]:
        reasons[row["person_id"]].append(
            f"{row['n']} activities that may be difficult in the last {DIFFICULT_DAYS} days"
        )
    for person_id, month in found["low"].order_by("month").values_list("person_id", "month"):
        reasons[person_id].append(f"A low answer in the experience survey for {month:%B %Y}")
    for person_id, return_on in found["pauses"].values_list("person_id", "return_on"):
        when = "was" if return_on < today else "is"
        reasons[person_id].append(f"Paused; their return date {when} {return_on:%-d %B %Y}: a gentle check-in")
    for person_id, label in found["overdue"].order_by("due_by").values_list("person_id", "occasion_label"):
        reasons[person_id].append(f"A debrief after {label} is overdue")
    page.rows = [CheckIn(person=person, reasons=reasons[person.pk]) for person in shown]
    return page


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
    query over the monthly totals the survey service keeps (`ExperienceMonth`): a few rows per month, however
    many people answer."""
    column = "directorate_id" if group_by == "directorate" else "kind_id"
    sums = {f"{name}_total": Sum(f"{name}_sum") for name in CUBE_FIELDS}
    rows = (
        ExperienceMonth.objects.for_organisation(organisation_id)
        .filter(month__gte=first_month, answers__gt=0)
        .exclude(**{f"{column}__isnull": True})
        .values("month", column)
        .annotate(total_answers=Sum("answers"), **sums)
        .order_by(column, "month")
    )
    return [
        {
            "month": row["month"],
            column: row[column],
            "answers": row["total_answers"],
            **{name: row[f"{name}_total"] / row["total_answers"] for name in CUBE_FIELDS},
        }
        for row in rows
        if row["total_answers"]
    ]


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


def check_ins_of(pair: Buddy) -> list[BuddyCheckIn]:
    return list(BuddyCheckIn.objects.filter(organisation_id=pair.organisation_id, pair=pair)[:100])


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
