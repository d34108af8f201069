"""The People Participation annual report for a financial year (April to March), from the same metric
definitions and selectors as the board pack (ADR 29), plus the year's totals: people, activity, money, the
learning funnel and representation."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from withus.core.dates import add_months
from withus.improvement.models import PARTICIPANT_KINDS
from withus.involvement.models import InvolvementRecord
from withus.learning.models import Completion, Course, CourseKind
from withus.payments.models.claims import Claim, ClaimStatus
from withus.people.models import MembershipStatus, Person
from withus.reports.equity import Representation, representation
from withus.reports.models import MetricDefinition
from withus.reports.snapshots import metric_figures

CHARTED = ("big-i-percent", "panel-coverage-percent")
"""The two coverage metrics drawn as charts in the report; the rest are shown as their latest figure."""


@dataclass
class AnnualReport:
    start: datetime.date
    end: datetime.date
    ended: bool
    people: dict
    hours_by_kind: list[tuple[str, float]]
    money: dict
    funnel: list[tuple[str, int]]
    metrics: list[dict] = field(default_factory=list)
    equity: Representation | None = None


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def annual_report(organisation_id, year: int, *, today: datetime.date | None = None) -> AnnualReport:
    today = today or timezone.localdate()
    start, end = _year(year)
    last = min(end, today - datetime.timedelta(days=1))
    participants = Person.objects.filter(organisation_id=organisation_id, kind__in=PARTICIPANT_KINDS)
    records = InvolvementRecord.objects.filter(
        organisation_id=organisation_id, date__range=(start, last), person__kind__in=PARTICIPANT_KINDS
    )
    changes = participants.filter(status_changes__created_at__date__range=(start, last))
    people = {
        "registered": participants.exclude(status=MembershipStatus.LEFT).count(),
        "active": records.values("person_id").distinct().count(),
        "new": changes.filter(status_changes__to_status=MembershipStatus.ACTIVE).distinct().count(),
        "leaving": changes.filter(status_changes__to_status=MembershipStatus.LEFT).distinct().count(),
    }
    hours_by_kind = [
        (name, float(hours))
        for name, hours in records.values("kind__name").annotate(hours=Sum("hours")).values_list("kind__name", "hours")
    ]
    hours_by_kind.sort(key=lambda item: -item[1])
    paid = Claim.objects.filter(organisation_id=organisation_id, status=ClaimStatus.PAID, paid_on__range=(start, last))
    totals = paid.aggregate(claims=Count("pk"), fees=Sum("fees_total"), expenses=Sum("expenses_total"))
    money = {
        "claims": totals["claims"],
        "fees": totals["fees"] or Decimal("0.00"),
        "expenses": totals["expenses"] or Decimal("0.00"),
    }
    completions = dict(
        Completion.objects.filter(
            organisation_id=organisation_id,
            course__kind=CourseKind.PATHWAY,
            completed_on__lte=last,
            person__kind__in=PARTICIPANT_KINDS,
        )
        .values("course_id")
        .annotate(people=Count("person_id", distinct=True))
        .values_list("course_id", "people")
    )
    courses = Course.objects.filter(organisation_id=organisation_id, kind=CourseKind.PATHWAY).order_by("position")
    funnel = [(course.name, completions.get(course.pk, 0)) for course in courses]
    months = [add_months(start, offset) for offset in range(12)]
    months = [month for month in months if month <= last] or [start]
    # The charts show the two years to the end of the year, as the pack does, so icons have enough points.
    chart_months = [add_months(months[-1], offset) for offset in range(-23, 1)]
    definitions = MetricDefinition.objects.for_organisation(organisation_id).active().prefetch_related("rebases")
    metrics = [
        metric_figures(definition, organisation_id, chart_months, draw=definition.code in CHARTED)
        for definition in definitions
    ]
    return AnnualReport(
        start=start,
        end=end,
        ended=end < today,
        people=people,
        hours_by_kind=hours_by_kind,
        money=money,
        funnel=funnel,
        metrics=metrics,
        equity=representation(organisation_id, period_end=last),
    )
