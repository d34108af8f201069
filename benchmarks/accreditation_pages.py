"""Benchmark the accreditation pages: the programme page with 500 units and 2,000 reviews, and a review page with
60 standards rated by 5 assessors (issue 18, "Speed": each under 150 ms server time, a bounded number of queries).

Builds a fresh database (migrate, the demo trust from ``build_world``), adds directorates and wards up to
``--units`` units in the programme with four reviews each (three decided, one in progress) up to ``--reviews``,
and a review at the final panel of an edition of ``--standards`` standards with ``--assessors`` assessors who have
each rated every standard (and the team's self-review). Signs in as the demo administrator (trust-wide) and
times the pages through Django's test client (server time), with the SQL queries each request runs. Not a test:
run it by hand and copy the figures into docs/benchmarks.md.

    python benchmarks/accreditation_pages.py [--repeat 20]

The database comes from DATABASE_URL (its name must contain "bench"); without it, var/bench/accreditation.sqlite3.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE = REPO / "var" / "bench" / "accreditation.sqlite3"
SEED = 20_261_204
ADMIN_EMAIL = "admin@demo.withus.local"
TARGET = 0.150


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per URL (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per URL first (default 2)")
    parser.add_argument("--units", type=int, default=500, help="units in the programme (default 500)")
    parser.add_argument("--reviews", type=int, default=2_000, help="reviews in the programme (default 2,000)")
    parser.add_argument("--standards", type=int, default=60, help="standards on the big review (default 60)")
    parser.add_argument("--assessors", type=int, default=5, help="assessors on the big review (default 5)")
    parser.add_argument("--reuse", action="store_true", help="time the database the last run built (no rebuild)")
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


def _units(trust, wanted: int) -> list:
    """Directorates of twenty wards each until the programme has `wanted` units with reviews."""
    from withus.organisations.models import UnitKind
    from withus.organisations.services import unit_create

    units, number = [], 0
    while len(units) < wanted:
        directorate = unit_create(
            organisation=trust, name=f"Bench directorate {number}", code=f"BD{number}", kind=UnitKind.DIRECTORATE
        )
        for ward in range(min(20, wanted - len(units))):
            units.append(
                unit_create(
                    organisation=trust,
                    name=f"Bench ward {number}.{ward}",
                    code=f"BW{number}-{ward}",
                    kind=UnitKind.WARD,
                    parent=directorate,
                )
            )
        number += 1
    return units


def build(args) -> dict:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from withus.accreditation.models import (
        Award,
        Decision,
        Programme,
        Rating,
        Review,
        ReviewStatus,
        Standard,
        TeamMember,
        Theme,
    )
    from withus.accreditation.services.standards import edition_create, edition_publish, standard_set_create
    from withus.demo.world import build_world
    from withus.learning.models import Completion, CourseCode

    call_command("migrate", verbosity=0)
    trust = build_world(with_sign_ins=True)["organisation"]
    rng = random.Random(SEED)
    today = timezone.localdate()
    programme = Programme.objects.get(organisation=trust)
    existing_units = Review.objects.filter(organisation=trust).values("unit").distinct().count()
    existing_reviews = Review.objects.filter(organisation=trust).count()
    with transaction.atomic():
        units = _units(trust, args.units - existing_units)
        per_unit = max(1, (args.reviews - existing_reviews) // len(units))
        reviews, decisions = [], []
        for unit in units:
            for index in range(per_unit):
                in_progress = index == per_unit - 1
                review = Review(
                    organisation=trust,
                    programme=programme,
                    unit=unit,
                    edition=programme.edition,
                    status=ReviewStatus.VISIT if in_progress else ReviewStatus.DECIDED,
                )
                reviews.append(review)
                if not in_progress:
                    decided_on = today - datetime.timedelta(days=400 * (per_unit - 1 - index) + rng.randint(0, 300))
                    award = rng.choice([Award.GOLD, Award.SILVER, Award.BRONZE, Award.NONE, Award.DEFERRED])
                    held = award in (Award.GOLD, Award.SILVER, Award.BRONZE)
                    decisions.append(
                        Decision(
                            review=review,
                            award=award,
                            computed_award=award,
                            rule_snapshot=programme.rule.snapshot(),
                            figures={},
                            chair_id=None,
                            decided_on=decided_on,
                            expires_on=decided_on + datetime.timedelta(days=1095) if held else None,
                            interim_due=decided_on + datetime.timedelta(days=548) if held else None,
                        )
                    )
        Review.objects.bulk_create(reviews)
        chair = (
            TeamMember.objects.filter(review__organisation=trust, is_lead=True).select_related("person").first().person
        )
        for decision in decisions:
            decision.review_id = decision.review.pk
            decision.chair = chair
        Decision.objects.bulk_create(decisions)

        # The big review: an edition of `standards` standards, `assessors` assessors who each rated every one.
        standard_set = standard_set_create(organisation=trust, name="Bench standards", actor=None)
        edition = edition_create(standard_set=standard_set, actor=None)
        themes = [Theme.objects.create(edition=edition, number=n + 1, title=f"Theme {n + 1}") for n in range(6)]
        Standard.objects.bulk_create(
            [
                Standard(
                    theme=themes[n % 6],
                    code=f"{n % 6 + 1}.{n // 6 + 1}",
                    text=f"I am asked what matters to me ({n + 1})",
                    type=1 + n % 3,
                    evidenced_by="talking",
                    position=n // 6,
                )
                for n in range(args.standards)
            ]
        )
        edition = edition_publish(edition=edition, effective_from=today, actor=None)
        big = Review.objects.create(
            organisation=trust,
            programme=programme,
            unit=units[0],
            edition=edition,
            status=ReviewStatus.PANEL,
            panel_rule_snapshot=programme.rule.snapshot(),
        )
        trained = [
            row["person_id"]
            for row in Completion.objects.holders_of(
                organisation_id=trust.pk, course_code=CourseCode.ACCREDITATION_ASSESSOR, on=today
            ).distinct()[: args.assessors]
        ]
        TeamMember.objects.bulk_create(
            [TeamMember(review=big, person_id=pk, is_lead=index == 0) for index, pk in enumerate(trained)]
        )
        standards = list(Standard.objects.filter(theme__edition=edition))
        values = ["met", "met", "met", "partly", "not_met"]
        ratings = [Rating(review=big, standard=s, source="self", value="met") for s in standards]
        ratings += [
            Rating(review=big, standard=s, source="assessor", assessor_id=pk, value=rng.choice(values))
            for s in standards
            for pk in trained
        ]
        Rating.objects.bulk_create(ratings)
    return {"review": big, "units": Review.objects.values("unit").distinct().count(), "reviews": Review.objects.count()}


def reused() -> dict:
    from withus.accreditation.models import Review

    big = Review.objects.get(edition__standard_set__name="Bench standards")
    return {"review": big, "units": Review.objects.values("unit").distinct().count(), "reviews": Review.objects.count()}


def time_urls(urls: dict[str, str], repeat: int, warmup: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from withus.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=ADMIN_EMAIL))
    results = []
    for name, url in urls.items():
        for _ in range(warmup):
            assert client.get(url).status_code == 200, url
        gc.freeze()  # as the WSGI entry point does once the app is loaded (withus/config/wsgi.py)
        times, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            # CPU time of this process: on a busy shared machine, what the request costs without the waiting.
            cpu.append(time.process_time() - started_cpu)
            assert response.status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        times.sort()
        results.append(
            {
                "name": name,
                "median": statistics.median(times),
                "cpu": statistics.median(cpu),
                "p95": times[max(0, round(0.95 * len(times)) - 1)],
                "queries": len(queries),
                "bytes": len(response.content),
            }
        )
    return results


def main() -> None:
    args = parse_args()
    if args.reuse:
        database = os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}")
    else:
        database = prepare_database()
    setup_django()
    from django.urls import reverse

    started = time.perf_counter()
    built = reused() if args.reuse else build(args)
    built_in = time.perf_counter() - started
    urls = {
        "programme": reverse("accreditation:programme"),
        "review": reverse("accreditation:review", args=[built["review"].pk]),
    }
    results = time_urls(urls, args.repeat, args.warmup)
    print(f"Database: {database} (built in {built_in:.1f} s)")
    print(f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(
        f"{built['units']} units with {built['reviews']:,} reviews; the review page: {args.standards} standards × "
        f"{args.assessors} assessors"
    )
    print(f"{'Page':<12} {'median':>9} {'p95':>9} {'CPU med':>9} {'queries':>8} {'KB':>7}  target")
    for row in results:
        verdict = f"< {TARGET * 1000:.0f} ms: {'met' if row['p95'] < TARGET else 'MISSED'}"
        print(
            f"{row['name']:<12} {row['median'] * 1000:8.1f}ms {row['p95'] * 1000:8.1f}ms {row['cpu'] * 1000:8.1f}ms "
            f"{row['queries']:>8} {row['bytes'] / 1024:7.0f}  {verdict}"
        )


if __name__ == "__main__":
    main()
