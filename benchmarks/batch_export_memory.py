"""Peak memory of exporting one big finance batch (issue 25 item 3: "finance export of a 10,000-claim batch
streamed with flat memory"), measured with tracemalloc.

Builds a fresh database with one trust and N approved claims (two involvement payments and a bus fare each,
written in bulk: the claims are what the services leave after approval, with the ledger's accruals), then measures,
each on its own with tracemalloc, the Python memory at its peak while:

- `batch_create` makes the batch (payments CSV and XLSX, summary, per-line CSV; N claims moved to "exported");
- finance downloads each of the batch's four files through the real views (Django's test client, the response
  read to its end as a browser would).

Not a test: run it by hand for 1,000 and 10,000 claims and copy the figures into docs/benchmarks.md.

    python benchmarks/batch_export_memory.py --claims 10000

The database comes from DATABASE_URL (its name must contain "bench"); without it, var/bench/export_memory.sqlite3.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
import tracemalloc
import uuid
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "bench" / "export_memory.sqlite3"
CHUNK = 2_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000, help="approved claims in the batch (default 1,000)")
    return parser.parse_args()


def build(claims: int):
    from django.core.management import call_command
    from django.utils import timezone

    from withus.accounts.models import Role, RoleAssignment, User
    from withus.involvement.models import InvolvementKind, InvolvementRecord, InvolvementSource
    from withus.organisations.models import Organisation
    from withus.payments.models.batches import EntryType, LedgerEntry
    from withus.payments.models.claims import Claim, ClaimLine, ClaimStatus
    from withus.payments.models.preferences import PaymentMethod, PaymentPreference
    from withus.payments.models.rates import PaymentSettings
    from withus.people.models import Person, PersonKind

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Bench Trust", short_name="Bench", ods_code="RBN")
    finance = User.objects.create_user("finance@bench.local", full_name="Finance", organisation=organisation)
    approver = User.objects.create_user("approver@bench.local", full_name="Approver", organisation=organisation)
    for user in (finance, approver):
        RoleAssignment.objects.create(organisation=organisation, user=user, role=Role.FINANCE_APPROVER)
    PaymentSettings.objects.get_or_create(organisation=organisation)
    kind = InvolvementKind.objects.create(
        organisation=organisation, code="panel", name="Panel", payment_activity_code="P"
    )
    today = datetime.date.today()  # noqa: DTZ011 - a benchmark, local date is fine
    now = timezone.now()
    for start in range(0, claims, CHUNK):
        numbers = range(start, min(start + CHUNK, claims))
        people = Person.objects.bulk_create(
            Person(
                organisation=organisation,
                kind=PersonKind.SERVICE_USER,
                full_name=f"=Person {number}",
                status="active",
            )
            for number in numbers
        )
        PaymentPreference.objects.bulk_create(
            PaymentPreference(
                organisation=organisation,
                person=person,
                method=PaymentMethod.PAYROLL,
                payroll_number=f"P{number:06d}",
                chosen_on=today,
            )
            for number, person in zip(numbers, people, strict=True)
        )
        records, claim_rows, lines, ledger = [], [], [], []
        for number, person in zip(numbers, people, strict=True):
            day = today - datetime.timedelta(days=1 + number % 90)
            claim = Claim(
                id=uuid.uuid4(),
                organisation=organisation,
                person=person,
                status=ClaimStatus.APPROVED,
                method=PaymentMethod.PAYROLL,
                created_by=finance,
                submitted_by=finance,
                submitted_at=now,
                approved_by=approver,
                approved_at=now,
                fees_total=Decimal("55.40"),
                expenses_total=Decimal("4.80"),
                first_activity_on=day - datetime.timedelta(days=1),
            )
            claim_rows.append(claim)
            for offset in (1, 0):
                record = InvolvementRecord(
                    id=uuid.uuid4(),
                    organisation=organisation,
                    person=person,
                    date=day - datetime.timedelta(days=offset),
                    kind=kind,
                    hours=Decimal(2),
                    source_type=InvolvementSource.OTHER,
                    source_label="Panel",
                )
                records.append(record)
                lines.append(
                    ClaimLine(
                        organisation=organisation,
                        claim=claim,
                        kind="fee",
                        date=record.date,
                        description="Panel, 2 hours",
                        record=record,
                        activity_code="P",
                        hours=Decimal(2),
                        offered_amount=Decimal("27.70"),
                        amount=Decimal("27.70"),
                    )
                )
            lines.append(
                ClaimLine(
                    organisation=organisation,
                    claim=claim,
                    kind="expense",
                    date=day,
                    description="Bus to the panel and back",
                    amount=Decimal("4.80"),
                    category="travel",
                )
            )
            ledger.append(
                LedgerEntry(
                    organisation=organisation,
                    claim=claim,
                    entry_type=EntryType.ACCRUED,
                    fees=Decimal("55.40"),
                    expenses=Decimal("4.80"),
                    recorded_by=approver,
                )
            )
        InvolvementRecord.objects.bulk_create(records)
        Claim.objects.bulk_create(claim_rows)
        ClaimLine.objects.bulk_create(lines)
        LedgerEntry.objects.bulk_create(ledger)
    return organisation, finance


def measured(what: str, action):
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{what:<34} peak {peak / 1_048_576:>7.1f} MiB   {seconds:>6.2f} s (traced)")
    return result


def main() -> None:
    args = parse_args()
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_database import fresh_database

    url = fresh_database(DEFAULT_SQLITE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "withus.config.settings.test")
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from withus.payments.services.batches import batch_create

    start = time.perf_counter()
    organisation, finance = build(args.claims)
    print(f"Built {args.claims:,} approved claims in {time.perf_counter() - start:.1f} s on {url.split(':')[0]}")
    batch = measured(
        f"batch_create, {args.claims:,} claims",
        lambda: batch_create(organisation=organisation, route="payroll", actor=finance),
    )
    client = Client()
    client.force_login(finance)
    for name in ("batch_csv", "batch_xlsx", "batch_summary_csv", "batch_lines_csv"):
        url_name = reverse(f"payments:{name}", args=[batch.pk])

        def download(url_name=url_name) -> tuple[int, bool]:
            response = client.get(url_name)
            assert response.status_code == 200, response.status_code
            if response.streaming:
                return sum(len(part) for part in response.streaming_content), True
            return len(response.content), False

        size, streamed = measured(f"download {name.removeprefix('batch_')}", download)
        print(f"{'':<34} {size:,} bytes, {'streamed' if streamed else 'in one piece'}")
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
