"""Writes to a project's measures, and the stored summary of each measure's SPC result."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.text import clean_values
from withus.improvement.analysis import measure_summary
from withus.improvement.models import Measure, NodeKind, Project
from withus.improvement.services.scope import require_change

MEASURE_FIELDS = ("name", "kind", "definition", "unit_label", "frequency", "chart", "preset", "direction", "target")


def _check_measure(measure: Measure) -> None:
    if measure.target is not None and measure.direction == "neither":
        raise ValidationError(
            {"target": "A target needs a direction: choose higher or lower is better, or remove the target"}
        )


@transaction.atomic
def measure_create(*, project: Project, values: dict, change_ideas=(), actor: User, request=None) -> Measure:
    require_change(actor=actor, project=project)
    values = clean_values(
        {key: value for key, value in values.items() if key in MEASURE_FIELDS}, single_line={"name", "unit_label"}
    )
    last = Measure.objects.filter(project=project).order_by("-position").first()
    measure = Measure(
        organisation=project.organisation, project=project, position=(last.position + 1) if last else 0, **values
    )
    measure.full_clean()
    _check_measure(measure)
    measure.save()
    _set_change_ideas(measure, change_ideas)
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=measure, changed_fields=list(values))
    return measure


def _set_change_ideas(measure: Measure, change_ideas) -> bool:
    ideas = list(change_ideas or [])
    if any(idea.project_id != measure.project_id or idea.kind != NodeKind.CHANGE_IDEA for idea in ideas):
        raise ValidationError({"change_ideas": "Choose change ideas from this project"})
    wanted = {idea.pk for idea in ideas}
    if wanted == set(measure.change_ideas.values_list("pk", flat=True)):
        return False
    measure.change_ideas.set(ideas)
    return True


@transaction.atomic
def measure_update(*, measure: Measure, values: dict, change_ideas=None, actor: User, request=None) -> Measure:
    measure = Measure.objects.select_for_update().select_related("project").get(pk=measure.pk)
    require_change(actor=actor, project=measure.project)
    values = clean_values(
        {key: value for key, value in values.items() if key in MEASURE_FIELDS}, single_line={"name", "unit_label"}
    )
    changed = [key for key, value in values.items() if getattr(measure, key) != value]
    for key, value in values.items():
        setattr(measure, key, value)
    measure.full_clean()
    _check_measure(measure)
    if "frequency" in changed and measure.points.exists():
        raise ValidationError(
            {"frequency": "The frequency cannot change once there are data: add a new measure instead"}
        )
    if "chart" in changed and measure.needs_denominator and measure.points.filter(denominator__isnull=True).exists():
        raise ValidationError({"chart": "This chart needs a denominator for every point, and some points have none"})
    measure.save()
    if change_ideas is not None and _set_change_ideas(measure, change_ideas):
        changed.append("change_ideas")
    if changed:
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=measure, changed_fields=changed)
        measure_refresh_summary(measure=measure)
    return measure


def measure_refresh_summary(*, measure: Measure) -> Measure:
    """Keep the latest value and the MDC icons on the measure, so summaries never re-read every point."""
    summary = measure_summary(measure)
    measure.latest_value = summary.latest_value
    measure.latest_period = summary.latest_period
    measure.variation = summary.variation
    measure.assurance = summary.assurance
    Measure.objects.filter(pk=measure.pk).update(
        latest_value=measure.latest_value,
        latest_period=measure.latest_period,
        variation=measure.variation,
        assurance=measure.assurance,
        updated_at=timezone.now(),
    )
    return measure
