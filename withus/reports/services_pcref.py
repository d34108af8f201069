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
    EdsBand,
    EdsOutcome,
    EdsScore,
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


# EDS 2022: 8–21 Developing and 22 upwards Achieving are published (e.g. Leeds Teaching Hospitals' 2024/25 page);
# where Undeveloped ends and Excelling starts is not verified, so those two are the trust's to set.
DEFAULT_EDS_BANDS = (
    ("Undeveloped", 0, "Not verified: below the published Developing band"),
    ("Developing", 8, "EDS 2022 ratings and score card: a total of 8 to 21"),
    ("Achieving", 22, "EDS 2022 ratings and score card: a total of 22 and above"),
    ("Excelling", 33, "Not verified: every outcome scored 3"),
)


def eds_bands_ensure_defaults(*, organisation) -> list[EdsBand]:
    """The trust's EDS bands: the defaults above for a trust that has none yet."""
    with transaction.atomic():
        if not EdsBand.objects.for_organisation(organisation.pk).exists():
            EdsBand.objects.bulk_create(
                EdsBand(organisation=organisation, name=name, lowest=lowest, source=source)
                for name, lowest, source in DEFAULT_EDS_BANDS
            )
    return list(EdsBand.objects.for_organisation(organisation.pk))


def eds_score_save(
    *, organisation, year: int, outcome: str, score, evidence: str, scored_by: str, actor, request=None
) -> EdsScore:
    """One outcome's score for the year, with its evidence and who agreed it (a second save replaces the first)."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError({"year": f"Choose a year from {FIRST_YEAR} to this year"})
    if outcome not in EdsOutcome.values:
        raise ValidationError({"outcome": "Choose one of the 11 outcomes"})
    if score not in SelfRating.values:
        raise ValidationError({"score": "Choose a score from 0 to 3"})
    evidence = _text(evidence, "evidence", "Say what the score is based on", 2000)
    scored_by = _text(scored_by, "scored_by", "Say who agreed the score, for example service users and staff", 300)
    with transaction.atomic():
        eds_bands_ensure_defaults(organisation=organisation)  # the bands become the trust's data to change
        row, created = EdsScore.objects.select_for_update().get_or_create(
            organisation=organisation,
            year=year,
            outcome=outcome,
            defaults={"score": score, "evidence": evidence, "scored_by": scored_by},
        )
        if not created:
            row.score, row.evidence, row.scored_by = score, evidence, scored_by
            row.save(update_fields=["score", "evidence", "scored_by", "updated_at"])
        audit_record(
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            request=request,
            actor=actor,
            obj=row,
            changed_fields=[] if created else ["score", "evidence", "scored_by"],
        )
    return row
