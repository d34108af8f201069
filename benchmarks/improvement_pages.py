"""Benchmark the QI project pages: a measure with 1,000 weekly points, and a unit summary of 200 measures.

Builds a fresh database (migrate, the demo trust from ``build_world``), adds one project on Willow Ward with a
measure of 1,000 weekly points (with PDSA cycles, notes and a recalculation on it), and enough projects under
one directorate to make 200 measures of 60 points each. Signs in as the demo improvement advisor and times the
pages through Django's test client (server time: middleware, queries, SPC, Vega-Lite spec and template), with
the SQL queries each request runs. Not a test: run it by hand and copy the figures into docs/benchmarks.md.

    python benchmarks/improvement_pages.py [--repeat 20]

The database comes from DATABASE_URL (its name must contain "bench"); without it, var/bench/improvement.sqlite3.
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "bench" / "improvement.sqlite3"
SEED = 20_261_126
QI_EMAIL = "qi@demo.withus.local"
TARGETS = {"measure": 0.300, "unit summary": 1.0}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per URL (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per URL first (default 2)")
    parser.add_argument("--points", type=int, default=1_000, help="weekly points on the long measure")
    parser.add_argument("--measures", type=int, default=200, help="measures in the unit summary")
    return parser.parse_args()


def prepare_database() -> str:
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_database import fresh_database

    return fresh_database(DEFAULT_SQLITE, sqlite_only=True)


def setup_django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ["DJANGO_SETTINGS_MODULE"] = "withus.config.settings.local"
    os.environ["WITHUS_DEMO"] = "1"
    import django

    django.setup()


def build(points: int, measures: int) -> dict:
    from django.core.management import call_command
    from django.db import transaction

    from withus.demo.world import build_world
    from withus.improvement.models import (
        Annotation,
        DataPoint,
        DriverNode,
        Measure,
        NodeKind,
        PdsaCycle,
        Project,
        ProjectUnit,
        Recalculation,
    )
    from withus.improvement.services.measures import measure_refresh_summary
    from withus.organisations.models import Unit

    call_command("migrate", verbosity=0)
    trust = build_world(with_sign_ins=True)["organisation"]
    units = {unit.code: unit for unit in Unit.objects.for_organisation(trust.pk)}
    rng = random.Random(SEED)
    monday = datetime.date(2007, 1, 1)

    def new_project(title: str, unit) -> Project:
        project = Project.objects.create(
            organisation=trust, title=title, problem="A problem.", aim="An aim.", start_date=monday
        )
        ProjectUnit.objects.create(project=project, unit=unit)
        return project

    def add_points(measure: Measure, count: int, start: datetime.date) -> None:
        DataPoint.objects.bulk_create(
            [
                DataPoint(
                    organisation=trust,
                    measure=measure,
                    period=start + datetime.timedelta(weeks=index),
                    value=max(0, round(rng.gauss(6 if index < count * 0.6 else 2, 1.5))),
                )
                for index in range(count)
            ],
            batch_size=2_000,
        )

    with transaction.atomic():
        long_project = new_project("Benchmark: a long measure", units["WILLOW"])
        primary = DriverNode.objects.create(
            organisation=trust, project=long_project, kind=NodeKind.PRIMARY, name="Driver"
        )
        ideas = [
            DriverNode.objects.create(
                organisation=trust, project=long_project, kind=NodeKind.CHANGE_IDEA, name=f"Idea {n}", parent=primary
            )
            for n in range(4)
        ]
        long_measure = Measure.objects.create(
            organisation=trust,
            project=long_project,
            name="Incidents each week (1,000 weeks)",
            kind="outcome",
            definition="Counted weekly.",
            frequency="weekly",
            chart="c",
            direction="down",
            target=3,
        )
        long_measure.change_ideas.set(ideas)
        add_points(long_measure, points, monday)
        for index, idea in enumerate(ideas * 2):
            PdsaCycle.objects.create(
                organisation=trust,
                project=long_project,
                change_idea=idea,
                title=f"Test {index}",
                question="Q",
                prediction="P",
                starts_on=monday + datetime.timedelta(weeks=int(points * 0.55) + index * 3),
            )
        for index in range(5):
            Annotation.objects.create(
                organisation=trust, measure=long_measure, on=monday + datetime.timedelta(weeks=100 * index), text="Note"
            )
        Recalculation.objects.create(
            organisation=trust,
            measure=long_measure,
            period=monday + datetime.timedelta(weeks=int(points * 0.6)),
            reason="Changes in place",
        )
        measure_refresh_summary(measure=long_measure)

        directorate = units["SPEC"]
        teams = [unit for unit in units.values() if unit.path.startswith(directorate.path) and unit.depth == 2]
        summary_measures = []
        for number in range(measures // 5):
            project = new_project(f"Benchmark project {number}", teams[number % len(teams)])
            for position in range(5):
                measure = Measure.objects.create(
                    organisation=trust,
                    project=project,
                    name=f"Measure {number}.{position}",
                    kind="process",
                    definition="Counted weekly.",
                    frequency="weekly",
                    chart="xmr",
                    direction="up",
                    target=5,
                    position=position,
                )
                add_points(measure, 60, monday)
                summary_measures.append(measure)
        for measure in summary_measures:
            measure_refresh_summary(measure=measure)
    return {"long_project": long_project, "long_measure": long_measure, "directorate": directorate}


def time_urls(urls: dict[str, str], repeat: int, warmup: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from withus.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=QI_EMAIL))
    results = []
    for name, url in urls.items():
        for _ in range(warmup):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        times.sort()
        results.append(
            {
                "name": name,
                "median": statistics.median(times),
                "p95": times[max(0, round(0.95 * len(times)) - 1)],
                "queries": len(queries),
                "bytes": len(response.content),
            }
        )
    return results


def main() -> None:
    args = parse_args()
    database = prepare_database()
    setup_django()
    from django.urls import reverse

    started = time.perf_counter()
    built = build(args.points, args.measures)
    built_in = time.perf_counter() - started
    project, measure = built["long_project"], built["long_measure"]
    ids = [project.pk, measure.pk]
    urls = {
        "measure": reverse("improvement:measure", args=ids),
        "data.csv": reverse("improvement:measure_csv", args=ids),
        "chart.svg": reverse("improvement:measure_svg", args=ids),
        "project": reverse("improvement:detail", args=[project.pk]),
        "unit summary": reverse("improvement:unit_summary", args=[built["directorate"].pk]),
        "portfolio": reverse("improvement:portfolio"),
        "Big I headline": reverse("improvement:involvement"),
    }
    results = time_urls(urls, args.repeat, args.warmup)
    print(f"Database: {database} (built in {built_in:.1f} s)")
    print(f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"{args.points:,} weekly points on the long measure; {args.measures} measures × 60 points in the summary")
    print(f"{'Page':<16} {'median':>9} {'p95':>9} {'queries':>8} {'KB':>7}  target")
    for row in results:
        target = TARGETS.get(row["name"])
        verdict = "" if target is None else f"< {target * 1000:.0f} ms: {'met' if row['p95'] < target else 'MISSED'}"
        print(
            f"{row['name']:<16} {row['median'] * 1000:8.1f}ms {row['p95'] * 1000:8.1f}ms "
            f"{row['queries']:>8} {row['bytes'] / 1024:7.0f}  {verdict}"
        )


if __name__ == "__main__":
    main()
