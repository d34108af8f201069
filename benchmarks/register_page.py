"""Benchmark the involvement register page (/people/) with a trust-sized register.

Builds a fresh database (migrate, the demo trust from ``build_world``, then bulk-loaded people up to
``--people``), signs in as the demo participation lead (scoped to one directorate) and the demo
administrator (whole trust), and times register URLs through Django's test client: unfiltered, a
deep page, search, filters and all of them combined. Prints median and p95 server time and the SQL
queries each request runs. Not a test: run it by hand and copy the figures into docs/benchmarks.md.

    python benchmarks/register_page.py [--people 50000] [--repeat 20]

The database comes from DATABASE_URL. Without it, a fresh SQLite file under var/bench/. A PostgreSQL
database is dropped and created again each run (through the server's ``postgres`` database), so its
name must contain "bench":

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/withus_bench python benchmarks/register_page.py
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import random
import re
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "bench" / "register.sqlite3"
SEED = 20_260_101
BATCH = 2_000
LEAD_EMAIL = "lead@demo.withus.local"
ADMIN_EMAIL = "admin@demo.withus.local"
COMMUNICATION_NOTES = [
    "",
    "",
    "Prefers large print letters.",
    "English is a second language; an interpreter helps in meetings.",
    "Finds phone calls hard: text or e-mail please.",
]
SUPPORT_NOTES = ["", "", "Needs a break every hour.", "Brings a support worker.", "Prefers afternoon meetings."]
RESULT_COUNT = re.compile(r'role="status">([\d,]+) (?:person|people)')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50_000, help="people in the register (default 50,000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per URL (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per URL first (default 2)")
    parser.add_argument("--show-sql", action="store_true", help="print each URL's queries with their times")
    return parser.parse_args()


# --- A fresh database --------------------------------------------------------------------------------


def prepare_database() -> str:
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_database import fresh_database

    return fresh_database(DEFAULT_SQLITE)


def setup_django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.config.settings.local"
    import django

    django.setup()


# --- A trust-sized register ---------------------------------------------------------------------------


def load_people(target: int) -> dict:
    """Top the demo trust up to `target` people with bulk inserts; return the trust's reference data."""
    from django.db import transaction

    from withus.demo.world import FIRST_NAMES, PRONOUNS, STATUS_WEIGHTS, SURNAMES, build_world
    from withus.organisations.models import Unit, UnitKind
    from withus.people.models import ContactMethod, Interest, Need, Person, PersonKind, PersonUnit, digits_only

    trust = build_world(with_sign_ins=True)["organisation"]
    units = {unit.code: unit for unit in Unit.objects.for_organisation(trust.pk)}
    # Sorted by code, not by path: paths hold random ids, and the same seed must give the same register.
    wards_and_teams = sorted(
        (unit for unit in units.values() if unit.kind in {UnitKind.WARD, UnitKind.TEAM}), key=lambda unit: unit.code
    )
    interests = list(Interest.objects.filter(organisation=trust).order_by("name"))
    needs = list(Need.objects.filter(organisation=trust).order_by("name"))
    # Some interests and needs are far commoner than others, as in a real register.
    interest_weights = [1 + 4 * (interest.name == "Quality improvement projects") for interest in interests]
    need_weights = [1 + 3 * (need.name in {"Large print", "Step-free access", "Regular breaks"}) for need in needs]
    statuses = [status for status, weight in STATUS_WEIGHTS for _ in range(weight)]
    kinds = [PersonKind.SERVICE_USER] * 6 + [PersonKind.CARER] * 3 + [PersonKind.STAFF]
    methods = [ContactMethod.EMAIL] * 5 + [ContactMethod.PHONE] * 2 + [ContactMethod.TEXT, ContactMethod.LETTER]
    rng = random.Random(SEED)
    now = datetime.datetime.now(datetime.UTC)

    def new_person(number: int) -> tuple[Person, list, list, list]:
        first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        if rng.random() < 0.1:
            surname = f"{surname}-{rng.choice(SURNAMES)}"
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.2 else ""
        status = rng.choice(statuses)
        method = rng.choice(methods)
        phone = f"07700 9{rng.randint(0, 99_999):05d}"
        person = Person(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            organisation=trust,
            kind=rng.choice(kinds),
            full_name=f"{first}{middle} {surname}",
            preferred_name=first if rng.random() < 0.15 else "",
            pronouns=rng.choice(PRONOUNS),
            email=f"{first}.{surname}.{number}@example.org".lower().replace("'", ""),
            phone=phone,
            phone_digits=digits_only(phone),
            preferred_contact=method,
            # Rows as wide as real ones: a search reads every row, so their width counts.
            postal_address=f"{rng.randint(1, 240)} Marsh Lane\nRiverside\nRV{rng.randint(1, 9)} 4AB"
            if method == ContactMethod.LETTER
            else "",
            communication_notes=rng.choice(COMMUNICATION_NOTES),
            support_notes=rng.choice(SUPPORT_NOTES),
            status=status,
            status_changed_at=now - datetime.timedelta(days=rng.randint(0, 900)),
        )
        # New enquiries are not connected with a unit yet (leads see them anyway).
        unit_count = 0 if status == "enquiry" else rng.choice([0, 1, 1, 1, 2])
        return (
            person,
            rng.sample(wards_and_teams, k=unit_count),
            set(rng.choices(interests, weights=interest_weights, k=rng.choice([0, 1, 1, 2, 2, 3]))),
            set(rng.choices(needs, weights=need_weights, k=rng.choice([0, 0, 0, 1, 1, 2]))),
        )

    number = Person.objects.filter(organisation=trust).count()
    started = time.perf_counter()
    while number < target:
        batch = [new_person(number + offset) for offset in range(min(BATCH, target - number))]
        with transaction.atomic():
            Person.objects.bulk_create([person for person, *_ in batch])
            PersonUnit.objects.bulk_create(
                [PersonUnit(person=person, unit=unit) for person, units_of, _, _ in batch for unit in units_of]
            )
            Person.interests.through.objects.bulk_create(
                [
                    Person.interests.through(person=person, interest=interest)
                    for person, _, interests_of, _ in batch
                    for interest in interests_of
                ]
            )
            Person.needs.through.objects.bulk_create(
                [
                    Person.needs.through(person=person, need=need)
                    for person, _, _, needs_of in batch
                    for need in needs_of
                ]
            )
        number += len(batch)
    loaded_in = time.perf_counter() - started
    print(f"Loaded people up to {number:,} in {loaded_in:.1f} s.")
    return {
        "ward": units["WILLOW"],
        "service": units["RMH-ACUTE"],
        "interest": next(interest for interest in interests if interest.name == "Quality improvement projects"),
        "need": next(need for need in needs if need.name == "Large print"),
    }


def refresh_statistics() -> None:
    """After a bulk load, leave the planner's statistics as a database in steady use has them.

    PostgreSQL: autovacuum would vacuum and analyse the new rows within minutes (and index-only scans can then
    skip the heap), so do it now. SQLite: nothing in WithUs runs ANALYZE or `PRAGMA optimize`, so a real SQLite
    database has no statistics; measure it that way (with them, some register plans get slower, not faster).
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# --- Timing the page --------------------------------------------------------------------------------


def register_urls(reference: dict) -> list[tuple[str, str]]:
    ward, service = str(reference["ward"].pk), str(reference["service"].pk)
    interest, need = str(reference["interest"].pk), str(reference["need"].pk)
    cases = [
        ("unfiltered, page 1", {}),
        ("unfiltered, page 500", {"page": 500}),
        ("search 'ahm'", {"q": "ahm"}),
        ("search 'ahm' + status active", {"q": "ahm", "status": "active"}),
        ("unit: Willow Ward", {"unit": ward}),
        ("interest: QI projects", {"interest": interest}),
        ("need: Large print", {"need": need}),
        # A shorter search and a service (two wards) rather than one ward: with every filter
        # at its narrowest the page would be empty, and an empty page measures nothing.
        (
            "all combined",
            {
                "q": "an",
                "status": "active",
                "kind": "service_user",
                "unit": service,
                "interest": interest,
                "need": need,
            },
        ),
    ]
    return [(label, "/people/" + (f"?{urlencode(params)}" if params else "")) for label, params in cases]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(client, url: str, *, warmup: int, repeat: int, show_sql: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Queries are counted on a separate request: capturing them slows the timed ones down.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # A copy now: the next request clears the connection's query log that `captured` reads from.
    queries = list(captured.captured_queries)
    # Checked with `raise`, not `assert`, so that `python -O` cannot skip the checks.
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    html = response.content.decode()
    found = RESULT_COUNT.search(html)
    matches = int(found.group(1).replace(",", "")) if found else 0
    if not matches or 'class="nhsuk-table__body"' not in html:
        raise RuntimeError(f"{url} shows no people")
    if show_sql:
        for query in queries:
            print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")
    for _ in range(warmup):
        client.get(url)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "queries": len(queries),
        "matches": matches,
    }


# --- Report -------------------------------------------------------------------------------------------


def machine_description() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    memory_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    usable_cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"CPU: {usable_cpus} usable of {os.cpu_count()} ({model or platform.processor() or 'unknown model'})",
        f"Memory: {memory_kb / 1024 / 1024:.1f} GiB",
        f"OS: {platform.platform()}; Python {platform.python_version()}",
        # Other work on the machine skews the figures: say how busy it was before this script began.
        "Load average before the run (1, 5, 15 min): " + ", ".join(f"{load:.2f}" for load in LOAD_AT_START),
    ]


def database_description() -> str:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
        else:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    return f"{version}; Django {django.get_version()}"


LOAD_AT_START = os.getloadavg()


def main() -> None:
    arguments = parse_args()
    prepare_database()
    setup_django()

    from django.core.management import call_command
    from django.test import Client

    from withus.accounts.models import User

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"Migrated in {time.perf_counter() - started:.1f} s.")
    reference = load_people(arguments.people)
    refresh_statistics()

    print()
    print(f"Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    for line in machine_description():
        print(line)
    print(f"Database: {database_description()}")
    print(f"People: {arguments.people:,}; {arguments.warmup} warm-up + {arguments.repeat} timed requests per URL")
    urls = register_urls(reference)
    print()
    for label, url in urls:
        print(f"{label}: {url}")
    print()
    print(f"| {'URL':<30} | {'role':<5} | {'matches':>7} | {'median ms':>9} | {'p95 ms':>7} | {'queries':>7} |")
    print(f"|{'-' * 32}|{'-' * 7}|{'-' * 8}:|{'-' * 10}:|{'-' * 8}:|{'-' * 8}:|")
    slowest = 0.0
    for email, role in ((LEAD_EMAIL, "lead"), (ADMIN_EMAIL, "admin")):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(email=email))
        for label, url in urls:
            if arguments.show_sql:
                print(f"  {role}: {label}: {url}")
            figures = measure(
                client, url, warmup=arguments.warmup, repeat=arguments.repeat, show_sql=arguments.show_sql
            )
            slowest = max(slowest, figures["p95"])
            print(
                f"| {label:<30} | {role:<5} | {figures['matches']:>7,} | {figures['median']:>9.1f} "
                f"| {figures['p95']:>7.1f} | {figures['queries']:>7} |"
            )
    print()
    # This run itself keeps one or two cores busy; a much higher figure means other work competed with it.
    print("Load average after the run (1, 5, 15 min): " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    verdict = "within" if slowest < 200 else "OVER"
    print(f"Slowest p95: {slowest:.1f} ms, {verdict} the 200 ms target.")


if __name__ == "__main__":
    main()
