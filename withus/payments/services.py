"""Writes for payments. Each validates, saves and audits inside one transaction; money is Decimal only.

Never twice, never lost: claims are locked (`SELECT … FOR UPDATE`) before they change; each status is
reached at most once (a database constraint on the history); each ledger entry type at most once per claim;
an involvement record is on at most one live claim line; and a batch is made in one transaction, so a process
killed half-way leaves nothing behind.
"""

import csv
import datetime
import io
import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from openpyxl import Workbook

from withus.accounts.models import Role, User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.submissions import submission_key_complete, submission_key_reserve
from withus.involvement.models import InvolvementRecord
from withus.payments.models import (
    MAX_CLAIM_AMOUNT,
    MAX_RATE_AMOUNT,
    TRANSITIONS,
    BenefitReference,
    Claim,
    ClaimLine,
    ClaimStatus,
    ClaimStatusChange,
    EarningsLimit,
    EntryType,
    ExpenseCategory,
    LedgerEntry,
    LimitPeriod,
    LineKind,
    PaymentBatch,
    PaymentMethod,
    PaymentPreference,
    PaymentSettings,
    Rate,
    RateUnit,
    Receipt,
)
from withus.payments.money import to_money
from withus.payments.receipts import checked_receipt, sha256
from withus.payments.selectors import current_preference, pick_rate, rates_by_code
from withus.people.models import Person

# Expenses above this need a receipt; travel and care always do.
RECEIPT_NOT_NEEDED_UP_TO = Decimal("10.00")
RECEIPT_ALWAYS = {ExpenseCategory.TRAVEL, ExpenseCategory.CARE}


# --- Settings and the rate card ------------------------------------------------------------------------


def settings_for(organisation_id) -> PaymentSettings:
    found = PaymentSettings.objects.filter(organisation_id=organisation_id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return PaymentSettings.objects.create(organisation_id=organisation_id)
    except IntegrityError:
        return PaymentSettings.objects.get(organisation_id=organisation_id)


@transaction.atomic
def settings_update(*, organisation, lateness_target_days: int, actor: User, request=None) -> PaymentSettings:
    row = settings_for(organisation.pk)
    row = PaymentSettings.objects.select_for_update().get(pk=row.pk)
    if isinstance(lateness_target_days, bool) or not isinstance(lateness_target_days, int):
        raise ValidationError({"lateness_target_days": "Enter a whole number of days, like 30"})
    if not 1 <= lateness_target_days <= 365:
        raise ValidationError({"lateness_target_days": "Enter a number of days between 1 and 365"})
    row.lateness_target_days = lateness_target_days
    row.save(update_fields=["lateness_target_days", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE, request=request, actor=actor, obj=row, changed_fields=["lateness_target_days"]
    )
    return row


def _runs_finance(user: User) -> bool:
    return user.has_role(Role.FINANCE_APPROVER, Role.ADMINISTRATOR)


@transaction.atomic
def rate_add(
    *,
    organisation,
    activity_code: str,
    name: str,
    unit: str,
    amount,
    effective_from: datetime.date,
    note: str = "",
    actor: User,
    request=None,
) -> Rate:
    """A new rate for an activity code from a date. Earlier rates stay, so claims keep the rate of their day."""
    if not _runs_finance(actor):
        raise ValidationError("Only finance or an administrator can change the rate card.")
    amount = to_money(amount, maximum=MAX_RATE_AMOUNT)
    activity_code = activity_code.strip().upper()
    if not activity_code:
        raise ValidationError({"activity_code": "Choose the activity code"})
    if unit not in RateUnit.values:
        raise ValidationError({"unit": "Select what the rate is for"})
    if Rate.objects.filter(
        organisation=organisation, activity_code=activity_code, effective_from=effective_from
    ).exists():
        raise ValidationError(
            {"effective_from": "There is already a rate for this code from that date. Choose another date"}
        )
    rate = Rate(
        organisation=organisation,
        activity_code=activity_code,
        name=name.strip(),
        unit=unit,
        amount=amount,
        effective_from=effective_from,
        note=note.strip(),
        created_by=actor,
    )
    rate.full_clean()
    rate.save()
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=rate,
        changed_fields=["activity_code", "amount", "unit", "effective_from"],
    )
    return rate


@transaction.atomic
def benefit_reference_add(
    *, organisation, benefit: str, period: str, amount, effective_from, source: str = "", actor: User, request=None
) -> BenefitReference:
    if not _runs_finance(actor):
        raise ValidationError("Only finance or an administrator can change the reference amounts.")
    amount = to_money(amount, maximum=Decimal("10000.00"))
    if period not in LimitPeriod.values:
        raise ValidationError({"period": "Select a week or a month"})
    benefit = benefit.strip()
    if not benefit:
        raise ValidationError({"benefit": "Enter the benefit and its rule"})
    if BenefitReference.objects.filter(organisation=organisation, benefit=benefit, effective_from=effective_from):
        raise ValidationError({"effective_from": "This benefit already has an amount from that date"})
    reference = BenefitReference.objects.create(
        organisation=organisation,
        benefit=benefit,
        period=period,
        amount=amount,
        effective_from=effective_from,
        source=source.strip(),
        created_by=actor,
    )
    audit_record(
        action=AuditAction.CREATE, request=request, actor=actor, obj=reference, changed_fields=["amount", "benefit"]
    )
    return reference


# --- People: preferences and limits --------------------------------------------------------------------


def acts_for(actor: User, person: Person) -> bool:
    """The person themselves, a lead who may see them, finance (paper claims) or an administrator."""
    if person.organisation_id != actor.organisation_id:
        return False
    if person.user_id is not None and person.user_id == actor.pk:
        return True
    if actor.has_role(Role.ADMINISTRATOR, Role.FINANCE_APPROVER):
        return True
    return actor.has_role(Role.PARTICIPATION_LEAD) and Person.objects.visible_to(actor).filter(pk=person.pk).exists()


@transaction.atomic
def preference_set(
    *,
    person: Person,
    method: str,
    actor: User,
    payroll_number: str = "",
    supplier_number: str = "",
    chosen_on: datetime.date | None = None,
    benefits_advice_offered_on: datetime.date | None = None,
    request=None,
) -> PaymentPreference:
    """Record how someone is paid. The person may choose the method; staff also record finance references."""
    is_self = person.user_id is not None and person.user_id == actor.pk
    staff = _runs_finance(actor) or (actor.has_role(Role.PARTICIPATION_LEAD) and acts_for(actor, person))
    if not (is_self or staff) or person.organisation_id != actor.organisation_id:
        raise ValidationError("You cannot change how this person is paid.")
    if method not in PaymentMethod.values:
        raise ValidationError({"method": "Select how you would like to be paid"})
    previous = current_preference(person)
    today = timezone.localdate()
    chosen_on = chosen_on or today
    if chosen_on > today:
        raise ValidationError({"chosen_on": "The date chosen must be today or in the past"})
    if not staff:
        # A person choosing for themselves keeps the references finance recorded; they never type them.
        payroll_number = previous.payroll_number if previous else ""
        supplier_number = previous.supplier_number if previous else ""
        benefits_advice_offered_on = previous.benefits_advice_offered_on if previous else None
    for field, value in (("payroll_number", payroll_number), ("supplier_number", supplier_number)):
        if value and not value.replace("-", "").isalnum():
            raise ValidationError({field: "Enter the reference using letters and numbers only"})
    if benefits_advice_offered_on and benefits_advice_offered_on > today:
        raise ValidationError({"benefits_advice_offered_on": "The date advice was offered must be in the past"})
    preference = PaymentPreference.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        method=method,
        payroll_number=payroll_number.strip().upper(),
        supplier_number=supplier_number.strip().upper(),
        chosen_on=chosen_on,
        benefits_advice_offered_on=benefits_advice_offered_on,
        recorded_by=actor,
    )
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=preference,
        object_label=f"Payment preference of {person.full_name}",
        changed_fields=["method", "payroll_number", "supplier_number", "benefits_advice_offered_on"],
    )
    return preference


@transaction.atomic
def limit_add(*, person: Person, benefit: str, period: str, amount, actor: User, request=None) -> EarningsLimit:
    if not acts_for(actor, person):
        raise ValidationError("You can only set limits for yourself, or for someone you support.")
    amount = to_money(amount, maximum=Decimal("10000.00"))
    if period not in LimitPeriod.values:
        raise ValidationError({"period": "Select a week or a month"})
    benefit = benefit.strip()
    if not benefit:
        raise ValidationError({"benefit": "Enter the benefit this limit is for"})
    if EarningsLimit.objects.active().filter(person=person).count() >= 5:
        raise ValidationError("You can have up to 5 limits. Remove one first")
    limit = EarningsLimit.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        benefit=benefit[:150],
        period=period,
        amount=amount,
        created_by=actor,
    )
    audit_record(
        action=AuditAction.CREATE, request=request, actor=actor, obj=limit, changed_fields=["benefit", "amount"]
    )
    return limit


@transaction.atomic
def limit_remove(*, limit: EarningsLimit, actor: User, request=None) -> EarningsLimit:
    limit = EarningsLimit.objects.select_for_update().select_related("person").get(pk=limit.pk)
    if not acts_for(actor, limit.person):
        raise ValidationError("You can only remove your own limits.")
    if limit.removed_at is None:
        limit.removed_at = timezone.now()
        limit.save(update_fields=["removed_at", "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=limit, changed_fields=["removed"])
    return limit


# --- Claims --------------------------------------------------------------------------------------------


def unclaimed_records(person: Person, *, today: datetime.date | None = None):
    """Payable involvement up to today that is on no live claim: what a new claim is pre-filled with."""
    today = today or timezone.localdate()
    claimed = ClaimLine.objects.filter(live=True, record__isnull=False, claim__person=person).values("record_id")
    return (
        InvolvementRecord.objects.for_person(person)
        .filter(payable=True, date__lte=today)
        .exclude(pk__in=claimed)
        .select_related("kind")
        .order_by("date", "created_at")
    )


def _move(claim: Claim, to_status: str, *, actor: User | None, reason: str = "") -> None:
    if (claim.status, to_status) not in TRANSITIONS:
        raise ValidationError(
            f"This claim is {claim.get_status_display().lower()}, so it cannot be "
            f"{ClaimStatus(to_status).label.lower()} now."
        )
    ClaimStatusChange.objects.create(
        organisation_id=claim.organisation_id,
        claim=claim,
        from_status=claim.status,
        to_status=to_status,
        reason=reason,
        changed_by=actor,
    )
    claim.status = to_status


def _recalculate(claim: Claim) -> None:
    sums = {
        kind: total or Decimal("0.00")
        for kind, total in claim.lines.values("kind").annotate(total=Sum("amount")).values_list("kind", "total")
    }
    claim.fees_total = sums.get(LineKind.FEE, Decimal("0.00"))
    claim.expenses_total = sums.get(LineKind.EXPENSE, Decimal("0.00"))
    if claim.fees_total > MAX_CLAIM_AMOUNT or claim.expenses_total > MAX_CLAIM_AMOUNT:
        raise ValidationError(
            f"One claim can be up to £{MAX_CLAIM_AMOUNT:,.2f}. Split it into two claims, or check the amounts"
        )
    claim.first_activity_on = claim.lines.order_by("date").values_list("date", flat=True).first()


def _lock(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().select_related("person").get(pk=claim.pk)


def _check_records(records: list[InvolvementRecord], today: datetime.date) -> None:
    for record in records:
        if record.date > today:
            raise ValidationError({"records": "You can claim for involvement only once it has happened"})
        if not record.payable:
            raise ValidationError({"records": f"{record.source_label} on {record.date:%-d %B %Y} is not paid"})


@transaction.atomic
def claim_create(
    *,
    person: Person,
    record_ids: Iterable,
    actor: User,
    request=None,
    submission_key: uuid.UUID | None = None,
    today: datetime.date | None = None,
) -> Claim:
    """Start a claim (a draft) with the chosen involvement records, each priced by the rate in force on its day."""
    existing = _reserve(submission_key, person.organisation_id, "claim")
    if existing:
        return Claim.objects.get(pk=existing, organisation_id=person.organisation_id)
    if not acts_for(actor, person):
        raise ValidationError("You can only claim for yourself, or for someone you support.")
    today = today or timezone.localdate()
    wanted = {str(pk) for pk in record_ids}
    records = list(
        InvolvementRecord.objects.select_for_update()
        .filter(pk__in=wanted, organisation_id=person.organisation_id, person=person)
        .select_related("kind")
    )
    if len(records) != len(wanted):
        raise ValidationError({"records": "Choose only involvement from the list"})
    _check_records(records, today)
    rates = rates_by_code(person.organisation_id, {record.kind.payment_activity_code for record in records})
    preference = current_preference(person)
    claim = Claim.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        claimant_user_id=person.user_id,
        created_by=actor,
        method=preference.method if preference else "",
    )
    ClaimStatusChange.objects.create(
        organisation_id=claim.organisation_id,
        claim=claim,
        from_status="",
        to_status=ClaimStatus.DRAFT,
        changed_by=actor,
    )
    lines = []
    for record in records:
        code = record.kind.payment_activity_code
        rate = pick_rate(rates.get(code, []), record.date)
        if rate is None:
            raise ValidationError(
                {"records": f"There is no rate for {record.kind.name} on {record.date:%-d %B %Y}. Ask finance"}
            )
        offered = rate.price(record.hours)
        declined = preference is not None and preference.method == PaymentMethod.NONE
        amount = Decimal("0.00") if declined else offered
        lines.append(
            ClaimLine(
                organisation_id=claim.organisation_id,
                claim=claim,
                kind=LineKind.FEE,
                date=record.date,
                description=f"{record.source_label} ({record.kind.name})"[:200],
                record=record,
                rate=rate,
                activity_code=code,
                hours=record.hours,
                offered_amount=offered,
                amount=amount,
            )
        )
    try:
        with transaction.atomic():
            ClaimLine.objects.bulk_create(lines)
    except IntegrityError as error:
        raise ValidationError(
            {"records": "Some of this involvement is already on another claim. Refresh the page and choose again"}
        ) from error
    _recalculate(claim)
    claim.save()
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=claim,
        object_label=f"Claim {claim.reference} for {person.full_name}",
        changed_fields=["lines"],
    )
    if submission_key is not None:
        submission_key_complete(key=submission_key, object_id=claim.pk)
    return claim


def _editable_by(claim: Claim, actor: User) -> bool:
    return claim.status == ClaimStatus.DRAFT and acts_for(actor, claim.person)


@transaction.atomic
def claim_add_expense(
    *,
    claim: Claim,
    category: str,
    date: datetime.date,
    description: str,
    amount,
    actor: User,
    receipt_data: bytes | None = None,
    request=None,
    today: datetime.date | None = None,
) -> ClaimLine:
    claim = _lock(claim)
    if not _editable_by(claim, actor):
        raise ValidationError("You can add expenses only to a claim that has not been sent yet.")
    amount = to_money(amount)
    if category not in ExpenseCategory.values:
        raise ValidationError({"category": "Select what the expense was for"})
    today = today or timezone.localdate()
    if date > today:
        raise ValidationError({"date": "The date of the expense must be today or in the past"})
    if date < today - datetime.timedelta(days=365):
        raise ValidationError({"date": "Expenses can be claimed for up to a year. Talk to the team about older ones"})
    description = description.strip()
    if not description:
        raise ValidationError({"description": "Enter what the expense was, like Bus to Willow Ward and back"})
    needs_receipt = category in RECEIPT_ALWAYS or amount > RECEIPT_NOT_NEEDED_UP_TO
    receipt = None
    if receipt_data is not None:
        content, content_type = checked_receipt(receipt_data)
        receipt = Receipt(
            organisation_id=claim.organisation_id,
            person=claim.person,
            content_type=content_type,
            size=len(content),
            sha256=sha256(content),
            uploaded_by=actor,
        )
        receipt.file.save("receipt", ContentFile(content), save=False)
        try:
            receipt.save()
        except Exception:
            receipt.file.delete(save=False)
            raise
    elif needs_receipt:
        raise ValidationError(
            {"receipt": f"Add a receipt: {ExpenseCategory(category).label.lower()} needs one, whatever the amount"}
            if category in RECEIPT_ALWAYS
            else {"receipt": f"Add a receipt for expenses over £{RECEIPT_NOT_NEEDED_UP_TO:,.2f}"}
        )
    line = ClaimLine.objects.create(
        organisation_id=claim.organisation_id,
        claim=claim,
        kind=LineKind.EXPENSE,
        date=date,
        description=description[:200],
        amount=amount,
        category=category,
        receipt=receipt,
    )
    _recalculate(claim)
    claim.save()
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=claim,
        changed_fields=["expense", "receipt"] if receipt else ["expense"],
    )
    return line


@transaction.atomic
def claim_remove_line(*, claim: Claim, line_id, actor: User, request=None) -> None:
    claim = _lock(claim)
    if not _editable_by(claim, actor):
        raise ValidationError("You can remove lines only from a claim that has not been sent yet.")
    line = ClaimLine.objects.filter(claim=claim, pk=line_id).first()
    if line is None:
        raise ValidationError("That line is not on this claim.")
    line.delete()
    _recalculate(claim)
    claim.save()
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=claim, changed_fields=["lines"])


@transaction.atomic
def claim_line_lower(*, claim: Claim, line_id, amount, actor: User, request=None) -> ClaimLine:
    """Take a lower amount for one payment, or decline it (0). Expenses are never reduced this way."""
    claim = _lock(claim)
    if claim.status not in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED) or not acts_for(actor, claim.person):
        raise ValidationError("You can change the amount only before the claim is approved.")
    line = ClaimLine.objects.select_for_update().filter(claim=claim, pk=line_id, kind=LineKind.FEE).first()
    if line is None:
        raise ValidationError("That payment is not on this claim.")
    amount = to_money(amount, allow_zero=True)
    if amount > line.offered_amount:
        raise ValidationError(
            {"amount": f"Enter £{line.offered_amount:,.2f} or less: you cannot take more than the rate"}
        )
    line.amount = amount
    line.save(update_fields=["amount", "updated_at"])
    _recalculate(claim)
    claim.save()
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=claim, changed_fields=["amount"])
    return line


def _reserve(submission_key, organisation_id, object_type: str):
    """The object a form key already produced, or None. A key sent with a different form is refused."""
    if submission_key is None:
        return None
    try:
        return submission_key_reserve(key=submission_key, organisation_id=organisation_id, object_type=object_type)
    except IntegrityError as error:
        raise ValidationError("This form has already been used. Go back, refresh the page and try again.") from error


def _claim_key(submission_key, claim, object_type: str):
    return _reserve(submission_key, claim.organisation_id, object_type)


@transaction.atomic
def claim_submit(*, claim: Claim, actor: User, request=None, submission_key: uuid.UUID | None = None) -> Claim:
    if _claim_key(submission_key, claim, "claim-submit"):
        return Claim.objects.get(pk=claim.pk)
    claim = _lock(claim)
    if not acts_for(actor, claim.person):
        raise ValidationError("You can only send your own claims, or claims for someone you support.")
    if claim.status != ClaimStatus.DRAFT:
        raise ValidationError("This claim has already been sent.")
    if not claim.lines.exists():
        raise ValidationError("Add at least one payment or expense before you send the claim")
    missing = claim.lines.filter(kind=LineKind.EXPENSE, receipt__isnull=True, category__in=RECEIPT_ALWAYS)
    if missing.exists():
        raise ValidationError("Add a receipt to each travel and care expense before you send the claim")
    _recalculate(claim)
    if claim.total == 0:
        raise ValidationError(
            "This claim is for £0.00, so there is nothing to pay. Add an expense, or cancel the claim if you "
            "have declined every payment on it"
        )
    _move(claim, ClaimStatus.SUBMITTED, actor=actor)
    claim.submitted_by, claim.submitted_at = actor, timezone.now()
    claim.save()
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=claim, changed_fields=["status"])
    if submission_key is not None:
        submission_key_complete(key=submission_key, object_id=claim.pk)
    return claim


def approval_refusal(claim: Claim, actor: User) -> str:
    """Why this user may not approve this claim, in plain English; empty when they may."""
    if not actor.has_role(Role.FINANCE_APPROVER) or actor.organisation_id != claim.organisation_id:
        return "Only a finance approver can approve claims."
    if actor.pk in {claim.claimant_user_id, claim.person.user_id}:
        return "You cannot approve your own claim. Another finance approver needs to do it."
    if actor.pk in {claim.submitted_by_id, claim.created_by_id}:
        return "You made or sent this claim, so another finance approver needs to approve it."
    return ""


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


@transaction.atomic
def claim_void(*, claim: Claim, reason: str, actor: User, request=None) -> Claim:
    """Cancel a claim that has not gone to finance. After approval, finance only; the ledger is reversed."""
    claim = _lock(claim)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the claim is being cancelled"})
    finance = (
        actor.has_role(Role.FINANCE_APPROVER, Role.ADMINISTRATOR) and actor.organisation_id == claim.organisation_id
    )
    if claim.status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED):
        if not (finance or acts_for(actor, claim.person)):
            raise ValidationError("You cannot cancel this claim.")
    elif claim.status == ClaimStatus.APPROVED:
        if not finance:
            raise ValidationError("This claim is approved: ask finance to cancel it.")
    else:
        raise ValidationError(f"This claim is {claim.get_status_display().lower()}, so it can no longer be cancelled.")
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


# --- Finance batches -----------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS = (
    "Batch",
    "Claim reference",
    "Payee name",
    "Payment method",
    "Payroll number",
    "Supplier number",
    "Activity codes",
    "Involvement payments",
    "Expenses",
    "Total",
    "First activity date",
    "Submitted on",
    "Approved on",
    "Approved by",
)


def cell_safe(value):
    """Text a spreadsheet would run as a formula is prefixed with ' so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _export_rows(batch_reference: str, claims: list[Claim], preferences: dict) -> list[list]:
    rows = []
    for claim in claims:
        preference = preferences.get(claim.person_id)
        codes = sorted({line.activity_code for line in claim.lines.all() if line.activity_code})
        rows.append(
            [
                batch_reference,
                claim.reference,
                claim.person.full_name,
                PaymentMethod(claim.method).label if claim.method else "Not recorded",
                preference.payroll_number if preference else "",
                preference.supplier_number if preference else "",
                "; ".join(codes),
                claim.fees_total,
                claim.expenses_total,
                claim.total,
                claim.first_activity_on.isoformat() if claim.first_activity_on else "",
                timezone.localtime(claim.submitted_at).date().isoformat() if claim.submitted_at else "",
                timezone.localtime(claim.approved_at).date().isoformat() if claim.approved_at else "",
                claim.approved_by.full_name if claim.approved_by else "",
            ]
        )
    return rows


def _totals_row(batch_reference: str, claims: list[Claim]) -> list:
    fees = sum((claim.fees_total for claim in claims), Decimal("0.00"))
    expenses = sum((claim.expenses_total for claim in claims), Decimal("0.00"))
    return [batch_reference, "Batch total", f"{len(claims)} claims", "", "", "", "", fees, expenses, fees + expenses]


def export_csv(rows: list[list]) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([f"{value:.2f}" if isinstance(value, Decimal) else cell_safe(str(value)) for value in row])
    return output.getvalue().encode("utf-8-sig")


def export_xlsx(rows: list[list], *, created: datetime.datetime) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Payments"
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        sheet.append([value if isinstance(value, Decimal) else cell_safe(str(value)) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            elif isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
    naive = timezone.make_naive(created, datetime.UTC).replace(microsecond=0)
    workbook.properties.created = naive
    workbook.properties.modified = naive
    workbook.properties.creator = "WithUs"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@transaction.atomic
def batch_create(*, organisation, actor: User, request=None, submission_key: uuid.UUID | None = None) -> PaymentBatch:
    """Put every approved claim into a new batch, with its CSV and XLSX made now, hashed, and kept as they are."""
    existing = _reserve(submission_key, organisation.pk, "batch")
    if existing:
        return PaymentBatch.objects.get(pk=existing, organisation=organisation)
    if not actor.has_role(Role.FINANCE_APPROVER) or actor.organisation_id != organisation.pk:
        raise ValidationError("Only a finance approver can export claims for payment.")
    # One export at a time per trust: the settings row is the lock, and it numbers the batches.
    settings_row = PaymentSettings.objects.select_for_update().get(pk=settings_for(organisation.pk).pk)
    claims = list(
        Claim.objects.select_for_update()
        .filter(organisation=organisation, status=ClaimStatus.APPROVED, batch__isnull=True)
        .order_by("approved_at", "pk")
    )
    if not claims:
        raise ValidationError("There are no approved claims waiting to be exported.")
    ids = [claim.pk for claim in claims]
    claims = list(
        Claim.objects.filter(pk__in=ids)
        .select_related("person", "approved_by")
        .prefetch_related("lines")
        .order_by("approved_at", "pk")
    )
    preferences = {}
    for preference in PaymentPreference.objects.filter(
        organisation=organisation, person_id__in={claim.person_id for claim in claims}
    ).order_by("chosen_on", "created_at"):
        preferences[preference.person_id] = preference
    number = settings_row.next_batch_number
    reference = f"B-{number:05d}"
    now = timezone.now()
    rows = _export_rows(reference, claims, preferences)
    rows.append(_totals_row(reference, claims))
    csv_bytes = export_csv(rows)
    xlsx_bytes = export_xlsx(rows, created=now)
    fees = sum((claim.fees_total for claim in claims), Decimal("0.00"))
    expenses = sum((claim.expenses_total for claim in claims), Decimal("0.00"))
    batch = PaymentBatch.objects.create(
        organisation=organisation,
        number=number,
        created_by=actor,
        claim_count=len(claims),
        fees_total=fees,
        expenses_total=expenses,
        csv_content=csv_bytes,
        csv_sha256=sha256(csv_bytes),
        xlsx_content=xlsx_bytes,
        xlsx_sha256=sha256(xlsx_bytes),
    )
    settings_row.next_batch_number = number + 1
    settings_row.save(update_fields=["next_batch_number", "updated_at"])
    for claim in claims:
        _move(claim, ClaimStatus.EXPORTED, actor=actor)
        claim.batch, claim.exported_at = batch, now
        claim.save(update_fields=["status", "batch", "exported_at", "updated_at"])
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        actor=actor,
        obj=batch,
        changed_fields=["claims"],
    )
    if submission_key is not None:
        submission_key_complete(key=submission_key, object_id=batch.pk)
    return batch


def _pay(claim: Claim, batch: PaymentBatch, paid_on: datetime.date, actor: User) -> None:
    _move(claim, ClaimStatus.PAID, actor=actor)
    claim.paid_on = paid_on
    claim.save(update_fields=["status", "paid_on", "updated_at"])
    LedgerEntry.objects.create(
        organisation_id=claim.organisation_id,
        claim=claim,
        batch=batch,
        entry_type=EntryType.PAID,
        fees=claim.fees_total,
        expenses=claim.expenses_total,
        recorded_by=actor,
    )


def _check_paid_on(paid_on: datetime.date, batch: PaymentBatch) -> None:
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "The payment date must be today or in the past"})
    if paid_on < timezone.localtime(batch.created_at).date():
        raise ValidationError({"paid_on": "The payment date must be on or after the day the batch was exported"})


@transaction.atomic
def batch_mark_paid(
    *, batch: PaymentBatch, paid_on: datetime.date, reference: str = "", actor: User, request=None
) -> PaymentBatch:
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if not _runs_finance(actor) or actor.organisation_id != batch.organisation_id:
        raise ValidationError("Only finance can record a payment.")
    if batch.paid_on is not None:
        raise ValidationError("This batch has already been marked as paid.")
    _check_paid_on(paid_on, batch)
    for claim in Claim.objects.select_for_update().filter(batch=batch, status=ClaimStatus.EXPORTED).order_by("pk"):
        _pay(claim, batch, paid_on, actor)
    batch.paid_on, batch.paid_by, batch.remittance_reference = paid_on, actor, reference.strip()[:100]
    batch.save(update_fields=["paid_on", "paid_by", "remittance_reference", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=batch, changed_fields=["paid_on"])
    return batch


REMITTANCE_COLUMNS = ("Claim reference", "Paid on")


@transaction.atomic
def remittance_import(*, batch: PaymentBatch, content: bytes, actor: User, request=None) -> int:
    """Read finance's remittance CSV (Claim reference, Paid on) and mark those claims paid. All or nothing."""
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if not _runs_finance(actor) or actor.organisation_id != batch.organisation_id:
        raise ValidationError("Only finance can record a payment.")
    if len(content) > 1_000_000:
        raise ValidationError({"remittance": "The file is too large: a remittance file is under 1 MB"})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            {"remittance": "Save the remittance as a CSV file (UTF-8) and upload it again"}
        ) from error
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not set(REMITTANCE_COLUMNS) <= {name.strip() for name in reader.fieldnames}:
        raise ValidationError({"remittance": "The file needs the columns Claim reference and Paid on"})
    claims = {
        claim.reference: claim
        for claim in Claim.objects.select_for_update().filter(batch=batch).select_related("person").order_by("pk")
    }
    paid = 0
    for number, raw in enumerate(reader, start=2):
        row = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
        reference = row.get("Claim reference", "").lstrip("'")
        if not reference or reference == "Batch total":
            continue
        claim = claims.get(reference)
        if claim is None:
            raise ValidationError({"remittance": f"Row {number}: {reference} is not in this batch"})
        try:
            paid_on = datetime.date.fromisoformat(row.get("Paid on", ""))
        except ValueError as error:
            raise ValidationError(
                {"remittance": f"Row {number}: write the date paid as year-month-day, like 2026-11-30"}
            ) from error
        _check_paid_on(paid_on, batch)
        if claim.status == ClaimStatus.PAID:
            continue
        _pay(claim, batch, paid_on, actor)
        paid += 1
    if not Claim.objects.filter(batch=batch).exclude(status=ClaimStatus.PAID).exists():
        batch.paid_on = max(Claim.objects.filter(batch=batch).values_list("paid_on", flat=True))
        batch.paid_by = actor
        batch.save(update_fields=["paid_on", "paid_by", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=batch, changed_fields=["remittance"])
    return paid


# --- The ledger's own check ----------------------------------------------------------------------------


def _claim_ledger_problems(claim: Claim, entries: dict) -> list[str]:
    problems = []
    ref = claim.reference
    accrued = entries.get((claim.pk, EntryType.ACCRUED))
    paid = entries.get((claim.pk, EntryType.PAID))
    reversed_ = entries.get((claim.pk, EntryType.REVERSED))
    was_approved = claim.approved_at is not None
    if was_approved != (accrued is not None):
        problems.append(f"{ref}: approved and accrued disagree")
    if accrued and (accrued.fees, accrued.expenses) != (claim.fees_total, claim.expenses_total):
        problems.append(f"{ref}: accrued amount differs from the claim")
    if (claim.status == ClaimStatus.PAID) != (paid is not None):
        problems.append(f"{ref}: paid status and paid entry disagree")
    if paid and (accrued is None or (paid.fees, paid.expenses) != (accrued.fees, accrued.expenses)):
        problems.append(f"{ref}: paid amount differs from the accrued amount")
    if paid and paid.batch_id != claim.batch_id:
        problems.append(f"{ref}: paid in a different batch")
    if (claim.status == ClaimStatus.VOID and was_approved) != (reversed_ is not None):
        problems.append(f"{ref}: void after approval needs exactly one reversal")
    if paid and reversed_:
        problems.append(f"{ref}: both paid and reversed")
    return problems


def ledger_problems(organisation_id) -> list[str]:
    """Every way the ledger, the claims and the batches disagree (empty when all is well). Bounded queries."""
    problems = []
    entries: dict = {}
    for entry in LedgerEntry.objects.filter(organisation_id=organisation_id):
        entries[(entry.claim_id, entry.entry_type)] = entry
    line_sums: dict = {}
    for claim_id, kind, total in (
        ClaimLine.objects.filter(organisation_id=organisation_id)
        .values("claim_id", "kind")
        .annotate(total=Sum("amount"))
        .values_list("claim_id", "kind", "total")
    ):
        line_sums[(claim_id, kind)] = total
    batch_sums: dict = {}
    for claim in Claim.objects.filter(organisation_id=organisation_id):
        ref = claim.reference
        fees = line_sums.get((claim.pk, LineKind.FEE), Decimal("0.00"))
        expenses = line_sums.get((claim.pk, LineKind.EXPENSE), Decimal("0.00"))
        if (fees, expenses) != (claim.fees_total, claim.expenses_total):
            problems.append(f"{ref}: its totals do not match its lines")
        problems += _claim_ledger_problems(claim, entries)
        paid = entries.get((claim.pk, EntryType.PAID))
        if claim.batch_id:
            sums = batch_sums.setdefault(claim.batch_id, [0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")])
            sums[0] += 1
            sums[1] += claim.fees_total
            sums[2] += claim.expenses_total
            sums[3] += paid.fees + paid.expenses if paid else Decimal("0.00")
    for batch in PaymentBatch.objects.filter(organisation_id=organisation_id):
        count, fees, expenses, paid_total = batch_sums.get(batch.pk, [0, Decimal(0), Decimal(0), Decimal(0)])
        if (count, fees, expenses) != (batch.claim_count, batch.fees_total, batch.expenses_total):
            problems.append(f"{batch.reference}: its totals do not match its claims")
        if batch.paid_on is not None and paid_total != batch.total:
            problems.append(f"{batch.reference}: marked paid but the paid entries do not add up to its total")
        if (
            sha256(bytes(batch.csv_content)) != batch.csv_sha256
            or sha256(bytes(batch.xlsx_content)) != batch.xlsx_sha256
        ):
            problems.append(f"{batch.reference}: its files do not match their hashes")
    return problems
