"""Writes to Plan-Do-Study-Act cycles."""

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.submissions import submission_key_complete, submission_key_reserve
from withus.core.text import clean_values
from withus.improvement.models import NodeKind, PdsaCycle, Project
from withus.improvement.services.scope import require_contribute

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


def _check_cycle(cycle: PdsaCycle) -> None:
    if cycle.change_idea.project_id != cycle.project_id or cycle.change_idea.kind != NodeKind.CHANGE_IDEA:
        raise ValidationError({"change_idea": "Choose a change idea from this project's driver diagram"})
    if cycle.ends_on and cycle.ends_on < cycle.starts_on:
        raise ValidationError({"ends_on": "The end date must be the same as or after the start date"})


@transaction.atomic
def pdsa_cycle_create(
    *, project: Project, values: dict, actor: User, request=None, submission_key: uuid.UUID | None = None
) -> PdsaCycle:
    require_contribute(actor=actor, project=project)
    if submission_key is not None:
        existing_id = submission_key_reserve(
            key=submission_key, organisation_id=project.organisation_id, object_type="pdsa_cycle"
        )
        if existing_id:
            return PdsaCycle.objects.get(pk=existing_id, project=project)
    values = clean_values({key: value for key, value in values.items() if key in PDSA_FIELDS}, single_line={"title"})
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
    cycle = PdsaCycle.objects.select_for_update().select_related("project").get(pk=cycle.pk)
    require_contribute(actor=actor, project=cycle.project)
    allowed = set(allowed)
    values = clean_values({key: value for key, value in values.items() if key in allowed}, single_line={"title"})
    changed = [key for key, value in values.items() if getattr(cycle, key) != value]
    for key, value in values.items():
        setattr(cycle, key, value)
    cycle.full_clean()
    _check_cycle(cycle)
    cycle.save()
    if changed:
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=cycle, changed_fields=changed)
    return cycle
