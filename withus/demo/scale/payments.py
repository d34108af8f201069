"""A scale trust's claims in every state, with their lines, history, ledger and payment batches.

Each claim pays one or two of a person's payable involvement records (locked while a live claim holds them, as
the claim services do) and sometimes an expense. Exported and paid claims sit in batches of skewed sizes."""

from __future__ import annotations

import hashlib
import uuid
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Max

from withus.demo.scale.common import Skewed, TrustWorld, new_id
from withus.involvement.models import source_key
from withus.payments.models.batches import LedgerEntry, PaymentBatch
from withus.payments.models.claims import Claim, ClaimLine, ClaimStatus, ClaimStatusChange
from withus.payments.models.preferences import PaymentPreference
from withus.payments.models.rates import PaymentSettings
from withus.payments.services.rates import settings_for

# Share of claims in each state: most are long paid, a working set is open.
STATE_WEIGHTS = [
    (ClaimStatus.PAID, 58),
    (ClaimStatus.EXPORTED, 12),
    (ClaimStatus.APPROVED, 8),
    (ClaimStatus.SUBMITTED, 9),
    (ClaimStatus.DRAFT, 6),
    (ClaimStatus.REJECTED, 4),
    (ClaimStatus.VOID, 3),
]
PATHS = {
    ClaimStatus.DRAFT: [ClaimStatus.DRAFT],
    ClaimStatus.SUBMITTED: [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED],
    ClaimStatus.APPROVED: [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED],
    ClaimStatus.REJECTED: [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.REJECTED],
    ClaimStatus.VOID: [ClaimStatus.DRAFT, ClaimStatus.VOID],
    ClaimStatus.EXPORTED: [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.EXPORTED],
    ClaimStatus.PAID: [
        ClaimStatus.DRAFT,
        ClaimStatus.SUBMITTED,
        ClaimStatus.APPROVED,
        ClaimStatus.EXPORTED,
        ClaimStatus.PAID,
    ],
}
HOLDING = {ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.EXPORTED, ClaimStatus.PAID}
ROUTES = {"payroll": "payroll", "supplier": "accounts_payable", "vouchers": "vouchers"}
HOURLY = Decimal("25.00")


class ClaimPlan(NamedTuple):
    id: uuid.UUID
    person: object
    records: list
    state: str
    method: str
    batch: PaymentBatch | None
    expense: Decimal
    submitter: object
    approver: object


def plan_claims(world: TrustWorld) -> tuple[list[ClaimPlan], dict, dict]:
    """Decide every claim first (person, records, state, batch), so batches are written whole before the claims
    that point at them, and records are written already locked by the live claim that holds them."""
    rng, sizes = world.rng, world.sizes
    claimants = [person for person in world.people if world.records_by_person.get(person.pk)]
    methods = {person.pk: rng.choice(["payroll", "payroll", "payroll", "supplier", "vouchers"]) for person in claimants}
    states = [state for state, weight in STATE_WEIGHTS for _ in range(weight)]
    batches = _empty_batches(world)
    batch_picker = {route: Skewed(rows, exponent=0.6) for route, rows in batches.items() if rows}
    unclaimed = {
        person.pk: [record for record in world.records_by_person[person.pk] if record.payable] for person in claimants
    }
    picker = Skewed(claimants, exponent=0.7)
    plans, locks, misses = [], {}, 0
    while len(plans) < sizes.claims and misses < sizes.claims:
        person = picker.pick(rng)
        records = unclaimed[person.pk][: rng.choice([1, 1, 2])]
        if not records:
            misses += 1
            continue
        state, route = rng.choice(states), ROUTES[methods[person.pk]]
        batch = None
        if state in {ClaimStatus.EXPORTED, ClaimStatus.PAID} and route in batch_picker:
            batch = batch_picker[route].pick(rng)
            state = ClaimStatus.PAID if batch.paid_on else ClaimStatus.EXPORTED
        elif state in {ClaimStatus.EXPORTED, ClaimStatus.PAID}:
            state = ClaimStatus.APPROVED
        plan = ClaimPlan(
            id=new_id(rng),
            person=person,
            records=records,
            state=state,
            method=methods[person.pk],
            batch=batch,
            expense=Decimal(f"{rng.uniform(2, 40):.2f}") if rng.random() < 0.3 else Decimal("0.00"),
            submitter=rng.choice(world.staff),
            approver=rng.choice(world.approvers),
        )
        plans.append(plan)
        if state in HOLDING:
            unclaimed[person.pk] = unclaimed[person.pk][len(records) :]
            for record in records:
                locks[record.id] = source_key("payment-claim", plan.id)
        if batch is not None:
            batch.claim_count += 1
            batch.fees_total += _fees(records)
            batch.expenses_total += plan.expense
            batch.scale_rows.append(f"{plan.id},{person.pk},{_fees(records)},{plan.expense}")
    return plans, locks, {person.pk: methods[person.pk] for person in claimants}


def _fees(records) -> Decimal:
    return sum(((HOURLY * record.hours).quantize(Decimal("0.01")) for record in records), Decimal("0.00"))


def write_claims(world: TrustWorld, plans: list[ClaimPlan], methods: dict) -> None:
    trust, rng, add = world.organisation, world.rng, world.inserter.add
    for person_id, method in methods.items():
        add(
            PaymentPreference(
                organisation=trust,
                person_id=person_id,
                method=method,
                chosen_on=world.days_ago(rng.randint(100, 1_000)),
            )
        )
    batches = sorted({plan.batch for plan in plans if plan.batch is not None}, key=lambda batch: batch.number)
    for batch in batches:
        _files(batch)
    PaymentBatch.objects.bulk_create(batches)
    if batches:
        # The settings row numbers the trust's batches: the next one made on a page follows the last built here.
        PaymentSettings.objects.filter(pk=settings_for(trust.pk).pk).update(next_batch_number=batches[-1].number + 1)
    for plan in plans:
        _claim(world, plan)
    world.inserter.flush()


def _empty_batches(world: TrustWorld) -> dict[str, list[PaymentBatch]]:
    rng = world.rng
    batches: dict[str, list[PaymentBatch]] = {"payroll": [], "accounts_payable": [], "vouchers": []}
    routes = ["payroll"] * 6 + ["accounts_payable"] * 3 + ["vouchers"]
    after = PaymentBatch.objects.filter(organisation=world.organisation).aggregate(last=Max("number"))["last"] or 0
    for number in range(after + 1, after + world.sizes.batches + 1):
        route = routes[number % len(routes)]
        # Spread over about two years, newest last; all but the last few weeks' batches are paid.
        days_old = (after + world.sizes.batches - number) * 700 // world.sizes.batches + 1
        batch = PaymentBatch(
            id=new_id(rng),
            organisation=world.organisation,
            number=number,
            route=route,
            created_by=rng.choice(world.approvers),
            claim_count=0,
            fees_total=Decimal("0.00"),
            expenses_total=Decimal("0.00"),
            paid_on=world.days_ago(days_old - 1) if days_old > 20 else None,
            paid_by=rng.choice(world.approvers) if days_old > 20 else None,
        )
        batch.scale_rows = []
        batches[route].append(batch)
    return batches


def _files(batch: PaymentBatch) -> None:
    """The exported files a batch keeps (a plain CSV of its claims in each format's place)."""
    content = ("claim,person,fees,expenses\n" + "\n".join(batch.scale_rows) + "\n").encode()
    digest = hashlib.sha256(content).hexdigest()
    for name in ("csv", "xlsx", "summary_csv", "lines_csv"):
        setattr(batch, f"{name}_content", content)
        setattr(batch, f"{name}_sha256", digest)


def _claim(world: TrustWorld, plan: ClaimPlan) -> None:
    trust, add = world.organisation, world.inserter.add
    state, batch, reached = plan.state, plan.batch, PATHS[plan.state]
    live = state in HOLDING
    fees = _fees(plan.records)
    claim = add(
        Claim(
            id=plan.id,
            organisation=trust,
            person=plan.person,
            status=state,
            method=plan.method,
            created_by=plan.submitter,
            submitted_by=plan.submitter if ClaimStatus.SUBMITTED in reached else None,
            submitted_at=world.moment(5) if ClaimStatus.SUBMITTED in reached else None,
            approved_by=plan.approver if ClaimStatus.APPROVED in reached else None,
            approved_at=world.moment(4) if ClaimStatus.APPROVED in reached else None,
            rejected_at=world.moment(4) if state == ClaimStatus.REJECTED else None,
            exported_at=world.moment(3) if batch else None,
            paid_on=batch.paid_on if state == ClaimStatus.PAID else None,
            voided_at=world.moment(2) if state == ClaimStatus.VOID else None,
            reason="Bulk-loaded scale data" if state in {ClaimStatus.REJECTED, ClaimStatus.VOID} else "",
            batch=batch,
            fees_total=fees,
            expenses_total=plan.expense,
            first_activity_on=min(record.date for record in plan.records),
        )
    )
    for record in plan.records:
        amount = (HOURLY * record.hours).quantize(Decimal("0.01"))
        add(
            ClaimLine(
                organisation=trust,
                claim=claim,
                kind="fee",
                date=record.date,
                description=f"{record.kind.name}, {record.hours} hours",
                record_id=record.id,
                activity_code=record.kind.payment_activity_code,
                hours=record.hours,
                offered_amount=amount,
                amount=amount,
                live=live,
            )
        )
    if plan.expense:
        add(
            ClaimLine(
                organisation=trust,
                claim=claim,
                kind="expense",
                date=plan.records[0].date,
                description="Bus fare",
                offered_amount=plan.expense,
                amount=plan.expense,
                category="travel",
                live=live,
            )
        )
    previous = ""
    for step in reached:
        actor = (
            plan.approver if step in {ClaimStatus.APPROVED, ClaimStatus.REJECTED, ClaimStatus.PAID} else plan.submitter
        )
        add(ClaimStatusChange(organisation=trust, claim=claim, from_status=previous, to_status=step, changed_by=actor))
        previous = step
    if ClaimStatus.APPROVED in reached:
        add(LedgerEntry(organisation=trust, claim=claim, entry_type="accrued", fees=fees, expenses=plan.expense))
    if state == ClaimStatus.PAID:
        add(
            LedgerEntry(
                organisation=trust, claim=claim, batch=batch, entry_type="paid", fees=fees, expenses=plan.expense
            )
        )
