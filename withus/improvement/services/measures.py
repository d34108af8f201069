"""Writes to a project's measures, and the stored summary of each measure's SPC result."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import withus_spc as spc
from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.text import clean_values
from withus.improvement.analysis import analyse_points, measure_summary, points_to_analyse
from withus.improvement.models import Measure, NodeKind, Project
from withus.improvement.phases import phase_problems
from withus.improvement.services.scope import require_change

MEASURE_FIELDS = (
    "name",
    "kind",
    "definition",
    "unit_label",
    "frequency",
    "chart",
    "preset",
    "direction",
    "target",
    "baseline_name",
    "baseline_reason",
    "baseline_until",
)
PHASE_FIELDS = ("baseline_until", "chart", "preset")


def check_phases(measure: Measure, recalculations=None, *, field: str = "baseline_until") -> None:
    """Refuse phases that are too short or overlap, or that the chart type cannot draw (the engine says)."""
    points, _ = points_to_analyse(measure)
    recalculations = list(measure.recalculations.all()) if recalculations is None else recalculations
    problems = phase_problems(measure, points, recalculations, baseline_until=measure.baseline_until)
    if problems:
        raise ValidationError(problems)
    if not (recalculations or measure.baseline_until):
        return
    try:
        analyse_points(measure, points, recalculations, strict=True)
    except spc.SpcError as error:
        raise ValidationError(
            {field: f"The {measure.get_chart_display()} cannot use these phases ({error}). Change the phases first"}
        ) from None


def _check_measure(measure: Measure) -> None:
    if measure.target is not None and measure.direction == "neither":
        raise ValidationError(
            {"target": "A target needs a direction: choose higher or lower is better, or remove the target"}
        )


@transaction.atomic
def measure_create(*, project: Project, values: dict, change_ideas=(), actor: User, request=None) -> Measure:
    require_change(actor=actor, project=project)
    values = clean_values(
        {key: value for key, value in values.items() if key in MEASURE_FIELDS},
        single_line={"name", "unit_label", "baseline_name", "baseline_reason"},
    )
    last = Measure.objects.filter(project=project).order_by("-position").first()
    measure = Measure(
        organisation=project.organisation, project=project, position=(last.position + 1) if last else 0, **values
    )
    measure.full_clean()
    _check_measure(measure)
    if measure.baseline_until:
        raise ValidationError(
            {"baseline_until": "A frozen baseline needs data: add the measure and its points first, then freeze it"}
        )
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
        {key: value for key, value in values.items() if key in MEASURE_FIELDS},
        single_line={"name", "unit_label", "baseline_name", "baseline_reason"},
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
    if any(key in changed for key in PHASE_FIELDS):
        check_phases(measure, field="chart" if "chart" in changed else "baseline_until")
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
    measure.before_and_now = summary.before_and_now
    Measure.objects.filter(pk=measure.pk).update(
        latest_value=measure.latest_value,
        latest_period=measure.latest_period,
        variation=measure.variation,
        assurance=measure.assurance,
        before_and_now=measure.before_and_now,
        updated_at=timezone.now(),
    )
    return measure


def measures_refresh_all() -> int:
    """Refresh the stored summary of every measure (after an upgrade changes what it holds). Returns how many."""
    count = 0
    for measure in Measure.objects.order_by("pk").iterator(chunk_size=200):
        measure_refresh_summary(measure=measure)
        count += 1
    return count
