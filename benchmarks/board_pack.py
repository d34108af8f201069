"""Benchmark board reporting (issue 22) with a large trust: making a board pack (20 metrics, 6 directorates, the
frozen snapshot with its SPC results and chart SVGs), drawing the pack's HTML page from the snapshot, and the
race-equity page.

Builds a fresh database (migrate, then bulk-loaded data: 6 directorates of 4 wards, `--people` service users and
carers with equality answers, two years of involvement records, QI projects with teams, interview panels and
pathway completions), signs in as a trust-wide lead and times, through Django's test client:

- (a) `make_board_pack` (the command a scheduled job runs) for the last finished quarter: target under 20 s;
- (b) the pack's page, drawn from the snapshot: target under 5 s;
- (c) `/reports/equity/`: target under 300 ms.

The trust has 11 metric definitions with selectors; 9 more are added as copies of them under other codes, so the
pack holds 20 metrics (each counted and drawn separately). Not a test: run it by hand and copy the figures into
docs/benchmarks.md.

    python benchmarks/board_pack.py [--people 5000] [--records 200000] [--repeat 10]
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "bench" / "board_pack.sqlite3"
SEED = 22_2026
BATCH = 2_000
LEAD_EMAIL = "lead@bench.withus.local"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--records", type=int, default=200_000, help="involvement records over two years")
    parser.add_argument("--repeat", type=int, default=10, help="timed requests of the pack and equity pages")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the trust built by an earlier run; make the pack again"
    )
    return parser.parse_args()


def setup(*, reuse: bool) -> None:
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_database import fresh_database

    if reuse:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}")
    else:
        fresh_database(DEFAULT_SQLITE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.config.settings.local"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_trust(people_count: int, record_count: int):
    from django.db import transaction
    from django.utils import timezone

    from withus.accounts.models import Role, RoleAssignment, User
    from withus.governance.models import MemberKind, PanelMember, Vacancy
    from withus.improvement.models import Project, ProjectUnit, TeamMember
    from withus.involvement.models import InvolvementKind, InvolvementRecord, InvolvementSource
    from withus.involvement.services import kinds_ensure_defaults
    from withus.learning.models import Completion, CompletionHow, CourseKind
    from withus.learning.services.courses import courses_ensure_defaults
    from withus.organisations.models import Organisation, Unit, UnitKind
    from withus.people.models import EqualityRecord, MembershipStatus, MembershipStatusChange, Person, PersonKind
    from withus.reports.services import metrics_ensure_defaults, population_load

    rng = random.Random(SEED)
    today = timezone.localdate()
    with transaction.atomic():
        trust = Organisation.objects.create(name="Bench Trust", short_name="Bench", ods_code="RZZ")
        wards = []
        for number in range(6):
            directorate = Unit.objects.create(
                organisation=trust, name=f"Directorate {number + 1}", code=f"D{number}", kind=UnitKind.DIRECTORATE
            )
            for ward in range(4):
                wards.append(
                    Unit.objects.create(
                        organisation=trust, parent=directorate, name=f"Ward {number}-{ward}", code=f"W{number}{ward}",
                        kind=UnitKind.WARD,
                    )
                )  # fmt: skip
        lead = User.objects.create_user(LEAD_EMAIL, "bench-password-1", full_name="Bench Lead", organisation=trust)
        RoleAssignment.objects.create(organisation=trust, user=lead, role=Role.PARTICIPATION_LEAD)
        kinds_ensure_defaults(organisation=trust)
        kinds = list(InvolvementKind.objects.filter(organisation=trust))
        codes = ["A"] * 40 + ["C"] * 8 + ["H", "J", "K", "L", "R"] * 3 + ["M", "N", "P"] * 5 + ["D", "E", "S", "Z"] * 2
        people = [
            Person(
                id=uuid.UUID(int=rng.getrandbits(128), version=4), organisation=trust,
                kind=rng.choice([PersonKind.SERVICE_USER, PersonKind.CARER]), full_name=f"Person {number}",
                status=rng.choice([MembershipStatus.ACTIVE] * 8 + [MembershipStatus.LEFT, MembershipStatus.PAUSED]),
            )
            for number in range(people_count)
        ]  # fmt: skip
        Person.objects.bulk_create(people, batch_size=BATCH)
        EqualityRecord.objects.bulk_create(
            (EqualityRecord(organisation=trust, person=person, ethnic_category=rng.choice(codes)) for person in people),
            batch_size=BATCH,
        )
        MembershipStatusChange.objects.bulk_create(
            (
                MembershipStatusChange(
                    organisation=trust, person=person, from_status="welcome", to_status=person.status
                )
                for person in people
            ),
            batch_size=BATCH,
        )
        records = (
            InvolvementRecord(
                organisation=trust, person=rng.choice(people),
                date=today - datetime.timedelta(days=rng.randint(1, 730)), kind=rng.choice(kinds),
                unit=rng.choice(wards), hours=rng.choice([1, 2, 2, 3, 4]),
                source_type=InvolvementSource.OTHER, source_label="Bench",
            )
            for _ in range(record_count)
        )  # fmt: skip
        InvolvementRecord.objects.bulk_create(records, batch_size=BATCH)
        projects = [
            Project(
                organisation=trust, title=f"Project {number}", problem="p", aim="a", created_by=lead,
                start_date=today - datetime.timedelta(days=rng.randint(30, 900)),
            )
            for number in range(400)
        ]  # fmt: skip
        Project.objects.bulk_create(projects)
        ProjectUnit.objects.bulk_create(ProjectUnit(project=project, unit=rng.choice(wards)) for project in projects)
        TeamMember.objects.bulk_create(
            TeamMember(organisation=trust, project=project, person=rng.choice(people), joined_on=project.start_date)
            for project in projects
            if rng.random() < 0.6
        )
        vacancies = [
            Vacancy(
                organisation=trust, unit=rng.choice(wards), job_title=f"Post {number}", band="5",
                closing_date=today - datetime.timedelta(days=rng.randint(20, 720)), recruiting_manager=lead,
            )
            for number in range(1_500)
        ]  # fmt: skip
        Vacancy.objects.bulk_create(vacancies)
        PanelMember.objects.bulk_create(
            PanelMember(
                organisation=trust, vacancy=vacancy, user=lead, person=rng.choice(people),
                kind=MemberKind.SERVICE_USER, added_by=lead,
            )
            for vacancy in vacancies
            if rng.random() < 0.7
        )  # fmt: skip
        courses = [c for c in courses_ensure_defaults(organisation=trust).values() if c.kind == CourseKind.PATHWAY]
        Completion.objects.bulk_create(
            (
                Completion(
                    organisation=trust, person=rng.choice(people), course=rng.choice(courses),
                    completed_on=today - datetime.timedelta(days=rng.randint(1, 730)), how=CompletionHow.ATTENDED,
                )
                for _ in range(3_000)
            ),
            batch_size=BATCH,
        )  # fmt: skip
        metrics_ensure_defaults(organisation=trust, actor=lead)
        from withus.demo.reports_world import illustrative_csv

        population_load(organisation=trust, text=illustrative_csv(), name="Area", source="bench", actor=lead)
    return trust, lead


def twenty_metrics(trust) -> int:
    """Nine more definitions, each a copy of an existing one under its own code and selector entry."""
    from withus.reports.models import MetricDefinition
    from withus.reports.selectors import SELECTORS

    originals = list(MetricDefinition.objects.filter(organisation=trust).order_by("position"))
    for number, original in enumerate(originals[:9]):
        code = f"{original.code}-copy"
        SELECTORS[code] = SELECTORS[original.code]
        original.pk = None
        original.id = None
        original._state.adding = True  # noqa: SLF001 - a copy of the row under a new key
        original.code = code
        original.name = f"{original.name} (copy {number + 1})"
        original.position = 100 + number
        original.save()
    return MetricDefinition.objects.filter(organisation=trust).count()


def reuse_trust():
    """The trust of an earlier run, its metric copies registered again and its packs removed (raw SQL: snapshots
    and sign-offs are append-only in the ORM)."""
    from django.db import connection

    from withus.accounts.models import User
    from withus.reports.models import MetricDefinition
    from withus.reports.selectors import SELECTORS

    lead = User.objects.get(email=LEAD_EMAIL)
    for code in MetricDefinition.objects.filter(organisation=lead.organisation, code__endswith="-copy").values_list(
        "code", flat=True
    ):
        SELECTORS[code] = SELECTORS[code.removesuffix("-copy")]
    with connection.cursor() as cursor:
        for table in ("reports_signoff", "reports_narrative", "reports_boardpack", "reports_snapshot"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names, a benchmark database
    return lead.organisation, lead


def timed(client, url: str, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU times (this process) of `repeat` requests after one to warm up."""
    client.get(url)  # warm up
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, (url, response.status_code)
    return times, cpu


def main() -> None:
    args = parse_args()
    setup(reuse=args.reuse)
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from withus.reports.forms import finished_quarters
    from withus.reports.models import BoardPack

    started = time.perf_counter()
    if args.reuse:
        trust, lead = reuse_trust()
    else:
        trust, lead = build_trust(args.people, args.records)
        twenty_metrics(trust)
    print(f"Trust ready in {time.perf_counter() - started:.1f} s: 20 metrics, 6 directorates", flush=True)
    start, _end = finished_quarters(timezone.localdate(), count=1)[0]
    print(f"Load average before (a): {', '.join(f'{load:.2f}' for load in os.getloadavg())}", flush=True)
    started, started_cpu = time.perf_counter(), time.process_time()
    call_command("make_board_pack", quarter=start.isoformat(), author=LEAD_EMAIL)
    made, made_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    print(f"(a) make_board_pack: {made:.2f} s, CPU {made_cpu:.2f} s (target < 20 s)", flush=True)
    pack = BoardPack.objects.get(organisation=trust)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(lead)
    page, _page_cpu = timed(client, f"/reports/board/{pack.pk}/", args.repeat)
    equity, equity_cpu = timed(client, "/reports/equity/", args.repeat)
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"    {len(pack.snapshot.figures['metrics'])} metrics in the pack")
    print(
        f"(b) pack page: median {statistics.median(page) * 1000:.0f} ms, max {max(page) * 1000:.0f} ms (target < 5 s)"
    )
    print(
        f"(c) equity page: median {statistics.median(equity) * 1000:.0f} ms, "
        f"max {max(equity) * 1000:.0f} ms, CPU median {statistics.median(equity_cpu) * 1000:.0f} ms (target < 300 ms)"
    )
    print(f"Load average after: {', '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
