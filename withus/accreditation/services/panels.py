"""The steps after the visit (ADR 25): the report agreed with the unit, the service-user panel and the final
panel (each chaired by a service user or carer), and appeals heard by a panel with nobody from the final panel.

Panel attendance becomes involvement records through `withus.involvement.services` (ADR 18), so panel members
are paid like any other involvement, and the people on a panel are told through the outbox (ADR 23).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.accreditation.models import (
    Appeal,
    AppealOutcome,
    Award,
    Decision,
    PanelKind,
    PanelSitting,
    Review,
    ReviewStatus,
)
from withus.accreditation.services.messages import tell_decision, tell_panel
from withus.core.audit import audit_record
from withus.core.dates import add_months
from withus.core.models import AuditAction
from withus.involvement.models import InvolvementKind, InvolvementSource, source_key
from withus.involvement.services import involvement_record_create, kinds_ensure_defaults
from withus.people.models import Person, PersonKind

PANEL_HOURS = Decimal("2")
CHAIR_REFUSAL = "The panel is chaired by a service user or carer"


def _audit(action, obj, actor, request, fields, organisation_id):
    audit_record(
        action=action, request=request, actor=actor, obj=obj, changed_fields=fields, organisation_id=organisation_id
    )


@transaction.atomic
def report_agree(*, review: Review, actor: User | None, agreed_on: datetime.date | None = None, request=None) -> Review:
    """The visit report has been agreed with the unit (the step before the service-user panel)."""
    review = Review.objects.select_for_update().select_related("unit").get(pk=review.pk)
    if review.status != ReviewStatus.REPORT:
        raise ValidationError("The report is agreed after the visit, before the service-user panel.")
    agreed_on = agreed_on or timezone.localdate()
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": "The date the report was agreed must be today or in the past"})
    review.report_agreed_on = agreed_on
    review.report_agreed_by = actor
    review.save(update_fields=["report_agreed_on", "report_agreed_by", "updated_at"])
    _audit(AuditAction.UPDATE, review, actor, request, ["report_agreed_on"], review.organisation_id)
    return review


def _check_panel_people(review: Review, chair: Person, members) -> dict:
    errors = {}
    if (
        chair is None
        or chair.organisation_id != review.organisation_id
        or chair.kind
        not in (
            PersonKind.SERVICE_USER,
            PersonKind.CARER,
        )
    ):
        errors["chair"] = CHAIR_REFUSAL
    if any(person.organisation_id != review.organisation_id for person in members):
        errors["members"] = "Choose panel members from this trust's register"
    return errors


def _panel_involvement(sitting: PanelSitting, actor, request) -> None:
    review = sitting.review
    organisation = review.unit.organisation
    kind = InvolvementKind.objects.filter(organisation_id=review.organisation_id, code="accreditation").first()
    if kind is None:
        kinds_ensure_defaults(organisation=organisation)
        kind = InvolvementKind.objects.get(organisation_id=review.organisation_id, code="accreditation")
    people = {sitting.chair_id: sitting.chair, **{person.pk: person for person in sitting.members.all()}}
    for person in people.values():
        if person.kind not in (PersonKind.SERVICE_USER, PersonKind.CARER):
            continue  # staff sit on panels as part of their job; only service users and carers are paid
        involvement_record_create(
            organisation=organisation,
            person=person,
            date=sitting.held_on,
            kind=kind,
            hours=PANEL_HOURS,
            unit=review.unit,
            role="Panel chair" if person.pk == sitting.chair_id else "Panel member",
            source_type=InvolvementSource.OTHER,
            source_id=str(sitting.pk),
            source_label=f"{sitting.get_kind_display()} for {review.unit.name}",
            source_key=source_key("accreditation-panel", sitting.pk),
            actor=actor,
            request=request,
        )


@transaction.atomic
def panel_sitting_record(
    *,
    review: Review,
    kind: str,
    chair: Person,
    actor: User | None,
    members=(),
    held_on: datetime.date | None = None,
    request=None,
) -> PanelSitting:
    """Record a panel that met: the chair must be a service user or carer. The service-user panel is recorded
    while the review is at that step; the final and appeal panels by the decision and the appeal."""
    review = Review.objects.select_for_update().select_related("unit__organisation").get(pk=review.pk)
    members = list(members)
    held_on = held_on or timezone.localdate()
    errors = _check_panel_people(review, chair, members)
    if kind == PanelKind.SERVICE_USER and review.status != ReviewStatus.SERVICE_USER_PANEL:
        errors["__all__"] = "The service-user panel is recorded while the review is at that step."
    if held_on > timezone.localdate():
        errors["held_on"] = "The date the panel met must be today or in the past"
    if review.panels.filter(kind=kind).exists():
        errors["__all__"] = f"The {PanelKind(kind).label.lower()} for this review is already recorded."
    if errors:
        raise ValidationError(errors)
    sitting = PanelSitting.objects.create(review=review, kind=kind, chair=chair, held_on=held_on, recorded_by=actor)
    sitting.members.set([person for person in members if person.pk != chair.pk])
    _audit(AuditAction.CREATE, sitting, actor, request, ["kind", "chair", "members", "held_on"], review.organisation_id)
    _panel_involvement(sitting, actor, request)
    tell_panel(sitting=sitting, actor=actor)
    return sitting


@transaction.atomic
def appeal_lodge(
    *, decision: Decision, grounds: str, actor: User | None, lodged_on: datetime.date | None = None, request=None
) -> Appeal:
    decision = Decision.objects.select_for_update().select_related("review__unit").get(pk=decision.pk)
    if Appeal.objects.filter(decision=decision).exists():
        raise ValidationError("An appeal against this decision is already recorded.")
    if not grounds.strip():
        raise ValidationError({"grounds": "Say why the unit is appealing"})
    appeal = Appeal.objects.create(
        decision=decision,
        grounds=grounds.strip()[:2000],
        lodged_on=lodged_on or timezone.localdate(),
        lodged_by=actor,
    )
    _audit(AuditAction.CREATE, appeal, actor, request, ["grounds", "lodged_on"], decision.review.organisation_id)
    return appeal


@transaction.atomic
def appeal_hear(
    *,
    appeal: Appeal,
    chair: Person,
    outcome: str,
    actor: User | None,
    members=(),
    new_award: str = "",
    reasons: str = "",
    held_on: datetime.date | None = None,
    request=None,
) -> Appeal:
    """The appeal panel's outcome. Nobody who sat on the final panel sits on it; an upheld appeal changes the
    award (the first award is kept on the appeal, and the decision's rule snapshot and figures never change)."""
    appeal = Appeal.objects.select_for_update().select_related("decision__review__unit").get(pk=appeal.pk)
    decision, review = appeal.decision, appeal.decision.review
    members = list(members)
    if appeal.outcome != AppealOutcome.WAITING:
        raise ValidationError("This appeal has already been heard.")
    errors = _check_panel_people(review, chair, members)
    first = review.panels.filter(kind=PanelKind.FINAL).first()
    first_people = {decision.chair_id}
    if first is not None:
        first_people |= {first.chair_id, *first.members.values_list("pk", flat=True)}
    repeated = [person.full_name for person in [chair, *members] if person is not None and person.pk in first_people]
    if repeated:
        errors["members"] = (
            f"{', '.join(sorted(set(repeated)))} sat on the final panel. An appeal is heard by people who did not."
        )
    if outcome not in (AppealOutcome.UPHELD, AppealOutcome.DISMISSED):
        errors["outcome"] = "Choose whether the appeal is upheld"
    if outcome == AppealOutcome.UPHELD and new_award not in (Award.GOLD, Award.SILVER, Award.BRONZE, Award.NONE):
        errors["new_award"] = "Choose the award the appeal panel gives"
    elif outcome == AppealOutcome.UPHELD and new_award == decision.award:
        errors["new_award"] = "An upheld appeal changes the award; choose a different one, or do not uphold it"
    if not reasons.strip():
        errors["reasons"] = "Give the panel's reasons"
    if errors:
        raise ValidationError(errors)
    sitting = panel_sitting_record(
        review=review,
        kind=PanelKind.APPEAL,
        chair=chair,
        members=members,
        held_on=held_on,
        actor=actor,
        request=request,
    )
    appeal.panel = sitting
    appeal.outcome = outcome
    appeal.reasons = reasons.strip()[:2000]
    appeal.award_before = decision.award
    if outcome == AppealOutcome.UPHELD:
        appeal.new_award = new_award
        decision.award = new_award
        if new_award == Award.NONE:
            decision.expires_on = decision.interim_due = None
        elif decision.expires_on is None:
            programme = review.programme
            decision.expires_on = add_months(sitting.held_on, programme.valid_for_months)
            decision.interim_due = add_months(sitting.held_on, programme.interim_after_months)
        decision.save(update_fields=["award", "expires_on", "interim_due", "updated_at"])
        _audit(AuditAction.UPDATE, decision, actor, request, ["award"], review.organisation_id)
    appeal.save(update_fields=["panel", "outcome", "reasons", "award_before", "new_award", "updated_at"])
    _audit(AuditAction.UPDATE, appeal, actor, request, ["outcome", "new_award", "reasons"], review.organisation_id)
    tell_decision(decision=decision, actor=actor, appeal=appeal)
    return appeal
