"""Race equity (PCREF): who is involved, paid and given influence, by census ethnic group, against who the trust
serves (ADR 29). Only counts leave here, never a person; a count from 1 to 4 is suppressed, and when one group of
a cohort is suppressed the next smallest is too, so the total cannot give it away.

Groups are the five 2021 census groups (`withus.people.ethnicity`: Chinese under Asian, as the census has it),
worked out from each person's NHS ethnic category code; "prefer not to say" and "not known" are counted apart.
"""

import datetime
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from withus.accreditation.models import TeamMember as AssessorMembership
from withus.governance.models import LIVED_EXPERIENCE_KINDS, PanelMember, SeatTerm
from withus.improvement.models import PARTICIPANT_KINDS
from withus.improvement.models import TeamMember as ProjectMembership
from withus.involvement.models import InvolvementRecord
from withus.payments.models.claims import Claim, ClaimLine, ClaimStatus, LineKind
from withus.people.ethnicity import (
    CENSUS_GROUPS,
    GROUP_LABELS,
    NOT_KNOWN,
    NOT_STATED,
    group_of,
    group_of_census_category,
)
from withus.people.models import MembershipStatus, Person
from withus.reports.models import PopulationBenchmark, PopulationCount

SUPPRESS_BELOW = 5
Z_95 = 1.959964
COHORTS = (
    ("registered", "Registered (not left)"),
    ("active", "Took part in the year"),
    ("paid", "Paid in the year"),
    ("panels", "Sat on an interview panel"),
    ("seats", "Held a board or committee seat"),
    ("assessors", "Accreditation assessors"),
    ("lead_assessors", "Lead accreditation assessors"),
    ("big_i", "Big I QI project team members"),
)
HIGH_INFLUENCE = ("panels", "seats", "lead_assessors")


@dataclass
class Cell:
    group: str
    label: str
    count: int | None  # None: suppressed
    share: float | None = None  # per cent of those whose group is known
    population_share: float | None = None
    caseload_share: float | None = None
    ratio: float | None = None
    ratio_low: float | None = None
    ratio_high: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass
class Cohort:
    code: str
    label: str
    total: int
    known: int
    cells: list[Cell] = field(default_factory=list)
    not_stated: int | None = 0
    not_known: int | None = 0


@dataclass
class Benchmark:
    name: str
    is_illustrative: bool
    total: int
    shares: dict[str, float]


@dataclass
class Representation:
    period_start: datetime.date
    period_end: datetime.date
    population: Benchmark | None
    caseload: Benchmark | None
    cohorts: list[Cohort]
    reward: list[dict]
    over_time: list["CohortOverTime"] = field(default_factory=list)


def _benchmark(organisation_id, kind: str) -> Benchmark | None:
    benchmark = PopulationBenchmark.objects.for_organisation(organisation_id).filter(kind=kind).first()
    if benchmark is None:
        return None
    groups: dict[str, int] = defaultdict(int)
    for category, count in PopulationCount.objects.filter(benchmark=benchmark).values_list("census_category", "count"):
        groups[group_of_census_category(category)] += count
    known = sum(groups[group] for group in CENSUS_GROUPS)
    shares = {group: 100 * groups[group] / known for group in CENSUS_GROUPS} if known else {}
    return Benchmark(benchmark.name, benchmark.is_illustrative, benchmark.total, shares)


def _wilson(count: int, total: int) -> tuple[float, float]:
    """95 % interval of a proportion (Wilson score), as per cent."""
    if not total:
        return 0.0, 0.0
    share = count / total
    centre = share + Z_95**2 / (2 * total)
    spread = Z_95 * math.sqrt(share * (1 - share) / total + Z_95**2 / (4 * total**2))
    divisor = 1 + Z_95**2 / total
    return 100 * (centre - spread) / divisor, 100 * (centre + spread) / divisor


def suppress(counts: dict[str, int]) -> dict[str, int | None]:
    """Counts from 1 to 4 become None; if that hides exactly one group, the next smallest non-zero goes too."""
    shown: dict[str, int | None] = {
        group: (None if 0 < count < SUPPRESS_BELOW else count) for group, count in counts.items()
    }
    hidden = [group for group, value in shown.items() if value is None]
    if len(hidden) == 1:
        others = sorted((count, group) for group, count in counts.items() if shown[group] and count > 0)
        if others:
            shown[others[0][1]] = None
    return shown


def cohort_table(code: str, label: str, person_ids, groups: dict, population, caseload) -> Cohort:
    counts: dict[str, int] = defaultdict(int)
    for person_id in person_ids:
        counts[groups.get(person_id, NOT_KNOWN)] += 1
    known = sum(counts[group] for group in CENSUS_GROUPS)
    shown = suppress({group: counts[group] for group in CENSUS_GROUPS})
    cohort = Cohort(code, label, total=len(person_ids), known=known if known >= SUPPRESS_BELOW else 0)
    no_answer = suppress({NOT_STATED: counts[NOT_STATED], NOT_KNOWN: counts[NOT_KNOWN]})
    cohort.not_stated, cohort.not_known = no_answer[NOT_STATED], no_answer[NOT_KNOWN]
    for group in CENSUS_GROUPS:
        # With fewer than 5 known in all, every group is hidden (the zeros would give the others away); with none,
        # there is nothing to hide.
        cell = Cell(group, GROUP_LABELS[group], shown[group] if known >= SUPPRESS_BELOW or known == 0 else None)
        if population:
            cell.population_share = population.shares.get(group)
        if caseload:
            cell.caseload_share = caseload.shares.get(group)
        if not cell.suppressed and known:
            cell.share = 100 * counts[group] / known
            if cell.population_share:
                low, high = _wilson(counts[group], known)
                cell.ratio = cell.share / cell.population_share
                cell.ratio_low, cell.ratio_high = low / cell.population_share, high / cell.population_share
        cohort.cells.append(cell)
    return cohort


def _cohort_people(organisation_id, start: datetime.date, end: datetime.date) -> dict[str, set]:
    org = Q(organisation_id=organisation_id)
    people = Person.objects.filter(org, kind__in=PARTICIPANT_KINDS)
    ids = {
        "registered": people.exclude(status=MembershipStatus.LEFT).values_list("pk", flat=True),
        "active": InvolvementRecord.objects.filter(org, date__range=(start, end)).values_list("person_id", flat=True),
        "paid": Claim.objects.filter(org, status=ClaimStatus.PAID, paid_on__range=(start, end)).values_list(
            "person_id", flat=True
        ),
        "panels": PanelMember.objects.filter(
            org, kind__in=LIVED_EXPERIENCE_KINDS, person__isnull=False, vacancy__closing_date__range=(start, end)
        ).values_list("person_id", flat=True),
        "seats": SeatTerm.objects.filter(org).overlapping(start, end).values_list("person_id", flat=True),
        "assessors": AssessorMembership.objects.filter(
            review__organisation_id=organisation_id, created_at__date__range=(start, end)
        ).values_list("person_id", flat=True),
        "lead_assessors": AssessorMembership.objects.filter(
            review__organisation_id=organisation_id, created_at__date__range=(start, end), is_lead=True
        ).values_list("person_id", flat=True),
        "big_i": ProjectMembership.objects.filter(org, joined_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .values_list("person_id", flat=True),
    }
    participants = set(people.values_list("pk", flat=True))
    # distinct() in the database: a year of a large trust's records is ~100,000 rows but a few thousand people.
    return {code: set(query.order_by().distinct()) & participants for code, query in ids.items()}


def _reward(organisation_id, start, end, groups: dict, cohorts: dict[str, set]) -> list[dict]:
    """Equity of reward by group: paid hours per person paid, median days to pay, share of high-influence roles."""
    hours: dict[str, float] = defaultdict(float)
    for person_id, line_hours in ClaimLine.objects.filter(
        organisation_id=organisation_id,
        kind=LineKind.FEE,
        claim__status=ClaimStatus.PAID,
        claim__paid_on__range=(start, end),
    ).values_list("claim__person_id", "hours"):
        hours[groups.get(person_id, NOT_KNOWN)] += float(line_hours or 0)
    waits: dict[str, list[int]] = defaultdict(list)
    for person_id, paid_on, first in Claim.objects.filter(
        organisation_id=organisation_id,
        status=ClaimStatus.PAID,
        paid_on__range=(start, end),
        first_activity_on__isnull=False,
    ).values_list("person_id", "paid_on", "first_activity_on"):
        waits[groups.get(person_id, NOT_KNOWN)].append((paid_on - first).days)
    paid_people: dict[str, int] = defaultdict(int)
    for person_id in cohorts["paid"]:
        paid_people[groups.get(person_id, NOT_KNOWN)] += 1
    influential = set().union(*(cohorts[code] for code in HIGH_INFLUENCE))
    active: dict[str, int] = defaultdict(int)
    holders: dict[str, int] = defaultdict(int)
    for person_id in cohorts["active"] | influential:
        group = groups.get(person_id, NOT_KNOWN)
        active[group] += 1
        holders[group] += person_id in influential
    rows = []
    for group in CENSUS_GROUPS:
        row = {"group": group, "label": GROUP_LABELS[group], "paid_people": paid_people[group]}
        row["shown"] = paid_people[group] >= SUPPRESS_BELOW
        row["hours_per_person"] = hours[group] / paid_people[group] if row["shown"] else None
        row["median_days"] = statistics.median(waits[group]) if row["shown"] and waits[group] else None
        influence_shown = active[group] >= SUPPRESS_BELOW and (holders[group] == 0 or holders[group] >= SUPPRESS_BELOW)
        row["influence_share"] = 100 * holders[group] / active[group] if influence_shown else None
        rows.append(row)
    return rows


def representation(organisation_id, *, period_end: datetime.date, days: int = 365) -> Representation:
    """Each cohort of the year to `period_end` by census group, against population and caseload."""
    start = period_end - datetime.timedelta(days=days - 1)
    groups = _groups(organisation_id)
    population = _benchmark(organisation_id, PopulationBenchmark.Kind.POPULATION)
    caseload = _benchmark(organisation_id, PopulationBenchmark.Kind.CASELOAD)
    people = _cohort_people(organisation_id, start, period_end)
    cohorts = [cohort_table(code, label, people[code], groups, population, caseload) for code, label in COHORTS]
    return Representation(
        start,
        period_end,
        population,
        caseload,
        cohorts,
        _reward(organisation_id, start, period_end, groups, people),
        representation_over_time(organisation_id, period_end=period_end, groups=groups, population=population),
    )


# --- Representation over time (run charts) ----------------------------------------------------------------

OVER_TIME = (
    ("panels", "Sat on an interview panel"),
    ("seats", "Held a board or committee seat"),
)
QUARTERS_SHOWN = 8


@dataclass
class QuarterShare:
    """One group's share of a cohort in one quarter: None when suppressed or when nobody's group is known."""

    count: int | None
    known: int
    share: float | None


@dataclass
class CohortOverTime:
    code: str
    label: str
    quarters: list[tuple[datetime.date, datetime.date]]
    # group → one QuarterShare a quarter, oldest first
    shares: dict[str, list[QuarterShare]]
    population_shares: dict[str, float]

    @property
    def shown(self) -> bool:
        """Whether any group's share is shown in any quarter (otherwise there is nothing to draw)."""
        return any(share.share is not None for shares in self.shares.values() for share in shares)


def quarters_to(period_end: datetime.date, count: int = QUARTERS_SHOWN) -> list[tuple[datetime.date, datetime.date]]:
    """The `count` calendar quarters ending on or before `period_end`, oldest first, as (first day, last day)."""
    from withus.core.dates import add_months, month_end

    start = datetime.date(period_end.year, 3 * ((period_end.month - 1) // 3) + 1, 1)
    if month_end(add_months(start, 2)) > period_end:
        start = add_months(start, -3)
    quarters = [(add_months(start, -3 * back), month_end(add_months(start, -3 * back + 2))) for back in range(count)]
    return list(reversed(quarters))


def _quarter_shares(person_ids: set, groups: dict) -> dict[str, QuarterShare]:
    """Each census group's share of one quarter's people, with the same suppression as the tables."""
    counts: dict[str, int] = defaultdict(int)
    for person_id in person_ids:
        counts[groups.get(person_id, NOT_KNOWN)] += 1
    known = sum(counts[group] for group in CENSUS_GROUPS)
    shown = suppress({group: counts[group] for group in CENSUS_GROUPS})
    result = {}
    for group in CENSUS_GROUPS:
        visible = known >= SUPPRESS_BELOW and shown[group] is not None
        result[group] = QuarterShare(
            count=counts[group] if visible else None,
            known=known,
            share=100 * counts[group] / known if visible else None,
        )
    return result


def representation_over_time(
    organisation_id, *, period_end: datetime.date, groups: dict | None = None, population: Benchmark | None = None
) -> list[CohortOverTime]:
    """Panels and seats by census group, quarter by quarter (two queries whatever the number of quarters)."""
    quarters = quarters_to(period_end)
    first, last = quarters[0][0], quarters[-1][1]
    if groups is None:
        groups = _groups(organisation_id)
    if population is None:
        population = _benchmark(organisation_id, PopulationBenchmark.Kind.POPULATION)
    participants = set(groups)
    org = Q(organisation_id=organisation_id)
    panel_rows = (
        PanelMember.objects.filter(
            org, kind__in=LIVED_EXPERIENCE_KINDS, person__isnull=False, vacancy__closing_date__range=(first, last)
        )
        .order_by()
        .values_list("person_id", "vacancy__closing_date")
        .distinct()
    )
    seat_rows = (
        SeatTerm.objects.filter(org)
        .overlapping(first, last)
        .order_by()
        .values_list("person_id", "starts_on", "ends_on")
    )
    cohorts = []
    panels = [(pk, closing, closing) for pk, closing in panel_rows]
    for (code, label), rows in zip(OVER_TIME, (panels, list(seat_rows)), strict=True):
        shares: dict[str, list[QuarterShare]] = {group: [] for group in CENSUS_GROUPS}
        for start, end in quarters:
            people = {pk for pk, begins, ends in rows if pk in participants and begins <= end and ends >= start}
            for group, share in _quarter_shares(people, groups).items():
                shares[group].append(share)
        cohorts.append(CohortOverTime(code, label, quarters, shares, population.shares if population else {}))
    return cohorts


def _groups(organisation_id) -> dict:
    """Each service user's and carer's census group (from their NHS code; 99 when not asked)."""
    return {
        pk: group_of(nhs_code=code or "99")
        for pk, code in Person.objects.filter(organisation_id=organisation_id, kind__in=PARTICIPANT_KINDS).values_list(
            "pk", "equality_record__ethnic_category"
        )
    }
