"""Request and response schemas of /api/v1/, each field declared (never "all the model's fields")."""

import datetime
import uuid
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

BIG = 9_999_999_999  # what a data point's value can hold (14 digits, 4 after the point)
Number = float


class Message(Schema):
    detail: str


class FieldProblem(Schema):
    index: int | None = Field(None, description="Position in the list sent (0 is the first), when it is one row")
    field: str = Field(description="The field to fix, e.g. 'date', 'value', 'denominator'; '' for the whole row")
    message: str


class Problems(Schema):
    detail: str
    problems: list[FieldProblem]


class Icon(Schema):
    code: str = Field(description="The Making Data Count icon, e.g. 'improvement-low', 'hit-or-miss'")
    label: str


class ProjectOut(Schema):
    id: uuid.UUID
    title: str
    status: str


class MeasureSummaryOut(Schema):
    id: uuid.UUID
    name: str
    project: ProjectOut
    kind: str
    unit: str
    frequency: Literal["daily", "weekly", "monthly"]
    chart: Literal["run", "xmr", "c", "p", "u"]
    preset: Literal["mdc", "anhoej", "ihi"]
    direction: Literal["up", "down", "neither"]
    target: Decimal | None
    fed_by_api: bool
    latest_value: float | None
    latest_date: datetime.date | None
    variation: Icon | None
    assurance: Icon | None


class MeasureList(Schema):
    count: int
    page: int
    pages: int
    results: list[MeasureSummaryOut]


class PointOut(Schema):
    date: datetime.date
    value: float
    denominator: float | None
    centre: float | None
    lower: float | None
    upper: float | None
    category: str = Field(description="improvement, concern, neither, common or ghost (left out of the sums)")
    rules: list[str]
    phase: int


class PhaseOut(Schema):
    number: int
    name: str
    reason: str
    start: datetime.date
    end: datetime.date
    centre: float | None


class MeasureDetailOut(MeasureSummaryOut):
    definition: str
    reading: str = Field(description="The sentence the measure's page shows about the latest point")
    assurance_reading: str
    points_total: int
    points_analysed: int
    phases: list[PhaseOut]
    points: list[PointOut]


class PointIn(Schema):
    date: datetime.date
    value: float = Field(ge=-BIG, le=BIG, allow_inf_nan=False)
    denominator: float | None = Field(None, gt=0, le=BIG, allow_inf_nan=False)


class PointsIn(Schema):
    points: list[PointIn] = Field(
        min_length=1, description="Oldest first, one per date; at most WITHUS_MAX_POINTS_PER_IMPORT"
    )


class PushOut(Schema):
    added: int
    changed: int
    unchanged: int
    variation: Icon | None
    assurance: Icon | None


class SeriesIn(Schema):
    values: list[float] = Field(min_length=1, description="The series, oldest first")
    dates: list[datetime.date] | None = Field(None, description="One per value, in order, when given")
    denominators: list[float] | None = Field(None, description="One per value: P and U charts need them")
    chart: Literal["run", "xmr", "c", "u", "p", "pp", "up", "g", "t"] = "xmr"
    preset: Literal["mdc", "mdc-sql", "ptd", "ihi", "anhoej"] = "mdc"
    direction: Literal["up", "down", "neither"] = "up"
    target: float | None = Field(None, allow_inf_nan=False)
    baseline: int | None = Field(None, ge=1, description="Fix the limits on the first N points")


class SpcPointOut(Schema):
    date: Any
    value: float | None
    centre: float | None
    lower: float | None
    upper: float | None
    lower_2sigma: float | None
    upper_2sigma: float | None
    lower_1sigma: float | None
    upper_1sigma: float | None
    category: str | None
    rules: list[str]
    partition: int
    ghost: bool
    moving_range: float | None = None


class SpcSummaryOut(Schema):
    variation: str | None
    assurance: str | None
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    crossings_max: int | None
    runs_signal: bool | None
    warnings: list[str]
    recalculations: list[dict[str, Any]]


class SpcOut(Schema):
    chart: str
    preset: str
    settings: dict[str, Any]
    direction: str
    target: float | None
    multiply: float
    points: list[SpcPointOut]
    summary: SpcSummaryOut


class InvolvementRecordOut(Schema):
    id: uuid.UUID
    date: datetime.date
    person_ref: uuid.UUID = Field(description="The person's WithUs id: no name or contact details")
    person_kind: str
    kind_code: str
    kind_name: str
    unit_ref: uuid.UUID | None
    unit_name: str | None
    hours: Decimal
    role: str
    source_type: str
    source_label: str
    payable: bool


class InvolvementPage(Schema):
    count: int
    page: int
    pages: int
    results: list[InvolvementRecordOut]


class PaidClaimOut(Schema):
    id: uuid.UUID
    reference: str
    paid_on: datetime.date
    method: str
    person_ref: uuid.UUID
    batch_ref: uuid.UUID | None
    fees_total: Decimal
    expenses_total: Decimal
    total: Decimal
    first_activity_on: datetime.date | None


class PaidClaimPage(Schema):
    count: int
    page: int
    pages: int
    results: list[PaidClaimOut]
