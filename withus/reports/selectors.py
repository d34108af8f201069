"""Board metrics counted month by month from the other parts of WithUs (ADR 29).

Each selector takes the trust and the months (first days, oldest first) and returns a `MetricSeries`: one value
a month, the same split by directorate (counts of what happened in a directorate, never a person), and for some a
split by kind. `SELECTORS` maps a `MetricDefinition.code` to its selector: a part built later (stories, ideas,
support surveys) joins the board pack with one definition row and one selector here.

Queries group by month (and unit) in the database, so a large trust costs a handful of queries per metric.
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, Sum
from django.db.models.functions import Cast, Substr, TruncMonth
from django.utils import timezone

from withus.accreditation.models import Award, Decision
from withus.core.dates import month_end
from withus.governance.selectors import panel_coverage_facts
from withus.improvement.models import PARTICIPANT_KINDS, Project, ProjectStatus
from withus.improvement.selectors import involvement_headline_facts
from withus.involvement.models import InvolvementRecord
from withus.learning.models import Completion, CourseKind
from withus.organisations.models import Unit
from withus.payments.models.claims import Claim, ClaimStatus
from withus.payments.models.rates import PaymentSettings
from withus.payments.selectors import DEFAULT_LATENESS_DAYS
from withus.people.models import MembershipStatus, MembershipStatusChange

Months = Sequence[datetime.date]
Values = list[float | None]


@dataclass
class MetricSeries:
    values: Values
    by_directorate: dict[str, Values] = field(default_factory=dict)
    by_kind: dict[str, Values] = field(default_factory=dict)
    note: str = ""


def directorates(organisation_id) -> dict[str, str]:
    """Top-level units (directorates) by id (hex) → name."""
    return {
        unit.pk.hex: unit.name
        for unit in Unit.objects.for_organisation(organisation_id).filter(parent__isnull=True).order_by("name")
    }


def _directorate_of(path: str | None, names: dict[str, str]) -> str | None:
    parts = [part for part in (path or "").split("/") if part]
    return names.get(parts[0]) if parts else None


def _month(day) -> datetime.date:
    if isinstance(day, datetime.datetime):
        day = day.date()
    return day.replace(day=1)


def _percent(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def _counts_to_series(months: Months, counts: dict) -> Values:
    return [float(counts.get(month, 0)) for month in months]


# --- QI and panels ----------------------------------------------------------------------------------------


def big_i_percent(organisation_id, months: Months) -> MetricSeries:
    """Of the QI projects active in each month, the percentage with a service user or carer on the team."""
    facts = involvement_headline_facts(organisation_id)
    names = facts.directorates

    def share(project_ids) -> Values:
        values: Values = []
        for first in months:
            last = month_end(first)
            active = big = 0
            for project in facts.projects:
                if project["pk"] not in project_ids or project["start_date"] > last:
                    continue
                if project["ended_on"] and project["ended_on"] < first:
                    continue
                active += 1
                spans = facts.members.get(project["pk"], ())
                big += any(joined <= last and (left is None or left >= first) for joined, left in spans)
            values.append(_percent(big, active))
        return values

    every = {project["pk"] for project in facts.projects}
    by_directorate = {}
    for hex_id, name in sorted(names.items(), key=lambda item: item[1]):
        ids = {pk for pk, dirs in facts.project_directorates.items() if hex_id in dirs}
        by_directorate[name] = share(ids)
    return MetricSeries(share(every), by_directorate)


def panel_coverage_percent(organisation_id, months: Months) -> MetricSeries:
    """Of the interview panels held each month, the percentage with a service user or carer member."""
    panels, names = panel_coverage_facts(organisation_id)
    totals: dict = defaultdict(lambda: [0, 0])
    for panel in panels:
        day = panel["interview_on"] or panel["closing_date"]
        directorate = _directorate_of(panel["unit__path"], names)
        for key in ((None, _month(day)), (directorate, _month(day))):
            totals[key][0] += 1
            totals[key][1] += bool(panel["has_lived_experience"])

    def series(directorate) -> Values:
        return [_percent(totals[(directorate, m)][1], totals[(directorate, m)][0]) for m in months]

    return MetricSeries(series(None), {name: series(name) for name in sorted(names.values())})


def qi_projects_improving(organisation_id, months: Months) -> MetricSeries:
    """Active projects with at least one measure whose latest reading is special-cause improvement (a figure for
    now: measures keep their latest reading only, so earlier months are not known)."""
    if month_end(months[-1]) < timezone.localdate() - datetime.timedelta(days=45):
        return MetricSeries(
            [None] * len(months), note="Only known for the latest month: measures keep their latest reading only."
        )
    count = (
        Project.objects.for_organisation(organisation_id)
        .filter(status=ProjectStatus.ACTIVE, measures__variation__startswith="improvement")
        .distinct()
        .count()
    )
    return MetricSeries([None] * (len(months) - 1) + [float(count)], note="Measured on the day the pack was made.")


# --- Payments ---------------------------------------------------------------------------------------------


def _paid_claims(organisation_id, months: Months) -> list[tuple[datetime.date, int]]:
    rows = Claim.objects.filter(
        organisation_id=organisation_id,
        status=ClaimStatus.PAID,
        paid_on__gte=months[0],
        paid_on__lte=month_end(months[-1]),
        first_activity_on__isnull=False,
    ).values_list("paid_on", "first_activity_on")
    return [(paid_on, (paid_on - first).days) for paid_on, first in rows]


def _target_days(organisation_id) -> int:
    target = (
        PaymentSettings.objects.filter(organisation_id=organisation_id)
        .values_list("lateness_target_days", flat=True)
        .first()
    )
    return target or DEFAULT_LATENESS_DAYS


def claims_paid_within_target_percent(organisation_id, months: Months) -> MetricSeries:
    """Of the claims paid each month, the percentage paid within the trust's target days of the first activity."""
    target = _target_days(organisation_id)
    totals: dict = defaultdict(lambda: [0, 0])
    for paid_on, days in _paid_claims(organisation_id, months):
        totals[_month(paid_on)][0] += 1
        totals[_month(paid_on)][1] += days <= target
    return MetricSeries(
        [_percent(totals[m][1], totals[m][0]) for m in months], note=f"Target: paid within {target} days."
    )


def median_days_to_pay(organisation_id, months: Months) -> MetricSeries:
    """The median number of days from the first activity on a claim to its payment, for claims paid that month."""
    days: dict = defaultdict(list)
    for paid_on, waited in _paid_claims(organisation_id, months):
        days[_month(paid_on)].append(waited)
    return MetricSeries([float(statistics.median(days[m])) if days[m] else None for m in months])


# --- People and involvement -------------------------------------------------------------------------------


def _month_key(field: str):
    """'YYYY-MM' of a date column, worked out by the database itself (TruncMonth is a Python function per row on
    SQLite, which made a large trust's pack take minutes)."""
    return Substr(Cast(field, CharField()), 1, 7)


# A unit's path is "/<directorate id>/<service id>/...": the directorate's id is the 32 characters after the "/".
_DIRECTORATE_KEY = Substr("unit__path", 2, 32)


def _key_month(key: str) -> datetime.date:
    return datetime.date(int(key[:4]), int(key[5:7]), 1)


def _records(organisation_id, months: Months):
    return InvolvementRecord.objects.filter(
        organisation_id=organisation_id,
        date__gte=months[0],
        date__lte=month_end(months[-1]),
        person__kind__in=PARTICIPANT_KINDS,
    ).annotate(month=_month_key("date"), directorate=_DIRECTORATE_KEY)


def people_active(organisation_id, months: Months) -> MetricSeries:
    """Service users and carers who took part (an involvement record) in the month."""
    records = _records(organisation_id, months)
    overall = {
        _key_month(key): n
        for key, n in records.values("month").annotate(n=Count("person", distinct=True)).values_list("month", "n")
    }
    names = directorates(organisation_id)
    by_directorate: dict[str, dict] = defaultdict(dict)
    for key, directorate, n in (
        records.filter(unit__isnull=False)
        .values("month", "directorate")
        .annotate(n=Count("person", distinct=True))
        .values_list("month", "directorate", "n")
    ):
        if directorate in names:
            by_directorate[names[directorate]][_key_month(key)] = n
    return MetricSeries(
        _counts_to_series(months, overall),
        {name: _counts_to_series(months, by_directorate[name]) for name in sorted(names.values())},
    )


def _status_changes(organisation_id, months: Months, to_status: str) -> MetricSeries:
    rows = (
        MembershipStatusChange.objects.filter(
            organisation_id=organisation_id,
            to_status=to_status,
            created_at__date__gte=months[0],
            created_at__date__lte=month_end(months[-1]),
            person__kind__in=PARTICIPANT_KINDS,
        )
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("person", distinct=True))
        .values_list("month", "n")
    )
    return MetricSeries(_counts_to_series(months, {_month(month): n for month, n in rows}))


def people_new(organisation_id, months: Months) -> MetricSeries:
    """Service users and carers who became active members of the register in the month."""
    return _status_changes(organisation_id, months, MembershipStatus.ACTIVE)


def people_leaving(organisation_id, months: Months) -> MetricSeries:
    """Service users and carers who left the register in the month."""
    return _status_changes(organisation_id, months, MembershipStatus.LEFT)


def involvement_hours(organisation_id, months: Months) -> MetricSeries:
    """Hours of involvement recorded in the month, all kinds together; split by kind and by directorate."""
    rows = (
        _records(organisation_id, months)
        .values("month", "kind__name", "directorate")
        .annotate(hours=Sum("hours"))
        .values_list("month", "kind__name", "directorate", "hours")
    )
    names = directorates(organisation_id)
    overall: dict = defaultdict(float)
    kinds: dict = defaultdict(lambda: defaultdict(float))
    dirs: dict = defaultdict(lambda: defaultdict(float))
    for key, kind, directorate, hours in rows:
        month = _key_month(key)
        overall[month] += float(hours)
        kinds[kind][month] += float(hours)
        if directorate in names:
            dirs[names[directorate]][month] += float(hours)
    return MetricSeries(
        [round(overall[m], 2) for m in months],
        {name: [round(dirs[name][m], 2) for m in months] for name in sorted(names.values())},
        {kind: [round(kinds[kind][m], 2) for m in months] for kind in sorted(kinds)},
    )


def learning_progression(organisation_id, months: Months) -> MetricSeries:
    """Service users and carers completing a course of the QI learning pathway in the month; split by course."""
    rows = (
        Completion.objects.filter(
            organisation_id=organisation_id,
            course__kind=CourseKind.PATHWAY,
            completed_on__gte=months[0],
            completed_on__lte=month_end(months[-1]),
            person__kind__in=PARTICIPANT_KINDS,
        )
        .annotate(month=TruncMonth("completed_on"), course_name=F("course__name"))
        .values("month", "course_name")
        .annotate(n=Count("pk"))
        .values_list("month", "course_name", "n")
    )
    overall: dict = defaultdict(int)
    courses: dict = defaultdict(lambda: defaultdict(int))
    for month, course, n in rows:
        overall[_month(month)] += n
        courses[course][_month(month)] += n
    return MetricSeries(
        _counts_to_series(months, overall),
        by_kind={course: _counts_to_series(months, counts) for course, counts in sorted(courses.items())},
    )


AWARDED = (Award.GOLD, Award.SILVER, Award.BRONZE)


def accreditation_awards(organisation_id, months: Months) -> MetricSeries:
    """Accreditation awards (bronze, silver or gold) decided in the month; split by award and by directorate."""
    rows = (
        Decision.objects.filter(
            review__organisation_id=organisation_id,
            award__in=AWARDED,
            decided_on__gte=months[0],
            decided_on__lte=month_end(months[-1]),
        )
        .annotate(month=TruncMonth("decided_on"))
        .values("month", "award", "review__unit__path")
        .annotate(n=Count("pk"))
        .values_list("month", "award", "review__unit__path", "n")
    )
    names = directorates(organisation_id)
    overall: dict = defaultdict(int)
    awards: dict = defaultdict(lambda: defaultdict(int))
    dirs: dict = defaultdict(lambda: defaultdict(int))
    for month, award, path, n in rows:
        overall[_month(month)] += n
        awards[Award(award).label][_month(month)] += n
        name = _directorate_of(path, names)
        if name:
            dirs[name][_month(month)] += n
    return MetricSeries(
        _counts_to_series(months, overall),
        {name: _counts_to_series(months, dirs[name]) for name in sorted(names.values())},
        {award: _counts_to_series(months, awards[award]) for award in sorted(awards)},
    )


SELECTORS: dict[str, Callable[..., MetricSeries]] = {
    "big-i-percent": big_i_percent,
    "panel-coverage-percent": panel_coverage_percent,
    "claims-paid-within-target-percent": claims_paid_within_target_percent,
    "median-days-to-pay": median_days_to_pay,
    "people-active": people_active,
    "people-new": people_new,
    "people-leaving": people_leaving,
    "involvement-hours": involvement_hours,
    "learning-progression": learning_progression,
    "qi-projects-improving": qi_projects_improving,
    "accreditation-awards": accreditation_awards,
}
"""Metric code → selector. Stories, ideas and experience surveys add theirs here when those parts exist."""
