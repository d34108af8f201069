"""Making a claim: choosing involvement, adding expenses and receipts, lowering amounts, sending it.

Never twice, never lost: claims are locked (`SELECT … FOR UPDATE`) before they change; each status is
reached at most once (a database constraint on the history); each ledger entry type at most once per claim;
an involvement record is on at most one live claim line; and a batch is made in one transaction, so a process
killed half-way leaves nothing behind. Money is Decimal only.
"""

import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.submissions import submission_key_complete, submission_key_reserve
from withus.involvement.models import InvolvementRecord
from withus.payments.models.claims import (
    TRANSITIONS,
    Claim,
    ClaimLine,
    ClaimStatus,
    ClaimStatusChange,
    ExpenseCategory,
    LineKind,
    Receipt,
)
from withus.payments.models.preferences import PaymentMethod
from withus.payments.models.rates import MAX_CLAIM_AMOUNT
from withus.payments.money import to_money
from withus.payments.receipts import checked_receipt, sha256
from withus.payments.rules import acts_for
from withus.payments.selectors import current_preference, pick_rate, rates_by_code
from withus.payments.services.advances import advances_settle, expense_after_advances
from withus.people.models import Person

# Expenses above this need a receipt; travel and care always do.
RECEIPT_NOT_NEEDED_UP_TO = Decimal("10.00")
RECEIPT_ALWAYS = {ExpenseCategory.TRAVEL, ExpenseCategory.CARE}


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
    offset = expense_after_advances(
        person=claim.person, date=date, category=category, amount=amount, description=description
    )
    if receipt_data is None and needs_receipt:
        raise ValidationError(
            {"receipt": f"Add a receipt: {ExpenseCategory(category).label.lower()} needs one, whatever the amount"}
            if category in RECEIPT_ALWAYS
            else {"receipt": f"Add a receipt for expenses over £{RECEIPT_NOT_NEEDED_UP_TO:,.2f}"}
        )
    checked = checked_receipt(receipt_data) if receipt_data is not None else None
    values = {"date": date, "description": offset.description[:200], "amount": offset.amount, "category": category}
    if checked is None:
        return _add_expense_line(claim, values, None, offset.cash, actor=actor, request=request)
    # The file is written first (the row needs its name); if anything after that refuses the expense or fails,
    # the savepoint undoes the rows and the file is deleted, so a refused expense leaves nothing on disk.
    content, content_type = checked
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
        with transaction.atomic():
            receipt.save()
            return _add_expense_line(claim, values, receipt, offset.cash, actor=actor, request=request)
    except BaseException:
        receipt.file.delete(save=False)
        raise


def _add_expense_line(
    claim: Claim, values: dict, receipt: Receipt | None, cash: list, *, actor: User, request
) -> ClaimLine:
    line = ClaimLine.objects.create(
        organisation_id=claim.organisation_id, claim=claim, kind=LineKind.EXPENSE, receipt=receipt, **values
    )
    advances_settle(cash=cash, line=line)
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
    line = ClaimLine.objects.filter(claim=claim, pk=line_id).select_related("receipt").first()
    if line is None:
        raise ValidationError("That line is not on this claim.")
    receipt = line.receipt
    line.delete()
    _recalculate(claim)
    claim.save()
    changed = ["lines"]
    if receipt is not None:
        _receipt_delete(receipt)
        changed.append("receipt")
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=claim, changed_fields=changed)


def _receipt_delete(receipt: Receipt) -> None:
    """Delete a receipt that no line uses any more: its row now, its file once the transaction commits.

    The file goes only after the commit, so a rollback (the line coming back) never leaves a row without its file.
    """
    if ClaimLine.objects.filter(receipt=receipt).exists():
        return
    storage, name = receipt.file.storage, receipt.file.name
    receipt.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def claim_line_lower(*, claim: Claim, line_id, amount, actor: User, request=None) -> ClaimLine:
    """Take a lower amount for one payment, or decline it (0). Expenses are never reduced this way."""
    claim = _lock(claim)
    if claim.status != ClaimStatus.DRAFT or not acts_for(actor, claim.person):
        # Amounts are fixed once sent (issue 16 item 4): a change needs the claim returned, with a reason.
        raise ValidationError(
            "This claim has been sent, so its amounts are fixed. To change them, ask the People Participation team "
            "or finance to return it to you."
        )
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
