"""Deciding on a claim: approving (which accrues it in the ledger), rejecting and cancelling."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import Role, User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.submissions import submission_key_complete
from withus.payments.models.batches import EntryType, LedgerEntry
from withus.payments.models.claims import Claim, ClaimLine, ClaimStatus
from withus.payments.rules import acts_for, approval_refusal
from withus.payments.selectors import current_preference
from withus.payments.services.claims import _claim_key, _lock, _move


@transaction.atomic
def claim_approve(*, claim: Claim, actor: User, request=None, submission_key: uuid.UUID | None = None) -> Claim:
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
    _move(claim, ClaimStatus.APPROVED, actor=actor)
    claim.approved_by, claim.approved_at = actor, timezone.now()
    preference = current_preference(claim.person)
    claim.method = preference.method if preference else claim.method
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
    if submission_key is not None:
        submission_key_complete(key=submission_key, object_id=claim.pk)
    return claim


def _release(claim: Claim) -> None:
    ClaimLine.objects.filter(claim=claim, live=True).update(live=False)


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
    _release(claim)
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=claim, changed_fields=["status"])
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
    _release(claim)
    if was_approved:
        LedgerEntry.objects.create(
            organisation_id=claim.organisation_id,
            claim=claim,
            entry_type=EntryType.REVERSED,
            fees=claim.fees_total,
            expenses=claim.expenses_total,
            recorded_by=actor,
        )
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=claim, changed_fields=["status"])
    return claim
