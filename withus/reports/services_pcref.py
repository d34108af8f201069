"""Writes for the PCREF workspace (issue 22 item 6, ADR 39): the executive lead, the plan's actions co-produced with
named community groups, the yearly self-assessment against the six competencies and the dates the board monitored
the plan. Each validates, saves and audits in one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import STAFF_SIDE_ROLES
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.reports.models import (
    ActionStatus,
    Competency,
    PcrefAction,
    PcrefAssessment,
    PcrefMonitoring,
    PcrefPlan,
    SelfRating,
)

FIRST_YEAR = 2023  # PCREF was published in 2023


def _text(value: str, field: str, message: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > max_length:
        raise ValidationError({field: f"Use {max_length:,} characters or fewer"})
    return value


def pcref_set_executive_lead(*, organisation, executive_lead, actor, request=None) -> PcrefPlan:
    if executive_lead.organisation_id != organisation.pk or not executive_lead.has_role(*STAFF_SIDE_ROLES):
        raise ValidationError({"executive_lead": "Choose a member of staff of this trust"})
    with transaction.atomic():
        plan, _ = PcrefPlan.objects.select_for_update().get_or_create(organisation=organisation)
        plan.executive_lead = executive_lead
        plan.save(update_fields=["executive_lead", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE, request=request, actor=actor, obj=plan, changed_fields=["executive_lead"]
        )
    return plan


def pcref_action_add(
    *, organisation, title: str, co_produced_with: str, competency: str, owner: str, due_on, actor, request=None
) -> PcrefAction:
    title = _text(title, "title", "Enter what will be done", 200)
    groups = _text(
        co_produced_with, "co_produced_with", "Name the community groups the action is co-produced with", 300
    )
    owner = _text(owner, "owner", "Enter who owns the action", 150)
    if competency not in Competency.values:
        raise ValidationError({"competency": "Choose the competency the action is for"})
    if not isinstance(due_on, datetime.date):
        raise ValidationError({"due_on": "Enter the date it is due"})
    with transaction.atomic():
        action = PcrefAction.objects.create(
            organisation=organisation, title=title, co_produced_with=groups, competency=competency, owner=owner,
            due_on=due_on,
        )  # fmt: skip
        audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=action)
    return action


def pcref_action_set_status(*, action: PcrefAction, status: str, actor, request=None) -> PcrefAction:
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose the action's status"})
    with transaction.atomic():
        action = PcrefAction.objects.select_for_update().get(pk=action.pk)
        if action.status != status:
            action.status = status
            action.save(update_fields=["status", "updated_at"])
            audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=action, changed_fields=["status"])
    return action


def pcref_assessment_save(
    *, organisation, year: int, competency: str, rating, evidence: str, actor, request=None
) -> PcrefAssessment:
    """The year's rating of one competency, with its evidence (a second save replaces the first, audited)."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError({"year": f"Choose a year from {FIRST_YEAR} to this year"})
    if competency not in Competency.values:
        raise ValidationError({"competency": "Choose one of the six competencies"})
    if rating not in SelfRating.values:
        raise ValidationError({"rating": "Choose a rating from 0 to 3"})
    evidence = _text(evidence, "evidence", "Say what the rating is based on", 2000)
    with transaction.atomic():
        assessment, created = PcrefAssessment.objects.select_for_update().get_or_create(
            organisation=organisation,
            year=year,
            competency=competency,
            defaults={"rating": rating, "evidence": evidence},
        )
        if not created:
            assessment.rating, assessment.evidence = rating, evidence
            assessment.save(update_fields=["rating", "evidence", "updated_at"])
        audit_record(
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=assessment,
            changed_fields=[] if created else ["rating", "evidence"],
        )
    return assessment


def pcref_monitoring_add(*, organisation, met_on, meeting: str, note: str = "", actor, request=None) -> PcrefMonitoring:
    meeting = _text(meeting, "meeting", "Enter the meeting, for example Trust Board (public)", 200)
    note = (note or "").strip()[:500]
    if not isinstance(met_on, datetime.date):
        raise ValidationError({"met_on": "Enter the date of the meeting"})
    if met_on > timezone.localdate():
        raise ValidationError({"met_on": "The date must be today or in the past"})
    with transaction.atomic():
        if PcrefMonitoring.objects.filter(organisation=organisation, met_on=met_on, meeting=meeting).exists():
            raise ValidationError({"met_on": "That meeting on that date is already recorded"})
        monitoring = PcrefMonitoring.objects.create(
            organisation=organisation, met_on=met_on, meeting=meeting, note=note
        )
        audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=monitoring)
    return monitoring
