"""Benchmark "Suggest fairly" with 5,000 interested people.

Builds a fresh database (migrate, then a trust, a unit and the standard kinds of involvement), bulk-loads
``--people`` people who have all said they are interested in one opportunity, each with a history of
involvement records (``--records`` each on average, over the last two years) and earlier selections for the
same kind. Then times, over ``--repeat`` runs after a warm-up: the facts query (``candidates``), the
suggestion itself (``suggest_fairly``), and both together, and prints median and p95 with the SQL queries.
Also times the whole selection page with ``?suggest=1`` through Django's test client. Not a test: copy the
figures into docs/benchmarks.md.

    python benchmarks/suggest_fairly.py [--people 5000] [--records 10] [--repeat 20]

The database comes from DATABASE_URL; without it, a fresh SQLite file under var/bench/. A PostgreSQL
database is dropped and created again each run, so its name must contain "bench":

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/withus_opps_bench python benchmarks/suggest_fairly.py
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "bench" / "suggest_fairly.sqlite3"
SEED = 20_261_126
BATCH = 2_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5_000, help="interested people (default 5,000)")
    parser.add_argument("--records", type=int, default=10, help="involvement records per person (default 10)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs (default 20)")
    return parser.parse_args()


def prepare_database() -> str:
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_database import fresh_database

    return fresh_database(DEFAULT_SQLITE)


def setup_django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.config.settings.local"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def load(people: int, records_each: int):
    """One trust, one opportunity with `people` interested, and their history. Returns (opportunity, lead)."""
    from django.db import transaction
    from django.utils import timezone

    from withus.accounts.models import Role, RoleAssignment, User
    from withus.involvement.models import InvolvementRecord, InvolvementSource
    from withus.involvement.services import kinds_ensure_defaults
    from withus.opportunities.models import ExpressionOfInterest, Opportunity, ResponseStatus, Session
    from withus.organisations.models import UnitKind
    from withus.organisations.services import organisation_create, unit_create
    from withus.people.models import Person, PersonKind

    rng = random.Random(SEED)
    today = timezone.localdate()
    with transaction.atomic():
        trust = organisation_create(name="Benchmark NHS Trust", short_name="Benchmark")
        ward = unit_create(organisation=trust, name="Willow Ward", code="WILLOW", kind=UnitKind.WARD, parent=None)
        kinds = kinds_ensure_defaults(organisation=trust)
        panel = next(kind for kind in kinds if kind.code == "interview-panel")
        lead = User.objects.create_user("lead@bench.local", full_name="Lead", organisation=trust)
        RoleAssignment.objects.create(organisation=trust, user=lead, role=Role.PARTICIPATION_LEAD)

        def opportunity(title: str, closes: datetime.date) -> Opportunity:
            made = Opportunity.objects.create(
                organisation=trust,
                kind=panel,
                unit=ward,
                title=title,
                description="Sit on an interview panel.",
                place="Willow Ward",
                places=4,
                closes_on=closes,
            )
            start = timezone.now() + datetime.timedelta(days=7)
            Session.objects.create(
                organisation=trust, opportunity=made, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
            )
            return made

        target = opportunity("Interview panel: ward manager", today + datetime.timedelta(days=3))
        earlier = [
            opportunity(f"Earlier panel {number}", today - datetime.timedelta(days=30 * number))
            for number in range(1, 6)
        ]
        persons = [
            Person(
                id=uuid.UUID(int=rng.getrandbits(128)),
                organisation=trust,
                kind=rng.choice([PersonKind.SERVICE_USER, PersonKind.CARER]),
                full_name=f"Person {number:05d}",
                email=f"person{number}@example.org",
            )
            for number in range(people)
        ]
        Person.objects.bulk_create(persons, batch_size=BATCH)
        ExpressionOfInterest.objects.bulk_create(
            [ExpressionOfInterest(organisation=trust, opportunity=target, person=person) for person in persons],
            batch_size=BATCH,
        )
        # Earlier panels: 4 places each, filled from a fifth of the people.
        for panel_opportunity in earlier:
            chosen = rng.sample(persons, 4)
            ExpressionOfInterest.objects.bulk_create(
                [
                    ExpressionOfInterest(
                        organisation=trust,
                        opportunity=panel_opportunity,
                        person=person,
                        status=ResponseStatus.CONFIRMED,
                        place_number=place,
                    )
                    for place, person in enumerate(chosen, start=1)
                ]
            )
        records = []
        first_timers = set(rng.sample(range(people), people // 5))
        for number, person in enumerate(persons):
            if number in first_timers:
                continue
            for _ in range(rng.randint(0, 2 * records_each)):
                training = rng.random() < 0.1
                records.append(
                    InvolvementRecord(
                        organisation=trust,
                        person=person,
                        date=today - datetime.timedelta(days=rng.randint(0, 730)),
                        kind=rng.choice(kinds),
                        unit=ward,
                        hours=Decimal(rng.choice(["1", "1.5", "2", "3"])),
                        source_type=InvolvementSource.TRAINING if training else InvolvementSource.OPPORTUNITY,
                        source_label="Introduction to QI" if training else "Something",
                    )
                )
        InvolvementRecord.objects.bulk_create(records, batch_size=BATCH)
    return target, lead, len(records)


def timed(function, repeat: int) -> tuple[list[float], int]:
    from django.db import connection, reset_queries

    function()  # warm-up
    times = []
    queries = 0
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
        queries = len(connection.queries)
    return times, queries


def report(label: str, times: list[float], queries: int) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(f"{label:<44} median {statistics.median(ordered):8.1f} ms   p95 {p95:8.1f} ms   {queries} queries")


def main() -> None:
    args = parse_args()
    url = prepare_database()
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    opportunity, lead, record_count = load(args.people, args.records)
    print(f"Database: {connection.vendor} ({url.split('@')[-1]})")
    print(
        f"Loaded {args.people:,} interested people and {record_count:,} involvement records "
        f"in {time.perf_counter() - started:.1f} s"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")

    from withus.opportunities.selection import candidates, suggest_fairly

    settings.DEBUG = True  # so connection.queries is kept
    times, queries = timed(lambda: candidates(opportunity), args.repeat)
    report("facts for every interested person", times, queries)
    rows = candidates(opportunity)
    times, queries = timed(lambda: suggest_fairly(opportunity, rows), args.repeat)
    report("suggest_fairly (ranking only)", times, queries)
    times, queries = timed(lambda: suggest_fairly(opportunity, candidates(opportunity)), args.repeat)
    report("Suggest fairly (facts + ranking)", times, queries)
    chosen = [row.full_name for row in suggest_fairly(opportunity, rows)]
    print(f"Suggested: {', '.join(chosen)}")

    client = Client()
    client.force_login(lead)
    url_path = f"/opportunities/{opportunity.pk}/selection/?suggest=1"
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        assert client.get(url_path).status_code == 200
        times, queries = timed(lambda: client.get(url_path), max(3, args.repeat // 4))
    report("selection page with ?suggest=1 (5,000 rows)", times, queries)


if __name__ == "__main__":
    main()
