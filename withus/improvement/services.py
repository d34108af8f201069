"""Writes to QI projects. Each validates, saves and audits inside one transaction."""

import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.submissions import submission_key_complete, submission_key_reserve
from withus.improvement import charts
from withus.improvement.imports import Row, check_rows, frequency_problem
from withus.improvement.models import (
    PARTICIPANT_KINDS,
    Annotation,
    Consultation,
    DataPoint,
    DriverNode,
    Measure,
    NodeKind,
    PdsaCycle,
    Project,
    ProjectStatus,
    ProjectUnit,
    Recalculation,
    StageChange,
    TeamMember,
)
from withus.people.models import Person

PROJECT_FIELDS = (
    "title",
    "problem",
    "aim",
    "start_date",
    "approved_on",
    "status",
    "ended_on",
    "initiated_by",
    "ladder_rung",
    "ladder_justification",
    "participants_can_contribute",
)
MEASURE_FIELDS = ("name", "kind", "definition", "unit_label", "frequency", "chart", "preset", "direction", "target")
PDSA_FIELDS = (
    "change_idea",
    "title",
    "question",
    "prediction",
    "plan",
    "data_to_collect",
    "starts_on",
    "do_notes",
    "study_notes",
    "act",
    "act_notes",
    "ends_on",
)


def _clean_text(values: dict) -> dict:
    return {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}


def _same_organisation(organisation_id, items: Iterable, field: str) -> None:
    if any(item is not None and item.organisation_id != organisation_id for item in items):
        raise ValidationError({field: "Choose only from your own trust's list."})


def _check_project_values(project: Project) -> None:
    if project.initiated_by_id:
        _same_organisation(project.organisation_id, [project.initiated_by], "initiated_by")
        if project.initiated_by.kind not in PARTICIPANT_KINDS:
            raise ValidationError({"initiated_by": "Choose a service user or carer: staff are recorded in the team."})
    if project.status == ProjectStatus.ACTIVE:
        project.ended_on = None
    elif project.ended_on is None:
        raise ValidationError({"ended_on": "Enter the date the project ended"})
    if project.ended_on and project.ended_on < project.start_date:
        raise ValidationError({"ended_on": "The end date must be the same as or after the start date"})
    if project.ladder_rung and not project.ladder_justification.strip():
        raise ValidationError({"ladder_justification": "Say briefly why the project is on this rung of the ladder"})


def _set_units(project: Project, units) -> bool:
    _same_organisation(project.organisation_id, units, "units")
    wanted = {unit.pk for unit in units}
    current = set(ProjectUnit.objects.filter(project=project).values_list("unit_id", flat=True))
    if wanted == current:
        return False
    ProjectUnit.objects.filter(project=project).exclude(unit_id__in=wanted).delete()
    ProjectUnit.objects.bulk_create([ProjectUnit(project=project, unit_id=pk) for pk in wanted - current])
    return True


@transaction.atomic
def project_create(
    *,
    organisation,
    values: dict,
    units,
    stage: str,
    actor: User,
    request=None,
    submission_key: uuid.UUID | None = None,
) -> Project:
    """Start a project. Sent twice with the same submission key, it returns the first one."""
    if submission_key is not None:
        existing_id = submission_key_reserve(key=submission_key, organisation_id=organisation.pk, object_type="project")
        if existing_id:
            return Project.objects.get(pk=existing_id, organisation=organisation)
    if not units:
        raise ValidationError({"units": "Select at least one ward, team or service"})
    values = _clean_text({key: value for key, value in values.items() if key in PROJECT_FIELDS})
    project = Project(organisation=organisation, created_by=actor, stage=stage, **values)
    project.full_clean(exclude=["units"])
    _check_project_values(project)
    project.save()
    _set_units(project, units)
    StageChange.objects.create(
        organisation=organisation,
        project=project,
        stage=stage,
        changed_on=project.start_date,
        note="Project started",
        changed_by=actor,
    )
    audit_record(
        action=AuditAction.CREATE, request=request, actor=actor, obj=project, changed_fields=[*values, "units"]
    )
    if submission_key is not None:
        submission_key_complete(key=submission_key, object_id=project.pk)
    return project


@transaction.atomic
def project_update(*, project: Project, values: dict, units=None, actor: User, request=None) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    values = _clean_text({key: value for key, value in values.items() if key in PROJECT_FIELDS})
    changed = [key for key, value in values.items() if getattr(project, key) != value]
    for key, value in values.items():
        setattr(project, key, value)
    project.full_clean(exclude=["units"])
    _check_project_values(project)
    project.save()
    if units is not None:
        if not units:
            raise ValidationError({"units": "Select at least one ward, team or service"})
        if _set_units(project, units):
            changed.append("units")
    if changed:
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=project, changed_fields=changed)
    return project


@transaction.atomic
def project_change_stage(
    *, project: Project, stage: str, changed_on: datetime.date, note: str, actor: User, request=None
) -> StageChange | None:
    """Move the project on the progress scale, keeping a dated history. The same stage again adds nothing."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if changed_on < project.start_date:
        raise ValidationError({"changed_on": "The date must be on or after the project's start date"})
    if changed_on > timezone.localdate():
        raise ValidationError({"changed_on": "The date must be today or in the past"})
    if project.stage == stage:
        return None
    change = StageChange.objects.create(
        organisation=project.organisation,
        project=project,
        stage=stage,
        changed_on=changed_on,
        note=note.strip(),
        changed_by=actor,
    )
    project.stage = stage
    project.save(update_fields=["stage", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=project, changed_fields=["stage"])
    return change


@transaction.atomic
def team_member_add(
    *, project: Project, person: Person, role: str, joined_on: datetime.date, actor: User, request=None
) -> TeamMember:
    _same_organisation(project.organisation_id, [person], "person")
    if TeamMember.objects.filter(project=project, person=person, left_on__isnull=True).exists():
        raise ValidationError({"person": f"{person.full_name} is already on the team"})
    member = TeamMember(
        organisation=project.organisation, project=project, person=person, role=role, joined_on=joined_on
    )
    member.full_clean()
    member.save()
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=member,
        object_label=f"{person.full_name} joined {project.title}",
        changed_fields=["person", "role", "joined_on"],
    )
    Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
    return member


@transaction.atomic
def team_member_leave(*, member: TeamMember, left_on: datetime.date, actor: User, request=None) -> TeamMember:
    member = TeamMember.objects.select_for_update().select_related("person", "project").get(pk=member.pk)
    if left_on < member.joined_on:
        raise ValidationError({"left_on": "The date they left must be on or after the date they joined"})
    member.left_on = left_on
    member.save(update_fields=["left_on", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=member,
        object_label=f"{member.person.full_name} left {member.project.title}",
        changed_fields=["left_on"],
    )
    return member


@transaction.atomic
def consultation_add(*, project: Project, values: dict, actor: User, request=None) -> Consultation:
    consultation = Consultation(organisation=project.organisation, project=project, **_clean_text(values))
    consultation.full_clean()
    consultation.save()
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=consultation,
        object_label=f"Consultation for {project.title}"[:200],
        changed_fields=list(values),
    )
    return consultation


# --- Driver diagram ----------------------------------------------------------------------------------


ALLOWED_PARENTS = {
    NodeKind.PRIMARY: (None,),
    NodeKind.SECONDARY: (NodeKind.PRIMARY,),
    NodeKind.CHANGE_IDEA: (NodeKind.PRIMARY, NodeKind.SECONDARY),
}


@transaction.atomic
def driver_node_add(
    *, project: Project, parent: DriverNode | None, kind: str, name: str, actor: User, request=None
) -> DriverNode:
    """Add a box: primary drivers hang from the aim, secondary drivers from a primary, change ideas from either."""
    if parent is not None and parent.project_id != project.pk:
        raise ValidationError("Choose a driver from this project.")
    if kind not in ALLOWED_PARENTS or (parent.kind if parent else None) not in ALLOWED_PARENTS[kind]:
        raise ValidationError("That kind of box cannot go there: change ideas are the last level of the diagram.")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name"})
    last = DriverNode.objects.filter(project=project, parent=parent).order_by("-position").first()
    node = DriverNode(
        organisation=project.organisation,
        project=project,
        parent=parent,
        kind=kind,
        name=name,
        position=(last.position + 1) if last else 0,
    )
    node.full_clean()
    node.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=node, changed_fields=["name"])
    return node


@transaction.atomic
def driver_node_rename(*, node: DriverNode, name: str, actor: User, request=None) -> DriverNode:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name"})
    if name != node.name:
        node.name = name
        node.full_clean()
        node.save(update_fields=["name", "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=node, changed_fields=["name"])
    return node


@transaction.atomic
def driver_node_move(*, node: DriverNode, up: bool, actor: User, request=None) -> DriverNode:
    """Swap a box with its neighbour among its siblings."""
    siblings = list(
        DriverNode.objects.select_for_update()
        .filter(project_id=node.project_id, parent_id=node.parent_id)
        .order_by("position", "created_at")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == node.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return node
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=node, changed_fields=["position"])
    return node


def driver_node_descendants(node: DriverNode) -> list[DriverNode]:
    """The boxes beneath this one (two levels at most)."""
    children = list(DriverNode.objects.filter(parent=node))
    grandchildren = list(DriverNode.objects.filter(parent__in=children)) if children else []
    return children + grandchildren


@transaction.atomic
def driver_node_delete(*, node: DriverNode, actor: User, request=None) -> None:
    """Delete a box and everything beneath it, unless a change idea there has PDSA cycles (never orphaned)."""
    node = DriverNode.objects.select_for_update().get(pk=node.pk)
    doomed = [node, *driver_node_descendants(node)]
    ids = [item.pk for item in doomed]
    if PdsaCycle.objects.filter(change_idea_id__in=ids).exists():
        raise ValidationError(
            "A change idea here has PDSA cycles, so it cannot be deleted. "
            "Move those cycles to another change idea first."
        )
    for item in reversed(doomed):
        audit_record(
            action=AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=item,
            object_label=f"Deleted {item.audit_label}"[:200],
        )
    for item in sorted(doomed, key=lambda item: {"change_idea": 0, "secondary": 1, "primary": 2}[item.kind]):
        item.measures.clear()
        item.delete()


# --- PDSA cycles -------------------------------------------------------------------------------------


def _check_cycle(cycle: PdsaCycle) -> None:
    if cycle.change_idea.project_id != cycle.project_id or cycle.change_idea.kind != NodeKind.CHANGE_IDEA:
        raise ValidationError({"change_idea": "Choose a change idea from this project's driver diagram"})
    if cycle.ends_on and cycle.ends_on < cycle.starts_on:
        raise ValidationError({"ends_on": "The end date must be the same as or after the start date"})


@transaction.atomic
def pdsa_cycle_create(
    *, project: Project, values: dict, actor: User, request=None, submission_key: uuid.UUID | None = None
) -> PdsaCycle:
    if submission_key is not None:
        existing_id = submission_key_reserve(
            key=submission_key, organisation_id=project.organisation_id, object_type="pdsa_cycle"
        )
        if existing_id:
            return PdsaCycle.objects.get(pk=existing_id, project=project)
    values = _clean_text({key: value for key, value in values.items() if key in PDSA_FIELDS})
    cycle = PdsaCycle(organisation=project.organisation, project=project, created_by=actor, **values)
    cycle.full_clean()
    _check_cycle(cycle)
    cycle.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=cycle, changed_fields=list(values))
    if submission_key is not None:
        submission_key_complete(key=submission_key, object_id=cycle.pk)
    return cycle


@transaction.atomic
def pdsa_cycle_update(
    *, cycle: PdsaCycle, values: dict, actor: User, request=None, allowed: Iterable[str] = PDSA_FIELDS
) -> PdsaCycle:
    cycle = PdsaCycle.objects.select_for_update().get(pk=cycle.pk)
    allowed = set(allowed)
    values = _clean_text({key: value for key, value in values.items() if key in allowed})
    changed = [key for key, value in values.items() if getattr(cycle, key) != value]
    for key, value in values.items():
        setattr(cycle, key, value)
    cycle.full_clean()
    _check_cycle(cycle)
    cycle.save()
    if changed:
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=cycle, changed_fields=changed)
    return cycle


# --- Measures and their data -------------------------------------------------------------------------


def _check_measure(measure: Measure) -> None:
    if measure.target is not None and measure.direction == "neither":
        raise ValidationError(
            {"target": "A target needs a direction: choose higher or lower is better, or remove the target"}
        )


@transaction.atomic
def measure_create(*, project: Project, values: dict, change_ideas=(), actor: User, request=None) -> Measure:
    values = _clean_text({key: value for key, value in values.items() if key in MEASURE_FIELDS})
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
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    values = _clean_text({key: value for key, value in values.items() if key in MEASURE_FIELDS})
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
    points = charts.load_points(measure)
    result = charts.analyse_points(measure, points, list(measure.recalculations.all()))
    latest = next((point for point in reversed(points) if not point.ghost), None)
    if result is None or latest is None:
        measure.latest_value = measure.latest_period = None
    else:
        index = points.index(latest)
        measure.latest_value = float(result.value[index])
        measure.latest_period = latest.period
    measure.variation = (result.summary.variation if result else None) or ""
    measure.assurance = (result.summary.assurance if result else None) or ""
    Measure.objects.filter(pk=measure.pk).update(
        latest_value=measure.latest_value,
        latest_period=measure.latest_period,
        variation=measure.variation,
        assurance=measure.assurance,
        updated_at=timezone.now(),
    )
    return measure


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
    Measure.objects.select_for_update().filter(pk=measure.pk).first()
    point = DataPoint(organisation=measure.organisation, measure=measure, **_clean_text(values))
    point.full_clean(validate_unique=False)
    _check_point(measure, point)
    point.save()
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=point, changed_fields=list(values))
    measure_refresh_summary(measure=measure)
    return point


@transaction.atomic
def point_update(*, point: DataPoint, values: dict, actor: User, request=None) -> DataPoint:
    point = DataPoint.objects.select_for_update().select_related("measure").get(pk=point.pk)
    values = _clean_text(values)
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
    point = DataPoint.objects.select_for_update().select_related("measure").get(pk=point.pk)
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


def points_check(*, measure: Measure, table) -> list[Row]:
    """Check imported rows against the measure (raises ImportRefused listing every problem)."""
    existing = list(measure.points.values_list("period", flat=True))
    return check_rows(
        table,
        frequency=measure.frequency,
        chart=measure.chart,
        needs_denominator=measure.needs_denominator,
        existing_periods=existing,
        anchor=min(existing) if existing else None,
    )


@transaction.atomic
def points_import(*, measure: Measure, table, actor: User, request=None, source: str = "upload") -> int:
    """Add every row, or none: any problem raises ImportRefused and nothing is saved."""
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
