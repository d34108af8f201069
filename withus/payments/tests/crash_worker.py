"""Run by test_crash.py in a separate process: `prepare` approved claims, `export` them (with a pause
patched in half-way so the test can kill the process), or `report` what is in the database, as JSON."""

import datetime
import json
import sys
import time
from decimal import Decimal
from pathlib import Path

import django
from django.utils import timezone


def prepare() -> None:
    from withus.accounts.models import Role, RoleAssignment, User
    from withus.involvement.models import InvolvementKind, InvolvementRecord, InvolvementSource
    from withus.organisations.models import Organisation
    from withus.payments.models.rates import Rate, RateUnit
    from withus.payments.services.approvals import claim_approve
    from withus.payments.services.claims import claim_create, claim_submit
    from withus.payments.tests.conftest import paid_through_payroll
    from withus.people.models import Person, PersonKind

    organisation = Organisation.objects.create(name="Crash Test Trust", short_name="Crash", ods_code="RCT")
    finance = User.objects.create_user("crash-finance@example.org", full_name="Finance", organisation=organisation)
    RoleAssignment.objects.create(organisation=organisation, user=finance, role=Role.FINANCE_APPROVER)
    kind = InvolvementKind.objects.create(
        organisation=organisation, code="panel", name="Panel", payment_activity_code="INV-PANEL"
    )
    Rate.objects.create(
        organisation=organisation,
        activity_code="INV-PANEL",
        name="Panel",
        unit=RateUnit.PER_HOUR,
        amount=Decimal("20.00"),
        effective_from=datetime.date(2020, 1, 1),
    )
    for number in range(4):
        user = User.objects.create_user(
            f"crash-{number}@example.org", full_name=f"Person {number}", organisation=organisation
        )
        RoleAssignment.objects.create(organisation=organisation, user=user, role=Role.PARTICIPANT)
        person = Person.objects.create(
            organisation=organisation, user=user, kind=PersonKind.SERVICE_USER, full_name=f"Person {number}"
        )
        record = InvolvementRecord.objects.create(
            organisation=organisation,
            person=person,
            date=timezone.localdate() - datetime.timedelta(days=3),
            kind=kind,
            hours=Decimal(2),
            source_type=InvolvementSource.OTHER,
            source_label="Panel",
        )
        paid_through_payroll(person, f"P900{number}")
        claim = claim_create(person=person, record_ids=[record.pk], actor=user)
        claim_submit(claim=claim, actor=user)
        claim_approve(claim=claim, actor=finance)


def _pause_after_claims_exported(pause_after: int, marker: Path) -> None:
    """Patch this process only: once `pause_after` claims have been saved into the batch (inside the export's
    transaction), write the marker and wait to be killed. Production code carries no hook for this."""
    from withus.payments.models.claims import Claim

    save = Claim.save
    written = 0

    def save_then_pause(claim, *args, **kwargs):
        nonlocal written
        save(claim, *args, **kwargs)
        if "batch" in (kwargs.get("update_fields") or ()):
            written += 1
            if written == pause_after:
                marker.write_text(str(written), encoding="utf-8")
                time.sleep(120)

    Claim.save = save_then_pause


def export(pause_after: int | None = None, marker: Path | None = None) -> None:
    from withus.accounts.models import User
    from withus.payments.services.batches import batch_create

    if pause_after is not None and marker is not None:
        _pause_after_claims_exported(pause_after, marker)
    finance = User.objects.get(email="crash-finance@example.org")
    batch_create(organisation=finance.organisation, actor=finance)


def report() -> None:
    from withus.organisations.models import Organisation
    from withus.payments.models.batches import PaymentBatch
    from withus.payments.models.claims import Claim, ClaimStatusChange
    from withus.payments.services.ledger import ledger_problems

    organisation = Organisation.objects.get(name="Crash Test Trust")
    print(  # noqa: T201 - the test reads this line
        json.dumps(
            {
                "batches": PaymentBatch.objects.filter(organisation=organisation).count(),
                "statuses": sorted(Claim.objects.filter(organisation=organisation).values_list("status", flat=True)),
                "in_a_batch": Claim.objects.filter(organisation=organisation, batch__isnull=False).count(),
                "exported_history": ClaimStatusChange.objects.filter(
                    organisation=organisation, to_status="exported"
                ).count(),
                "problems": ledger_problems(organisation.pk),
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    command, *arguments = sys.argv[1:]
    if command == "export" and arguments:  # export PAUSE_AFTER MARKER: stop half-way so the test can kill us
        export(int(arguments[0]), Path(arguments[1]))
    else:
        {"prepare": prepare, "export": export, "report": report}[command]()
