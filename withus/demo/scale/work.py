"""A scale trust's QI projects with their measures and data points, and its involvement records."""

from __future__ import annotations

import datetime
import math
import uuid
from decimal import Decimal
from typing import NamedTuple

from withus.demo.scale.common import Skewed, TrustWorld, new_id
from withus.improvement.models import (
    DataPoint,
    Frequency,
    Measure,
    MeasureKind,
    Project,
    ProjectStatus,
    ProjectUnit,
    Stage,
    StageChange,
    TeamMember,
)
from withus.involvement.models import InvolvementRecord, InvolvementSource, source_key

TOPICS = [
    "Reducing restrictive practice",
    "Faster first appointments",
    "Better discharge letters",
    "Fewer missed visits",
    "Carers heard at ward rounds",
    "Safer medicines at night",
    "Less waiting for therapy",
    "Welcoming new admissions",
]
MEASURE_NAMES = [
    ("Incidents per week", MeasureKind.OUTCOME),
    ("Days from referral to first appointment", MeasureKind.OUTCOME),
    ("Letters sent within 48 hours", MeasureKind.PROCESS),
    ("Staff overtime hours", MeasureKind.BALANCING),
]
MAX_POINTS = 1_500  # about four years of daily points on the busiest measure


def projects(world: TrustWorld) -> None:
    """Projects skewed across units, measures skewed across projects, points skewed across measures."""
    trust, rng, add, sizes = world.organisation, world.rng, world.inserter.add, world.sizes
    units = Skewed(world.units)
    people = Skewed(world.people, exponent=0.8)
    advisers = world.staff or [None]
    measure_rows = []
    for number in range(sizes.projects):
        started = world.days_ago(rng.randint(60, 1_400))
        status = rng.choice([ProjectStatus.ACTIVE] * 6 + [ProjectStatus.COMPLETED] * 3 + [ProjectStatus.STOPPED])
        stage = rng.choice(Stage.values[: 6 if status == ProjectStatus.ACTIVE else 10])
        project = add(
            Project(
                id=new_id(rng),
                organisation=trust,
                title=f"{rng.choice(TOPICS)} {number + 1}",
                problem="Bulk-loaded scale data: the problem as the team described it.",
                aim="Bulk-loaded scale data: how much, by when.",
                start_date=started,
                status=status,
                ended_on=None if status == ProjectStatus.ACTIVE else world.days_ago(rng.randint(0, 59)),
                stage=stage,
                initiated_by=people.pick(rng) if rng.random() < 0.3 else None,
                ladder_rung=rng.randint(3, 7),
                created_by=rng.choice(advisers),
            )
        )
        add(ProjectUnit(project=project, unit=units.pick(rng)))
        add(StageChange(organisation=trust, project=project, stage=stage, changed_on=started, note=""))
        for person in {people.pick(rng) for _ in range(rng.randint(1, 6))}:
            add(TeamMember(organisation=trust, project=project, person=person, joined_on=started))
        for position in range(rng.choice([1, 2, 2, 3, 3, 4])):
            name, kind = MEASURE_NAMES[position % len(MEASURE_NAMES)]
            measure_rows.append(
                Measure(
                    id=new_id(rng),
                    organisation=trust,
                    project=project,
                    name=name,
                    kind=kind,
                    definition="Bulk-loaded scale data.",
                    chart="xmr",
                    position=position,
                )
            )
    world.inserter.flush()
    rng.shuffle(measure_rows)
    shares = [
        min(max(count, 6), MAX_POINTS) for count in Skewed(measure_rows, exponent=0.7).shares(sizes.data_points, rng)
    ]
    # What the cap took from the busiest measures goes to the next ones, so the total is still the size asked for.
    overflow, index = sizes.data_points - sum(shares), 0
    while overflow > 0 and index < len(shares):
        extra = min(overflow, MAX_POINTS - shares[index])
        shares[index], overflow, index = shares[index] + extra, overflow - extra, index + 1
    for measure, count in zip(measure_rows, shares, strict=True):
        _points(world, measure, count)
    world.inserter.flush()


def _points(world: TrustWorld, measure: Measure, count: int) -> None:
    """A noisy series with a shift two-thirds of the way along, as improvement looks on a chart."""
    rng, add = world.rng, world.inserter.add
    daily = count > 300
    level, spread = rng.uniform(10, 80), rng.uniform(1, 8)
    step = datetime.timedelta(days=1 if daily else 7)
    first = world.today - step * count
    values = [
        Decimal(
            f"{max(0.0, rng.gauss(level * (0.8 if index > count * 2 / 3 else 1), spread) + math.sin(index / 9)):.1f}"
        )
        for index in range(count)
    ]
    # The denormalised summary the project pages read instead of the points (the services keep it normally).
    measure.frequency = Frequency.DAILY if daily else Frequency.WEEKLY
    measure.latest_value = float(values[-1])
    measure.latest_period = first + step * (count - 1)
    add(measure)
    for index, value in enumerate(values):
        add(
            DataPoint(
                organisation=world.organisation, measure=measure, period=first + step * index, value=value, note=""
            )
        )


class RecordPlan(NamedTuple):
    """One involvement record before it is written: the claims are planned first, since a claim locks its
    records and a locked record is written locked (the records table refuses most later changes)."""

    id: uuid.UUID
    number: int
    person: object
    date: datetime.date
    kind: object
    unit: object
    hours: Decimal
    source_type: str
    payable: bool
    recorder: object


def plan_involvement_records(world: TrustWorld) -> None:
    """Records skewed towards a few very involved people and the busiest units."""
    rng = world.rng
    people = Skewed(world.people, exponent=0.9)
    units = Skewed(world.units)
    kinds = Skewed(world.kinds, exponent=0.8)
    sources = list(InvolvementSource.values)
    recorders = world.staff or [None]
    for number in range(world.sizes.involvement_records):
        record = RecordPlan(
            id=new_id(rng),
            number=number,
            person=people.pick(rng),
            date=world.days_ago(rng.randint(0, 1_000)),
            kind=kinds.pick(rng),
            unit=units.pick(rng),
            hours=Decimal(rng.choice(["1.0", "1.5", "2.0", "2.0", "3.0", "4.0"])),
            source_type=rng.choice(sources),
            payable=rng.random() < 0.8,
            recorder=rng.choice(recorders),
        )
        world.records_by_person.setdefault(record.person.pk, []).append(record)


def write_involvement_records(world: TrustWorld, locks: dict) -> None:
    """Write the planned records; those a live claim holds are locked by that claim, as the claim services do."""
    add = world.inserter.add
    for records in world.records_by_person.values():
        for record in records:
            locked_by = locks.get(record.id, "")
            add(
                InvolvementRecord(
                    id=record.id,
                    organisation=world.organisation,
                    person=record.person,
                    date=record.date,
                    kind=record.kind,
                    unit=record.unit,
                    hours=record.hours,
                    source_type=record.source_type,
                    source_label="Bulk-loaded scale data",
                    source_key=source_key("scale", record.number),
                    payable=record.payable,
                    recorded_by=record.recorder,
                    locked_by=locked_by,
                    locked_at=world.now if locked_by else None,
                )
            )
    world.inserter.flush()
