"""Fair selection: the facts about each interested person, "Suggest fairly", and the group's diversity in totals.

Every figure comes from a fixed number of queries, however many people are interested.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from withus.opportunities.models import (
    HOLDS_A_PLACE,
    ExpressionOfInterest,
    InvolvementRecord,
    InvolvementSource,
    Opportunity,
    ResponseStatus,
)
from withus.people.models import EqualityRecord, Person, PersonKind
from withus.people.presenters import suppressed

RECENT_DAYS = 91  # "the last 3 months"


@dataclass
class Candidate:
    response: ExpressionOfInterest
    hours_recent: Decimal
    last_involved: datetime.date | None
    times_selected: int
    training: list[str] = field(default_factory=list)

    @property
    def person(self) -> Person:
        return self.response.person

    @property
    def first_timer(self) -> bool:
        return self.last_involved is None and self.times_selected == 0

    @property
    def holds_place(self) -> bool:
        return self.response.status in HOLDS_A_PLACE


def candidates(opportunity: Opportunity, *, today: datetime.date | None = None) -> list[Candidate]:
    """Everyone still interested (or already selected), with the facts a fair choice needs. Two queries."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=RECENT_DAYS)
    records = InvolvementRecord.objects.filter(organisation_id=opportunity.organisation_id, person=OuterRef("person"))
    recent_hours = (
        records.filter(date__gte=since, date__lte=today).values("person").annotate(total=Sum("hours")).values("total")
    )
    last_date = records.values("person").annotate(last=Max("date")).values("last")
    selected_before = (
        ExpressionOfInterest.objects.filter(
            person=OuterRef("person"), opportunity__kind_id=opportunity.kind_id, status__in=HOLDS_A_PLACE
        )
        .exclude(opportunity_id=opportunity.pk)
        .values("person")
        .annotate(times=Count("pk"))
        .values("times")
    )
    responses = (
        ExpressionOfInterest.objects.filter(opportunity=opportunity)
        .exclude(status=ResponseStatus.WITHDRAWN)
        .select_related("person")
        .annotate(
            hours_recent=Coalesce(
                Subquery(recent_hours, output_field=DecimalField(max_digits=8, decimal_places=2)),
                Value(Decimal(0)),
                output_field=DecimalField(max_digits=8, decimal_places=2),
            ),
            last_involved=Subquery(last_date),
            times_selected=Coalesce(Subquery(selected_before, output_field=IntegerField()), Value(0)),
        )
        .order_by("created_at", "pk")
    )
    rows = [
        Candidate(
            response=response,
            hours_recent=Decimal(response.hours_recent or 0),
            last_involved=_as_date(response.last_involved),
            times_selected=response.times_selected or 0,
        )
        for response in responses
    ]
    training: dict = {}
    trained = (
        InvolvementRecord.objects.filter(
            organisation_id=opportunity.organisation_id,
            source_type=InvolvementSource.TRAINING,
            person_id__in=[row.response.person_id for row in rows],
        )
        .values_list("person_id", "source_label")
        .distinct()
    )
    if rows:
        for person_id, label in trained:
            training.setdefault(person_id, []).append(label)
    for row in rows:
        row.training = sorted(training.get(row.response.person_id, []))
    return rows


def _as_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _tie_break(opportunity: Opportunity, row: Candidate) -> str:
    """Equal on every fact: a fixed but arbitrary order per opportunity (never alphabetical, never first-come)."""
    return hashlib.sha256(f"{opportunity.pk}:{row.response.person_id}".encode()).hexdigest()


def suggest_fairly(opportunity: Opportunity, rows: list[Candidate]) -> list[Candidate]:
    """Fill the free places, favouring first-timers, then fewer times chosen for this kind, fewer recent hours,
    and the longest since they last took part."""
    holding = [row for row in rows if row.holds_place]
    free = max(0, opportunity.places - len(holding))
    waiting = [row for row in rows if row.response.status in (ResponseStatus.INTERESTED, ResponseStatus.NOT_SELECTED)]
    waiting.sort(
        key=lambda row: (
            not row.first_timer,
            row.times_selected,
            row.hours_recent,
            row.last_involved or datetime.date.min,
            _tie_break(opportunity, row),
        )
    )
    return waiting[:free]


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
