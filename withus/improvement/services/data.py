"""Writes to a measure's data: points (typed or imported from a file), recalculations and notes. Each
change refreshes the measure's summary."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.text import clean_values
from withus.improvement.imports import ImportRefused, Problem, Row, check_rows, frequency_problem
from withus.improvement.models import Annotation, DataPoint, Measure, Recalculation
from withus.improvement.services.measures import measure_refresh_summary
from withus.improvement.services.scope import require_contribute


def _weekly_anchor(measure: Measure, exclude_pk=None) -> datetime.date | None:
    points = measure.points.order_by("period")
    if exclude_pk:
        points = points.exclude(pk=exclude_pk)
    return points.values_list("period", flat=True).first()


def _check_point(measure: Measure, point: DataPoint) -> None:
    if message := frequency_problem(point.period, measure.frequency, _weekly_anchor(measure, point.pk)):
        raise ValidationError({"period": message})
    if DataPoint.objects.filter(measure=measure, period=point.period).exclude(pk=point.pk).exists():
        raise ValidationError({"period": "There is already a value for this date. Change that point instead"})
    if measure.needs_denominator:
        if point.denominator is None:
            raise ValidationError({"denominator": "Enter the denominator"})
        if point.denominator <= 0:
            raise ValidationError({"denominator": "The denominator must be more than 0"})
        if measure.chart == "p" and point.value > point.denominator:
            raise ValidationError({"value": "The value cannot be larger than its denominator"})
    if measure.chart in ("c", "p", "u") and point.value < 0:
        raise ValidationError({"value": "Counts cannot be negative"})


@transaction.atomic
def point_add(*, measure: Measure, values: dict, actor: User, request=None) -> DataPoint:
    require_contribute(actor=actor, project=measure.project)
    Measure.objects.select_for_update().filter(pk=measure.pk).first()
    existing = measure.points.count()
    if not _room_left(measure, existing):
        raise ValidationError(_too_many_points_message(measure, existing).capitalize())
    point = DataPoint(organisation=measure.organisation, measure=measure, **clean_values(values))
    point.full_clean(validate_unique=False)
    _check_point(measure, point)
    point.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=point, changed_fields=list(values))
    measure_refresh_summary(measure=measure)
    return point


@transaction.atomic
def point_update(*, point: DataPoint, values: dict, actor: User, request=None) -> DataPoint:
    point = DataPoint.objects.select_for_update().select_related("measure__project").get(pk=point.pk)
    require_contribute(actor=actor, project=point.measure.project)
    values = clean_values(values)
    changed = [key for key, value in values.items() if getattr(point, key) != value]
    for key, value in values.items():
        setattr(point, key, value)
    point.full_clean(validate_unique=False)
    _check_point(point.measure, point)
    point.save()
    if changed:
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=point, changed_fields=changed)
        measure_refresh_summary(measure=point.measure)
    return point


@transaction.atomic
def point_delete(*, point: DataPoint, actor: User, request=None) -> None:
    point = DataPoint.objects.select_for_update().select_related("measure__project").get(pk=point.pk)
    require_contribute(actor=actor, project=point.measure.project)
    measure = point.measure
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=point,
        object_label=f"Deleted {point.audit_label} (value {point.value})",
        changed_fields=["deleted"],
    )
    point.delete()
    measure_refresh_summary(measure=measure)


def _room_left(measure: Measure, existing: int) -> int:
    return max(0, settings.WITHUS_MAX_POINTS_PER_MEASURE - existing)


def _too_many_points_message(measure: Measure, existing: int) -> str:
    limit = settings.WITHUS_MAX_POINTS_PER_MEASURE
    room = _room_left(measure, existing)
    return (
        f"a measure holds at most {limit:,} points, and this one has {existing:,}, so "
        + (f"only {room:,} more can be added" if room else "no more can be added")
        + ". Start a new measure for the next period, or add fewer points"
    )


def points_check(*, measure: Measure, table) -> list[Row]:
    """Check imported rows against the measure (raises ImportRefused listing every problem), and refuse them all
    if the measure would hold more than WITHUS_MAX_POINTS_PER_MEASURE points."""
    existing = list(measure.points.values_list("period", flat=True))
    rows = check_rows(
        table,
        frequency=measure.frequency,
        chart=measure.chart,
        needs_denominator=measure.needs_denominator,
        existing_periods=existing,
        anchor=min(existing) if existing else None,
    )
    if len(rows) > _room_left(measure, len(existing)):
        row = rows[_room_left(measure, len(existing))].number
        raise ImportRefused([Problem(row, "", _too_many_points_message(measure, len(existing)))], notes=table.notes)
    return rows


@transaction.atomic
def points_import(*, measure: Measure, table, actor: User, request=None, source: str = "upload") -> int:
    """Add every row, or none: any problem raises ImportRefused and nothing is saved."""
    require_contribute(actor=actor, project=measure.project)
    Measure.objects.select_for_update().filter(pk=measure.pk).first()
    rows = points_check(measure=measure, table=table)
    DataPoint.objects.bulk_create(
        [
            DataPoint(
                organisation=measure.organisation,
                measure=measure,
                period=row.period,
                value=row.value,
                denominator=row.denominator,
            )
            for row in rows
        ],
        batch_size=2000,
    )
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=measure,
        object_label=f"Imported {len(rows):,} points ({source}) into {measure.name}"[:200],
        changed_fields=["points"],
    )
    measure_refresh_summary(measure=measure)
    return len(rows)


@transaction.atomic
def recalculation_add(
    *, measure: Measure, period: datetime.date, reason: str, actor: User, request=None
) -> Recalculation:
    require_contribute(actor=actor, project=measure.project)
    if not measure.points.filter(period=period).exists():
        raise ValidationError({"period": "Choose the date of a point on the chart: new limits start from a point"})
    if not measure.points.filter(period__lt=period).exists():
        raise ValidationError({"period": "Choose a later point: new limits need points before them"})
    if measure.recalculations.filter(period=period).exists():
        raise ValidationError({"period": "The limits are already recalculated from this date"})
    recalculation = Recalculation.objects.create(
        organisation=measure.organisation, measure=measure, period=period, reason=reason.strip()
    )
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=measure,
        object_label=f"Limits of {measure.name} recalculated from {period.isoformat()}"[:200],
        changed_fields=["recalculations"],
    )
    measure_refresh_summary(measure=measure)
    return recalculation


@transaction.atomic
def recalculation_delete(*, recalculation: Recalculation, actor: User, request=None) -> None:
    measure = recalculation.measure
    require_contribute(actor=actor, project=measure.project)
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=measure,
        object_label=f"Recalculation of {measure.name} from {recalculation.period.isoformat()} removed"[:200],
        changed_fields=["recalculations"],
    )
    recalculation.delete()
    measure_refresh_summary(measure=measure)


@transaction.atomic
def annotation_add(*, measure: Measure, on: datetime.date, text: str, actor: User, request=None) -> Annotation:
    require_contribute(actor=actor, project=measure.project)
    annotation = Annotation(organisation=measure.organisation, measure=measure, on=on, text=text.strip())
    annotation.full_clean()
    annotation.save()
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=measure,
        object_label=f"Note added to {measure.name}"[:200],
        changed_fields=["annotations"],
    )
    return annotation


@transaction.atomic
def annotation_delete(*, annotation: Annotation, actor: User, request=None) -> None:
    measure = annotation.measure
    require_contribute(actor=actor, project=measure.project)
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=measure,
        object_label=f"Note removed from {measure.name}"[:200],
        changed_fields=["annotations"],
    )
    annotation.delete()


def decimal_or_none(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
