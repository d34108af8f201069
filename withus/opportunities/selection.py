"""Fair selection: the facts about each interested person, "Suggest fairly", and the group's diversity in totals.

Every figure comes from a fixed number of queries, however many people are interested.
"""

import datetime
import hashlib
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum, prefetch_related_objects
from django.utils import timezone

from withus.involvement.models import InvolvementRecord, InvolvementSource, source_key
from withus.learning.models import Completion
from withus.opportunities.models import HOLDS_A_PLACE, ExpressionOfInterest, Opportunity, ResponseStatus
from withus.people.models import EqualityRecord, Person, PersonKind, communication_flags
from withus.people.presenters import suppressed

RECENT_DAYS = 91  # "the last 3 months"
# Co-delivering a course is paid involvement, not training held.
CO_FACILITATING_KEY = source_key("training-session", "")


@dataclass
class Candidate:
    """One interested person and the facts a fair choice needs (plain values: thousands are built at once)."""

    person_id: uuid.UUID
    full_name: str
    status: str
    access_needs: str
    hours_recent: Decimal
    last_involved: datetime.date | None
    times_selected: int
    message: str = ""
    confirmed_how: str = ""
    training: list[str] = field(default_factory=list)
    missing_training: list[str] = field(default_factory=list)
    not_to_be_contacted: bool = False
    communication: list[str] = field(default_factory=list)  # Accessible Information Standard flags (ADR 41)

    @property
    def first_timer(self) -> bool:
        return self.last_involved is None and self.times_selected == 0

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDS_A_PLACE

    @property
    def ineligible_reason(self) -> str:
        """Why this person cannot be offered a place, in plain English; empty when they can."""
        if self.not_to_be_contacted:
            return "Asked not to be contacted about opportunities"
        if self.missing_training:
            return f"Needs {' and '.join(self.missing_training)}, in date"
        return ""


def candidates(opportunity: Opportunity, *, today: datetime.date | None = None) -> list[Candidate]:
    """Everyone still interested (or already selected), with the facts a fair choice needs.

    Four queries, each one pass over its table (grouped, never correlated per person), so the time grows
    linearly with the people and their records, on SQLite and PostgreSQL alike.
    """
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=RECENT_DAYS)
    waiting = (
        ExpressionOfInterest.objects.filter(opportunity=opportunity)
        .exclude(status=ResponseStatus.WITHDRAWN)
        .order_by("created_at", "pk")
    )
    rows = [
        Candidate(
            person_id=person_id,
            full_name=full_name,
            status=status,
            access_needs=access_needs,
            hours_recent=Decimal(0),
            last_involved=None,
            times_selected=0,
            message=message,
            confirmed_how=confirmed_how,
            communication=communication_flags(needs, language),
        )
        for person_id, full_name, status, access_needs, message, confirmed_how, needs, language in waiting.values_list(
            "person_id",
            "person__full_name",
            "status",
            "access_needs",
            "message",
            "confirmed_how",
            "person__communication_needs",
            "person__communication_language",
        )
    ]
    if not rows:
        return rows
    by_person = {row.person_id: row for row in rows}
    people = waiting.values("person_id")
    records = InvolvementRecord.objects.filter(organisation_id=opportunity.organisation_id, person_id__in=people)
    facts = (
        records.values("person_id")
        .annotate(recent=Sum("hours", filter=Q(date__gte=since, date__lte=today)), last=Max("date"))
        .order_by()
        .values_list("person_id", "recent", "last")
    )
    for person_id, recent, last in facts:
        row = by_person[person_id]
        row.hours_recent, row.last_involved = Decimal(recent or 0), _as_date(last)
    before = (
        ExpressionOfInterest.objects.filter(
            person_id__in=people, opportunity__kind_id=opportunity.kind_id, status__in=HOLDS_A_PLACE
        )
        .exclude(opportunity_id=opportunity.pk)
        .values("person_id")
        .annotate(times=Count("pk"))
        .order_by()
        .values_list("person_id", "times")
    )
    for person_id, times in before:
        by_person[person_id].times_selected = times
    trained = (
        records.filter(source_type=InvolvementSource.TRAINING)
        .exclude(source_key__startswith=CO_FACILITATING_KEY)
        .values_list("person_id", "source_label")
        .distinct()
        .order_by()
    )
    for person_id, label in trained:
        by_person[person_id].training.append(label)
    # The courses it needs are fetched once here and kept on the opportunity for the page to show.
    prefetch_related_objects([opportunity], "required_courses")
    held = (
        Completion.objects.for_organisation(opportunity.organisation_id)
        .in_date(today)
        .filter(person_id__in=people)
        .values_list("person_id", "course_id", "course__name")
        .distinct()
        .order_by()
    )
    courses_held = {person_id: set() for person_id in by_person}
    for person_id, course_id, name in held:
        courses_held[person_id].add(course_id)
        if name not in by_person[person_id].training:
            by_person[person_id].training.append(name)
    for person_id in Person.objects.filter(pk__in=people).not_to_be_contacted().values_list("pk", flat=True):
        by_person[person_id].not_to_be_contacted = True
    required = list(opportunity.required_courses.all())
    for row in rows:
        row.training.sort()
        row.missing_training = [course.name for course in required if course.pk not in courses_held[row.person_id]]
    return rows


def _as_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _tie_break(opportunity: Opportunity, row: Candidate) -> str:
    """Equal on every fact: a fixed but arbitrary order per opportunity (never alphabetical, never first-come)."""
    return hashlib.sha256(f"{opportunity.pk}:{row.person_id}".encode()).hexdigest()


def _fairness(opportunity: Opportunity):
    def key(row: Candidate):
        return (
            not row.first_timer,
            row.times_selected,
            row.hours_recent,
            row.last_involved or datetime.date.min,
            _tie_break(opportunity, row),
        )

    return key


def fair_order(opportunity: Opportunity, rows: list[Candidate]) -> list[Candidate]:
    """People holding places first, then everyone waiting in the order Suggest fairly would offer places."""
    holding = [row for row in rows if row.holds_place]
    waiting = [row for row in rows if row.status in (ResponseStatus.INTERESTED, ResponseStatus.NOT_SELECTED)]
    eligible = [row for row in waiting if not row.ineligible_reason]
    return holding + sorted(eligible, key=_fairness(opportunity)) + [row for row in waiting if row.ineligible_reason]


def suggest_fairly(opportunity: Opportunity, rows: list[Candidate]) -> list[Candidate]:
    """Fill the free places, favouring first-timers, then fewer times chosen for this kind, fewer recent hours,
    and the longest since they last took part."""
    holding = [row for row in rows if row.holds_place]
    free = max(0, opportunity.places - len(holding))
    waiting = [
        row
        for row in rows
        if row.status in (ResponseStatus.INTERESTED, ResponseStatus.NOT_SELECTED) and not row.ineligible_reason
    ]
    return sorted(waiting, key=_fairness(opportunity))[:free]


# --- Diversity of the proposed group, in totals only -------------------------------------------------

ETHNIC_GROUPS = [
    ("White", {"A", "B", "C"}),
    ("Mixed or multiple ethnic groups", {"D", "E", "F", "G"}),
    ("Asian or Asian British", {"H", "J", "K", "L"}),
    ("Black or Black British", {"M", "N", "P"}),
    ("Other ethnic groups", {"R", "S"}),
    ("Not stated or not known", {"Z", "99"}),
]


def _group_counts(rows) -> dict[str, int]:
    counts = dict.fromkeys((label for label, _ in ETHNIC_GROUPS), 0)
    for code, count in rows:
        for label, codes in ETHNIC_GROUPS:
            if code in codes:
                counts[label] += count
    return counts


def diversity_summary(*, organisation_id, person_ids: list) -> dict:
    """The proposed group against the register (service users and carers), as suppressed totals. Two queries."""
    register = (
        EqualityRecord.objects.filter(organisation_id=organisation_id)
        .exclude(person__kind=PersonKind.STAFF)
        .values_list("ethnic_category")
        .annotate(count=Count("pk"))
    )
    group = (
        EqualityRecord.objects.filter(organisation_id=organisation_id, person_id__in=person_ids)
        .values_list("ethnic_category")
        .annotate(count=Count("pk"))
        if person_ids
        else []
    )
    register_counts, group_counts = _group_counts(register), _group_counts(group)
    register_total = sum(register_counts.values())
    group_total = sum(group_counts.values())
    rows = [
        {
            "label": label,
            "group": suppressed(group_counts[label]) if group_counts[label] else "0",
            "register": f"{round(100 * register_counts[label] / register_total)}%" if register_total else "–",
        }
        for label, _ in ETHNIC_GROUPS
    ]
    return {
        "rows": rows,
        "group_size": len(person_ids),
        "group_recorded": suppressed(group_total) if group_total else "0",
        "register_recorded": register_total,
    }
