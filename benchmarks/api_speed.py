"""Benchmark the API's speed targets (issue 23): GET /api/v1/measures/<id>/ with 1,000 points under 50 ms server
time, and a push of 10,000 points under 2 s (and the same push again).

Builds a fresh SQLite database (migrations, one trust, a token) and times requests through Django's test client
(the whole request: middleware, token check, selector, SPC analysis, JSON), median and worst of --repeat runs, by
the wall clock and by this process's CPU time. Not a test: run it by hand and copy the figures into
docs/benchmarks.md.

    python benchmarks/api_speed.py [--repeat 5]

The database comes from DATABASE_URL (its name must contain "bench"); without it, var/bench/api.sqlite3.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "bench" / "api.sqlite3"


def timed(call, repeat: int) -> tuple[float, float, float, object]:
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), max(walls), statistics.median(cpus), result


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--repeat", type=int, default=5)
    repeat = args.parse_args().repeat
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_database import fresh_database

    fresh_database(DEFAULT_SQLITE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "withus.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    from django.conf import settings

    settings.WITHUS_API_REQUESTS_PER_MINUTE = 10**9
    from withus.accounts.models import Role
    from withus.accounts.tests.factories import UserFactory
    from withus.api.services import token_create
    from withus.improvement.services.measures import measure_refresh_summary
    from withus.improvement.tests.factories import MeasureFactory, ProjectFactory, add_points
    from withus.organisations.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Bench NHS Trust")
    admin = UserFactory(organisation=organisation, roles=[(Role.ADMINISTRATOR, None)])
    project = ProjectFactory(organisation=organisation)
    start = datetime.date(2023, 1, 1)
    read = MeasureFactory(project=project, frequency="daily", chart="xmr", direction="up", target=50)
    add_points(read, [40 + (index * 7919) % 23 for index in range(1000)], start=start, step_days=1)
    measure_refresh_summary(measure=read)
    pushed = MeasureFactory(project=project, frequency="daily", chart="c", direction="down")
    _, secret = token_create(
        organisation=organisation, name="Bench", scopes=["measures:read", "measures:write"], actor=admin
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    client.get(f"/api/v1/measures/{read.pk}/")  # warm up

    median, worst, cpu, response = timed(lambda: client.get(f"/api/v1/measures/{read.pk}/"), repeat)
    assert response.status_code == 200, response.content
    assert len(response.json()["points"]) == 1000
    print(
        f"GET measure, 1,000 points: median {median * 1000:.1f} ms, worst {worst * 1000:.1f} ms, "
        f"CPU {cpu * 1000:.1f} ms"
    )

    today = datetime.date.today()  # noqa: DTZ011 - a date for the data, not a time
    first = today - datetime.timedelta(days=9999)
    body = {
        "points": [{"date": (first + datetime.timedelta(days=n)).isoformat(), "value": n % 9} for n in range(10_000)]
    }
    median, worst, cpu, response = timed(
        lambda: client.put(f"/api/v1/measures/{pushed.pk}/points/", body, content_type="application/json"), 1
    )
    assert response.status_code == 200, response.content
    print(f"PUT 10,000 new points: {median:.2f} s, CPU {cpu:.2f} s ({response.json()['added']} added)")
    median, worst, cpu, response = timed(
        lambda: client.put(f"/api/v1/measures/{pushed.pk}/points/", body, content_type="application/json"), repeat
    )
    print(
        f"PUT the same 10,000 again: median {median:.2f} s, worst {worst:.2f} s, CPU {cpu:.2f} s "
        f"({response.json()['unchanged']} unchanged)"
    )


if __name__ == "__main__":
    main()
