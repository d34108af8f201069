"""The ledger's own check: every way the ledger, the claims and the batches disagree."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum

from withus.payments.models.batches import EntryType, LedgerEntry, PaymentBatch
from withus.payments.models.claims import Claim, ClaimLine, ClaimStatus, ClaimStatusChange, LineKind
from withus.payments.receipts import sha256


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
    reached: dict = {}
    left: dict = {}
    for claim_id, from_status, to_status in ClaimStatusChange.objects.filter(
        organisation_id=organisation_id
    ).values_list("claim_id", "from_status", "to_status"):
        reached.setdefault(claim_id, set()).add(to_status)
        left.setdefault(claim_id, set()).add(from_status)
    batch_sums: dict = {}
    for claim in Claim.objects.filter(organisation_id=organisation_id):
        ref = claim.reference
        # The history is one path from "" (created): the one status reached and never left is the claim's status.
        if reached.get(claim.pk, set()) - left.get(claim.pk, set()) != {claim.status}:
            problems.append(f"{ref}: its status is not where its status history ends")
        fees = line_sums.get((claim.pk, LineKind.FEE), Decimal("0.00"))
        expenses = line_sums.get((claim.pk, LineKind.EXPENSE), Decimal("0.00"))
        if (fees, expenses) != (claim.fees_total, claim.expenses_total):
            problems.append(f"{ref}: its totals do not match its lines")
        problems += _claim_ledger_problems(claim, entries)
        paid = entries.get((claim.pk, EntryType.PAID))
        accrued = entries.get((claim.pk, EntryType.ACCRUED))
        if claim.batch_id:
            # A batch exports its claims' approved (accrued) amounts, so its totals are checked against those.
            sums = batch_sums.setdefault(claim.batch_id, [0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00")])
            sums[0] += 1
            sums[1] += accrued.fees if accrued else Decimal("0.00")
            sums[2] += accrued.expenses if accrued else Decimal("0.00")
            sums[3] += paid.fees + paid.expenses if paid else Decimal("0.00")
    for batch in PaymentBatch.objects.filter(organisation_id=organisation_id):
        count, fees, expenses, paid_total = batch_sums.get(batch.pk, [0, Decimal(0), Decimal(0), Decimal(0)])
        if (count, fees, expenses) != (batch.claim_count, batch.fees_total, batch.expenses_total):
            problems.append(f"{batch.reference}: its totals do not match its claims' approved amounts")
        if batch.paid_on is not None and paid_total != batch.total:
            problems.append(f"{batch.reference}: marked paid but the paid entries do not add up to its total")
        if (
            sha256(bytes(batch.csv_content)) != batch.csv_sha256
            or sha256(bytes(batch.xlsx_content)) != batch.xlsx_sha256
        ):
            problems.append(f"{batch.reference}: its files do not match their hashes")
    return problems


def approved_amounts(claims: list[Claim]) -> dict:
    """Each claim's (fees, expenses) as the ledger accrued them on approval: what finance exports and pays.

    A claim with no accrual was never approved through the service, so it is refused rather than paid.
    """
    amounts = {
        entry.claim_id: (entry.fees, entry.expenses)
        for entry in LedgerEntry.objects.filter(
            claim_id__in=[claim.pk for claim in claims], entry_type=EntryType.ACCRUED
        )
    }
    missing = [claim.reference for claim in claims if claim.pk not in amounts]
    if missing:
        raise ValidationError(
            f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no approved amount in the ledger, so "
            "nothing has been changed. Ask the system's administrators to run the ledger check."
        )
    return amounts
