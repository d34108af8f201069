"""Board metrics counted month by month from the other parts of WithUs (ADR 29).

Each selector takes the trust and the months (first days, oldest first) and returns a `MetricSeries`: one value
a month, the same split by directorate (counts of what happened in a directorate, never a person), and for some a
split by kind. `SELECTORS` maps a `MetricDefinition.code` to its selector: a part built later (stories, ideas,
support surveys) joins the board pack with one definition row and one selector here.

Queries group by month (and unit) in the database, so a large trust costs a handful of queries per metric. Inside
`counting_together()` (a pack being frozen) what the selectors fetch is shared: the involvement records are read
once (month, unit, kind, person and hours of each, with no per-value conversion) for "people taking part" and
"hours by kind" alike, and two metrics built on the same facts (QI projects, panels, paid claims, status changes)
fetch them once (ADR 39).
"""

import contextlib
import contextvars
import datetime
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import CharField, Count, F
from django.db.models.functions import Cast, Substr, TruncMonth
from django.utils import timezone

from withus.accreditation.models import Award, Decision
from withus.core.dates import month_end
from withus.governance.selectors import panel_coverage_facts
from withus.improvement.models import PARTICIPANT_KINDS, Project, ProjectStatus
from withus.improvement.selectors import involvement_headline_facts
from withus.involvement.models import InvolvementKind, InvolvementRecord
from withus.learning.models import Completion, CourseKind
from withus.organisations.models import Unit
from withus.payments.models.claims import Claim, ClaimStatus
from withus.payments.models.rates import PaymentSettings
from withus.payments.selectors import DEFAULT_LATENESS_DAYS
from withus.people.models import MembershipStatus, MembershipStatusChange, Person

Months = Sequence[datetime.date]
Values = list[float | None]


@dataclass
class MetricSeries:
    values: Values
    by_directorate: dict[str, Values] = field(default_factory=dict)
    by_kind: dict[str, Values] = field(default_factory=dict)
    note: str = ""


_shared_facts: contextvars.ContextVar[dict | None] = contextvars.ContextVar("reports_shared_facts", default=None)


@contextlib.contextmanager
def counting_together() -> Iterator[None]:
    """Within the block, selectors share the facts they fetch (keyed by what was asked: trust, months). A pack's
    metrics are counted inside one; a single live metric page is not, so it always reads fresh data."""
    token = _shared_facts.set({})
    try:
        yield
    finally:
        _shared_facts.reset(token)


def _shared(key: tuple, fetch: Callable):
    facts = _shared_facts.get()
    if facts is None:
        return fetch()
    if key not in facts:
        facts[key] = fetch()
    return facts[key]


def directorates(organisation_id) -> dict[str, str]:
    """Top-level units (directorates) by id (hex) → name."""
    return _shared(("directorates", organisation_id), lambda: _directorates(organisation_id))


def _directorates(organisation_id) -> dict[str, str]:
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
    facts = _shared(("headline", organisation_id), lambda: involvement_headline_facts(organisation_id))
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
    panels, names = _shared(("panels", organisation_id), lambda: panel_coverage_facts(organisation_id))
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
    return _shared(("paid-claims", organisation_id, tuple(months)), lambda: _fetch_paid_claims(organisation_id, months))


def _fetch_paid_claims(organisation_id, months: Months) -> list[tuple[datetime.date, int]]:
    rows = Claim.objects.filter(
        organisation_id=organisation_id,
        status=ClaimStatus.PAID,
        paid_on__gte=months[0],
        paid_on__lte=month_end(months[-1]),
        first_activity_on__isnull=False,
    ).values_list("paid_on", "first_activity_on")
    return [(paid_on, (paid_on - first).days) for paid_on, first in rows]


def _target_days(organisation_id) -> int:
    return _shared(("target-days", organisation_id), lambda: _fetch_target_days(organisation_id))


def _fetch_target_days(organisation_id) -> int:
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


def _text(field: str):
    """A key column as text: no conversion to a UUID per row (a large trust has 100,000s of rows)."""
    return Cast(field, CharField())


@dataclass
class InvolvementFacts:
    """Service users' and carers' involvement records of the months, grouped by month: who took part and the
    hours, over all, by directorate and by kind. Sets of people, never shown: only their sizes leave here."""

    people: dict[datetime.date, set] = field(default_factory=lambda: defaultdict(set))
    people_by_directorate: dict[tuple[str, datetime.date], set] = field(default_factory=lambda: defaultdict(set))
    hours: dict[datetime.date, float] = field(default_factory=lambda: defaultdict(float))
    hours_by_directorate: dict[tuple[str, datetime.date], float] = field(default_factory=lambda: defaultdict(float))
    hours_by_kind: dict[tuple[str, datetime.date], float] = field(default_factory=lambda: defaultdict(float))
    kinds: set[str] = field(default_factory=set)


def _unit_directorates(organisation_id, names: dict[str, str]) -> dict[str, str]:
    """Each unit's id (as text) → the name of its directorate (the first id of its path "/<id>/<id>/...")."""
    return {
        key: names[path[1:33]]
        for key, path in Unit.objects.for_organisation(organisation_id).order_by().values_list(_text("pk"), "path")
        if path[1:33] in names
    }


def involvement_facts(organisation_id, months: Months) -> InvolvementFacts:
    """One query over the months' records (month, unit, kind, person, hours), shared by every metric counted
    together."""
    return _shared(
        ("involvement", organisation_id, tuple(months)), lambda: _fetch_involvement_facts(organisation_id, months)
    )


def _fetch_involvement_facts(organisation_id, months: Months) -> InvolvementFacts:
    names = directorates(organisation_id)
    unit_directorate = _unit_directorates(organisation_id, names)
    kind_names = dict(
        InvolvementKind.objects.filter(organisation_id=organisation_id).order_by().values_list(_text("pk"), "name")
    )
    # Service users and carers by id: checked here rather than joined to every record in the query.
    participants = set(
        Person.objects.filter(organisation_id=organisation_id, kind__in=PARTICIPANT_KINDS)
        .order_by()
        .values_list(_text("pk"), flat=True)
    )
    month_of = {f"{month:%Y-%m}": month for month in months}
    records = (
        InvolvementRecord.objects.filter(
            organisation_id=organisation_id, date__gte=months[0], date__lte=month_end(months[-1])
        )
        .order_by()
        .annotate(month=_month_key("date"), unit_key=_text("unit_id"), kind_key=_text("kind_id"))
        .annotate(person_key=_text("person_id"))
        .values_list("month", "unit_key", "kind_key", "person_key", "hours")
    )
    facts = InvolvementFacts()
    people, people_by_directorate = facts.people, facts.people_by_directorate
    hours, hours_by_directorate, hours_by_kind = facts.hours, facts.hours_by_directorate, facts.hours_by_kind
    for month_text, unit_key, kind_key, person_key, row_hours in _raw_rows(records):
        if person_key not in participants:
            continue
        month = month_of[month_text]
        value = float(row_hours)
        people[month].add(person_key)
        hours[month] += value
        hours_by_kind[(kind_names.get(kind_key, ""), month)] += value
        directorate = unit_directorate.get(unit_key) if unit_key else None
        if directorate is not None:
            people_by_directorate[(directorate, month)].add(person_key)
            hours_by_directorate[(directorate, month)] += value
    facts.kinds = {kind for kind, _month in hours_by_kind}
    return facts


def _raw_rows(queryset) -> list[tuple]:
    """The query's rows as the database gives them, with no conversion per value: every column here is text or a
    number (a large trust's two years are 200,000 rows; converting each value costs more than the query)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def people_active(organisation_id, months: Months) -> MetricSeries:
    """Service users and carers who took part (an involvement record) in the month."""
    facts = involvement_facts(organisation_id, months)
    names = sorted(directorates(organisation_id).values())
    people = facts.people_by_directorate
    return MetricSeries(
        [float(len(facts.people.get(month, ()))) for month in months],
        {name: [float(len(people.get((name, month), ()))) for month in months] for name in names},
    )


def _status_change_counts(organisation_id, months: Months) -> dict[tuple[str, datetime.date], int]:
    def fetch():
        rows = (
            MembershipStatusChange.objects.filter(
                organisation_id=organisation_id,
                to_status__in=(MembershipStatus.ACTIVE, MembershipStatus.LEFT),
                created_at__date__gte=months[0],
                created_at__date__lte=month_end(months[-1]),
                person__kind__in=PARTICIPANT_KINDS,
            )
            .annotate(month=TruncMonth("created_at"))
            .values("to_status", "month")
            .annotate(n=Count("person", distinct=True))
            .values_list("to_status", "month", "n")
        )
        return {(to_status, _month(month)): n for to_status, month, n in rows}

    return _shared(("status-changes", organisation_id, tuple(months)), fetch)


def _status_changes(organisation_id, months: Months, to_status: str) -> MetricSeries:
    counts = _status_change_counts(organisation_id, months)
    return MetricSeries([float(counts.get((to_status, month), 0)) for month in months])


def people_new(organisation_id, months: Months) -> MetricSeries:
    """Service users and carers who became active members of the register in the month."""
    return _status_changes(organisation_id, months, MembershipStatus.ACTIVE)


def people_leaving(organisation_id, months: Months) -> MetricSeries:
    """Service users and carers who left the register in the month."""
    return _status_changes(organisation_id, months, MembershipStatus.LEFT)


def involvement_hours(organisation_id, months: Months) -> MetricSeries:
    """Hours of involvement recorded in the month, all kinds together; split by kind and by directorate."""
    facts = involvement_facts(organisation_id, months)
    names = sorted(directorates(organisation_id).values())
    return MetricSeries(
        [round(facts.hours.get(m, 0.0), 2) for m in months],
        {name: [round(facts.hours_by_directorate.get((name, m), 0.0), 2) for m in months] for name in names},
        {kind: [round(facts.hours_by_kind.get((kind, m), 0.0), 2) for m in months] for kind in sorted(facts.kinds)},
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
