"""Finance batches: exporting approved claims in one transaction, then recording payment by hand or
from a remittance file."""

import datetime
import uuid
from collections.abc import Iterator
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import Role, User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.core.spreadsheets import SpreadsheetRefused, csv_rows
from withus.core.submissions import submission_key_complete
from withus.payments.exports import (
    LINE_COLUMNS,
    CsvFile,
    Totals,
    XlsxFile,
    columns_for,
    line_rows,
    payment_rows,
    summary_rows,
    to_csv,
    totals,
)
from withus.payments.models.batches import EntryType, LedgerEntry, PaymentBatch, PaymentRoute, methods_for_route
from withus.payments.models.claims import Claim, ClaimStatus
from withus.payments.models.preferences import PaymentPreference
from withus.payments.models.rates import PaymentSettings
from withus.payments.receipts import sha256
from withus.payments.services.claims import _move, _reserve
from withus.payments.services.ledger import approved_amounts
from withus.payments.services.messages import tell_claim_paid
from withus.payments.services.rates import _runs_finance, settings_for

# Claims handled at once when a batch is made: its memory stays flat however many claims it holds.
EXPORT_CHUNK = 500


@transaction.atomic
def batch_create(
    *, organisation, route: str, actor: User, request=None, submission_key: uuid.UUID | None = None
) -> PaymentBatch:
    """Put every approved claim paid by one route into a new batch, with its files made now, hashed, and kept as they
    are: the payments file (CSV and XLSX, data rows only), its summary (totals and hashes) and the per-line detail."""
    existing = _reserve(submission_key, organisation.pk, "batch")
    if existing:
        return PaymentBatch.objects.get(pk=existing, organisation=organisation)
    if not actor.has_role(Role.FINANCE_APPROVER) or actor.organisation_id != organisation.pk:
        raise ValidationError("Only a finance approver can export claims for payment.")
    if route not in PaymentRoute.values:
        raise ValidationError({"route": "Select payroll, accounts payable or vouchers"})
    # One export at a time per trust: the settings row is the lock, and it numbers the batches.
    settings_row = PaymentSettings.objects.select_for_update().get(pk=settings_for(organisation.pk).pk)
    methods = methods_for_route(route, settings_row.expenses_only_route)
    # Lock the claims, keeping only their ids: a batch of 10,000 claims is then made a chunk at a time, so memory
    # stays flat whatever its size (issue 25; docs/benchmarks.md).
    ids = list(
        Claim.objects.select_for_update()
        .filter(organisation=organisation, status=ClaimStatus.APPROVED, batch__isnull=True, method__in=methods)
        .order_by("approved_at", "pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise ValidationError(
            {"route": f"There are no approved claims waiting to be paid by {PaymentRoute(route).label.lower()}."}
        )
    number = settings_row.next_batch_number
    reference = f"B-{number:05d}"
    now = timezone.now()
    payments_csv, lines_csv, workbook = CsvFile(columns_for(route)), CsvFile(LINE_COLUMNS), XlsxFile(route)
    count, fees, expenses = 0, Decimal("0.00"), Decimal("0.00")
    for claims in _chunks_for_export(organisation, ids):
        preferences = _preferences(organisation, claims)
        amounts = approved_amounts(claims)
        rows = payment_rows(route, reference, claims, preferences, amounts)
        payments_csv.write(rows)
        workbook.write(rows)
        lines_csv.write(line_rows(reference, claims))
        chunk = totals(claims, amounts)
        count, fees, expenses = count + chunk.claims, fees + chunk.fees, expenses + chunk.expenses
    sums = Totals(claims=count, fees=fees, expenses=expenses)
    csv_bytes, lines_bytes = payments_csv.getvalue(), lines_csv.getvalue()
    xlsx_bytes = workbook.finish(
        summary_rows(reference, route, sums, {"the CSV payments file": sha256(csv_bytes)}), created=now
    )
    summary_bytes = to_csv(
        None,
        summary_rows(
            reference,
            route,
            sums,
            {
                "the CSV payments file": sha256(csv_bytes),
                "the Excel payments file": sha256(xlsx_bytes),
                "lines.csv": sha256(lines_bytes),
            },
        ),
    )
    batch = PaymentBatch.objects.create(
        organisation=organisation,
        number=number,
        route=route,
        created_by=actor,
        claim_count=sums.claims,
        fees_total=sums.fees,
        expenses_total=sums.expenses,
        csv_content=csv_bytes,
        csv_sha256=sha256(csv_bytes),
        xlsx_content=xlsx_bytes,
        xlsx_sha256=sha256(xlsx_bytes),
        summary_csv_content=summary_bytes,
        summary_csv_sha256=sha256(summary_bytes),
        lines_csv_content=lines_bytes,
        lines_csv_sha256=sha256(lines_bytes),
    )
    settings_row.next_batch_number = number + 1
    settings_row.save(update_fields=["next_batch_number", "updated_at"])
    for start in range(0, len(ids), EXPORT_CHUNK):
        for claim in Claim.objects.filter(pk__in=ids[start : start + EXPORT_CHUNK]).order_by("approved_at", "pk"):
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


def _chunks_for_export(organisation, ids: list) -> Iterator[list[Claim]]:
    """The locked claims, EXPORT_CHUNK at a time in the batch's order, with what their rows need."""
    for start in range(0, len(ids), EXPORT_CHUNK):
        yield list(
            Claim.objects.filter(organisation=organisation, pk__in=ids[start : start + EXPORT_CHUNK])
            .select_related("person", "approved_by")
            .prefetch_related("lines")
            .order_by("approved_at", "pk")
        )


def _preferences(organisation, claims: list[Claim]) -> dict:
    """Each payee's way to be paid: the latest chosen."""
    preferences = {}
    for preference in PaymentPreference.objects.filter(
        organisation=organisation, person_id__in={claim.person_id for claim in claims}
    ).order_by("chosen_on", "created_at"):
        preferences[preference.person_id] = preference
    return preferences


def _pay(claim: Claim, batch: PaymentBatch, paid_on: datetime.date, actor: User, amounts: dict) -> None:
    """Mark one exported claim paid, recording in the ledger the amount approved (and exported), not its total."""
    fees, expenses = amounts[claim.pk]
    _move(claim, ClaimStatus.PAID, actor=actor)
    claim.paid_on = paid_on
    claim.save(update_fields=["status", "paid_on", "updated_at"])
    LedgerEntry.objects.create(
        organisation_id=claim.organisation_id,
        claim=claim,
        batch=batch,
        entry_type=EntryType.PAID,
        fees=fees,
        expenses=expenses,
        recorded_by=actor,
    )
    tell_claim_paid(claim)


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
    claims = list(Claim.objects.select_for_update().filter(batch=batch, status=ClaimStatus.EXPORTED).order_by("pk"))
    amounts = approved_amounts(claims)
    for claim in claims:
        _pay(claim, batch, paid_on, actor, amounts)
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
    try:
        table = list(csv_rows(text))
    except SpreadsheetRefused as error:
        raise ValidationError({"remittance": f"Row {error.row}: {error.message}"}) from error
    header = [name.strip() for name in table[0][1]] if table else []
    if not set(REMITTANCE_COLUMNS) <= set(header):
        raise ValidationError({"remittance": "The file needs the columns Claim reference and Paid on"})
    claims = {
        claim.reference: claim
        for claim in Claim.objects.select_for_update().filter(batch=batch).select_related("person").order_by("pk")
    }
    amounts = approved_amounts(list(claims.values()))
    paid = 0
    for number, cells in table[1:]:
        row = {name: cell.strip() for name, cell in zip(header, cells, strict=False) if name}
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
        _pay(claim, batch, paid_on, actor, amounts)
        paid += 1
    if not Claim.objects.filter(batch=batch).exclude(status=ClaimStatus.PAID).exists():
        batch.paid_on = max(Claim.objects.filter(batch=batch).values_list("paid_on", flat=True))
        batch.paid_by = actor
        batch.save(update_fields=["paid_on", "paid_by", "updated_at"])
    audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=batch, changed_fields=["remittance"])
    return paid
