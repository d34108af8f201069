"""Benchmark the stories list (/stories/) with 20,000 stories and the response-time page over 3 years.

Builds a fresh database (migrate, the demo trust from ``build_world``, then bulk-loaded published stories with a
consent each and a first response for most), signs in as the demo lead and staff member, and times the pages
through Django's test client. Prints median and p95 server time, the median CPU time of a request
(``time.process_time``, SQLite's work included: a better guide than wall-clock time on a shared machine) and the
queries each request runs. Not a test: run it by hand and copy the figures into docs/benchmarks.md.

    python benchmarks/stories_pages.py [--stories 20000] [--repeat 20]

The database comes from DATABASE_URL (its name must contain "bench"); without it, a fresh SQLite file under
var/bench/.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "bench" / "stories.sqlite3"
SEED = 19_2026
BATCH = 2_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    return parser.parse_args()


def setup() -> None:
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_database import fresh_database

    fresh_database(DEFAULT_SQLITE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.config.settings.local"
    os.environ.setdefault("WITHUS_DEMO", "1")
    import django

    django.setup()


def load_stories(count: int) -> None:
    from django.utils import timezone

    from withus.accounts.models import User
    from withus.organisations.models import Organisation, Unit, UnitKind
    from withus.people.models import Person, PersonKind
    from withus.voice.models.stories import ChangeClaim, Story, StoryConsent, StoryStatus, StoryTheme, StoryUseKind

    rng = random.Random(SEED)
    trust = Organisation.objects.get(name__startswith="Riverside and Marsh")
    units = list(Unit.objects.for_organisation(trust.pk).filter(kind__in=[UnitKind.WARD, UnitKind.TEAM]))
    tellers = list(Person.objects.filter(organisation=trust, kind=PersonKind.SERVICE_USER))
    lead = User.objects.get(email="lead@demo.withus.local")
    now = timezone.now()
    started = time.perf_counter()
    for first in range(0, count, BATCH):
        stories, consents = [], []
        for _ in range(min(BATCH, count - first)):
            published_at = now - datetime.timedelta(days=rng.uniform(1, 3 * 365))
            responded = rng.random() < 0.8
            story = Story(
                organisation=trust,
                teller=rng.choice(tellers),
                unit=rng.choice(units),
                recorded_by=lead,
                title="A story told for the benchmark",
                what_happened="What happened, in the teller's words. " * 5,
                theme=rng.choice(StoryTheme.values),
                status=StoryStatus.PUBLISHED,
                submitted_at=published_at - datetime.timedelta(days=5),
                teller_approved_at=published_at - datetime.timedelta(days=1),
                published_at=published_at,
                first_response_at=published_at + datetime.timedelta(days=rng.uniform(0.5, 20)) if responded else None,
                internal_consent_until=published_at.date() + datetime.timedelta(days=723),
                change_claim=rng.choice([ChangeClaim.NONE, ChangeClaim.PLANNED, ChangeClaim.MADE])
                if responded
                else ChangeClaim.NONE,
            )
            story.set_response_figures()
            stories.append(story)
            granted = published_at.date() - datetime.timedelta(days=7)
            consents.append(
                StoryConsent(
                    organisation=trust,
                    story=story,
                    use=StoryUseKind.INTERNAL_LEARNING,
                    granted_on=granted,
                    expires_on=granted + datetime.timedelta(days=730),
                    information_sheet_version="1.0",
                    recorded_by=lead,
                )
            )
        Story.objects.bulk_create(stories)
        StoryConsent.objects.bulk_create(consents)
    print(f"Loaded {count:,} stories in {time.perf_counter() - started:.1f} s.")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(client, url: str, *, warmup: int, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    for _ in range(warmup):
        client.get(url)
    timings, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "cpu": statistics.median(cpu),
        "queries": queries,
    }


def main() -> None:
    arguments = parse_args()
    load_at_start = os.getloadavg()
    setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from withus.accounts.models import User
    from withus.demo.world import build_world

    call_command("migrate", verbosity=0)
    build_world(with_sign_ins=True)
    load_stories(arguments.stories)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; database {connection.vendor}")
    print("Load average before the run: " + ", ".join(f"{load:.2f}" for load in load_at_start))
    print(f"| {'page':<40} | {'role':<5} | {'median ms':>9} | {'p95 ms':>7} | {'CPU ms':>6} | {'queries':>7} |")
    for email, role, urls in (
        (
            "staff@demo.withus.local",
            "staff",
            ["/stories/", "/stories/?page=200", "/stories/?theme=safety&response=made"],
        ),
        ("lead@demo.withus.local", "lead", ["/stories/", "/stories/response-times/"]),
    ):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(email=email))
        for url in urls:
            figures = measure(client, url, warmup=arguments.warmup, repeat=arguments.repeat)
            print(
                f"| {url:<40} | {role:<5} | {figures['median']:>9.1f} | {figures['p95']:>7.1f} "
                f"| {figures['cpu']:>6.1f} | {figures['queries']:>7} |"
            )


if __name__ == "__main__":
    main()
