"""Deciding on a claim: approving (which accrues it in the ledger), rejecting and cancelling."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import Role, User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.submissions import submission_key_complete
from withus.involvement.services import involvement_records_release
from withus.payments.models.batches import EntryType, LedgerEntry
from withus.payments.models.claims import Claim, ClaimLine, ClaimStatus
from withus.payments.rules import acts_for, approval_refusal
from withus.payments.selectors import current_preference
from withus.payments.services.claims import _claim_key, _lock, _move, claim_lock_key
from withus.payments.services.ledger import approved_amounts
from withus.payments.services.messages import tell_claim_approved, tell_claim_not_approved, tell_claim_returned
from withus.payments.services.safeguards import LimitDecision, limit_decision_apply, method_refusal


@transaction.atomic
def claim_approve(
    *,
    claim: Claim,
    actor: User,
    request=None,
    submission_key: uuid.UUID | None = None,
    limit_decision: LimitDecision | None = None,
) -> Claim:
    """Approve a submitted claim: the person must have a way to be paid, and a claim over a benefit limit they set
    needs finance's recorded choice (pay anyway with the person's agreement, a lower agreed amount, a charity)."""
    if _claim_key(submission_key, claim, "claim-approve"):
        return Claim.objects.get(pk=claim.pk)
    claim = _lock(claim)
    refusal = approval_refusal(claim, actor)
    if refusal:
        raise ValidationError(refusal)
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError(
            f"This claim is {claim.get_status_display().lower()}: only a submitted claim can be approved."
        )
    preference = current_preference(claim.person)
    refusal = method_refusal(claim, preference)
    if refusal:
        raise ValidationError(refusal)
    limit_decision_apply(claim=claim, decision=limit_decision, actor=actor)
    _move(claim, ClaimStatus.APPROVED, actor=actor)
    claim.approved_by, claim.approved_at = actor, timezone.now()
    claim.method = preference.method
    claim.save()
    LedgerEntry.objects.create(
        organisation_id=claim.organisation_id,
        claim=claim,
        entry_type=EntryType.ACCRUED,
        fees=claim.fees_total,
        expenses=claim.expenses_total,
        recorded_by=actor,
    )
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=claim, changed_fields=["status"])
    tell_claim_approved(claim)
    if submission_key is not None:
        submission_key_complete(key=submission_key, object_id=claim.pk)
    return claim


def _release(claim: Claim, *, actor: User, request=None) -> None:
    """A rejected or cancelled claim lets its involvement go: it can be corrected and claimed again."""
    ClaimLine.objects.filter(claim=claim, live=True).update(live=False)
    involvement_records_release(locked_by=claim_lock_key(claim), actor=actor, request=request)


@transaction.atomic
def claim_reject(*, claim: Claim, reason: str, actor: User, request=None) -> Claim:
    claim = _lock(claim)
    refusal = approval_refusal(claim, actor)
    if refusal:
        raise ValidationError(refusal.replace("approve", "decide on"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the claim is not approved, so the person knows what to do"})
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError("Only a submitted claim can be rejected.")
    _move(claim, ClaimStatus.REJECTED, actor=actor, reason=reason)
    claim.rejected_at, claim.reason = timezone.now(), reason
    claim.save()
    _release(claim, actor=actor, request=request)
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=claim, changed_fields=["status"])
    tell_claim_not_approved(claim)
    return claim


@transaction.atomic
def claim_return(*, claim: Claim, reason: str, actor: User, request=None) -> Claim:
    """Send a claim back so the person can change it: amounts on a sent claim are never edited in place. The claim
    is cancelled with the reason (which the person sees) and its involvement is free to claim again."""
    claim = _lock(claim)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter what needs changing, so the person knows what to do"})
    finance = actor.has_role(Role.FINANCE_APPROVER) and actor.organisation_id == claim.organisation_id
    lead = actor.has_role(Role.PARTICIPATION_LEAD) and acts_for(actor, claim.person)
    if actor.pk in {claim.person.user_id, claim.claimant_user_id} or not (finance or lead):
        raise ValidationError("Only finance or the person's People Participation lead can return a claim to change.")
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError(
            f"This claim is {claim.get_status_display().lower()}: only a claim waiting for approval can be returned."
        )
    _move(claim, ClaimStatus.VOID, actor=actor, reason=f"Returned to change: {reason}")
    claim.voided_at, claim.reason, claim.returned_for_changes = timezone.now(), reason, True
    claim.save()
    _release(claim, actor=actor, request=request)
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=claim, changed_fields=["status"])
    tell_claim_returned(claim)
    return claim


def void_refusal(claim: Claim, actor: User) -> str:
    """Why this person cannot cancel this claim, in plain English; empty when they can. Pages ask it before
    offering the form, so nobody fills in a form the service would then refuse."""
    finance = (
        actor.has_role(Role.FINANCE_APPROVER, Role.ADMINISTRATOR) and actor.organisation_id == claim.organisation_id
    )
    if claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED):
        return "" if finance or acts_for(actor, claim.person) else "You cannot cancel this claim."
    if claim.status == ClaimStatus.APPROVED:
        return "" if finance else "This claim is approved: ask finance to cancel it if it is wrong."
    return f"This claim is {claim.get_status_display().lower()}, so it can no longer be cancelled."


@transaction.atomic
def claim_void(*, claim: Claim, reason: str, actor: User, request=None) -> Claim:
    """Cancel a claim that has not gone to finance. After approval, finance only; the ledger is reversed."""
    claim = _lock(claim)
    refusal = void_refusal(claim, actor)
    if refusal:
        raise ValidationError(refusal)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the claim is being cancelled"})
    was_approved = claim.status == ClaimStatus.APPROVED
    _move(claim, ClaimStatus.VOID, actor=actor, reason=reason)
    claim.voided_at, claim.reason = timezone.now(), reason
    claim.save()
    _release(claim, actor=actor, request=request)
    if was_approved:
        fees, expenses = approved_amounts([claim])[claim.pk]
        LedgerEntry.objects.create(
            organisation_id=claim.organisation_id,
            claim=claim,
            entry_type=EntryType.REVERSED,
            fees=fees,
            expenses=expenses,
            recorded_by=actor,
        )
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=claim, changed_fields=["status"])
    return claim
