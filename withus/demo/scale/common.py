"""What every part of the scale world shares: the sizes, one trust's context, deterministic ids and skew, and
batched bulk inserts (never a save per row)."""

from __future__ import annotations

import datetime
import itertools
import random
import uuid
from bisect import bisect
from dataclasses import dataclass, field

from django.db import connection, models

BATCH = 5_000


@dataclass(frozen=True)
class Sizes:
    """How many rows of each kind one trust gets. `large` is issue 25's large trust; `small` one of the twenty."""

    people: int
    units: int
    staff: int
    projects: int
    data_points: int
    involvement_records: int
    claims: int
    batches: int
    opportunities: int
    panels: int
    enrolments: int
    reviews: int
    messages: int
    stories: int
    ideas: int
    survey_answers: int

    def scaled(self, fraction: float) -> Sizes:
        """The same world, smaller: for development and for measuring a fraction to extrapolate from."""
        if fraction >= 1:
            return self
        scaled = {name: max(1, round(value * fraction)) for name, value in vars(self).items()}
        # Enough units and staff that every role (submitters, approvers, organisers) has someone in it.
        return Sizes(**{**scaled, "units": max(scaled["units"], 5), "staff": max(scaled["staff"], 10)})


SIZES = {
    "large": Sizes(
        people=10_000,
        units=120,
        staff=300,
        projects=2_000,
        data_points=1_000_000,
        involvement_records=200_000,
        claims=100_000,
        batches=500,
        opportunities=5_000,
        panels=300,
        enrolments=20_000,
        reviews=120,
        messages=60_000,
        stories=3_000,
        ideas=5_000,
        survey_answers=60_000,
    ),
    "small": Sizes(
        people=400,
        units=20,
        staff=25,
        projects=40,
        data_points=12_000,
        involvement_records=6_000,
        claims=2_500,
        batches=12,
        opportunities=100,
        panels=8,
        enrolments=500,
        reviews=6,
        messages=1_500,
        stories=80,
        ideas=150,
        survey_answers=2_400,
    ),
}


def new_id(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from the seeded stream, so the same seed gives the same keys."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class Skewed:
    """Picks from a list with Zipf-like weights: a few big items, a long tail (as units, projects and people are)."""

    def __init__(self, items: list, *, exponent: float = 1.1) -> None:
        self.items = list(items)
        weights = [1 / (rank + 1) ** exponent for rank in range(len(self.items))]
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def shares(self, total: int, rng: random.Random) -> list[int]:
        """`total` split across the items by their weights (every item at least 1 when total allows)."""
        counts = [0] * len(self.items)
        for _ in range(total):
            counts[bisect(self.cumulative, rng.random() * self.cumulative[-1])] += 1
        return counts


class Inserter:
    """Collects rows per model and writes them with bulk_create in batches, in the order the models were first
    added (parents before children), so memory stays flat however many rows a part makes."""

    def __init__(self) -> None:
        self.pending: dict[type[models.Model], list] = {}
        self.counts: dict[str, int] = {}

    def add(self, row: models.Model) -> models.Model:
        rows = self.pending.setdefault(type(row), [])
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush()
        return row

    def flush(self) -> None:
        for model, rows in self.pending.items():
            if rows:
                if connection.vendor == "postgresql":
                    _copy(model, rows)
                else:
                    model.objects.bulk_create(rows, batch_size=BATCH)
                label = model._meta.label  # noqa: SLF001 - Django's documented model metadata
                self.counts[label] = self.counts.get(label, 0) + len(rows)
                rows.clear()


def _copy(model: type[models.Model], rows: list) -> None:
    """PostgreSQL: the same rows as bulk_create would write (each field's own pre_save and database value: default
    ids, timestamps, JSON), sent with COPY, which the server loads several times faster than multi-row INSERTs."""
    meta = model._meta  # noqa: SLF001 - Django's documented model metadata
    # Columns the database fills itself (serial keys of link tables) are left to it.
    fields = [field for field in meta.concrete_fields if not field.generated and field not in meta.db_returning_fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # nosec B608 - names from the model
        for row in rows:
            copy.write_row(
                [field.get_db_prep_save(field.pre_save(row, add=True), connection=connection) for field in fields]
            )


@dataclass
class TrustWorld:
    """One trust being built: its rows so far that later parts refer to."""

    organisation: object
    sizes: Sizes
    rng: random.Random
    today: datetime.date
    now: datetime.datetime
    inserter: Inserter
    units: list = field(default_factory=list)  # wards and teams, biggest first
    staff: list = field(default_factory=list)  # users with staff-side roles
    approvers: list = field(default_factory=list)  # finance approvers (never the submitters)
    people: list = field(default_factory=list)  # Person rows, most involved first
    kinds: list = field(default_factory=list)  # involvement kinds
    records_by_person: dict = field(default_factory=dict)  # person id -> [(record, payable)]

    def days_ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def moment(self, days_ago: int) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days_ago, minutes=self.rng.randint(0, 600))
