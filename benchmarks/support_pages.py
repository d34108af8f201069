"""Benchmark the experience run charts (/support/experience/) and the check-in list (/support/check-ins/) for a
trust of --people participants with 36 months of survey answers (issue 21: each under 150 ms server time).

Builds a fresh database (migrate, one trust with three directorates, a trust-wide participation lead, the people,
their monthly answers and this month's involvement records), then times both pages through Django's test client
and prints the median and p95 server time and the number of SQL queries. Not a test: run it by hand and copy the
figures into docs/benchmarks.md.

    python benchmarks/support_pages.py [--people 5000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_SQLITE = REPO / "var" / "bench" / "support.sqlite3"
SEED = 21_2026
MONTHS = 36


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="time the database the last run built")
    return parser.parse_args()


def build(people_count: int):
    from django.core.management import call_command
    from django.utils import timezone

    from withus.accounts.models import Role
    from withus.accounts.tests.factories import UserFactory
    from withus.core.dates import add_months, month_start
    from withus.involvement.models import InvolvementKind, InvolvementRecord, InvolvementSource
    from withus.involvement.services import kinds_ensure_defaults
    from withus.organisations.models import UnitKind
    from withus.organisations.tests.factories import OrganisationFactory, UnitFactory
    from withus.people.models import MembershipStatus, Person, PersonKind, PersonUnit
    from withus.support.models import DifficultKind, ExperienceAnswer
    from withus.support.services import experience_summary_rebuild

    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    trust = OrganisationFactory(name="Benchmark trust")
    directorates = [
        UnitFactory(organisation=trust, name=name, code=code, kind=UnitKind.DIRECTORATE)
        for name, code in (("North", "N"), ("South", "S"), ("Specialist", "SP"))
    ]
    lead = UserFactory(organisation=trust, email="lead@bench.local", roles=[(Role.PARTICIPATION_LEAD, None)])
    kinds_ensure_defaults(organisation=trust)
    kinds = list(InvolvementKind.objects.filter(organisation=trust))
    DifficultKind.objects.create(organisation=trust, kind=kinds[1])
    people = Person.objects.bulk_create(
        [
            Person(
                organisation=trust,
                kind=PersonKind.SERVICE_USER,
                full_name=f"Person {number:05d}",
                status=MembershipStatus.ACTIVE,
            )
            for number in range(people_count)
        ],
        batch_size=1000,
    )
    homes = {person.pk: rng.choice(directorates) for person in people}
    PersonUnit.objects.bulk_create([PersonUnit(person=p, unit=homes[p.pk]) for p in people], batch_size=2000)
    this_month = month_start(timezone.localdate())
    answers = []
    for person in people:
        kind = rng.choice(kinds)
        for back in range(MONTHS, 0, -1):
            answers.append(
                ExperienceAnswer(
                    organisation=trust,
                    person=person,
                    month=add_months(this_month, -back),
                    directorate=homes[person.pk],
                    kind=kind,
                    voice=rng.randint(1, 5),
                    contribute=rng.randint(2, 5),
                    agenda=rng.randint(2, 5),
                    change=rng.randint(2, 5),
                )
            )
    ExperienceAnswer.objects.bulk_create(answers, batch_size=5000)
    # The monthly totals the survey service keeps with each answer (ADR 38), counted once for the bulk load.
    experience_summary_rebuild(organisation_id=trust.pk)
    today = timezone.localdate()
    records = [
        InvolvementRecord(
            organisation=trust,
            person=person,
            date=today - datetime.timedelta(days=rng.randint(0, 12)),
            kind=rng.choice(kinds),
            hours=Decimal(rng.choice(["2", "6", "8"])),
            source_type=InvolvementSource.OTHER,
            source_label="Benchmark",
            source_key=f"bench:{person.pk}:{number}",
        )
        for person in people[: people_count // 2]
        for number in range(3)
    ]
    InvolvementRecord.objects.bulk_create(records, batch_size=5000)  # benchmark set-up only
    return lead, len(answers)


def main() -> None:
    args = parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.config.settings.local"
    from benchmarks.bench_database import fresh_database

    if args.reuse:
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_SQLITE}"
    else:
        fresh_database(DEFAULT_SQLITE, sqlite_only=True)
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if args.reuse:
        from withus.accounts.models import User
        from withus.support.models import ExperienceAnswer

        lead, answers = User.objects.get(email="lead@bench.local"), ExperienceAnswer.objects.count()
    else:
        lead, answers = build(args.people)
    client = Client()
    client.force_login(lead)
    print(f"{args.people:,} people, {answers:,} survey answers over {MONTHS} months")
    print("load average before: " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    for url in (
        "/support/experience/",
        "/support/experience/?by=kind",
        "/support/check-ins/",
        "/support/check-ins/?page=20",
    ):
        client.get(url)
        timings, cpu = [], []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, response.status_code
        timings.sort()
        p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
        print(
            f"{url}: median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
            f"CPU median {statistics.median(cpu):.0f} ms, {len(queries)} queries"
        )
    print("load average after: " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))


if __name__ == "__main__":
    main()
