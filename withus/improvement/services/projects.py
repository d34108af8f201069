"""Writes to QI projects themselves: creating and editing one, its stage, its team and its consultations."""

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.submissions import submission_key_complete, submission_key_reserve
from withus.core.text import clean_values
from withus.improvement.models import (
    PARTICIPANT_KINDS,
    Consultation,
    Project,
    ProjectStatus,
    ProjectUnit,
    StageChange,
    TeamMember,
    TeamRole,
)
from withus.improvement.services.scope import require_change
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
    values = clean_values({key: value for key, value in values.items() if key in PROJECT_FIELDS}, single_line={"title"})
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
    _creator_joins_the_team(project, actor, request)
    if submission_key is not None:
        submission_key_complete(key=submission_key, object_id=project.pk)
    return project


def _creator_joins_the_team(project: Project, actor: User, request) -> None:
    """Whoever starts a project and would otherwise not be able to change it joins its team as project lead.

    Only the team, QI advisors and administrators change a project (ADR 0016), so a ward manager who starts one
    leads it. Someone with no record in the register cannot join a team, and so cannot start a project.
    """
    if actor.has_perm("improvement.change_project", project):
        return
    person = Person.objects.filter(user=actor, organisation_id=project.organisation_id).first()
    if person is None:
        raise ValidationError(
            "You need a record in the register to lead a project. Ask the participation team to add you, or ask a "
            "QI advisor to start the project."
        )
    member = TeamMember.objects.create(
        organisation_id=project.organisation_id,
        project=project,
        person=person,
        role=TeamRole.LEAD,
        joined_on=min(project.start_date, timezone.localdate()),
    )
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=member,
        object_label=f"{person.full_name} joined {project.title}"[:200],
        changed_fields=["person", "role", "joined_on"],
    )


@transaction.atomic
def project_update(*, project: Project, values: dict, units=None, actor: User, request=None) -> Project:
    require_change(actor=actor, project=project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    values = clean_values({key: value for key, value in values.items() if key in PROJECT_FIELDS}, single_line={"title"})
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
    require_change(actor=actor, project=project)
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
    require_change(actor=actor, project=project)
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
    require_change(actor=actor, project=member.project)
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
    require_change(actor=actor, project=project)
    consultation = Consultation(organisation=project.organisation, project=project, **clean_values(values))
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
