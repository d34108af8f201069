"""What must hold before a claim is approved (issue 16): a way to pay the person, and a recorded choice when the
claim would take them over a benefit limit they set. Called by claim_approve inside its transaction."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.payments.models.claims import Claim, ClaimLine, ClaimStatus, LimitChoice, LineKind
from withus.payments.models.preferences import PaymentMethod, PaymentPreference
from withus.payments.money import to_money
from withus.payments.rules import approval_refusal
from withus.payments.selectors import claim_limit_breaches, current_preference
from withus.payments.services.claims import _lock, _recalculate

WHO_CAN_ADD_A_METHOD = "A People Participation lead or finance can add it on the person's payment page."


def method_refusal(claim: Claim, preference: PaymentPreference | None) -> str:
    """Why this claim cannot be approved with the way of paying recorded for the person, or ""."""
    name = claim.person.full_name
    if preference is None:
        return f"{name} has no payment method recorded, so this claim cannot be approved yet. {WHO_CAN_ADD_A_METHOD}"
    if preference.method == PaymentMethod.PAYROLL and not preference.payroll_number.strip():
        return f"{name} is paid through payroll but has no payroll number recorded. {WHO_CAN_ADD_A_METHOD}"
    if preference.method == PaymentMethod.SUPPLIER and not preference.supplier_number.strip():
        return f"{name} is paid as a supplier but has no supplier number recorded. {WHO_CAN_ADD_A_METHOD}"
    if preference.method == PaymentMethod.NONE and claim.fees_total > 0:
        return (
            f"{name} chose no payment (expenses only), but this claim has involvement payments of "
            f"£{claim.fees_total:,.2f}. Record how they are to be paid, or they can decline the payments."
        )
    return ""


@dataclass(frozen=True)
class LimitDecision:
    choice: str = ""
    note: str = ""
    agreed_amount: str = ""
    charity: str = ""


def _clean_decision(decision: LimitDecision, claim: Claim, never_over: bool) -> LimitDecision:
    choice, note, charity = decision.choice, decision.note.strip(), decision.charity.strip()
    if choice not in LimitChoice.values:
        raise ValidationError({"limit_choice": "Select what to do about the limit before you approve"})
    if choice == LimitChoice.PAY_ANYWAY:
        if never_over:
            raise ValidationError(
                {
                    "limit_choice": f"{claim.person.full_name} asked never to be paid over this limit. Choose a lower "
                    "amount, a charity, or hold the claim"
                }
            )
        if not note:
            raise ValidationError({"limit_note": "Enter what the person agreed, and when, to pay it anyway"})
    if choice == LimitChoice.CHARITY and not charity:
        raise ValidationError({"limit_charity": "Enter the name of the charity the person chose"})
    if choice == LimitChoice.HOLD and not note:
        raise ValidationError({"limit_note": "Enter what the lead should talk to the person about"})
    return LimitDecision(choice=choice, note=note, agreed_amount=decision.agreed_amount.strip(), charity=charity)


def _lower_fees_to(claim: Claim, amount: Decimal) -> None:
    """Take the fees down to the agreed amount, from the latest payment back, as the person agreed."""
    if amount >= claim.fees_total:
        raise ValidationError(
            {"agreed_amount": f"Enter less than the £{claim.fees_total:,.2f} claimed: that is what goes over the limit"}
        )
    over = claim.fees_total - amount
    for line in ClaimLine.objects.select_for_update().filter(claim=claim, kind=LineKind.FEE).order_by("-date", "-pk"):
        if over <= 0:
            break
        taken = min(over, line.amount)
        line.amount -= taken
        over -= taken
        line.save(update_fields=["amount", "updated_at"])
    _recalculate(claim)


def limit_decision_apply(*, claim: Claim, decision: LimitDecision | None, actor: User) -> None:
    """Refuse approval over a limit without a choice; apply and record the choice. `claim` is locked."""
    breaches = claim_limit_breaches(claim)
    if not breaches:
        return
    never_over = any(limit.never_over for limit, _ in breaches)
    decision = _clean_decision(decision or LimitDecision(), claim, never_over)
    if decision.choice == LimitChoice.HOLD:
        raise ValidationError("A held claim is not approved: use Hold the claim.")
    if decision.choice == LimitChoice.LOWER:
        _lower_fees_to(claim, to_money(decision.agreed_amount, field="agreed_amount", allow_zero=True))
        if any(limit.never_over for limit, _ in claim_limit_breaches(claim)):
            raise ValidationError(
                {"agreed_amount": "That still goes over a limit the person asked never to be paid over: enter less"}
            )
    claim.limit_choice, claim.limit_note, claim.limit_charity = decision.choice, decision.note, decision.charity
    if decision.choice == LimitChoice.LOWER and not claim.limit_note:
        claim.limit_note = f"The person agreed to £{claim.fees_total:,.2f}."
    claim.limit_decided_by, claim.limit_decided_at = actor, timezone.now()


@transaction.atomic
def claim_hold(*, claim: Claim, note: str, actor: User, request=None) -> Claim:
    """Hold a claim over a limit so the person's lead can talk to them; it stays submitted, on the lead's to-do."""
    claim = _lock(claim)
    refusal = approval_refusal(claim, actor)
    if refusal:
        raise ValidationError(refusal.replace("approve", "decide on"))
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError("Only a submitted claim can be held.")
    if not claim_limit_breaches(claim):
        raise ValidationError("This claim does not go over any limit the person set, so there is nothing to hold.")
    decision = _clean_decision(LimitDecision(choice=LimitChoice.HOLD, note=note), claim, never_over=False)
    claim.limit_choice, claim.limit_note, claim.limit_charity = LimitChoice.HOLD, decision.note, ""
    claim.limit_decided_by, claim.limit_decided_at = actor, timezone.now()
    claim.save()
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=claim, changed_fields=["limit_choice"])
    return claim


def approval_blockers(claim: Claim) -> str:
    """For the claim page: why approving would be refused now, before finance tries."""
    return method_refusal(claim, current_preference(claim.person))
