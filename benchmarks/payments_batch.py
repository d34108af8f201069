"""Benchmark payments at a busy trust's month: N approved claims exported as one batch, and the finance pages.

Builds a fresh database (migrate), one trust with N people, each with an approved claim made through the real
services, then times `batch_create` (CSV + XLSX made, hashed and stored, N claims moved, in one transaction)
and, through Django's test client as the finance approver, the claims list, the batch page, a CSV download and
the lateness page, with the SQL queries each request runs. Not a test: run it by hand and copy the figures into
docs/benchmarks.md.

    python benchmarks/payments_batch.py [--claims 1000] [--repeat 20]

The database comes from DATABASE_URL (its name must contain "bench"); without it, var/bench/payments.sqlite3.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "bench" / "payments.sqlite3"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000, help="approved claims in the batch (default 1,000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (default 20)")
    return parser.parse_args()


def prepare_database() -> str:
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_database import fresh_database

    return fresh_database(DEFAULT_SQLITE)


def build(claims: int):
    from django.core.management import call_command

    from withus.accounts.models import Role, RoleAssignment, User
    from withus.involvement.models import InvolvementKind, InvolvementRecord, InvolvementSource
    from withus.organisations.models import Organisation
    from withus.payments.models.preferences import PaymentMethod, PaymentPreference
    from withus.payments.models.rates import Rate, RateUnit
    from withus.payments.services.approvals import claim_approve
    from withus.payments.services.claims import claim_create, claim_submit
    from withus.people.models import Person, PersonKind

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Bench Trust", short_name="Bench", ods_code="RBN")
    finance = User.objects.create_user("finance@bench.local", full_name="Finance", organisation=organisation)
    RoleAssignment.objects.create(organisation=organisation, user=finance, role=Role.FINANCE_APPROVER)
    kind = InvolvementKind.objects.create(
        organisation=organisation, code="panel", name="Panel", payment_activity_code="P"
    )
    Rate.objects.create(
        organisation=organisation,
        activity_code="P",
        name="Panel",
        unit=RateUnit.PER_HOUR,
        amount=Decimal("13.85"),
        effective_from=datetime.date(2020, 1, 1),
    )
    today = datetime.date.today()  # noqa: DTZ011 - a benchmark, local date is fine
    for number in range(claims):
        user = User.objects.create_user(
            f"p{number}@bench.local", full_name=f"Person {number}", organisation=organisation
        )
        RoleAssignment.objects.create(organisation=organisation, user=user, role=Role.PARTICIPANT)
        person = Person.objects.create(
            organisation=organisation, user=user, kind=PersonKind.SERVICE_USER, full_name=f"=Person {number}"
        )
        record = InvolvementRecord.objects.create(
            organisation=organisation,
            person=person,
            date=today - datetime.timedelta(days=1 + number % 90),
            kind=kind,
            hours=Decimal(2),
            source_type=InvolvementSource.OTHER,
            source_label="Panel",
        )
        # A way to pay is needed before approval (issue 16): payroll, so they all go in one payroll batch.
        PaymentPreference.objects.create(
            organisation=organisation,
            person=person,
            method=PaymentMethod.PAYROLL,
            payroll_number=f"P{number:06d}",
            chosen_on=today,
        )
        claim = claim_create(person=person, record_ids=[record.pk], actor=user)
        claim_submit(claim=claim, actor=user)
        claim_approve(claim=claim, actor=finance)
    return organisation, finance


def timed(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries)


def main() -> None:
    args = parse_args()
    url = prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "withus.config.settings.test")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from withus.payments.services.batches import batch_create
    from withus.payments.services.ledger import ledger_problems

    start = time.perf_counter()
    organisation, finance = build(args.claims)
    print(f"Built {args.claims:,} approved claims in {time.perf_counter() - start:.1f} s on {url.split(':')[0]}")
    start = time.perf_counter()
    batch = batch_create(organisation=organisation, route="payroll", actor=finance)
    made = time.perf_counter() - start
    print(
        f"batch_create: {batch.claim_count:,} claims, CSV {len(batch.csv_content):,} bytes, "
        f"XLSX {len(batch.xlsx_content):,} bytes, in {made:.2f} s"
    )
    start = time.perf_counter()
    problems = ledger_problems(organisation.pk)
    print(f"ledger_problems: {len(problems)} problems, in {time.perf_counter() - start:.2f} s")
    client = Client()
    client.force_login(finance)
    print(f"{'Page':<28} {'median':>9} {'p95':>9} {'queries':>8}")
    for name, page in (
        ("claims list", reverse("payments:claims")),
        ("batch page", reverse("payments:batch", args=[batch.pk])),
        ("CSV download", reverse("payments:batch_csv", args=[batch.pk])),
        ("lateness", reverse("payments:lateness")),
    ):
        median, p95, queries = timed(client, page, args.repeat)
        print(f"{name:<28} {median * 1000:>7.1f}ms {p95 * 1000:>7.1f}ms {queries:>8}")
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
